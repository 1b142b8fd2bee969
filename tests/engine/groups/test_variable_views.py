"""Variable views as Brian 2 scripts use them: write-through ``[:]``, in-place operators,
arithmetic with units, indexing errors, get_states/set_states, and fixed attributes."""

import importlib.util

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.monitors import PopulationRateMonitor, SpikeMonitor, StateMonitor
from engine.synapses import Synapses
from engine.units import DimensionMismatchError, Quantity, ms, mV, volt

MODEL = """
dv/dt = (1 - v)/tau : 1
tau : second
u : volt
s : 1 (shared)
double_u = 2*u : volt
"""


@pytest.fixture
def group():
    return NeuronGroup(5, MODEL, method="exact", name="cells")


@pytest.fixture
def synapses(group):
    S = Synapses(group, group, "D : second\nw : 1", name="links")
    S.connect(j="i")
    return S


# -- [:] writes through ------------------------------------------------------------------------


def test_whole_view_of_a_neuron_variable_is_its_array(group):
    group.u[:][[1, 3]] = 5 * mV
    group.u_[:][0] = 0.002
    assert list(group.u_[:]) == [0.002, 0.005, 0.0, 0.005, 0.0]


def test_values_set_through_a_whole_view_reach_the_simulation(group):
    # tau is 0 until set: the division by zero would make v NaN if only a copy changed
    group.tau[:][group.i[:] >= 0] = 10 * ms
    Network(group).run(1 * ms)
    # exact integration: v = 1 - exp(-t/tau), up to rounding of the update formula
    assert np.allclose(group.v_[:], 1 - np.exp(-0.1), rtol=1e-12)


def test_whole_view_of_a_synapse_variable_is_its_current_array(group, synapses):
    synapses.D[:][synapses.j[:] == 2] = 3 * ms
    assert list(synapses.D[:] / ms) == [0, 0, 3, 0, 0]
    synapses.connect(i=0, j=1)  # the arrays grow, perhaps into new storage
    synapses.D[:][-1] = 4 * ms
    assert list(synapses.D[:] / ms) == [0, 0, 3, 0, 0, 4]


def test_parts_subgroups_and_read_only_variables_give_copies(group, synapses):
    part = group.u[:3]
    part[0] = 1 * mV
    subgroup_values = group[1:3].u[:]
    subgroup_values[0] = 1 * mV
    post_values = synapses.u_post[:]
    post_values[0] = 1 * mV
    numbers = group.i[:]
    numbers += 10  # read-only: changing the copy must not renumber the group
    assert list(group.u_[:]) == [0.0] * 5
    assert list(group.i[:]) == [0, 1, 2, 3, 4]


def test_a_shared_variable_reads_as_one_number(group):
    group.s = 2
    assert group.s[:] == 2.0
    assert np.ndim(group.s[:]) == 0


# -- in-place operators and arithmetic ------------------------------------------------------------


def test_in_place_operators_change_the_model(group, synapses):
    group.u = "i*mV"
    group.u += 1 * mV
    group.u[:2] *= 2
    group.u_ -= 0.001
    view = group.u
    view /= 2  # a view kept in a variable writes back too
    group.s += 3
    group.s *= 2
    synapses.w = "i"
    synapses.w -= 0.5
    # millivolts are stored as volts (0.001 is not exact in binary): rounding only
    assert np.allclose(group.u_[:], [0.0005, 0.0015, 0.001, 0.0015, 0.002], rtol=1e-12)
    assert group.s[:] == 6.0
    assert list(synapses.w[:]) == [-0.5, 0.5, 1.5, 2.5, 3.5]


def test_in_place_operators_check_units_before_writing(group):
    group.u = 1 * mV
    with pytest.raises(DimensionMismatchError, match="units do not match"):
        group.u += 1
    with pytest.raises(TypeError, match="'i' of 'cells' is read-only"):
        group.i += 1
    assert list(group.u_[:]) == [0.001] * 5


def test_several_values_for_a_condition_are_refused(group):
    group.u = "i*mV"
    with pytest.raises(TypeError, match=r"single value or to a string.*cells.u\['i > 2'\]"):
        group.u["i > 2"] += 1 * mV
    group.u["i > 2"] = 7 * mV  # one value, or a string, is fine
    group.u["i > 3"] = "u + 1*mV"
    assert np.allclose(group.u_[:], [0, 0.001, 0.002, 0.007, 0.008], rtol=1e-12)  # mV as V


