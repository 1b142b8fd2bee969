"""Synapses.connect: which synapses each form of the call creates, in which order."""

import numpy as np
import pytest

from engine.core import Network
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.rng import seed
from engine.synapses import Synapses
from engine.units import ms, umetre


def pairs(synapses):
    return list(zip(synapses.i[:].tolist(), synapses.j[:].tolist(), strict=True))


@pytest.fixture
def groups():
    return NeuronGroup(4, "x : 1"), NeuronGroup(3, "y : 1")


def test_creating_synapses_creates_no_synapse(groups):
    synapses = Synapses(*groups, "w : 1")
    assert len(synapses) == 0
    with pytest.raises(TypeError, match="call connect"):
        synapses.w = 1


def test_all_to_all_in_the_order_of_the_connection_matrix(groups):
    synapses = Synapses(*groups)
    synapses.connect()
    assert pairs(synapses) == [(i, j) for i in range(4) for j in range(3)]


def test_pairs_given_as_arrays_broadcast_and_repeat(groups):
    synapses = Synapses(*groups)
    synapses.connect(i=[0, 1], j=[2, 0])
    synapses.connect(i=np.arange(3), j=1, n=2)
    assert pairs(synapses) == [(0, 2), (1, 0), (0, 1), (0, 1), (1, 1), (1, 1), (2, 1), (2, 1)]


def test_arrays_outside_the_groups_are_refused(groups):
    synapses = Synapses(*groups)
    with pytest.raises(IndexError, match="target indices contain values outside the range 0 to 2"):
        synapses.connect(i=0, j=3)
    with pytest.raises(TypeError, match="must be integers"):
        synapses.connect(i=[0.5], j=[1])


def test_a_condition_on_indices_and_on_neuron_values(groups):
    source, target = groups
    source.x = [0, 1, 2, 3]
    target.y = [1, 2, 3]
    synapses = Synapses(source, target)
    synapses.connect("i != j and x_pre < y_post")
    assert pairs(synapses) == [(0, 1), (0, 2), (1, 2)]


def test_a_condition_with_units(groups):
    source = NeuronGroup(5, "x : metre")
    source.x = "i*100*umetre"
    synapses = Synapses(source, source)
    synapses.connect("abs(x_pre - x_post) < 150*umetre and i != j")
    assert pairs(synapses) == [(0, 1), (1, 0), (1, 2), (2, 1), (2, 3), (3, 2), (3, 4), (4, 3)]
    assert umetre  # the unit is found in this scope by the expression


def test_one_to_one_and_mappings(groups):
    group = NeuronGroup(6, "")
    synapses = Synapses(group, group)
    synapses.connect(j="i")
    assert pairs(synapses) == [(i, i) for i in range(6)]
    mapped = Synapses(group, group)
    mapped.connect(j="int(i/2) if i % 2 == 0")
    assert pairs(mapped) == [(0, 0), (2, 1), (4, 2)]


def test_generators_over_ranges(groups):
    group = NeuronGroup(5, "")
    neighbours = Synapses(group, group)
    neighbours.connect(j="k for k in range(i-1, i+2) if k != i", skip_if_invalid=True)
    assert pairs(neighbours) == [(0, 1), (1, 0), (1, 2), (2, 1), (2, 3), (3, 2), (3, 4), (4, 3)]
    stepped = Synapses(group, group)
    stepped.connect(j="k for k in range(4, -1, -2) if i == 0")
    assert pairs(stepped) == [(0, 4), (0, 2), (0, 0)]
    with pytest.raises(IndexError, match="outside the group's range 0 to 4"):
        Synapses(group, group).connect(j="i + 1")


def test_generators_over_presynaptic_neurons(groups):
    group = NeuronGroup(4, "")
    synapses = Synapses(group, group)
    synapses.connect(i="k for k in range(j)")
    assert pairs(synapses) == [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]


def test_samples_of_fixed_size_without_replacement():
    seed(3)
    source, target = NeuronGroup(50, ""), NeuronGroup(40, "")
    synapses = Synapses(source, target)
    synapses.connect(j="k for k in sample(N_post, size=i % 7)")
    counts = np.bincount(synapses.i[:], minlength=50)
    assert counts.tolist() == [i % 7 for i in range(50)]
    for i in range(50):  # no neuron twice, in increasing order
        targets = synapses.j[:][synapses.i[:] == i]
        assert np.all(np.diff(targets) > 0)
    with pytest.raises(IndexError, match="bigger than the population size 40"):
        Synapses(source, target).connect(j="k for k in sample(N_post, size=41)")


