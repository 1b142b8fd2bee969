"""When the ``if`` of a connect generator is applied: before or after the range check.

Brian 2's rule: a condition that does not need the result's neuron (it uses the generator's
variable, the outer index, presynaptic values, random numbers) is applied first, so it can
keep the result inside the group; a condition on the result (``j``, ``v_post``) needs a valid
neuron, so the range is checked first (or, with ``skip_if_invalid``, invalid pairs dropped).
"""

import numpy as np
import pytest

from engine.groups import NeuronGroup
from engine.synapses import Synapses
from engine.synapses.connecting import GeneratorTypeError


def pairs(synapses):
    return list(zip(synapses.i[:].tolist(), synapses.j[:].tolist(), strict=True))


def test_a_condition_on_the_generator_variable_keeps_results_in_range():
    group = NeuronGroup(4, "v : 1")
    synapses = Synapses(group, group)
    synapses.connect(j="k for k in range(i, i+3) if k < N_post")
    expected = [(i, k) for i in range(4) for k in range(i, min(i + 3, 4))]
    assert pairs(synapses) == expected


def test_the_condition_filters_the_variable_before_the_element_is_checked():
    group = NeuronGroup(10, "v : 1")
    synapses = Synapses(group, group)
    synapses.connect(j="k + 2 for k in range(10) if k < 8")  # k = 8, 9 would give j = 10, 11
    assert len(synapses) == 80
    sampled = Synapses(group, group)
    sampled.connect(j="k for k in sample(i-3, i+4, p=1.0) if k >= 0 and k < N_post")
    assert len(sampled) == 58


def test_a_condition_on_the_result_index_still_needs_a_valid_neuron():
    group = NeuronGroup(10, "v : 1")
    for condition in ("j >= 0", "v_post >= 0"):
        synapses = Synapses(group, group)
        with pytest.raises(IndexError, match="j=-3.*skip_if_invalid"):
            synapses.connect(j=f"k for k in range(i-3, i+4) if {condition}")


def test_skip_if_invalid_drops_invalid_pairs_with_either_kind_of_condition():
    group = NeuronGroup(10, "v : 1")
    on_variable = Synapses(group, group)
    on_variable.connect(j="k for k in range(i-3, i+4) if i != k", skip_if_invalid=True)
    on_result = Synapses(group, group)
    on_result.connect(j="k for k in range(i-3, i+4) if j != i", skip_if_invalid=True)
    assert pairs(on_variable) == pairs(on_result)
    assert len(on_variable) == 48


def test_without_a_condition_out_of_range_is_an_index_error():
    group = NeuronGroup(10, "v : 1")
    synapses = Synapses(group, group)
    with pytest.raises(IndexError):
        synapses.connect(j="k for k in range(i-3, i+4) if i != k")


def test_a_random_condition_is_drawn_per_candidate_before_the_range_check():
    group = NeuronGroup(50, "v : 1")
    synapses = Synapses(group, group)
    synapses.connect(j="k for k in range(i, i+5) if k < N_post and rand() < 0.5")
    j = np.asarray(synapses.j[:])
    assert j.max() < 50
    assert 0 < len(j) < 5 * 50


def test_integral_floats_are_not_integers_for_connect():
    # Brian 2 refuses these with a TypeError too.
    group = NeuronGroup(10, "v : 1")
    synapses = Synapses(group, group)
    with pytest.raises(TypeError, match="n must be an integer"):
        synapses.connect(n=2.0)
    with pytest.raises(TypeError):
        synapses.connect(i=[0.0, 1.0], j=[1, 2])
    with pytest.raises(GeneratorTypeError, match="must be an integer expression"):
        synapses.connect(j="k for k in range(2.0)")
    with pytest.raises(TypeError):
        synapses.connect(j="k for k in sample(10, size=2.0)")


def test_n_true_is_one_synapse_per_pair_as_in_brian2():
    group = NeuronGroup(3, "v : 1")
    synapses = Synapses(group, group)
    synapses.connect(n=True)
    assert len(synapses) == 9
