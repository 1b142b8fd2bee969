"""Profiling: run(..., profile=True), Network.profiling_info and profiling_summary()."""

import re

import pytest

from engine import (
    Network,
    NeuronGroup,
    SpikeMonitor,
    Synapses,
    magic_network,
    ms,
    profiling_summary,
    run,
    second,
)
from engine.core.profiling import ProfilingSummary

MODEL = "dv/dt = (2 - v)/(10*ms) : 1"


def network():
    G = NeuronGroup(10, MODEL, threshold="v > 1", reset="v = 0", method="exact")
    S = Synapses(G, G, on_pre="v += 0.01")
    S.connect(p=0.5)
    return Network(G, S, SpikeMonitor(G), name="net*")


def test_a_profiled_run_gives_the_time_of_each_objects_code_slowest_first():
    net = network()
    net.run(5 * ms, profile=True)
    info = net.profiling_info
    names = [name for name, _ in info]
    # The same names as Brian 2's for this network (the group and synapses have a step too).
    assert set(names) == {
        "neurongroup",
        "synapses",
        "neurongroup_stateupdater",
        "neurongroup_spike_thresholder",
        "neurongroup_spike_resetter",
        "synapses_pre",
        "spikemonitor",
    }
    times = [float(t) for _, t in info]
    assert times == sorted(times, reverse=True)
    assert all(t > 0 for t in times)
    assert all(t.dim is second.dim for _, t in info)


def test_a_profiled_run_simulates_the_same_as_an_unprofiled_one():
    results = []
    for profile in (False, True):
        net = network()
        net.run(30 * ms, profile=profile)
        group = next(obj for obj in net.objects if isinstance(obj, NeuronGroup))
        results.append(group.v[:].tolist())
    assert results[0] == results[1]


def test_without_profile_there_is_no_profiling_info_as_in_brian2():
    net = network()
    with pytest.raises(ValueError, match="profile=True"):
        _ = net.profiling_info
    net.run(1 * ms, profile=True)
    net.run(1 * ms)  # a run without profiling clears it
    with pytest.raises(ValueError, match="profile=True"):
        _ = net.profiling_info


def test_the_magic_run_is_profiled_and_summarised():
    G = NeuronGroup(3, MODEL, threshold="v > 1", reset="v = 0", method="exact")
    run(2 * ms, profile=True)
    assert {name for name, _ in magic_network.profiling_info} >= {f"{G.name}_stateupdater"}
    text = repr(profiling_summary())
    assert text.startswith("Profiling summary\n=================\n")


def test_the_summary_has_brian2s_shape_name_time_percentage():
    info = [("b_object", 0.003 * second), ("a", 0.001 * second)]
    text = repr(ProfilingSummary(info))
    assert text == (
        "Profiling summary\n"
        "=================\n"
        "b_object    3.00 ms    75.00 %\n"
        "a           1.00 ms    25.00 %\n"
    )


def test_show_limits_the_rows_but_percentages_are_of_the_total():
    net = network()
    net.run(2 * ms, profile=True)
    summary = profiling_summary(net, show=2)
    assert len(summary.names) == 2
    lines = str(summary).splitlines()[2:]
    assert len(lines) == 2
    assert all(re.fullmatch(r"\S+ +\d+\.\d\d [mun]?s +\d+\.\d\d %", line) for line in lines)
    assert sum(summary.percentages) < 100
