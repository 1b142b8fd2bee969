"""Which method integrates which equations, the automatic choice, and the code produced."""

import logging

import numpy as np
import pytest

from engine.codegen import AbstractCode
from engine.equations import Equations, add_refractoriness, extract_constant_subexpressions
from engine.errors import UnsupportedEquationsError
from engine.stateupdaters import (
    ExplicitStateUpdater,
    StateUpdateMethod,
    choose_stateupdater,
    euler,
    event_driven_update,
    exact,
    exponential_euler,
)

# (equations, method Brian 2 chooses among exact, euler, heun) — facts checked with Brian 2.9.
AUTOMATIC_CHOICE = [
    ("dv/dt = -v/tau : 1", "exact"),
    ("dv/dt = (El - v)/tau : volt", "exact"),
    ("dx/dt = -w*y : 1\ndy/dt = w*x : 1", "exact"),
    ("dv/dt = (I - v)/tau : 1\nI : 1", "exact"),
    ("dv/dt = -v/tau + I/tau : 1\nI = 2*u : 1\nu : 1", "exact"),
    ("dv/dt = 1/tau : 1", "euler"),  # a singular linear system: Brian 2's exact refuses it
    ("dv/dt = x/tau : 1\ndx/dt = -x/tau : 1", "euler"),
    ("dv/dt = -v**2/tau : 1", "euler"),
    ("dv/dt = -v/tau + sin(2*pi*f*t)/tau : 1", "euler"),
    ("dv/dt = -v/tau + sigma*xi/tau**0.5 : 1", "euler"),
    ("dv/dt = -v/tau + v*xi/tau**0.5 : 1", "heun"),
]


@pytest.mark.parametrize(("model", "expected"), AUTOMATIC_CHOICE)
def test_automatic_choice_follows_brian2(model, expected):
    name, _ = choose_stateupdater(Equations(model))
    assert name == expected


def test_the_automatic_choice_is_logged(caplog):
    with caplog.at_level(logging.INFO, logger="engine.stateupdaters"):
        choose_stateupdater(Equations("dv/dt = -v/tau : 1"), group_name="neurons")
    assert (
        "No numerical integration method specified for group 'neurons', using method 'exact'"
        in caplog.text
    )


def test_a_requested_method_that_cannot_integrate_says_why():
    with pytest.raises(UnsupportedEquationsError) as caught:
        choose_stateupdater(Equations("dv/dt = -v**2/tau : 1"), method="exact", group_name="G")
    message = str(caught.value)
    assert "The method 'exact' cannot integrate the equations of 'G'" in message
    assert "not linear" in message


def test_when_no_method_works_every_reason_is_given():
    with pytest.raises(UnsupportedEquationsError) as caught:
        choose_stateupdater(
            Equations("dv/dt = -v/tau + v*xi/tau**0.5 : 1"), method=("exact", "euler")
        )
    message = str(caught.value)
    assert "'exact': Cannot solve stochastic equations exactly" in message
    assert "'euler': Cannot integrate equations with multiplicative noise" in message


def test_unknown_method_names_are_listed():
    with pytest.raises(ValueError, match="Unknown integration method 'eular'.*euler"):
        choose_stateupdater(Equations("dv/dt = -v/tau : 1"), method="eular")


@pytest.mark.parametrize("method", ["gsl_rk2", "gsl", "independent"])
def test_brian2_methods_outside_the_engine_are_reported_as_not_supported(method):
    with pytest.raises(UnsupportedEquationsError, match=f"'{method}' is not supported"):
        choose_stateupdater(Equations("dv/dt = -v/tau : 1"), method=method)


def test_equations_without_differential_equations_need_no_method():
    assert choose_stateupdater(Equations("x : 1")) == ("none", AbstractCode())


def test_exact_integrates_the_refractory_clamp_of_a_cuba_neuron():
    model = add_refractoriness(
        Equations(
            """
            dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)
            dge/dt = -ge/taue : volt
            dgi/dt = -gi/taui : volt
            """
        )
    )
    name, code = choose_stateupdater(model)
    assert name == "exact"
    assert "not_refractory" in str(code)


def test_constant_over_dt_subexpressions_are_parameters_for_the_integrator():
    model, constant = extract_constant_subexpressions(
        Equations("dv/dt = (noise - v)/tau : 1\nnoise = sigma*randn() : 1 (constant over dt)")
    )
    assert model["noise"].type == "parameter"
    assert set(constant) == {"noise"}
    assert choose_stateupdater(model)[0] == "exact"


