"""BinomialFunction: binomial draws in model code, or their normal approximation as in Brian 2.

Tolerances are five standard deviations of the estimates (seeded, so reproducible).
"""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.input import BinomialFunction
from engine.rng import seed
from engine.units import DimensionMismatchError, Hz, ms


def draws_in_a_model(function, size=20000):
    group = NeuronGroup(size, "x : 1")
    group.run_regularly("x = inputs()")
    Network(group).run(0.1 * ms, namespace={"inputs": function})
    return np.asarray(group.x)


def test_exact_draws_are_whole_numbers_with_the_binomial_mean_and_variance():
    # n = 50, p = 0.05: mean 2.5, variance 2.375 (not approximated: n*p = 2.5 <= 5).
    seed(1)
    function = BinomialFunction(50, 0.05)
    assert not function.uses_normal
    values = draws_in_a_model(function)
    assert np.array_equal(values, np.round(values))
    assert values.min() >= 0
    assert abs(values.mean() - 2.5) < 5 * np.sqrt(2.375 / 20000)
    assert abs(values.var() - 2.375) < 5 * 2.375 * np.sqrt(2 / 20000) * 1.5  # skewed: wider


def test_large_means_are_approximated_by_a_normal_distribution_as_in_brian2():
    # n*p = 100 > 5 and n*(1-p) = 900 > 5: normal with mean 100 and variance 90.
    seed(2)
    function = BinomialFunction(1000, 0.1)
    assert function.uses_normal
    values = draws_in_a_model(function)
    assert not np.array_equal(values, np.round(values))
    assert abs(values.mean() - 100) < 5 * np.sqrt(90 / 20000)
    assert abs(values.var() - 90) < 5 * 90 * np.sqrt(2 / 20000)


def test_the_approximation_can_be_turned_off():
    seed(3)
    function = BinomialFunction(1000, 0.1, approximate=False)
    assert not function.uses_normal
    values = draws_in_a_model(function)
    assert np.array_equal(values, np.round(values))
    assert abs(values.mean() - 100) < 5 * np.sqrt(90 / 20000)


def test_a_shared_variable_gets_one_draw_for_all_elements():
    # The shared Poisson input of Brian 2's documentation: one count per step for everyone.
    seed(4)
    inputs = BinomialFunction(n=1000, p=10 * Hz * 0.1 * ms)  # noqa: F841
    group = NeuronGroup(5, "x : 1 (shared)\ny : 1")
    group.run_regularly("x = inputs()\ny = x")
    Network(group).run(0.1 * ms)
    assert len(set(np.asarray(group.y))) == 1


def test_draws_follow_the_seed():
    def draws(number):
        seed(number)
        return draws_in_a_model(BinomialFunction(20, 0.3), size=10).tolist()

    assert draws(5) == draws(5)
    assert draws(5) != draws(6)


def test_a_python_call_gives_one_draw():
    seed(6)
    value = BinomialFunction(10, 1.0)()
    assert np.array_equal(value, [10])
    assert "BinomialFunction(n=10" in repr(BinomialFunction(10, 0.5))


def test_n_and_p_are_checked():
    with pytest.raises(ValueError, match="number of trials of .* non-negative integer, not -1"):
        BinomialFunction(-1, 0.5)
    with pytest.raises(ValueError, match="non-negative integer, not 2.5"):
        BinomialFunction(2.5, 0.5)
    with pytest.raises(ValueError, match="non-negative integer, not 'ten'"):
        BinomialFunction("ten", 0.5)
    with pytest.raises(ValueError, match=r"probability of .* must lie in \[0, 1\], not 1.5"):
        BinomialFunction(10, 1.5)
    with pytest.raises(DimensionMismatchError, match="probability of .* dimensionless"):
        BinomialFunction(10, 10 * Hz)
