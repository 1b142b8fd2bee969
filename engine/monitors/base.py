"""What every monitor shares: finding its source, describing arrays, storing its recordings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from engine.codegen.operations import Array
from engine.core.base import EngineObject
from engine.core.variables import ArrayVariable, DynamicArrayVariable, Variables

__all__ = ["Monitor", "source_parts"]


def source_parts(source: Any) -> tuple[Any, int, int]:
    """Return the group that owns the data of ``source``, and the range of its elements.

    A subgroup is a window ``[start, stop)`` on its parent group: monitors read the parent's
    arrays and subtract ``start`` from the indices they record.
    """
    parent = getattr(source, "source", None)
    if parent is not None and hasattr(source, "start"):
        return parent, int(source.start), int(source.stop)
    if not hasattr(source, "variables") or "N" not in source.variables:
        raise TypeError(f"{source!r} cannot be monitored: it is not a group")
    return source, 0, len(source)


class Monitor(EngineObject):
    """Base of monitors: their recordings are variables of their own, stored and restored."""

    #: Monitors may be added to a simulation that has already run.
    invalidates_magic_network = False

    def _init_variables(self) -> None:
        self.variables = Variables(self.name)
        self.code_object: Any = None
        self.operation: Any = None

    def _own_array(self, name: str) -> Array:
        """Describe one of the monitor's own arrays for an operation."""
        variable = self.variables[name]
        assert isinstance(variable, ArrayVariable)
        return Array(
            variable.storage_name,
            variable.dtype,
            "0" if variable.scalar else "_idx",
            isinstance(variable, DynamicArrayVariable),
        )

    def _own_storage(self, names: Iterable[str]) -> dict[str, Any]:
        storage = {}
        for name in names:
            variable = self.variables[name]
            assert isinstance(variable, ArrayVariable)
            storage[variable.storage_name] = (
                variable.dynamic if isinstance(variable, DynamicArrayVariable) else variable.array
            )
        return storage

    def _stored_state(self) -> dict[str, np.ndarray]:
        return {
            name: np.array(variable.get_value(), copy=True)
            for name, variable in self.variables.items()
            if isinstance(variable, ArrayVariable) and variable.owner == self.name
        }

    def _restore_state(self, state: dict[str, np.ndarray]) -> None:
        for name, values in state.items():
            variable = self.variables.get(name)
            if isinstance(variable, DynamicArrayVariable):
                variable.resize(len(values))
                variable.get_value()[...] = values
            elif isinstance(variable, ArrayVariable):
                variable.get_value()[...] = values

    def run(self) -> None:
        """Record this step."""
        self.code_object()

    def step_function(self) -> Any:
        """Return the compiled function itself: one call less per step than `run`."""
        return getattr(self.code_object, "function", self.run)

    def step_parts(self) -> dict[str, Any] | None:
        """Describe the step: a call of the code object (unless a subclass does more)."""
        if type(self).run is Monitor.run and type(self).step_function is Monitor.step_function:
            return {"code": self.code_object}
        return None
