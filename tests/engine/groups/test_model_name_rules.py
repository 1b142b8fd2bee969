"""A NeuronGroup refuses the names and flags Brian 2 refuses in any model (as Synapses do)."""

import pytest

from engine.equations.name_rules import SharedSubexpressionError
from engine.errors import ModelError
from engine.groups import NeuronGroup


@pytest.mark.parametrize("name", ["x_pre", "I_post"])
def test_a_variable_named_like_a_synaptic_reference_is_a_value_error(name):
    with pytest.raises(ValueError, match=f"'{name}' cannot be used as a variable name") as caught:
        NeuronGroup(2, f"{name} : 1")
    assert isinstance(caught.value, ModelError)
    assert (caught.value.variable, caught.value.argument) == (name, "model")


def test_a_shared_subexpression_of_a_per_neuron_variable_is_a_syntax_error():
    with pytest.raises(SyntaxError, match="refers to the non-shared variable 'v'") as caught:
        NeuronGroup(2, "v : 1\ns = 2*v : 1 (shared)")
    assert isinstance(caught.value, SharedSubexpressionError)
    assert caught.value.variable == "s"


def test_a_shared_subexpression_of_shared_values_is_fine():
    group = NeuronGroup(2, "v : 1 (shared)\ns = 2*v : 1 (shared)")
    group.v = 3
    assert float(group.s[:]) == 6  # float(group.s) is a TypeError, as in Brian 2
