"""Integrators against analytical solutions.

Each method is run on problems with known solutions over many steps. The global error of a
method of order p shrinks by 2**p when dt is halved: ~2 for euler, ~4 for rk2, ~16 for rk4.
Tolerances on these ratios are ±20%: the leading error term dominates at the step sizes used
(dt/tau between 1/100 and 1/10), and higher-order terms shift the ratio by a few percent.
"""

import numpy as np
import pytest

from engine.equations import Equations
from engine.stateupdaters import euler, exact, exponential_euler, rk2, rk4

TAU = 10e-3  # s
T_END = 100e-3  # s


def decay_error(method, dt, integrate):
    code = method(Equations("dx/dt = -x/tau : 1"))
    final = integrate(code, {"x": [1.0]}, {"tau": TAU}, dt, round(T_END / dt))
    return abs(final["x"][0] - np.exp(-T_END / TAU))


def oscillator_error(method, dt, integrate):
    # x'' = -w² x written as two first-order equations; x(0) = 1, y(0) = 0.
    code = method(Equations("dx/dt = w*y : 1\ndy/dt = -w*x : 1"))
    omega = 2 * np.pi * 10  # 10 Hz: one period per 100 ms
    final = integrate(code, {"x": [1.0], "y": [0.0]}, {"w": omega}, dt, round(T_END / dt))
    return abs(final["x"][0] - np.cos(omega * T_END)) + abs(final["y"][0] + np.sin(omega * T_END))


def coupled_error(method, dt, integrate):
    # A membrane driven by a decaying synaptic conductance (the CUBA neuron without spikes):
    # dv/dt = (g - v)/tau_m, dg/dt = -g/tau_e. With v(0) = 0 and g(0) = 1:
    # v(t) = tau_e/(tau_e - tau_m) * (exp(-t/tau_e) - exp(-t/tau_m)).
    code = method(Equations("dv/dt = (g - v)/tau_m : 1\ndg/dt = -g/tau_e : 1"))
    tau_m, tau_e = 20e-3, 5e-3
    final = integrate(
        code, {"v": [0.0], "g": [1.0]}, {"tau_m": tau_m, "tau_e": tau_e}, dt, round(T_END / dt)
    )
    expected = tau_e / (tau_e - tau_m) * (np.exp(-T_END / tau_e) - np.exp(-T_END / tau_m))
    return abs(final["v"][0] - expected)


PROBLEMS = [decay_error, oscillator_error, coupled_error]


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    ("method", "order"), [(euler, 1), (rk2, 2), (rk4, 4)], ids=["euler", "rk2", "rk4"]
)
def test_halving_dt_divides_the_error_by_two_to_the_order(method, order, problem, integrate):
    coarse = problem(method, 1e-3, integrate)
    fine = problem(method, 0.5e-3, integrate)
    assert coarse / fine == pytest.approx(2**order, rel=0.2)


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.__name__)
def test_exact_is_exact_to_rounding(problem, integrate):
    # 1000 steps of rounding errors of ~1e-16 each: the error stays far below 1e-12.
    assert problem(exact, 0.1e-3, integrate) < 1e-12
    assert problem(exact, 1e-3, integrate) < 1e-12


def test_exponential_euler_is_exact_for_a_single_linear_equation(integrate):
    assert decay_error(exponential_euler, 1e-3, integrate) < 1e-12


def test_exponential_euler_is_first_order_on_coupled_equations(integrate):
    coarse = coupled_error(exponential_euler, 1e-3, integrate)
    fine = coupled_error(exponential_euler, 0.5e-3, integrate)
    assert coarse / fine == pytest.approx(2, rel=0.2)


def test_exact_integration_of_a_constant_input_settles_at_the_fixed_point(integrate):
    code = exact(Equations("dv/dt = (El - v + I)/tau : 1\nI : 1"))
    final = integrate(code, {"v": [0.0, 5.0]}, {"El": -1.0, "I": 3.0, "tau": TAU}, 1e-3, 2000)
    assert final["v"] == pytest.approx([2.0, 2.0], abs=1e-12)
