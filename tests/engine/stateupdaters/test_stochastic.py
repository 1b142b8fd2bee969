"""Stochastic integrators against the statistics of processes with known solutions.

Tolerances are statistical: with 20 000 independent trajectories the standard error of a mean
is below 1% of its value; assertions use ~5 standard errors so that a correct method fails
with negligible probability (runs are seeded, so results are also reproducible).
"""

import numpy as np
import pytest

from engine.equations import Equations
from engine.errors import UnsupportedEquationsError
from engine.stateupdaters import euler, heun, milstein, rk2, rk4

N = 20_000


def test_euler_maruyama_gives_the_stationary_variance_of_an_ornstein_uhlenbeck_process(integrate):
    # dv/dt = -v/tau + sigma*sqrt(2/tau)*xi has stationary variance sigma**2.
    code = euler(Equations("dv/dt = -v/tau + sigma*(2/tau)**0.5*xi : 1"))
    tau, sigma, dt = 10e-3, 2.0, 0.1e-3
    final = integrate(code, {"v": np.zeros(N)}, {"tau": tau, "sigma": sigma}, dt, 1000)
    # Euler–Maruyama's stationary variance is sigma²/(1 - dt/(2 tau)): 0.5% above sigma².
    assert np.var(final["v"]) == pytest.approx(sigma**2, rel=0.05)
    assert np.mean(final["v"]) == pytest.approx(0, abs=5 * sigma / np.sqrt(N))


@pytest.mark.parametrize("method", [milstein, heun])
def test_multiplicative_noise_is_read_in_the_stratonovich_sense(method, integrate):
    # Like Brian 2, every method reads equations in the Stratonovich sense (the limit of
    # coloured noise with a short correlation time). For dx/dt = mu*x + s*x*xi that gives
    # E[x(T)] = exp((mu + s²/2)*T); the Itô reading would give exp(mu*T), 12% less here.
    code = method(Equations("dx/dt = mu*x + s*x*xi : 1"))
    mu, s, dt, steps = 1.0, 0.5, 1e-3, 500
    final = integrate(code, {"x": np.ones(N)}, {"mu": mu, "s": s}, dt, steps, seed=3)
    expected = np.exp((mu + s**2 / 2) * dt * steps)
    standard_error = np.std(final["x"]) / np.sqrt(N)
    # 5 standard errors, plus 1% for the O(dt) bias of the schemes at this step size
    assert np.mean(final["x"]) == pytest.approx(expected, abs=5 * standard_error + 0.01 * expected)


def test_noise_increments_are_drawn_once_per_noise_term_and_element():
    code = euler(Equations("dv/dt = s*xi_1/tau**0.5 : 1\ndw/dt = s*xi_2/tau**0.5 : 1"))
    draws = [s for s in code.vector if "randn" in s.expr.functions]
    assert [s.var for s in draws] == ["xi_1", "xi_2"]
    assert all(str(s.expr).count("randn()") == 1 for s in draws)


@pytest.mark.parametrize("method", [rk2, rk4])
def test_deterministic_methods_refuse_noise(method):
    with pytest.raises(UnsupportedEquationsError, match="Cannot integrate stochastic equations"):
        method(Equations("dv/dt = -v/tau + xi/tau**0.5 : 1"))


def test_euler_refuses_multiplicative_noise():
    with pytest.raises(UnsupportedEquationsError, match="multiplicative noise"):
        euler(Equations("dv/dt = -v/tau + v*xi/tau**0.5 : 1"))


def test_milstein_refuses_non_diagonal_noise():
    with pytest.raises(UnsupportedEquationsError, match="non-diagonal noise"):
        milstein(Equations("dv/dt = v*xi_1/tau**0.5 + v*xi_2/tau**0.5 : 1"))
