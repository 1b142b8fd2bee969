"""Quantities: numbers and numpy arrays that carry physical dimensions.

A `Quantity` is a ``numpy.ndarray`` subclass holding its values in SI base units, plus a
`Dimension` in ``.dim``. Arithmetic and numpy functions check and combine dimensions the way
Brian 2 does:

* ``+ - < == ...`` and ``np.maximum`` need equal dimensions and raise `DimensionMismatchError`
  otherwise; the number 0 (and, in comparisons, ±inf) fits any dimensions;
* ``* / **`` and ``np.sqrt``, ``np.square`` ... combine dimensions (exponents must be
  dimensionless scalars);
* ``np.exp``, ``np.sin`` ... need dimensionless arguments;
* plain numbers and arrays are dimensionless, and dimensionless results come back as plain
  Python numbers or numpy arrays (``(20*ms)/ms == 20.0``).

Common operations on scalars (``20*ms``, ``a*b``, ``a + b``, ``a < b``) take a fast path in
Python floats; everything else goes through numpy's ufunc machinery (``__array_ufunc__``, with
the rules of `engine.units.ufuncs`). Checking dimensions is `engine.units.matching`'s job, and
showing quantities as text `engine.units.text`'s; their public functions are importable from
here too.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from engine.units.dimensions import DIMENSIONLESS, Dimension, get_or_create_dimension
from engine.units.errors import DimensionMismatchError
from engine.units.matching import (
    _is_inf,
    fail_for_dimension_mismatch,
    get_dimensions,
    have_same_dimensions,
    is_dimensionless,
    is_scalar_type,
)
from engine.units.text import (
    in_best_unit,
    in_unit,
    latex,
    quantity_in_best_unit,
    quantity_in_unit,
)
from engine.units.ufuncs import (
    ARRAY_FUNCTIONS,
    UFUNC_KIND,
    UFUNC_METHODS,
    ReducedPower,
    power_exponent,
    ufunc_dimensions,
)

__all__ = [
    "Quantity",
    "fail_for_dimension_mismatch",
    "get_dimensions",
    "have_same_dimensions",
    "in_best_unit",
    "in_unit",
    "is_dimensionless",
    "is_scalar_type",
    "quantity_with_dimensions",
]

_ndarray = np.ndarray
_item = np.ndarray.item
_view = np.ndarray.view
_array = np.array
_asarray = np.asarray
_FLOAT64 = np.dtype(np.float64)
_TRUE = np.True_
_FALSE = np.False_
_isinf = math.isinf
# Handled by the fast paths below: "not handled, take the general route".
_UNHANDLED = object()


def quantity_with_dimensions(floatval: Any, dims: Dimension) -> Quantity:
    """Create a `Quantity` from values in SI units and dimensions (used when unpickling).

    Parameters
    ----------
    floatval
        The value(s) in SI base units.
    dims
        The dimensions.

    Returns
    -------
    Quantity
        The quantity (a plain number or array if ``dims`` is dimensionless).
    """
    return Quantity(floatval, get_or_create_dimension(dims._dims))


# ==================================================================================
# Building results
# ==================================================================================
def _wrap(raw: Any, dim: Dimension) -> Any:
    """Attach ``dim`` to a raw numpy result; dimensionless results stay plain.

    Like Brian 2, a dimensionless scalar comes back as a Python number and a dimensionless
    array as a plain ``numpy.ndarray``.
    """
    if dim is DIMENSIONLESS:
        if isinstance(raw, _ndarray):
            if raw.shape == ():
                return _item(raw)
            return _view(raw, _ndarray) if isinstance(raw, Quantity) else raw
        if isinstance(raw, np.generic):
            return raw.item()
        return raw
    result = _view(_asarray(raw), Quantity)
    result.dim = dim
    return result


def _scalar(value: float, dim: Dimension) -> Any:
    """Return a scalar quantity (or a plain float if dimensionless) from a Python float."""
    if dim is DIMENSIONLESS:
        return value
    result = _view(_array(value), Quantity)
    result.dim = dim
    return result


def _raw(obj: Any) -> Any:
    """Return ``obj`` without dimensions: quantities as plain arrays, other values unchanged."""
    return _view(obj, _ndarray) if isinstance(obj, Quantity) else obj


def _fast_operand(obj: Any) -> tuple[Any, Dimension] | None:
    """Return ``(python_number, dim)`` for operands the scalar fast paths handle, else None.

    Those are Python ints and floats and 0-d float64 quantities: Python float arithmetic
    gives exactly numpy's float64 results, without numpy's overhead for 0-d arrays.
    """
    kind = type(obj)
    if kind is float or kind is int:
        return obj, DIMENSIONLESS
    if isinstance(obj, Quantity) and obj.ndim == 0 and obj.dtype is _FLOAT64:
        return _item(obj), obj.dim
    return None


# ==================================================================================
# Fast paths for scalars, and the operators and methods of the Quantity class
# ==================================================================================
def _check_binary(name: str, dim1: Dimension, dim2: Dimension, a: Any, b: Any) -> Dimension:
    """Dimensions of ``a <name> b`` for add-like operations, raising on mismatch."""
    if dim1 is dim2:
        return dim1
    dim1, dim2 = fail_for_dimension_mismatch(
        a,
        b,
        error_message=f"Cannot calculate {{val1}} {name} {{val2}}, the units do not match",
        val1=a,
        val2=b,
    )
    return dim1 if dim1 is not DIMENSIONLESS else dim2


# The fast paths are written out one by one, on purpose: every operation on scalars goes
# through one of them, where another function call would cost more than the repetition.
def _fast_additive(name: str, op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Return the fast path of ``+`` or ``-`` (``name`` is the ufunc's, for messages)."""

    def fast(a: Any, b: Any) -> Any:
        fa = _fast_operand(a)
        if fa is None:
            return _UNHANDLED
        fb = _fast_operand(b)
        if fb is None:
            return _UNHANDLED
        return _scalar(op(fa[0], fb[0]), _check_binary(name, fa[1], fb[1], a, b))

    return fast


