"""Unit-aware versions of numpy functions, as Brian 2 exports them.

numpy's own functions already respect units when they call a method of the array
(``np.mean``, ``np.sum``, ``np.clip``...) or a ufunc (``np.exp``, ``np.sqrt``...). These
replacements cover the cases where numpy drops the units (``dot``, ``where``, ``ravel``...),
where the units need checking first (``arange``, ``linspace``), or where Brian 2 gives a
different result (``ones_like`` returns a plain array).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from engine.units.checking import check_units
from engine.units.dimensions import DIMENSIONLESS
from engine.units.quantity import (
    Quantity,
    _wrap,
    fail_for_dimension_mismatch,
    get_dimensions,
)

__all__ = [
    "arange",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "array",
    "asarray",
    "cos",
    "cosh",
    "diagonal",
    "dot",
    "exp",
    "expm1",
    "exprel",
    "linspace",
    "log",
    "log1p",
    "log10",
    "ones_like",
    "ptp",
    "ravel",
    "sin",
    "sinh",
    "tan",
    "tanh",
    "trace",
    "where",
    "zeros_like",
]

#: The values of a quantity in SI base units, as a plain array (no copy when possible).
asarray = np.asarray
#: The values of a quantity in SI base units, as a new plain array.
array = np.array


def _dimensionless(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy function whose first argument must be dimensionless."""

    @functools.wraps(func)
    def wrapper(x: Any, *args: Any, **kwds: Any) -> Any:
        fail_for_dimension_mismatch(
            x,
            error_message=f"{func.__name__} expects a dimensionless argument but got {{value}}",
            value=x,
        )
        return func(np.asarray(x), *args, **kwds)

    wrapper.__module__ = __name__
    wrapper._arg_units = [1]  # type: ignore[attr-defined]  # unit attributes, as check_units sets
    wrapper._return_unit = 1  # type: ignore[attr-defined]  # unit attributes, as check_units sets
    return wrapper


sin = _dimensionless(np.sin)
sinh = _dimensionless(np.sinh)
arcsin = _dimensionless(np.arcsin)
arcsinh = _dimensionless(np.arcsinh)
cos = _dimensionless(np.cos)
cosh = _dimensionless(np.cosh)
arccos = _dimensionless(np.arccos)
arccosh = _dimensionless(np.arccosh)
tan = _dimensionless(np.tan)
tanh = _dimensionless(np.tanh)
arctan = _dimensionless(np.arctan)
arctanh = _dimensionless(np.arctanh)
log = _dimensionless(np.log)
log10 = _dimensionless(np.log10)
exp = _dimensionless(np.exp)
expm1 = _dimensionless(np.expm1)
log1p = _dimensionless(np.log1p)


@check_units(x=1, result=1)
def exprel(x: Any) -> Any:
    """Return ``(exp(x) - 1) / x``, precise for small ``x`` and 1 at ``x = 0``.

    Parameters
    ----------
    x
        A dimensionless number or array.

    Returns
    -------
    float or numpy.ndarray
        The values (``inf`` above 717, where ``exp`` overflows).
    """
    x = np.asarray(x)
    if x.shape == ():
        if np.abs(x) < 1e-16:
            return 1.0
        if x > 717:
            return np.inf
        return np.expm1(x) / x
    result = np.empty_like(x, dtype=np.float64 if issubclass(x.dtype.type, np.integer) else None)
    small = np.abs(x) < 1e-16
    big = x > 717
    between = ~(small | big)
    result[small] = 1.0
    result[big] = np.inf
    result[between] = np.expm1(x[between]) / x[between]
    return result


