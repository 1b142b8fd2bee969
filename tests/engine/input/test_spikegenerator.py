"""SpikeGeneratorGroup: spikes at given times, rounded to steps, repeated, replaced, restored."""

import logging

import numpy as np
import pytest

from engine.core import EngineError, Network, defaultclock, run, store
from engine.core import restore as restore_network
from engine.input import SpikeGeneratorGroup
from engine.monitors import PopulationRateMonitor, SpikeMonitor
from engine.units import DimensionMismatchError, kHz, ms, mV, second


def recorded(group, *durations, monitor=None, net=None):
    """Run for each duration; return (i, t in ms) of everything the monitor recorded."""
    monitor = monitor or SpikeMonitor(group)
    net = net or Network(group, monitor)
    for duration in durations:
        net.run(duration)
    return monitor.i.tolist(), np.round(monitor.t / ms, 9).tolist()


def test_neurons_spike_at_the_given_times():
    group = SpikeGeneratorGroup(3, [0, 2, 1], [1, 2, 3] * ms)
    assert recorded(group, 5 * ms) == ([0, 2, 1], [1.0, 2.0, 3.0])


def test_times_are_rounded_down_to_their_step_with_a_thousandth_of_a_step_of_grace():
    # A step contains [k*dt, (k+1)*dt); a time within dt/1000 below a boundary counts as on it
    # (floating point: 0.3 ms is 0.29999999999999999 ms), as in Brian 2.
    times = [1.04, 1.0998, 1.09995, 0.2999999, 3 * 0.1] * ms
    group = SpikeGeneratorGroup(5, [0, 1, 2, 3, 4], times)
    indices, spike_times = recorded(group, 2 * ms)
    assert dict(zip(indices, spike_times, strict=True)) == {
        0: 1.0,
        1: 1.0,
        2: 1.1,
        3: 0.3,
        4: 0.3,
    }


def test_spikes_of_one_step_are_emitted_in_increasing_neuron_order():
    group = SpikeGeneratorGroup(4, [3, 1, 2, 0], [1.0, 1.05, 1.01, 2] * ms)
    assert recorded(group, 3 * ms) == ([1, 2, 3, 0], [1.0, 1.0, 1.0, 2.0])


def test_spikes_repeat_with_the_period():
    group = SpikeGeneratorGroup(2, [0, 1], [0, 1.5] * ms, period=2 * ms)
    assert recorded(group, 7 * ms) == ([0, 1, 0, 1, 0, 1, 0], [0, 1.5, 2, 3.5, 4, 5.5, 6])
    assert group.period == 2 * ms


def test_a_period_continues_over_several_runs():
    one = SpikeGeneratorGroup(2, [0, 1], [0.3, 1.2] * ms, period=1.5 * ms)
    pieces = SpikeGeneratorGroup(2, [0, 1], [0.3, 1.2] * ms, period=1.5 * ms)
    assert recorded(one, 10 * ms) == recorded(pieces, 2.2 * ms, 3.5 * ms, 4.3 * ms)


def test_continued_runs_emit_each_spike_once():
    times = np.arange(0, 10, 0.7) * ms
    one = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
    pieces = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
    whole = recorded(one, 10 * ms)
    assert recorded(pieces, 3 * ms, 0.1 * ms, 6.9 * ms) == whole
    assert len(whole[0]) == len(times)


def test_set_spikes_replaces_the_spikes_between_runs():
    group = SpikeGeneratorGroup(3, [0, 1], [1, 2] * ms)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(5 * ms)
    group.set_spikes([2, 0], [6, 7] * ms)
    net.run(5 * ms)
    assert recorded(group, monitor=monitor, net=net) == ([0, 1, 2, 0], [1, 2, 6, 7])
    assert np.array_equal(group.neuron_index, [2, 0])
    assert np.array_equal(group.spike_time, [6, 7] * ms)


def test_set_spikes_can_replay_recorded_spikes_later():
    group = SpikeGeneratorGroup(2, [0, 1, 1], [0.5, 1, 2.5] * ms)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(3 * ms)
    group.set_spikes(monitor.i, monitor.t + 3 * ms)
    net.run(6 * ms)
    i, t = recorded(group, monitor=monitor, net=net)
    assert t == [0.5, 1, 2.5, 3.5, 4, 5.5]
    assert i == [0, 1, 1] * 2


