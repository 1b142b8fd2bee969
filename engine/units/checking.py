"""The `check_units` decorator: declared units for a function's arguments and result."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from engine.units.errors import DimensionMismatchError
from engine.units.quantity import Quantity, get_dimensions, have_same_dimensions
from engine.units.unit import get_unit_for_display

__all__ = ["check_units"]

F = TypeVar("F", bound=Callable[..., Any])


def _is_bool_type(expected: Any) -> bool:
    return expected is bool or expected is np.bool_


def check_units(**au: Any) -> Callable[[F], F]:
    """Decorate a function to check the units of its arguments and result.

    Parameters
    ----------
    **au
        For each argument name, what it must be:

        * a unit or quantity (``volt``, ``mV``: only the dimensions count), or ``1`` for a
          dimensionless value;
        * ``bool`` for a boolean (``True``/``False`` only, not 0 or 1);
        * the name of another argument, as a string: the same units as that one;
        * ``None``: not checked.

        ``result=`` checks the return value the same way; it may also be a function that
        receives the dimensions of the positional arguments and returns the expected ones
        (``result=lambda d: d**2``).

    Returns
    -------
    callable
        The decorator. The decorated function keeps its name, docstring and signature, and
        carries ``_arg_names``, ``_arg_units``, ``_return_unit``, ``_returns_bool`` and
        ``_orig_func`` for the equation machinery.

    Raises
    ------
    DimensionMismatchError
        When called with an argument (or returning a result) of the wrong dimensions.
    TypeError
        When an argument that must be boolean is not, or is not numerical at all.

    Notes
    -----
    Strings and ``None`` are never checked (they are taken to be names or defaults). A
    list of numbers counts as a dimensionless array.

    Examples
    --------
    >>> from engine.units import amp, ohm, volt
    >>> @check_units(I=amp, R=ohm, result=volt)
    ... def voltage(I, R):
    ...     return I*R
    >>> voltage(2*amp, 3*ohm)
    6. * volt
    >>> voltage(2, 3*ohm)
    Traceback (most recent call last):
    ...
    engine.units.errors.DimensionMismatchError: Function 'voltage' expected a quantity with ...
    """

    def do_check_units(f: F) -> F:
        code = f.__code__
        positional = code.co_varnames[: code.co_argcount]
        arg_names = getattr(f, "_orig_arg_names", positional)
        name = f.__name__

        @functools.wraps(f)
        def new_f(*args: Any, **kwds: Any) -> Any:
            values = dict(kwds)
            for n, v in zip(positional, args, strict=False):
                if (
                    n in au
                    and v is not None
                    and not isinstance(v, Quantity | str | bool | np.bool_)
                ):
                    try:
                        v = Quantity(v)  # a list of numbers is a dimensionless array
                    except TypeError:
                        if have_same_dimensions(au[n], 1):
                            raise TypeError(
                                f"Argument {n} is not a unitless value/array."
                            ) from None
                        raise TypeError(
                            f"Argument '{n}' is not a quantity, expected a quantity with "
                            f"dimensions {au[n]}"
                        ) from None
                values[n] = v

            for k, value in values.items():
                expected = au.get(k)
                if k not in au or isinstance(value, str) or value is None or expected is None:
                    continue
                if _is_bool_type(expected):
                    if not isinstance(value, bool | np.bool_):
                        raise TypeError(
                            f"Function '{name}' expected a boolean value for argument '{k}' "
                            f"but got '{value}'"
                        )
                elif isinstance(expected, str):
                    if expected not in values:
                        raise TypeError(
                            f"Function '{name}' expected the argument '{k}' to have the same "
                            f"units as argument '{expected}', but there is no argument of that "
                            "name"
                        )
                    if not have_same_dimensions(value, values[expected]):
                        unit = get_unit_for_display(get_dimensions(value))
                        other_unit = get_unit_for_display(get_dimensions(values[expected]))
                        raise DimensionMismatchError(
                            f"Function '{name}' expected the argument '{k}' to have the same "
                            f"units as argument '{expected}', but argument '{k}' has unit "
                            f"{unit}, while argument '{expected}' has unit {other_unit}."
                        )
                elif not have_same_dimensions(value, expected):
                    raise DimensionMismatchError(
                        f"Function '{name}' expected a quantity with unit {expected!r} for "
                        f"argument '{k}' but got '{value}'",
                        get_dimensions(value),
                    )

            result = f(*args, **kwds)
            if "result" in au:
                _check_result(name, au["result"], result, args)
            return result

        return_unit = au.get("result")
        new_f._orig_func = f  # type: ignore[attr-defined]  # Brian 2's marks
        new_f._arg_names = arg_names  # type: ignore[attr-defined]  # Brian 2's marks
        new_f._orig_arg_names = arg_names  # type: ignore[attr-defined]  # Brian 2's marks
        new_f._arg_units = [au.get(n) for n in arg_names]  # type: ignore[attr-defined]  # Brian 2's marks
        new_f._return_unit = return_unit  # type: ignore[attr-defined]  # Brian 2's marks
        new_f._returns_bool = _is_bool_type(return_unit)  # type: ignore[attr-defined]  # Brian 2's marks
        attributes = ["_arg_units", "_arg_names", "_return_unit", "_orig_func", "_returns_bool"]
        new_f._annotation_attributes = [  # type: ignore[attr-defined]  # Brian 2's marks
            *getattr(f, "_annotation_attributes", []),
            *attributes,
        ]
        return new_f  # type: ignore[return-value]  # stands for f, with f's signature

    return do_check_units


def _check_result(name: str, expected: Any, result: Any, args: tuple) -> None:
    if _is_bool_type(expected):
        if not isinstance(result, bool | np.bool_):
            raise TypeError(
                f"The return value of function '{name}' was expected to be a boolean value, "
                f"but was of type {type(result)}"
            )
        return
    if callable(expected):
        expected = expected(*[get_dimensions(a) for a in args])
    if not have_same_dimensions(result, expected):
        unit = get_unit_for_display(get_dimensions(expected))
        raise DimensionMismatchError(
            f"The return value of function '{name}' was expected to have unit {unit} but was "
            f"'{result}'",
            get_dimensions(result),
        )
