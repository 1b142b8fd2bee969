"""Monitors record what Brian 2's record: spikes and events, states, population rates."""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.monitors import EventMonitor, PopulationRateMonitor, SpikeMonitor, StateMonitor
from engine.units import DimensionMismatchError, Hz, ms, mV, second


def regular_group(n=4):
    # neuron k fires every (k+1) ms: v rises by 1/(k+1) per ms, threshold at 1
    return NeuronGroup(
        n,
        "dv/dt = 1/((i + 1)*ms) : 1",
        threshold="v > 1 - 1e-9",
        reset="v = 0",
        method="euler",
        name="regular",
    )


def test_spike_monitor_records_indices_times_and_counts():
    group = regular_group()
    monitor = SpikeMonitor(group)
    Network(group, monitor).run(12 * ms)
    assert monitor.count.tolist() == [12, 6, 4, 3]
    assert monitor.num_spikes == len(monitor) == 25
    assert monitor.t.dim is second.dim
    trains = monitor.spike_trains()
    assert np.allclose(trains[3] / ms, [3.9, 7.9, 11.9])
    i, t = monitor.it
    assert np.array_equal(i, monitor.i)
    assert np.array_equal(t, monitor.t)
    assert np.all(np.diff(monitor.t_) >= 0)  # in time order


def test_spike_monitor_records_values_at_the_spikes():
    group = NeuronGroup(
        2, "dv/dt = 1/ms : 1\nw : volt", threshold="v > 1", reset="v = 0", method="euler"
    )
    group.w = [1, 2] * mV
    monitor = SpikeMonitor(group, variables=["v", "w"])
    Network(group, monitor).run(5 * ms)
    assert np.all(monitor.v > 1)  # recorded right after the threshold test, before the reset
    assert np.all(monitor.w[monitor.i == 1] == 2 * mV)
    assert set(monitor.values("w")) == {0, 1}
    assert set(monitor.all_values()) == {"t", "v", "w"}
    with pytest.raises(KeyError, match="'u' to record"):
        SpikeMonitor(group, variables="u")


def test_naming_the_index_the_time_or_a_variable_twice_records_them_once():
    # As in Brian 2: i and t are always recorded.
    group = regular_group()
    monitor = SpikeMonitor(group, variables=["i", "t", "v", "v"])
    Network(group, monitor).run(3 * ms)
    assert monitor.record_variables == ["v"]
    assert monitor.count.tolist() == [3, 1, 1, 0]
    assert set(monitor.all_values()) == {"t", "v"}


def test_a_monitor_that_only_counts():
    group = regular_group()
    monitor = SpikeMonitor(group, record=False)
    Network(group, monitor).run(12 * ms)
    assert monitor.count.tolist() == [12, 6, 4, 3]
    assert len(monitor.i) == 0
    assert monitor.num_spikes == 25


def test_live_displays_read_what_is_new():
    group = regular_group()
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(6 * ms)
    first = monitor.data_since(0)
    net.run(6 * ms)
    second_part = monitor.data_since(len(first["i"]))
    assert len(first["i"]) + len(second_part["i"]) == monitor.num_spikes
    assert np.all(second_part["t_"] >= 6e-3)


def test_state_monitor_samples_at_the_start_of_each_step():
    group = NeuronGroup(3, "dv/dt = 1/ms : 1", method="euler")
    monitor = StateMonitor(group, "v", record=[0, 2])
    Network(group, monitor).run(1 * ms)
    assert monitor.v.shape == (2, 10)
    assert np.allclose(monitor.t / ms, np.arange(10) * 0.1)
    assert monitor.v[0][0] == 0  # the initial value; the final one is not recorded
    assert np.allclose(monitor[2].v, np.arange(10) * 0.1)
    monitor.record_single_timestep()
    assert monitor.v.shape == (2, 11)
    assert monitor.v[0][-1] == pytest.approx(1.0)
    with pytest.raises(IndexError, match="not recorded"):
        monitor[1]


def test_state_monitor_options():
    group = NeuronGroup(2, "dv/dt = mV/ms : volt\nI = v/(10*ms) : volt/second\nu : 1")
    every_ms = StateMonitor(group, ["v", "I"], record=True, dt=1 * ms)
    everything = StateMonitor(group, True, record=0)
    Network(group, every_ms, everything).run(5 * ms)
    assert np.allclose(every_ms.t / ms, [0, 1, 2, 3, 4])
    assert every_ms.I.shape == (2, 5)
    assert np.allclose(every_ms.I_[:, 1:] * 10e-3, every_ms.v_[:, 1:])  # subexpressions too
    # True records every name the equations define, subexpressions included (as Brian 2).
    assert everything.record_variables == ["I", "v", "u"]
    assert every_ms.v.dim is mV.dim


def test_monitors_after_thresholds_see_the_value_that_crossed():
    group = NeuronGroup(1, "dv/dt = 1/ms : 1", threshold="v > 0.25", reset="v = 0", method="euler")
    start = StateMonitor(group, "v", record=0)
    after = StateMonitor(group, "v", record=0, when="after_thresholds")
    Network(group, start, after).run(1 * ms)
    assert start.v[0].max() < 0.25 + 1e-9
    assert after.v[0].max() > 0.25


def test_population_rate_is_spikes_per_neuron_per_time_step():
    group = NeuronGroup(4, "v : 1", threshold="i < 2", name="half_firing")
    monitor = PopulationRateMonitor(group)
    Network(group, monitor).run(1 * ms)
    assert np.allclose(monitor.rate / Hz, 5000)  # 2 of 4 neurons each 0.1 ms step
    assert len(monitor.t) == 10


def test_population_rate_of_a_subgroup():
    group = NeuronGroup(4, "v : 1", threshold="i < 2")
    monitor = PopulationRateMonitor(group[1:3])
    Network(group, monitor).run(0.5 * ms)
    assert np.allclose(monitor.rate / Hz, 5000)


def test_smoothed_rates():
    group = NeuronGroup(1, "v : 1", threshold="t > 4.95*ms and t < 5.05*ms")  # once, at 5 ms
    monitor = PopulationRateMonitor(group)
    Network(group, monitor).run(10 * ms)
    flat = monitor.smooth_rate("flat", 1 * ms)
    assert len(flat) == len(monitor.rate)
    assert float(np.sum(flat) * 0.1e-3) == pytest.approx(1.0)  # one spike in total
    gaussian = monitor.smooth_rate("gaussian", 0.5 * ms)
    assert float(np.sum(gaussian) * 0.1e-3) == pytest.approx(1.0, rel=1e-3)
    assert np.argmax(gaussian) == 50
    custom = monitor.smooth_rate(np.ones(3))
    assert custom.max() == pytest.approx(10000 / 3)
    with pytest.raises(TypeError, match="odd length"):
        monitor.smooth_rate(np.ones(4))
    with pytest.raises(DimensionMismatchError):
        monitor.smooth_rate("flat", 1)


def test_event_monitor_records_custom_events():
    group = NeuronGroup(2, "dv/dt = 1/ms : 1", events={"high": "v > 0.5"}, method="euler")
    monitor = EventMonitor(group, "high", variables="v")
    Network(group, monitor).run(1 * ms)
    assert monitor.num_events == 2 * 5
    assert set(monitor.event_trains()) == {0, 1}
    assert np.all(monitor.v > 0.5)
    with pytest.raises(ValueError, match="no event called 'low'"):
        EventMonitor(group, "low")