def test_exponential_euler_on_a_hodgkin_huxley_gate():
    code = exponential_euler(
        Equations(
            "dm/dt = alpha*(1 - m) - beta*m : 1\n"
            "alpha = 0.1/ms : Hz\nbeta = v/(mV*ms) : Hz\nv : volt"
        )
    )
    assert [s.var for s in code.vector] == ["_BA_m", "_m", "m"]
    with pytest.raises(UnsupportedEquationsError, match="not linear in 'v'"):
        exponential_euler(Equations("dv/dt = -v**2/tau : 1"))


def test_scalar_sub_expressions_are_hoisted_out_of_the_element_loop():
    code = exact(Equations("dv/dt = (El - v)/tau : volt"))
    scalar_text = "\n".join(str(s) for s in code.scalar)
    assert "exp(-dt/tau)" in scalar_text
    assert all("v" not in s.expr.identifiers for s in code.scalar)
    assert all("exp" not in s.expr.functions for s in code.vector)


def test_parameters_are_not_hoisted_but_shared_ones_are():
    code = euler(Equations("dv/dt = -v/tau + I/C : volt\nI : amp\nC : farad (shared)"))
    vector_names = {name for s in code.vector for name in s.expr.identifiers}
    assert "I" in vector_names
    assert "C" not in vector_names


def test_hoisted_names_never_collide_with_names_in_use():
    code = event_driven_update(Equations("dApre/dt = -Apre/taupre : 1 (event-driven)"))
    assigned = [s.var for s in code.statements]
    assert len(assigned) == len(set(assigned)), str(code)


def test_scalar_conditions_are_hoisted_too():
    from engine.codegen import hoist_scalars
    from engine.parsing import parse_statements

    code = hoist_scalars(
        parse_statements("_cond = t > 5*ms and t < 6*ms and v > 0", allow_internal_names=True),
        lambda name: name == "v",
    )
    assert len(code.scalar) == 1
    assert "v" not in code.scalar[0].expr.identifiers


def test_random_draws_are_never_hoisted():
    code = euler(Equations("dv/dt = -v/tau + sigma*xi/tau**0.5 : 1"))
    assert not any("randn" in s.expr.functions for s in code.scalar)


def test_euler_output_reads_like_brian2s():
    code = euler(Equations("dv/dt = -v/tau : volt"))
    assert [s.var for s in code.statements][-2:] == ["_v", "v"]
    assert str(code.vector[-1]) == "v = _v"


def test_custom_methods_can_be_described_and_registered():
    midpoint = ExplicitStateUpdater(
        """
        k = dt*f(x, t)
        x_new = x + dt*f(x + k/2, t + dt/2)
        """
    )
    StateUpdateMethod.register("my_midpoint", midpoint)
    name, code = choose_stateupdater(Equations("dv/dt = -v/tau : 1"), method="my_midpoint")
    assert name == "my_midpoint"
    assert "__k_v" in str(code)
    with pytest.raises(ValueError, match="x_new"):
        ExplicitStateUpdater("k = dt*f(x, t)")
    with pytest.raises(ValueError, match="declared deterministic"):
        ExplicitStateUpdater("x_new = x + g(x, t)*dW")


def test_exponential_euler_freezes_the_variable_inside_function_calls():
    # A Morris–Lecar membrane: V appears inside tanh, which is evaluated at the start of the
    # step, as in Brian 2; V in a power is not conditionally linear.
    code = exponential_euler(
        Equations("dV/dt = (I - g*(V - E)*(0.5*tanh((V - V1)/V2) + 0.5))/C : volt")
    )
    assert "tanh" in str(code)
    with pytest.raises(UnsupportedEquationsError):
        exponential_euler(Equations("dV/dt = V**2/(C*volt) : volt"))


def test_event_driven_traces_are_solved_over_the_time_since_the_last_update(integrate):
    code = event_driven_update(Equations("dApre/dt = -Apre/taupre : 1 (event-driven)"))
    assert "lastupdate" in str(code)
    assert "dt" not in {name for s in code.statements for name in s.expr.identifiers}
    # Evaluated at t = 30 ms for a trace last updated at 10 ms: decayed by exp(-20/20).
    final = integrate(
        code, {"Apre": [1.0]}, {"taupre": 20e-3, "lastupdate": 10e-3}, dt=0.1e-3, steps=1, t0=30e-3
    )
    assert final["Apre"][0] == pytest.approx(np.exp(-1.0), rel=1e-12)


def test_event_driven_equations_must_be_solvable_exactly():
    with pytest.raises(UnsupportedEquationsError, match="as event-driven.*clock-driven"):
        event_driven_update(Equations("dw/dt = -w**2/tau : 1 (event-driven)"))
