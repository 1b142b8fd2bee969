"""From groups to code targets: describe resolved names as data, split scalar from vector code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from engine.codegen.abstractcode import AbstractCode, hoist_scalars
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
from engine.parsing.functions import DEFAULT_FUNCTIONS
from engine.parsing.statements import Statement

__all__ = ["current_target", "describe", "hoist"]


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
                value.storage_name,
                value.dtype,
                "0" if value.scalar else variables.indices.get(name, "_idx"),
                dynamic,
                _condition_name(value, variables, name),
            )
            storage[value.storage_name] = (
                value.dynamic if isinstance(value, DynamicArrayVariable) else value.array
            )
        elif isinstance(value, Constant):
            names[name] = Value(value.get_value())
        elif isinstance(value, SubexpressionVariable):
            names[name] = Subexpression(value.expr, value.scalar)
        elif hasattr(value, "numpy_implementation"):
            names[name] = Function(
                value.numpy_implementation, getattr(value, "stateful", False), user=value
            )
    return names, storage


def _condition_name(value: ArrayVariable, variables: Variables, name: str) -> str | None:
    """Return the name of the flag that clamps ``value`` where it is reached as ``name``."""
    condition = getattr(value, "conditional_write", None)
    if condition is None:
        return None
    return variables.name_for(condition, variables.indices.get(name, "_idx"))


def hoist(
    statements: Iterable[Statement],
    resolved: Mapping[str, Any],
    existing: Iterable[Statement] = (),
) -> AbstractCode:
    """Split statements into scalar and vector code, knowing what each name resolved to.

    Parameters
    ----------
    statements
        The code, one statement per element of the owner.
    resolved
        What each name of the code resolved to: a non-shared array or subexpression varies
        between elements, a shared array holds one value, a function may be stateful.
    existing
        Scalar statements that come first (see `hoist_scalars`).

    Raises
    ------
    ValueError
        If a shared variable is assigned a value that differs between elements.
    """

    def is_vector(name: str) -> bool:
        value = resolved.get(name)
        return isinstance(value, (ArrayVariable, SubexpressionVariable)) and not value.scalar

    def is_shared(name: str) -> bool:
        value = resolved.get(name)
        return isinstance(value, ArrayVariable) and value.scalar

    def is_stateful(name: str) -> bool:
        function = resolved.get(name, DEFAULT_FUNCTIONS.get(name))
        return bool(getattr(function, "stateful", False))

    return hoist_scalars(
        list(statements), is_vector, existing, is_stateful=is_stateful, is_shared=is_shared
    )
