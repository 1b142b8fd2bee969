"""TimedArray: values[k] for k*dt <= t < (k+1)*dt, as Brian 2 rounds; in every kind of code.

Models call the arrays by the names of local variables, found by the run in the test's frame
(hence ``noqa: F841`` on names the test itself does not use).
"""

import numpy as np
import pytest

from engine.core import EngineError, Network, defaultclock
from engine.groups import NeuronGroup
from engine.input import PoissonGroup, PoissonInput, TimedArray
from engine.monitors import SpikeMonitor, StateMonitor
from engine.units import DimensionMismatchError, Hz, Quantity, kHz, ms, mV, second

VALUES = [1, 2, 3, 4] * mV


def test_each_value_holds_for_one_dt_from_its_start():
    ta = TimedArray(VALUES, dt=0.1 * ms)
    times = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.35, 0.39] * ms
    assert np.array_equal(ta(times) / mV, [1, 1, 2, 2, 3, 4, 4, 4])
    assert ta(0.35 * ms) == VALUES[3]


def test_before_the_start_and_after_the_end_the_first_and_last_values_hold():
    ta = TimedArray(VALUES, dt=0.1 * ms)
    assert ta(-1 * ms) == 1 * mV
    assert ta(0.4 * ms) == 4 * mV
    assert ta(1 * second) == 4 * mV


def test_times_just_before_a_boundary_count_as_after_it_as_in_brian2():
    # Brian 2 rounds t to dt/K (K = 8 for equal steps) before dividing: within dt/16 of the
    # next sample, a time belongs to it. Sample times that are multiples of the group's dt are
    # far from that band, so computed times (3*0.1 ms = 0.30000000000000004 ms) are safe.
    ta = TimedArray(VALUES, dt=0.1 * ms)
    assert ta(0.2999 * ms) == 4 * mV  # 0.0001 ms before 0.3 ms: within 0.00625 ms
    assert ta(0.2938 * ms) == 4 * mV  # the band starts at 0.3 ms - 0.1 ms/16 = 0.29375 ms
    assert ta(0.2937 * ms) == 3 * mV
    assert ta(0.29 * ms) == 3 * mV
    assert ta(3 * 0.1 * ms) == 4 * mV


def test_the_rounding_band_follows_the_default_clock():
    # With the group's dt ten times smaller than the array's, K = 128: the band before a
    # boundary shrinks to dt/256 = 0.0039 ms; with equal steps (K = 8) it is dt/16.
    ta = TimedArray(VALUES, dt=1 * ms)
    defaultclock.dt = 0.1 * ms
    assert ta(0.9960 * ms) == 1 * mV
    assert ta(0.9962 * ms) == 2 * mV
    defaultclock.dt = 1 * ms
    assert ta(0.93 * ms) == 1 * mV
    assert ta(0.94 * ms) == 2 * mV


def test_units_follow_the_values():
    ta = TimedArray([1.5, 2.5], dt=1 * ms)
    value = ta(1 * ms)  # dimensionless: a plain number, as Brian 2 gives
    assert value == 2.5
    assert not isinstance(value, Quantity)
    assert TimedArray([1, 2] * Hz, dt=1 * ms)(0 * ms) == 1 * Hz


def test_two_dimensional_arrays_take_time_then_index():
    ta = TimedArray([[1, 2], [3, 4], [5, 6]] * mV, dt=0.1 * ms)
    assert ta(0.15 * ms, 1) == 4 * mV
    assert np.array_equal(ta(0.25 * ms, [0, 1, 1]) / mV, [5, 6, 6])


def test_a_model_reads_one_value_per_step_for_all_neurons():
    ta = TimedArray(VALUES, dt=0.1 * ms)  # noqa: F841
    group = NeuronGroup(2, "v = ta(t) : volt")
    monitor = StateMonitor(group, "v", record=True)
    Network(group, monitor).run(1 * ms)
    expected = [1, 2, 3, 4, 4, 4, 4, 4, 4, 4]
    assert np.array_equal(monitor.v[0] / mV, expected)
    assert np.array_equal(monitor.v[1] / mV, expected)


