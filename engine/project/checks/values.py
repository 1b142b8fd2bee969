"""Plain helpers of the checks: numbers, units, and where a problem is in a field's text."""

from __future__ import annotations

import ast
import math
import numbers
from collections.abc import Iterable
from typing import cast

import numpy as np
from numpy.typing import ArrayLike

from engine.errors import SourceSpan, close_names
from engine.project.literals import ArrayLiteral
from engine.units import DIMENSIONLESS, Hz, Quantity, get_dimensions, get_unit_for_display, second

__all__ = [
    "RATE",
    "TIME",
    "as_float",
    "did_you_mean",
    "element_span",
    "fits",
    "is_list",
    "is_nan",
    "is_number",
    "is_unitful",
    "ndim",
    "shape",
    "unit_text",
    "whole_span",
]

#: The dimensions of a time and of a rate.
TIME = get_dimensions(second)
RATE = get_dimensions(Hz)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return the hint that ends a message about ``name`` (`` Did you mean 'v'?``), or ``""``."""
    close = close_names(name, known, n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def unit_text(value: object) -> str:
    """Return the unit of ``value`` as messages show it."""
    return get_unit_for_display(get_dimensions(value))


def is_number(value: object) -> bool:
    """Return whether ``value`` is a real number: no unit (a scalar), not a boolean."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, Quantity):
        return value.ndim == 0 and get_dimensions(value) is DIMENSIONLESS
    return isinstance(value, numbers.Real)


def as_float(value: object) -> float:
    """Return ``value`` as a float; an integer beyond the range of a double is infinite."""
    try:
        return float(value)  # type: ignore[arg-type]  # numbers only (is_number); else a bug
    except OverflowError:
        return math.inf


def is_nan(value: object) -> bool:
    """Return whether ``value`` is, or holds, NaN."""
    try:
        return bool(np.any(np.isnan(np.asarray(value, dtype=float))))
    except (TypeError, ValueError):
        return False


def ndim(value: object) -> int:
    """Return the number of dimensions of a value (as `numpy.ndim`)."""
    return int(np.ndim(_array_like(value)))


def shape(value: object) -> tuple[int, ...]:
    """Return the shape of a value (as `numpy.shape`)."""
    return tuple(np.shape(_array_like(value)))


def _array_like(value: object) -> ArrayLike:
    # What the constant evaluator and array literals give (typed `object`): numbers,
    # quantities, booleans and arrays of them; numpy reads anything else as a 0-d object array.
    return cast(ArrayLike, value)


def is_unitful(value: object) -> bool:
    """Return whether ``value`` is a quantity with a unit."""
    return isinstance(value, Quantity) and get_dimensions(value) is not DIMENSIONLESS


def fits(value: object, dim: object) -> bool:
    """Whether a value may be assigned to a variable of dimensions ``dim``.

    As in the engine (and Brian 2), 0 and infinities fit every unit.
    """
    found = get_dimensions(value)
    if found is dim:
        return True
    if found is DIMENSIONLESS and not isinstance(value, (bool, np.bool_)):
        array = np.asarray(value, dtype=float)
        return bool(array.size and np.all((array == 0) | np.isinf(array)))
    return False


def is_list(literal: ArrayLiteral) -> bool:
    """Return whether an array literal is written as a list (its elements can be located)."""
    return bool(literal.list_text.strip().startswith(("[", "(")))


def element_span(text: str, index: int) -> SourceSpan | None:
    """Return where the ``index``-th number of a flat list (``[0, 5]*ms``) is in ``text``."""
    stripped = text.strip()
    try:
        tree = ast.parse(stripped, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Mult):
        tree = tree.left if isinstance(tree.left, (ast.List, ast.Tuple)) else tree.right
    if not isinstance(tree, (ast.List, ast.Tuple)):
        return whole_span(text)
    if not 0 <= index < len(tree.elts):
        return None
    element = tree.elts[index]
    prefix = text[: text.index(stripped)] if stripped else ""
    line = element.lineno + prefix.count("\n")
    shift = (len(prefix) - (prefix.rfind("\n") + 1)) if element.lineno == 1 else 0
    end = element.end_col_offset if element.end_lineno == element.lineno else None
    column = element.col_offset + 1 + shift
    return SourceSpan(line, column, (end or element.col_offset + 1) + 1 + shift)


def whole_span(text: str) -> SourceSpan | None:
    """Return the first line of ``text`` without its indentation (a whole value's span)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            start = len(line) - len(line.lstrip()) + 1
            return SourceSpan(number, start, len(line.rstrip()) + 1)
    return None
