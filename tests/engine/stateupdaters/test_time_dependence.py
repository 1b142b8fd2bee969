"""Functions constant over a time step (a TimedArray of t) allow exact integration, as in Brian 2.

Brian 2's rule (``is_constant_over_dt``): ``t`` may appear only as a direct argument of a
function that is constant over the group's step, whose dt the integrator reads from the
``dt`` variable; ``stimulus(t - 1*ms)`` or an unknown step make the term time-dependent.
"""

import numpy as np
import pytest

from engine.core.variables import ArrayVariable
from engine.equations import Equations
from engine.errors import UnsupportedEquationsError
from engine.input import TimedArray
from engine.parsing.sympytools import str_to_sympy
from engine.stateupdaters import choose_stateupdater, exact
from engine.stateupdaters.base import time_dependence_problem
from engine.units import ms


def step(dt_seconds):
    """The ``dt`` entry of a group's variables."""
    return ArrayVariable("dt", "clock", 1, values=[dt_seconds])


@pytest.fixture
def stimulus():
    return TimedArray(np.array([0.0, 1.0, 0.5]), dt=1 * ms)


def test_a_direct_call_with_t_is_constant_over_a_dividing_step(stimulus):
    variables = {"stimulus": stimulus, "dt": step(0.1e-3)}
    assert time_dependence_problem(str_to_sympy("stimulus(t)/tau"), variables) is None
    assert time_dependence_problem(str_to_sympy("stimulus(t, i % 2)"), variables) is None


def test_t_anywhere_else_depends_on_time(stimulus):
    variables = {"stimulus": stimulus, "dt": step(0.1e-3)}
    for text in ("t/tau", "stimulus(t - 0.001)", "stimulus(2*t)", "sin(t/tau)*stimulus(t)"):
        assert time_dependence_problem(str_to_sympy(text), variables) == (
            "it depends on the time t"
        ), text


def test_without_a_known_step_nothing_is_constant(stimulus):
    assert time_dependence_problem(str_to_sympy("stimulus(t)"), {"stimulus": stimulus}) == (
        "it depends on the time t"
    )


def test_a_step_that_does_not_divide_the_arrays_dt_is_named(stimulus):
    variables = {"stimulus": stimulus, "dt": step(0.3e-3)}  # 1 ms / 0.3 ms is no integer
    assert "stimulus() changes within a time step" in time_dependence_problem(
        str_to_sympy("stimulus(t)"), variables
    )
    assert time_dependence_problem(str_to_sympy("stimulus(t)"), variables, dt=0.5e-3) is None


def test_stateful_functions_are_never_constant():
    assert "stateful function rand()" in time_dependence_problem(str_to_sympy("rand()"), {})


def test_exact_solves_a_model_driven_by_a_timed_array(stimulus):
    equations = Equations("dv/dt = (stimulus(t) - v)/tau : 1")
    variables = {"stimulus": stimulus, "dt": step(0.1e-3)}
    code = exact(equations, variables)
    assert "stimulus(t)" in str(code)
    assert choose_stateupdater(equations, variables)[0] == "exact"


def test_the_exact_solution_is_redone_when_the_step_changes(stimulus):
    # Same equations, same names: only the step decides, so the cached solution must not be
    # reused for a step over which the array is not constant.
    equations = Equations("dv/dt = (stimulus(t) - v)/tau : 1")
    exact(equations, {"stimulus": stimulus, "dt": step(0.1e-3)})
    with pytest.raises(UnsupportedEquationsError, match="changes within a time step"):
        exact(equations, {"stimulus": stimulus, "dt": step(0.3e-3)})
    assert choose_stateupdater(equations, {"stimulus": stimulus, "dt": step(0.3e-3)})[0] == (
        "euler"
    )


def test_multiplicative_noise_through_a_timed_array_counts_as_additive(stimulus):
    # Brian 2 applies the same rule to the factor of the noise.
    equations = Equations("dv/dt = -v/tau + stimulus(t)*xi/tau**0.5 : 1")
    variables = {"stimulus": stimulus, "dt": step(0.1e-3)}
    assert choose_stateupdater(equations, variables)[0] == "euler"
    assert choose_stateupdater(equations, {"stimulus": stimulus})[0] == "heun"
