"""Named units (``mvolt``, ``siemens / metre ** 2``) and the registries that choose display units.

A `Unit` is a scalar `Quantity` worth ``10**scale`` SI units, with a name for code (``mvolt``)
and one for display (``mV``). Multiplying, dividing or raising units gives new, compound units
(``mV/ms``); like Brian 2, such a unit is registered the first time it is made, and from then
on used to display quantities with its dimensions.

Three `UnitRegistry` objects are searched, in this order, for the unit a quantity is shown in:
the standard units (base, prefixed, squared and cubed units), the user's units (registered
with `register_new_unit`, or made by unit arithmetic), and a few additional ones
(``newton * metre``, litres...).
"""

from __future__ import annotations

import contextlib
import itertools
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np

from engine.units.definitions import PREFIXES
from engine.units.dimensions import DIMENSIONLESS, Dimension
from engine.units.quantity import (
    _UNHANDLED,
    Quantity,
    _fast_div,
    _fast_mul,
    _nd_mul,
    _nd_rmul,
    _nd_rtruediv,
    _nd_truediv,
    get_dimensions,
    is_dimensionless,
    is_scalar_type,
)

__all__ = [
    "DIMENSIONLESS_UNIT",
    "Unit",
    "UnitRegistry",
    "additional_unit_register",
    "default_registries",
    "get_unit",
    "get_unit_for_display",
    "register_new_unit",
    "registration_disabled",
    "standard_unit_register",
    "user_unit_register",
]


def _latex_number(value: Any) -> str:
    r"""Return an exponent as LaTeX (``2``, ``0.5``, ``1.0 \cdot 10^{-5}``)."""
    if isinstance(value, np.generic | np.ndarray):
        value = np.asarray(value).item()
    text = repr(value)
    if "e" in text and isinstance(value, float):
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text


