"""Fuzzing model text: any expression in any field gives diagnostics, then a clear refusal.

Expressions are drawn from a small grammar of the model language — names of the model,
numbers at the limits (``0``, ``1e308``, ``2**63``), ``inf``, units, the functions, every
operator and comparisons — and put in the fields that hold model text (equations, threshold,
reset, ``on_pre``, connect, N, time steps, rates...). For any of them:

* `validate` returns diagnostics and never raises;
* `run` refuses the project with `InvalidProjectError` exactly when validate reports an error;
* otherwise the run builds, and may fail only while it simulates (`RunError`: a variable that
  became NaN), except where a value depends on the data (a delay that is negative for some
  synapse, a connect expression that divides by zero or gives an index outside the group for
  some neurons), which the build reports at its field (`BuildError`).

No other exception may come out: a ``ZeroDivisionError``, a sympy ``TypeError`` or a
``RecursionError`` is a bug.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security.hostile_inputs import base_data

from engine.project import BuildError, InvalidProjectError, RunError, loads, validate
from engine.project.runner import run

ATOMS = [
    "v", "w", "tau", "t", "dt", "i", "N", "0", "1", "2", "-1", "0.5", "1e308", "1e-320",
    "inf", "pi", "ms", "mV", "Hz", "rand()", "randn()", "True", "False", "stim(t)",
    "lastspike", "not_refractory", "0*ms", "2**63", "2**31", "1e30", "9007199254740993",
]  # fmt: skip
FUNCTIONS = [
    "exp", "log", "sqrt", "abs", "int", "floor", "ceil", "sign", "sin", "arcsin", "exprel",
    "log10", "tanh", "poisson",
]  # fmt: skip
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", " > ", " < ", " == ", " != ", " and ", " or "]


def _combined(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(OPERATORS), children).map(
            lambda parts: f"({parts[0]}{parts[1]}{parts[2]})"
        ),
        st.tuples(st.sampled_from(FUNCTIONS), children).map(
            lambda parts: f"{parts[0]}({parts[1]})"
        ),
        children.map(lambda child: f"-{child}"),
        children.map(lambda child: f"not {child}"),
        children.map(lambda child: f"clip({child}, 0, 1)"),
    )


expressions = st.recursive(st.sampled_from(ATOMS), _combined, max_leaves=8)

# Field -> (place in the base project's data, how an expression is written there). The base
# project is `security.hostile_inputs.base_project` (node 1 is the group 'G', node 4 the
# synapses 'S' from the Poisson group, node 6 the Poisson input, node 8 the StateMonitor).
FIELDS = {
    "threshold": (("nodes", 1, "threshold"), "{}"),
    "threshold comparison": (("nodes", 1, "threshold"), "v > {}"),
    "reset": (("nodes", 1, "reset"), "v = {}"),
    "equation": (("nodes", 1, "model"), "dv/dt = ({})/tau : 1\nw_sum : 1"),
    "subexpression": (("nodes", 1, "model"), "dv/dt = (x - v)/tau : 1\nx = {} : 1\nw_sum : 1"),
    "linear equation": (("nodes", 1, "model"), "dv/dt = -v*({})/tau : 1\nw_sum : 1"),
    "initial value": (("nodes", 1, "initial", "v"), "{}"),
    "refractory": (("nodes", 1, "refractory"), "{}"),
    "N": (("nodes", 1, "N"), "{}"),
    "group dt": (("nodes", 1, "dt"), "{}"),
    "run dt": (("run", "dt"), "{}"),
    "duration": (("run", "duration"), "({})*ms"),
    "constant": (("constants", 0, "value"), "({})*ms"),
    "rates": (("nodes", 2, "rates"), "({})*Hz"),
    "on_pre": (("nodes", 4, "on_pre"), "v += {}"),
    "synaptic equation": (("nodes", 4, "model"), "w : 1\ndz/dt = ({} - z)/tau : 1 (clock-driven)"),
    "connect condition": (("nodes", 4, "connect", "condition"), "{}"),
    "connect p": (("nodes", 4, "connect", "p"), "{}"),
    "connect n": (("nodes", 4, "connect", "n"), "{}"),
    "connect j": (("nodes", 4, "connect", "j"), "{}"),
    "delay": (("nodes", 4, "delay"), "({})*ms"),
    "weight": (("nodes", 6, "weight"), "{}"),
    "record": (("nodes", 8, "record"), "{}"),
    "timed array dt": (("nodes", 0, "dt"), "{}"),
}
# Fields whose values may be wrong for some synapses only, which the build finds.
DATA_DEPENDENT = {"delay", "connect n", "connect j", "connect p", "connect condition"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), expression=expressions)
def test_any_expression_in_any_field_is_checked_then_refused_clearly(field, expression):
    place, form = FIELDS[field]
    data = base_data()
    owner = data
    for key in place[:-1]:
        owner = owner[key]
    owner[place[-1]] = form.format(expression)
    project = loads(json.dumps(data))
    diagnostics = validate(project)
    assert not [d for d in diagnostics if "could not be checked" in d.message], diagnostics
    errors = [d for d in diagnostics if d.severity == "error"]
    outcome = run_outcome(project)
    if errors:
        assert outcome == "refused", f"validate reports {errors[0]}, but the run gave {outcome}"
    else:
        assert outcome in ("ran", "failed while simulating") or (
            field in DATA_DEPENDENT and outcome.startswith("build")
        ), f"validate found no error, but: {outcome}"


def run_outcome(project: object) -> str:
    try:
        run(project, duration="1*ms")
    except InvalidProjectError:
        return "refused"
    except RunError:
        return "failed while simulating"
    except BuildError as error:
        return f"build failed: {error}"
    return "ran"
