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
Python floats; everything else goes through numpy's ufunc machinery (``__array_ufunc__``).
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
_nd_getitem = np.ndarray.__getitem__
_nd_setitem = np.ndarray.__setitem__
_array = np.array
_asarray = np.asarray
_FLOAT64 = np.dtype(np.float64)
_TRUE = np.True_
_FALSE = np.False_
_isinf = math.isinf
# Handled by the fast paths below: "not handled, take the general route".
_UNHANDLED = object()

# Objects of these types are dimensionless without looking further (the common ones first).
_PLAIN_NUMBER_TYPES = frozenset(
    {float, int, bool, complex, np.float64, np.float32, np.int64, np.int32, np.bool_, _ndarray}
)


# ==================================================================================
# Dimension helpers
# ==================================================================================
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
        if isinstance(obj, numbers.Number | np.number | _ndarray):
            return DIMENSIONLESS
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
# ufunc dispatch
# ==================================================================================
_PRESERVE = "preserve"  # result has the dimensions of the (first) argument: abs, floor
_PLAIN = "plain"  # result is a plain value whatever the dimensions: isnan, sign, logical_and
_COMPARISON = "comparison"  # equal dimensions needed, plain boolean result
_MATCHING = "matching"  # equal dimensions needed, result has them: add, maximum
_MULTIPLY = "multiply"  # dimensions multiply
_DIVIDE = "divide"  # dimensions divide
_POWER = "power"  # dimensions to a dimensionless scalar power
_ROOT = "root"  # fixed power of the dimensions: sqrt, square, reciprocal, cbrt
_DIMENSIONLESS = "dimensionless"  # dimensionless argument needed: exp, sin
_DIMENSIONLESS_TWO = "dimensionless_two"  # two dimensionless arguments: arctan2, hypot
_INTEGER = "integer"  # bitwise operations: never for quantities
_SPECIAL = "special"  # divmod, modf, frexp, ldexp, copysign, heaviside

_UFUNC_GROUPS: dict[str, tuple[str, ...]] = {
    _PRESERVE: (
        "absolute",
        "rint",
        "negative",
        "positive",
        "conjugate",
        "floor",
        "ceil",
        "trunc",
        "fabs",
        "spacing",
    ),
    _PLAIN: (
        "logical_and",
        "logical_or",
        "logical_xor",
        "logical_not",
        "isfinite",
        "isinf",
        "isnan",
        "isnat",
        "signbit",
        "sign",
    ),
    _COMPARISON: ("less", "less_equal", "greater", "greater_equal", "equal", "not_equal"),
    _MATCHING: (
        "add",
        "subtract",
        "maximum",
        "minimum",
        "fmax",
        "fmin",
        "remainder",
        "fmod",
        "nextafter",
    ),
    _MULTIPLY: ("multiply", "matmul", "vecdot", "matvec", "vecmat"),
    _DIVIDE: ("divide", "floor_divide"),
    _POWER: ("power", "float_power"),
    _ROOT: ("sqrt", "cbrt", "square", "reciprocal"),
    _DIMENSIONLESS: (
        "sin",
        "sinh",
        "arcsin",
        "arcsinh",
        "cos",
        "cosh",
        "arccos",
        "arccosh",
        "tan",
        "tanh",
        "arctan",
        "arctanh",
        "log",
        "log2",
        "log10",
        "log1p",
        "exp",
        "exp2",
        "expm1",
        "deg2rad",
        "rad2deg",
        "degrees",
        "radians",
    ),
    _DIMENSIONLESS_TWO: ("logaddexp", "logaddexp2", "arctan2", "hypot"),
    _INTEGER: (
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
        "invert",
        "left_shift",
        "right_shift",
        "gcd",
        "lcm",
        "bitwise_count",
    ),
    _SPECIAL: ("divmod", "modf", "frexp", "ldexp", "copysign", "heaviside"),
}
_ROOT_EXPONENTS = {"sqrt": 0.5, "cbrt": 1 / 3, "square": 2, "reciprocal": -1}

