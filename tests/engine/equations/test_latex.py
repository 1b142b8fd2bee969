"""LaTeX of equations and quantities, as notebooks show them (``_repr_latex_``).

The expected texts are the structure Brian 2 gives (an ``align*`` environment, a line per
equation with a note of its unit and flags; a quantity in its best unit), with the engine's
differences: a dimensionless unit is ``1`` (Brian 2 shows ``rad``) and every name is shown as a
LaTeX symbol (Brian 2 leaves a subexpression's own name as written on the left).
"""

from __future__ import annotations

import numpy as np

from engine.equations import Equations
from engine.equations.latex import equation_latex, name_latex, unit_latex
from engine.units import DIMENSIONLESS, get_dimensions, ms, mV, siemens, volt


def test_names_are_shown_as_sympy_shows_symbols():
    assert name_latex("v") == "v"
    assert name_latex("g_L") == "g_{L}"
    assert name_latex("tau_m") == "\\tau_{m}"


def test_units_are_shown_by_their_names_and_dimensionless_as_one():
    assert unit_latex(get_dimensions(volt)) == "\\mathrm{V}"
    assert unit_latex(get_dimensions(siemens)) == "\\mathrm{S}"
    assert unit_latex(DIMENSIONLESS) == "1"


def test_equations_are_an_align_environment_with_a_line_per_equation_in_written_order():
    eqs = Equations(
        """dv/dt = (g_L*(E_L - v) + I_syn)/C_m : volt (unless refractory)
        I_syn = g*(E - v) : amp
        x_0 : 1 (constant)"""
    )
    assert eqs._repr_latex_() == (
        "\\begin{align*}"
        "\\frac{\\mathrm{d}v}{\\mathrm{d}t} &= \\frac{I_{syn} + g_{L} \\left(E_{L} - v\\right)}"
        "{C_{m}} && \\text{(unit of $v$: $\\mathrm{V}$, flags: unless refractory)}\\\\\n"
        "I_{syn} &= g \\left(E - v\\right) && \\text{(unit of $I_{syn}$: $\\mathrm{A}$)}\\\\\n"
        "x_{0} &&& \\text{(unit: $1$, flags: constant)}"
        "\\end{align*}"
    )


def test_empty_equations_are_an_empty_environment():
    assert Equations("")._repr_latex_() == "\\begin{align*}\\end{align*}"


def test_a_single_equation_is_inline_math_without_its_unit():
    eqs = Equations("dg/dt = -g/tau_g : siemens\nn : integer")
    derivative = "\\frac{\\mathrm{d}g}{\\mathrm{d}t}"
    assert eqs["g"]._repr_latex_() == f"${derivative} = - \\frac{{g}}{{\\tau_{{g}}}}$"
    assert equation_latex(eqs["n"]) == "n"


def test_the_language_functions_keep_their_names():
    eqs = Equations("y = int(x > 0) + exprel(x) + sqrt(x) : 1\nx : 1")
    text = eqs._repr_latex_()
    assert "\\operatorname{int}{\\left(x > 0 \\right)}" in text
    assert "\\operatorname{exprel}{\\left(x \\right)}" in text
    assert "\\sqrt{x}" in text


def test_quantities_are_shown_in_their_best_unit():
    assert (3 * mV)._repr_latex_() == "$3.0\\,\\mathrm{m}\\mathrm{V}$"
    assert (1234.5 * ms)._repr_latex_() == "$1.2345\\,\\mathrm{s}$"
    assert (np.array([1, 2, 3]) * mV)._repr_latex_() == (
        "$\\left[\\begin{matrix}1. & 2. & 3.\\end{matrix}\\right]\\,\\mathrm{m}\\mathrm{V}$"
    )
    assert mV._repr_latex_() == "$\\mathrm{m}\\mathrm{V}$"
