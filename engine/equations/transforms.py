"""Rewrite equations the way a group prepares them for integration.

A group does not integrate the user's equations as written: variables flagged
``(unless refractory)`` are clamped during the refractory period, and subexpressions flagged
``(constant over dt)`` are evaluated once at the start of each step and are constants for the
integrator. These pure functions perform both rewrites, so that the integration method chosen
for a model is the one its group will use.
"""

from __future__ import annotations

from engine.equations.equations import Equations
from engine.equations.single import (
    BOOLEAN,
    DIFFERENTIAL_EQUATION,
    PARAMETER,
    SUBEXPRESSION,
    SingleEquation,
)
from engine.parsing.expressions import parse_expression
from engine.units import DIMENSIONLESS, second

__all__ = ["add_refractoriness", "extract_constant_subexpressions"]


def add_refractoriness(equations: Equations, clamp: bool = True) -> Equations:
    """Clamp ``(unless refractory)`` variables and declare the refractoriness variables.

    Each flagged right-hand side ``f`` becomes ``int(not_refractory)*(f)`` (unless ``clamp`` is
    False, for code that clamps by other means), and the parameters ``not_refractory``
    (boolean) and ``lastspike`` (second) are added.
    """
    rewritten: list[SingleEquation] = []
    for eq in equations.values():
        if clamp and eq.type == DIFFERENTIAL_EQUATION and "unless refractory" in eq.flags:
            expr = parse_expression(f"int(not_refractory)*({eq.expr})")
            eq = SingleEquation(
                eq.type, eq.varname, eq.dim, eq.var_type, expr, eq.flags, eq.unit_text
            )
        rewritten.append(eq)
    defined = {eq.varname for eq in rewritten}
    if "not_refractory" not in defined:
        rewritten.append(SingleEquation(PARAMETER, "not_refractory", DIMENSIONLESS, BOOLEAN))
    if "lastspike" not in defined:
        rewritten.append(SingleEquation(PARAMETER, "lastspike", second.dim))
    return Equations(rewritten)


def extract_constant_subexpressions(equations: Equations) -> tuple[Equations, Equations]:
    """Split off the subexpressions flagged ``(constant over dt)``.

    Returns
    -------
    (model, constant)
        The equations with each such subexpression turned into a parameter of the same name
        (what the integrator sees), and the subexpressions themselves (what the group
        evaluates at the start of every step).
    """
    model: list[SingleEquation] = []
    constant: list[SingleEquation] = []
    for eq in equations.ordered:
        if eq.type == SUBEXPRESSION and "constant over dt" in eq.flags:
            flags = tuple(flag for flag in eq.flags if flag != "constant over dt")
            model.append(SingleEquation(PARAMETER, eq.varname, eq.dim, eq.var_type, None, flags))
            constant.append(eq)
        else:
            model.append(eq)
    return Equations(model), Equations(constant)
