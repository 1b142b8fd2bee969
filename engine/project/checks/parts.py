"""Checks of parts several node kinds have: equations, code, the method, values, indices.

Each takes the `CheckContext`, the node and the text of the part, and reports what is wrong
through the context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from engine.equations import Equations, check_code, check_dimensions, check_stateful_subexpressions
from engine.equations.single import SingleEquation
from engine.errors import (
    EquationError,
    ExpressionError,
    ModelError,
    SourceSpan,
)
from engine.groups.group import Group
from engine.parsing import parse_expression, parse_statements
from engine.parsing.statements import Statement
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.values import (
    did_you_mean,
    element_span,
    fits,
    is_list,
    unit_text,
    whole_span,
)
from engine.project.diagnostics import field_text, message_of
from engine.project.literals import parse_array
from engine.project.node_base import NodeBase
from engine.project.steps import is_constant
from engine.stateupdaters import (
    ExplicitStateUpdater,
    ExponentialEulerStateUpdater,
    LinearStateUpdater,
    StateUpdateMethod,
    get_conditionally_linear_system,
    get_linear_system,
)
from engine.stateupdaters.base import NOT_SUPPORTED, time_dependence_problem
from engine.units import DIMENSIONLESS, get_dimensions, get_unit_for_display
from engine.units.dimensions import Dimension

__all__ = [
    "Lookup",
    "equation_units",
    "index_list",
    "initial_values",
    "method",
    "statements",
    "syntax_only",
]

#: What a name in model text means for a proxy (`engine.groups.group.Group.lookup`).
Lookup = Callable[[str], Any]


def syntax_only(ctx: CheckContext, node: NodeBase) -> None:
    """Check the syntax of a node's code when what its names mean is unknown.

    Without a valid model (or connected groups), names and units cannot be checked, but a
    syntax error in the threshold or the reset can still be shown while the model is being
    typed.
    """
    fields: dict[str, Callable[[str], object]] = {
        f: parse_statements if f in ("reset", "on_pre", "on_post") else parse_expression
        for f in ("threshold", "reset", "refractory", "on_pre", "on_post", "delay")
        if isinstance(getattr(node, f, None), str)
    }
    connect = getattr(node, "connect", None)
    for name in ("condition", "p", "n"):
        if connect is not None:
            fields[f"connect.{name}"] = parse_expression
    for name in getattr(node, "initial", {}):
        fields[f"initial.{name}"] = parse_expression
    for field, parse in fields.items():
        text = field_text(node, field)
        if text.strip():
            ctx.attempt(node, field, text, partial(parse, text))


def equation_units(
    ctx: CheckContext, node: NodeBase, text: str, equations: Equations, lookup: Lookup
) -> None:
    """Check the units of each equation on its own, so that every wrong one is reported.

    ``text`` is the node's model.
    """
    results = [
        ctx.attempt(node, "model", text, partial(_equation_units, equation, lookup))
        for equation in equations.values()
        if equation.expr is not None
    ]
    # A subexpression drawing random numbers needs (constant over dt), as the engine requires.
    ctx.attempt(
        node, "model", text, lambda: check_stateful_subexpressions(equations.ordered, lookup)
    )
    if FAILED not in results:
        # Each equation has a value; with its subexpressions substituted (as every method
        # integrates it) one may divide by a subexpression that is zero.
        ctx.attempt(
            node,
            "model",
            text,
            lambda: equations.get_substituted_expressions(include_subexpressions=True),
        )


def statements(
    ctx: CheckContext,
    node: NodeBase,
    field: str,
    text: str,
    proxy: Group,
    lookup: Lookup,
    what: str,
    reset: bool,
) -> None:
    """Check reset or on_pre/on_post code (``text``, of ``field``): names, units, targets."""
    checked = ctx.attempt(node, field, text, lambda: check_code(text, lookup, what))
    if checked is FAILED:
        return
    for index, statement in enumerate(checked):
        target = _target_span(statement)
        variable = proxy.variables.get(statement.var)
        if variable is None:
            later = checked[index + 1 :]
            if not any(statement.var in s.expr.identifiers for s in later):
                public = [n for n in proxy.variables if not n.startswith("_")]
                hint = did_you_mean(statement.var, public)
                ctx.add(
                    node,
                    field,
                    f"'{node.name}' has no variable '{statement.var}': the assignment only "
                    f"sets a temporary value that nothing uses.{hint}",
                    target,
                )
        elif reset and variable.scalar:
            ctx.add(
                node,
                field,
                f"The reset assigns the shared variable '{statement.var}'; shared variables "
                "can only be set by code that runs every step",
                target,
            )


def method(
    ctx: CheckContext,
    node: NodeBase,
    text: str,
    proxy: Group | None,
    equations: Equations | None,
) -> None:
    """Check the integration method (``text``): known, and able to integrate (where cheap)."""
    name = text.strip()
    if not name:
        return  # the engine chooses a method that works
    known = StateUpdateMethod.stateupdaters
    if name.lower() in NOT_SUPPORTED:
        ctx.add(
            node,
            "method",
            f"The integration method '{name}' is not supported: {NOT_SUPPORTED[name.lower()]}",
            whole_span(text),
        )
        return
    updater = known.get(name.lower())
    if updater is None:
        hint = did_you_mean(name.lower(), known)
        ctx.add(
            node,
            "method",
            f"Unknown integration method '{name}' (known methods: "
            f"{', '.join(sorted(known))}).{hint}",
            whole_span(text),
        )
        return
    if proxy is None or equations is None or not equations.diff_eq_names:
        return
    variables: dict[str, object] = {"dt": proxy.variables["dt"]}
    variables.update({f: ctx.namespace[f] for f in equations.functions if f in ctx.namespace})
    try:
        _integration_check(updater, equations, variables)
    except (ExpressionError, EquationError):
        return  # a problem of the equations themselves, reported at the model
    except ModelError as error:
        ctx.add(
            node,
            "method",
            f"The method '{name}' cannot integrate the equations of '{node.name}': "
            f"{message_of(error).rstrip('.')}. Choose another method, or leave the "
            "choice to the engine.",
            whole_span(text),
        )


def initial_values(
    ctx: CheckContext, node: NodeBase, initial: Mapping[str, str], proxy: Group, lookup: Lookup
) -> None:
    """Check a node's initial values (variable -> expression)."""
    for name, text in initial.items():
        field = f"initial.{name}"
        units = True
        variable_name = name
        if name not in proxy.variables and name.endswith("_"):
            variable_name, units = name[:-1], False  # G.v_ = ...: the value without unit
        variable = proxy.variables.get(variable_name)
        if variable is None or variable_name.startswith("_"):
            public = [n for n in proxy.variables if not n.startswith("_")]
            hint = did_you_mean(name, public)
            ctx.add(node, field, f"'{node.name}' has no variable '{name}'.{hint}")
            continue
        if variable.read_only:
            ctx.add(
                node,
                field,
                f"'{name}' of '{node.name}' is read-only (computed or set by the engine): "
                "it has no initial value to set",
            )
            continue
        if is_constant(text, ctx.constant_names):
            value = ctx.constant(text, node, field)
            if value is FAILED or not units:
                continue
            if not fits(value, variable.dim):
                ctx.add(
                    node,
                    field,
                    f"The value of '{name}' should have unit "
                    f"{get_unit_for_display(variable.dim)}, but '{text.strip()}' has unit "
                    f"{unit_text(value)}",
                    whole_span(text),
                )
            continue
        dim = variable.dim if units else DIMENSIONLESS
        what = f"the value assigned to '{name}'"
        ctx.attempt(node, field, text, partial(_value_dimensions, text, dim, lookup, what))


