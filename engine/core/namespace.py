"""Where a model's external names come from: defaults, the group's namespace, the run's.

As in Brian 2, a name a model uses but does not define is looked up in the language's defaults
(units, functions, ``pi``/``e``/``inf``), then in the group's ``namespace``, then in the run's
namespace — by default the local and global names of the script that calls ``run`` (or sets a
value with a string). Values become `Constant` variables (numbers in base units), so changing
``tau`` between runs changes the simulation without changing any code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.core.frames import user_frame
from engine.core.functions import as_model_function
from engine.core.variables import Constant, Variable
from engine.equations import NameInfo, info_for_value
from engine.errors import ModelError
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS, FunctionSpec
from engine.units import DEFAULT_UNITS, Quantity, get_dimensions

__all__ = ["caller_namespace", "external_value", "name_info"]


def caller_namespace() -> dict[str, Any]:
    """Return the globals and locals of the first frame outside the engine (the user's script)."""
    frame = user_frame()
    try:
        if frame is None:
            return {}
        return {**frame.f_globals, **frame.f_locals}
    finally:
        del frame


def external_value(name: str, owner: str, namespaces: list[Mapping[str, Any]]) -> Any:
    """Resolve an external ``name``: a `Constant`, a `FunctionSpec`, or a `Function`.

    Returns None when no namespace has it.

    Raises
    ------
    ModelError
        If the value found cannot be used in a model (an array, text...).
    """
    if name in DEFAULT_FUNCTIONS:
        return DEFAULT_FUNCTIONS[name]
    if name in DEFAULT_CONSTANTS:
        return Constant(name, owner, DEFAULT_CONSTANTS[name])
    if name in DEFAULT_UNITS:
        unit = DEFAULT_UNITS[name]
        return Constant(name, owner, float(unit), get_dimensions(unit))
    for namespace in namespaces:
        if name not in namespace:
            continue
        value = namespace[name]
        spec = getattr(value, "function_spec", None)
        if isinstance(value, FunctionSpec) or isinstance(spec, FunctionSpec):
            return value
        try:
            function = as_model_function(name, value)
        except ValueError as error:
            raise ModelError(str(error)) from None
        if function is not None:
            return function
        info = info_for_value(name, value)  # raises for unusable values
        if isinstance(info, FunctionSpec):
            return value
        number = np.asarray(value, dtype=object if isinstance(value, bool) else None)
        plain = bool(value) if info.var_type == "boolean" else number.item()
        if isinstance(value, Quantity):
            plain = float(np.asarray(value))
        return Constant(name, owner, plain, info.dim)
    return None


def name_info(value: Any) -> NameInfo | FunctionSpec:
    """Return what the unit checker needs to know about a resolved name."""
    if isinstance(value, FunctionSpec):
        return value
    spec = getattr(value, "function_spec", None)
    if isinstance(spec, FunctionSpec):
        return spec
    if isinstance(value, Variable):
        constant = value.get_value() if isinstance(value, Constant) else None
        return NameInfo(
            value.dim,
            value.var_type,
            float(constant) if constant is not None else None,
            # (constant) parameters are set by users between runs, never by code in a run
            read_only=value.read_only or value.constant,
        )
    raise ModelError(f"{value!r} cannot be used in a model")
