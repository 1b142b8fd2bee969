"""Physical dimensions: the exponents of the seven SI base dimensions.

A `Dimension` is pint's dimensionality — the exponents of ``[length]``, ``[mass]``,
``[time]``, ``[current]``, ``[temperature]``, ``[substance]`` and ``[luminosity]`` — and
converts to and from pint's ``UnitsContainer`` (`Dimension.dimensionality`,
`Dimension.from_dimensionality`). Exactly one `Dimension` object exists per combination of
exponents, so dimensions are compared with ``is``, as in Brian 2, and key dictionaries
cheaply.

Products, quotients and powers are memoised on the operands: unit-checked arithmetic asks for
them on every operation, and a dictionary lookup is the fastest answer. A combination met for
the first time adds or scales the seven exponents (what pint's ``UnitsContainer`` does, which
the tests check); pint itself is not imported for it, because importing pint takes longer
(about 0.25 s) than the whole rest of the units package.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from pint.util import UnitsContainer

__all__ = [
    "DIMENSIONLESS",
    "PINT_BASE_DIMENSIONS",
    "Dimension",
    "get_or_create_dimension",
]

#: pint's names of the seven SI base dimensions, in the order of Brian's dimension tuples.
PINT_BASE_DIMENSIONS = (
    "[length]",
    "[mass]",
    "[time]",
    "[current]",
    "[temperature]",
    "[substance]",
    "[luminosity]",
)

# How the base dimensions are shown: symbols for display, unit names for Python code.
_SYMBOLS = ("m", "kg", "s", "A", "K", "mol", "cd")
_CODE_NAMES = ("metre", "kilogram", "second", "amp", "kelvin", "mole", "candle")

# Every name Brian accepts for a base dimension (descriptions, unit names and symbols), plus
# pint's bracketed names.
_INDEX_OF_NAME: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("Length", "length", "metre", "metres", "meter", "meters", "m"),
        ("Mass", "mass", "kilogram", "kilograms", "kg"),
        ("Time", "time", "second", "seconds", "s"),
        ("Electric Current", "electric current", "Current", "current", "ampere", "amperes", "A"),
        ("Temperature", "temperature", "kelvin", "kelvins", "K"),
        (
            "Quantity of Substance",
            "Quantity of substance",
            "quantity of substance",
            "Substance",
            "substance",
            "mole",
            "moles",
            "mol",
        ),
        ("Luminosity", "luminosity", "candle", "candles", "cd"),
    )
):
    for _name in (*_names, PINT_BASE_DIMENSIONS[_index]):
        _INDEX_OF_NAME[_name] = _index

Exponents = tuple[float, float, float, float, float, float, float]

# The one Dimension per exponent tuple.
_INTERNED: dict[tuple, Dimension] = {}


def _normalised_exponent(value: Any) -> float:
    """Return ``value`` as a plain Python number, integral values as ``int``.

    ``2``, ``2.0`` and ``np.int64(2)`` are the same exponent and must print the same way
    (``m^2``), whichever was used first.
    """
    if isinstance(value, np.ndarray | np.generic):
        value = value.item()
    if not isinstance(value, numbers.Real):
        raise TypeError(f"A dimension exponent must be a real number, not {value!r}")
    value = int(value) if isinstance(value, int) else float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"A dimension exponent must be finite, not {value!r}")
        if value.is_integer():
            return int(value)
    return value


class Dimension:
    """The physical dimensions of a quantity: exponents of the seven SI base dimensions.

    Do not call the constructor for a new dimension: use `get_or_create_dimension`, or
    combine existing dimensions with ``*``, ``/`` and ``**``. (Calling ``Dimension(exponents)``
    also returns the shared instance, never a duplicate.)

    Parameters
    ----------
    dims
        The exponents of length, mass, time, electric current, temperature, amount of
        substance and luminous intensity, in that order.

    Notes
    -----
    ``str`` shows SI symbols (``m^2 kg s^-3 A^-1``, ``1`` when dimensionless) and ``repr``
    Python code (``metre ** 2 * kilogram * second ** -3 * amp ** -1``, ``Dimension()``), as
    Brian 2 does.
    """

    __slots__ = ("__weakref__", "_dimensionality", "_dims", "_powers", "_products", "_quotients")

    _dims: Exponents
    _dimensionality: UnitsContainer | None
    _products: dict[Dimension, Dimension]
    _quotients: dict[Dimension, Dimension]
    _powers: dict[float, Dimension]

    # Above Quantity's priority, so that numpy leaves ``array * dimension`` to us.
    __array_priority__ = 1000

    def __new__(cls, dims: Iterable[float]) -> Dimension:
        """Return the one `Dimension` object for these exponents."""
        key = tuple(_normalised_exponent(x) for x in dims)
        if len(key) != 7:
            raise TypeError("Need a sequence of exactly 7 items")
        existing = _INTERNED.get(key)
        if existing is not None:
            return existing
        self = object.__new__(cls)
        self._dims = key
        self._dimensionality = None
        self._products = {}
        self._quotients = {}
        self._powers = {}
        # setdefault: if another thread interned the same exponents meanwhile, use its object.
        return _INTERNED.setdefault(key, self)

    @classmethod
    def from_dimensionality(cls, dimensionality: Mapping[str, float]) -> Dimension:
        """Return the dimension of a pint dimensionality.

        Parameters
        ----------
        dimensionality
            A pint ``UnitsContainer`` (or a mapping) from base dimension names such as
            ``"[length]"`` to exponents, as returned by ``UnitRegistry.get_dimensionality``.

        Returns
        -------
        Dimension
            The shared `Dimension` object.

        Raises
        ------
        KeyError
            If the dimensionality refers to a dimension that is not an SI base dimension.
        """
        exponents: list[float] = [0] * 7
        for name, exponent in dimensionality.items():
            if name not in PINT_BASE_DIMENSIONS:
                raise KeyError(f"{name!r} is not one of the SI base dimensions")
            exponents[_INDEX_OF_NAME[name]] = exponent
        return cls(exponents)

    # ---- Information -------------------------------------------------------------------
    @property
    def dimensionality(self) -> UnitsContainer:
        """The same dimensions as pint's dimensionality (a ``pint.util.UnitsContainer``)."""
        if self._dimensionality is None:
            from pint.util import UnitsContainer

            self._dimensionality = UnitsContainer(
                {name: x for name, x in zip(PINT_BASE_DIMENSIONS, self._dims, strict=True) if x}
            )
        return self._dimensionality

    @property
    def exponents(self) -> Exponents:
        """The seven exponents (length, mass, time, current, temperature, substance, light)."""
        return self._dims

    def get_dimension(self, d: str) -> float:
        """Return the exponent of one base dimension.

        Parameters
        ----------
        d
            A description (``"length"``), a base unit (``"metre"``) or its symbol (``"m"``).

        Returns
        -------
        float
            The exponent of that base dimension.
        """
        return self._dims[_INDEX_OF_NAME[d]]

    @property
    def is_dimensionless(self) -> bool:
        """Whether all exponents are zero."""
        return self is DIMENSIONLESS

    @property
    def dim(self) -> Dimension:
        """The dimension itself: ``x.dim`` works for quantities, units and dimensions."""
        return self

    # ---- Representation ----------------------------------------------------------------
    def _parts(self, names: tuple[str, ...], power: str) -> list[str]:
        return [
            name if exponent == 1 else f"{name}{power}{exponent}"
            for name, exponent in zip(names, self._dims, strict=True)
            if exponent
        ]

    def __str__(self) -> str:
        return " ".join(self._parts(_SYMBOLS, "^")) or "1"

    def __repr__(self) -> str:
        return " * ".join(self._parts(_CODE_NAMES, " ** ")) or "Dimension()"

    def _latex(self, *args: Any) -> str:
        parts = [
            symbol if exponent == 1 else f"{symbol}^{{{exponent}}}"
            for symbol, exponent in zip(_SYMBOLS, self._dims, strict=True)
            if exponent
        ]
        return "\\,".join(parts) or "1"

    def _repr_latex_(self) -> str:
        return f"${self._latex()}$"

    # ---- Arithmetic (memoised) ---------------------------------------------------------
    def __mul__(self, other: Dimension) -> Dimension:
        try:
            return self._products[other]
        except (KeyError, TypeError):
            if not isinstance(other, Dimension):
                return NotImplemented
        result = Dimension([x + y for x, y in zip(self._dims, other._dims, strict=True)])
        self._products[other] = result
        return result

    def __truediv__(self, other: Dimension) -> Dimension:
        try:
            return self._quotients[other]
        except (KeyError, TypeError):
            if not isinstance(other, Dimension):
                return NotImplemented
        result = Dimension([x - y for x, y in zip(self._dims, other._dims, strict=True)])
        self._quotients[other] = result
        return result

    def __pow__(self, exponent: Any) -> Dimension:
        try:
            return self._powers[exponent]
        except (KeyError, TypeError):  # TypeError: an unhashable exponent (an array)
            pass
        array = np.asarray(exponent)
        if array.size != 1:
            raise TypeError("Too many exponents")
        value = _normalised_exponent(array.reshape(()).item())
        result = Dimension([x * value for x in self._dims])
        if isinstance(exponent, int | float):
            self._powers[exponent] = result
        return result

    def __imul__(self, other: object) -> Dimension:
        raise TypeError("Dimension object is immutable")

    def __itruediv__(self, other: object) -> Dimension:
        raise TypeError("Dimension object is immutable")

    def __ipow__(self, exponent: Any) -> Dimension:
        raise TypeError("Dimension object is immutable")

    # Equality is identity (one object per exponent tuple), and so is the hash: both are the
    # fast C implementations inherited from object.

    # ---- Copying and pickling keep the one-object-per-dimension rule --------------------
    def __reduce__(self) -> tuple[Any, tuple[Exponents]]:
        return (get_or_create_dimension, (self._dims,))

    def __copy__(self) -> Dimension:
        return self

    def __deepcopy__(self, memo: dict) -> Dimension:
        return self


