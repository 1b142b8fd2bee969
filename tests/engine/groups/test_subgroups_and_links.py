"""Subgroups share their parent's state; linked variables read another group's."""

import numpy as np
import pytest

from engine.core import EngineError, Network
from engine.groups import NeuronGroup, linked_var
from engine.monitors import SpikeMonitor, StateMonitor
from engine.units import DimensionMismatchError, ms


def test_a_subgroup_is_a_window_on_its_parent():
    group = NeuronGroup(10, "v : 1")
    part = group[3:6]
    assert len(part) == 3
    part.v = [1, 2, 3]
    assert np.array_equal(group.v[:], [0, 0, 0, 1, 2, 3, 0, 0, 0, 0])
    part.v = "i*10"  # i counts from the subgroup's first element
    assert np.array_equal(group.v[3:6], [0, 10, 20])
    assert np.array_equal(part.v["v > 5"], [10, 20])
    assert len(group[-1]) == 1
    with pytest.raises(IndexError, match="contiguous"):
        group[::2]


def test_monitors_on_subgroups_count_from_the_subgroup():
    group = NeuronGroup(6, "dv/dt = (1 + i)/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    part = group[2:4]
    spikes = SpikeMonitor(part)
    trace = StateMonitor(part, "v", record=[1])
    all_spikes = SpikeMonitor(group)
    Network(group, spikes, trace, all_spikes).run(20 * ms)
    assert set(spikes.i) == {0, 1}
    assert spikes.count.tolist() == all_spikes.count[2:4].tolist()
    assert np.allclose(trace[1].v, trace.v[0])


def test_linked_variables_read_another_group():
    source = NeuronGroup(3, "x : 1")
    target = NeuronGroup(3, "dv/dt = (I - v)/ms : 1\nI : 1 (linked)")
    target.I = linked_var(source, "x")
    source.x = [1, 2, 3]
    assert np.array_equal(target.I[:], [1, 2, 3])
    Network(source, target).run(20 * ms)
    assert np.allclose(target.v[:], [1, 2, 3], atol=1e-6)


def test_a_link_can_name_the_variable_itself():
    source = NeuronGroup(3, "x : 1")
    source.x = [1, 2, 3]
    target = NeuronGroup(3, "I : 1 (linked)")
    target.I = linked_var(source.x)
    assert np.array_equal(target.I[:], [1, 2, 3])
    with pytest.raises(TypeError, match="either a variable"):
        linked_var(source.x, "x")


def test_code_can_run_regularly_on_a_subgroup_alone():
    group = NeuronGroup(5, "v : 1")
    group[1:3].run_regularly("v += 1", dt=1 * ms)
    Network(group).run(2.5 * ms)  # the parent brings its subgroup's code into the network
    assert np.array_equal(group.v[:], [0, 3, 3, 0, 0])


def test_linking_to_a_single_element_or_with_an_index():
    source = NeuronGroup(1, "x : 1")
    source.x = 5
    target = NeuronGroup(4, "I : 1 (linked)")
    target.I = linked_var(source, "x")
    assert np.array_equal(target.I[:], [5, 5, 5, 5])
    bigger = NeuronGroup(2, "y : 1")
    bigger.y = [10, 20]
    indexed = NeuronGroup(4, "I : 1 (linked)")
    indexed.I = linked_var(bigger, "y", index=[1, 0, 1, 1])
    assert np.array_equal(indexed.I[:], [20, 10, 20, 20])


def test_link_errors():
    source = NeuronGroup(2, "x : 1\nu : volt")
    target = NeuronGroup(3, "I : 1 (linked)\nJ : volt (linked)\nK : 1")
    with pytest.raises(ValueError, match="give an index"):
        target.I = linked_var(source, "x")
    with pytest.raises(DimensionMismatchError, match="unit V"):
        target.J = linked_var(source, "x", index=[0, 0, 1])
    with pytest.raises(TypeError, match="not declared '\\(linked\\)'"):
        target.K = linked_var(source, "x", index=[0, 0, 1])
    with pytest.raises(EngineError, match="'I' has not been linked"):
        Network(target).run(1 * ms)
