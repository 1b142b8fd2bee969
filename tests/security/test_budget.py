"""Memory and time are estimated before they are spent: validate refuses what cannot fit.

The memory available is injected (`engine.core.memory.available_memory` is replaced by a fixed
16 GB), so that what is refused does not depend on the machine the tests run on.
"""

from __future__ import annotations

import gc
import glob
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from engine.core import memory
from engine.groups import NeuronGroup
from engine.project import fileio, runner
from engine.project.budget import budget_problems, estimate
from engine.project.document import (
    Connect,
    Edge,
    NeuronGroupNode,
    PoissonGroupNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
)
from engine.project.validate import validate
from engine.synapses import Synapses

GB = 1e9
LIMIT = 16 * GB
EXAMPLES = sorted(glob.glob(str(Path(__file__).parents[2] / "examples" / "*.spikecanvas")))
LIF = (
    "dv/dt = (ge + gi - (v + 49*mV))/(20*ms) : volt (unless refractory)\n"
    "dge/dt = -ge/(5*ms) : volt\n"
    "dgi/dt = -gi/(10*ms) : volt"
)


@pytest.fixture(autouse=True)
def sixteen_gigabytes(monkeypatch):
    monkeypatch.setattr(memory, "available_memory", lambda: LIMIT)


def network(
    N="1000",
    p="0.1",
    condition="",
    j="",
    n="",
    record="0",
    duration="1*second",
    dt="0.1*ms",
    group_dt="",
    monitor_dt="",
    synapse_model="",
) -> Project:
    """A group connected to itself, with a StateMonitor, a SpikeMonitor and a rate monitor."""
    return Project(
        run=RunSettings(duration=duration, dt=dt),
        nodes=[
            NeuronGroupNode(
                id="G",
                name="G",
                N=N,
                model=LIF,
                threshold="v > -50*mV",
                reset="v = -60*mV",
                refractory="5*ms",
                dt=group_dt,
            ),
            SynapsesNode(
                id="S",
                name="S",
                model=synapse_model,
                on_pre="ge += 1*mV",
                connect=Connect(p=p, condition=condition, j=j, n=n),
            ),
            StateMonitorNode(id="M", name="M", variables=["v"], record=record, dt=monitor_dt),
            SpikeMonitorNode(id="spikes", name="spikes"),
            PopulationRateMonitorNode(id="rate", name="rate"),
        ],
        edges=[
            Edge(source="G", target="S", role="pre"),
            Edge(source="S", target="G", role="post"),
            Edge(source="G", target="M", role="record"),
            Edge(source="G", target="spikes", role="record"),
            Edge(source="G", target="rate", role="record"),
        ],
    )


def errors(project: Project, node_id=None, field=None):
    """The errors of validate at ``node_id`` and ``field``."""
    return [
        d
        for d in validate(project)
        if d.severity == "error" and d.node_id == node_id and d.field == field
    ]


def budget_errors(project: Project):
    return [p for p in budget_problems(project) if p.severity == "error"]


# -- what is refused ------------------------------------------------------------------------------


def test_a_billion_neurons_are_refused_at_N_with_the_estimate_and_the_limit():
    found = errors(network(N="1e9", p="0"), "G", "N")
    assert len(found) == 1
    message = found[0].message
    assert message.startswith("'G': about ")
    assert "for 1e9 neurons" in message
    assert "GB" in message
    assert "16 GB available" in message
    assert "Lower N" in message


def test_p_1_on_1e5_neurons_is_refused_at_connect_p():
    (found,) = errors(network(N="1e5", p="1"), "S", "connect.p")
    assert "'S': about " in found.message
    assert "for 1e10 synapses (N_pre × N_post × p = 1e5 × 1e5 × 1)" in found.message
    assert "16 GB available" in found.message
    assert "Lower p or N" in found.message


def test_recording_a_million_neurons_for_a_second_is_refused_at_record():
    (found,) = errors(network(N="1e6", p="0", record="True"), "M", "record")
    assert "'M': about " in found.message
    assert "1e6 elements × 1 variable × 10000 samples" in found.message
    # 1e6 × 1e4 samples of 8 bytes: 80 GB of values, whatever the overheads.
    assert "80 GB of values" in found.message


def test_a_small_network_and_a_normal_recording_are_not_refused():
    assert budget_problems(network(N="4000", p="0.02", record="[0, 1, 2]")) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: Path(p).stem)
def test_no_example_gets_a_budget_problem(path):
    assert budget_problems(fileio.load(path)) == []


@pytest.mark.parametrize("path", EXAMPLES[:3], ids=lambda p: Path(p).stem)
def test_no_example_gets_a_budget_problem_on_this_machine(path, monkeypatch):
    monkeypatch.undo()  # the memory this machine really has
    assert budget_problems(fileio.load(path)) == []


