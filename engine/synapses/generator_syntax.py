"""The generator syntax of ``connect``: ``j='k for k in range(i-3, i+4) if k != i'``.

A connection generator names, for each neuron on one side (``i``, or ``j`` for ``connect(i=...)``),
the neurons on the other side: an element expression, a variable running over ``range(...)``
or ``sample(...)``, and an optional condition. Every part is an expression of the model
language, checked by its parser; nothing is evaluated as Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from engine.errors import ExpressionError, ModelError, SourceSpan
from engine.parsing import parse_expression

__all__ = ["ConnectionGenerator", "parse_connection", "parse_generator"]

_EXAMPLE = "k for k in range(i-3, i+4) if k != i"


@dataclass(frozen=True)
class ConnectionGenerator:
    """A parsed connection generator.

    Attributes
    ----------
    element
        The expression giving the connected index (may use the variable).
    variable
        The name of the variable that runs over the iterator.
    iterator
        ``"range"`` or ``"sample"``.
    low, high, step
        The iterator's bounds, as expressions (``high`` excluded).
    p, size
        For ``sample``: the probability of each candidate, or the number of candidates to
        draw (without replacement); exactly one is given.
    condition
        The condition a pair must meet, or None.
    text
        The generator as written.
    """

    element: str
    variable: str
    iterator: str
    low: str
    high: str
    step: str
    p: str | None
    size: str | None
    condition: str | None
    text: str


def parse_generator(text: str) -> ConnectionGenerator:
    """Parse a connection generator (``EXPR for VAR in range(...)/sample(...) [if COND]``).

    Raises
    ------
    ExpressionError
        If the text is not a generator of that form, with the place of the problem.
    """
    source = text.strip()
    try:
        # Python reads a bare generator only between parentheses; offsets shift by one.
        tree = ast.parse(f"({source})", mode="eval").body
    except SyntaxError as error:
        raise _error(text, f"Invalid syntax ({error.msg})", (error.offset or 2) - 2) from None
    if not isinstance(tree, ast.GeneratorExp) or len(tree.generators) != 1:
        raise _error(text, f"Expected a generator such as '{_EXAMPLE}'")
    comprehension = tree.generators[0]
    if comprehension.is_async or not isinstance(comprehension.target, ast.Name):
        raise _error(text, "The generator must run one variable: 'k for k in ...'")
    if len(comprehension.ifs) > 1:
        raise _error(text, "Combine the conditions of the generator into one with 'and'")
    call = comprehension.iter
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in ("range", "sample")
    ):
        raise _error(
            text,
            "The generator must run over range(...) or sample(...)",
            getattr(call, "col_offset", 1) - 1,
        )
    variable = comprehension.target.id
    positional = [_checked(source, argument) for argument in call.args]
    keywords = {keyword.arg: keyword for keyword in call.keywords}
    condition = _checked(source, comprehension.ifs[0]) if comprehension.ifs else None
    element = _checked(source, tree.elt)
    if call.func.id == "range":
        if keywords or not 1 <= len(positional) <= 3:
            raise _error(text, "range takes one to three arguments: range([start,] stop[, step])")
        low, high, step = _bounds(positional)
        return ConnectionGenerator(
            element, variable, "range", low, high, step, None, None, condition, source
        )
    if set(keywords) not in ({"p"}, {"size"}):
        raise _error(text, "sample needs either p= (a probability) or size= (a number)")
    if not 1 <= len(positional) <= 3:
        raise _error(
            text, "sample takes one to three positions: sample([start,] stop[, step], ...)"
        )
    low, high, step = _bounds(positional)
    p = _checked(source, keywords["p"].value) if "p" in keywords else None
    size = _checked(source, keywords["size"].value) if "size" in keywords else None
    return ConnectionGenerator(
        element, variable, "sample", low, high, step, p, size, condition, source
    )


def _bounds(arguments: list[str]) -> tuple[str, str, str]:
    if len(arguments) == 1:
        return "0", arguments[0], "1"
    if len(arguments) == 2:
        return arguments[0], arguments[1], "1"
    return arguments[0], arguments[1], arguments[2]


def _checked(source: str, node: ast.expr) -> str:
    """Return the text of a part of the generator, checked as an expression of the language."""
    text = ast.get_source_segment(f"({source})", node) or ast.unparse(node)
    parse_expression(text, document=source, origin=(1, node.col_offset))
    return text


def _error(text: str, message: str, offset: int | None = None) -> ExpressionError:
    column = (offset or 0) + 1
    return ExpressionError(
        message,
        SourceSpan(1, column, max(column + 1, len(text) + 1)),
        text,
        f"For example: '{_EXAMPLE}'.",
    )


def parse_connection(text: str, outer: str) -> ConnectionGenerator:
    """Parse the ``i`` or ``j`` of ``connect``: a generator, or a bare expression (one neuron).

    ``'k for k in range(i-3, i+4)'`` is a generator; ``'i'`` or ``'i+1 if i < 5'`` is one
    neuron (optionally under a condition). ``outer`` is the index the text is a function of
    (``'i'`` for ``j=...``), for the message.

    Raises
    ------
    ModelError
        If the text is neither.
    """
    if " for " in f" {text} ":
        return parse_generator(text)
    parts = text.split(" if ")
    if len(parts) > 2:
        raise ModelError(
            f"Cannot read '{text}': expected an expression, optionally followed by 'if' and a "
            f"condition, or a generator such as 'k for k in range({outer}-10, {outer}+10)'"
        )
    element = parts[0].strip()
    condition = parts[1].strip() if len(parts) == 2 else None
    parse_expression(element)
    if condition is not None:
        parse_expression(condition)
    return ConnectionGenerator(element, "_k", "range", "0", "1", "1", None, None, condition, text)