#: The dimension of plain numbers.
DIMENSIONLESS = Dimension((0, 0, 0, 0, 0, 0, 0))


def get_or_create_dimension(*args: Iterable[float], **kwds: float) -> Dimension:
    """Return the shared `Dimension` for the given exponents.

    Parameters
    ----------
    *args
        At most one argument: a sequence of the 7 exponents (length, mass, time, electric
        current, temperature, amount of substance, luminous intensity).
    **kwds
        Alternatively, exponents by name: a description (``length=1``), a base unit
        (``metre=1``) or a symbol (``m=1``); missing ones are zero.

    Returns
    -------
    Dimension
        The one `Dimension` object for these exponents, so results can be compared with ``is``.

    Raises
    ------
    TypeError
        If the sequence does not have exactly 7 items.
    KeyError
        If a keyword is not the name of a base dimension.

    Examples
    --------
    >>> get_or_create_dimension(length=1, mass=1, time=-2)
    metre * kilogram * second ** -2
    >>> get_or_create_dimension([1, 1, -2, 0, 0, 0, 0]) is get_or_create_dimension(m=1, kg=1, s=-2)
    True
    """
    if args:
        dims = args[0]
        try:
            if len(dims) != 7:  # type: ignore[arg-type]  # any object: len() is the test
                raise TypeError
        except TypeError:
            raise TypeError("Need a sequence of exactly 7 items") from None
        return Dimension(dims)
    exponents: list[float] = [0] * 7
    for name, exponent in kwds.items():
        exponents[_INDEX_OF_NAME[name]] = exponent
    return Dimension(exponents)
