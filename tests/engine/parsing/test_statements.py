"""Abstract code: only assignments, with the position of every mistake."""

import pytest

from engine.errors import ExpressionError, SourceSpan
from engine.parsing import parse_statements


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("if v > 1: v = 0", "not 'if' statements"),
        ("for i in range(3): v += 1", "not 'for' statements"),
        ("import os", "not 'import' statements"),
        ("del v", "not 'delete' statements"),
        ("v", "Expected an assignment"),
        ("print(v)", "Expected an assignment"),
        ("a = b = 1", "Only one variable can be assigned"),
        ("v[0] = 1", "Only a variable name can be assigned"),
        ("G.v = 1", "Only a variable name can be assigned"),
        ("_v = 1", "reserved for the engine"),
        ("v = __import__('os')", "not allowed"),
        ("v &= 1", "in-place operator is not supported"),
        ("v = ", "Invalid syntax"),
        ("v = (1", "'(' was never closed"),
    ],
)
def test_anything_but_assignments_is_rejected(code, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(")):
        parse_statements(code)


def test_errors_point_into_the_block():
    code = "v = v_r\n    w += b.c"
    with pytest.raises(ExpressionError) as caught:
        parse_statements(code)
    assert caught.value.span == SourceSpan(2, 10, 13)


def test_empty_code_and_comments_give_no_statements():
    assert parse_statements("") == []
    assert parse_statements("\n  # nothing to do\n") == []


def test_statements_parse_into_assignments():
    code = """
        v = v_r  # reset
        w += b; vt += 3*mV
        x **= 2
    """
    statements = parse_statements(code)
    assert [(s.var, s.op, str(s.expr)) for s in statements] == [
        ("v", "=", "v_r"),
        ("w", "+=", "b"),
        ("vt", "+=", "3*mV"),
        ("x", "**=", "2"),
    ]
    assert statements[2].span.line == 3
    assert statements[2].span.column == 17