_fast_add = _fast_additive("add", operator.add)
_fast_sub = _fast_additive("subtract", operator.sub)


def _fast_mul(a: Any, b: Any) -> Any:
    fa = _fast_operand(a)
    if fa is None:
        return _UNHANDLED
    fb = _fast_operand(b)
    if fb is None:
        return _UNHANDLED
    return _scalar(fa[0] * fb[0], fa[1] * fb[1])


def _fast_div(a: Any, b: Any) -> Any:
    fa = _fast_operand(a)
    if fa is None:
        return _UNHANDLED
    fb = _fast_operand(b)
    if fb is None or fb[0] == 0:  # numpy's inf/nan (and warning), not ZeroDivisionError
        return _UNHANDLED
    return _scalar(fa[0] / fb[0], fa[1] / fb[1])


# The ndarray operators, used for everything the fast paths do not handle.
_nd_add = _ndarray.__add__
_nd_radd = _ndarray.__radd__
_nd_sub = _ndarray.__sub__
_nd_rsub = _ndarray.__rsub__
_nd_mul = _ndarray.__mul__
_nd_rmul = _ndarray.__rmul__
_nd_truediv = _ndarray.__truediv__
_nd_rtruediv = _ndarray.__rtruediv__
_nd_pow = _ndarray.__pow__
_nd_neg = _ndarray.__neg__
_nd_pos = _ndarray.__pos__
_nd_abs = _ndarray.__abs__
_nd_getitem = _ndarray.__getitem__
_nd_setitem = _ndarray.__setitem__


def _arithmetic(
    fast: Callable[[Any, Any], Any], fallback: Callable[[Any, Any], Any], reflected: bool = False
) -> Callable[..., Any]:
    """Return a binary operator: ``fast`` for scalar operands, else the ndarray ``fallback``."""
    if reflected:

        def operation(self: Quantity, other: Any) -> Any:
            result = fast(other, self)
            return fallback(self, other) if result is _UNHANDLED else result

    else:

        def operation(self: Quantity, other: Any) -> Any:
            result = fast(self, other)
            return fallback(self, other) if result is _UNHANDLED else result

    return operation