def test_a_two_dimensional_array_gives_each_neuron_its_column():
    ta2d = TimedArray([[1, 2], [3, 4], [5, 6]] * mV, dt=0.1 * ms)  # noqa: F841
    group = NeuronGroup(4, "v = ta2d(t, i % 2) : volt")
    monitor = StateMonitor(group, "v", record=True)
    Network(group, monitor).run(0.3 * ms)
    assert np.array_equal(monitor.v / mV, [[1, 3, 5], [2, 4, 6], [1, 3, 5], [2, 4, 6]])


def test_a_column_outside_the_array_stops_the_run_naming_the_array():
    ta2d = TimedArray([[1, 2], [3, 4]] * mV, dt=0.1 * ms, name="stimulus")  # noqa: F841
    group = NeuronGroup(3, "v = ta2d(t, i) : volt")
    monitor = StateMonitor(group, "v", record=True)
    with pytest.raises(EngineError, match=r"'stimulus' has 2 columns .* index 2"):
        Network(group, monitor).run(0.1 * ms)


def test_thresholds_and_resets_can_use_it():
    gate = TimedArray([0, 0, 1, 1, 0, 1], dt=0.1 * ms)  # noqa: F841
    level = TimedArray([5, 6, 7, 8, 9, 10] * mV, dt=0.1 * ms)  # noqa: F841
    group = NeuronGroup(1, "v : volt", threshold="gate(t) > 0.5", reset="v = level(t)")
    spikes = SpikeMonitor(group)
    net = Network(group, spikes)
    net.run(0.6 * ms)
    assert np.allclose(spikes.t / ms, [0.2, 0.3, 0.5])
    assert group.v[0] == 10 * mV


