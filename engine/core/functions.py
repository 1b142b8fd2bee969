"""Python functions that models may call (Brian 2's ``Function``).

A model may call a Python function whose units are declared, either with the `check_units`
decorator or by wrapping it in `Function`. The unit checker reads its `FunctionSpec`; the numpy
target calls `numpy_implementation`, which hands the function quantities (so it may compute with
units) and returns plain SI values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from engine.parsing.functions import FunctionSpec, SameAs
from engine.units import (
    Dimension,
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    get_unit_for_display,
)

__all__ = ["Function", "as_model_function"]

_BOOLEAN_TYPES = (bool, np.bool_)


class Function:
    """A Python function with declared units, for use in equations and code.

    Parameters
    ----------
    pyfunc
        The function. It receives arrays (one value per element concerned, e.g. only the
        spiking neurons in a reset) with their units, and must return values of ``return_unit``.
    arg_units
        The unit of each argument (``1`` for dimensionless, ``None`` for any unit, or the name
        of another argument for "the same unit as that one"). Default: from `check_units`.
    arg_names
        The names of the arguments (needed only to refer to them in ``arg_units``).
    return_unit
        The unit of the result, ``bool`` for a condition, or a function of the arguments'
        dimensions. Default: from `check_units`.
    stateless
        False for a function that gives a new value on each call (like ``rand()``): its calls
        are never merged or moved out of per-element code.
    name
        The name used in messages (default: the function's ``__name__``).

    Raises
    ------
    ValueError
        If the units are neither given nor declared with `check_units`.
    """

    def __init__(
        self,
        pyfunc: Callable[..., Any],
        arg_units: Sequence[Any] | None = None,
        arg_names: Sequence[str] | None = None,
        return_unit: Any = None,
        stateless: bool = True,
        name: str | None = None,
    ) -> None:
        self.pyfunc = pyfunc
        self.name: str = name or str(getattr(pyfunc, "__name__", "function"))
        if arg_units is None:
            if not hasattr(pyfunc, "_arg_units"):
                raise ValueError(
                    f"The Python function '{self.name}' does not say how it deals with units: "
                    "give arg_units and return_unit, or decorate it with @check_units"
                )
            arg_units = pyfunc._arg_units
            arg_names = pyfunc._arg_names  # type: ignore[attr-defined]  # set with _arg_units
        if return_unit is None:
            if not hasattr(pyfunc, "_return_unit") or pyfunc._return_unit is None:
                raise ValueError(
                    f"The Python function '{self.name}' does not declare the unit of its "
                    "result: give return_unit, or use @check_units(..., result=...)"
                )
            return_unit = pyfunc._return_unit
        self.arg_units = list(arg_units)
        self.arg_names = list(arg_names) if arg_names is not None else None
        self.return_unit = return_unit
        self.stateful = not stateless
        # The undecorated function: the unit checker has already checked every call's
        # arguments, so the decorator's per-call checks would only cost time.
        self._call = getattr(pyfunc, "_orig_func", pyfunc)
        self.function_spec = FunctionSpec(
            self.name,
            tuple(self._argument_rule(unit) for unit in self.arg_units),
            self._result_rule(),
            "boolean" if self.return_unit in _BOOLEAN_TYPES else "float",
            self.stateful,
        )

    def _argument_rule(self, unit: Any) -> Any:
        if unit is None:
            return "any"
        if unit in _BOOLEAN_TYPES:
            return "dimensionless"
        if isinstance(unit, str):
            if self.arg_names is None or unit not in self.arg_names:
                raise ValueError(
                    f"'{self.name}': an argument's unit refers to '{unit}', which is not one of "
                    "its argument names"
                )
            return SameAs(self.arg_names.index(unit))
        return get_dimensions(unit)

    def _result_rule(self) -> Any:
        unit = self.return_unit
        if unit in _BOOLEAN_TYPES:
            return "dimensionless"
        if callable(unit) and not isinstance(unit, Quantity):
            return lambda *dims: get_dimensions(unit(*dims))
        return get_dimensions(unit)

    def __call__(self, *args: Any, **kwds: Any) -> Any:
        """Call the Python function itself (with units), as a script would."""
        return self.pyfunc(*args, **kwds)

    def numpy_implementation(self, *values: Any) -> Any:
        """Call the function on SI values; return SI values (the numpy target's calling form).

        Raises
        ------
        DimensionMismatchError
            If the result does not have the declared unit.
        """
        args = [
            Quantity(value, get_dimensions(unit)) if _has_unit(unit) else value
            for value, unit in zip(values, self.arg_units, strict=True)
        ]
        result = self._call(*args)
        if self.return_unit in _BOOLEAN_TYPES:
            return np.asarray(result, dtype=bool)
        expected = self.function_spec.result
        if callable(expected):
            expected = expected(*(get_dimensions(arg) for arg in args))
        if get_dimensions(result) is not expected:
            # Not a condition (returned above): `_result_rule` gave a dimension or a function
            # giving one.
            dimension = cast("Dimension", expected)
            raise DimensionMismatchError(
                f"The function '{self.name}' returned '{result}', but its result was declared "
                f"to have unit {get_unit_for_display(dimension)}",
                get_dimensions(result),
            )
        return np.asarray(result)

    def __repr__(self) -> str:
        return f"<Function {self.name!r}>"


def _has_unit(unit: Any) -> bool:
    return unit is not None and not isinstance(unit, str) and unit not in _BOOLEAN_TYPES


def as_model_function(name: str, value: Any) -> Function | None:
    """Return a `Function` for a Python callable found in a namespace, or None if not callable.

    Raises
    ------
    ValueError
        If the callable does not declare its units.
    """
    if isinstance(value, Function):
        return value
    if not callable(value) or isinstance(value, (Quantity, type)):
        return None
    if not hasattr(value, "_arg_units"):
        raise ValueError(
            f"'{name}' is a Python function without declared units, so a model cannot call it: "
            "decorate it with @check_units(argument=unit, ..., result=unit), or wrap it in "
            "Function(f, arg_units=[...], return_unit=...)"
        )
    return Function(value, name=name)