def test_random_connections_have_the_probability_asked_for():
    seed(11)
    source, target = NeuronGroup(2000, ""), NeuronGroup(1000, "")
    synapses = Synapses(source, target)
    synapses.connect(p=0.05)
    # 2e6 Bernoulli(0.05) pairs: 1e5 expected, standard deviation about 308. Five standard
    # deviations is a tolerance a correct sampler fails once in a few million runs.
    assert abs(len(synapses) - 100_000) < 5 * 308
    assert len(set(pairs(synapses))) == len(synapses)
    per_target = np.bincount(synapses.j[:], minlength=1000)
    # Each target: Binomial(2000, 0.05), mean 100, sd 9.7; the mean over 1000 targets is
    # within 5 * 9.7 / sqrt(1000) of 100.
    assert abs(per_target.mean() - 100) < 5 * 9.7 / np.sqrt(1000)


def test_probabilities_as_expressions_of_the_pair():
    seed(5)
    group = NeuronGroup(400, "")
    synapses = Synapses(group, group)
    synapses.connect(p="1.0*(j < 100)")
    assert set(synapses.j[:]) == set(range(100))
    assert len(synapses) == 400 * 100
    by_source = Synapses(group, group)
    by_source.connect(j="k for k in sample(N_post, p=i*1.0/(N_pre-1))")
    counts = np.bincount(by_source.i[:], minlength=400)
    assert counts[0] == 0
    assert counts[-1] == 400
    # Source i draws Binomial(400, i/399): their total has mean 200*400, sd about 163.
    assert abs(counts.sum() - 80_000) < 5 * 163


def test_sparse_connection_of_large_groups_draws_only_the_synapses():
    seed(2)
    group = NeuronGroup(100_000, "")
    synapses = Synapses(group, group)
    synapses.connect(p=0.0001)  # 1e10 candidate pairs, about 1e6 synapses
    assert abs(len(synapses) - 1_000_000) < 5 * 1000
    assert synapses.variables["_synaptic_pre"].get_value().dtype == np.int32


def test_the_condition_is_a_checked_boolean(groups):
    synapses = Synapses(*groups)
    with pytest.raises(ModelError, match="not a condition"):
        synapses.connect("i + j")
    with pytest.raises(ModelError, match="could not be resolved"):
        synapses.connect("i < unknown_name")
    with pytest.raises(ValueError, match=r"write connect\(j="):
        synapses.connect("k for k in range(3)")
    with pytest.raises(ModelError, match="must be an integer expression"):
        synapses.connect(j="i*0.5")
    with pytest.raises(ModelError, match="cannot use the synaptic variable 'w'"):
        Synapses(*groups, "w : 1").connect("w > 0")


def test_generator_syntax_errors_point_at_the_text(groups):
    synapses = Synapses(*groups)
    with pytest.raises(ModelError, match="range\\(\\.\\.\\.\\) or sample"):
        synapses.connect(j="k for k in list(3)")
    with pytest.raises(ModelError, match="sample needs either p= .* or size="):
        synapses.connect(j="k for k in sample(3)")
    with pytest.raises(ValueError, match="may only depend on 'i'"):
        synapses.connect(j="k for k in range(j)")


def test_multisynaptic_index_numbers_the_synapses_of_a_pair(groups):
    synapses = Synapses(*groups, multisynaptic_index="k")
    synapses.connect(i=0, j=[1, 2], n=3)
    assert synapses.k[:].tolist() == [0, 1, 2, 0, 1, 2]
    assert synapses.calc_indices((0, 2, 1)).tolist() == [4]


def test_counts_of_incoming_and_outgoing_synapses(groups):
    source, target = NeuronGroup(3, ""), NeuronGroup(3, "")
    synapses = Synapses(source, target)
    synapses.connect(i=[0, 0, 1, 2], j=[1, 2, 2, 2])
    assert synapses.N_outgoing_pre.tolist() == [2, 1, 1]
    assert synapses.N_outgoing[:].tolist() == [2, 2, 1, 1]
    assert synapses.N_incoming_post.tolist() == [0, 1, 3]
    assert synapses.N_incoming[:].tolist() == [1, 3, 3, 3]


def test_subgroups_count_from_their_first_neuron():
    group = NeuronGroup(10, "x : 1")
    group.x = "i"
    synapses = Synapses(group[2:5], group[6:9], "w : 1")
    synapses.connect("i == j")
    assert pairs(synapses) == [(0, 0), (1, 1), (2, 2)]
    synapses.w = "x_pre + 10*x_post"
    assert synapses.w[:].tolist() == [62, 73, 84]
    assert synapses.N_incoming_post.tolist() == [1, 1, 1]


def test_connecting_twice_adds_synapses_and_keeps_values(groups):
    synapses = Synapses(*groups, "w : 1")
    synapses.connect(j="i", skip_if_invalid=True)
    synapses.w = 5
    synapses.connect(i=3, j=0)
    assert synapses.w[:].tolist() == [5, 5, 5, 0]
    net = Network(*groups, synapses)
    net.run(1 * ms)