def _in_place(scalar: Callable[[Any, Any], Any], ufunc: np.ufunc) -> Callable[..., Any]:
    """Return an in-place operator: ``scalar`` rebinds a scalar, ``ufunc`` changes an array.

    An array quantity changes in place (every reference sees it), with the dimensions the
    ufunc gives; a scalar one is replaced by a new value, like a Python float.
    """
    kind = UFUNC_KIND[ufunc]

    def operation(self: Quantity, other: Any) -> Any:
        if self.ndim == 0:
            return scalar(self, other)
        return self._inplace(ufunc, other, ufunc_dimensions(ufunc, "__call__", kind, (self, other)))

    return operation


def _comparison(symbol: str, operation: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    """Return a comparison operator: equal dimensions needed, a plain boolean result."""
    message = f"Cannot perform comparison {{value1}} {symbol} {{value2}}, units do not match"

    def compare(self: Quantity, other: Any) -> Any:
        fast = _fast_operand(other)
        if fast is not None and self.ndim == 0 and self.dtype is _FLOAT64:
            value, dim = fast
            # Equal dimensions, or a plain 0 or ±inf, which compare with anything.
            if dim is self.dim or (dim is DIMENSIONLESS and (value == 0 or _isinf(value))):
                return _TRUE if operation(_item(self), value) else _FALSE
        is_scalar = is_scalar_type(other)
        if not is_scalar and not isinstance(other, _ndarray):
            return NotImplemented
        # ±inf fits any dimensions in comparisons: ``v <= inf`` is always fine.
        if not is_scalar or not _is_inf(other):
            fail_for_dimension_mismatch(self, other, message, value1=self, value2=other)
        return operation(_asarray(self), _asarray(other))

    return compare


def _keeping_dimensions(function: Callable[..., Any], summary: str) -> Callable[..., Any]:
    """Return a method: ``function`` of the values, with the quantity's dimensions."""

    def method(self: Quantity, *args: Any, **kwds: Any) -> Any:
        return _wrap(function(_view(self, _ndarray), *args, **kwds), self.dim)

    return _named(method, function, summary)


def _plain_result(function: Callable[..., Any], summary: str) -> Callable[..., Any]:
    """Return a method: ``function`` of the values, a plain result (indices, booleans)."""

    def method(self: Quantity, *args: Any, **kwds: Any) -> Any:
        return function(_view(self, _ndarray), *args, **kwds)

    return _named(method, function, summary)


def _named(
    method: Callable[..., Any], function: Callable[..., Any], summary: str
) -> Callable[..., Any]:
    name = function.__name__
    method.__name__ = name
    method.__qualname__ = f"Quantity.{name}"
    method.__doc__ = f"{summary} (see ``numpy.{function.__qualname__}``)."
    return method


# ==================================================================================
# The Quantity class
# ==================================================================================
class Quantity(np.ndarray):
    """A number or array with physical dimensions, stored in SI base units.

    Usually made by multiplying a number, list or array with a unit (``20*ms``,
    ``[10, 20]*Hz``) rather than by calling the constructor.

    Parameters
    ----------
    arr
        The value(s), in SI base units: a number, a (nested) list or an array. A list of
        quantities with the same dimensions also works.
    dim
        The dimensions. If not given, those of ``arr`` (dimensionless for plain numbers). With
        `DIMENSIONLESS` (and no ``force_quantity``), a plain number or array is returned.
    dtype
        The numpy data type; integer and boolean data become float64 unless given here.
    copy
        Whether to copy ``arr`` (otherwise it is shared where possible).
    force_quantity
        Return a `Quantity` even if ``dim`` is `DIMENSIONLESS`.

    Raises
    ------
    TypeError
        If the data is not numerical, or mixes quantities and plain numbers.
    DimensionMismatchError
        If a list mixes quantities with different dimensions.

    Notes
    -----
    ``np.asarray(q)`` (or `asarray`) gives the values in SI base units without a copy,
    ``q / unit`` in that unit. Indexing, slicing, iteration and ``tolist`` keep the units. In
    place operations (``q += 1*mV``) change an array quantity and every other reference to it,
    but rebind a scalar one, like Python numbers.

    Examples
    --------
    >>> from engine.units import mV, ms
    >>> print(20*ms)
    20. ms
    >>> (20*ms) / ms
    20.0
    >>> [1, 2]*mV + 1*mV
    array([2., 3.]) * mvolt
    """

    __slots__ = ("dim",)
    dim: Dimension

    __array_priority__ = 1000
    _is_unit = False

    # ---- Construction -------------------------------------------------------------------
    def __new__(
        cls,
        arr: Any,
        dim: Dimension | None = None,
        dtype: Any = None,
        copy: bool = False,
        force_quantity: bool = False,
    ) -> Any:
        """Create the quantity (or a plain value, if dimensionless), see the class."""
        if dim is DIMENSIONLESS and not force_quantity:
            plain = _array(arr, dtype=dtype) if copy else _asarray(arr, dtype=dtype)
            return plain.item() if plain.shape == () else plain
        data = _array(arr, dtype=dtype) if copy else _asarray(arr, dtype=dtype)
        kind = data.dtype.kind
        if kind not in "biufc":
            raise TypeError("Quantities can only be created from numerical data.")
        if dtype is None and kind in "biu":
            # Values in SI units are fractions (2 mV is 0.002): integers would truncate them.
            data = data.astype(np.float64)
        result = _view(data, cls)
        if dim is None:
            dim = _dimension_of_data(arr)
        result.dim = dim
        return result

    def __array_finalize__(self, obj: Any) -> None:
        self.dim = obj.dim if isinstance(obj, Quantity) else DIMENSIONLESS

    @staticmethod
    def with_dimensions(value: Any, *args: Any, **keywords: float) -> Quantity:
        """Create a `Quantity` from values in SI units and dimensions.

        Parameters
        ----------
        value
            The value(s) in SI base units.
        *args
            A `Dimension`, or the 7 exponents as a sequence (see `get_or_create_dimension`).
        **keywords
            Alternatively, exponents by name (``length=1``).

        Returns
        -------
        Quantity
            The quantity.

        Examples
        --------
        >>> Quantity.with_dimensions(2, length=1)
        2. * metre
        """
        if args and isinstance(args[0], Dimension):
            dimensions = args[0]
        else:
            dimensions = get_or_create_dimension(*args, **keywords)
        return Quantity(value, dim=dimensions)

    # ---- Dimensions ---------------------------------------------------------------------
    @property
    def dimensions(self) -> Dimension:
        """The physical dimensions (the same as ``.dim``)."""
        return self.dim

    @dimensions.setter
    def dimensions(self, dim: Dimension) -> None:
        self.dim = dim

    @property
    def is_dimensionless(self) -> bool:
        """Whether the quantity is dimensionless."""
        return self.dim is DIMENSIONLESS

    def has_same_dimensions(self, other: Any) -> bool:
        """Return whether ``other`` has the same dimensions.

        Parameters
        ----------
        other
            A quantity, unit, number or array.

        Returns
        -------
        bool
            ``True`` if the dimensions are equal.
        """
        return self.dim is get_dimensions(other)

    # ---- numpy protocol -----------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        kind = UFUNC_KIND.get(ufunc)
        if kind is None or (method != "__call__" and kind not in UFUNC_METHODS.get(method, ())):
            return NotImplemented
        dim = ufunc_dimensions(ufunc, method, kind, inputs)
        # An explicit ``out`` is written to, even a 0-d one (numpy may rely on it, with
        # ``where=``); ``q += x`` on a scalar quantity does not come here, see __iadd__.
        out_quantities: tuple = kwargs.get("out") or ()
        if out_quantities:
            if any(getattr(o, "_is_unit", False) for o in out_quantities):
                raise TypeError("Units cannot be modified in-place")
            kwargs["out"] = tuple(_raw(o) for o in out_quantities)
        raw = getattr(ufunc, method)(*[_raw(x) for x in inputs], **kwargs)
        if method == "at":
            return None
        if isinstance(dim, ReducedPower):
            dim = dim.of(raw, inputs)
        if dim is None:
            return raw
        if isinstance(dim, tuple):
            return tuple(_into(r, d, o) for r, d, o in _zip_out(raw, dim, out_quantities))
        if out_quantities:
            return _into(raw, dim, out_quantities[0])
        return _wrap(raw, dim)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        handler = ARRAY_FUNCTIONS.get(func)
        if handler is None:
            return super().__array_function__(func, types, args, kwargs)
        raw, dim = handler(*args, **kwargs)
        return _wrap(raw, dim)

    # ---- Arithmetic -----------------------------------------------------------------------
    # Scalar operands take a fast path in Python floats; everything else goes through numpy
    # (which calls __array_ufunc__ above).
    __add__ = _arithmetic(_fast_add, _nd_add)
    __radd__ = _arithmetic(_fast_add, _nd_radd, reflected=True)
    __sub__ = _arithmetic(_fast_sub, _nd_sub)
    __rsub__ = _arithmetic(_fast_sub, _nd_rsub, reflected=True)
    __mul__ = _arithmetic(_fast_mul, _nd_mul)
    __rmul__ = _arithmetic(_fast_mul, _nd_rmul, reflected=True)
    __truediv__ = _arithmetic(_fast_div, _nd_truediv)
    __rtruediv__ = _arithmetic(_fast_div, _nd_rtruediv, reflected=True)

    def __pow__(self, other: Any) -> Any:  # type: ignore[override]  # no third argument (modulo): numpy's pow takes one
        # numpy computes x**2 as x*x (np.square); other powers go through numpy, whose pow
        # differs from Python's in the last bit for some values.
        if type(other) is int and other == 2 and self.ndim == 0 and self.dtype is _FLOAT64:
            value = _item(self)
            return _scalar(value * value, self.dim**2)
        return _nd_pow(self, other)

    def __neg__(self) -> Any:
        if self.ndim == 0 and self.dtype is _FLOAT64:
            return _scalar(-_item(self), self.dim)
        return _nd_neg(self)

    def __pos__(self) -> Any:
        if self.ndim == 0 and self.dtype is _FLOAT64:
            return _scalar(_item(self), self.dim)
        return _nd_pos(self)

    def __abs__(self) -> Any:
        if self.ndim == 0 and self.dtype is _FLOAT64:
            return _scalar(abs(_item(self)), self.dim)
        return _nd_abs(self)

    # ---- In-place operations ------------------------------------------------------------
    __iadd__ = _in_place(operator.add, np.add)
    __isub__ = _in_place(operator.sub, np.subtract)
    __imod__ = _in_place(operator.mod, np.remainder)
    __imul__ = _in_place(operator.mul, np.multiply)
    __itruediv__ = _in_place(operator.truediv, np.true_divide)
    __ifloordiv__ = _in_place(operator.floordiv, np.floor_divide)

    def _inplace(self, ufunc: np.ufunc, other: Any, dim: Dimension) -> Any:
        ufunc(_view(self, _ndarray), _raw(other), out=_view(self, _ndarray))
        self.dim = dim
        # A dimensionless result is a plain array, as for the binary operation.
        return _view(self, _ndarray) if dim is DIMENSIONLESS else self

    def __ipow__(self, other: Any) -> Any:  # type: ignore[override]  # no third argument (modulo): numpy's pow takes one
        if self.ndim == 0:
            return self**other
        exponent = power_exponent(other)
        return self._inplace(np.power, exponent, self.dim**exponent)

    # ---- Comparisons --------------------------------------------------------------------
    __lt__ = _comparison("<", operator.lt)
    __le__ = _comparison("<=", operator.le)
    __gt__ = _comparison(">", operator.gt)
    __ge__ = _comparison(">=", operator.ge)
    __eq__ = _comparison("==", operator.eq)
    __ne__ = _comparison("!=", operator.ne)

    __hash__ = None  # mutable, like arrays

    # ---- Items --------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        item = _nd_getitem(self, key)
        if type(item) is Quantity and item.dim is not DIMENSIONLESS:
            return item
        return _wrap(item, self.dim)

    def __setitem__(self, key: Any, value: Any) -> None:
        fail_for_dimension_mismatch(self, value, "Inconsistent units in assignment")
        _nd_setitem(self, key, _raw(value))

    def __iter__(self) -> Iterator[Any]:
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        for index in range(len(self)):
            yield self[index]

    def item(self, *args: Any) -> Any:
        """Return one element as a scalar quantity (see ``numpy.ndarray.item``)."""
        return _wrap(_item(self, *args), self.dim)

    def tolist(self) -> Any:
        """Return the values as a (nested) list of scalar quantities."""
        dim = self.dim

        def convert(value: Any) -> Any:
            if isinstance(value, list):
                return [convert(x) for x in value]
            return _wrap(_asarray(value), dim)

        return convert(_asarray(self).tolist())

    # ---- Copying and pickling -----------------------------------------------------------
    def __reduce__(self) -> tuple[Any, ...]:
        return (quantity_with_dimensions, (_asarray(self), self.dim))

    def __deepcopy__(self, memo: dict[int, Any] | None = None, /) -> Quantity:
        return Quantity(self, copy=True)

    # ---- Display ------------------------------------------------------------------------
    # As text in a given unit or in the best one, and in LaTeX: see `engine.units.text`.
    in_unit = quantity_in_unit
    in_best_unit = quantity_in_best_unit
    _latex = latex

    def get_best_unit(self, *regs: Any) -> Any:
        """Return the unit in which the quantity reads best.

        Parameters
        ----------
        *regs
            The `UnitRegistry` objects to search, by default the standard units, then the
            user's, then some additional ones (``newton * metre``...).

        Returns
        -------
        Unit or Quantity
            The unit whose scale puts the values closest to 10 (see `UnitRegistry`), or a
            quantity of 1 in SI units if no unit with these dimensions is known.
        """
        from engine.units.unit import DIMENSIONLESS_UNIT, default_registries

        if self.dim is DIMENSIONLESS:
            return DIMENSIONLESS_UNIT
        for registry in regs or default_registries():
            try:
                return registry[self]
            except KeyError:
                pass
        return Quantity(1, self.dim)

    def __repr__(self) -> str:
        return self.in_best_unit(python_code=True)

    def __str__(self) -> str:
        return self.in_best_unit()

    def __format__(self, format_spec: str) -> str:
        # f"{q}" shows the unit; a format spec applies to the value in SI units, as for arrays.
        if format_spec == "":
            return str(self)
        return super().__format__(format_spec)

    def _repr_latex_(self) -> str:
        return f"${self._latex()}$"

    # ---- ndarray methods ----------------------------------------------------------------
    sum = _keeping_dimensions(_ndarray.sum, "Sum of the elements, with the same dimensions")
    mean = _keeping_dimensions(_ndarray.mean, "Mean of the elements, with the same dimensions")
    std = _keeping_dimensions(_ndarray.std, "Standard deviation, with the same dimensions")
    min = _keeping_dimensions(_ndarray.min, "Smallest element, with the same dimensions")
    max = _keeping_dimensions(_ndarray.max, "Largest element, with the same dimensions")
    ptp = _keeping_dimensions(np.ptp, "Range of the values (maximum - minimum)")
    cumsum = _keeping_dimensions(_ndarray.cumsum, "Cumulative sum, with the same dimensions")
    round = _keeping_dimensions(_ndarray.round, "Round the values in SI units")
    ravel = _keeping_dimensions(_ndarray.ravel, "Flattened quantity")
    diagonal = _keeping_dimensions(_ndarray.diagonal, "Diagonal, with the same dimensions")
    trace = _keeping_dimensions(_ndarray.trace, "Sum along the diagonal")

    def __round__(self, ndigits: int | None = None) -> Any:
        return self.round(ndigits or 0)

    def var(self, *args: Any, **kwds: Any) -> Any:
        """Variance, with the dimensions squared (see ``numpy.ndarray.var``)."""
        return _wrap(_ndarray.var(_view(self, _ndarray), *args, **kwds), self.dim**2)

    def prod(self, *args: Any, **kwds: Any) -> Any:
        """Product of the elements; the dimensions are raised to the number of factors."""
        raw = _ndarray.prod(_view(self, _ndarray), *args, **kwds)
        # The number of factors is what a sum of ones over the same axes gives.
        factors = np.ones(self.shape).sum(*args, **kwds)
        factors = _asarray(factors).flat[0] if np.size(factors) else 0
        return _wrap(raw, self.dim ** float(factors))

    def cumprod(self, *args: Any, **kwds: Any) -> Any:
        """Cumulative product; only for dimensionless quantities."""
        if self.dim is not DIMENSIONLESS:
            raise TypeError(
                "cumprod over array elements on quantities with dimensions is not possible."
            )
        return _ndarray.cumprod(_view(self, _ndarray), *args, **kwds)

    all = _plain_result(_ndarray.all, "Whether all elements are non-zero (a plain boolean)")
    any = _plain_result(_ndarray.any, "Whether any element is non-zero (a plain boolean)")
    nonzero = _plain_result(_ndarray.nonzero, "Indices of the non-zero elements (plain arrays)")
    argmax = _plain_result(_ndarray.argmax, "Index of the largest element")
    argmin = _plain_result(_ndarray.argmin, "Index of the smallest element")
    argsort = _plain_result(_ndarray.argsort, "Indices that sort the array")

    def fill(self, value: Any) -> None:
        """Set all elements to ``value``, which needs the same dimensions."""
        fail_for_dimension_mismatch(self, value, "fill")
        _ndarray.fill(self, _raw(value))

    def put(self, indices: Any, values: Any, *args: Any, **kwds: Any) -> None:
        """Set elements by flat index; ``values`` need the same dimensions."""
        fail_for_dimension_mismatch(self, values, "fill")
        _ndarray.put(self, indices, _raw(values), *args, **kwds)

    def clip(self, a_min: Any = None, a_max: Any = None, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]  # with units
        """Limit the values to ``[a_min, a_max]``, which need the same dimensions."""
        fail_for_dimension_mismatch(self, a_min, "clip")
        fail_for_dimension_mismatch(self, a_max, "clip")
        return _wrap(
            np.clip(_view(self, _ndarray), _raw(a_min), _raw(a_max), *args, **kwds), self.dim
        )

    def dot(self, other: Any, **kwds: Any) -> Any:  # type: ignore[override]  # with units
        """Dot product; the dimensions multiply."""
        return _wrap(
            np.dot(_view(self, _ndarray), _asarray(other), **kwds),
            self.dim * get_dimensions(other),
        )

    def searchsorted(self, v: Any, *args: Any, **kwds: Any) -> Any:
        """Return where to insert ``v`` (with the same dimensions) to keep the order."""
        fail_for_dimension_mismatch(self, v, "searchsorted")
        return _ndarray.searchsorted(_view(self, _ndarray), _asarray(v), *args, **kwds)


def _dimension_of_data(arr: Any) -> Dimension:
    """Return the dimensions of data given to the `Quantity` constructor without ``dim``."""
    dim = getattr(arr, "dim", None)
    if isinstance(dim, Dimension):
        return dim
    if isinstance(arr, _ndarray | np.number | numbers.Number):
        return DIMENSIONLESS
    try:
        elements = list(_flatten(arr))
    except TypeError:  # not iterable
        return DIMENSIONLESS
    is_quantity = [isinstance(x, Quantity) for x in elements]
    if not elements or not any(is_quantity):
        return DIMENSIONLESS
    if not all(is_quantity):
        raise TypeError("Mixing quantities and non-quantities is not allowed.")
    first = elements[0].dim
    for element in elements:
        if element.dim is not first:
            raise DimensionMismatchError(
                "Mixing quantities with different dimensions is not allowed", element.dim, first
            )
    return first


def _flatten(values: Any) -> Iterator[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _flatten(value)
        else:
            yield value


def _zip_out(raw: tuple, dims: tuple, out: tuple) -> Iterator[tuple[Any, Any, Any]]:
    for index, (r, d) in enumerate(zip(raw, dims, strict=True)):
        yield r, d, out[index] if index < len(out) else None


def _into(raw: Any, dim: Dimension, out: Any) -> Any:
    """Return the result of a ufunc that wrote into ``out`` (with the new dimensions)."""
    if isinstance(out, Quantity):
        out.dim = dim
        return out
    return _wrap(raw, dim)
