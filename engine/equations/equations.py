"""`Equations`: the model of a group, as Brian 2's class of the same name."""

from __future__ import annotations

import graphlib
import numbers
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import SupportsFloat

import sympy

from engine.equations.latex import equations_latex
from engine.equations.parser import parse_equations
from engine.equations.single import (
    DIFFERENTIAL_EQUATION,
    PARAMETER,
    SUBEXPRESSION,
    SingleEquation,
    is_noise_symbol,
    unit_for_display,
)
from engine.equations.unitcheck import Lookup, check_dimensions
from engine.errors import EquationError, ModelError, ReservedNameError
from engine.parsing.expressions import parse_expression, validate_identifier_syntax
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.parsing.sympytools import expression_to_sympy, substitute, symbol, undefined_value
from engine.units import DEFAULT_UNITS, DIMENSIONLESS, Quantity, get_dimensions, get_unit, second

__all__ = ["RESERVED_NAMES", "Equations", "identifier_problem"]

#: Names with a special meaning in every model; they cannot name a model variable.
RESERVED_NAMES = frozenset({"t", "dt", "t_in_timesteps", "xi", "i", "N"})


def identifier_problem(name: str) -> str | None:
    """Return why ``name`` cannot be the name of a model variable, or None if it can."""
    problem = validate_identifier_syntax(name)
    if problem is not None:
        return problem
    if name in RESERVED_NAMES or name.startswith("xi_"):
        return f"'{name}' has a special meaning in equations and cannot be used as a variable name"
    if name in DEFAULT_UNITS:
        return f"'{name}' is the name of a unit and cannot be used as a variable name"
    if name in DEFAULT_FUNCTIONS:
        return f"'{name}' is the name of a function and cannot be used as a variable name"
    if name in DEFAULT_CONSTANTS:
        return f"'{name}' is the name of a constant and cannot be used as a variable name"
    return None


