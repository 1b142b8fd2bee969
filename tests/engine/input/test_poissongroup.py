"""PoissonGroup: independent Poisson spike sources with fixed, per-neuron or expression rates.

Statistical tests use a fixed seed, so they are reproducible; their tolerances are five
standard deviations of the estimate, so that they would pass for almost any seed (a failure
by chance has probability below 1e-6).
"""

import numpy as np
import pytest

from engine.core import EngineError, Network, defaultclock, run, store
from engine.core import restore as restore_network
from engine.groups import Subgroup
from engine.input import PoissonGroup
from engine.monitors import PopulationRateMonitor, SpikeMonitor
from engine.rng import seed
from engine.units import DimensionMismatchError, Hz, kHz, ms, mV, second


def spikes_of(group, duration):
    monitor = SpikeMonitor(group)
    Network(group, monitor).run(duration)
    return monitor


def test_neurons_fire_at_the_given_rate():
    # 1000 neurons at 20 Hz for 1 s: 10^7 Bernoulli trials with p = rate*dt = 0.002, so the
    # count is binomial with mean 20000 and standard deviation sqrt(10^7*p*(1-p)) = 141.
    seed(1)
    monitor = spikes_of(PoissonGroup(1000, 20 * Hz), 1 * second)
    assert abs(monitor.num_spikes - 20000) < 5 * 141


def test_each_neuron_fires_at_its_own_rate():
    # 100 neurons at 10 Hz and 100 at 100 Hz for 2 s: means 2000 (sd 45) and 20000 (sd 141).
    seed(2)
    monitor = spikes_of(PoissonGroup(200, np.repeat([10, 100], 100) * Hz), 2 * second)
    counts = monitor.count
    assert abs(counts[:100].sum() - 2000) < 5 * 45
    assert abs(counts[100:].sum() - 20000) < 5 * 141


def test_intervals_are_exponential():
    # For a Poisson process the intervals have a coefficient of variation of 1 (geometric in
    # steps: sqrt(1-p) = 0.995 for p = 0.01). 1000 neurons, about 10^4 intervals: the CV is
    # estimated to within about 1.5% (5 sd).
    seed(3)
    monitor = spikes_of(PoissonGroup(1000, 100 * Hz), 100 * ms)
    intervals = np.concatenate([np.diff(t / ms) for t in monitor.spike_trains().values()])
    cv = intervals.std() / intervals.mean()
    assert cv == pytest.approx(np.sqrt(1 - 0.01), abs=0.05)


def test_at_most_one_spike_per_step_and_rate_dt_of_one_fires_every_step():
    monitor = spikes_of(PoissonGroup(2, 10 * kHz), 1 * ms)  # rate*dt = 1: rand() < 1 always
    assert monitor.num_spikes == 20
    assert np.array_equal(monitor.count, [10, 10])
    assert spikes_of(PoissonGroup(5, 0 * Hz), 10 * ms).num_spikes == 0


def test_string_rates_are_evaluated_every_step_and_may_use_i_and_t():
    group = PoissonGroup(4, rates="(i % 2)*10*kHz*int(t >= 0.5*ms)")
    monitor = spikes_of(group, 1 * ms)
    assert set(monitor.i) == {1, 3}
    assert np.allclose(np.unique(monitor.t / ms), [0.5, 0.6, 0.7, 0.8, 0.9])
    assert monitor.num_spikes == 10


def test_string_rates_see_constants_changed_between_runs():
    level = 0 * Hz
    group = PoissonGroup(3, rates="level")
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.run(1 * ms)
    level = 10 * kHz  # noqa: F841  (read by the run below, from this frame)
    net.run(1 * ms)
    assert monitor.num_spikes == 30
    assert monitor.t.min() == 1 * ms


def test_rates_can_be_read_and_set_like_a_variable():
    group = PoissonGroup(3, 10 * kHz)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    assert np.array_equal(group.rates, [10, 10, 10] * kHz)
    net.run(0.5 * ms)
    group.rates = [0, 10, 0] * kHz
    net.run(0.5 * ms)
    group.rates = "10*kHz*int(i == 2)"
    net.run(0.5 * ms)
    assert np.array_equal(monitor.count, [5, 10, 10])
    assert group.rates[2] == 10 * kHz


def test_string_rates_are_read_only():
    group = PoissonGroup(2, rates="5*Hz")
    assert np.array_equal(group.rates, [5, 5] * Hz)
    with pytest.raises(TypeError, match="'rates' of '.*' is read-only"):
        group.rates = 10 * Hz