def test_synapses_per_pair_multiply_the_estimate():
    # 1e8 synapses fit in 16 GB; ten per pair do not.
    assert not errors(network(N="1e4", p="1"), "S", "connect.p")
    (found,) = errors(network(N="1e4", p="1", n="10"), "S", "connect.p")
    assert "1e9 synapses" in found.message


def test_a_condition_most_pairs_meet_is_refused_from_a_sample_of_pairs():
    (found,) = errors(network(N="1e5", p="", condition="i != j"), "S", "connect.condition")
    assert "1e10 synapses" in found.message
    assert "the share passing the condition in a sample" in found.message


def test_a_condition_few_pairs_meet_is_not_refused():
    # A ring of a million neurons, each connected to its 18 neighbours: 2e7 synapses.
    assert budget_problems(network(N="1e6", p="", condition="abs(i - j) < 10")) == []


def test_a_condition_only_the_network_can_evaluate_is_an_upper_bound_and_a_warning():
    project = network(N="1e5", p="", condition="v_pre > v_post")
    assert not budget_errors(project)
    (found,) = [d for d in validate(project) if d.field == "connect.condition"]
    assert found.severity == "warning"
    assert "up to " in found.message
    assert "if all of them pass the condition" in found.message


def test_a_probability_that_depends_on_the_indices_is_sampled():
    # exp(-|i-j|/1000) keeps about 2000 synapses per neuron of 1e5: 2e8 synapses, 12 GB; all
    # 1e10 pairs would take 600 GB.
    project = network(N="1e5", p="exp(-abs(i - j)/1000.0)")
    assert not budget_errors(project)
    (found,) = [c for c in estimate(project) if c.node_id == "S"]
    assert not found.bound
    assert 1e9 < found.bytes < 1e11
    assert "the share passing p in a sample" in found.what


def test_a_simple_generator_is_estimated_from_its_range():
    project = network(N="1e7", p="", j="k for k in range(i - 500, i + 501)")
    (found,) = errors(project, "S", "connect.j")
    assert "1e10 synapses (from the generator of j)" in found.message


def test_a_generator_with_a_condition_counts_what_meets_it():
    kept = network(N="1e7", p="", j="k for k in range(i - 500, i + 501) if k % 100 == 0")
    assert not budget_errors(kept)  # 1e8 synapses


def test_a_generator_that_uses_model_variables_is_not_estimated():
    project = network(N="1e5", p="", j="k for k in range(int(v_pre/mV), N_post)")
    assert not any(c.node_id == "S" for c in estimate(project))
    assert not budget_errors(project)


@pytest.mark.parametrize(
    ("N", "p"),
    [("1e300", "1e-300"), ("2**63", "1"), ("2**1000", "1e-300"), ("1e308", "1"), ("1e5", "1e-300")],
)
def test_huge_and_tiny_values_give_diagnostics_never_an_exception(N, p):
    found = validate(network(N=N, p=p))
    assert all(isinstance(d.message, str) for d in found)
    assert not any("could not be checked" in d.message for d in found)
    if N == "1e5":
        assert not budget_errors(network(N=N, p=p))
    else:
        assert errors(network(N=N, p=p), "G", "N")


def test_a_delay_of_a_billion_seconds_is_refused_at_delay():
    # The spike queue has a row per step of the longest delay: 1e13 rows.
    project = network(N="100", p="0.1")
    project.node("S").delay = "1e9*second"
    (found,) = errors(project, "S", "delay")
    assert "'S': about " in found.message
    assert "a spike queue of 1e13 steps" in found.message


def test_a_delay_per_synapse_is_sampled_for_its_longest():
    project = network(N="100", p="0.1")
    project.node("S").delay = "j*1e8*second"  # up to 99e8 s
    (found,) = errors(project, "S", "delay")
    assert "spike queue of" in found.message
    project.node("S").delay = "j*0.1*ms"  # up to 9.9 ms: 100 rows
    assert not errors(project, "S", "delay")


# -- steps ----------------------------------------------------------------------------------------


def test_a_run_of_more_than_1e10_steps_is_refused_at_the_duration():
    (found,) = errors(network(duration="1e7*second"), None, "run.duration")
    assert "1e11 steps" in found.message
    assert "1e10" in found.message


def test_a_tiny_time_step_is_refused_at_run_dt():
    (found,) = errors(network(duration="1*second", dt="1e-12*second"), None, "run.dt")
    assert "1e12 steps" in found.message


def test_a_tiny_time_step_of_a_group_or_a_monitor_is_refused_at_its_dt():
    assert errors(network(group_dt="1e-12*second"), "G", "dt")
    assert errors(network(monitor_dt="1e-12*second"), "M", "dt")


def test_ten_billion_steps_are_allowed():
    project = network(duration="1e6*second", dt="0.1*ms", record="False")
    assert not [p for p in budget_problems(project) if p.field in ("run.dt", "run.duration")]


# -- guesses and totals ---------------------------------------------------------------------------


def test_a_spike_monitor_is_only_warned_about():
    project = network(N="1e6", p="0", duration="1000*second")
    found = [p for p in budget_problems(project) if p.node_id == "spikes"]
    assert [p.severity for p in found] == ["warning"]
    assert "at 100 Hz" in found[0].message