def index_list(
    ctx: CheckContext,
    node: NodeBase,
    field: str,
    text: str,
    size: int | None,
    group: str,
    flat: bool = False,
    negative: bool = False,
) -> np.ndarray | None:
    """Read a list of indices; check whole numbers within ``[0, size)``, located."""
    literal = ctx.attempt(node, field, text, lambda: parse_array(text, ctx.constants))
    if literal is FAILED:
        return None
    values = ctx.attempt(node, field, text, lambda: literal.quantity(ctx.constants))
    if values is FAILED:
        return None
    if get_dimensions(values) is not DIMENSIONLESS:
        ctx.add(
            node,
            field,
            f"Indices are plain numbers, not values with unit {unit_text(values)}",
            whole_span(text),
        )
        return None
    array = np.asarray(values, dtype=float)
    if array.ndim > 1 or (flat and array.ndim == 0):
        ctx.add(node, field, "Give a list of indices, such as [0, 2, 1]", whole_span(text))
        return None
    array = np.atleast_1d(array)
    for index, value in enumerate(array):

        def span(index: int = index) -> SourceSpan | None:
            return element_span(text, index) if is_list(literal) else whole_span(text)

        if not math.isfinite(value) or value != round(value):
            ctx.add(node, field, f"Indices must be whole numbers, not {value:g}", span())
            return None
        low = -size if (negative and size is not None) else 0
        if size is not None and not low <= value < size:
            ctx.add(
                node,
                field,
                f"The index {int(value)} is outside {group}, whose elements are numbered 0 "
                f"to {size - 1}",
                span(),
            )
            return None
        if size is None and value < 0 and not negative:
            ctx.add(node, field, f"Indices cannot be negative ({int(value)})", span())
            return None
        if abs(value) >= 2**62:  # no group is that large (and no integer type holds it)
            ctx.add(node, field, f"The index {value:g} is too large", span())
            return None
    return array.astype(np.int64)