def test_spikes_before_the_start_of_a_run_are_ignored_with_a_warning(caplog):
    group = SpikeGeneratorGroup(2, [0], [1] * ms)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(5 * ms)
    group.set_spikes([0, 1, 1], [2, 5, 6] * ms)
    with caplog.at_level(logging.WARNING, logger="engine.input"):
        net.run(5 * ms)
    assert "1 spike time(s) before the start of the run" in caplog.text
    assert recorded(group, monitor=monitor, net=net) == ([0, 1, 1], [1, 5, 6])


def test_a_new_dt_between_runs_puts_later_spikes_into_the_new_steps():
    group = SpikeGeneratorGroup(2, [0, 0, 1], [1.04, 6.02, 6.07] * ms)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(5 * ms)
    defaultclock.dt = 0.05 * ms
    net.run(5 * ms)
    assert recorded(group, monitor=monitor, net=net) == ([0, 0, 1], [1.0, 6.0, 6.05])


def test_a_new_dt_that_puts_two_spikes_of_a_neuron_into_one_step_is_refused():
    group = SpikeGeneratorGroup(2, [1, 1], [6.02, 6.06] * ms, dt=0.05 * ms)
    net = Network(group)
    net.run(5 * ms)  # 6.02 ms and 6.06 ms are different steps of 0.05 ms
    group.clock.dt = 0.1 * ms
    with pytest.raises(EngineError, match=r"Neuron 1 spikes more than once in the time step"):
        net.run(5 * ms)


def test_store_and_restore_bring_back_the_position_in_the_spike_list(tmp_path):
    times = np.arange(0.5, 10, 1.0) * ms
    group = SpikeGeneratorGroup(2, np.arange(len(times)) % 2, times)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(4 * ms)
    net.store("middle")
    net.store("middle", filename=str(tmp_path / "state.h5"))
    net.run(6 * ms)
    whole = recorded(group, monitor=monitor, net=net)
    for filename in (None, str(tmp_path / "state.h5")):
        net.restore("middle", filename=filename)
        assert monitor.num_spikes == 4
        net.run(6 * ms)
        assert recorded(group, monitor=monitor, net=net) == whole


def test_restore_brings_back_spikes_replaced_after_the_store():
    group = SpikeGeneratorGroup(2, [0, 1], [1, 2] * ms, period=3 * ms)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.store()
    net.run(6 * ms)
    first = recorded(group, monitor=monitor, net=net)
    group.set_spikes([1], [0.5] * ms)
    net.restore()
    assert group.period == 3 * ms
    net.run(6 * ms)
    assert recorded(group, monitor=monitor, net=net) == first == ([0, 1, 0, 1], [1, 2, 4, 5])


def test_the_magic_run_and_store_include_it():
    group = SpikeGeneratorGroup(1, [0, 0], [1, 3] * ms)
    monitor = SpikeMonitor(group)
    run(2 * ms)
    store()
    run(2 * ms)
    restore_network()
    run(2 * ms)
    assert recorded(group, monitor=monitor, net=Network()) == ([0, 0], [1, 3])


def test_subgroups_and_population_rates():
    group = SpikeGeneratorGroup(4, [0, 1, 2, 3, 2], [0, 0, 0, 0, 0.1] * ms)
    part = group[2:4]
    monitor = SpikeMonitor(part)
    rates = PopulationRateMonitor(group)
    Network(group, monitor, rates).run(0.3 * ms)
    assert recorded(part, monitor=monitor, net=Network()) == ([0, 1, 0], [0, 0, 0.1])
    assert np.allclose(rates.rate / kHz, [10, 2.5, 0])  # 4 and 1 of 4 neurons per 0.1 ms


def test_the_monitor_follows_the_slot_of_the_group():
    group = SpikeGeneratorGroup(1, [0], [0] * ms, when="end", order=2)
    monitor = SpikeMonitor(group)
    assert (monitor.when, monitor.order) == ("end", 3)
    assert recorded(group, 1 * ms, monitor=monitor) == ([0], [0])
    assert len(group.spikes) == 0  # none left behind after the run


def test_no_spikes_at_all():
    group = SpikeGeneratorGroup(2, [], [] * ms)
    assert recorded(group, 1 * ms) == ([], [])
    assert "0 spikes" in repr(group)


