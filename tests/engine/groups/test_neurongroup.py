"""NeuronGroup: equations, thresholds, resets, refractoriness, events, code that runs."""

import numpy as np
import pytest

from engine.core import EngineError, Network
from engine.equations import Equations
from engine.groups import NeuronGroup
from engine.monitors import EventMonitor, SpikeMonitor, StateMonitor
from engine.units import ms, mV, second


def spikes_of(group, duration, **monitor_options):
    monitor = SpikeMonitor(group, **monitor_options)
    Network(group, monitor).run(duration)
    return monitor


def test_spikes_are_stamped_with_the_start_of_the_step():
    # dv/dt = (1 - v)/10 ms crosses 0.8 at 16.09 ms: the step starting at 16.0 ms sees it.
    group = NeuronGroup(
        1, "dv/dt = (1 - v)/(10*ms) : 1", threshold="v > 0.8", reset="v = 0", method="exact"
    )
    monitor = spikes_of(group, 50 * ms)
    assert np.allclose(monitor.t / ms, [16.0, 32.1, 48.2])


def test_refractoriness_without_clamping_only_blocks_spikes():
    group = NeuronGroup(
        1,
        "dv/dt = (1 - v)/(5*ms) : 1",
        threshold="v > 0.8",
        reset="v = 0",
        refractory=15 * ms,
        method="exact",
    )
    assert np.allclose(spikes_of(group, 50 * ms).t / ms, [8, 23, 38])


def test_unless_refractory_clamps_the_variable():
    group = NeuronGroup(
        1,
        "dv/dt = (1 - v)/(10*ms) : 1 (unless refractory)",
        threshold="v > 0.8",
        reset="v = 0",
        refractory=5 * ms,
        method="exact",
    )
    assert np.allclose(spikes_of(group, 50 * ms).t / ms, [16, 37])


def test_refractory_period_as_an_expression_per_neuron():
    group = NeuronGroup(
        2,
        "dv/dt = 1/(1*ms) : 1\nref : second",
        threshold="v > 1",
        reset="v = 0",
        refractory="ref",
        method="euler",
    )
    group.ref = [0, 3] * ms
    monitor = spikes_of(group, 10 * ms)
    trains = monitor.spike_trains()
    assert len(trains[0]) > len(trains[1]) > 0


def test_refractoriness_as_a_condition_holds_while_it_is_true():
    # As for Hodgkin-Huxley spikes: no second spike while v stays above the threshold.
    group = NeuronGroup(
        1, "dv/dt = 1/(1*ms) : 1", threshold="v > 1", refractory="v > 1", method="euler"
    )
    monitor = spikes_of(group, 5 * ms)
    assert monitor.num_spikes == 1


def test_the_integration_method_can_be_chosen_or_is_chosen():
    automatic = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1")
    requested = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="rk4")
    Network(automatic, requested).run(0.1 * ms)
    assert automatic.state_updater.method_name == "exact"
    assert requested.state_updater.method_name == "rk4"
    assert "def " in automatic.state_updater.code  # the generated code can be inspected


def test_models_can_be_given_as_equations_objects():
    model = Equations("dv/dt = -v/tau : volt", tau="tau_m")
    group = NeuronGroup(1, model, namespace={"tau_m": 10 * ms})
    group.v = 1 * mV
    Network(group).run(10 * ms)
    assert group.v_[0] == pytest.approx(np.exp(-1) * 1e-3, rel=1e-9)


def test_thresholds_must_be_conditions():
    with pytest.raises(EngineError, match="threshold 'v' is not a condition"):
        Network(NeuronGroup(1, "dv/dt = -v/ms : volt", threshold="v")).run(1 * ms)
    with pytest.raises(TypeError, match="must be a string.*Did you mean 'v > ...'"):
        NeuronGroup(1, "dv/dt = -v/ms : volt", threshold=5 * mV)


def test_resets_are_unit_checked():
    with pytest.raises(EngineError, match="right-hand side of 'v = 0.5' in the reset"):
        Network(NeuronGroup(1, "dv/dt = -v/ms : volt", threshold="v > 1*mV", reset="v = 0.5")).run(
            1 * ms
        )


