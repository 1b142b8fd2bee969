"""Parse and validate expressions of the model language.

The model language is a small subset of Python's expression syntax: numbers, names, the
arithmetic operators ``+ - * / // % **``, comparisons, ``and``/``or``/``not``, and calls of
named functions with positional arguments. Text is parsed with Python's own parser (``ast``)
and every node is checked against that whitelist, so attribute access, subscripts, lambdas,
strings, comprehensions and the like are rejected with a message that says where and why.
Nothing is ever evaluated here: an `Expression` is data (a checked syntax tree) for the unit
checker, the sympy converter and the code generators.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Literal, overload

from engine.errors import ExpressionError, SourceSpan

__all__ = [
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_NESTING",
    "Expression",
    "called_name",
    "length_limit",
    "parse_expression",
    "validate_identifier_syntax",
]

#: Longest expression text accepted, in characters (a safety limit, far above real models).
MAX_LENGTH = 20_000
#: Deepest nesting of operations accepted (Python's parser itself stops at 200 parentheses).
MAX_NESTING = 100
#: Largest magnitude of a constant exponent, so that ``10**10**10`` is refused, not computed.
MAX_EXPONENT = 1000
# Limits for text the engine writes itself from checked model text (``allow_internal_names``):
# what sympy makes of a model (a flat sum of its terms, the stages of an integration method)
# may be longer and a little deeper than what was typed, and must not be refused at run time.
_INTERNAL_LENGTH = 50 * MAX_LENGTH
_INTERNAL_NESTING = 2 * MAX_NESTING


def length_limit(internal: bool) -> int:
    """Return the longest text accepted: model text, or text the engine wrote (``internal``)."""
    return _INTERNAL_LENGTH if internal else MAX_LENGTH


_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_COMPARISONS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_BITWISE = {
    ast.BitAnd: ("&", "For a logical operation, write 'and'."),
    ast.BitOr: ("|", "For a logical operation, write 'or'."),
    ast.BitXor: ("^", "For a power, write '**' (e.g. 'x**2')."),
    ast.LShift: ("<<", None),
    ast.RShift: (">>", None),
    ast.MatMult: ("@", None),
}
# What users typically meant when they wrote a construct the language does not have.
_UNSUPPORTED = {
    ast.Attribute: (
        "attribute access ('a.b')",
        "Use plain names: functions such as exp() are called directly, without 'np.' or 'math.'.",
    ),
    ast.Subscript: (
        "indexing ('a[...]')",
        "Model expressions work on one element at a time; refer to the variable by name.",
    ),
    ast.Lambda: ("lambda functions", None),
    ast.IfExp: (
        "conditional expressions ('a if c else b')",
        "Write it with int(): 'a*int(c) + b*(1 - int(c))'.",
    ),
    ast.ListComp: ("list comprehensions", None),
    ast.SetComp: ("set comprehensions", None),
    ast.DictComp: ("dict comprehensions", None),
    ast.GeneratorExp: ("generator expressions", None),
    ast.List: ("lists", None),
    ast.Tuple: ("tuples", None),
    ast.Set: ("sets", None),
    ast.Dict: ("dictionaries", None),
    ast.JoinedStr: ("f-strings", None),
    ast.NamedExpr: ("assignment expressions (':=')", None),
    ast.Starred: ("starred arguments", None),
    ast.Await: ("await", None),
    ast.Yield: ("yield", None),
    ast.YieldFrom: ("yield", None),
}


@dataclass(frozen=True, eq=False)
class Expression:
    """A parsed and validated expression.

    Attributes
    ----------
    text
        The expression as the user wrote it.
    tree
        Its syntax tree (the body of an ``ast.Expression``); node positions refer to ``text``
        wrapped in one pair of parentheses (see `span_of`).
    identifiers
        Every name used as a value (not the names of called functions), in order of first use.
    functions
        Every name called as a function, in order of first use.
    document, origin
        The larger text this expression was taken from (an equations block) and the 1-based
        (line, column) in it where ``text`` starts; errors are reported in its coordinates.
    """

    text: str
    tree: ast.expr
    identifiers: tuple[str, ...]
    functions: tuple[str, ...]
    document: str = field(default="", repr=False)
    origin: tuple[int, int] = field(default=(1, 1), repr=False)

    def __str__(self) -> str:
        return self.text.strip()

    @property
    def span(self) -> SourceSpan:
        """Where the whole expression is in `document` (its first line, without blanks)."""
        lines = self.text.split("\n")
        index = next((n for n, line in enumerate(lines) if line.strip()), 0)
        line = lines[index]
        start = len(line) - len(line.lstrip())
        span = SourceSpan(index + 1, start + 1, max(start + 2, len(line.rstrip()) + 1))
        return _shift_span(span, self.origin)

    def span_of(self, node: ast.AST) -> SourceSpan:
        """Return where ``node`` of `tree` is, in the coordinates of `document`."""
        return _node_span(node, self.text, self.origin)

    def source_of(self, node: ast.AST) -> str:
        """Return the text of ``node`` as the user wrote it (normalised if it spans lines)."""
        if getattr(node, "lineno", None) != getattr(node, "end_lineno", None):
            return ast.unparse(node)
        span = self.span_of(node)
        line = (self.document or self.text).split("\n")[span.line - 1]
        return line[span.column - 1 : span.end_column - 1]

    def error(
        self, message: str, node: ast.AST | None = None, hint: str | None = None
    ) -> ExpressionError:
        """Build an `ExpressionError` about ``node`` (or the whole expression)."""
        span = self.span_of(node if node is not None else self.tree)
        return ExpressionError(message, span, self.document or self.text, hint)

    def walk(self) -> Iterator[ast.AST]:
        """Iterate over all nodes of the tree."""
        return ast.walk(self.tree)

    def calls(self) -> list[ast.Call]:
        """Return every function call of the tree, in the order they appear in the text."""
        calls = [node for node in ast.walk(self.tree) if isinstance(node, ast.Call)]
        return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


def parse_expression(
    text: str,
    *,
    functions: Collection[str] | None = None,
    allow_internal_names: bool = False,
    document: str | None = None,
    origin: tuple[int, int] = (1, 1),
) -> Expression:
    """Parse ``text`` as an expression of the model language.

    Parameters
    ----------
    text
        The expression, e.g. ``"(El - v)/tau"``. It may span several lines.
    functions
        The names that may be called as functions. ``None`` accepts any name in call position
        (resolved later against the namespace); the caller then checks `Expression.functions`.
    allow_internal_names
        Accept names starting with an underscore. Only code generated by the engine itself
        uses them (``_v``, ``_lio_1``); user text never may.
    document, origin
        When ``text`` is part of a larger text: that text, and the 1-based (line, column)
        where ``text`` starts in it. Errors then point into ``document``.

    Raises
    ------
    ExpressionError
        If the text is not a valid expression, with its position.
    """
    doc = document if document is not None else text
    limit = length_limit(allow_internal_names)
    if len(text) > limit:
        raise ExpressionError(
            f"The expression is too long ({len(text)} characters, at most {limit})",
            SourceSpan(origin[0], origin[1], origin[1] + 1),
            doc,
        )
    if not text.strip():
        raise ExpressionError(
            "Expected an expression but found nothing",
            SourceSpan(origin[0], origin[1], origin[1] + 1),
            doc,
        )
    tree = _parse_python(text, "eval", doc, origin)
    body = tree.body
    expression = Expression(text, body, (), (), doc, origin)
    validator = _Validator(expression, functions, allow_internal_names)
    validator.check(body)
    return Expression(
        text,
        body,
        tuple(dict.fromkeys(validator.names)),
        tuple(dict.fromkeys(validator.calls)),
        doc,
        origin,
    )


def validate_identifier_syntax(name: str) -> str | None:
    """Return why ``name`` cannot name a model variable, or None if it can.

    Checks only the spelling (a Python identifier, not a keyword, no leading underscore);
    reserved names and clashes with units or functions are the caller's business.
    """
    if not name.isidentifier():
        return (
            f"'{name}' is not a valid name (use letters, digits and '_', not starting with a digit)"
        )
    if name in _KEYWORDS:
        return f"'{name}' is a keyword of the language and cannot be a name"
    if name.startswith("_"):
        return f"'{name}' starts with an underscore; such names are reserved for the engine"
    return None


_KEYWORDS = frozenset(
    {
        "and",
        "or",
        "not",
        "in",
        "is",
        "if",
        "else",
        "for",
        "while",
        "lambda",
        "def",
        "class",
        "return",
        "import",
        "from",
        "as",
        "with",
        "try",
        "except",
        "finally",
        "raise",
        "pass",
        "break",
        "continue",
        "global",
        "nonlocal",
        "del",
        "yield",
        "assert",
        "async",
        "await",
        "True",
        "False",
        "None",
    }
)


def called_name(call: ast.Call) -> str:
    """Return the name of the function that a call of a parsed expression calls.

    Parameters
    ----------
    call
        A call from the tree of an `Expression` or `Statement`.

    Returns
    -------
    str
        The function's name: validation accepts calls of a bare name only.
    """
    function = call.func
    if not isinstance(function, ast.Name):
        raise TypeError(f"{ast.unparse(function)!r} is not a bare function name")
    return function.id


@overload
def _parse_python(
    text: str, mode: Literal["eval"], document: str, origin: tuple[int, int]
) -> ast.Expression: ...
@overload
def _parse_python(
    text: str, mode: Literal["exec"], document: str, origin: tuple[int, int]
) -> ast.Module: ...
def _parse_python(
    text: str, mode: Literal["eval", "exec"], document: str, origin: tuple[int, int]
) -> ast.Expression | ast.Module:
    """Run Python's parser on ``text`` and turn its failures into `ExpressionError`.

    Expressions are wrapped in parentheses so that they may continue over several lines, as
    they do in equations; statements are parsed as they are.
    """
    _check_parentheses(text, document, origin)
    source = f"({text}\n)" if mode == "eval" else text
    shift = 1 if mode == "eval" else 0
    try:
        return ast.parse(source, mode="eval") if mode == "eval" else ast.parse(source, mode="exec")
    except SyntaxError as error:
        line = error.lineno or 1
        column = max(1, (error.offset or 1) - (shift if line == 1 else 0))
        end = error.end_offset - (shift if line == 1 else 0) if error.end_offset else column + 1
        lines = text.splitlines() or [""]
        if line > len(lines):  # the error is at the closing parenthesis we added: the end
            line, column, end = len(lines), len(lines[-1]) + 1, len(lines[-1]) + 2
        column = min(column, len(lines[line - 1]) + 1)
        end = max(column + 1, min(end, len(lines[line - 1]) + 1))
        span = _shift_span(SourceSpan(line, column, end), origin)
        message = _describe_syntax_error(error.msg or "invalid syntax")
        glued = _NUMBER_BEFORE_NAME.search(text)
        if glued is not None:  # '10 ms' or '10ms': the commonest slip with units
            number, name = glued.groups()
            message = (
                f"Invalid syntax: a number directly followed by a name ('{glued.group(0)}'); "
                f"multiply them: '{number}*{name}'"
            )
        raise ExpressionError(message, span, document) from None
    except (ValueError, MemoryError, RecursionError) as error:
        # ValueError: an integer literal with more than 4300 digits; the others: pathological
        # nesting that the parser itself gives up on.
        reason = "too deeply nested" if not isinstance(error, ValueError) else str(error)
        raise ExpressionError(
            f"The expression cannot be parsed: {reason}",
            SourceSpan(origin[0], origin[1], origin[1] + 1),
            document,
        ) from None


def _check_parentheses(text: str, document: str, origin: tuple[int, int]) -> None:
    """Report an unbalanced parenthesis where it is.

    Python's parser would blame the parenthesis that `_parse_python` wraps expressions in.
    """
    opened: list[tuple[int, int]] = []
    for line_number, line in enumerate(text.splitlines() or [""], start=1):
        for column, char in enumerate(line.split("#", 1)[0], start=1):
            if char == "(":
                opened.append((line_number, column))
            elif char == ")":
                if not opened:
                    span = _shift_span(SourceSpan(line_number, column, column + 1), origin)
                    raise ExpressionError("Unmatched ')'", span, document)
                opened.pop()
    if opened:
        line_number, column = opened[0]
        span = _shift_span(SourceSpan(line_number, column, column + 1), origin)
        raise ExpressionError("'(' was never closed", span, document)


# A number followed by a name with nothing between, as in '10 ms' or '10ms' (not '1e-3').
_NUMBER_BEFORE_NAME = re.compile(
    r"(?<![\w.])(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)[ \t]*(?![eE][-+]?\d)([A-Za-z_]\w*)"
)


def _describe_syntax_error(message: str) -> str:
    if "integer string conversion" in message:
        return "The expression cannot be parsed: a number has too many digits"
    if "Maybe you meant '=='" in message:
        return "Invalid syntax: '=' is not a comparison, use '=='"
    if message.startswith("invalid syntax"):
        return "Invalid syntax"
    if "was never closed" in message or "does not match" in message or "unmatched" in message:
        return message[0].upper() + message[1:]
    return f"Invalid syntax: {message}"


def _shift_span(span: SourceSpan, origin: tuple[int, int]) -> SourceSpan:
    """Move a span from expression coordinates into document coordinates."""
    line0, column0 = origin
    if span.line == 1:
        return span.shifted(line=line0 - 1, column=column0 - 1)
    return span.shifted(line=line0 - 1)


def _node_span(node: ast.AST, text: str, origin: tuple[int, int]) -> SourceSpan:
    """Span of an AST node of a parenthesised expression, in document coordinates."""
    lines = text.splitlines() or [""]
    line = getattr(node, "lineno", 1)
    line = min(max(line, 1), len(lines))
    source_line = lines[line - 1]
    shift = 1 if line == 1 else 0  # the opening parenthesis added before parsing
    # ast offsets count UTF-8 bytes; convert to characters so non-ASCII text marks correctly.
    encoded = ("(" + source_line if shift else source_line).encode()
    start = len(encoded[: getattr(node, "col_offset", 0)].decode(errors="ignore")) - shift
    if getattr(node, "end_lineno", line) == getattr(node, "lineno", line):
        end_bytes = getattr(node, "end_col_offset", None)
        end = (
            len(encoded[:end_bytes].decode(errors="ignore")) - shift
            if end_bytes is not None
            else start + 1
        )
    else:
        end = len(source_line)
    start = min(max(start, 0), len(source_line))
    end = max(start + 1, min(end, len(source_line) + 1))
    return _shift_span(SourceSpan(line, start + 1, end + 1), origin)


class _Validator:
    """Walk a tree once: reject what the language lacks, collect names and calls."""

    def __init__(
        self,
        expression: Expression,
        functions: Collection[str] | None,
        allow_internal_names: bool,
    ) -> None:
        self.expression = expression
        self.functions = functions
        self.allow_internal = allow_internal_names
        self.names: list[str] = []
        self.calls: list[str] = []

    def fail(self, message: str, node: ast.AST, hint: str | None = None) -> ExpressionError:
        return self.expression.error(message, node, hint)

    def check(self, root: ast.AST) -> None:
        # Iterative, so that depth is checked before any recursion could overflow.
        stack: list[tuple[ast.AST, int]] = [(root, 1)]
        limit = _INTERNAL_NESTING if self.allow_internal else MAX_NESTING
        while stack:
            node, depth = stack.pop()
            if depth > limit:
                raise self.fail(
                    f"The expression is nested too deeply (more than {limit} levels)",
                    node,
                    "Split it with subexpressions (x = ... : unit), or use fewer parentheses.",
                )
            children = self.visit(node)
            stack.extend((child, depth + 1) for child in reversed(children))

    def visit(self, node: ast.AST) -> list[ast.AST]:
        """Check one node; return the children to check next."""
        if isinstance(node, ast.BinOp):
            op = type(node.op)
            if op in _BITWISE:
                symbol, hint = _BITWISE[op]
                raise self.fail(f"The operator '{symbol}' is not supported", node, hint)
            if op is ast.Pow:
                self.check_exponent(node)
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Invert):
                raise self.fail(
                    "The operator '~' is not supported",
                    node,
                    "For a logical negation, write 'not'.",
                )
            return [node.operand]
        if isinstance(node, ast.BoolOp):
            return list(node.values)
        if isinstance(node, ast.Compare):
            if len(node.ops) > 1:
                raise self.fail(
                    "Chained comparisons ('a < b < c') are not supported",
                    node,
                    "Write 'a < b and b < c'.",
                )
            if type(node.ops[0]) not in _COMPARISONS:
                names = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
                raise self.fail(
                    f"The operator '{names.get(type(node.ops[0]), '?')}' is not supported",
                    node,
                    "Compare numbers with ==, !=, <, <=, > or >=.",
                )
            return [node.left, node.comparators[0]]
        if isinstance(node, ast.Call):
            return self.visit_call(node)
        if isinstance(node, ast.Name):
            self.check_name(node.id, node)
            self.names.append(node.id)
            return []
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, (bool, int, float)):
                self.check_number(node)
                return []
            kind = {str: "Text strings", bytes: "Byte strings", complex: "Complex numbers"}.get(
                type(value), f"The value {value!r}"
            )
            raise self.fail(f"{kind} are not supported in model expressions", node)
        described = _UNSUPPORTED.get(type(node))
        if described is not None:
            what, hint = described
            raise self.fail(f"The model language does not support {what}", node, hint)
        raise self.fail(f"Unsupported syntax: {type(node).__name__}", node)

    def visit_call(self, node: ast.Call) -> list[ast.AST]:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                raise self.fail(  # e.g. np.exp(v)
                    "Functions must be called by their bare name",
                    node.func,
                    f"Write '{node.func.attr}(...)' instead of "
                    f"'{node.func.value.id}.{node.func.attr}(...)'.",
                )
            raise self.fail("Only named functions can be called", node.func)
        name = node.func.id
        self.check_name(name, node.func)
        if node.keywords:
            raise self.fail(
                f"Keyword arguments are not supported (in the call of '{name}')",
                node.keywords[0].value,
            )
        if self.functions is not None and name not in self.functions:
            close = difflib.get_close_matches(name, list(self.functions), n=2)
            hint = ("Did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else None
            raise self.fail(f"Unknown function '{name}'", node.func, hint)
        self.calls.append(name)
        return list(node.args)

    def check_name(self, name: str, node: ast.AST) -> None:
        if name.startswith("__") and name.endswith("__"):
            raise self.fail(f"The name '{name}' is not allowed in model expressions", node)
        if name.startswith("_") and not self.allow_internal:
            raise self.fail(
                f"Names starting with an underscore ('{name}') are reserved for the engine", node
            )

    def check_number(self, node: ast.Constant) -> None:
        """Refuse a number no target can hold: Python reads ``1e400`` as infinity."""
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):  # checked by the caller
            return
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an integer beyond the range of a double
            finite = False
        if not finite:
            text = self.expression.source_of(node)
            shown = text if len(text) <= 30 else f"{text[:12]}...{text[-12:]}"
            raise self.fail(
                f"The number '{shown}' is too large (the largest is about 1.8e308)",
                node,
                "For an infinite value, write 'inf'.",
            )

    def check_exponent(self, node: ast.BinOp) -> None:
        """Refuse constant exponents so large that symbolic algebra would never finish."""
        value = _constant_value(node.right)
        if value is not None and (not math.isfinite(value) or abs(value) > MAX_EXPONENT):
            raise self.fail(
                f"The exponent is too large (at most {MAX_EXPONENT} in magnitude)", node.right
            )


def _constant_value(node: ast.AST) -> float | None:
    """Return the value of a subtree made only of numbers and operators, or None.

    Computed in floating point with overflow guarded, so that checking ``10**10**10`` is as
    cheap as checking ``10**2``.
    """
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        try:
            return float(node.value)
        except OverflowError:
            return math.inf
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _constant_value(node.left), _constant_value(node.right)
        if left is None or right is None:
            return None
        try:
            op = type(node.op)
            if op is ast.Add:
                return left + right
            if op is ast.Sub:
                return left - right
            if op is ast.Mult:
                return left * right
            if op is ast.Div:
                return left / right if right else math.inf
            if op is ast.Pow:
                if abs(right) > MAX_EXPONENT:
                    return math.inf
                result = abs(left) ** right if left or right >= 0 else math.inf
                return float(result.real) if isinstance(result, complex) else float(result)
            return None  # // and % of constants: small by construction, not needed here
        except (OverflowError, ZeroDivisionError):
            return math.inf
    return None