def test_nodes_that_fit_alone_but_not_together_are_refused_at_the_largest():
    project = network(N="1e8", p="0")  # about 7 GB
    project.nodes.append(PoissonGroupNode(id="P", name="P", N="3e8"))  # about 10 GB
    assert not any(c.bytes > LIMIT for c in estimate(project))
    (found,) = budget_errors(project)
    assert (found.node_id, found.field) == ("P", "N")
    assert "in all" in found.message
    assert "'P'" in found.message


def test_the_limit_is_the_smaller_of_the_available_memory_and_the_cgroup(monkeypatch):
    monkeypatch.undo()
    monkeypatch.setattr(memory, "_system_available", lambda: int(20 * GB))
    monkeypatch.setattr(memory, "_cgroup_limit", lambda: int(8 * GB))
    assert memory.available_memory() == int(8 * GB)
    monkeypatch.setattr(memory, "_cgroup_limit", lambda: None)
    assert memory.available_memory() == int(20 * GB)


def test_this_machine_has_a_memory_limit(monkeypatch):
    monkeypatch.undo()
    limit = memory.available_memory()
    assert limit is not None
    assert limit > 0


def test_the_budget_is_cheap_enough_for_every_keystroke():
    project = network(N="1e5", p="", condition="i != j")
    start = time.perf_counter()
    for _ in range(10):
        budget_problems(project)
    assert (time.perf_counter() - start) / 10 < 0.5


# -- the estimates against real networks ----------------------------------------------------------


def _peak_of_run(project: Project) -> float:
    """The peak of memory allocated while ``project`` is built and run (numpy's arrays too)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        runner.run(project)
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


# The estimates count what the engine holds at its peak (arrays, the temporary arrays of
# connect and of a step, records that grow by doubling and are copied into the results). They
# are checked against the peak `tracemalloc` sees over a whole run, within a factor of 1.5 either
# way: the transient arrays of connect and the growth of records vary with the sizes (from 24 to
# 41 bytes per synapse, records held 3 to 5 times over), and Python's own objects are not
# counted by the estimate.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("N", "p", "record", "duration"),
    [
        ("1500", "0.5", "[0]", "2*ms"),  # synapses dominate: about 1.1e6
        ("3000", "0.3", "[0]", "2*ms"),  # about 2.7e6 synapses
        ("2000", "0", "True", "500*ms"),  # records dominate: 2000 × 5000 samples
    ],
)
def test_the_estimate_is_within_a_factor_of_the_real_peak(N, p, record, duration):
    project = network(N=N, p=p, record=record, duration=duration)
    project.run.target = "numpy"
    project.run.seed = 1
    estimated = sum(cost.bytes for cost in estimate(project))
    real = _peak_of_run(project)
    assert real / 1.5 < estimated < real * 1.5, (estimated, real)


# -- the engine's own connect ---------------------------------------------------------------------


def test_connect_refuses_more_synapses_than_it_can_number_before_drawing_any():
    group = NeuronGroup(100_000, "v : 1", threshold="v > 1")
    synapses = Synapses(group, group, on_pre="v += 1")
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"about 1e10 synapses.*32-bit integers"):
        synapses.connect(p=1)
    assert time.perf_counter() - start < 5  # refused, not drawn
    assert len(synapses) == 0


def test_connect_refuses_what_the_memory_cannot_hold(monkeypatch):
    monkeypatch.setattr(memory, "available_memory", lambda: 1_000_000)
    group = NeuronGroup(10_000, "v : 1", threshold="v > 1")
    synapses = Synapses(group, group, on_pre="v += 1")
    with pytest.raises(ValueError, match=r"about 1e7 synapses: their indices alone take 0.0\d+ GB"):
        synapses.connect(p=0.1)
    with pytest.raises(ValueError, match="indices alone"):
        synapses.connect(j="k for k in range(N_post)")


def test_connect_still_makes_what_fits_with_the_same_random_numbers(monkeypatch):
    from engine.rng import seed

    def connected():
        group = NeuronGroup(300, "v : 1", threshold="v > 1")
        synapses = Synapses(group, group, on_pre="v += 1")
        seed(3)
        synapses.connect(p=0.3)
        return synapses.i[:].copy(), synapses.j[:].copy()

    first = connected()
    # The least memory that can hold them: the guard lets it through, the draws are the same.
    monkeypatch.setattr(memory, "available_memory", lambda: 8 * 300 * 300)
    second = connected()
    assert len(first[0]) > 0
    assert (first[0] == second[0]).all()
    assert (first[1] == second[1]).all()


def test_validate_and_the_budget_run_in_threads_without_sharing_state():
    # The editor validates in the GUI thread while a run prepares in another.
    results = []

    def check():
        results.append(len(budget_errors(network(N="1e5", p="1"))))

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [1, 1, 1, 1]
