r"""LaTeX of equations, as notebooks show them (Brian 2's ``Equations._repr_latex_``).

Equations become one ``align*`` environment, a line per equation in the order written: the
variable (``\frac{\mathrm{d}v}{\mathrm{d}t}`` for a differential equation), its expression
in sympy's LaTeX, and a note of its unit and flags. Names are shown as sympy shows symbols
(``tau_m`` is ``\tau_{m}``).
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy
from sympy.printing.latex import LatexPrinter

from engine.equations.single import DIFFERENTIAL_EQUATION, PARAMETER, SingleEquation
from engine.parsing.sympytools import expression_to_sympy
from engine.units import DIMENSIONLESS, Dimension, get_unit

__all__ = [
    "equation_latex",
    "equations_latex",
    "expression_latex",
    "name_latex",
    "unit_latex",
]


def name_latex(name: str) -> str:
    r"""Return a variable's name in LaTeX (``g_L`` is ``g_{L}``, ``tau`` is ``\tau``)."""
    return str(sympy.latex(sympy.Symbol(name)))


def unit_latex(dim: Dimension) -> str:
    """Return the unit of dimensions ``dim`` in LaTeX (``1`` for a dimensionless one)."""
    if dim is DIMENSIONLESS:
        return "1"
    return str(get_unit(dim)._latex())


def _left(equation: SingleEquation) -> str:
    name = name_latex(equation.varname)
    if equation.type == DIFFERENTIAL_EQUATION:
        return f"\\frac{{\\mathrm{{d}}{name}}}{{\\mathrm{{d}}t}}"
    return name


class _Printer(LatexPrinter):
    """sympy's LaTeX, with the language's names for the engine's own sympy functions."""

    def _print_int_(self, expr: sympy.Basic, exp: str | None = None) -> str:
        # int() is int_ in sympy (a name sympy does not take): shown as the model writes it
        power = f"^{{{exp}}}" if exp is not None else ""
        return f"\\operatorname{{int}}{power}{{\\left({self._print(expr.args[0])} \\right)}}"


def expression_latex(expression: sympy.Basic) -> str:
    """Return a sympy expression of the engine in LaTeX (as `sympy.latex` gives it)."""
    return str(_Printer().doprint(expression))


def _right(equation: SingleEquation) -> str:
    assert equation.expr is not None  # an equation other than a parameter's has one
    return expression_latex(expression_to_sympy(equation.expr))


def equation_latex(equation: SingleEquation) -> str:
    """Return one equation (or parameter) in LaTeX, without its unit: ``v = 3 mV``."""
    if equation.type == PARAMETER:
        return _left(equation)
    return f"{_left(equation)} = {_right(equation)}"


def _line(equation: SingleEquation) -> str:
    unit = f"${unit_latex(equation.dim)}$"
    flags = f", flags: {', '.join(equation.flags)}" if equation.flags else ""
    if equation.type == PARAMETER:
        return f"{_left(equation)} &&& \\text{{(unit: {unit}{flags})}}"
    name = name_latex(equation.varname)
    return f"{_left(equation)} &= {_right(equation)} && \\text{{(unit of ${name}$: {unit}{flags})}}"


def equations_latex(equations: Iterable[SingleEquation]) -> str:
    """Return equations in LaTeX: an ``align*`` environment with a line per equation."""
    lines = "\\\\\n".join(_line(equation) for equation in equations)
    return f"\\begin{{align*}}{lines}\\end{{align*}}"
