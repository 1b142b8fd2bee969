"""Reading and writing state variables: G.v, G.v_, indices, strings, units, errors."""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.rng import seed
from engine.units import DimensionMismatchError, Quantity, ms, mV, volt

MODEL = """
dv/dt = (El - v)/tau : volt
El : volt
I = (v - El)/(10*ms) : volt/second
gain : 1 (shared)
k : 1 (constant)
"""


@pytest.fixture
def group():
    return NeuronGroup(5, MODEL, namespace={"tau": 10 * ms}, name="cells")


def test_values_come_with_units_or_without(group):
    group.v = -70 * mV
    assert isinstance(group.v[:], Quantity)
    assert np.all(group.v[:] == -70 * mV)
    assert np.allclose(group.v_[:], -0.07)
    assert group.v[0] == -70 * mV
    assert len(group.v) == 5
    assert repr(group.v) == "<cells.v: array([-70., -70., -70., -70., -70.]) * mvolt>"


def test_indexing_by_position_slice_array_mask_and_condition(group):
    group.v = [-70, -65, -60, -55, -50] * mV
    assert np.all(group.v[1:3] == [-65, -60] * mV)
    assert np.all(group.v[[0, 4]] == [-70, -50] * mV)
    assert np.all(group.v[np.array([True, False, False, False, True])] == [-70, -50] * mV)
    assert np.all(group.v["v > -58*mV"] == [-55, -50] * mV)
    assert group.v[-1] == -50 * mV
    with pytest.raises(IndexError, match="out of range"):
        group.v[5]


def test_assigning_to_parts(group):
    group.v = 0 * mV
    group.v[2:] = -60 * mV
    group.v["i == 0"] = -80 * mV
    assert np.all(group.v[:] == [-80, 0, -60, -60, -60] * mV)


def test_string_values_are_evaluated_for_every_element(group):
    offset = 2 * mV  # noqa: F841  (read from this frame by the string below)
    group.v = "-70*mV + i*offset"
    assert np.allclose(group.v_[:], (-70 + 2 * np.arange(5)) * 1e-3)
    group.El = "v - 1*mV"
    assert np.allclose(group.El_[:] - group.v_[:], -1e-3)
    group.v["i >= 3"] = "El"
    assert np.allclose(group.v_[3:], group.El_[3:])


def test_random_values_are_reproducible_with_a_seed(group):
    seed(7)
    group.v = "rand()*mV"
    first = group.v_[:].copy()
    seed(7)
    group.v = "rand()*mV"
    assert np.array_equal(group.v_[:], first)
    assert len(set(first)) == 5


def test_subexpressions_can_be_read(group):
    group.v = -60 * mV
    group.El = -70 * mV
    assert np.allclose(group.I_[:], 1.0)  # 10 mV / 10 ms = 1 V/s


def test_wrong_units_are_refused_with_both_units_named(group):
    with pytest.raises(DimensionMismatchError, match="should have unit V, but has unit s"):
        group.v = 3 * ms
    with pytest.raises(DimensionMismatchError, match="should have unit V, but has unit 1"):
        group.v = 3
    group.v = 0  # zero fits every unit, as in Brian 2
    with pytest.raises(Exception, match="has unit s, but V is expected"):
        group.v = "3*ms"


def test_read_only_variables_are_protected(group):
    with pytest.raises(TypeError, match="'i' of 'cells' is read-only"):
        group.i = 3
    with pytest.raises(TypeError, match="read-only"):
        group.I = 1 * volt / ms


def test_shared_variables_hold_one_value(group):
    group.gain = 2.5
    assert group.gain[:] == 2.5
    with pytest.raises(IndexError, match="shared"):
        group.gain[1] = 3
    with pytest.raises(ValueError, match="single shared value"):
        group.gain = [1, 2]


def test_typos_in_attribute_names_are_caught(group):
    with pytest.raises(AttributeError, match="has no variable 'vv'.*Did you mean 'v'"):
        group.vv = 3 * mV
    with pytest.raises(AttributeError, match="Did you mean 'El'"):
        group.El_x  # noqa: B018


def test_unknown_names_in_string_values_are_reported(group):
    with pytest.raises(Exception, match="'offsett'"):
        group.v = "offsett*mV"


def test_constant_parameters_cannot_change_during_a_run():
    group = NeuronGroup(1, "k : 1 (constant)", threshold="True", reset="k = 2")
    with pytest.raises(Exception, match="'k' cannot be assigned to in the reset.*constant"):
        Network(group).run(0.1 * ms)


def test_get_and_set_states(group):
    group.set_states({"v": [1, 2, 3, 4, 5] * mV, "El": -70 * mV})
    states = group.get_states(["v", "El"])
    assert np.all(states["v"] == [1, 2, 3, 4, 5] * mV)
    assert np.all(states["El"] == -70 * mV)
    assert {"v", "El", "gain", "k"} <= set(group.get_states())