def test_the_same_seed_gives_the_same_spikes():
    def spikes(number):
        seed(number)
        monitor = spikes_of(PoissonGroup(50, 200 * Hz), 20 * ms)
        return monitor.i.tolist(), (monitor.t / ms).tolist()

    assert spikes(5) == spikes(5)
    assert spikes(5) != spikes(6)


def test_store_and_restore_with_the_random_state_repeat_the_spikes():
    seed(7)
    group = PoissonGroup(20, 500 * Hz)
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    net.store()
    net.run(10 * ms)
    first = (monitor.i.tolist(), monitor.t_.tolist())
    net.restore(restore_random_state=True)
    net.run(10 * ms)
    assert (monitor.i.tolist(), monitor.t_.tolist()) == first
    assert len(first[0]) > 50


def test_subgroups_are_recorded_with_their_own_indices():
    group = PoissonGroup(30, rates="10*kHz*int(i >= 10 and i < 20)")
    part = group[10:20]
    assert isinstance(part, Subgroup)
    assert len(part) == 10
    monitor = SpikeMonitor(part)
    rates = PopulationRateMonitor(part)
    Network(group, monitor, rates).run(0.5 * ms)
    assert monitor.num_spikes == 50
    assert np.array_equal(np.unique(monitor.i), np.arange(10))
    assert np.allclose(rates.rate / kHz, 10)
    fixed = PoissonGroup(30, np.arange(30) * Hz)[10:20]
    assert np.array_equal(fixed.rates, np.arange(10, 20) * Hz)
    fixed.rates = 0 * Hz
    assert np.array_equal(fixed.source.rates[8:22], [8, 9, *[0] * 10, 20, 21] * Hz)


def test_a_population_rate_counts_spikes_per_step_over_N_dt():
    group = PoissonGroup(4, [10, 10, 0, 0] * kHz)
    rates = PopulationRateMonitor(group)
    Network(group, rates).run(0.3 * ms)
    assert np.allclose(rates.rate / kHz, [5, 5, 5])  # 2 of 4 neurons per 0.1 ms


def test_spikes_are_drawn_in_the_thresholds_slot_of_its_own_clock():
    group = PoissonGroup(1, 1 * kHz, dt=1 * ms, order=3)
    (thresholder,) = group.contained_objects
    assert (thresholder.when, thresholder.order) == ("thresholds", 3)
    monitor = spikes_of(group, 5 * ms)  # rate*dt = 1 on its 1 ms clock
    assert np.allclose(monitor.t / ms, [0, 1, 2, 3, 4])
    assert group.clock is not defaultclock


def test_the_magic_run_collects_it(tmp_path):
    group = PoissonGroup(2, 10 * kHz)
    monitor = SpikeMonitor(group)
    store(filename=str(tmp_path / "state.h5"))
    run(0.5 * ms)
    assert monitor.num_spikes == 10
    assert len(group.spikes) == 0  # none left behind once the run is over
    restore_network(filename=str(tmp_path / "state.h5"))
    assert monitor.num_spikes == 0


# -- errors -------------------------------------------------------------------------------------


def test_the_number_of_neurons_must_be_a_positive_integer():
    for wrong in (0, -3, 2.5, True):
        with pytest.raises(EngineError, match="must be a positive integer"):
            PoissonGroup(wrong, 10 * Hz)


def test_fixed_rates_must_be_rates():
    with pytest.raises(DimensionMismatchError, match="must be rates .* or a string"):
        PoissonGroup(2, 5 * mV)
    with pytest.raises(DimensionMismatchError, match="must be rates"):
        PoissonGroup(2, 5)
    PoissonGroup(2, 0)  # zero fits every unit


def test_the_number_of_rates_must_match():
    with pytest.raises(ValueError, match="Cannot set 3 elements of 'rates' from 2 values"):
        PoissonGroup(3, [1, 2] * Hz)


def test_string_rates_must_be_valid_and_rates():
    with pytest.raises(EngineError, match="rates expression '10\\*Hz \\+' is not valid"):
        PoissonGroup(2, rates="10*Hz +")
    group = PoissonGroup(2, rates="5*mV")
    with pytest.raises(EngineError, match=r"rates expression '5\*mV' has unit V, but must be"):
        Network(group).run(0.1 * ms)
    unknown = PoissonGroup(2, rates="undefined_rate")
    with pytest.raises(EngineError, match="'undefined_rate'"):
        Network(unknown).run(0.1 * ms)
