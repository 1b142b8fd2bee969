"""How numpy's ufuncs and functions combine the dimensions of quantities.

Each ufunc belongs to a kind (`UFUNC_KIND`): those that need equal dimensions and keep them
(``add``, ``maximum``), those that compare (``less``), multiply or divide dimensions, raise them to
a power (``power``, ``sqrt``), need dimensionless arguments (``exp``, ``sin``), ignore them
(``isnan``), or never apply to quantities (bitwise operations). `ufunc_dimensions` checks the
arguments of a call and returns the dimensions of its result; `Quantity.__array_ufunc__` applies
the ufunc to the plain values and attaches them. numpy functions that would drop or mix up the
dimensions (``np.concatenate``) are computed by `ARRAY_FUNCTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine.units.dimensions import DIMENSIONLESS, Dimension
from engine.units.errors import DimensionMismatchError
from engine.units.matching import _is_zero, fail_for_dimension_mismatch, get_dimensions

__all__ = [
    "ARRAY_FUNCTIONS",
    "UFUNC_KIND",
    "UFUNC_METHODS",
    "ReducedPower",
    "power_exponent",
    "ufunc_dimensions",
]

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

UFUNC_KIND: dict[np.ufunc, str] = {
    getattr(np, name): kind
    for kind, names in _UFUNC_GROUPS.items()
    for name in names
    if isinstance(getattr(np, name, None), np.ufunc)
}

# Which ufunc methods make sense for which kind; "__call__" always does.
UFUNC_METHODS = {
    "reduce": {_MATCHING, _COMPARISON, _PLAIN, _MULTIPLY},
    "accumulate": {_MATCHING, _PLAIN},
    "outer": {_MATCHING, _COMPARISON, _PLAIN, _MULTIPLY, _DIVIDE},
    "at": {_MATCHING, _PRESERVE, _PLAIN},
}


def _check_dimensionless(value: Any, message: str) -> None:
    fail_for_dimension_mismatch(value, error_message=message, value=value)


def power_exponent(exponent: Any) -> Any:
    """Check that a power's exponent is a dimensionless scalar and return it."""
    fail_for_dimension_mismatch(
        exponent,
        error_message="The exponent for a power operation has to be dimensionless but was {value}",
        value=exponent,
    )
    array = np.asarray(exponent)
    if array.size != 1:
        raise TypeError("Only length-1 arrays can be used as an exponent for quantities.")
    return array.reshape(()).item() if isinstance(exponent, np.ndarray) else exponent


# Where the operand whose dimensions must match the first's is, by ufunc method: the second,
# or the values of ``ufunc.at`` (after the indices); reductions and accumulations have one.
_MATCHED_OPERAND = {"__call__": 1, "outer": 1, "at": 2}


def ufunc_dimensions(ufunc: np.ufunc, method: str, kind: str, inputs: tuple) -> Any:
    """Check the inputs of a ufunc call and return the dimensions of its result.

    Returns None for results that are plain numbers or arrays whatever the inputs, and a
    tuple of dimensions for ufuncs with several outputs.
    """
    name = ufunc.__name__
    if kind is _MATCHING or kind is _COMPARISON:
        matched = _MATCHED_OPERAND.get(method)
        if matched is not None and len(inputs) > matched:
            first, other = inputs[0], inputs[matched]
            dim1, dim2 = get_dimensions(first), get_dimensions(other)
            if dim1 is not dim2:  # a mismatch, or the dimensionless zero
                message = f"Cannot calculate {{val1}} {name} {{val2}}, the units do not match"
                dim1, dim2 = fail_for_dimension_mismatch(
                    first, other, error_message=message, val1=first, val2=other
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
            return ReducedPower(get_dimensions(inputs[0]))
        return get_dimensions(inputs[0]) * get_dimensions(inputs[1])
    if kind is _DIVIDE:
        return get_dimensions(inputs[0]) / get_dimensions(inputs[1])
    if kind is _ROOT:
        return get_dimensions(inputs[0]) ** _ROOT_EXPONENTS[name]
    if kind is _POWER:
        return get_dimensions(inputs[0]) ** power_exponent(inputs[1])
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
        remainder = ufunc_dimensions(np.remainder, method, _MATCHING, inputs)
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


class ReducedPower:
    """The dimensions of a product over elements: the element's to the number of factors."""

    __slots__ = ("dim",)

    def __init__(self, dim: Dimension) -> None:
        self.dim = dim

    def of(self, raw: Any, inputs: tuple) -> Dimension:
        """Return the dimensions of ``raw``, the product over elements of ``inputs[0]``."""
        result_size = np.size(raw)
        factors = np.size(inputs[0]) // result_size if result_size else 0
        return self.dim**factors


# ==================================================================================
# numpy functions that need help with units (__array_function__)
# ==================================================================================
def _common_dimension(arrays: Any, what: str) -> Dimension:
    """Return the dimensions shared by some arrays (dimensionless zeros fit anything)."""
    dims = [get_dimensions(a) for a in arrays]
    known = [
        d
        for d, a in zip(dims, arrays, strict=True)
        if not (d is DIMENSIONLESS and _is_zero(np.asarray(a)))
    ]
    if not known:
        return dims[0] if dims else DIMENSIONLESS
    first = known[0]
    for other in known[1:]:
        if other is not first:
            raise DimensionMismatchError(f"Cannot {what} arrays with different units", first, other)
    return first


def _concatenate(arrays: Any, *args: Any, **kwargs: Any) -> tuple[np.ndarray, Dimension]:
    # Brian 2 returns the values in SI units but loses the units here; we keep them.
    arrays = list(arrays)
    dim = _common_dimension(arrays, "concatenate")
    return np.concatenate([np.asarray(a) for a in arrays], *args, **kwargs), dim


#: The numpy functions computed here for quantities: each returns the plain result and its
#: dimensions (`Quantity.__array_function__` puts them together).
ARRAY_FUNCTIONS: dict[Any, Callable[..., tuple[Any, Dimension]]] = {np.concatenate: _concatenate}