class Unit(Quantity):
    r"""A physical unit: a named scalar quantity worth ``10**scale`` SI units.

    Units are made by the units package (``volt``, ``mV``...), by `Unit.create` and
    `Unit.create_scaled_unit`, or by combining units (``siemens / metre**2``). Multiplying a
    number or array by a unit gives a `Quantity`.

    Parameters
    ----------
    arr
        The value in SI units; must equal ``10**scale``.
    dim
        The dimensions (dimensionless if not given).
    scale
        The power of ten of the unit: 0 for an SI base or derived unit (``volt``), -3 for
        ``mvolt``. Units with scale 0 are the only ones allowed in model declarations.
    name
        The name in Python code (``mvolt``); by default the SI dimensions as code.
    dispname
        The name for display (``mV``); by default the SI dimensions.
    latexname
        The name as LaTeX (math mode), e.g. ``\mathrm{m}\mathrm{V}``.
    iscompound
        Whether the unit combines other units (``mvolt / msecond``); such names are put in
        parentheses when combined further.

    Attributes
    ----------
    scale : int or float
        The power of ten (see above).
    iscompound : bool
        Whether the unit combines other units.

    Notes
    -----
    Units are immutable: in-place operations raise ``TypeError``. Two units are equal when
    their dimensions and scales are (``metre == meter``).
    """

    __slots__ = ("_dispname", "_latexname", "_name", "iscompound", "scale")

    scale: Any
    iscompound: bool
    _name: str
    _dispname: str
    _latexname: str

    # Below Quantity's: with a quantity and a unit, numpy asks the quantity first.
    __array_priority__ = 100
    _is_unit = True

    #: Register every new unit for display (disabled while the package builds its tables).
    automatically_register_units = True

    def __new__(
        cls,
        arr: Any,
        dim: Dimension | None = None,
        scale: Any = 0,
        name: str | None = None,
        dispname: str | None = None,
        latexname: str | None = None,
        iscompound: bool = False,
        dtype: Any = None,
        copy: bool = False,
    ) -> Unit:
        """Create the unit's array; `__init__` sets its names and checks its value."""
        if dim is None:
            dim = DIMENSIONLESS
        return super().__new__(cls, arr, dim=dim, dtype=dtype, copy=copy, force_quantity=True)

    def __init__(
        self,
        value: Any,
        dim: Dimension | None = None,
        scale: Any = 0,
        name: str | None = None,
        dispname: str | None = None,
        latexname: str | None = "",
        iscompound: bool = False,
        dtype: Any = None,
        copy: bool = False,
    ) -> None:
        if value != 10.0**scale:
            raise AssertionError(f"Unit value has to be 10**scale (scale={scale}, value={value})")
        if dim is None:
            dim = DIMENSIONLESS
        self.dim = dim
        self.scale = scale
        if name is None:
            name = "Unit(1)" if dim is DIMENSIONLESS else repr(dim)
        if dispname is None:
            dispname = "1" if dim is DIMENSIONLESS else str(dim)
        self._name = name
        self._dispname = dispname
        self._latexname = latexname if latexname is not None else ""
        self.iscompound = iscompound
        if Unit.automatically_register_units:
            register_new_unit(self)

    def __array_finalize__(self, obj: Any) -> None:
        self.dim = obj.dim if isinstance(obj, Quantity) else DIMENSIONLESS
        self.scale = getattr(obj, "scale", 0)
        self._name = getattr(obj, "_name", "")
        self._dispname = getattr(obj, "_dispname", "")
        self._latexname = getattr(obj, "_latexname", "")
        self.iscompound = getattr(obj, "iscompound", False)

    @staticmethod
    def create(
        dim: Dimension, name: str, dispname: str, latexname: str | None = None, scale: int = 0
    ) -> Unit:
        r"""Create a new named unit.

        Parameters
        ----------
        dim
            The dimensions of the unit.
        name
            The name in Python code, e.g. ``"volt"``.
        dispname
            The name for display, e.g. ``"V"``.
        latexname
            The name as LaTeX (math mode), ``\mathrm{dispname}`` if not given.
        scale
            The power of ten, e.g. -3 for a unit worth 1/1000 of the SI unit.

        Returns
        -------
        Unit
            The new unit (registered for display unless registration is switched off).
        """
        name = str(name)
        dispname = str(dispname)
        if latexname is None:
            latexname = f"\\mathrm{{{dispname}}}"
        return Unit(
            10.0**scale,
            dim=dim,
            scale=scale,
            name=name,
            dispname=dispname,
            latexname=latexname,
        )

    @staticmethod
    def create_scaled_unit(baseunit: Unit, scalefactor: str) -> Unit:
        """Create a prefixed version of a unit.

        Parameters
        ----------
        baseunit
            The unit to scale, e.g. ``volt``.
        scalefactor
            The SI prefix, e.g. ``"m"`` (see `PREFIXES`).

        Returns
        -------
        Unit
            The scaled unit, e.g. ``mvolt`` displayed as ``mV``.
        """
        scale = PREFIXES[scalefactor] + baseunit.scale
        prefix_latex = r"\mu" if scalefactor == "u" else scalefactor
        return Unit(
            10.0**scale,
            dim=baseunit.dim,
            name=scalefactor + baseunit.name,
            dispname=scalefactor + baseunit.dispname,
            latexname=f"\\mathrm{{{prefix_latex}}}{baseunit.latexname}",
            scale=scale,
        )

    # ---- Names --------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The name in Python code (``mvolt``)."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self.set_name(value)

    @property
    def dispname(self) -> str:
        """The name for display (``mV``)."""
        return self._dispname

    @dispname.setter
    def dispname(self, value: str) -> None:
        self.set_display_name(value)

    @property
    def latexname(self) -> str:
        """The name as a LaTeX expression (math mode)."""
        return self._latexname

    @latexname.setter
    def latexname(self, value: str) -> None:
        self.set_latex_name(value)

    def set_name(self, name: str) -> None:
        """Not supported: units are immutable; use `Unit.create`."""
        raise NotImplementedError(
            "Setting the name for a unit after its creation is no longer supported, use "
            "'Unit.create' to create a new unit."
        )

    def set_display_name(self, name: str) -> None:
        """Not supported: units are immutable; use `Unit.create`."""
        raise NotImplementedError(
            "Setting the display name for a unit after its creation is no longer supported, "
            "use 'Unit.create' to create a new unit."
        )

    def set_latex_name(self, name: str) -> None:
        """Not supported: units are immutable; use `Unit.create`."""
        raise NotImplementedError(
            "Setting the LaTeX name for a unit after its creation is no longer supported, use "
            "'Unit.create' to create a new unit."
        )

    def __repr__(self) -> str:
        return self._name

    def __str__(self) -> str:
        return self._dispname

    def _latex(self, *args: Any) -> str:
        return self._latexname

    def _repr_latex_(self) -> str:
        return f"${self._latexname}$"

    # ---- Arithmetic between units gives units --------------------------------------------
    def _wrapped(self, attribute: str) -> str:
        text = getattr(self, attribute)
        if not self.iscompound:
            return text
        return rf"\left({text}\right)" if attribute == "_latexname" else f"({text})"

    def _product(self, other: Unit) -> Unit:
        return Unit(
            10.0 ** (self.scale + other.scale),
            dim=self.dim * other.dim,
            name=f"{self._name} * {other._name}",
            dispname=f"{self._dispname} {other._dispname}",
            latexname=f"{self._latexname}\\,{other._latexname}",
            scale=self.scale + other.scale,
            iscompound=True,
        )

    def _quotient(self, other: Unit) -> Unit:
        return Unit(
            10.0 ** (self.scale - other.scale),
            dim=self.dim / other.dim,
            name=f"{self._wrapped('_name')} / {other._wrapped('_name')}",
            dispname=f"{self._wrapped('_dispname')}/{other._wrapped('_dispname')}",
            latexname=rf"\frac{{{self._latexname}}}{{{other._latexname}}}",
            scale=self.scale - other.scale,
            iscompound=True,
        )

    def _power(self, exponent: Any, name: str, dispname: str, latexname: str) -> Unit:
        # A compound unit even for a simple base, so that (second ** -1) ** -1 gets parentheses.
        scale = self.scale * exponent
        return Unit(
            10.0**scale,
            dim=self.dim**exponent,
            name=f"{self._wrapped('_name')} ** {name}",
            dispname=f"{self._wrapped('_dispname')}^{dispname}",
            latexname=f"{self._wrapped('_latexname')}^{latexname}",
            scale=scale,
            iscompound=True,
        )

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if method == "__call__" and not kwargs:
            if ufunc is np.multiply and all(isinstance(x, Unit) for x in inputs):
                return inputs[0]._product(inputs[1])
            if ufunc is np.divide:
                first, second = inputs
                if isinstance(first, Unit) and isinstance(second, Unit):
                    return first._quotient(second)
                if isinstance(second, Unit) and _is_one(first):
                    return second._power(-1, "-1", "-1", "{-1}")
            if ufunc is np.power and isinstance(inputs[0], Unit) and is_scalar_type(inputs[1]):
                exponent = inputs[1]
                return inputs[0]._power(
                    exponent, repr(exponent), str(exponent), f"{{{_latex_number(exponent)}}}"
                )
            if ufunc is np.square:
                return inputs[0]._power(2, "2", "2", "2")
            if ufunc is np.sqrt:
                return inputs[0]._power(0.5, "0.5", "0.5", "0.5")
            if ufunc is np.reciprocal:
                return inputs[0]._power(-1, "-1", "-1", "{-1}")
        if (ufunc is np.multiply or ufunc is np.divide) and all(
            get_dimensions(x) is DIMENSIONLESS for x in inputs
        ):
            # With a dimensionless unit (radian), the result is numpy's, as in Brian 2.
            return ufunc(*[np.asarray(x) for x in inputs], **kwargs)
        # Anything else treats the unit as the quantity it is (``mV + mV`` is ``2. mV``).
        return super().__array_ufunc__(ufunc, method, *inputs, **kwargs)

    # Operators: scalar fast paths first (``20*ms``), numpy (and the method above) otherwise.
    # (A dimensionless unit such as radian skips the fast paths, see __array_ufunc__.)
    def __mul__(self, other: Any) -> Any:
        if isinstance(other, Unit):
            return self._product(other)
        if self.dim is DIMENSIONLESS:
            return _nd_mul(self, other)
        return super().__mul__(other)

    def __rmul__(self, other: Any) -> Any:
        if self.dim is DIMENSIONLESS:
            return _nd_rmul(self, other)
        result = _fast_mul(other, self)
        return _nd_rmul(self, other) if result is _UNHANDLED else result

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, Unit):
            return self._quotient(other)
        if self.dim is DIMENSIONLESS:
            return _nd_truediv(self, other)
        return super().__truediv__(other)

    def __rtruediv__(self, other: Any) -> Any:
        if _is_one(other):
            return self._power(-1, "-1", "-1", "{-1}")
        if self.dim is DIMENSIONLESS:
            return _nd_rtruediv(self, other)
        result = _fast_div(other, self)
        return _nd_rtruediv(self, other) if result is _UNHANDLED else result

    def __pow__(self, other: Any) -> Any:  # type: ignore[override]  # no third argument (modulo): numpy's pow takes one
        # Names as Brian 2 has them: numpy turns ``unit**2``, ``unit**-1`` and ``unit**0.5``
        # into np.square, np.reciprocal and np.sqrt, which name the result slightly
        # differently from other powers (``^2`` rather than ``^{2}`` in LaTeX).
        if type(other) is int and other == 2:
            return self._power(2, "2", "2", "2")
        if type(other) is int and other == -1:
            return self._power(-1, "-1", "-1", "{-1}")
        if type(other) is float and other == 0.5:
            return self._power(0.5, "0.5", "0.5", "0.5")
        if is_scalar_type(other):
            return self._power(other, repr(other), str(other), f"{{{_latex_number(other)}}}")
        return super().__pow__(other)

    def _immutable(self, other: Any) -> Any:
        raise TypeError("Units cannot be modified in-place")

    __iadd__ = __isub__ = __imul__ = __itruediv__ = __ifloordiv__ = __imod__ = _immutable
    __ipow__ = _immutable

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, Unit):
            return other.dim is self.dim and other.scale == self.scale
        return super().__eq__(other)

    def __ne__(self, other: Any) -> Any:
        if isinstance(other, Unit):
            return not (other.dim is self.dim and other.scale == self.scale)
        return super().__ne__(other)

    def __hash__(self) -> int:  # type: ignore[override]  # units are immutable: hashable
        return hash((self.dim, self.scale))

    # ---- Copying and pickling: units are immutable ---------------------------------------
    def __deepcopy__(self, memo: dict[int, Any] | None = None, /) -> Unit:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _restore_unit,
            (self.dim, self.scale, self._name, self._dispname, self._latexname, self.iscompound),
        )


