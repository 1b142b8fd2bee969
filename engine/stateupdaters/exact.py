"""Exact integration of linear systems with constant coefficients (``exact`` / ``linear``).

For ``dX/dt = M X + B`` with ``M`` and ``B`` constant over a step, the solution after one step
is ``X(t + dt) = e^{M dt} (X + M⁻¹B) - M⁻¹B``, computed symbolically with sympy once per model.
As in Brian 2, the method applies only when ``M`` is invertible and the solution is real.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy.matrices.exceptions import MatrixError

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.equations import Equations
from engine.errors import UnsupportedEquationsError
from engine.parsing.sympytools import symbol, sympy_to_str
from engine.stateupdaters.base import (
    StateUpdateMethod,
    extract_method_options,
    finish,
    locally_constant_key,
    time_dependence_problem,
)

__all__ = ["LinearStateUpdater", "exact", "get_linear_system", "linear"]


def get_linear_system(
    equations: Equations,
) -> tuple[list[str], sympy.Matrix, sympy.Matrix]:
    """Write the differential equations as ``dX/dt = M X + B``.

    Returns
    -------
    (names, M, B)
        The variables in row order, the coefficient matrix and the constant vector.

    Raises
    ------
    UnsupportedEquationsError
        If an equation is not linear in the variables.
    """
    expressions = equations.substituted_expressions
    names = [name for name, _ in expressions]
    symbols = [symbol(name) for name in names]
    zero = dict.fromkeys(symbols, sympy.S.Zero)
    size = len(names)
    matrix = sympy.zeros(size, size)
    constants = sympy.zeros(size, 1)
    for row, (name, expression) in enumerate(expressions):
        for column, variable in enumerate(symbols):
            coefficient = sympy.diff(expression, variable)
            if coefficient.has(*symbols):
                raise UnsupportedEquationsError(
                    f"The equation of '{name}' ('{sympy_to_str(expression)}') is not linear "
                    f"in {', '.join(names)}"
                )
            matrix[row, column] = coefficient
        constants[row] = expression.xreplace(zero)
    return names, matrix, constants


class LinearStateUpdater(StateUpdateMethod):
    """Exact solution of linear equations with coefficients constant over a time step.

    Option ``simplify`` (default True) simplifies the matrix exponential's entries.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple, AbstractCode] = {}

    def __repr__(self) -> str:
        return "LinearStateUpdater()"

    def __call__(
        self,
        equations: Equations,
        variables: Mapping[str, object] | None = None,
        method_options: Mapping[str, object] | None = None,
    ) -> AbstractCode:
        """Return the abstract code of one step (see `StateUpdateMethod.__call__`)."""
        options = extract_method_options(method_options, {"simplify": True})
        if equations.is_stochastic:
            raise UnsupportedEquationsError("Cannot solve stochastic equations exactly")
        # The symbolic work is the slow part of building a model: do it once per model.
        key = (hash(equations), options["simplify"], _variables_key(variables))
        if key not in self._cache:
            self._cache[key] = self._solve(equations, variables, bool(options["simplify"]))
        return self._cache[key]

    def _solve(
        self, equations: Equations, variables: Mapping[str, object] | None, simplify: bool
    ) -> AbstractCode:
        names, matrix, constants = get_linear_system(equations)
        for entry in [*matrix, *constants]:
            problem = time_dependence_problem(entry, variables)
            if problem is not None:
                raise UnsupportedEquationsError(
                    f"The term '{sympy_to_str(entry)}' may change within a time step "
                    f"({problem}), so the equations cannot be solved exactly"
                )
        if sympy.simplify(matrix.det()) == 0:
            raise UnsupportedEquationsError(
                "The linear system is singular (its matrix has no inverse), so this method "
                "cannot solve it"
            )
        offset = matrix.LUsolve(constants)  # M⁻¹B: X + M⁻¹B decays as e^{M t}
        dt = symbol("dt")
        try:
            propagator = (matrix * dt).exp()
        except (NotImplementedError, ValueError, MatrixError) as error:
            raise UnsupportedEquationsError(
                f"sympy cannot compute the matrix exponential of this system ({error})"
            ) from None
        if simplify:
            propagator = propagator.applyfunc(
                lambda entry: sympy.factor_terms(sympy.cancel(sympy.signsimp(entry)))
            )
        state = sympy.Matrix([symbol(name) for name in names])
        updates = propagator * (state + offset) - offset
        statements = []
        for name, update in zip(names, updates, strict=True):
            update = sympy.expand(update) if update.has(sympy.I) else update
            if update.has(sympy.I, sympy.re, sympy.im):
                raise UnsupportedEquationsError(
                    "The solution of the linear system has complex values, which this "
                    "method does not handle"
                )
            statements.append(make_statement(f"_{name}", update))
        statements.extend(make_statement(name, f"_{name}") for name in names)
        return finish(statements, equations, variables)


def _variables_key(variables: Mapping[str, object] | None) -> tuple:
    if variables is None:
        return ()
    shared = tuple(
        sorted((name, bool(getattr(v, "scalar", False))) for name, v in variables.items())
    )
    # A TimedArray may be constant over one group's dt and not over another's.
    return shared, locally_constant_key(variables)


#: Exact integration of linear equations (Brian 2's ``exact``, also called ``linear``).
exact = linear = LinearStateUpdater()