def test_group_namespace_then_the_run_namespace():
    group = NeuronGroup(1, "dv/dt = -v/tau : 1", namespace={"tau": 10 * ms})
    group.v = 1
    Network(group).run(10 * ms, namespace={"tau": 1 * second})  # the group's own wins
    assert group.v[0] == pytest.approx(np.exp(-1))
    other = NeuronGroup(1, "dv/dt = -v/tau : 1")
    other.v = 1
    Network(other).run(10 * ms, namespace={"tau": 20 * ms})
    assert other.v[0] == pytest.approx(np.exp(-0.5))


def test_external_constants_are_read_at_each_run():
    tau = 10 * ms
    group = NeuronGroup(1, "dv/dt = -v/tau : 1")
    group.v = 1
    net = Network(group)
    net.run(10 * ms)
    tau = 20 * ms  # noqa: F841  (read by the next run from this frame)
    net.run(20 * ms)
    assert group.v[0] == pytest.approx(np.exp(-1) * np.exp(-1))


def test_custom_events_and_code_on_events():
    group = NeuronGroup(
        3,
        "dv/dt = 1/(1*ms) : 1\ncount : 1",
        threshold="v > 1",
        reset="v = 0",
        events={"halfway": "v > 0.45 and v < 0.55"},
    )
    group.run_on_event("halfway", "count += 1")
    halfway = EventMonitor(group, "halfway")
    Network(group, halfway).run(3.05 * ms)
    assert np.all(group.count[:] == halfway.count)
    assert halfway.num_events == 3 * 3
    with pytest.raises(ValueError, match="Unknown event"):
        group.run_on_event("nothing", "count = 0")


def test_run_regularly_on_its_own_clock():
    group = NeuronGroup(1, "calls : 1")
    group.run_regularly("calls += 1", dt=1 * ms)
    Network(group).run(10 * ms)
    assert group.calls[0] == 10


def test_constant_over_dt_subexpressions_are_drawn_once_per_step():
    group = NeuronGroup(
        1000, "dv/dt = noise/ms : 1\nnoise = randn() : 1 (constant over dt)", method="euler"
    )
    monitor = StateMonitor(group, "noise", record=True)
    Network(group, monitor).run(1 * ms)
    values = monitor.noise[:]
    assert values.shape == (1000, 10)
    assert abs(np.mean(values)) < 0.05
    assert np.std(values) == pytest.approx(1, rel=0.05)


def test_shared_variables_in_equations():
    group = NeuronGroup(4, "dv/dt = I/ms : 1\nI : 1 (shared)")
    group.I = 2
    Network(group).run(1 * ms)
    assert np.allclose(group.v[:], 2)


def test_shared_variables_are_set_once_per_step_by_run_regularly():
    group = NeuronGroup(100, "I : 1 (shared)\nx : 1")
    group.run_regularly("I = rand()\nx = I", dt=1 * ms)
    monitor = StateMonitor(group, "x", record=True)
    Network(group, monitor).run(5 * ms)
    # One draw per step, shared by every neuron; different draws on different steps.
    samples = monitor.x[:, ::10]
    assert np.all(samples == samples[0])
    assert len(np.unique(samples[0])) == 5


def test_shared_variables_cannot_take_per_neuron_values():
    group = NeuronGroup(3, "I : 1 (shared)\nv : 1")
    group.run_regularly("I = v")
    with pytest.raises(EngineError, match="differs between elements \\('v'\\)"):
        Network(group).run(1 * ms)


def test_resets_cannot_assign_shared_variables():
    group = NeuronGroup(2, "v : 1\nI : 1 (shared)", threshold="True", reset="I = 1")
    with pytest.raises(EngineError, match="assigns the shared variable 'I'"):
        Network(group).run(1 * ms)


def test_a_noise_term_used_in_two_equations_is_the_same_noise():
    group = NeuronGroup(
        2,
        "dx/dt = -x/(10*ms) + (2/(10*ms))**0.5*xi_1 : 1\n"
        "dy/dt = -y/(10*ms) + (2/(10*ms))**0.5*xi_1 : 1",
        method="euler",
    )
    Network(group).run(5 * ms)
    assert np.all(group.x[:] != 0)
    assert np.array_equal(group.x[:], group.y[:])


def test_the_group_size_must_be_positive():
    with pytest.raises(EngineError, match="positive integer"):
        NeuronGroup(0, "v : 1")


def test_the_model_flags_are_checked():
    from engine.errors import EquationError

    with pytest.raises(EquationError, match="'event-driven' is not allowed"):
        NeuronGroup(1, "dv/dt = -v/ms : 1 (event-driven)")
