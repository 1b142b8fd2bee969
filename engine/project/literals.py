"""Lists of numbers typed into fields: spike indices, spike times, values of a timed array.

``[0, 2, 1]``, ``[1, 2.5, 3]*ms``, ``[[0, 1], [1, 0]]*nA`` or a single number: a list literal
(nested once at most), optionally multiplied by a constant expression for its unit. The list
is read with `ast.literal_eval`-like strictness (numbers only) and the unit with the engine's
constant evaluator, so nothing typed is executed.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import numpy as np

from engine.equations import evaluate_constant
from engine.errors import ExpressionError, ModelError, SourceSpan
from engine.units import Quantity

__all__ = ["ArrayLiteral", "parse_array"]

_LARGEST_DOUBLE = int(np.finfo(np.float64).max)


class ArrayLiteral:
    """A parsed list: its numbers and the text of its unit factor (empty for none).

    Attributes
    ----------
    values
        The numbers, as a float64 array (one or two dimensions; zero for a single number).
    unit_text
        The factor it is multiplied by, as typed (``ms``, ``0.5*nA``), or ``""``.
    list_text
        The list as typed.
    """

    def __init__(self, values: np.ndarray, list_text: str, unit_text: str) -> None:
        self.values = values
        self.list_text = list_text
        self.unit_text = unit_text

    def quantity(self, namespace: Mapping[str, object] | None = None) -> np.ndarray | Quantity:
        """Return the values times their unit factor (a quantity, or plain numbers)."""
        if not self.unit_text:
            return self.values
        scaled: np.ndarray | Quantity = self.values * evaluate_constant(self.unit_text, namespace)
        return scaled


def parse_array(text: str, namespace: Mapping[str, object] | None = None) -> ArrayLiteral:
    """Read a list of numbers, optionally times a unit (``[1, 2, 3]*ms``).

    Parameters
    ----------
    text
        The text typed.
    namespace
        Constants the unit factor may use (checked here).

    Raises
    ------
    ModelError
        If the text is not such a list, with the position of the problem.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        raise ExpressionError(
            f"{_quoted(text)} is not a list of numbers: {error.msg}",
            span=_span(error.lineno or 1, error.offset or 1, (error.offset or 1) + 1),
            text=text,
        ) from None
    except (RecursionError, MemoryError, ValueError) as error:
        # Python's parser gives up on very deep nesting ('1+1+...' a hundred thousand times)
        # and on integers of more than 4300 digits.
        reason = str(error) if isinstance(error, ValueError) else "it is too deeply nested"
        raise ExpressionError(
            f"{_quoted(text)} cannot be read as a list of numbers: {reason}",
            span=_span(1, 1, 2),
            text=text,
            hint="Write a list of numbers, such as [0, 1, 2], times a unit if it has one.",
        ) from None
    source = text.strip()
    list_node, unit_node = tree, None
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Mult):
        if _is_list(tree.left):
            list_node, unit_node = tree.left, tree.right
        elif _is_list(tree.right):
            list_node, unit_node = tree.right, tree.left
    values = _numbers(list_node, source, depth=0)
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 2 and 0 in array.shape:
        array = array.reshape(0)
    unit_text = ast.get_source_segment(source, unit_node) if unit_node is not None else ""
    literal = ArrayLiteral(array, ast.get_source_segment(source, list_node) or "", unit_text or "")
    if unit_text:
        try:
            literal.quantity(namespace)
        except ModelError as error:
            raise error.with_location(text=text) from None
    return literal


def _is_list(node: ast.expr) -> bool:
    return isinstance(node, (ast.List, ast.Tuple))


#: A number, or a list of numbers or lists (as a list literal holds them).
_Nested = int | float | list["_Nested"]


def _numbers(node: ast.expr, source: str, depth: int) -> _Nested:
    if isinstance(node, (ast.List, ast.Tuple)):
        if depth >= 2:
            raise _problem(node, source, "lists can be nested once at most (time x index)")
        items = [_numbers(item, source, depth + 1) for item in node.elts]
        nested = [isinstance(item, list) for item in items]
        if any(nested) and not all(nested):
            raise _problem(node, source, "mix of numbers and lists")
        if all(nested) and len({len(item) for item in items if isinstance(item, list)}) > 1:
            raise _problem(node, source, "the inner lists have different lengths")
        return items
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        if isinstance(node.operand, ast.UnaryOp):  # '- - - 1': bounded, not recursed into
            raise _problem(node, source, "a number with more than one sign")
        value = _numbers(node.operand, source, depth)
        if isinstance(value, list):
            raise _problem(node, source, "a sign before a list")
        return -value if isinstance(node.op, ast.USub) else value
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        # Python reads 1e999 as inf (a value some lists hold); an integer beyond the range
        # of a double has no float at all.
        if isinstance(node.value, int) and abs(node.value) > _LARGEST_DOUBLE:
            raise _problem(node, source, "a number too large for a 64-bit float")
        return node.value
    raise _problem(node, source, "expected a number")


def _quoted(text: str) -> str:
    """Return ``text`` in quotes for a message, shortened if it is long."""
    text = text.strip()
    return f"'{text}'" if len(text) <= 60 else f"'{text[:40]}...{text[-12:]}'"


def _problem(node: ast.expr, source: str, message: str) -> ExpressionError:
    segment = ast.get_source_segment(source, node) or source
    if len(segment) > 60:
        segment = f"{segment[:40]}...{segment[-12:]}"
    return ExpressionError(
        f"{_quoted(source)} is not a list of numbers: {message} ('{segment}')",
        span=_span(node.lineno, node.col_offset + 1, (node.end_col_offset or node.col_offset) + 1),
        text=source,
    )


def _span(line: int, column: int, end: int) -> SourceSpan:
    return SourceSpan(line, column, max(end, column + 1))
