"""Quantities as text: in a given unit, in the unit that reads best, and as LaTeX.

``str(q)`` and ``repr(q)`` show a quantity in its best unit (the one whose scale puts the values
closest to 10, see `engine.units.unit.UnitRegistry`): ``20. ms`` for people, ``20. * msecond``
as Python code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from engine.units.dimensions import DIMENSIONLESS
from engine.units.matching import fail_for_dimension_mismatch, get_dimensions, is_dimensionless

if TYPE_CHECKING:
    from engine.units.quantity import Quantity

__all__ = ["in_best_unit", "in_unit", "latex", "quantity_in_best_unit", "quantity_in_unit"]


def quantity_in_unit(
    quantity: Quantity, u: Any, precision: int | None = None, python_code: bool = False
) -> str:
    """Return a quantity as text in the unit ``u`` (`Quantity.in_unit`).

    Parameters
    ----------
    quantity
        The quantity (``self`` of the method).
    u
        The unit (or quantity) to show the value in.
    precision
        The number of digits after the point, numpy's print option if not given.
    python_code
        Return Python code (``5. * umetre ** 2``) rather than text for people
        (``5. um^2``).

    Returns
    -------
    str
        The text.

    Raises
    ------
    DimensionMismatchError
        If ``u`` does not have the dimensions of the quantity.

    Examples
    --------
    >>> from engine.units import mV, volt
    >>> (25.123456*mV).in_unit(volt, 3)
    '0.025 V'
    """
    fail_for_dimension_mismatch(quantity, u, 'Non-matching unit for method "in_unit"')
    value = np.asarray(quantity / u)
    if value.shape == ():
        # numpy applies the precision option to arrays only.
        text = np.array_str(np.array([value]), precision=precision)
        text = text.replace("[", "").replace("]", "").strip()
    elif python_code:
        text = np.array_repr(value, precision=precision)
    else:
        text = np.array_str(value, precision=precision)
    if get_dimensions(u) is not DIMENSIONLESS:
        unit_text: Any = u if getattr(u, "_is_unit", False) else u.dim
        text += f" * {unit_text!r}" if python_code else f" {unit_text}"
    elif python_code:
        return f"{type(quantity).__name__}({text.strip()})"
    return text.strip()


def quantity_in_best_unit(
    quantity: Quantity, precision: int | None = None, python_code: bool = False, *regs: Any
) -> str:
    """Return a quantity as text in the unit it reads best in (`Quantity.in_best_unit`).

    Parameters
    ----------
    quantity
        The quantity (``self`` of the method).
    precision
        The number of digits after the point, numpy's print option if not given.
    python_code
        Return Python code (``5. * umetre ** 2``) rather than text (``5. um^2``).
    *regs
        The unit registries to search (see `Quantity.get_best_unit`).

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> from engine.units import volt
    >>> (0.00123456*volt).in_best_unit(3)
    '1.235 mV'
    """
    return quantity.in_unit(
        quantity.get_best_unit(*regs), precision=precision, python_code=python_code
    )


def latex(quantity: Quantity, *args: Any) -> str:
    """Return ``quantity`` in LaTeX, in its best unit (for notebooks' ``_repr_latex_``)."""
    best_unit = quantity.get_best_unit()
    unit_latex = (
        best_unit._latex() if getattr(best_unit, "_is_unit", False) else best_unit.dim._latex()
    )
    unitless = np.asarray(quantity / best_unit)
    threshold = np.get_printoptions()["threshold"] // 100
    if unitless.ndim == 0:
        number = str(float(unitless))
    elif unitless.ndim in (1, 2):
        text = np.array2string(unitless, separator=" & ", threshold=threshold, max_line_width=10**9)
        text = text[1:-1].replace("...", r"\dots")
        if unitless.ndim == 2:
            rows = text.replace("[", "").replace("] &", r"\\").replace("]", "\n").split("\n")
            columns = rows[0].count("&") + 1
            rows = [
                " & ".join([r"\vdots"] * columns) + r"\\" if row.strip() == r"\dots &" else row
                for row in rows
            ]
            text = "\n" + "\n".join(rows)
        number = r"\left[\begin{matrix}" + text + r"\end{matrix}\right]"
    else:
        raise NotImplementedError(
            f"Cannot create a LaTeX representation for a {unitless.ndim}-d matrix."
        )
    return f"{number}\\,{unit_latex}"


def in_unit(x: Any, u: Any, precision: int | None = None) -> str:
    """Return a value as text in a given unit.

    Parameters
    ----------
    x
        A quantity, or a dimensionless number or array.
    u
        The unit (or quantity) to show it in.
    precision
        The number of digits after the point, numpy's print option if not given.

    Returns
    -------
    str
        The text, e.g. ``'3000. mV'``.

    Raises
    ------
    DimensionMismatchError
        If ``u`` does not have the dimensions of ``x``.

    Examples
    --------
    >>> from engine.units import mvolt, volt
    >>> in_unit(3*volt, mvolt)
    '3000. mV'
    """
    if is_dimensionless(x):
        fail_for_dimension_mismatch(x, u, 'Non-matching unit for function "in_unit"')
        return str(np.asarray(x / u))
    return x.in_unit(u, precision=precision)


def in_best_unit(x: Any, precision: int | None = None) -> str:
    """Return a value as text in the unit it reads best in.

    Parameters
    ----------
    x
        A quantity, or a dimensionless number or array.
    precision
        The number of digits after the point, numpy's print option if not given.

    Returns
    -------
    str
        The text, e.g. ``'1.23456 mV'``.

    Examples
    --------
    >>> from engine.units import volt
    >>> in_best_unit(0.00123456*volt)
    '1.23456 mV'
    """
    if is_dimensionless(x):
        if precision is None:
            precision = np.get_printoptions()["precision"]
        return str(np.round(x, precision))
    return x.in_best_unit(precision=precision)
