"""Named noise terms in subexpressions, as Brian 2 accepts them.

``I = sigma*xi_I*tau**-0.5 : Hz`` used in ``dv/dt = -v/tau + I : 1`` is substituted into the
differential equation, which integrates it as its own noise; the same name in several places is
one noise. As in Brian 2, the unnamed ``xi`` is refused in a subexpression. A subexpression
with noise has no value of its own: code, conditions and monitors cannot use it, and the
flags that evaluate a subexpression once per step (``constant over dt``, ``shared``) are
refused with it.

The test model is an Ornstein-Uhlenbeck process, ``dv/dt = -v/tau + sigma*xi/sqrt(tau)``: its
variance at a time T after starting from 0 is ``sigma**2/2*(1 - exp(-2*T/tau))``.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    BrianObjectException,
    Equations,
    NeuronGroup,
    StateMonitor,
    ms,
    run,
    seed,
)
from engine.errors import EquationError

N = 4000
SIGMA = 0.5
# Variance at t = tau of the process started at 0 (Euler steps of dt = tau/100 change it by
# about 1%); estimated from N samples: a relative standard error of sqrt(2/N) ~ 2.2%.
VARIANCE = SIGMA**2 / 2 * (1 - np.exp(-2))
TOLERANCE = 4.5 * np.sqrt(2 / N) * VARIANCE + 0.01 * VARIANCE


def ou(model: str, **kwds):
    seed(8)
    return NeuronGroup(N, model, method="euler", namespace={"sigma": SIGMA}, **kwds)


def test_a_named_noise_in_a_subexpression_is_integrated_by_the_equation_using_it():
    group = ou("dv/dt = -v/(10*ms) + I : 1\nI = sigma*xi_I*(10*ms)**-0.5 : second**-1")
    run(10 * ms)
    assert abs(np.var(group.v[:]) - VARIANCE) < TOLERANCE


def test_two_equations_using_one_noisy_subexpression_get_one_noise():
    group = ou(
        "dv/dt = -v/(10*ms) + I : 1\ndw/dt = -w/(10*ms) + I : 1\n"
        "I = sigma*xi_I*(10*ms)**-0.5 : second**-1"
    )
    run(2 * ms)
    assert np.array_equal(group.v[:], group.w[:])
    assert np.var(group.v[:]) > 0


def test_a_subexpression_of_a_noisy_subexpression_carries_its_noise():
    # J = 2*I: the noise amplitude doubles, the variance is four times as large.
    group = ou(
        "dv/dt = -v/(10*ms) + J : 1\nI = sigma*xi_I*(10*ms)**-0.5 : second**-1\n"
        "J = 2*I : second**-1"
    )
    run(10 * ms)
    assert abs(np.var(group.v[:]) - 4 * VARIANCE) < 4 * TOLERANCE


def test_an_unused_noisy_subexpression_is_harmless():
    group = ou("v : 1\nI = sigma*xi_I*(10*ms)**-0.5 : second**-1")
    run(0.2 * ms)
    assert np.array_equal(group.v[:], np.zeros(N))


def test_the_unnamed_xi_is_refused_in_a_subexpression_with_a_hint_to_name_it():
    with pytest.raises(EquationError) as caught:
        Equations("dv/dt = -v/(10*ms) + I : 1\nI = xi*(10*ms)**-0.5 : second**-1")
    error = caught.value
    assert error.variable == "I"
    assert error.span.line == 2
    assert "Name it, e.g. 'xi_I'" in str(error)


@pytest.mark.parametrize("flag", ["constant over dt", "shared"])
def test_noise_in_a_subexpression_evaluated_once_per_step_is_refused(flag):
    with pytest.raises(EquationError, match=rf"a \({flag}\) subexpression is computed once"):
        Equations(f"dv/dt = I : 1\nI = xi_I*(10*ms)**-0.5 : second**-1 ({flag})")


@pytest.mark.parametrize(
    ("use", "where"),
    [
        ({"threshold": "I > 0/ms", "reset": "v = 0"}, "thresholder"),
        ({"threshold": "v > 10", "reset": "v = I*ms"}, "resetter"),
    ],
)
def test_code_using_a_noisy_subexpression_is_refused_with_the_reason(use, where):
    group = ou("dv/dt = -v/(10*ms) + I : 1\nI = xi_I*(10*ms)**-0.5 : second**-1", **use)
    with pytest.raises(BrianObjectException) as caught:
        run(0.1 * ms)
    assert where in caught.value.object_name
    assert "The subexpression 'I' uses the noise term 'xi_I'" in str(caught.value)
    assert "only inside the differential equations" in str(caught.value)
    assert group.N == N


def test_recording_a_noisy_subexpression_is_refused_with_the_reason():
    group = ou("dv/dt = -v/(10*ms) + I : 1\nI = xi_I*(10*ms)**-0.5 : second**-1")
    monitor = StateMonitor(group, "I", record=0)
    with pytest.raises(BrianObjectException, match="uses the noise term 'xi_I'") as caught:
        run(0.1 * ms)
    assert caught.value.object_name == monitor.name
