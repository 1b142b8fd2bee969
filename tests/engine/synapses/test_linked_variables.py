"""Linked variables in Synapses: ``y : volt (linked)`` read (and written) through each synapse."""

import numpy as np
import pytest

from engine.core import EngineError, Network
from engine.errors import ModelError
from engine.groups import NeuronGroup, linked_var
from engine.synapses import Synapses
from engine.units import DimensionMismatchError, ms, mV


def groups():
    """Three presynaptic neurons that spike at the first step; five postsynaptic neurons."""
    source = NeuronGroup(3, "x : volt", threshold="True", reset="", name="src*")
    target = NeuronGroup(5, "v : volt", name="tgt*")
    target.v = [1, 2, 3, 4, 5] * mV
    return source, target


def test_index_j_links_each_synapse_to_its_postsynaptic_neuron():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    synapses.y = linked_var(target, "v", index="j")
    assert synapses.y[:] / mV == pytest.approx(np.tile([1, 2, 3, 4, 5], 3))


def test_index_i_and_an_integer_parameter_name_other_elements():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)\nz : volt (linked)\nk : integer")
    synapses.connect()
    synapses.k = "4 - j"
    synapses.y = linked_var(target.v, index="i")
    synapses.z = linked_var(target, "v", index="k")
    assert synapses.y[:] / mV == pytest.approx(np.repeat([1, 2, 3], 5))
    assert synapses.z[:] / mV == pytest.approx(np.tile([5, 4, 3, 2, 1], 3))


def test_writing_through_a_link_counts_every_synapse():
    # Three synapses reach each target neuron: each adds its 1 mV (Brian 2 gives the same).
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)", on_pre="y += 1*mV")
    synapses.connect()
    synapses.y = linked_var(target, "v", index="j")
    Network(source, target, synapses).run(0.1 * ms)  # one step: one spike per source
    assert target.v[:] / mV == pytest.approx([4, 5, 6, 7, 8])


def test_a_group_of_one_or_a_shared_variable_is_linked_to_every_synapse():
    source, target = groups()
    modulator = NeuronGroup(1, "dopamine : 1", name="dop*")
    modulator.dopamine = 7
    global_rate = NeuronGroup(4, "eta : 1 (shared)", name="eta*")
    global_rate.eta = 0.5
    synapses = Synapses(
        source, target, "d : 1 (linked)\neta : 1 (linked)", on_pre="v_post += d*eta*mV"
    )
    synapses.connect()
    synapses.d = linked_var(modulator, "dopamine")
    synapses.eta = linked_var(global_rate, "eta")
    assert synapses.d[:].tolist() == [7.0] * 15
    Network(source, target, synapses, modulator, global_rate).run(0.1 * ms)
    # 3 synapses per target neuron, each adding 7*0.5 mV.
    assert target.v[:] / mV == pytest.approx(np.array([1, 2, 3, 4, 5]) + 10.5)


def test_links_follow_synapses_created_after_the_link():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.y = linked_var(target, "v", index="j")
    synapses.connect(i=0, j=[1, 3])
    synapses.connect(i=2, j=4)
    assert synapses.y[:] / mV == pytest.approx([2, 4, 5])


def test_a_link_into_a_subgroup_reads_the_subgroups_elements():
    source, target = groups()
    part = target[2:]
    synapses = Synapses(source, part, "y : volt (linked)")
    synapses.connect(j="i")
    synapses.y = linked_var(part, "v", index="j")
    assert synapses.y[:] / mV == pytest.approx([3, 4, 5])


def test_without_an_index_the_sizes_must_match():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    with pytest.raises(ValueError, match=r"\(15 != 5\).*index='j'"):
        synapses.y = linked_var(target, "v")
    one_to_one = Synapses(source, target, "y : volt (linked)")
    one_to_one.connect(j="i + 2")
    one_to_one.y = linked_var(source, "x")  # 3 synapses, 3 neurons: synapse k reads neuron k
    source.x = [10, 20, 30] * mV
    assert one_to_one.y[:] / mV == pytest.approx([10, 20, 30])


def test_a_link_to_a_variable_that_does_not_exist_is_a_key_error():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    with pytest.raises(KeyError, match="no variable 'u'"):
        synapses.y = linked_var(target, "u", index="j")


