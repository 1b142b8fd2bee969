"""Exponential Euler for conditionally linear equations (e.g. Hodgkin–Huxley gating).

Each equation must be linear in its own variable, ``dx/dt = A x + B``. As in Brian 2, ``A`` and
``B`` may depend on the other variables and on ``x`` itself inside function calls (the
``tanh(V)`` of a Morris–Lecar neuron), but ``x`` may not appear in powers or denominators.
Holding ``A`` and ``B`` at their values at the start of the step gives
``x_new = -B/A + (x + B/A) e^{A dt}`` (``x + B dt`` where ``A`` is zero). All variables are
updated from the values at the start of the step.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.equations import Equations
from engine.errors import UnsupportedEquationsError
from engine.parsing.sympytools import symbol, sympy_to_str
from engine.stateupdaters.base import StateUpdateMethod, extract_method_options, finish

__all__ = ["ExponentialEulerStateUpdater", "exponential_euler", "get_conditionally_linear_system"]


def get_conditionally_linear_system(
    equations: Equations,
) -> dict[str, tuple[sympy.Expr, sympy.Expr]]:
    """Return ``{name: (A, B)}`` with ``dname/dt = A*name + B`` for every equation.

    Raises
    ------
    UnsupportedEquationsError
        If an equation is not linear in its own variable.
    """
    system = {}
    for name, expression in equations.substituted_expressions:
        variable = symbol(name)
        # x inside a function call counts as a coefficient, frozen over the step
        frozen = sympy.Dummy(name)
        calls = {
            call: call.xreplace({variable: frozen})
            for call in expression.atoms(sympy.Function)
            if call.has(variable)
        }
        linear_part = expression.xreplace(calls)
        slope = sympy.diff(linear_part, variable)
        if slope.has(variable):
            raise UnsupportedEquationsError(
                f"The equation of '{name}' ('{sympy_to_str(expression)}') is not linear in "
                f"'{name}'; exponential Euler only solves conditionally linear equations"
            )
        constant = linear_part.xreplace({variable: sympy.S.Zero})
        thaw = {frozen: variable}
        system[name] = (slope.xreplace(thaw), constant.xreplace(thaw))
    return system


class ExponentialEulerStateUpdater(StateUpdateMethod):
    """The exponential Euler method (see the module documentation)."""

    def __repr__(self) -> str:
        return "ExponentialEulerStateUpdater()"

    def __call__(
        self,
        equations: Equations,
        variables: Mapping[str, object] | None = None,
        method_options: Mapping[str, object] | None = None,
    ) -> AbstractCode:
        """Return the abstract code of one step (see `StateUpdateMethod.__call__`)."""
        extract_method_options(method_options, {})
        if equations.is_stochastic:
            raise UnsupportedEquationsError("Cannot solve stochastic equations with this method")
        dt = symbol("dt")
        statements = []
        system = get_conditionally_linear_system(equations)
        for name, (slope, constant) in system.items():
            x = symbol(name)
            if slope == 0:
                statements.append(make_statement(f"_{name}", x + dt * constant))
                continue
            ratio = f"_BA_{name}"
            statements.append(make_statement(ratio, constant / slope))
            statements.append(
                make_statement(
                    f"_{name}", -symbol(ratio) + (symbol(ratio) + x) * sympy.exp(dt * slope)
                )
            )
        statements.extend(make_statement(name, f"_{name}") for name in system)
        return finish(statements, equations, variables)


#: The exponential Euler method.
exponential_euler = ExponentialEulerStateUpdater()