def _is_one(value: Any) -> bool:
    """Whether ``value`` is a dimensionless scalar 1 (``1/mV`` is a unit, ``2/mV`` is not)."""
    if isinstance(value, Unit):
        return False
    try:
        return is_dimensionless(value) and np.shape(value) == () and bool(value == 1)
    except (TypeError, ValueError):
        return False


@contextlib.contextmanager
def registration_disabled() -> Iterator[None]:
    """Create units without registering them for display (within a ``with`` block)."""
    registering = Unit.automatically_register_units
    Unit.automatically_register_units = False
    try:
        yield
    finally:
        Unit.automatically_register_units = registering


def _restore_unit(
    dim: Dimension, scale: Any, name: str, dispname: str, latexname: str, iscompound: bool
) -> Unit:
    with registration_disabled():
        return Unit(10.0**scale, dim, scale, name, dispname, latexname, iscompound)


class UnitRegistry:
    """Known units, searched for the unit a quantity reads best in.

    Attributes
    ----------
    units : dict
        The units by name (``repr``).
    units_for_dimensions : dict
        For each `Dimension`, the units by their value in SI units; a later unit with the
        same dimensions and value replaces an earlier one.
    """

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.units_for_dimensions: defaultdict[Dimension, dict[float, Unit]] = defaultdict(dict)

    def add(self, u: Unit) -> None:
        """Add a unit to the registry.

        Parameters
        ----------
        u
            The unit.
        """
        self.units[repr(u)] = u
        self.units_for_dimensions[u.dim][float(u)] = u

    def __getitem__(self, x: Any) -> Unit:
        """Return the unit that ``x`` reads best in.

        That is the unit that brings the absolute values closest to 10: the one minimising
        the sum of ``(log10(|x|/unit) - 1)**2`` over the values shown (zeros and nans are
        ignored; for arrays numpy would elide, only the values it shows count). Values that
        are all zero or nan are shown in the unit of scale 1.

        Raises
        ------
        KeyError
            If the registry has no unit with the dimensions of ``x``.
        """
        matching = self.units_for_dimensions.get(x.dim)
        if not matching:
            raise KeyError("Unit not found in registry.")
        values = np.asarray(list(matching.keys()))
        units = list(matching.values())
        shown = _shown_values(np.asarray(x))
        ratios = np.tile(np.abs(shown), (len(units), 1)).T / values
        ratios[ratios == 0] = np.nan
        if np.all(np.isnan(ratios)):
            return matching[1.0]
        deviations = np.nansum((np.log10(ratios) - 1) ** 2, axis=0)
        return units[deviations.argmin()]