def test_a_linked_variable_cannot_be_assigned_a_value():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    with pytest.raises(ValueError, match="Cannot set the linked variable 'y'.*linked_var"):
        synapses.y = 3 * mV
    synapses.y = linked_var(target, "v", index="j")
    with pytest.raises(ValueError, match="Cannot set the linked variable 'y'"):
        synapses.y = 3 * mV
    synapses.y[0] = 9 * mV  # an element: written through to the neuron, as in Brian 2
    assert target.v[0] / mV == pytest.approx(9)


def test_linking_requires_the_linked_flag_and_the_same_unit():
    source, target = groups()
    synapses = Synapses(source, target, "w : volt\nr : 1 (linked)")
    synapses.connect()
    with pytest.raises(TypeError, match=r"declared as a linked variable"):
        synapses.w = linked_var(target, "v", index="j")
    with pytest.raises(DimensionMismatchError):
        synapses.r = linked_var(target, "v", index="j")


def test_index_arrays_are_refused_for_synapses():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    with pytest.raises(TypeError, match="index='j'"):
        synapses.y = linked_var(target, "v", index=np.arange(15) % 5)


@pytest.mark.parametrize(
    ("index", "error", "message"),
    [
        ("unknown", ValueError, "'unknown' not found"),
        ("w", TypeError, "integer parameter"),
        ("N_incoming", ValueError, "default index"),
    ],
)
def test_the_index_must_be_an_integer_variable_per_synapse(index, error, message):
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)\nw : 1")
    synapses.connect()
    with pytest.raises(error, match=message):
        synapses.y = linked_var(target, "v", index=index)


def test_an_index_outside_the_linked_group_is_an_index_error():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)\nk : integer")
    synapses.connect()
    synapses.k = "j + 1"
    with pytest.raises(IndexError, match="'k'.*is 5.*0 to 4"):
        synapses.y = linked_var(target, "v", index="k")


def test_synapse_variables_cannot_be_linked_to():
    # Their number changes with connect: Brian 2 refuses it with NotImplementedError too.
    source, target = groups()
    weights = Synapses(source, target, "w : volt")
    weights.connect()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.connect()
    with pytest.raises(NotImplementedError, match="fixed size"):
        synapses.y = linked_var(weights, "w")
    neurons = NeuronGroup(15, "q : volt (linked)")
    with pytest.raises(NotImplementedError):
        neurons.q = linked_var(weights, "w")


def test_a_linked_variable_used_before_it_is_linked_is_named():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)", on_pre="v_post += y")
    synapses.connect()
    with pytest.raises(EngineError, match="'y' of '.*' has not been linked.*linked_var"):
        Network(source, target, synapses).run(0.1 * ms)


def test_connect_cannot_use_a_linked_variable():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.y = linked_var(target, "v", index="j")
    with pytest.raises(ModelError, match="linked variable 'y'"):
        synapses.connect("y > 2*mV")


def test_a_linked_variable_has_the_name_rules_of_other_synaptic_variables():
    source, target = groups()
    with pytest.raises(ValueError, match="same name"):
        Synapses(source, target, "v : volt (linked)")


def test_links_are_recomputed_after_a_restored_state():
    source, target = groups()
    synapses = Synapses(source, target, "y : volt (linked)")
    synapses.y = linked_var(target, "v", index="j")
    synapses.connect(i=0, j=[0, 1])
    network = Network(source, target, synapses)
    network.store()
    synapses.connect(i=1, j=[2, 3, 4])
    assert len(synapses.y[:]) == 5
    network.restore()
    assert synapses.y[:] / mV == pytest.approx([1, 2])


def test_a_link_to_a_linked_variable_reaches_the_variable_it_is_linked_to():
    # Brian 2 refuses this with an index (TypeError: it cannot precompute the positions); the
    # engine computes them from both links whenever synapses change.
    owner = NeuronGroup(2, "y : 1")
    owner.y = [5, 6]
    linking = NeuronGroup(4, "z : 1 (linked)")
    linking.z = linked_var(owner, "y", index=[1, 0, 1, 0])
    source = NeuronGroup(3, "v : 1", threshold="True", reset="")
    synapses = Synapses(source, linking, "q : 1 (linked)", on_pre="v_pre += q")
    synapses.connect()
    synapses.q = linked_var(linking, "z", index="j")
    assert synapses.q[:].tolist() == [6, 5, 6, 5] * 3
    Network(source, owner, linking, synapses).run(0.1 * ms)
    assert source.v[:].tolist() == [22, 22, 22]