def _equation_units(equation: SingleEquation, lookup: Lookup) -> None:
    Equations([equation]).check_units(lookup)


def _value_dimensions(text: str, dim: Dimension, lookup: Lookup, what: str) -> None:
    check_dimensions(parse_expression(text), dim, lookup, what)


def _target_span(statement: Statement) -> SourceSpan | None:
    """Return the span of the name a statement assigns (statements start with it)."""
    span = statement.span
    if span is None:
        return None
    return SourceSpan(span.line, span.column, span.column + len(statement.var))


def _integration_check(
    updater: StateUpdateMethod, equations: Equations, variables: Mapping[str, object]
) -> None:
    """Raise `ModelError` if ``updater`` cannot integrate ``equations``, when that is cheap.

    Runs the tests the methods start with — noise, linearity, terms that change within a
    step — without the symbolic integration itself (which takes up to a second).
    """
    noise = equations.is_stochastic
    if isinstance(updater, (LinearStateUpdater, ExponentialEulerStateUpdater)) and noise:
        raise ModelError("it cannot integrate stochastic equations (with xi)")
    if isinstance(updater, ExplicitStateUpdater) and noise:
        if updater.stochastic is None:
            raise ModelError("it cannot integrate stochastic equations (with xi)")
        if updater.stochastic == "additive" and equations.stochastic_type == "multiplicative":
            updater(equations, variables)  # rare: let the method decide
    if isinstance(updater, LinearStateUpdater):
        _, matrix, constants = get_linear_system(equations)
        # Without the method's simplification (too slow for every keystroke), only a
        # determinant that is zero as computed is caught: an integrator such as dv/dt = I/C.
        if matrix.det() == 0:
            raise ModelError(
                "the linear system is singular (its matrix has no inverse), so this method "
                "cannot solve it"
            )
        for entry in [*matrix, *constants]:
            problem = time_dependence_problem(entry, variables)
            if problem is not None:
                raise ModelError(
                    f"the term '{entry}' may change within a time step ({problem}), so the "
                    "equations cannot be solved exactly"
                )
    if isinstance(updater, ExponentialEulerStateUpdater):
        get_conditionally_linear_system(equations)
