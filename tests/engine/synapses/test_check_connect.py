"""Synapses.check_connect: the checks of connect, without creating synapses."""

import numpy as np
import pytest

from engine import rng
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.synapses import Synapses


@pytest.fixture
def synapses():
    source = NeuronGroup(4, "x : 1", threshold="x > 1")
    target = NeuronGroup(3, "y : 1")
    return Synapses(source, target, "w : 1", on_pre="y_post += w")


WRONG = {
    "condition not a condition": ({"condition": "i + j"}, ModelError),
    "unknown name in the condition": ({"condition": "i != k"}, ModelError),
    "condition with a unit mismatch": ({"condition": "x_pre > 1*ms"}, ModelError),
    "synaptic variable in the condition": ({"condition": "w > 0"}, ModelError),
    "probability with a unit": ({"condition": "i != j", "p": "j*ms"}, ModelError),
    "condition and indices": ({"condition": "i != j", "i": [0], "j": [1]}, ValueError),
    "index outside the source": ({"i": [0, 4], "j": [0, 1]}, IndexError),
    "index outside the target": ({"i": [0, 1], "j": [0, 3]}, IndexError),
    "indices with an expression for p": ({"i": [0], "j": [1], "p": "0.5"}, TypeError),
    "generator syntax": ({"j": "k for k in rang(3)"}, ModelError),
    "generator with p": ({"j": "k for k in range(3)", "p": 0.5}, ValueError),
    "generator with a non-integer bound": ({"j": "k for k in range(i*0.5)"}, ModelError),
    "n not an integer expression": ({"condition": "True", "n": "x_pre"}, ModelError),
    "p of a wrong type": ({"p": [0.5]}, TypeError),
}


@pytest.mark.parametrize(("arguments", "error"), WRONG.values(), ids=WRONG)
def test_check_connect_refuses_what_connect_refuses(synapses, arguments, error):
    with pytest.raises(error):
        synapses.check_connect(**arguments, namespace={})
    with pytest.raises(error):
        synapses.connect(**arguments, namespace={})


RIGHT = [
    {},
    {"condition": "i != j", "p": 0.5},
    {"condition": "x_pre > y_post", "p": "exp(-abs(i - j))", "n": 2},
    {"i": [0, 3], "j": [2, 0]},
    {"j": "k for k in range(i - 1, i + 2) if k != i", "skip_if_invalid": True},
    {"i": "j"},
    {"condition": False},
]


@pytest.mark.parametrize("arguments", RIGHT)
def test_check_connect_accepts_valid_calls_and_creates_nothing(synapses, arguments):
    rng.seed(1)
    before = rng.generator().random()
    rng.seed(1)
    synapses.check_connect(**arguments, namespace={})
    assert len(synapses) == 0
    assert rng.generator().random() == before  # no random number drawn
    assert not np.any(synapses.N_incoming_post)