def test_arithmetic_keeps_and_checks_units(group):
    group.u = "(i + 1)*mV"
    # volts divided by mV again: exact up to the rounding of 0.001
    assert np.allclose((group.u * 2) / mV, [2, 4, 6, 8, 10], rtol=1e-12)
    assert np.allclose((1 * mV - group.u) / mV, [0, -1, -2, -3, -4], rtol=1e-12)
    assert np.allclose((np.ones(5) * group.u) / mV, [1, 2, 3, 4, 5], rtol=1e-12)
    assert isinstance(np.mean(group.u), Quantity)
    assert np.mean(group.u) == 3 * mV
    assert list(group.u > 2.5 * mV) == [False, False, True, True, True]
    with pytest.raises(DimensionMismatchError):
        group.u + 1
    with pytest.raises(DimensionMismatchError):
        1 - group.u
    with pytest.raises(DimensionMismatchError):
        group.u > 1  # noqa: B015


def test_views_describe_their_values(group):
    assert group.u.shape == (5,)
    assert group.u.ndim == 1
    assert group.u.dtype == np.float64
    assert group.u.unit == volt
    assert group.s.shape == (1,)
    group.s = 0.5
    assert repr(group.s) == "<cells.s: 0.5>"


# -- indexing errors -----------------------------------------------------------------------------


def test_indices_outside_the_group_are_index_errors(group):
    with pytest.raises(IndexError, match="Index 5 is out of range for 'cells' of size 5"):
        group.u[5]
    with pytest.raises(IndexError, match="out of range"):
        group.u[-6]
    with pytest.raises(IndexError, match="out of range"):
        group.u[[0, 7]] = 1 * mV
    assert group.u[-1] == 0 * mV  # negative indices count from the end, as in numpy
    assert len(group.u[3:10]) == 2  # slices are clipped, as in numpy


def test_float_indices_are_type_errors(group):
    with pytest.raises(TypeError, match="Cannot index 'cells' with 1.5: use integers"):
        group.u[1.5]


def test_a_shared_variable_cannot_be_indexed(group):
    for index in (0, [0], "i > 0", slice(0, 1)):
        with pytest.raises(IndexError, match=r"'s' of 'cells' is shared .* use cells.s\[:\]"):
            group.s[index]
    with pytest.raises(IndexError, match="'s' of 'cells' is shared"):
        group.s[0] = 1
    group.s[:] = 1
    assert group.s[:] == 1


# -- get_states and set_states --------------------------------------------------------------------


def test_get_states_lists_what_brian2_lists(group):
    states = group.get_states()
    assert sorted(states) == ["N", "dt", "i", "s", "t", "t_in_timesteps", "tau", "u", "v"]
    assert sorted(group.get_states(read_only_variables=False)) == ["s", "tau", "u", "v"]
    assert "double_u" in group.get_states(subexpressions=True)
    assert states["N"].shape == ()
    assert int(states["N"]) == 5
    assert states["t"].shape == ()
    assert states["t"].dim is ms.dim
    assert isinstance(states["u"], Quantity)
    assert not isinstance(group.get_states(units=False)["u"], Quantity)


def test_get_states_gives_copies(group):
    states = group.get_states(["u", "s"])
    states["u"][:] = 3 * mV
    states["s"][...] = 4
    assert list(group.u_[:]) == [0.0] * 5
    assert group.s[:] == 0


def test_set_states_round_trip(group):
    group.u = "i*mV"
    group.s = 2
    saved = group.get_states(read_only_variables=False)
    plain = group.get_states(["u"], units=False)
    group.u = 0 * mV
    group.s = 0
    group.set_states(saved)
    assert np.allclose(group.u_[:], np.arange(5) * 1e-3, rtol=1e-12)  # i*mV, rounded as V
    assert group.s[:] == 2
    group.set_states({"u": plain["u"] * 2}, units=False)
    assert np.allclose(group.u_[:], np.arange(5) * 2e-3, rtol=1e-12)


def test_set_states_refuses_unknown_read_only_and_wrong_units(group):
    with pytest.raises(KeyError, match="cells.set_states: 'cells' has no variable 'uu'"):
        group.set_states({"uu": 1 * mV})
    with pytest.raises(TypeError, match="'N' of 'cells' is read-only; leave it out"):
        group.set_states({"N": 5, "u": 1 * mV})
    with pytest.raises(DimensionMismatchError, match="should have unit V"):
        group.set_states({"u": [1, 2, 3, 4, 5]})
    with pytest.raises(KeyError, match="has no variable 'uu'. Did you mean 'u'"):
        group.get_states(["uu"])
    assert list(group.u_[:]) == [0.0] * 5  # nothing set by the refused calls