class Equations(Mapping[str, SingleEquation]):
    """A set of model equations, parsed and checked.

    Parameters
    ----------
    eqns
        The equations as text (see `engine.equations.parser`), or ``SingleEquation`` objects
        (for the engine's own use: their names are not checked, so internal names are allowed).
    **kwds
        Substitutions: ``name="new_name"`` renames a variable or an external name, and
        ``name=value`` (a number or a quantity) replaces an external name by its value.

    Notes
    -----
    Iterating gives the variable names, indexing the `SingleEquation` of a name, as in Brian 2.
    Units are not checked here (the names they use may only be known at run time): see
    `check_units`.
    """

    def __init__(self, eqns: str | Iterable[SingleEquation] = "", **kwds: object) -> None:
        if isinstance(eqns, str):
            equations = list(parse_equations(eqns))
            for equation in equations:
                problem = identifier_problem(equation.varname)
                if problem is not None:
                    raise ReservedNameError(problem, equation.span, equation.document)
        else:
            equations = []
            names: set[str] = set()
            for equation in eqns:
                if not isinstance(equation, SingleEquation):
                    raise TypeError(
                        f"Equations can be built from text or SingleEquation objects, "
                        f"not {type(equation).__name__}"
                    )
                if equation.varname in names:
                    raise EquationError(f"Duplicate definition of variable '{equation.varname}'")
                names.add(equation.varname)
                equations.append(equation)
        if kwds:
            equations = _substitute(equations, kwds)
        self._equations: dict[str, SingleEquation] = {eq.varname: eq for eq in equations}
        self._check_noise()
        self._order = self._sort_subexpressions()

    # -- Mapping -----------------------------------------------------------------------------

    def __getitem__(self, name: str) -> SingleEquation:
        return self._equations[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._equations)

    def __len__(self) -> int:
        return len(self._equations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equations):
            return NotImplemented
        return self._equations == other._equations

    def __hash__(self) -> int:
        return hash(frozenset(self._equations.items()))

    # -- combining ---------------------------------------------------------------------------

    def __add__(self, other: object) -> Equations:
        if isinstance(other, str):
            other = Equations(other)
        if not isinstance(other, Equations):
            return NotImplemented
        return Equations([*self.values(), *other.values()])

    def __radd__(self, other: object) -> Equations:
        if isinstance(other, str):
            return Equations(other) + self
        if other == 0:  # sum([...]) starts from 0
            return self
        return NotImplemented

    def substitute(self, **kwds: object) -> Equations:
        """Return these equations with names renamed or replaced by values (see class doc)."""
        return Equations(list(self.values()), **kwds)

    # -- structure ---------------------------------------------------------------------------

    @property
    def ordered(self) -> list[SingleEquation]:
        """Subexpressions in dependency order, then differential equations, then parameters."""
        return [self._equations[name] for name in self._order]

    @property
    def names(self) -> set[str]:
        """All variable names defined by the equations."""
        return set(self._equations)

    @property
    def diff_eq_names(self) -> set[str]:
        """Names of the variables defined by differential equations."""
        return {eq.varname for eq in self.values() if eq.type == DIFFERENTIAL_EQUATION}

    @property
    def subexpr_names(self) -> set[str]:
        """Names of the subexpressions."""
        return {eq.varname for eq in self.values() if eq.type == SUBEXPRESSION}

    @property
    def eq_names(self) -> set[str]:
        """Names defined by differential equations or subexpressions."""
        return self.diff_eq_names | self.subexpr_names

    @property
    def parameter_names(self) -> set[str]:
        """Names of the parameters."""
        return {eq.varname for eq in self.values() if eq.type == PARAMETER}

    @property
    def diff_eq_expressions(self) -> list[tuple[str, object]]:
        """``(name, expression)`` of every differential equation."""
        return [(eq.varname, eq.expr) for eq in self.values() if eq.type == DIFFERENTIAL_EQUATION]

    @property
    def eq_expressions(self) -> list[tuple[str, object]]:
        """``(name, expression)`` of every differential equation and subexpression."""
        return [(eq.varname, eq.expr) for eq in self.values() if eq.expr is not None]

    @property
    def dimensions(self) -> dict[str, object]:
        """The dimensions of every variable."""
        return {name: eq.dim for name, eq in self._equations.items()}

    @property
    def identifiers(self) -> set[str]:
        """Names used on right-hand sides that the equations do not define themselves."""
        used = {name for eq in self.values() for name in eq.identifiers}
        return used - self.names

    @property
    def functions(self) -> set[str]:
        """Names called as functions on right-hand sides (``exp``, a ``TimedArray``, ...)."""
        return {name for eq in self.values() if eq.expr is not None for name in eq.expr.functions}

    @property
    def stochastic_variables(self) -> set[str]:
        """The noise symbols used (``xi``, ``xi_*``)."""
        return {name for name in self.identifiers if is_noise_symbol(name)}

    @property
    def noisy_subexpressions(self) -> dict[str, list[str]]:
        """The subexpressions that use noise, directly or through others, with its terms.

        Such a subexpression has a value only inside the differential equations it is
        substituted into (see `_check_noise`).
        """
        noisy: dict[str, list[str]] = {}
        for eq in self.ordered:  # subexpressions first, in dependency order
            if eq.type != SUBEXPRESSION:
                continue
            terms = set(eq.stochastic_variables)
            for name in eq.identifiers:
                terms.update(noisy.get(name, ()))
            if terms:
                noisy[eq.varname] = sorted(terms)
        return noisy

    @property
    def is_stochastic(self) -> bool:
        """Whether any equation has a noise term."""
        return bool(self.stochastic_variables)

    @property
    def stochastic_type(self) -> str | None:
        """``None`` (no noise), ``"additive"`` or ``"multiplicative"``.

        Noise is additive when no noise factor depends on time or on a variable defined by a
        differential equation.
        """
        if not self.is_stochastic:
            return None
        state = {symbol(name) for name in self.diff_eq_names} | {symbol("t")}
        for name, expression in self.substituted_expressions:
            _, noise = split_stochastic(expression, name)
            for factor in noise.values():
                if factor.free_symbols & state:
                    return "multiplicative"
        return "additive"

    @cached_property
    def substituted_expressions(self) -> list[tuple[str, sympy.Expr]]:
        """Each differential equation as ``(name, sympy expression)``.

        Subexpressions are substituted into the expressions, recursively.
        """
        return [
            (name, expression)
            for name, expression in self._substituted
            if self._equations[name].type == DIFFERENTIAL_EQUATION
        ]

    def get_substituted_expressions(
        self, include_subexpressions: bool = False
    ) -> list[tuple[str, sympy.Expr]]:
        """Return ``(name, expression)`` pairs with all subexpressions substituted.

        Parameters
        ----------
        include_subexpressions
            Also return the (substituted) subexpressions themselves.
        """
        if include_subexpressions:
            return list(self._substituted)
        return list(self.substituted_expressions)

    @cached_property
    def _substituted(self) -> list[tuple[str, sympy.Expr]]:
        replacements: dict[sympy.Symbol, sympy.Expr] = {}
        result: list[tuple[str, sympy.Expr]] = []
        for eq in self.ordered:
            if eq.expr is None:
                continue
            expression = substitute(expression_to_sympy(eq.expr), replacements)
            problem = undefined_value(expression)
            if problem is not None:  # e.g. x/y with a subexpression y = 0*v
                raise EquationError(
                    f"With its subexpressions substituted, the equation of '{eq.varname}' has "
                    f"no value: {problem}",
                    eq.span,
                    eq.document,
                    "Check the subexpressions it uses for a division by zero.",
                )
            if eq.type == SUBEXPRESSION:
                replacements[symbol(eq.varname)] = expression
            result.append((eq.varname, expression))
        return result

    # -- checks ------------------------------------------------------------------------------

    def check_flags(
        self,
        allowed_flags: Mapping[str, Iterable[str]],
        incompatible_flags: Iterable[tuple[str, ...]] = (),
    ) -> None:
        """Check that every equation only uses flags allowed for its type.

        Parameters
        ----------
        allowed_flags
            For each equation type, the flags it may have (a missing type allows none).
        incompatible_flags
            Combinations of flags that cannot be given together.

        Raises
        ------
        EquationError
            Naming the equation and the flag.
        """
        incompatible = [set(combination) for combination in incompatible_flags]
        for eq in self.values():
            allowed = list(allowed_flags.get(eq.type, ()))
            for flag in eq.flags:
                if flag not in allowed:
                    options = (
                        f"only {', '.join(repr(f) for f in allowed)} can be used"
                        if allowed
                        else "they cannot have any flags"
                    )
                    raise EquationError(
                        f"The flag '{flag}' is not allowed on the {eq.type} of '{eq.varname}' "
                        f"here: {options}",
                        eq.unit_span,
                        eq.document,
                    )
            for combination in incompatible:
                clash = combination & set(eq.flags)
                if len(clash) > 1:
                    first, second_flag = sorted(clash)[:2]
                    raise EquationError(
                        f"The flags '{first}' and '{second_flag}' cannot be combined "
                        f"(equation of '{eq.varname}')",
                        eq.unit_span,
                        eq.document,
                    )

    def check_units(self, lookup: Lookup) -> None:
        """Check that every right-hand side has the unit its variable declares.

        A differential equation's right-hand side must have the unit of its variable per
        second; a subexpression's the unit of its variable.

        Parameters
        ----------
        lookup
            What the names used mean (see `engine.equations.unitcheck`); it must know the
            variables of these equations too.

        Raises
        ------
        UnitMismatchError, UnresolvedIdentifierError, ExpressionError
            With the position of the problem in the equations.
        """
        time = get_dimensions(second)
        for eq in self.values():
            if eq.expr is None:
                continue
            if eq.type == DIFFERENTIAL_EQUATION:
                unit = unit_for_display(eq.dim)
                check_dimensions(
                    eq.expr,
                    eq.dim / time,
                    lookup,
                    f"the differential equation of '{eq.varname}' (its unit is that of "
                    f"'{eq.varname}' per second)",
                    expected_text="1/s" if unit == "1" else f"{unit}/s",
                )
            else:
                check_dimensions(eq.expr, eq.dim, lookup, f"the subexpression '{eq.varname}'")

    def _check_noise(self) -> None:
        """Refuse noise where it has no meaning.

        A noise term used in several equations is one and the same noise (Brian 2's rule). A
        subexpression may use a named noise term (``I = sigma*xi_I/sqrt(tau) : Hz``): it is
        substituted into the differential equations that use it, which integrate it as their
        own noise. As in Brian 2, the unnamed ``xi`` is refused there, and so is noise in a
        subexpression evaluated once per step (``constant over dt``, ``shared``), which would
        not be integrated.
        """
        for eq in self.values():
            for name in sorted(eq.stochastic_variables):
                if eq.type == DIFFERENTIAL_EQUATION:
                    continue
                if eq.type != SUBEXPRESSION:
                    problem, hint = "noise can only appear in differential equations", None
                elif name == "xi":
                    problem = "a subexpression can only use a named noise term"
                    hint = (
                        f"Name it, e.g. 'xi_{eq.varname}' (the same name in several equations "
                        "is the same noise), or write the noise in the differential equation."
                    )
                elif "constant over dt" in eq.flags or "shared" in eq.flags:
                    flag = "constant over dt" if "constant over dt" in eq.flags else "shared"
                    problem = (
                        f"a ({flag}) subexpression is computed once per step, outside the "
                        "differential equations that integrate noise"
                    )
                    hint = f"Remove the flag ({flag}), or the noise term."
                else:
                    continue
                raise EquationError(
                    f"The {eq.type} of '{eq.varname}' uses the noise term '{name}'; {problem}",
                    eq.span,
                    eq.document,
                    hint,
                    variable=eq.varname,
                )

    def _sort_subexpressions(self) -> list[str]:
        subexpressions = {eq.varname: eq for eq in self.values() if eq.type == SUBEXPRESSION}
        graph = {
            name: {dep for dep in eq.identifiers if dep in subexpressions}
            for name, eq in subexpressions.items()
        }
        try:
            order = list(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as error:
            cycle = error.args[1]
            first = subexpressions[cycle[0]]
            raise EquationError(
                "The subexpressions depend on each other in a circle: " + " -> ".join(cycle),
                first.span,
                first.document,
            ) from None
        differential = [eq.varname for eq in self.values() if eq.type == DIFFERENTIAL_EQUATION]
        parameters = [eq.varname for eq in self.values() if eq.type == PARAMETER]
        return order + differential + parameters

    # -- display -----------------------------------------------------------------------------

    def __str__(self) -> str:
        return "\n".join(str(eq) for eq in self.ordered)

    def __repr__(self) -> str:
        return f"<Equations object consisting of {len(self)} equations>"

    def _latex(self, *args: object) -> str:
        """Return the equations in LaTeX, as written (`engine.equations.latex`)."""
        return equations_latex(self.values())

    def _repr_latex_(self) -> str:
        return self._latex()


def split_stochastic(
    expression: sympy.Expr, varname: str = ""
) -> tuple[sympy.Expr, dict[str, sympy.Expr]]:
    """Split a right-hand side into its deterministic part and one factor per noise term.

    ``f + g1*xi_1 + g2*xi_2`` gives ``(f, {"xi_1": g1, "xi_2": g2})``.

    Raises
    ------
    EquationError
        If the expression is not linear in its noise terms (e.g. ``xi**2``).
    """
    noise = sorted(
        (s for s in expression.free_symbols if is_noise_symbol(s.name)), key=lambda s: s.name
    )
    if not noise:
        return expression, {}
    factors: dict[str, sympy.Expr] = {}
    for xi in noise:
        factor = sympy.diff(expression, xi)
        if any(factor.has(other) for other in noise):
            raise EquationError(
                f"The equation of '{varname}' is not linear in its noise term '{xi.name}'; "
                "noise must appear as 'factor*xi'"
            )
        factors[xi.name] = factor
    deterministic = expression.xreplace(dict.fromkeys(noise, sympy.S.Zero))
    return deterministic, factors


def _substitute(
    equations: list[SingleEquation], replacements: Mapping[str, object]
) -> list[SingleEquation]:
    """Rename variables and external names, or replace external names by values."""
    defined = {eq.varname for eq in equations}
    result: list[SingleEquation] = []
    new_names: set[str] = set()
    for eq in equations:
        varname = eq.varname
        if varname in replacements:
            new = replacements[varname]
            if not isinstance(new, str):
                raise EquationError(f"The model variable '{varname}' cannot be replaced by a value")
            problem = identifier_problem(new)
            if problem is not None:
                raise EquationError(problem)
            if (new in defined and new not in replacements) or new in new_names:
                raise EquationError(
                    f"Cannot rename '{varname}' to '{new}': '{new}' is already defined"
                )
            varname = new
        new_names.add(varname)
        expr = eq.expr
        if expr is not None:
            code = str(expr)
            for old, new in replacements.items():
                if old not in expr.identifiers:
                    continue
                code = re.sub(rf"\b{re.escape(old)}\b", _replacement_text(old, new), code)
            if code != str(expr):
                try:
                    expr = parse_expression(code)
                except ModelError as error:
                    raise EquationError(
                        f"Substituting into the equation of '{eq.varname}' failed: {error.message}"
                    ) from None
        result.append(
            SingleEquation(eq.type, varname, eq.dim, eq.var_type, expr, eq.flags, eq.unit_text)
        )
    return result


def _replacement_text(name: str, replacement: object) -> str:
    if isinstance(replacement, str):
        problem = validate_identifier_syntax(replacement)
        if problem is not None:
            raise EquationError(f"Cannot replace '{name}' by '{replacement}': {problem}")
        return replacement
    if (isinstance(replacement, numbers.Real) and not isinstance(replacement, bool)) or (
        isinstance(replacement, Quantity) and replacement.ndim == 0
    ):
        return f"({_value_text(replacement)})"
    raise EquationError(
        f"'{name}' can only be replaced by a name, a number or a scalar quantity, "
        f"not {type(replacement).__name__}"
    )


def _value_text(value: SupportsFloat) -> str:
    """Write a number or scalar quantity as model-language text, exactly."""
    dim = get_dimensions(value)
    magnitude = repr(float(value)) if not isinstance(value, numbers.Integral) else repr(int(value))
    if dim is DIMENSIONLESS:
        return magnitude
    return f"{magnitude}*{get_unit(dim)!r}"  # the repr of a base unit is valid model text