def _shown_values(values: np.ndarray) -> np.ndarray:
    """Return the values numpy shows when printing ``values`` (all, or the edges)."""
    options = np.get_printoptions()
    edgeitems, threshold = options["edgeitems"], options["threshold"]
    if values.size <= threshold:
        return values.flatten()
    slices = [
        (slice(0, edgeitems), slice(-edgeitems, None)) if length > 2 * edgeitems else (slice(None),)
        for length in values.shape
    ]
    return np.hstack([values[index].flatten() for index in itertools.product(*slices)])


#: The standard units: base, derived, prefixed, squared and cubed (``metre``, ``um2``...).
standard_unit_register = UnitRegistry()
#: Units registered by the user, and compound units made by unit arithmetic.
user_unit_register = UnitRegistry()
#: A few more units: ``newton * metre``, ``farad / metre``, the litres...
additional_unit_register = UnitRegistry()

#: The unit of dimensionless quantities (``1``).
DIMENSIONLESS_UNIT: Unit = _restore_unit(DIMENSIONLESS, 0, "Unit(1)", "1", "", False)


def default_registries() -> tuple[UnitRegistry, UnitRegistry, UnitRegistry]:
    """Return the registries searched for display units, in order: standard, user, additional.

    Returns
    -------
    tuple of UnitRegistry
        The three registries.
    """
    return (standard_unit_register, user_unit_register, additional_unit_register)


