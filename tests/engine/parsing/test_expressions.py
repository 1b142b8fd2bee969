"""The expression parser accepts the model language and nothing else, and says where it fails."""

import ast
import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import ExpressionError, SourceSpan
from engine.parsing import DEFAULT_FUNCTIONS, parse_expression, validate_identifier_syntax
from engine.parsing.expressions import MAX_EXPONENT, MAX_LENGTH, MAX_NESTING


@pytest.mark.parametrize(
    ("text", "identifiers", "functions"),
    [
        ("(El - v)/tau", ("El", "v", "tau"), ()),
        ("v > 0.8", ("v",), ()),
        ("rand() < rates*dt", ("rates", "dt"), ("rand",)),
        ("exprel((13*mV-v+VT)/(4*mV))", ("mV", "v", "VT"), ("exprel",)),
        ("int(w <= 0.5)*v_r1 + v_r2*int(w > 0.5)", ("w", "v_r1", "v_r2"), ("int",)),
        ("not refractory and (v > vt or x == 1)", ("refractory", "v", "vt", "x"), ()),
        ("a // b + a % b - -c ** 2", ("a", "b", "c"), ()),
        ("clip(w + Apost, 0, gmax)", ("w", "Apost", "gmax"), ("clip",)),
        ("True", (), ()),
        ("1e-3", (), ()),
        # An expression may continue over lines, as in equations
        (
            "-y*(1./taupsp)+25.27*mV/ms+\n        (39.24*mV/ms**0.5)*xi",
            ("y", "taupsp", "mV", "ms", "xi"),
            (),
        ),
        ("v  # the membrane potential", ("v",), ()),
    ],
)
def test_the_language_is_accepted_and_its_names_collected(text, identifiers, functions):
    expression = parse_expression(text, functions=DEFAULT_FUNCTIONS)
    assert expression.identifiers == identifiers
    assert expression.functions == functions
    assert str(expression) == text.strip()


