"""From groups to code targets: describe resolved names as operation data, pick the target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.codegen.operations import Array, Function, Subexpression, Value
from engine.codegen.targets import Target, get_target
from engine.core.preferences import prefs
from engine.core.variables import (
    ArrayVariable,
    Constant,
    DynamicArrayVariable,
    Variables,
)
from engine.core.variables import Subexpression as SubexpressionVariable

__all__ = ["current_target", "describe"]


def current_target() -> Target:
    """Return the code target ``prefs.codegen.target`` selects."""
    return get_target(prefs.codegen.target)


def describe(
    resolved: Mapping[str, Any], variables: Variables
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Describe resolved names for a code target.

    Parameters
    ----------
    resolved
        Names and what they resolved to (variables, constants, function objects).
    variables
        The owner's variables, which give the index of each of its arrays.

    Returns
    -------
    (names, storage)
        `Operation.names` and `Operation.storage`.
    """
    names: dict[str, Any] = {}
    storage: dict[str, Any] = {}
    for name, value in resolved.items():
        if isinstance(value, ArrayVariable):
            dynamic = isinstance(value, DynamicArrayVariable)
            names[name] = Array(
                value.storage_name,  # type: ignore[arg-type]
                value.dtype,
                "0" if value.scalar else variables.indices.get(name, "_idx"),
                dynamic,
                getattr(value, "conditional_write", None),
            )
            storage[value.storage_name] = value.dynamic if dynamic else value.array
        elif isinstance(value, Constant):
            names[name] = Value(value.get_value())
        elif isinstance(value, SubexpressionVariable):
            names[name] = Subexpression(value.expr, value.scalar)
        elif hasattr(value, "numpy_implementation"):
            names[name] = Function(value.numpy_implementation, getattr(value, "stateful", False))
    return names, storage