_UFUNC_KIND: dict[np.ufunc, str] = {
    getattr(np, name): kind
    for kind, names in _UFUNC_GROUPS.items()
    for name in names
    if isinstance(getattr(np, name, None), np.ufunc)
}

# Which ufunc methods make sense for which kind; "__call__" always does.
_METHODS = {
    "reduce": {_MATCHING, _COMPARISON, _PLAIN, _MULTIPLY},
    "accumulate": {_MATCHING, _PLAIN},
    "outer": {_MATCHING, _COMPARISON, _PLAIN, _MULTIPLY, _DIVIDE},
    "at": {_MATCHING, _PRESERVE, _PLAIN},
}


def _check_dimensionless(value: Any, message: str) -> None:
    fail_for_dimension_mismatch(value, error_message=message, value=value)


def _exponent(exponent: Any) -> Any:
    """Check that a power's exponent is a dimensionless scalar and return it."""
    fail_for_dimension_mismatch(
        exponent,
        error_message="The exponent for a power operation has to be dimensionless but was {value}",
        value=exponent,
    )
    array = _asarray(exponent)
    if array.size != 1:
        raise TypeError("Only length-1 arrays can be used as an exponent for quantities.")
    return array.reshape(()).item() if isinstance(exponent, _ndarray) else exponent


def _ufunc_dimensions(ufunc: np.ufunc, method: str, kind: str, inputs: tuple) -> Any:
    """Check the inputs of a ufunc call and return the dimensions of its result.

    Returns None for results that are plain numbers or arrays whatever the inputs, and a
    tuple of dimensions for ufuncs with several outputs.
    """
    name = ufunc.__name__
    if kind is _MATCHING or kind is _COMPARISON:
        if method == "__call__" or method == "outer":
            dim1, dim2 = fail_for_dimension_mismatch(
                inputs[0],
                inputs[1],
                error_message=f"Cannot calculate {{val1}} {name} {{val2}}, the units do not match",
                val1=inputs[0],
                val2=inputs[1],
            )
        elif method == "at" and len(inputs) > 2:
            dim1, dim2 = fail_for_dimension_mismatch(
                inputs[0],
                inputs[2],
                error_message=f"Cannot calculate {{val1}} {name} {{val2}}, the units do not match",
                val1=inputs[0],
                val2=inputs[2],
            )
        else:
            dim1 = dim2 = get_dimensions(inputs[0])
        if kind is _COMPARISON:
            return None
        # The dimensionless zero fits anything: the result has the other's dimensions.
        return dim1 if dim1 is not DIMENSIONLESS else dim2
    if kind is _PLAIN:
        return None
    if kind is _PRESERVE:
        return get_dimensions(inputs[0])
    if kind is _MULTIPLY:
        if method == "reduce":
            return _ReducedPower(get_dimensions(inputs[0]))
        return get_dimensions(inputs[0]) * get_dimensions(inputs[1])
    if kind is _DIVIDE:
        return get_dimensions(inputs[0]) / get_dimensions(inputs[1])
    if kind is _ROOT:
        return get_dimensions(inputs[0]) ** _ROOT_EXPONENTS[name]
    if kind is _POWER:
        return get_dimensions(inputs[0]) ** _exponent(inputs[1])
    if kind is _DIMENSIONLESS:
        _check_dimensionless(
            inputs[0], f"{name} expects a dimensionless argument but got {{value}}"
        )
        return None
    if kind is _DIMENSIONLESS_TWO:
        for position, value in (("first", inputs[0]), ("second", inputs[1])):
            _check_dimensionless(
                value,
                f'Both arguments for "{name}" should be dimensionless but {position} argument '
                "was {value}",
            )
        return None
    if kind is _INTEGER:
        raise TypeError(f"{name} cannot be used on quantities.")
    # The special cases.
    if name == "divmod":
        remainder = _ufunc_dimensions(np.remainder, method, _MATCHING, inputs)
        return (get_dimensions(inputs[0]) / get_dimensions(inputs[1]), remainder)
    if name == "modf":
        dim = get_dimensions(inputs[0])
        return (dim, dim)
    if name == "frexp":
        return (get_dimensions(inputs[0]), DIMENSIONLESS)
    if name == "ldexp":
        _check_dimensionless(inputs[1], "ldexp expects a dimensionless exponent but got {value}")
        return get_dimensions(inputs[0])
    if name == "copysign":
        return get_dimensions(inputs[0])
    if name == "heaviside":
        return get_dimensions(inputs[1])
    raise AssertionError(f"unhandled ufunc {name}")  # pragma: no cover


