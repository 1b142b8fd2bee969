"""Rebinding a constant of generated code between two calls, without generating it again.

Generated code reads each constant (`engine.codegen.operations.Value`) by name from its
namespace (`engine.codegen.numpy.namespace_of`; the cython target's wrapper binds the same
names, and its compiled schedule copies them into its table of doubles before each chunk).
Assigning a new value there is therefore seen from the next call on, on both targets.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.codegen.operations import Value
from engine.units import Quantity

__all__ = ["code_value", "rebind"]


def code_value(value: object) -> Any:
    """Return a constant's value as generated code binds it (a numpy scalar, no units).

    As `engine.core.namespace.external_value` and `engine.codegen.numpy.namespace_of` do: a
    quantity becomes its number in base units, then a numpy scalar of its kind.
    """
    if isinstance(value, Quantity):
        return np.float64(np.asarray(value))
    plain = np.asarray(value).item()
    if isinstance(plain, bool):
        return np.bool_(plain)
    if isinstance(plain, int):
        return np.int64(plain) if -(2**63) <= plain < 2**63 else np.float64(plain)
    return np.float64(plain)


def rebind(code: Any, name: str, value: object) -> bool:
    """Bind the constant ``name`` of the code object ``code`` to ``value`` from its next call.

    Returns whether ``code`` reads ``name`` as a constant (a model variable of the same name
    hides it, and is left alone).
    """
    operation = getattr(code, "operation", None)
    if operation is None or not isinstance(operation.names.get(name), Value):
        return False
    bound = code_value(value)
    namespaces = [code.namespace]
    function = getattr(code, "_function", None) or getattr(code, "function", None)
    globals_ = getattr(function, "__globals__", None)
    if isinstance(globals_, dict) and globals_ is not code.namespace:
        namespaces.append(globals_)  # a compiled code object fallen back to numpy
    for namespace in namespaces:
        if name in namespace:
            namespace[name] = bound
    return True
