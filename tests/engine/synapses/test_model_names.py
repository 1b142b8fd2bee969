"""Names in a Synapses model: clashes with the neurons', ``_pre``/``_post`` suffixes, flags,
and the deprecated ``pre=``/``post=`` keywords."""

import pytest

from engine.core import Network
from engine.equations.name_rules import SharedSubexpressionError
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.synapses import Synapses
from engine.synapses.synapses import DeprecatedKeywordWarning
from engine.units import ms


def groups():
    source = NeuronGroup(4, "v : 1\nx : 1", threshold="True", reset="", name="src*")
    target = NeuronGroup(10, "v : 1\ny : 1", name="tgt*")
    return source, target


@pytest.mark.parametrize(
    ("model", "side", "name"),
    [
        ("v : 1", "presynaptic", "v"),  # both groups have v: the source is checked first
        ("x : 1", "presynaptic", "x"),
        ("dy/dt = -y/ms : 1 (clock-driven)", "postsynaptic", "y"),
    ],
)
def test_a_synaptic_variable_named_like_a_neurons_variable_is_a_value_error(model, side, name):
    source, target = groups()
    with pytest.raises(ValueError, match=f"{side} variable '{name}'.*'{name}_syn'"):
        Synapses(source, target, model)


@pytest.mark.parametrize(
    "model",
    ["w_pre : 1", "w_post : 1", "dw_post/dt = -w_post/ms : 1 (clock-driven)", "u_pre = 2 : 1"],
)
def test_names_ending_in_pre_or_post_are_refused(model):
    source, target = groups()
    with pytest.raises(ValueError, match="'_pre' and '_post' suffixes") as caught:
        Synapses(source, target, model)
    assert isinstance(caught.value, ModelError)
    assert caught.value.argument == "model"


@pytest.mark.parametrize(
    "model", ["w : 1\ns = w + 1 : 1 (shared)", "s = v_post + 1 : 1 (shared)", "s = i : 1 (shared)"]
)
def test_a_shared_subexpression_of_non_shared_variables_is_a_syntax_error(model):
    source, target = groups()
    with pytest.raises(SyntaxError, match="shared subexpression 's'.*non-shared") as caught:
        Synapses(source, target, model)
    assert isinstance(caught.value, SharedSubexpressionError)


def test_a_shared_subexpression_of_shared_values_is_fine():
    source, target = groups()
    synapses = Synapses(source, target, "w : 1 (shared)\ns = 2*w + N_pre : 1 (shared)")
    synapses.connect()
    synapses.w = 3
    assert float(synapses.s[:]) == 10  # N_pre (4 neurons) is one value too


def test_the_deprecated_pre_and_post_keywords_act_as_on_pre_and_on_post():
    source = NeuronGroup(2, "v : 1", threshold="True", reset="", name="src*")
    target = NeuronGroup(2, "v : 1", threshold="True", reset="", name="tgt*")
    with pytest.warns(DeprecatedKeywordWarning) as caught:
        synapses = Synapses(source, target, pre="v_post += 1", post="v_pre += 10")
    assert [str(w.message) for w in caught] == [
        "The 'pre' keyword of Synapses is deprecated: write on_pre=... instead",
        "The 'post' keyword of Synapses is deprecated: write on_post=... instead",
    ]
    assert caught[0].filename == __file__  # the warning points at the script's line
    synapses.connect(j="i")
    Network(source, target, synapses).run(0.1 * ms)
    assert target.v[:].tolist() == [1, 1]
    assert source.v[:].tolist() == [10, 10]


def test_pre_and_on_pre_together_are_a_type_error():
    source, target = groups()
    with pytest.raises(TypeError, match="both 'pre' and 'on_pre'"):
        Synapses(source, target, pre="y_post += 1", on_pre="y_post += 2")


def test_pathways_named_in_the_deprecated_keyword():
    source, target = groups()
    with pytest.warns(DeprecatedKeywordWarning):
        synapses = Synapses(source, target, pre={"fast": "y_post += 1"})
    assert synapses.fast.prepost == "pre"
