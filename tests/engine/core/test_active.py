"""``obj.active = False`` leaves an object out of a run, as in Brian 2.

An inactive object is neither prepared nor stepped. Setting a container's flag sets the flags of
everything it contains (a group's thresholder, reset, state updater and ``run_regularly`` code;
a synapses' pathways), so an inactive group neither integrates nor spikes; a contained object
can then be switched on or off on its own. The flag is read when a run starts. Every test runs
on both targets: the compiled schedule must leave out the same objects as the Python loop.

A derivative of ``1/(10*ms)`` integrated by Euler steps of 0.1 ms adds exactly 0.01 per step,
so the values below are known: 1 ms of integration is 0.1 (sums of 0.01 are compared within
1e-12, the rounding of a hundred additions).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    PoissonInput,
    PopulationRateMonitor,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    ms,
    network_operation,
    prefs,
    run,
)
from engine.codegen.cython import build as cython_build

TARGETS = [
    "numpy",
    pytest.param(
        "cython",
        marks=pytest.mark.skipif(
            cython_build.compiler_problem() is not None, reason="no compiler for compiled code"
        ),
    ),
]

RAMP = "dv/dt = 1/(10*ms) : 1"


@pytest.fixture(params=TARGETS)
def target(request):
    prefs.codegen.target = request.param
    return request.param


def test_a_new_object_is_active():
    assert NeuronGroup(1, RAMP).active is True


def test_the_flag_is_a_boolean_like_brian2s():
    group = NeuronGroup(1, RAMP)
    group.active = 0
    assert group.active is False


def test_an_inactive_group_neither_integrates_nor_spikes(target):
    group = NeuronGroup(2, RAMP, threshold="v > 0.05", reset="v = 0", method="euler")
    spikes = SpikeMonitor(group)
    group.active = False
    run(1 * ms)
    assert np.array_equal(group.v[:], [0, 0])
    assert spikes.num_spikes == 0
    assert [obj.active for obj in group.contained_objects] == [False, False, False]


def test_switching_a_group_on_between_runs_switches_on_what_it_contains(target):
    group = NeuronGroup(1, RAMP, threshold="v > 0.5", reset="v = 0", method="euler")
    group.active = False
    run(1 * ms)
    group.active = True
    run(1 * ms)
    assert group.v[0] == pytest.approx(0.1, abs=1e-12)


def test_a_contained_object_can_be_switched_off_on_its_own(target):
    # Without its thresholder the group integrates past the threshold and is never reset.
    group = NeuronGroup(1, RAMP, threshold="v > 0.05", reset="v = 0", method="euler")
    group.thresholder["spike"].active = False
    spikes = SpikeMonitor(group)
    run(1 * ms)
    assert group.v[0] == pytest.approx(0.1, abs=1e-12)
    assert spikes.num_spikes == 0


def test_an_inactive_reset_leaves_the_spiking_group_as_it_is(target):
    group = NeuronGroup(1, RAMP, threshold="v > 0.05", reset="v = 0", method="euler")
    group.resetter["spike"].active = False
    spikes = SpikeMonitor(group)
    run(1 * ms)
    assert group.v[0] == pytest.approx(0.1, abs=1e-12)
    assert spikes.num_spikes == 5  # v > 0.05 from the 6th step on, spiking every step


def test_inactive_synapses_do_not_transmit_until_switched_on(target):
    source = SpikeGeneratorGroup(1, [0, 0], [0.5, 1.5] * ms)
    neurons = NeuronGroup(1, "v : 1")
    synapses = Synapses(source, neurons, "w : 1", on_pre="v += w")
    synapses.connect()
    synapses.w = 2
    synapses.active = False
    network = Network(source, neurons, synapses)
    network.run(1 * ms)
    assert neurons.v[0] == 0
    assert synapses.pre.active is False
    synapses.active = True
    network.run(1 * ms)
    assert neurons.v[0] == 2


def test_an_inactive_pathway_alone_stops_transmission(target):
    source = SpikeGeneratorGroup(1, [0], [0.5] * ms)
    neurons = NeuronGroup(1, "v : 1")
    synapses = Synapses(source, neurons, on_pre="v += 1")
    synapses.connect()
    synapses.pre.active = False
    run(1 * ms)
    assert neurons.v[0] == 0


def test_inactive_monitors_record_nothing(target):
    group = NeuronGroup(1, RAMP, threshold="v > 0.05", reset="v = 0", method="euler")
    spikes, states, rate = SpikeMonitor(group), StateMonitor(group, "v", record=0), None
    rate = PopulationRateMonitor(group)
    for monitor in (spikes, states, rate):
        monitor.active = False
    run(1 * ms)
    assert spikes.num_spikes == 0
    assert len(states.t) == 0
    assert len(rate.t) == 0
    assert group.v[0] > 0  # the group itself ran


def test_inactive_run_regularly_code_does_not_run(target):
    group = NeuronGroup(1, "v : 1")
    group.run_regularly("v += 1", dt=0.5 * ms)
    runner = group.contained_objects[-1]
    runner.active = False
    Network(group).run(1 * ms)
    assert group.v[0] == 0
    runner.active = True
    Network(group).run(1 * ms)
    assert group.v[0] == 2


def test_an_inactive_poisson_input_drives_nothing(target):
    group = NeuronGroup(10, "v : 1")
    drive = PoissonInput(group, "v", 100, 10 / ms, 1.0)  # rate*dt = 1: fires every step
    drive.active = False
    run(1 * ms)
    assert np.array_equal(group.v[:], np.zeros(10))
    drive.active = True
    run(0.1 * ms)
    assert np.all(group.v[:] > 0)


def test_an_inactive_network_operation_is_not_called(target):
    calls = []

    @network_operation
    def count():
        calls.append(1)

    count.active = False
    run(1 * ms)
    assert calls == []
    count.active = True
    run(1 * ms)
    assert len(calls) == 10