def register_new_unit(u: Unit) -> None:
    """Register a unit, so that quantities with its dimensions may be displayed in it.

    Parameters
    ----------
    u
        The unit.

    Examples
    --------
    >>> from engine.units import farad, metre, mmetre, pfarad
    >>> register_new_unit(pfarad / mmetre**2)
    >>> 2.0*farad/metre**2
    2000000. * pfarad / (mmetre ** 2)
    """
    user_unit_register.add(u)


def get_unit(d: Dimension) -> Unit:
    """Return a unit of scale 1 (``volt``, not ``mvolt``) for the given dimensions.

    Parameters
    ----------
    d
        The dimensions.

    Returns
    -------
    Unit
        The registered unit of scale 1 for ``d`` (standard units first, then the user's,
        then additional ones), or a new unit named after the SI dimensions.
    """
    for registry in default_registries():
        unit = registry.units_for_dimensions.get(d, {}).get(1.0)
        if unit is not None:
            return unit
    return Unit(1.0, dim=d)


def get_unit_for_display(d: Dimension | int) -> str:
    """Return the canonical display name of the unit of scale 1 for some dimensions.

    This is how Brian 2 names units in messages and when printing equations: ``V`` for
    volt, ``S/(m^2)`` for a registered compound unit, ``1`` when dimensionless.

    Parameters
    ----------
    d
        The dimensions (or the number 1 for dimensionless).

    Returns
    -------
    str
        The display name.
    """
    if (isinstance(d, int) and d == 1) or d is DIMENSIONLESS:
        return "1"
    return str(get_unit(get_dimensions(d)))