def _keep_dimensions(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy function whose result has the dimensions of its first argument."""

    @functools.wraps(func)
    def wrapper(x: Any, *args: Any, **kwds: Any) -> Any:
        return _wrap(func(np.asarray(x), *args, **kwds), get_dimensions(x))

    wrapper.__module__ = __name__
    return wrapper


def _plain(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy function to give a plain result, whatever the units of the argument."""

    @functools.wraps(func)
    def wrapper(x: Any, *args: Any, **kwds: Any) -> Any:
        return func(np.asarray(x), *args, **kwds)

    wrapper.__module__ = __name__
    return wrapper


def _method(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy function to call the unit-aware method of a quantity argument."""

    @functools.wraps(func)
    def wrapper(x: Any, *args: Any, **kwds: Any) -> Any:
        if isinstance(x, Quantity):
            return getattr(x, func.__name__)(*args, **kwds)
        return func(x, *args, **kwds)

    wrapper.__module__ = __name__
    return wrapper


ptp = _keep_dimensions(np.ptp)
#: A plain array of ones with the shape of the argument (units dropped, as in Brian 2).
ones_like = _plain(np.ones_like)
#: A plain array of zeros with the shape of the argument (units dropped, as in Brian 2).
zeros_like = _plain(np.zeros_like)
ravel = _method(np.ravel)
diagonal = _method(np.diagonal)
trace = _method(np.trace)
dot = _method(np.dot)


def where(condition: Any, *args: Any, **kwds: Any) -> Any:
    """Choose elements from ``x`` or ``y`` depending on ``condition``, keeping units.

    Parameters
    ----------
    condition
        Where true, take from ``x``, otherwise from ``y``.
    *args
        ``x`` and ``y``, with the same dimensions; without them, the indices where
        ``condition`` is true (as ``numpy.where``).
    **kwds
        Passed to ``numpy.where``.

    Returns
    -------
    Quantity or numpy.ndarray or tuple
        The chosen values, with the dimensions of ``x`` and ``y``.

    Raises
    ------
    DimensionMismatchError
        If ``x`` and ``y`` do not have the same dimensions.
    """
    if len(args) != 2:
        return np.where(condition, *args, **kwds)
    x, y = args
    dim_x, dim_y = fail_for_dimension_mismatch(x, y, "x and y need to have the same dimensions")
    dim = dim_x if dim_x is not DIMENSIONLESS else dim_y
    if dim is DIMENSIONLESS:
        return np.where(condition, *args, **kwds)
    return _wrap(np.where(condition, np.asarray(x), np.asarray(y), **kwds), dim)


def arange(*args: Any, **kwargs: Any) -> Any:
    """Evenly spaced values in ``[start, stop)``, like ``numpy.arange``, with units.

    Parameters
    ----------
    *args
        ``stop``, ``start, stop`` or ``start, stop, step``, all with the same dimensions.
    **kwargs
        ``start``, ``stop`` and ``step`` by keyword, and ``dtype``.

    Returns
    -------
    Quantity or numpy.ndarray
        The values (a plain array when dimensionless).

    Raises
    ------
    DimensionMismatchError
        If the arguments do not have the same dimensions. Note that the default step is the
        dimensionless 1, so ``arange(3*mV)`` needs an explicit step.
    TypeError
        If an argument is given twice or missing.
    """
    start = kwargs.pop("start", 0)
    step = kwargs.pop("step", 1)
    stop = kwargs.pop("stop", None)
    if len(args) == 1:
        if stop is not None:
            raise TypeError("Duplicate definition of 'stop'")
        stop = args[0]
    elif len(args) in (2, 3):
        if start != 0:
            raise TypeError("Duplicate definition of 'start'")
        if stop is not None:
            raise TypeError("Duplicate definition of 'stop'")
        if len(args) == 3:
            if step != 1:
                raise TypeError("Duplicate definition of 'step'")
            start, stop, step = args
        else:
            start, stop = args
    elif len(args) > 3:
        raise TypeError("Need between 1 and 3 non-keyword arguments")
    if stop is None:
        raise TypeError("Missing stop argument.")
    fail_for_dimension_mismatch(
        start,
        stop,
        error_message="Start value {start} and stop value {stop} have to have the same units.",
        start=start,
        stop=stop,
    )
    fail_for_dimension_mismatch(
        stop,
        step,
        error_message="Stop value {stop} and step value {step} have to have the same units.",
        stop=stop,
        step=step,
    )
    dim = get_dimensions(stop)
    values = np.arange(np.asarray(start), np.asarray(stop), np.asarray(step), **kwargs)  # type: ignore[call-overload]  # numpy's stubs want scalars; 0-d arrays work
    return Quantity(values, dim=dim)


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
) -> Any:
    """Evenly spaced values over ``[start, stop]``, like ``numpy.linspace``, with units.

    Parameters
    ----------
    start, stop
        The ends, with the same dimensions.
    num, endpoint, retstep, dtype
        As for ``numpy.linspace``.

    Returns
    -------
    Quantity or numpy.ndarray
        The values (a plain array when dimensionless).

    Raises
    ------
    DimensionMismatchError
        If ``start`` and ``stop`` do not have the same dimensions.
    """
    fail_for_dimension_mismatch(
        start,
        stop,
        error_message="Start value {start} and stop value {stop} have to have the same units.",
        start=start,
        stop=stop,
    )
    dim = get_dimensions(start)
    if dim is DIMENSIONLESS:
        dim = get_dimensions(stop)
    result = np.linspace(  # type: ignore[call-overload]  # numpy's stubs want scalars; 0-d arrays work
        np.asarray(start),
        np.asarray(stop),
        num=num,
        endpoint=endpoint,
        retstep=retstep,
        dtype=dtype,
    )
    if retstep:
        values, step = result
        return Quantity(values, dim=dim), Quantity(step, dim=dim)
    return Quantity(result, dim=dim)
