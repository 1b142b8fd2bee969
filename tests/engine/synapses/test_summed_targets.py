"""Which targets a summed variable may write: linked variables, and two summed variables."""

import pytest

from engine.core import Network
from engine.errors import ModelError
from engine.groups import NeuronGroup, linked_var
from engine.synapses import Synapses
from engine.units import ms


def test_onto_a_variable_linked_one_to_one_the_sums_reach_the_linked_variable():
    source = NeuronGroup(4, "")
    owner = NeuronGroup(3, "y : 1")
    linking = NeuronGroup(3, "z : 1 (linked)")
    linking.z = linked_var(owner, "y")
    synapses = Synapses(source, linking, "z_post = 1 : 1 (summed)")
    synapses.connect()
    Network(source, owner, linking, synapses).run(0.1 * ms)
    assert owner.y[:].tolist() == [4, 4, 4]


def test_onto_a_variable_linked_with_an_index_is_refused():
    # Brian 2 refuses it too (a ValueError): the sums would not fall on their elements.
    source = NeuronGroup(4, "")
    owner = NeuronGroup(2, "y : 1")
    linking = NeuronGroup(4, "z : 1 (linked)")
    linking.z = linked_var(owner, "y", index=[0, 0, 1, 1])
    with pytest.raises(ModelError, match="linked with an index"):
        Synapses(source, linking, "z_post = 1 : 1 (summed)")


def test_onto_a_linked_variable_not_linked_yet_is_refused():
    source, linking = NeuronGroup(4, ""), NeuronGroup(4, "z : 1 (linked)")
    with pytest.raises(ModelError, match="not linked yet.*linked_var"):
        Synapses(source, linking, "z_post = 1 : 1 (summed)")


def test_two_summed_variables_onto_one_variable_are_refused_when_run():
    source = NeuronGroup(4, "")
    target = NeuronGroup(10, "y : 1")
    first = Synapses(source, target, "y_post = 1 : 1 (summed)")
    first.connect()
    second = Synapses(source, target, "y_post = 2 : 1 (summed)")
    second.connect()
    with pytest.raises(NotImplementedError, match="Multiple 'summed variables'.*'y'"):
        Network(source, target, first, second).run(0.1 * ms)
    # Each alone is fine (Brian 2 checks the objects of the network that runs).
    Network(source, target, first).run(0.1 * ms)
    assert target.y[:].tolist() == [4] * 10


def test_two_summed_variables_through_a_link_are_one_variable():
    source = NeuronGroup(4, "")
    owner = NeuronGroup(10, "y : 1")
    linking = NeuronGroup(10, "z : 1 (linked)")
    linking.z = linked_var(owner, "y")
    direct = Synapses(source, owner, "y_post = 1 : 1 (summed)")
    direct.connect()
    through_link = Synapses(source, linking, "z_post = 2 : 1 (summed)")
    through_link.connect()
    with pytest.raises(NotImplementedError, match="same elements"):
        Network(source, owner, linking, direct, through_link).run(0.1 * ms)


def test_disjoint_subgroups_may_each_have_a_summed_variable():
    source = NeuronGroup(4, "")
    target = NeuronGroup(10, "y : 1")
    low = Synapses(source, target[:5], "y_post = 1 : 1 (summed)")
    low.connect()
    high = Synapses(source, target[5:], "y_post = 2 : 1 (summed)")
    high.connect()
    Network(source, target, low, high).run(0.1 * ms)
    assert target.y[:].tolist() == [4] * 5 + [8] * 5
    overlapping = Synapses(source, target[4:], "y_post = 3 : 1 (summed)")
    overlapping.connect()
    with pytest.raises(NotImplementedError, match="same elements"):
        Network(source, target, low, overlapping).run(0.1 * ms)


def test_one_synapses_object_cannot_sum_twice_into_one_variable():
    group = NeuronGroup(3, "y : 1")
    with pytest.raises(ModelError, match="already updated by another summed variable"):
        Synapses(group, group, "y_pre = 1 : 1 (summed)\ny_post = 2 : 1 (summed)")
