"""Synapses at run time: pathways, delays, event-driven and summed variables, access, errors."""

import numpy as np
import pytest

from engine.core import EngineError, Network
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.monitors import SpikeMonitor, StateMonitor
from engine.synapses import Synapses
from engine.units import ms, mV, second


def spiking_at(times_ms, size=None):
    """A group whose neuron k spikes once, at times_ms[k] (a whole number of steps)."""
    group = NeuronGroup(
        size or len(times_ms), "ts : second", threshold="abs(t - ts) < 0.5*dt", name="src*"
    )
    group.ts = np.asarray(times_ms) * ms
    return group


def test_a_zero_delay_event_is_seen_by_the_target_in_the_next_sample():
    # Brian 2's rule: a spike at 1.0 ms changes v in the synapses slot of the same step, so a
    # start-of-step monitor sees it at 1.1 ms.
    source = spiking_at([1.0])
    target = NeuronGroup(1, "v : 1")
    synapses = Synapses(source, target, on_pre="v += 1")
    synapses.connect()
    monitor = StateMonitor(target, "v", record=0)
    Network(source, target, synapses, monitor).run(2 * ms)
    changed = monitor.t[np.flatnonzero(monitor.v[0])[0]]
    assert changed / ms == pytest.approx(1.1)


def test_delays_are_whole_steps_rounding_halves_up():
    source = spiking_at([1.0])
    target = NeuronGroup(3, "v : 1")
    synapses = Synapses(source, target, on_pre="v += 1")
    synapses.connect()
    synapses.delay = [0.25, 0.3, 0.04] * ms  # 2.5 -> 3 steps, 3 steps, 0.4 -> 0 steps
    monitor = StateMonitor(target, "v", record=True)
    Network(source, target, synapses, monitor).run(2 * ms)
    first = [monitor.t[np.flatnonzero(trace)[0]] / ms for trace in monitor.v]
    assert first == pytest.approx([1.4, 1.4, 1.1])


def test_a_homogeneous_delay_given_to_the_constructor():
    source = spiking_at([0.5])
    target = NeuronGroup(2, "v : 1")
    synapses = Synapses(source, target, on_pre="v += 1", delay=2 * ms)
    synapses.connect()
    assert synapses.delay == 2 * ms
    with pytest.raises(ValueError, match="single shared value"):
        synapses.delay = [1, 2] * ms
    Network(source, target, synapses).run(2.5 * ms)
    assert target.v[:].tolist() == [0, 0]
    Network(source, target, synapses).run(0.1 * ms)
    assert target.v[:].tolist() == [1, 1]


def test_events_onto_the_same_neuron_all_count():
    source = NeuronGroup(5, "", threshold="True")
    target = NeuronGroup(1, "v : 1\nu : 1")
    synapses = Synapses(source, target, "w : 1", on_pre="v += w\nu = u*0.5 + w")
    synapses.connect()
    synapses.w = "i + 1"
    Network(source, target, synapses).run(0.1 * ms)
    assert target.v[0] == 15
    # The statements of each synapse run one synapse after the other.
    u = 0.0
    for w in range(1, 6):
        u = u * 0.5 + w
    assert target.u[0] == pytest.approx(u)


def test_pre_and_post_pathways_and_named_pathways():
    source = spiking_at([1.0])
    target = spiking_at([2.0])
    synapses = Synapses(
        source,
        target,
        "a : 1\nb : 1\nc : 1",
        on_pre={"pre": "a += 1", "late": "c += 1"},
        on_post="b += 1",
        delay={"late": 3 * ms},
    )
    synapses.connect()
    assert synapses.late.delay == 3 * ms
    Network(source, target, synapses).run(3.5 * ms)
    assert (synapses.a[0], synapses.b[0], synapses.c[0]) == (1, 1, 0)
    Network(source, target, synapses).run(1 * ms)
    assert synapses.c[0] == 1


def test_stdp_traces_are_updated_exactly_at_events():
    tau = 20 * ms
    source = spiking_at([1.0, 30.0])
    target = spiking_at([11.0])
    synapses = Synapses(
        source,
        target,
        """w : 1
        dapre/dt = -apre/tau : 1 (event-driven)
        dapost/dt = -apost/tau : 1 (event-driven)""",
        on_pre="apre += 1\nw += apost",
        on_post="apost -= 1\nw += apre",
        namespace={"tau": tau},
    )
    synapses.connect(i=[0, 1], j=0)
    Network(source, target, synapses).run(40 * ms)
    # Synapse 0: pre at 1 ms, post at 11 ms: w = exp(-10/20). Synapse 1: post at 11 ms, pre
    # at 30 ms: w = -exp(-19/20).
    assert synapses.w[:] == pytest.approx([np.exp(-0.5), -np.exp(-0.95)], rel=1e-12)
    assert synapses.lastupdate[:] / ms == pytest.approx([11, 30])


