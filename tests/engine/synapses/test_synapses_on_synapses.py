"""Synapses acting on synapses: a Synapses object whose target is another Synapses object."""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.synapses import Synapses
from engine.units import ms


def weights():
    """Four always-spiking neurons connected all-to-all onto three: twelve weights."""
    source = NeuronGroup(4, "v : 1", threshold="True", reset="", name="src*")
    target = NeuronGroup(3, "v : 1", name="tgt*")
    weighted = Synapses(source, target, "w : 1", on_pre="v_post += w", name="weights*")
    weighted.connect()
    return source, target, weighted


def test_each_synapse_of_the_target_is_an_element():
    source, _, weighted = weights()
    modulating = Synapses(source, weighted, on_pre="w_post += 1", name="modulating*")
    modulating.connect(i=[0, 1], j=[0, 5])
    assert modulating.N_post == 12
    assert modulating.j[:].tolist() == [0, 5]
    assert modulating.N_incoming_post.tolist() == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]


def test_events_change_the_weights_of_the_target_synapses():
    source, target, weighted = weights()
    modulating = Synapses(source, weighted, on_pre="w_post += 1", name="modulating*")
    modulating.connect(i=[0, 1], j=[0, 5])
    Network(source, target, weighted, modulating).run(0.3 * ms)
    # Three steps, one increment each, of synapses 0 (0 -> 0) and 5 (1 -> 2).
    assert weighted.w[:].tolist() == [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0]


def test_the_target_synapses_variables_are_reached_with_and_without_suffix():
    source, _, weighted = weights()
    weighted.w = "j"
    modulating = Synapses(source, weighted, "c : 1", on_pre="w += c")
    modulating.connect(j="k for k in range(N_post) if k % 4 == i")
    modulating.c = "w_post + 10*j_post + 100*i_post"
    numbers = modulating.j[:]
    pre = numbers // 3  # synapse k of the all-to-all weights is (k // 3, k % 3)
    post = numbers % 3
    assert modulating.c[:] == pytest.approx(post + 10 * post + 100 * pre)


def test_a_condition_can_use_the_target_synapses_variables():
    source, _, weighted = weights()
    weighted.w = "j"
    modulating = Synapses(source, weighted)
    modulating.connect("w_post > 1.5 and i_post == i")
    assert modulating.j[:].tolist() == [2, 5, 8, 11]


def test_the_target_may_grow_after_the_modulating_synapses_exist():
    source, target, weighted = weights()
    modulating = Synapses(source, weighted, on_pre="w_post += 1")
    weighted.connect(i=0, j=0)  # a thirteenth target synapse
    assert modulating.N_post == 13
    modulating.connect(i=0, j=12)
    assert modulating.N_incoming_post.tolist() == [0] * 12 + [1]
    Network(source, target, weighted, modulating).run(0.1 * ms)
    assert weighted.w[:].tolist() == [0] * 12 + [1]


def test_a_summed_variable_onto_a_synaptic_parameter():
    source = NeuronGroup(5, "")
    target = NeuronGroup(5, "")
    connections = Synapses(source, target, "w : integer")
    connections.connect(j="i")
    summing = Synapses(source, connections, "w_post = x : integer (summed)\nx : integer")
    summing.connect("i >= j")
    summing.x = "i"
    Network(source, target, connections, summing).run(0.1 * ms)
    # Synapse j gets the sum of the i >= j: 10, 10, 9, 7, 4 (Brian 2's test of the same).
    assert connections.w[:].tolist() == [10, 10, 9, 7, 4]


def test_synapses_have_no_events_so_cannot_be_a_source_or_send_post_events():
    source, _, weighted = weights()
    with pytest.raises(ValueError, match="no event 'spike'"):
        Synapses(weighted, source, on_pre="v_post += 1")
    with pytest.raises(ValueError, match="no event 'spike'"):
        Synapses(source, weighted, on_pre="w_post += 1", on_post="v_pre += 1")


def test_own_delay_and_no_references_to_the_targets_neurons():
    source, _, weighted = weights()
    modulating = Synapses(source, weighted, on_pre="w_post += 1", delay=1 * ms)
    assert modulating.delay == 1 * ms  # its own, not the target synapses' delays
    names = set(modulating.variables)
    assert {"w_post", "w", "i_post", "j_post"} <= names
    # The target synapses' own references to their neurons and counts per neuron are not
    # values per target synapse (Brian 2 does not offer them either).
    assert not {"v_post_post", "N_incoming_post", "N_outgoing_post"} & names


def test_connecting_outside_the_target_synapses_is_an_index_error():
    source, _, weighted = weights()
    modulating = Synapses(source, weighted)
    with pytest.raises(IndexError):
        modulating.connect(i=0, j=12)
    assert np.asarray(modulating.j[:]).size == 0
