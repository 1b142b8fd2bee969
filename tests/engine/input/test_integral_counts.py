"""Sizes given as integral floats (``N=1e4``) count as integers, as in Brian 2.

Brian 2 scripts often compute sizes (``N = 0.8*N_total``) or write them as ``1e4``; an
integral float is accepted wherever an integer count is. A count that is not a whole number is
refused with the value in the message (Brian 2 truncates it in some objects and refuses it in
others: the engine does not guess).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    BrianObjectException,
    Hz,
    NeuronGroup,
    PoissonGroup,
    PoissonInput,
    SpikeGeneratorGroup,
    ms,
    second,
)
from engine.core.sizes import as_count

GROUPS = {
    "NeuronGroup": lambda n: NeuronGroup(n, "v : 1"),
    "PoissonGroup": lambda n: PoissonGroup(n, 10 * Hz),
    "SpikeGeneratorGroup": lambda n: SpikeGeneratorGroup(n, [0, 1], [1, 2] * ms),
    "PoissonInput": lambda n: PoissonInput(NeuronGroup(1, "v : 1"), "v", n, 1 * Hz, 1),
}


@pytest.mark.parametrize("kind", list(GROUPS))
@pytest.mark.parametrize("size", [5.0, np.float64(5), np.float32(5), 5 * Hz * second])
def test_an_integral_float_is_a_size(kind, size):
    obj = GROUPS[kind](size)
    assert obj.N == 5
    assert type(obj.N) is int


def test_a_group_of_1e4_neurons_has_1e4_neurons():
    group = NeuronGroup(1e4, "v : 1")
    assert group.N == 10000
    assert len(group.v[:]) == 10000


@pytest.mark.parametrize("kind", list(GROUPS))
@pytest.mark.parametrize("size", [5.5, float("nan"), float("inf")])
def test_a_size_that_is_not_a_whole_number_is_refused(kind, size):
    with pytest.raises(BrianObjectException) as caught:
        GROUPS[kind](size)
    assert caught.value.argument == "N"
    assert f"not {size!r}" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "count"),
    [(3.0, 3), (np.float64(1e4), 10000), (-2.0, -2), (7, 7), (2.5, 2.5), ("4", "4"), (True, True)],
)
def test_as_count_turns_integral_floats_only_into_ints(value, count):
    result = as_count(value)
    assert result == count
    assert type(result) is type(count)
