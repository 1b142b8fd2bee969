"""Parsing model equations: the three kinds of equations, units, flags, and located errors."""

import pytest

from engine.equations import (
    BOOLEAN,
    DIFFERENTIAL_EQUATION,
    FLOAT,
    INTEGER,
    PARAMETER,
    SUBEXPRESSION,
    Equations,
    parse_equations,
    parse_unit_declaration,
)
from engine.errors import EquationError, ExpressionError, SourceSpan
from engine.units import DIMENSIONLESS, amp, metre, second, siemens, volt


def test_the_three_kinds_of_equations():
    eqs = parse_equations(
        """
        dv/dt = (El - v)/tau : volt (unless refractory)  # membrane
        I_leak = g_L*(El - v) : amp
        tau : second (constant)
        """
    )
    v, leak, tau = eqs
    assert (v.type, v.varname, v.dim, v.var_type) == (DIFFERENTIAL_EQUATION, "v", volt.dim, FLOAT)
    assert str(v.expr) == "(El - v)/tau"
    assert v.flags == ("unless refractory",)
    assert (leak.type, leak.varname, leak.dim) == (SUBEXPRESSION, "I_leak", amp.dim)
    assert (tau.type, tau.varname, tau.dim, tau.expr) == (PARAMETER, "tau", second.dim, None)
    assert tau.flags == ("constant",)


def test_an_expression_may_continue_over_several_lines():
    (eq,) = parse_equations(
        """dy/dt = -y*(1./taupsp)+25.27*mV/ms+
                (39.24*mV/ms**0.5)*xi : volt"""
    )
    assert eq.identifiers == ("y", "taupsp", "mV", "ms", "xi")


def test_positions_point_into_the_block():
    text = "dv/dt = -v/tau : volt\n  I = g*(E - v) : amp"
    v, current = parse_equations(text)
    assert v.span == SourceSpan(1, 2, 3)
    assert current.span == SourceSpan(2, 3, 4)
    assert current.unit_span == SourceSpan(2, 19, 22)


@pytest.mark.parametrize(
    ("unit", "dim", "var_type"),
    [
        ("1", DIMENSIONLESS, FLOAT),
        ("boolean", DIMENSIONLESS, BOOLEAN),
        ("integer", DIMENSIONLESS, INTEGER),
        ("volt", volt.dim, FLOAT),
        ("siemens/metre**2", (siemens / metre**2).dim, FLOAT),
        ("siemens/meter**2", (siemens / metre**2).dim, FLOAT),
        ("amp * metre ** -2", (amp / metre**2).dim, FLOAT),
        ("1/second", (1 / second).dim, FLOAT),
        ("second**-0.5", (second**-0.5).dim, FLOAT),
        ("radian", DIMENSIONLESS, FLOAT),
    ],
)
def test_unit_declarations(unit, dim, var_type):
    assert parse_unit_declaration(unit) == (dim, var_type)


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("mV", "'mV' is not a base unit.*Use 'volt' instead"),
        ("ms", "Use 'second' instead"),
        ("bool", "write 'boolean'"),
        ("volts", "Unknown unit 'volts'.*Did you mean 'volt'"),
        ("1*siemens", "contains a number"),
        ("volt**x", "raised to a number"),
        ("volt + amp", "only units"),
        ("exp(volt)", "only units"),
    ],
)
def test_invalid_unit_declarations_are_explained(unit, message):
    with pytest.raises(EquationError, match=message):
        parse_unit_declaration(unit)


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("dv/dt = -v/tau", "the unit is missing", SourceSpan(1, 1, 15)),
        ("dv/dt = -v/tau : ", "unit is missing after ':'", SourceSpan(1, 17, 18)),
        ("dv/dt : volt", "no right-hand side", SourceSpan(1, 1, 6)),
        ("v + 1 = 2 : volt", "left-hand side 'v \\+ 1'", SourceSpan(1, 1, 10)),
        ("dv/dx = 1 : volt", "with respect to time", SourceSpan(1, 1, 10)),
        ("v == 1 : volt", "written with '='", SourceSpan(1, 1, 7)),
        ("dv/dt = -v/tau : mV", "not a base unit", SourceSpan(1, 18, 20)),
        (
            "v : volt (constnat)",
            "Unknown flag 'constnat'.*Did you mean 'constant'",
            SourceSpan(1, 11, 19),
        ),
        ("v : volt (constant, constant)", "given twice", SourceSpan(1, 21, 29)),
        ("v : volt (constant", "parentheses", SourceSpan(1, 10, 11)),
        (
            "x : boolean\nx : 1",
            "Duplicate definition of variable 'x' \\(first defined on line 1\\)",
            SourceSpan(2, 1, 2),
        ),
        (
            "n : integer\ndn/dt = 1 : integer",
            "cannot define a integer variable",
            SourceSpan(2, 13, 20),
        ),
    ],
)
def test_malformed_equations_are_reported_where_they_are(text, message, span):
    with pytest.raises(EquationError, match=message) as caught:
        parse_equations(text)
    assert caught.value.span == span


def test_an_invalid_right_hand_side_is_reported_at_its_position():
    with pytest.raises(ExpressionError) as caught:
        parse_equations("dv/dt = -v/tau : volt\ndw/dt = np.exp(w) : 1")
    assert caught.value.span == SourceSpan(2, 9, 15)
    assert "dw/dt = np.exp(w) : 1" in str(caught.value)


def test_flags_are_normalised():
    (eq,) = parse_equations("x = 2*y : 1 ( constant  over   dt , shared )")
    assert eq.flags == ("constant over dt", "shared")


def test_comments_and_blank_lines_are_ignored():
    assert parse_equations("# nothing\n\n   # still nothing\n") == ()
    assert len(Equations("v : 1 # a: comment with a colon")) == 1
