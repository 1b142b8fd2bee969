"""``(constant over dt)`` subexpressions: evaluated once at the start of each step, for any group.

Neuron groups and synapses share the rule (`Group._update_constant_subexpressions`): the value
drawn at the start of a step is the one the integrator uses during the whole step, and the one
a monitor recording at the start of the step sees.
"""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.monitors import StateMonitor
from engine.synapses import Synapses
from engine.units import ms

MODEL = "dx/dt = noise/ms : 1{flag}\nnoise = randn() : 1 (constant over dt)"
STEPS = 20  # of the default 0.1 ms


def neurons():
    group = NeuronGroup(5, MODEL.format(flag=""), method="euler", order=3, name="noisy")
    return group, [group]


def synapses():
    source = NeuronGroup(2, "v : 1")
    target = NeuronGroup(3, "v : 1")
    group = Synapses(
        source, target, MODEL.format(flag=" (clock-driven)"), method="euler", order=3, name="noisy"
    )
    group.connect()
    return group, [source, target, group]


@pytest.mark.parametrize("make", [neurons, synapses])
def test_the_integrator_uses_the_value_drawn_at_the_start_of_each_step(make):
    group, objects = make()
    monitor = StateMonitor(group, "noise", record=True)
    Network(*objects, monitor).run(STEPS * 0.1 * ms)
    drawn = monitor.noise[:]
    assert drawn.shape == (len(group), STEPS)
    assert np.all(np.abs(np.diff(drawn, axis=1)) > 0)  # a new value every step
    # Euler: x grows by noise*dt/ms = 0.1*noise each step, with the value drawn for the step.
    np.testing.assert_allclose(group.x[:], 0.1 * drawn.sum(axis=1), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("make", [neurons, synapses])
def test_the_update_runs_before_the_step_in_the_group_s_order(make):
    group, _ = make()
    updater = group.subexpression_updater
    assert updater in group.contained_objects
    assert (updater.when, updater.order) == ("before_start", 3)
    assert updater.name == "noisy_subexpression_update"


def test_without_such_subexpressions_there_is_no_update():
    group = NeuronGroup(2, "dx/dt = -x/ms : 1\ny = 2*x : 1")
    source = NeuronGroup(1, "v : 1")
    connections = Synapses(source, source, "w = 2 : 1")
    assert group.subexpression_updater is None
    assert connections.subexpression_updater is None
