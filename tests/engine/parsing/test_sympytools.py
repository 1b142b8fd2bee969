"""Expressions convert to sympy and print back in the model language."""

import pytest
import sympy

from engine.parsing import parse_expression
from engine.parsing.sympytools import exprel, int_, str_to_sympy, symbol, sympy_to_str


@pytest.mark.parametrize(
    "text",
    [
        "(El - v)/tau",
        "v > 0.8",
        "(v > vt) and (not (ref))",
        "(a < b) or (c >= d)",
        "exprel((VT - v)/(4*mV))",
        "int(w <= 0.5)*v_r1 + v_r2*int(w > 0.5)",
        "clip(w + Apost, 0, gmax)",
        "sqrt(x)*abs(y) + arcsin(z) + ceil(q) + floor(r) + sign(s)",
        "a // b + a % b",
        "rand() < p",
        "randn()*sigma",
        "exp(-t/tau)*sin(2*pi*f*t)",
        "v**0.5 + v**-2 + 1e-3*v",
        "x == 1 and y != 2",
        "stimulus(t, i)",
        "inf",
    ],
)
def test_round_trip_keeps_the_meaning(text):
    expr = str_to_sympy(text)
    printed = sympy_to_str(expr)
    assert str_to_sympy(printed) == expr, printed
    parse_expression(printed)  # what the printer writes is valid model language


def test_names_become_real_symbols_and_time_is_positive():
    assert symbol("v").is_real
    assert symbol("t").is_positive
    assert symbol("dt").is_positive
    assert str_to_sympy("v") is symbol("v")


def test_language_names_are_printed_not_sympy_names():
    assert sympy_to_str(str_to_sympy("arcsin(x) + arccos(x) + arctan(x)")) == (
        "arccos(x) + arcsin(x) + arctan(x)"
    )
    assert sympy_to_str(sympy.Abs(symbol("x"))) == "abs(x)"
    assert sympy_to_str(sympy.ceiling(symbol("x"))) == "ceil(x)"
    assert sympy_to_str(int_(symbol("x") > 0)) == "int(x > 0)"
    assert sympy_to_str(sympy.E * sympy.oo) == "inf"
    assert sympy_to_str(sympy.E * symbol("x")) == "e*x"


def test_constants_of_the_language_are_symbolic():
    assert str_to_sympy("pi") is sympy.pi
    assert str_to_sympy("e") is sympy.E
    assert str_to_sympy("inf") is sympy.oo


def test_exprel_is_one_at_zero_and_differentiable():
    x = symbol("x")
    assert exprel(0) == 1
    assert sympy.simplify(exprel(x).diff(x) - ((sympy.exp(x) - 1) / x).diff(x)) == 0
    assert sympy.limit((sympy.exp(x) - 1) / x, x, 0) == exprel(0)


def test_int_of_constants_is_evaluated():
    assert int_(sympy.true) == 1
    assert int_(sympy.false) == 0
    assert int_(sympy.Float(2.7)) == 2


def test_stateful_calls_print_without_their_placeholder():
    assert sympy_to_str(str_to_sympy("rand()")) == "rand()"


def test_floats_print_at_full_precision():
    assert sympy_to_str(str_to_sympy("0.1*v")) == "0.1*v"
    assert sympy_to_str(str_to_sympy("3.141592653589793*v")) == "3.141592653589793*v"