def test_state_is_the_view_of_a_named_variable(group):
    group.state("u")[:2] = 3 * mV
    assert list(group.state("u", use_units=False)[:] * 1000) == [3, 3, 0, 0, 0]
    with pytest.raises(KeyError, match="cells.state: 'cells' has no variable 'w'"):
        group.state("w")


def test_formats_other_than_dict_and_pandas_are_not_implemented(group):
    with pytest.raises(NotImplementedError, match="Format 'xml' is not supported.*'pandas'"):
        group.get_states(format="xml")


@pytest.mark.skipif(importlib.util.find_spec("pandas") is not None, reason="pandas installed")
def test_pandas_format_without_pandas_says_how_to_get_it(group):
    with pytest.raises(ImportError, match="needs pandas.*pip install pandas.*format='dict'"):
        group.get_states(format="pandas", units=False)


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_pandas_format_gives_a_data_frame(group):
    group.u = "i*mV"
    frame = group.get_states(["u", "i"], units=False, format="pandas")
    assert list(frame["i"]) == [0, 1, 2, 3, 4]
    group.set_states(frame[["u"]] * 2, units=False, format="pandas")
    assert np.allclose(group.u_[:], np.arange(5) * 2e-3, rtol=1e-12)  # i*mV, rounded as V
    with pytest.raises(NotImplementedError, match="units=False"):
        group.get_states(format="pandas")


def test_synapse_states_leave_the_delay_to_the_pathway():
    G = NeuronGroup(2, "x : 1", threshold="x > 1", name="spiking")
    S = Synapses(G, G, "w : 1", on_pre="x += w", delay=1 * ms, name="syn")
    S.connect(j="i")
    assert "delay" not in S.get_states()
    writable = ["w", "x", "x_post", "x_pre"]  # a synapse's own, and its neurons' as in Brian 2
    assert sorted(S.get_states(read_only_variables=False)) == writable
    pathway = S.pre.get_states(read_only_variables=False)
    assert sorted(pathway) == sorted([*writable, "delay"])
    assert pathway["delay"] == 1 * ms


def test_monitor_states_are_their_recordings(group):
    group.tau = 1 * ms
    state = StateMonitor(group, "u", record=[0, 2], name="trace")
    spikes = SpikeMonitor(NeuronGroup(2, "", threshold="True", name="always"), name="spikes")
    net = Network(group, state, spikes, spikes.source)
    net.run(0.3 * ms)
    recorded = state.get_states()
    assert sorted(recorded) == ["N", "t", "u"]
    assert int(recorded["N"]) == 3
    assert recorded["u"].shape == (3, 2)  # time x element, as stored
    assert sorted(spikes.get_states()) == ["N", "count", "i", "t"]
    assert int(spikes.get_states(["N"])["N"]) == 6
    assert state.get_states(read_only_variables=False) == {}
    with pytest.raises(TypeError, match="the recording 'u' of 'trace' is read-only"):
        state.set_states({"u": 1})
    with pytest.raises(KeyError, match="'trace' has no recording 'v'"):
        state.get_states(["v"])


def test_network_states_are_by_object_name(group, synapses):
    rate = PopulationRateMonitor(NeuronGroup(1, "", threshold="False", name="quiet"), name="rate")
    net = Network(group, synapses, rate, rate.source)
    states = net.get_states(read_only_variables=False)
    assert sorted(states) == ["cells", "links", "quiet", "rate"]
    states["cells"]["u"] = [1, 2, 3, 4, 5] * mV
    net.set_states({"cells": states["cells"]})
    assert list(group.u[:] / mV) == [1, 2, 3, 4, 5]
    with pytest.raises(KeyError, match="the network '.*' has no object 'nobody'"):
        net.set_states({"nobody": {}})


# -- attributes -----------------------------------------------------------------------------------


def test_new_attributes_need_add_attribute(group):
    with pytest.raises(AttributeError, match=r"call cells.add_attribute\('note'\) first"):
        group.note = "hello"
    group.add_attribute("note")
    group.note = "hello"
    assert group.note == "hello"
    with pytest.raises(AttributeError, match="'note' to 'cells': it already has an attribute"):
        group.add_attribute("note")
    with pytest.raises(AttributeError, match="'u' to 'cells': it is already one of its variables"):
        group.add_attribute("u")


def test_monitors_need_add_attribute_too(group):
    monitor = StateMonitor(group, "u", record=True, name="watch")
    with pytest.raises(AttributeError, match=r"'watch' has no variable 'label'.*add_attribute"):
        monitor.label = "membrane"
    monitor.add_attribute("label")
    monitor.label = "membrane"
    assert monitor.label == "membrane"
    monitor.active = False  # existing attributes can still be set
    assert not monitor.active