def test_many_spikes_sorted_or_not_give_the_same_result():
    generator = np.random.default_rng(0)
    steps = generator.choice(20000, size=5000, replace=False)
    indices = generator.integers(0, 100, size=5000)
    order = np.argsort(steps)
    unsorted = SpikeGeneratorGroup(100, indices, steps * 0.1 * ms)
    presorted = SpikeGeneratorGroup(100, indices[order], steps[order] * 0.1 * ms, sorted=True)
    first = recorded(unsorted, 2 * second)
    assert first == recorded(presorted, 2 * second)
    assert len(first[0]) == 5000


# -- errors -------------------------------------------------------------------------------------


def test_indices_and_times_must_match_in_length():
    with pytest.raises(EngineError, match="same length, but there are 2 indices and 1 times"):
        SpikeGeneratorGroup(3, [0, 1], [1] * ms)


def test_times_must_be_non_negative_times():
    with pytest.raises(DimensionMismatchError, match="spike times of .* must be times"):
        SpikeGeneratorGroup(3, [0, 1], [1, 2])
    with pytest.raises(EngineError, match=r"Spike times cannot be negative \(the earliest is"):
        SpikeGeneratorGroup(3, [0, 1], [-1, 2] * ms)
    with pytest.raises(EngineError, match="must be finite"):
        SpikeGeneratorGroup(3, [0], [np.inf] * ms)


def test_indices_must_be_neurons_of_the_group():
    with pytest.raises(EngineError, match=r"must lie in \[0, 3\) .* but include 3"):
        SpikeGeneratorGroup(3, [0, 3], [1, 2] * ms)
    with pytest.raises(EngineError, match="but include -1"):
        SpikeGeneratorGroup(3, [-1], [1] * ms)
    with pytest.raises(EngineError, match="must be integers"):
        SpikeGeneratorGroup(3, [0.5], [1] * ms)
    with pytest.raises(DimensionMismatchError, match="indices .* without units"):
        SpikeGeneratorGroup(3, [1] * mV, [1] * ms)
    with pytest.raises(EngineError, match="one-dimensional"):
        SpikeGeneratorGroup(3, [[0]], [[1]] * ms)
    with pytest.raises(EngineError, match="positive integer"):
        SpikeGeneratorGroup(0, [], [] * ms)


def test_the_period_must_be_a_time_longer_than_the_last_spike():
    with pytest.raises(EngineError, match="period cannot be negative"):
        SpikeGeneratorGroup(1, [0], [1] * ms, period=-1 * ms)
    with pytest.raises(DimensionMismatchError, match="period of .* must be a time"):
        SpikeGeneratorGroup(1, [0], [1] * ms, period=5)
    with pytest.raises(EngineError, match=r"must be longer than the last spike time \(2. ms\)"):
        SpikeGeneratorGroup(1, [0], [2] * ms, period=2 * ms)
    group = SpikeGeneratorGroup(1, [0], [1] * ms)
    with pytest.raises(EngineError, match="must be longer than the last spike"):
        group.set_spikes([0], [5] * ms, period=3 * ms)


def test_the_period_must_be_a_whole_number_of_steps_at_least_one():
    group = SpikeGeneratorGroup(1, [0], [0] * ms, period=0.25 * ms)
    with pytest.raises(EngineError, match=r"period \(250. us\) is not a whole number of time"):
        Network(group).run(1 * ms)
    short = SpikeGeneratorGroup(1, [], [] * ms, period=0.05 * ms)
    with pytest.raises(EngineError, match=r"period \(50. us\) is shorter than the time step"):
        Network(short).run(1 * ms)


def test_two_spikes_of_one_neuron_in_one_step_are_refused_when_the_run_starts():
    group = SpikeGeneratorGroup(3, [2, 0, 2], [1.0, 1.02, 1.05] * ms)
    with pytest.raises(
        EngineError, match=r"Neuron 2 spikes more than once in the time step starting at 1"
    ):
        Network(group).run(2 * ms)


def test_sorted_spikes_are_checked():
    with pytest.raises(EngineError, match="sorted=True, but the spikes are not sorted"):
        SpikeGeneratorGroup(2, [0, 1], [2, 1] * ms, sorted=True)
    with pytest.raises(EngineError, match="not sorted by time"):
        SpikeGeneratorGroup(2, [1, 0], [1, 1] * ms, sorted=True)
