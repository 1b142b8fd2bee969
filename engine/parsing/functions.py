"""The built-in functions and constants of the model language: the one file to edit to add one.

Brian 2's ``DEFAULT_FUNCTIONS`` and ``DEFAULT_CONSTANTS``. Each function is registered here once,
with its units, the type of its result and its implementation for numpy, for compiled code, for
constants and for sympy (`engine.parsing.function_table` says what each part means); every
table of functions in the engine is derived from these.

Types follow Brian 2's generated code, and every implementation gives the same values and the
same kind of value (boolean, integer, float): ``int()`` truncates toward zero to 32-bit integers
(C's ``int``, numpy's ``int32``) and ``timestep()`` gives 64-bit ones; ``floor`` and ``ceil``
give floats; ``abs``, ``sign`` and ``clip`` the type of their widest argument. A constant is
never computed where the targets have no meaning for the value: ``int()`` beyond 32 bits is
refused (`IntegerRangeError`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import rng
from engine.parsing.function_table import (
    DEFAULT_FUNCTIONS,
    CImplementation,
    FunctionSpec,
    IntegerRangeError,
    SameAs,
    register,
)

__all__ = [
    "DEFAULT_CONSTANTS",
    "DEFAULT_FUNCTIONS",
    "FunctionSpec",
    "SameAs",
    "exprel",
    "integer",
    "register",
    "step_of",
    "timestep",
    "to_int",
]

#: Constants every expression may use, with their values.
DEFAULT_CONSTANTS: dict[str, float] = {
    "pi": 3.141592653589793,
    "e": 2.718281828459045,
    "inf": float("inf"),
}

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
#: The largest mean numpy's Poisson generator accepts.
_POISSON_LARGEST = 9.2e18


# -- on numpy arrays ------------------------------------------------------------------------


def exprel(x: np.ndarray) -> np.ndarray:
    """``(exp(x) - 1)/x``, exactly 1 at 0 and accurate near it."""
    x = np.asarray(x, dtype=np.float64)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.expm1(safe) / safe)


def floor(x: np.ndarray) -> np.ndarray:
    """Return the largest whole number not above ``x``, as a float (even of integers)."""
    result: np.ndarray = np.floor(x, dtype=np.float64)
    return result


def ceil(x: np.ndarray) -> np.ndarray:
    """Return the smallest whole number not below ``x``, as a float (even of integers)."""
    result: np.ndarray = np.ceil(x, dtype=np.float64)
    return result


def to_int(x: np.ndarray) -> np.ndarray:
    """Return the language's ``int()``: truncation toward zero, booleans to 0 and 1."""
    return np.asarray(x).astype(np.int32)


def timestep(t: np.ndarray, dt: np.ndarray) -> np.ndarray:
    """Return the integer step of time ``t``; exact multiples of ``dt`` never round down."""
    return np.asarray((t + 1e-3 * dt) / dt).astype(np.int64)


def _rand(size: int) -> np.ndarray:
    return rng.generator().random(size)


def _randn(size: int) -> np.ndarray:
    return rng.generator().standard_normal(size)


def _poisson(lam: np.ndarray, size: int) -> np.ndarray:
    """Draw ``poisson(lam)``, refusing a mean numpy cannot draw with, in the model's words."""
    lam = np.asarray(lam, dtype=np.float64)
    bad = ~((lam >= 0) & (lam <= _POISSON_LARGEST))  # also NaN
    if np.any(bad):
        raise ValueError(
            f"poisson() takes a mean of 0 or more (and at most {_POISSON_LARGEST:g}), not "
            f"{float(lam[bad].flat[0])!r}"
        )
    return rng.generator().poisson(lam, size)


# -- on Python numbers and quantities -------------------------------------------------------


def integer(x: object) -> int:
    """Return ``int(x)`` of a constant, as the targets compute it (32-bit integers).

    Raises
    ------
    IntegerRangeError
        Beyond 32-bit integers, where the targets give no meaningful value.
    ValueError, OverflowError
        For NaN and infinities.
    """
    return _whole(x, _INT32, "int() gives 32-bit integers")


def step_of(t: Any, dt: Any) -> int:
    """Return ``timestep(t, dt)`` of constants, as the targets compute it (64-bit integers).

    ``t`` and ``dt`` are numbers or quantities (of time: their units are checked by the
    arithmetic).

    Raises
    ------
    IntegerRangeError
        Beyond 64-bit integers.
    """
    return _whole((t + 1e-3 * dt) / dt, _INT64, "timestep() gives 64-bit integers")


def _whole(x: object, bounds: tuple[int, int], what: str) -> int:
    value = int(np.asarray(x))
    if not bounds[0] <= value <= bounds[1]:
        raise IntegerRangeError(f"{what} ({bounds[0]} to {bounds[1]}), not {value}")
    return value


# -- in compiled code (Cython, on C doubles) ------------------------------------------------

_EXPREL = """
cdef inline double _exprel(double x) noexcept nogil:
    if x == 0:
        return 1.0
    return {expm1} / x
"""

_SIGN = """
cdef inline double _sign(double x) noexcept nogil:
    if isnan(x):
        return x
    return (x > 0) - (x < 0)
"""