def test_event_driven_and_clock_driven_equations_cannot_depend_on_each_other():
    group = NeuronGroup(1, "v : 1", threshold="False")
    with pytest.raises(ModelError, match="uses the event-driven variable 'x'"):
        Synapses(
            group,
            group,
            "dx/dt = -x/ms : 1 (event-driven)\ndy/dt = (x - y)/ms : 1 (clock-driven)",
        )


def test_clock_driven_synaptic_equations_are_integrated_every_step():
    group = NeuronGroup(2, "v : 1")
    synapses = Synapses(group, group, "dg/dt = -g/(10*ms) : 1 (clock-driven)")
    synapses.connect(j="i")
    synapses.g = 1
    Network(group, synapses).run(10 * ms)
    assert synapses.g[:] == pytest.approx(np.exp(-1), rel=1e-12)  # exact integration


def test_summed_variables_add_up_per_target_neuron():
    source = NeuronGroup(3, "x : 1")
    source.x = [1, 2, 4]
    target = NeuronGroup(2, "total : 1\ndv/dt = total/ms : 1", method="euler")
    synapses = Synapses(source, target, "w : 1\ntotal_post = w*x_pre : 1 (summed)")
    synapses.connect(i=[0, 1, 2], j=[0, 0, 1])
    synapses.w = [1, 10, 100]
    Network(source, target, synapses).run(0.1 * ms)
    assert target.total[:].tolist() == [21, 400]
    assert target.v[:] == pytest.approx([2.1, 40])  # computed before the target's update


def test_a_summed_variable_onto_a_subgroup_is_seen_by_the_target_one_step_later():
    # Brian 2 runs the updater at order target.order - 1, and a subgroup has its parent's order
    # plus one: onto a subgroup the updater ties with the parent's state update and runs after
    # it (names break ties: "synapses_..." after "neurongroup_..."), so the target integrates
    # the sum of the previous step. Onto the whole group it runs first (the test above).
    source = NeuronGroup(1, "x : 1")
    source.x = 1
    target = NeuronGroup(3, "total : 1\ndv/dt = total/ms : 1", method="euler")
    synapses = Synapses(source, target[1:], "total_post = x_pre : 1 (summed)")
    synapses.connect()
    network = Network(source, target, synapses)
    network.run(0.1 * ms)
    assert target.total[:].tolist() == [0, 1, 1]
    assert target.v[:].tolist() == [0, 0, 0]
    network.run(0.1 * ms)
    assert target.v[:] == pytest.approx([0, 0.1, 0.1])


def test_summed_variables_need_a_parameter_of_the_target():
    source, target = NeuronGroup(1, ""), NeuronGroup(1, "dv/dt = -v/ms : 1")
    with pytest.raises(ModelError, match="needs a parameter 'v'"):
        Synapses(source, target, "v_post = 1 : 1 (summed)")
    with pytest.raises(ModelError, match="must end in '_pre' or '_post'"):
        Synapses(source, target, "total = 1 : 1 (summed)")


def test_synaptic_input_to_a_clamped_variable_is_lost_while_refractory():
    source = NeuronGroup(1, "", threshold="True")
    target = NeuronGroup(
        1,
        "dv/dt = 0/ms : 1 (unless refractory)\ndx/dt = 0/ms : 1",
        threshold="t < 0.05*ms",
        refractory=1 * ms,
    )
    synapses = Synapses(source, target, on_pre="v += 1\nx += 1")
    synapses.connect()
    Network(source, target, synapses).run(2 * ms)
    assert target.x[0] == 20
    assert target.v[0] == 10  # steps from 1 ms on (refractory until then)


def test_variables_by_pre_and_post_index_and_by_condition():
    source, target = NeuronGroup(3, "x : 1"), NeuronGroup(3, "")
    synapses = Synapses(source, target, "w : 1")
    synapses.connect()
    synapses.w = "i*10 + j"
    assert synapses.w[1, 2] == 12
    assert synapses.w[1, :].tolist() == [10, 11, 12]
    assert synapses.w[:, 0].tolist() == [0, 10, 20]
    assert synapses.w["i > j"].tolist() == [10, 20, 21]
    synapses.w["i == j"] = 0
    assert synapses.w[:].tolist() == [0, 1, 2, 10, 0, 12, 20, 21, 0]
    assert synapses.w[4] == 0
    assert len(synapses[0, :]) == 3
    assert synapses.indices[2, 1].tolist() == [7]
    weights = np.zeros((3, 3))
    weights[synapses.i[:], synapses.j[:]] = synapses.w[:]
    assert weights[2, 1] == 21