class _ReducedPower:
    """The dimensions of a product over elements: the element's to the number of factors."""

    __slots__ = ("dim",)

    def __init__(self, dim: Dimension) -> None:
        self.dim = dim

    def of(self, raw: Any, inputs: tuple) -> Dimension:
        result_size = np.size(raw)
        factors = np.size(inputs[0]) // result_size if result_size else 0
        return self.dim**factors


# ==================================================================================
# The Quantity class
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


def _fast_add(a: Any, b: Any, name: str, op: Callable[[Any, Any], Any]) -> Any:
    fa = _fast_operand(a)
    if fa is None:
        return _UNHANDLED
    fb = _fast_operand(b)
    if fb is None:
        return _UNHANDLED
    return _scalar(op(fa[0], fb[0]), _check_binary(name, fa[1], fb[1], a, b))


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
        kind = _UFUNC_KIND.get(ufunc)
        if kind is None or (method != "__call__" and kind not in _METHODS.get(method, ())):
            return NotImplemented
        dim = _ufunc_dimensions(ufunc, method, kind, inputs)
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
        if isinstance(dim, _ReducedPower):
            dim = dim.of(raw, inputs)
        if dim is None:
            return raw
        if isinstance(dim, tuple):
            return tuple(_into(r, d, o) for r, d, o in _zip_out(raw, dim, out_quantities))
        if out_quantities:
            return _into(raw, dim, out_quantities[0])
        return _wrap(raw, dim)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        handler = _ARRAY_FUNCTIONS.get(func)
        if handler is None:
            return super().__array_function__(func, types, args, kwargs)
        return handler(*args, **kwargs)

    # ---- Arithmetic fast paths ----------------------------------------------------------
    # Each tries Python floats for scalar operands and falls back to numpy (which calls
    # __array_ufunc__ above) for everything else.
    def __add__(self, other: Any) -> Any:
        result = _fast_add(self, other, "add", operator.add)
        return _nd_add(self, other) if result is _UNHANDLED else result

    def __radd__(self, other: Any) -> Any:
        result = _fast_add(other, self, "add", operator.add)
        return _nd_radd(self, other) if result is _UNHANDLED else result

    def __sub__(self, other: Any) -> Any:
        result = _fast_add(self, other, "subtract", operator.sub)
        return _nd_sub(self, other) if result is _UNHANDLED else result

    def __rsub__(self, other: Any) -> Any:
        result = _fast_add(other, self, "subtract", operator.sub)
        return _nd_rsub(self, other) if result is _UNHANDLED else result

    def __mul__(self, other: Any) -> Any:
        result = _fast_mul(self, other)
        return _nd_mul(self, other) if result is _UNHANDLED else result

    def __rmul__(self, other: Any) -> Any:
        result = _fast_mul(other, self)
        return _nd_rmul(self, other) if result is _UNHANDLED else result

    def __truediv__(self, other: Any) -> Any:
        result = _fast_div(self, other)
        return _nd_truediv(self, other) if result is _UNHANDLED else result

    def __rtruediv__(self, other: Any) -> Any:
        result = _fast_div(other, self)
        return _nd_rtruediv(self, other) if result is _UNHANDLED else result

    def __pow__(self, other: Any) -> Any:
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
    # An array quantity changes in place (every reference sees it); a scalar one is
    # replaced by a new value, like a Python float.
    def _inplace(self, ufunc: np.ufunc, other: Any, dim: Dimension) -> Any:
        ufunc(_view(self, _ndarray), _raw(other), out=_view(self, _ndarray))
        self.dim = dim
        # A dimensionless result is a plain array, as for the binary operation.
        return _view(self, _ndarray) if dim is DIMENSIONLESS else self

    def _inplace_matching(self, ufunc: np.ufunc, other: Any, name: str) -> Any:
        dim = _check_binary(name, self.dim, get_dimensions(other), self, other)
        return self._inplace(ufunc, other, dim)

    def __iadd__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self + other
        return self._inplace_matching(np.add, other, "add")

    def __isub__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self - other
        return self._inplace_matching(np.subtract, other, "subtract")

    def __imod__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self % other
        return self._inplace_matching(np.remainder, other, "remainder")

    def __imul__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self * other
        return self._inplace(np.multiply, other, self.dim * get_dimensions(other))

    def __itruediv__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self / other
        return self._inplace(np.true_divide, other, self.dim / get_dimensions(other))

    def __ifloordiv__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self // other
        return self._inplace(np.floor_divide, other, self.dim / get_dimensions(other))

    def __ipow__(self, other: Any) -> Any:
        if self.ndim == 0:
            return self**other
        exponent = _exponent(other)
        return self._inplace(np.power, exponent, self.dim**exponent)

    # ---- Comparisons --------------------------------------------------------------------
    def _comparison(self, other: Any, symbol: str, operation: Callable[[Any, Any], Any]) -> Any:
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
            fail_for_dimension_mismatch(
                self,
                other,
                f"Cannot perform comparison {{value1}} {symbol} {{value2}}, units do not match",
                value1=self,
                value2=other,
            )
        return operation(_asarray(self), _asarray(other))

    def __lt__(self, other: Any) -> Any:
        return self._comparison(other, "<", operator.lt)

    def __le__(self, other: Any) -> Any:
        return self._comparison(other, "<=", operator.le)

    def __gt__(self, other: Any) -> Any:
        return self._comparison(other, ">", operator.gt)

    def __ge__(self, other: Any) -> Any:
        return self._comparison(other, ">=", operator.ge)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self._comparison(other, "==", operator.eq)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self._comparison(other, "!=", operator.ne)

    __hash__ = None  # type: ignore[assignment]  # mutable, like arrays

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

    def tolist(self) -> Any:  # type: ignore[override]
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

    def __deepcopy__(self, memo: dict) -> Quantity:
        return Quantity(self, copy=True)

    # ---- Display ------------------------------------------------------------------------
    def in_unit(self, u: Any, precision: int | None = None, python_code: bool = False) -> str:
        """Return the quantity as text in the unit ``u``.

        Parameters
        ----------
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
        fail_for_dimension_mismatch(self, u, 'Non-matching unit for method "in_unit"')
        value = _asarray(self / u)
        if value.shape == ():
            # numpy applies the precision option to arrays only.
            text = np.array_str(_array([value]), precision=precision)
            text = text.replace("[", "").replace("]", "").strip()
        elif python_code:
            text = np.array_repr(value, precision=precision)
        else:
            text = np.array_str(value, precision=precision)
        if get_dimensions(u) is not DIMENSIONLESS:
            unit_text: Any = u if getattr(u, "_is_unit", False) else u.dim
            text += f" * {unit_text!r}" if python_code else f" {unit_text}"
        elif python_code:
            return f"{type(self).__name__}({text.strip()})"
        return text.strip()

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

    def in_best_unit(
        self, precision: int | None = None, python_code: bool = False, *regs: Any
    ) -> str:
        """Return the quantity as text in the unit it reads best in.

        Parameters
        ----------
        precision
            The number of digits after the point, numpy's print option if not given.
        python_code
            Return Python code (``5. * umetre ** 2``) rather than text (``5. um^2``).
        *regs
            The unit registries to search (see `get_best_unit`).

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
        return self.in_unit(self.get_best_unit(*regs), precision=precision, python_code=python_code)

    def __repr__(self) -> str:
        return self.in_best_unit(python_code=True)

    def __str__(self) -> str:
        return self.in_best_unit()

    def __format__(self, format_spec: str) -> str:
        # f"{q}" shows the unit; a format spec applies to the value in SI units, as for arrays.
        if format_spec == "":
            return str(self)
        return super().__format__(format_spec)

    def _latex(self, *args: Any) -> str:
        best_unit = self.get_best_unit()
        unit_latex = (
            best_unit._latex() if getattr(best_unit, "_is_unit", False) else best_unit.dim._latex()
        )
        unitless = _asarray(self / best_unit)
        threshold = np.get_printoptions()["threshold"] // 100
        if unitless.ndim == 0:
            number = str(float(unitless))
        elif unitless.ndim in (1, 2):
            text = np.array2string(
                unitless, separator=" & ", threshold=threshold, max_line_width=10**9
            )
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

    def _repr_latex_(self) -> str:
        return f"${self._latex()}$"

    # ---- ndarray methods ----------------------------------------------------------------
    def _keep(self, method: Callable[..., Any], *args: Any, **kwds: Any) -> Any:
        return _wrap(method(_view(self, _ndarray), *args, **kwds), self.dim)

    def sum(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Sum of the elements, with the same dimensions (see ``numpy.ndarray.sum``)."""
        return self._keep(_ndarray.sum, *args, **kwds)

    def mean(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Mean of the elements, with the same dimensions (see ``numpy.ndarray.mean``)."""
        return self._keep(_ndarray.mean, *args, **kwds)

    def std(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Return the standard deviation, with the same dimensions (``numpy.ndarray.std``)."""
        return self._keep(_ndarray.std, *args, **kwds)

    def var(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Variance, with the dimensions squared (see ``numpy.ndarray.var``)."""
        return _wrap(_ndarray.var(_view(self, _ndarray), *args, **kwds), self.dim**2)

    def min(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Smallest element, with the same dimensions (see ``numpy.ndarray.min``)."""
        return self._keep(_ndarray.min, *args, **kwds)

    def max(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Largest element, with the same dimensions (see ``numpy.ndarray.max``)."""
        return self._keep(_ndarray.max, *args, **kwds)

    def ptp(self, *args: Any, **kwds: Any) -> Any:
        """Range of the values (maximum - minimum), with the same dimensions."""
        return self._keep(lambda a, *x, **k: np.ptp(a, *x, **k), *args, **kwds)

    def cumsum(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Cumulative sum, with the same dimensions (see ``numpy.ndarray.cumsum``)."""
        return self._keep(_ndarray.cumsum, *args, **kwds)

    def round(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Round the values in SI units, keeping the dimensions (``numpy.ndarray.round``)."""
        return self._keep(_ndarray.round, *args, **kwds)

    def __round__(self, ndigits: int | None = None) -> Any:
        return self._keep(_ndarray.round, ndigits or 0)

    def ravel(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Flattened quantity (see ``numpy.ndarray.ravel``)."""
        return self._keep(_ndarray.ravel, *args, **kwds)

    def diagonal(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Diagonal, with the same dimensions (see ``numpy.ndarray.diagonal``)."""
        return self._keep(_ndarray.diagonal, *args, **kwds)

    def trace(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Sum along the diagonal, with the same dimensions (see ``numpy.ndarray.trace``)."""
        return self._keep(_ndarray.trace, *args, **kwds)

    def prod(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Product of the elements; the dimensions are raised to the number of factors."""
        raw = _ndarray.prod(_view(self, _ndarray), *args, **kwds)
        # The number of factors is what a sum of ones over the same axes gives.
        factors = np.ones(self.shape).sum(*args, **kwds)
        factors = _asarray(factors).flat[0] if np.size(factors) else 0
        return _wrap(raw, self.dim ** float(factors))

    def cumprod(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Cumulative product; only for dimensionless quantities."""
        if self.dim is not DIMENSIONLESS:
            raise TypeError(
                "cumprod over array elements on quantities with dimensions is not possible."
            )
        return _ndarray.cumprod(_view(self, _ndarray), *args, **kwds)

    def _plain(self, method: Callable[..., Any], *args: Any, **kwds: Any) -> Any:
        return method(_view(self, _ndarray), *args, **kwds)

    def all(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Whether all elements are non-zero (a plain boolean)."""
        return self._plain(_ndarray.all, *args, **kwds)

    def any(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Whether any element is non-zero (a plain boolean)."""
        return self._plain(_ndarray.any, *args, **kwds)

    def nonzero(self) -> tuple[np.ndarray, ...]:
        """Return the indices of the non-zero elements (plain arrays)."""
        return self._plain(_ndarray.nonzero)

    def argmax(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Index of the largest element."""
        return self._plain(_ndarray.argmax, *args, **kwds)

    def argmin(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Index of the smallest element."""
        return self._plain(_ndarray.argmin, *args, **kwds)

    def argsort(self, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Return the indices that sort the array."""
        return self._plain(_ndarray.argsort, *args, **kwds)

    def fill(self, value: Any) -> None:
        """Set all elements to ``value``, which needs the same dimensions."""
        fail_for_dimension_mismatch(self, value, "fill")
        _ndarray.fill(self, _raw(value))

    def put(self, indices: Any, values: Any, *args: Any, **kwds: Any) -> None:  # type: ignore[override]
        """Set elements by flat index; ``values`` need the same dimensions."""
        fail_for_dimension_mismatch(self, values, "fill")
        _ndarray.put(self, indices, _raw(values), *args, **kwds)

    def clip(self, a_min: Any = None, a_max: Any = None, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Limit the values to ``[a_min, a_max]``, which need the same dimensions."""
        fail_for_dimension_mismatch(self, a_min, "clip")
        fail_for_dimension_mismatch(self, a_max, "clip")
        return _wrap(
            np.clip(_view(self, _ndarray), _raw(a_min), _raw(a_max), *args, **kwds), self.dim
        )

    def dot(self, other: Any, **kwds: Any) -> Any:  # type: ignore[override]
        """Dot product; the dimensions multiply."""
        return _wrap(
            np.dot(_view(self, _ndarray), _asarray(other), **kwds),
            self.dim * get_dimensions(other),
        )

    def searchsorted(self, v: Any, *args: Any, **kwds: Any) -> Any:  # type: ignore[override]
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


# ==================================================================================
# numpy functions that need help with units (__array_function__)
# ==================================================================================
def _common_dimension(arrays: Any, what: str) -> Dimension:
    """Return the dimensions shared by some arrays (dimensionless zeros fit anything)."""
    dims = [get_dimensions(a) for a in arrays]
    known = [
        d
        for d, a in zip(dims, arrays, strict=True)
        if not (d is DIMENSIONLESS and _is_zero(_asarray(a)))
    ]
    if not known:
        return dims[0] if dims else DIMENSIONLESS
    first = known[0]
    for other in known[1:]:
        if other is not first:
            raise DimensionMismatchError(f"Cannot {what} arrays with different units", first, other)
    return first


def _concatenate(arrays: Any, *args: Any, **kwargs: Any) -> Any:
    # Brian 2 returns the values in SI units but loses the units here; we keep them.
    arrays = list(arrays)
    dim = _common_dimension(arrays, "concatenate")
    return _wrap(np.concatenate([_asarray(a) for a in arrays], *args, **kwargs), dim)


_ARRAY_FUNCTIONS: dict[Any, Callable[..., Any]] = {np.concatenate: _concatenate}


# ==================================================================================
# Text
# ==================================================================================
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
        return str(_asarray(x / u))
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