# numpy's clip has two loops: bounds the same for every element keep x where it equals one,
# bounds that vary give the bound (they differ where x is -0.0 and the bound 0.0).
_CLIP = """
cdef inline double _clip(double x, double low, double high) noexcept nogil:
    # numpy.clip with bounds the same for all elements: the lower bound first, NaN propagates
    if isnan(x):
        return x
    if isnan(low):
        return low
    if x < low:
        x = low
    if isnan(high):
        return high
    if x > high:
        x = high
    return x


cdef inline double _clip_each(double x, double low, double high) noexcept nogil:
    # numpy.clip with bounds that vary: the larger of x and low, then the smaller of that and
    # high, each the bound unless x is NaN or beyond it
    if not (isnan(x) or x > low):
        x = low
    if not (isnan(x) or x < high):
        x = high
    return x
"""

_TRUNC = """
cdef inline double _trunc(double x) noexcept nogil:
    return <double><int32_t>x
"""

_TIMESTEP = """
cdef inline double _timestep(double t, double dt) noexcept nogil:
    return <double><int64_t>((t + 1e-3 * dt) / dt)
"""


def _math(c_name: str, *, library: bool = True, exact: bool = False) -> CImplementation:
    """Return a call of the C library's function ``c_name`` (from ``libc.math``)."""
    return CImplementation(
        call=f"{c_name}({{0}})",
        cimports=(("libc.math", c_name),),
        library=c_name if library else None,
        exact=exact,
    )


# -- the table ------------------------------------------------------------------------------


def _transcendental(name: str, c_name: str | None = None, sympy: str | None = None) -> None:
    """Register a dimensionless function that numpy computes with its ufunc ``name``."""
    ufunc = getattr(np, name)
    register(
        FunctionSpec(
            name,
            ("dimensionless",),
            numpy=ufunc,
            c=_math(c_name or name),
            constant=ufunc,
            sympy=sympy,
        )
    )


for _name in ("exp", "log"):
    _transcendental(_name, sympy=_name)
for _name in ("log10", "expm1", "log1p"):
    _transcendental(_name)
register(
    FunctionSpec(
        "exprel",
        ("dimensionless",),
        numpy=exprel,
        c=CImplementation("_exprel({0})", support=_EXPREL, uses=("expm1",)),
        constant=exprel,
        sympy="exprel",
    )
)
for _name in ("sin", "cos", "tan", "sinh", "cosh", "tanh"):
    _transcendental(_name, sympy=_name)
for _name, _c_name in (("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan")):
    _transcendental(_name, _c_name, sympy=_c_name)
register(
    FunctionSpec(
        "sqrt",
        ("any",),
        "sqrt",
        numpy=np.sqrt,
        c=_math("sqrt", exact=True),
        constant=np.sqrt,
        sympy="sqrt",
    )
)
register(
    FunctionSpec(
        "abs",
        ("any",),
        "first",
        returns="highest",
        numpy=np.abs,
        c=_math("fabs", library=False),
        constant=np.abs,
        sympy="Abs",
    )
)
register(
    FunctionSpec(
        "sign",
        ("any",),
        "dimensionless",
        returns="highest",
        numpy=np.sign,
        c=CImplementation("_sign({0})", support=_SIGN, cimports=(("libc.math", "isnan"),)),
        constant=np.sign,
        sympy="sign",
    )
)
for _rounding, _sympy in ((floor, "floor"), (ceil, "ceiling")):
    register(
        FunctionSpec(
            _rounding.__name__,
            ("any",),
            "first",
            numpy=_rounding,
            c=_math(_rounding.__name__, library=False),
            constant=_rounding,
            sympy=_sympy,
        )
    )
register(
    FunctionSpec(
        "clip",
        ("any", SameAs(0), SameAs(0)),
        "first",
        returns="highest",
        numpy=np.clip,
        c=CImplementation(
            "_clip({0}, {1}, {2})",
            "_clip_each({0}, {1}, {2})",
            _CLIP,
            cimports=(("libc.math", "isnan"),),
        ),
        constant=np.clip,
        sympy="clip",
    )
)
register(
    FunctionSpec(
        "int",
        ("dimensionless",),
        "dimensionless",
        returns="integer",
        numpy=to_int,
        c=CImplementation("_trunc({0})", support=_TRUNC, cimports=(("libc.stdint", "int32_t"),)),
        constant=integer,
        sympy="int_",
        takes_booleans=True,
    )
)
register(
    FunctionSpec(
        "rand",
        (),
        stateful=True,
        numpy=_rand,
        c=CImplementation(sampler="random_standard_uniform_fill"),
    )
)
register(
    FunctionSpec(
        "randn",
        (),
        stateful=True,
        numpy=_randn,
        c=CImplementation(sampler="random_standard_normal_fill"),
    )
)
# No compiled poisson(): its draws depend on each element's mean, so they cannot be drawn
# before the loop in the numpy target's order; operations calling it run on numpy.
register(
    FunctionSpec("poisson", ("dimensionless",), returns="integer", stateful=True, numpy=_poisson)
)
register(
    FunctionSpec(
        "timestep",
        ("time", "time"),
        returns="integer",
        numpy=timestep,
        c=CImplementation(
            "_timestep({0}, {1})", support=_TIMESTEP, cimports=(("libc.stdint", "int64_t"),)
        ),
        constant=step_of,
    )
)
