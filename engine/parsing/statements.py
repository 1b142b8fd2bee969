"""Parse abstract code: the statements of resets, ``on_pre``/``on_post``, ``run_regularly``.

Abstract code is a list of assignments, one per line or separated by ``;``::

    v = v_r
    w += b; vt += 3*mV

executed independently for every element (neuron, synapse). Only plain and augmented
assignments to names are allowed; the right-hand sides are model-language expressions.
"""

from __future__ import annotations

import ast
import copy
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from engine.errors import ExpressionError, SourceSpan
from engine.parsing.expressions import (
    Expression,
    _parse_python,
    called_name,
    length_limit,
    parse_expression,
)

__all__ = ["AUGMENTED_OPERATORS", "Statement", "draws_apart", "parse_statements"]

#: Prefix of the temporaries `draws_apart` introduces.
DRAW_PREFIX = "_draw_"

#: The in-place operators of abstract code, by their Python syntax class.
AUGMENTED_OPERATORS = {
    ast.Add: "+=",
    ast.Sub: "-=",
    ast.Mult: "*=",
    ast.Div: "/=",
    ast.FloorDiv: "//=",
    ast.Mod: "%=",
    ast.Pow: "**=",
}


@dataclass(frozen=True)
class Statement:
    """One assignment of abstract code.

    Attributes
    ----------
    var
        The assigned name.
    op
        ``"="`` or an in-place operator such as ``"+="``.
    expr
        The right-hand side.
    span
        Where the statement is in the code it was parsed from.
    """

    var: str
    op: str
    expr: Expression
    span: SourceSpan | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.var} {self.op} {self.expr}"


def parse_statements(
    code: str,
    *,
    functions: Collection[str] | None = None,
    allow_internal_names: bool = False,
) -> list[Statement]:
    """Parse a block of abstract code into statements.

    Parameters
    ----------
    code
        The statements, one per line or separated by ``;``; ``#`` starts a comment. Lines may
        be indented (code is often written in indented triple-quoted strings).
    functions, allow_internal_names
        As for `parse_expression`.

    Raises
    ------
    ExpressionError
        For anything but assignments of valid expressions to names, with the position.
    """
    limit = length_limit(allow_internal_names)
    if len(code) > limit:
        raise ExpressionError(
            f"The code is too long ({len(code)} characters, at most {limit})",
            SourceSpan(1, 1, 2),
            code,
        )
    statements: list[Statement] = []
    for number, line in enumerate(code.splitlines(), start=1):
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        origin = (number, indent + 1)
        module = _parse_python(stripped, "exec", code, origin)
        for node in module.body:
            statements.append(
                _statement(node, stripped, code, origin, functions, allow_internal_names)
            )
    return statements


def _statement(
    node: ast.stmt,
    line: str,
    code: str,
    origin: tuple[int, int],
    functions: Collection[str] | None,
    allow_internal_names: bool,
) -> Statement:
    def column(byte_offset: int) -> int:  # ast counts UTF-8 bytes, users see characters
        return origin[1] + len(line.encode()[:byte_offset].decode(errors="ignore"))

    span = SourceSpan(
        origin[0], column(node.col_offset), column(node.end_col_offset or len(line.encode()))
    )
    if isinstance(node, ast.Assign):
        if len(node.targets) != 1:
            raise ExpressionError(
                "Only one variable can be assigned per statement ('a = b = 1' is not allowed)",
                span,
                code,
            )
        target, op, value = node.targets[0], "=", node.value
    elif isinstance(node, ast.AugAssign):
        operator = AUGMENTED_OPERATORS.get(type(node.op))
        if operator is None:
            raise ExpressionError("This in-place operator is not supported", span, code)
        target, op, value = node.target, operator, node.value
    elif isinstance(node, ast.Expr):
        raise ExpressionError(
            "Expected an assignment such as 'v = v_reset' or 'w += 1'", span, code
        )
    else:
        keyword = type(node).__name__.lower()
        hint = "Use int() for conditions: 'v = v_r*int(w > 0) + v*int(w <= 0)'."
        raise ExpressionError(
            f"Only assignments are allowed in code, not '{keyword}' statements",
            span,
            code,
            hint if isinstance(node, (ast.If, ast.For, ast.While)) else None,
        )
    if not isinstance(target, ast.Name):
        raise ExpressionError(
            "Only a variable name can be assigned to (not an index or attribute)", span, code
        )
    name = target.id
    if name.startswith("_") and not allow_internal_names:
        raise ExpressionError(
            f"Names starting with an underscore ('{name}') are reserved for the engine",
            span,
            code,
        )
    # Re-parse the right-hand side on its own, keeping its position in the code.
    start = value.col_offset
    end = value.end_col_offset if value.end_col_offset is not None else len(line)
    rhs_text = line.encode()[start:end].decode()
    rhs_column = column(start)
    expression = parse_expression(
        rhs_text,
        functions=functions,
        allow_internal_names=allow_internal_names,
        document=code,
        origin=(origin[0], rhs_column),
    )
    return Statement(name, op, expression, span)


def draws_apart(
    expression: Expression, is_stateful: Callable[[str], bool]
) -> tuple[list[str], str]:
    """Give each call of a stateful function its own temporary, if one is called twice or more.

    Expressions are simplified as formulas before code is generated, which would merge the
    calls of ``rand() - rand() > 0.5`` into ``0 > 0.5``. A condition may call ``rand()``
    several times (Brian 2 computes each call): its calls are drawn first, each into a
    temporary (``_draw_1 = rand()``), and the condition uses the temporaries. An expression
    that calls no stateful function twice is returned as it is.

    Parameters
    ----------
    expression
        A checked expression (every called name is known).
    is_stateful
        Whether a function name draws a new value at each call (``rand``, ``randn``).

    Returns
    -------
    tuple of (list of str, str)
        The assignments of the temporaries, in the order of the calls in the text, and the
        expression text that uses them.
    """
    stateful_calls = [call for call in expression.calls() if is_stateful(called_name(call))]
    counts = Counter(called_name(call) for call in stateful_calls)
    if all(count < 2 for count in counts.values()):
        return [], str(expression)
    # A call inside the argument of another (``poisson(rand())``) is drawn with the outer one.
    inner = {id(node) for call in stateful_calls for node in ast.walk(call) if node is not call}
    stateful_calls = [call for call in stateful_calls if id(call) not in inner]

    # Calls are told apart by their place in the text (the rewrite works on a copy).
    def place(call: ast.Call) -> tuple[int, int, int | None, int | None]:
        return (call.lineno, call.col_offset, call.end_lineno, call.end_col_offset)

    replaced = {place(call): f"{DRAW_PREFIX}{n}" for n, call in enumerate(stateful_calls, 1)}
    if set(expression.identifiers) & set(replaced.values()):  # user text has no such names
        raise ValueError(f"'{expression}' already uses names starting with {DRAW_PREFIX!r}")
    draws = [f"{replaced[place(call)]} = {ast.unparse(call)}" for call in stateful_calls]

    class _Replace(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:
            name = replaced.get(place(node))
            if name is not None:
                return ast.Name(id=name, ctx=ast.Load())
            return self.generic_visit(node)

    return draws, ast.unparse(_Replace().visit(copy.deepcopy(expression.tree)))
