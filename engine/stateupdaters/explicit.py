"""Explicit integration methods described in Brian 2's small description language.

A method is written as statements in terms of the state ``x``, the time ``t``, the step ``dt``,
the Wiener increment ``dW``, the deterministic right-hand side ``f(x, t)`` and the noise factor
``g(x, t)``; the last statement defines ``x_new``::

    k = dt*f(x, t)
    x_new = x + dt*f(x + k/2, t + dt/2)

Applied to a system of equations, ``x`` stands for each variable in turn, and ``f(x + k/2, ...)``
evaluates the right-hand side with every variable ``u`` replaced by ``u + k_u/2``. For
stochastic equations every statement that involves noise is evaluated once per noise term.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.equations import Equations, split_stochastic
from engine.errors import UnsupportedEquationsError
from engine.parsing.statements import parse_statements
from engine.parsing.sympytools import expression_to_sympy, symbol
from engine.stateupdaters.base import (
    StateUpdateMethod,
    extract_method_options,
    finish,
    time_dependence_problem,
)

__all__ = ["ExplicitStateUpdater", "diagonal_noise", "euler", "heun", "milstein", "rk2", "rk4"]

_X, _T, _DT, _DW = symbol("x"), symbol("t"), symbol("dt"), symbol("dW")
_F, _G = sympy.Function("f"), sympy.Function("g")


class ExplicitStateUpdater(StateUpdateMethod):
    """An explicit method given by a description (see the module documentation).

    Parameters
    ----------
    description
        The statements of the method; the last one must define ``x_new``.
    stochastic
        ``None`` for deterministic equations only, ``"additive"`` for additive noise,
        ``"multiplicative"`` for any noise.
    custom_check
        Called as ``custom_check(equations, variables)``; raises `UnsupportedEquationsError`
        for equations the method cannot handle beyond the above (e.g. non-diagonal noise).

    Raises
    ------
    ValueError
        If the description is malformed.
    """

    def __init__(
        self,
        description: str,
        stochastic: str | None = None,
        custom_check: Callable[[Equations, Mapping[str, object] | None], None] | None = None,
    ) -> None:
        if stochastic not in (None, "additive", "multiplicative"):
            raise ValueError(
                f"stochastic must be None, 'additive' or 'multiplicative', not {stochastic!r}"
            )
        self.description = description
        self.stochastic = stochastic
        self.custom_check = custom_check
        statements = parse_statements(description, functions={"f", "g"})
        if not statements or statements[-1].var != "x_new":
            raise ValueError("The last statement of a method description must define 'x_new'")
        known = {"x", "t", "dt", "dW"}
        self.intermediates: list[tuple[str, sympy.Expr]] = []
        self.noisy: set[str] = set()
        for statement in statements:
            if statement.op != "=":
                raise ValueError(f"Use plain assignments in method descriptions: '{statement}'")
            unknown = set(statement.expr.identifiers) - known
            if unknown:
                raise ValueError(f"Unknown name(s) {', '.join(sorted(unknown))} in '{statement}'")
            expression = expression_to_sympy(statement.expr)
            for call in expression.atoms(_F, _G):
                if len(call.args) != 2:
                    raise ValueError(f"f and g take two arguments (x, t), in '{statement}'")
            if self._mentions_noise(expression):
                if stochastic is None:
                    raise ValueError(
                        "The description uses dW or g but the method was declared "
                        "deterministic (stochastic=None)"
                    )
                self.noisy.add(statement.var)
            if statement.var == "x_new":
                self.output = expression
            else:
                self.intermediates.append((statement.var, expression))
                known.add(statement.var)

    def _mentions_noise(self, expression: sympy.Expr) -> bool:
        names = {s.name for s in expression.free_symbols}
        return bool(expression.atoms(_G)) or "dW" in names or bool(names & self.noisy)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}('''{self.description.strip()}''', "
            f"stochastic={self.stochastic!r})"
        )

    def __call__(
        self,
        equations: Equations,
        variables: Mapping[str, object] | None = None,
        method_options: Mapping[str, object] | None = None,
    ) -> AbstractCode:
        """Return the abstract code of one step (see `StateUpdateMethod.__call__`)."""
        extract_method_options(method_options, {})
        noise = sorted(equations.stochastic_variables)
        if noise and self.stochastic is None:
            raise UnsupportedEquationsError(
                "Cannot integrate stochastic equations with this method"
            )
        if (
            noise
            and self.stochastic == "additive"
            and equations.stochastic_type == "multiplicative"
        ):
            self._require_additive(equations, variables)
        if self.custom_check is not None:
            self.custom_check(equations, variables)
        system = _System(equations)
        statements = [make_statement(xi, "dt**0.5*randn()") for xi in noise]
        for name, expression in self.intermediates:
            for var in system.variables:
                for xi in noise if name in self.noisy else [None]:
                    target = _intermediate(name, var, xi)
                    statements.append(
                        make_statement(target, self._render(expression, var, xi, system))
                    )
        for var in system.variables:
            statements.append(make_statement(f"_{var}", self._render_output(var, noise, system)))
        statements.extend(make_statement(var, f"_{var}") for var in system.variables)
        return finish(statements, equations, variables)

    def _require_additive(
        self, equations: Equations, variables: Mapping[str, object] | None
    ) -> None:
        """Refuse multiplicative noise, unless its dependence on t is constant over a step."""
        state = {symbol(name) for name in equations.diff_eq_names}
        for name, expression in equations.substituted_expressions:
            _, factors = split_stochastic(expression, name)
            for factor in factors.values():
                if factor.free_symbols & state or time_dependence_problem(factor, variables):
                    raise UnsupportedEquationsError(
                        "Cannot integrate equations with multiplicative noise with this "
                        f"method (the noise of '{name}' is multiplied by "
                        f"'{factor}')"
                    )

    def _render_output(self, var: str, noise: list[str], system: _System) -> sympy.Expr:
        terms = sympy.Add.make_args(sympy.expand(self.output))
        deterministic = sympy.Add(*(t for t in terms if not self._mentions_noise(t)))
        stochastic = sympy.Add(*(t for t in terms if self._mentions_noise(t)))
        result = self._render(deterministic, var, None, system)
        for xi in noise:
            result += self._render(stochastic, var, xi, system)
        return result

    def _render(
        self, expression: sympy.Expr, var: str, xi: str | None, system: _System
    ) -> sympy.Expr:
        """Instantiate a description expression for variable ``var`` (and noise ``xi``)."""
        if expression.is_Atom:
            if expression == _X:
                return symbol(var)
            if expression == _DW:
                return symbol(xi) if xi is not None else sympy.S.Zero
            if isinstance(expression, sympy.Symbol) and expression.name not in ("t", "dt"):
                noisy = expression.name in self.noisy
                if noisy and xi is None:
                    return sympy.S.Zero
                return symbol(_intermediate(expression.name, var, xi if noisy else None))
            return expression
        if expression.func in (_F, _G):
            argument, time_argument = expression.args
            replacements = {
                symbol(u): self._render(argument, u, xi, system) for u in system.variables
            }
            replacements[_T] = self._render(time_argument, var, xi, system)
            if expression.func == _F:
                base = system.deterministic[var]
            else:
                base = system.noise[var].get(xi, sympy.S.Zero) if xi is not None else sympy.S.Zero
            return base.xreplace(replacements)
        return expression.func(*(self._render(arg, var, xi, system) for arg in expression.args))


class _System:
    """The equations of a group, split into deterministic parts and noise factors."""

    def __init__(self, equations: Equations) -> None:
        self.variables: list[str] = []
        self.deterministic: dict[str, sympy.Expr] = {}
        self.noise: dict[str, dict[str, sympy.Expr]] = {}
        for name, expression in equations.substituted_expressions:
            deterministic, factors = split_stochastic(expression, name)
            self.variables.append(name)
            self.deterministic[name] = deterministic
            self.noise[name] = factors


def _intermediate(name: str, var: str, xi: str | None) -> str:
    return f"__{name}_{var}" + (f"_{xi}" if xi is not None else "")


def diagonal_noise(equations: Equations, variables: Mapping[str, object] | None = None) -> None:
    """Require diagonal noise: each equation has at most one noise term, used nowhere else.

    Raises
    ------
    UnsupportedEquationsError
        For non-diagonal noise.
    """
    seen: list[str] = []
    for name, expression in equations.substituted_expressions:
        _, factors = split_stochastic(expression, name)
        if len(factors) > 1:
            raise UnsupportedEquationsError(
                f"Cannot integrate non-diagonal noise with this method ('{name}' has "
                f"{len(factors)} noise terms)"
            )
        seen.extend(factors)
    if len(seen) != len(set(seen)):
        raise UnsupportedEquationsError(
            "Cannot integrate non-diagonal noise with this method (a noise term is shared "
            "by several equations)"
        )


#: Forward Euler; Euler–Maruyama for additive noise.
euler = ExplicitStateUpdater("x_new = x + dt*f(x, t) + g(x, t)*dW", stochastic="additive")

#: Second-order Runge–Kutta (midpoint method).
rk2 = ExplicitStateUpdater(
    """
    k = dt*f(x, t)
    x_new = x + dt*f(x + k/2, t + dt/2)
    """
)

#: Classical fourth-order Runge–Kutta.
rk4 = ExplicitStateUpdater(
    """
    k_1 = dt*f(x, t)
    k_2 = dt*f(x + k_1/2, t + dt/2)
    k_3 = dt*f(x + k_2/2, t + dt/2)
    k_4 = dt*f(x + k_3, t + dt)
    x_new = x + (k_1 + 2*k_2 + 2*k_3 + k_4)/6
    """
)

#: Derivative-free Milstein method (diagonal multiplicative noise, Itô).
milstein = ExplicitStateUpdater(
    """
    x_support = x + dt*f(x, t) + dt**0.5*g(x, t)
    g_support = g(x_support, t)
    k = 1/(2*dt**0.5)*(g_support - g(x, t))*dW**2
    x_new = x + dt*f(x, t) + g(x, t)*dW + k
    """,
    stochastic="multiplicative",
    custom_check=diagonal_noise,
)

#: Stochastic Heun method (multiplicative noise, Stratonovich).
heun = ExplicitStateUpdater(
    """
    x_support = x + g(x, t)*dW
    g_support = g(x_support, t + dt)
    x_new = x + dt*f(x, t) + 0.5*dW*(g(x, t) + g_support)
    """,
    stochastic="multiplicative",
)
