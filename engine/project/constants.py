"""The values of a project's constants, as a run computes them.

One home for every reader that needs them before a run: validation of sweeps, the plots'
settings, the window's fields. It reads only the constants, so the document can import the
modules that use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.units import DimensionMismatchError

__all__ = ["constant_values"]


class _Constant(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> str: ...


class _WithConstants(Protocol):
    @property
    def constants(self) -> Sequence[_Constant]: ...


def constant_values(project: _WithConstants) -> dict[str, object]:
    """Return the values of the project's constants that can be evaluated, in order.

    Each constant may use those above it, as in a run; one that fails is left out (the
    validator reports it at the constant).
    """
    values: dict[str, object] = {}
    for constant in project.constants:
        try:
            values[constant.name] = evaluate_constant(constant.value, values)
        except (ModelError, DimensionMismatchError, ValueError, TypeError, ArithmeticError):
            continue
    return values