HOSTILE = [
    ("__import__('os').system('x')", "Only named functions can be called"),
    ("__import__('os')", "The name '__import__' is not allowed"),
    ("().__class__", "attribute access"),
    ("open('f')", "Unknown function 'open'"),
    ("eval('1')", "Unknown function 'eval'"),
    ("exp('1')", "Text strings are not supported"),
    ("lambda: 0", "lambda functions"),
    ("(lambda x: x)(1)", "Only named functions can be called"),
    ("[x for x in range(10**9)]", "list comprehensions"),
    ("a if b else c", "conditional expressions"),
    ("x.y", "attribute access"),
    ("x[0]", "indexing"),
    ("f(*args)", "Unknown function 'f'"),
    ("exp(*v)", "starred arguments"),
    ("exp(x=1)", "Keyword arguments are not supported"),
    ("np.exp(v)", "Functions must be called by their bare name"),
    ("2**10**10", "The exponent is too large"),
    ("9**9**9**9", "The exponent is too large"),
    ("x**(10**100)", "The exponent is too large"),
    ("x**1e400", "The exponent is too large"),
    ("1" * 5000, "cannot be parsed"),
    ("(" * 300 + "1" + ")" * 300, "too many nested parentheses"),
    ("-" * 200 + "1", "nested too deeply"),
    ("+".join(["v"] * 15000), "too long"),
    ("+".join(["v"] * 500), "nested too deeply"),
    ("import os", "Invalid syntax"),
    ("v = 3", "'=' is not a comparison"),
    ("(x := 3)", "assignment expressions"),
    ("f'{v}'", "f-strings"),
    ("b'x'", "Byte strings"),
    ("1j", "Complex numbers"),
    ("None", "The value None"),
    ("...", "The value Ellipsis"),
    ("a & b", "The operator '&'"),
    ("~a", "The operator '~'"),
    ("a is b", "The operator 'is'"),
    ("a in b", "The operator 'in'"),
    ("a < b < c", "Chained comparisons"),
    ("_secret", "reserved for the engine"),
    ("", "found nothing"),
    ("exp(v", "'(' was never closed"),
    ("v)", "Unmatched ')'"),
    ("await x", "does not support await"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[h[0][:30] for h in HOSTILE])
def test_everything_else_is_rejected_without_running_it(text, message, monkeypatch):
    # If anything were evaluated, these would raise instead of the parser's own error.
    def forbidden(*args, **kwargs):
        raise AssertionError("user text reached Python's evaluator")

    monkeypatch.setattr("builtins.eval", forbidden)
    monkeypatch.setattr("builtins.exec", forbidden)
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_expression(text, functions=DEFAULT_FUNCTIONS)


def test_limits_are_generous_for_real_models():
    assert MAX_LENGTH >= 10_000
    assert MAX_NESTING >= 50
    assert MAX_EXPONENT >= 100
    parse_expression("v" + "*(1+v" * 40 + ")" * 40)
    parse_expression("x**-1000 + y**1000")


def test_errors_point_at_the_offending_text():
    with pytest.raises(ExpressionError) as caught:
        parse_expression("a + np.exp(v)")
    error = caught.value
    assert error.span == SourceSpan(1, 5, 11)
    assert str(error).splitlines()[-1] == "        ^^^^^^"


def test_positions_are_reported_in_the_enclosing_text():
    document = "dv/dt = (El - v)/tau : volt\ndw/dt = x[2] : 1"
    expression_text = "x[2]"
    with pytest.raises(ExpressionError) as caught:
        parse_expression(expression_text, document=document, origin=(2, 9))
    assert caught.value.span == SourceSpan(2, 9, 13)
    assert "dw/dt = x[2] : 1" in str(caught.value)


def test_positions_count_characters_not_bytes():
    expression = parse_expression("tau_µ + v")
    name = next(node for node in expression.walk() if isinstance(node, ast.Name) and node.id == "v")
    assert expression.span_of(name) == SourceSpan(1, 9, 10)


def test_continuation_lines_keep_their_columns():
    with pytest.raises(ExpressionError) as caught:
        parse_expression("a +\n    b.c", document="x = a +\n    b.c", origin=(1, 5))
    assert caught.value.span == SourceSpan(2, 5, 8)


def test_unknown_functions_are_suggested_close_names():
    with pytest.raises(ExpressionError, match="Did you mean 'exp'"):
        parse_expression("epx(v)", functions=DEFAULT_FUNCTIONS)


def test_without_a_function_list_any_call_is_left_for_resolution():
    expression = parse_expression("stimulus(t, i)")
    assert expression.functions == ("stimulus",)
    assert expression.identifiers == ("t", "i")


def test_engine_internal_names_are_allowed_only_on_request():
    assert parse_expression("_v + __k_1", allow_internal_names=True).identifiers == ("_v", "__k_1")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("v", None),
        ("g_ampa2", None),
        ("2v", "not a valid name"),
        ("lambda", "keyword"),
        ("_x", "underscore"),
        ("a-b", "not a valid name"),
    ],
)
def test_identifier_spelling(name, problem):
    result = validate_identifier_syntax(name)
    assert (result is None) if problem is None else (problem in result)


@given(st.text(max_size=200))
def test_fuzz_the_parser_only_ever_raises_its_own_error(text):
    with contextlib.suppress(ExpressionError):
        parse_expression(text, functions=DEFAULT_FUNCTIONS)


@given(
    st.recursive(
        st.sampled_from(["v", "tau", "1", "2.5", "rand()", "True"]),
        lambda inner: st.one_of(
            st.tuples(
                inner, st.sampled_from([*list("+-*/%<>"), "**", "//", " and ", " or ", "=="]), inner
            ).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
            inner.map(lambda x: f"exp({x})"),
            inner.map(lambda x: f"(not {x})"),
            inner.map(lambda x: f"(-{x})"),
        ),
        max_leaves=30,
    )
)
def test_fuzz_generated_valid_expressions_parse(text):
    parse_expression(text, functions=DEFAULT_FUNCTIONS)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("10 ms", "'10*ms'"), ("-70mV", "'70*mV'"), ("(1.5 nS + x)", "'1.5*nS'")],
)
def test_a_number_glued_to_its_unit_is_told_to_multiply(text, suggestion):
    with pytest.raises(
        ExpressionError,
        match="directly followed by a name .*multiply them: " + re.escape(suggestion),
    ):
        parse_expression(text, functions=DEFAULT_FUNCTIONS)


def test_scientific_notation_is_not_taken_for_a_number_glued_to_a_name():
    with pytest.raises(ExpressionError) as caught:
        parse_expression("1e-3 + 2.5E+2 +", functions=DEFAULT_FUNCTIONS)
    assert "directly followed by a name" not in str(caught.value)


def test_a_caret_is_told_to_be_a_power():
    with pytest.raises(ExpressionError) as caught:
        parse_expression("10^-2", functions=DEFAULT_FUNCTIONS)
    assert "write '**'" in str(caught.value)