def test_exact_integration_treats_it_as_constant_over_a_step():
    # I(t) is 0, 1, 1, 0, 2 over 1 ms blocks: within a block the exact solution relaxes
    # towards it, so the trace at block ends follows the exact recursion.
    stim = TimedArray(np.array([0, 1, 1, 0, 2.0]), dt=1 * ms)  # noqa: F841
    group = NeuronGroup(1, "dv/dt = (I - v)/(10*ms) : 1\nI = stim(t) : 1")
    monitor = StateMonitor(group, "v", record=0)
    Network(group, monitor).run(5 * ms)
    assert group.state_updater.method_name == "exact"
    decay, v, expected = np.exp(-0.1), 0.0, []
    for level in [0, 1, 1, 0, 2]:
        expected.append(v)
        v = level + (v - level) * decay
    np.testing.assert_allclose(monitor.v[0][::10], expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(group.v[0], v, rtol=1e-12)


def test_exact_integration_of_a_direct_call_as_brian2_chooses():
    stim = TimedArray(np.array([0, 1, 1, 0, 2.0]), dt=1 * ms)  # noqa: F841
    group = NeuronGroup(1, "dv/dt = (stim(t) - v)/(10*ms) : 1")
    Network(group).run(1 * ms)
    assert group.state_updater.method_name == "exact"


def test_an_array_whose_dt_is_not_a_multiple_of_the_step_is_not_integrated_exactly():
    # 0.3 ms / 0.1 ms = 2.9999999999999996 in floating point: Brian 2 refuses it too.
    stim = TimedArray(np.array([0, 1.0]), dt=0.3 * ms)  # noqa: F841
    group = NeuronGroup(1, "dv/dt = (I - v)/(10*ms) : 1\nI = stim(t) : 1", method="exact")
    with pytest.raises(EngineError, match=r"stim\(\) changes within a time step"):
        Network(group).run(1 * ms)
    automatic = NeuronGroup(1, "dv/dt = (I - v)/(10*ms) : 1\nI = stim(t) : 1")
    Network(automatic).run(0.1 * ms)
    assert automatic.state_updater.method_name == "euler"


def test_is_locally_constant_for_steps_that_divide_its_dt():
    ta = TimedArray(VALUES, dt=1 * ms)
    assert ta.is_locally_constant(0.1e-3)
    assert ta.is_locally_constant(1e-3)
    assert ta.is_locally_constant(0.5e-3)
    assert not ta.is_locally_constant(2e-3)
    assert not TimedArray(VALUES, dt=0.3 * ms).is_locally_constant(0.1e-3)


def test_poisson_rates_can_follow_it():
    # 10 kHz at dt = 0.1 ms fires at every step (rand() < 1); 0 Hz never.
    stimulus = TimedArray([10, 0, 10, 0] * kHz, dt=0.2 * ms)  # noqa: F841
    group = PoissonGroup(3, rates="stimulus(t)")
    spikes = SpikeMonitor(group)
    Network(group, spikes).run(1 * ms)
    assert np.allclose(np.unique(spikes.t / ms), [0, 0.1, 0.4, 0.5])
    assert spikes.num_spikes == 12


def test_poisson_input_weights_can_follow_it():
    stimulus = TimedArray([1, 2, 0] * mV, dt=0.1 * ms)  # noqa: F841
    group = NeuronGroup(2, "v : volt")
    # 10 kHz at dt = 0.1 ms: every one of the 3 inputs fires at every step.
    inputs = PoissonInput(group, "v", 3, 10 * kHz, "stimulus(t)")
    Network(group, inputs).run(0.4 * ms)
    assert np.allclose(group.v / mV, [3 * (1 + 2 + 0 + 0)] * 2)


def test_it_is_redrawn_when_the_default_clock_changes_between_runs():
    ta = TimedArray(np.arange(10.0), dt=0.5 * ms)  # noqa: F841
    group = NeuronGroup(1, "x = ta(t) : 1")
    monitor = StateMonitor(group, "x", record=0)
    net = Network(group, monitor)
    net.run(1 * ms)
    defaultclock.dt = 0.25 * ms
    net.run(1 * ms)
    assert np.allclose(monitor.t / ms, [*np.arange(10) * 0.1, *(1 + np.arange(4) * 0.25)])
    assert np.array_equal(monitor.x[0], [0] * 5 + [1] * 5 + [2, 2, 3, 3])


# -- errors -------------------------------------------------------------------------------------


def test_dt_must_be_a_positive_time():
    with pytest.raises(DimensionMismatchError, match="dt of the TimedArray .* must be a time"):
        TimedArray(VALUES, dt=0.1)
    with pytest.raises(ValueError, match="must be positive"):
        TimedArray(VALUES, dt=0 * ms)


def test_values_must_be_one_or_two_dimensional_and_not_empty():
    with pytest.raises(ValueError, match=r"not an array of shape \(2, 2, 2\)"):
        TimedArray(np.zeros((2, 2, 2)), dt=1 * ms)
    with pytest.raises(ValueError, match="needs at least one value"):
        TimedArray([], dt=1 * ms)


def test_calls_from_python_check_units_and_arguments():
    ta = TimedArray(VALUES, dt=0.1 * ms, name="stimulus")
    with pytest.raises(DimensionMismatchError, match=r"call it with a time, such as stimulus"):
        ta(0.35)
    with pytest.raises(TypeError, match=r"is called as stimulus\(t\)"):
        ta(0.35 * ms, 1)
    ta2d = TimedArray([[1, 2]] * mV, dt=0.1 * ms, name="grid")
    with pytest.raises(TypeError, match=r"is called as grid\(t, i\)"):
        ta2d(0 * ms)
    with pytest.raises(DimensionMismatchError, match="index of the TimedArray 'grid'"):
        ta2d(0 * ms, 1 * mV)
    with pytest.raises(IndexError, match="has 2 columns"):
        ta2d(0 * ms, -1)


def test_models_check_the_argument_and_result_units():
    ta = TimedArray(VALUES, dt=0.1 * ms)  # noqa: F841
    wrong_argument = NeuronGroup(1, "v = ta(5*mV) : volt")
    with pytest.raises(EngineError, match=r"Argument 1 of .* should have unit s, but '5\*mV'"):
        Network(wrong_argument, StateMonitor(wrong_argument, "v", record=0)).run(0.1 * ms)
    wrong_result = NeuronGroup(1, "dv/dt = (ta(t) - v)/(10*ms) : 1")
    with pytest.raises(EngineError, match=r"'ta\(t\)' has unit V, 'v' has unit 1"):
        Network(wrong_result).run(0.1 * ms)


def test_names_are_unique_and_shown():
    first, second_ = TimedArray(VALUES, dt=1 * ms), TimedArray(VALUES, dt=1 * ms)
    assert first.name != second_.name
    assert first.name.startswith("timedarray")
    assert "4 values" in repr(first)
    assert first.dt == pytest.approx(1e-3)
    assert np.array_equal(first.values, [0.001, 0.002, 0.003, 0.004])