def test_neuron_subexpressions_laid_out_over_lines_are_reachable_from_synapses():
    # Equations blocks keep each expression's layout: the text after "=" starts with a blank
    # and may break over lines (the COBAHH and exprel examples). Synapses onto such a group
    # must still see the subexpressions, as ``rate_post`` and ``rate_pre``.
    model = """
    x : 1
    rate = 2*x +
           1 : 1
    """
    source, target = NeuronGroup(2, model), NeuronGroup(2, model)
    source.x, target.x = [1, 2], [10, 20]
    synapses = Synapses(source, target, "w : 1")
    synapses.connect(j="i")
    synapses.w = "rate_pre + rate_post"
    assert synapses.w[:].tolist() == [3 + 21, 5 + 41]


def test_monitoring_synaptic_variables():
    source = NeuronGroup(2, "", threshold="True")
    target = NeuronGroup(2, "")
    synapses = Synapses(source, target, "w : 1", on_pre="w += 1")
    synapses.connect()
    monitor = StateMonitor(synapses, "w", record=synapses[0, :])
    Network(source, target, synapses, monitor).run(0.3 * ms)
    assert monitor.w.shape == (2, 3)
    assert monitor.w[:, -1].tolist() == [2, 2]
    assert monitor[synapses[0, 1]].w.tolist() == [[0, 1, 2]]


def test_names_of_pre_and_post_variables_must_not_clash():
    source, target = NeuronGroup(1, "w : 1"), NeuronGroup(1, "v : 1")
    with pytest.raises(ModelError, match="presynaptic variable 'w' has the same name"):
        Synapses(source, target, "w : 1")
    with pytest.raises(ModelError, match="'delay' is a variable of every Synapses"):
        Synapses(target, target, "delay : second")


def test_a_pathway_needs_events_and_synapses():
    silent = NeuronGroup(1, "v : 1")
    with pytest.raises(ValueError, match="has no event 'spike'. Did you forget"):
        Synapses(silent, silent, on_pre="v += 1")
    spiking = NeuronGroup(1, "v : 1", threshold="True")
    unconnected = Synapses(spiking, spiking, on_pre="v += 1")
    with pytest.raises(EngineError, match="call connect"):
        Network(spiking, unconnected).run(1 * ms)


def test_on_pre_code_is_checked_with_the_place_of_the_error():
    group = NeuronGroup(1, "v : volt", threshold="True")
    synapses = Synapses(group, group, "w : 1", on_pre="v += w", name="exc")
    synapses.connect()
    with pytest.raises(EngineError) as caught:
        Network(group, synapses).run(1 * ms)
    assert "Error in 'exc_pre'" in str(caught.value)
    assert "v += w" in str(caught.value)


def test_store_and_restore_keep_queued_events():
    source = spiking_at([1.0])
    target = NeuronGroup(1, "v : 1")
    synapses = Synapses(source, target, on_pre="v += 1", delay=2 * ms)
    synapses.connect()
    net = Network(source, target, synapses)
    net.run(1.5 * ms)  # the event is in the queue
    net.store()
    net.run(2 * ms)
    assert target.v[0] == 1
    net.restore()
    assert target.v[0] == 0
    net.run(2 * ms)
    assert target.v[0] == 1


def test_a_synfire_chain_of_subgroups_with_delays():
    group = NeuronGroup(30, "dv/dt = -v/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    links = Synapses(group, group, on_pre="v += 2", delay=1 * ms)
    links.connect(j="k for k in range((i//10 + 1)*10, (i//10 + 2)*10) if i < 20")
    starter = Synapses(spiking_at([0.0]), group[:10], on_pre="v += 2")
    starter.connect()
    spikes = SpikeMonitor(group)
    Network(group, links, starter, starter.source, spikes).run(5 * ms)
    # Each layer fires one step after its input arrives: 0.1, 1.2, 2.3 ms.
    times = {int(i) // 10: t for i, t in zip(spikes.i, spikes.t / ms, strict=True)}
    assert times == pytest.approx({0: 0.1, 1: 1.2, 2: 2.3})
    assert spikes.num_spikes == 30
    assert second  # units are imported for the expressions of this module
    assert mV


def test_code_runs_regularly_for_every_synapse():
    source, target = NeuronGroup(2, ""), NeuronGroup(1, "v : 1")
    synapses = Synapses(source, target, "w : 1")
    synapses.connect()
    synapses.w = [1, 2]
    synapses.run_regularly("w = w*2\nv_post += w", dt=1 * ms)
    Network(source, target, synapses).run(2.5 * ms)
    assert synapses.w[:].tolist() == [8, 16]
    assert target.v[0] == (2 + 4) + (4 + 8) + (8 + 16)
