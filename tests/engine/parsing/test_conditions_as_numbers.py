"""Conditions count as 0 or 1 in arithmetic, and constant parts must have a computable value.

Brian 2's language lets arithmetic take a condition (``v += w*(rand() < p)``, from its
documentation), as Python does with booleans. sympy cannot multiply by a comparison, so the
converter writes ``int(condition)`` wherever arithmetic takes one. sympy also folds constant
parts of an expression as it builds it (``1/0`` becomes complex infinity, ``0/0`` NaN): such a
part is refused at its place in the text, and nothing the printer writes names them.
"""

from __future__ import annotations

import pytest
import sympy

from engine.equations import Equations, expression_dimensions
from engine.equations.unitcheck import NameInfo
from engine.errors import EquationError, ExpressionError
from engine.parsing import DEFAULT_FUNCTIONS, parse_expression
from engine.parsing.sympytools import (
    expression_to_sympy,
    int_,
    str_to_sympy,
    substitute,
    symbol,
    sympy_to_str,
)
from engine.units import DIMENSIONLESS, get_dimensions, second

v, w, p, t = (symbol(name) for name in ("v", "w", "p", "t"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w*(v < p)", w * int_(v < p)),
        ("(v > 1) + (w > 1)", int_(v > 1) + int_(w > 1)),
        ("-(v > 1)", -int_(v > 1)),
        ("(1 - v)/(2*(t > 2))", (1 - v) / (2 * int_(t > 2))),
        ("exp(v > 1)", sympy.exp(int_(v > 1))),
        ("True + 1", sympy.Integer(2)),
        ("((v > 1) and (w > 1))*v", v * int_(sympy.And(v > 1, w > 1))),
        ("(v > 1) == (w > 1)", sympy.Eq(int_(v > 1), int_(w > 1))),
    ],
)
def test_a_condition_in_arithmetic_is_its_int(text, expected):
    assert str_to_sympy(text) == expected


@pytest.mark.parametrize("text", ["w*(v < p)", "(v > 1) - (w > 1)", "-(t > 0.002)*v"])
def test_the_printer_writes_it_back_as_valid_model_text_with_the_same_meaning(text):
    printed = sympy_to_str(str_to_sympy(text))
    assert "int(" in printed
    assert str_to_sympy(printed) == str_to_sympy(text)


def test_a_condition_alone_and_int_of_a_condition_stay_as_they_are():
    assert str_to_sympy("v > 1") == sympy.StrictGreaterThan(v, 1)
    assert str_to_sympy("int(v > 1)") == int_(v > 1)  # not int(int(v > 1))


def test_the_derivative_of_a_condition_is_zero_unless_it_depends_on_the_variable():
    assert sympy.diff(str_to_sympy("w*(t > 2)"), w) == int_(t > 2)
    assert sympy.diff(int_(t > 2), v) == 0
    # Unevaluated, so that a check of linearity still sees v in it.
    assert sympy.diff(int_(v > 1), v).has(v)


def test_a_boolean_subexpression_substituted_into_arithmetic_becomes_its_int():
    b, c = symbol("b"), symbol("c")
    assert substitute(w * b + c, {b: v > 1}) == w * int_(v > 1) + c
    assert substitute(sympy.And(b, c), {b: v > 1}) == sympy.And(v > 1, c)
    equations = Equations("dv/dt = -v*b/(10*ms) : 1\nb = v > 0.5 : boolean")
    ((_, expression),) = equations.substituted_expressions
    assert expression.has(int_(v > 0.5))


def test_the_unit_checker_takes_a_condition_as_a_dimensionless_number():
    info = {"v": NameInfo(get_dimensions(second)), "w": NameInfo()}

    def lookup(name: str) -> object:
        return DEFAULT_FUNCTIONS.get(name) or info[name]

    assert expression_dimensions(parse_expression("w*(w > 0.5)"), lookup) is DIMENSIONLESS
    assert expression_dimensions(parse_expression("v*(w > 0.5)"), lookup) is get_dimensions(second)


# -- constant parts without a value ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "part", "words"),
    [
        ("v + 1/0", "1/0", "divides by zero"),
        ("v/(0*w)", "v/(0*w)", "divides by zero"),
        ("v + 1 % 0", "1 % 0", "divides by zero"),
        ("v + v % 0", "v % 0", "divides by zero"),
        ("v + 1 // 0", "1 // 0", "divides by zero"),
        ("v*0**-1", "0**-1", "divides by zero"),
        ("v + 0/0", "0/0", "divides by zero"),
        ("v + (inf - inf)", "inf - inf", "NaN"),
        ("v + 0*inf", "0*inf", "NaN"),
        ("v + log(0)", "log(0)", "infinity of unknown sign"),
        ("v + sqrt(-1)", "sqrt(-1)", "complex"),
        ("v + log(-1)", "log(-1)", "complex"),
        ("v + (-1)**0.5", "(-1)**0.5", "complex"),
        ("v + sin(inf)", "sin(inf)", "no single value"),
        ("v + 10.0**400", "10.0**400", "too large"),
        ("v + 10**400", "10**400", "too large"),
        ("v + int(inf)", "int(inf)", "cannot be computed"),
    ],
)
def test_a_part_without_a_value_is_refused_where_it_is(text, part, words):
    expression = parse_expression(text, document=f"x : 1\ndv/dt = {text} : 1", origin=(2, 9))
    with pytest.raises(ExpressionError, match=words) as refused:
        expression_to_sympy(expression)
    error = refused.value
    assert f"'{part}'" in error.message
    start = 8 + text.index(part) + 1
    assert (error.span.line, error.span.column) == (2, start)


@pytest.mark.parametrize("text", ["v/(w - w + 1)", "exp(-inf)*v", "v*inf", "v + 1e308*10**-5"])
def test_infinities_and_results_that_are_finite_are_accepted(text):
    printed = sympy_to_str(str_to_sympy(text))
    parse_expression(printed)


@pytest.mark.parametrize(
    "value", [sympy.nan, sympy.zoo, sympy.I * v, sympy.Float("1e400"), sympy.Integer(10) ** 400]
)
def test_the_printer_never_writes_a_name_no_target_defines(value):
    with pytest.raises(ExpressionError, match="cannot be computed by any target"):
        sympy_to_str(value + v)


def test_a_division_by_a_subexpression_that_is_zero_is_refused_at_the_equation():
    equations = Equations("dv/dt = v/y/(10*ms) : 1\ny = 0*v : 1")
    with pytest.raises(EquationError, match="no value") as refused:
        equations.substituted_expressions  # noqa: B018
    assert refused.value.span.line == 1


def test_long_sums_sympy_makes_are_printed_as_shallow_groups():
    terms = sympy.Add(*(symbol(f"a{k}") for k in range(1000)))
    factors = sympy.Mul(*(symbol(f"b{k}") + 1 for k in range(300)))
    for value in (terms, factors, -terms / factors):
        printed = sympy_to_str(value)
        # Read back by the parser's own limits for the engine's text, with the same meaning.
        assert str_to_sympy(printed) == value
