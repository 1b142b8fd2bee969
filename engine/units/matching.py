"""Asking any value for its physical dimensions, and checking that dimensions match.

Plain numbers and arrays are dimensionless; quantities, units and dimensions have theirs. The
number 0 fits any dimensions in a check (``3*mV + 0``), so that sums can start from it.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from engine.units.dimensions import DIMENSIONLESS, Dimension
from engine.units.errors import DimensionMismatchError

__all__ = [
    "fail_for_dimension_mismatch",
    "get_dimensions",
    "have_same_dimensions",
    "is_dimensionless",
    "is_scalar_type",
]

# Objects of these types are dimensionless without looking further (the common ones first).
_PLAIN_NUMBER_TYPES = frozenset(
    {float, int, bool, complex, np.float64, np.float32, np.int64, np.int32, np.bool_, np.ndarray}
)


def get_dimensions(obj: Any) -> Dimension:
    """Return the physical dimensions of any object that has them.

    Parameters
    ----------
    obj
        A `Quantity`, `Unit`, `Dimension`, number, array, or a (nested) list of quantities.

    Returns
    -------
    Dimension
        The dimensions of ``obj``; `DIMENSIONLESS` for plain numbers and arrays.

    Raises
    ------
    TypeError
        If ``obj`` is not numerical (a string, None...).
    """
    if type(obj) in _PLAIN_NUMBER_TYPES:
        return DIMENSIONLESS
    try:
        return obj.dim
    except AttributeError:
        if isinstance(obj, numbers.Number | np.number | np.ndarray):
            return DIMENSIONLESS
        # A (nested) list of quantities has the dimensions the constructor finds in it; imported
        # here because the quantity module builds on this one.
        from engine.units.quantity import Quantity

        try:
            return Quantity(obj).dim
        except TypeError:
            raise TypeError(f"Object of type {type(obj)} does not have dimensions") from None


def is_dimensionless(obj: Any) -> bool:
    """Return whether ``obj`` (a quantity, number or array) is dimensionless.

    Parameters
    ----------
    obj
        The value to check.

    Returns
    -------
    bool
        ``True`` if its dimensions are `DIMENSIONLESS`.
    """
    return get_dimensions(obj) is DIMENSIONLESS


def have_same_dimensions(obj1: Any, obj2: Any) -> bool:
    """Return whether two values have the same physical dimensions.

    Parameters
    ----------
    obj1, obj2
        Quantities, units, dimensions, numbers or arrays (the latter are dimensionless).

    Returns
    -------
    bool
        ``True`` if the dimensions are equal (scales do not matter: ``mV`` and ``volt`` have
        the same dimensions).
    """
    return get_dimensions(obj1) is get_dimensions(obj2)


def is_scalar_type(obj: Any) -> bool:
    """Return whether ``obj`` is a single number usable as a dimensionless quantity.

    Parameters
    ----------
    obj
        The value to check.

    Returns
    -------
    bool
        ``True`` for plain numbers, 0-d arrays and dimensionless 0-d quantities.
    """
    try:
        return obj.ndim == 0 and is_dimensionless(obj)
    except AttributeError:
        return np.isscalar(obj) and not isinstance(obj, str)


def _short_str(value: Any) -> str:
    """Return a short text for ``value``, for error messages (long arrays are elided)."""
    with np.printoptions(edgeitems=2, threshold=5):
        return str(np.asanyarray(value))


def fail_for_dimension_mismatch(
    obj1: Any,
    obj2: Any = None,
    error_message: str | None = None,
    **error_quantities: Any,
) -> tuple[Dimension, Dimension]:
    """Raise `DimensionMismatchError` unless two values have the same dimensions.

    The number 0 (a dimensionless value that is all zeros) fits any dimensions, so that
    ``3*mV + 0`` and ``sum([1*mV, 2*mV])`` work.

    Parameters
    ----------
    obj1, obj2
        The values to compare; ``obj2=None`` means "dimensionless". ``obj2`` may also be a
        `Dimension` or `Unit`, which is then not restated in the message.
    error_message
        The message of the error, ``"Dimension mismatch"`` if not given. It may contain
        ``{name}`` placeholders for the ``error_quantities``.
    **error_quantities
        Values to insert into ``error_message`` (shortened, so that a large array does not
        produce a huge message); only converted to text if the check fails.

    Returns
    -------
    tuple of Dimension
        The dimensions of ``obj1`` and ``obj2``.

    Raises
    ------
    DimensionMismatchError
        If the dimensions differ; its ``dims`` are those of the two values (only
        ``obj1``'s if ``obj2`` is None, a unit or a dimension).
    """
    dim1 = get_dimensions(obj1)
    dim2 = DIMENSIONLESS if obj2 is None else get_dimensions(obj2)
    if dim1 is dim2:
        return dim1, dim2
    if (dim1 is DIMENSIONLESS and _is_zero(obj1)) or (dim2 is DIMENSIONLESS and _is_zero(obj2)):
        return dim1, dim2
    if error_message is None:
        error_message = "Dimension mismatch"
    else:
        error_message = error_message.format(
            **{name: _short_str(value) for name, value in error_quantities.items()}
        )
    if obj2 is None or isinstance(obj2, Dimension) or getattr(obj2, "_is_unit", False):
        raise DimensionMismatchError(error_message, dim1)
    raise DimensionMismatchError(error_message, dim1, dim2)


def _is_zero(obj: Any) -> bool:
    if obj is None:
        return False
    try:
        return bool(np.all(obj == 0))
    except (TypeError, ValueError):
        return False


def _is_inf(obj: Any) -> bool:
    try:
        return bool(np.isinf(obj))
    except TypeError:
        return False
