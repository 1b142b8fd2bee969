"""What every monitor shares: finding its source, describing arrays, storing its recordings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, overload

import numpy as np

from engine.codegen.operations import Array
from engine.core.attributes import FixedAttributes
from engine.core.base import EngineObject
from engine.core.states import export_states, import_states
from engine.core.stored_state import check_lengths, check_times, checked_arrays, problem
from engine.core.variables import ArrayVariable, DynamicArrayVariable, Variables
from engine.units import DIMENSIONLESS, Quantity

__all__ = ["Monitor", "Recorded", "RecordedValues", "source_parts"]


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


class Monitor(FixedAttributes, EngineObject):
    """Base of monitors: their recordings are variables of their own, stored and restored.

    As in Brian 2, a monitor's attributes are fixed once it is made (``mon.recrod = ...`` is
    an error; ``mon.add_attribute('name')`` allows a new one), and `get_states` returns its
    recordings and ``N``, the number of recorded entries.
    """

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

    def _stored_variables(self) -> dict[str, ArrayVariable]:
        """Return the monitor's own arrays (its recordings and what it records)."""
        return {
            name: variable
            for name, variable in self.variables.items()
            if isinstance(variable, ArrayVariable)
            and variable.owner == self.name
            and variable.name == name
        }

    def _stored_state(self) -> dict[str, np.ndarray]:
        return {
            name: np.array(variable.get_value(), copy=True)
            for name, variable in self._stored_variables().items()
        }

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check stored recordings: one length for all, times finite and not negative.

        What the monitor records (a state monitor's elements) is fixed when it is made, so a
        stored copy must be the same; subclasses check the recorded indices.
        """
        stored = self._stored_variables()
        checked = checked_arrays(self.name, state, stored, self.variables)
        recordings = {
            name: checked[name]
            for name, variable in stored.items()
            if isinstance(variable, DynamicArrayVariable)
        }
        if recordings:
            check_lengths(self.name, recordings, "records")
        if "t" in checked:
            check_times(self.name, "t", checked["t"])
        for name, variable in stored.items():
            fixed = variable.read_only and not isinstance(variable, DynamicArrayVariable)
            if fixed and not np.array_equal(checked[name], variable.get_value()):
                raise problem(
                    self.name,
                    name,
                    f"differs from what '{self.name}' records (it was stored from another monitor)",
                )
        return checked

    def _restore_state(self, state: Mapping[str, Any]) -> None:
        for name, values in state.items():
            variable = self.variables[name]
            if isinstance(variable, DynamicArrayVariable):
                variable.resize(len(values))
            variable.get_value()[...] = values

    # -- states -------------------------------------------------------------------------------

    def _state_names(self) -> list[str]:
        """Return the names `get_states` gives by default: ``N`` and the recordings."""
        names = [name for name in self.variables if not name.startswith("_")]
        return ["N", *names]

    def get_states(
        self,
        vars: Iterable[str] | None = None,
        units: bool = True,
        format: str = "dict",
        subexpressions: bool = False,
        read_only_variables: bool = True,
        level: int = 0,
    ) -> Any:
        """Return copies of the recordings (Brian 2's ``get_states`` of a monitor).

        Parameters
        ----------
        vars
            The names; by default ``N`` (the number of recorded entries: time steps, or
            events) and every recording (``t``, a state monitor's variables as arrays of
            time x element, a spike monitor's ``i`` and ``count``, a rate monitor's ``rate``).
        units
            Whether values carry their units.
        format
            ``'dict'`` or ``'pandas'`` (needs pandas and ``units=False``).
        subexpressions, level
            Accepted for Brian 2 scripts (a monitor has no subexpressions).
        read_only_variables
            A monitor's recordings are all read-only: False gives nothing by default.

        Raises
        ------
        KeyError
            For a name the monitor does not record.
        """
        where = f"{self.name}.get_states"
        if vars is None:
            names = self._state_names() if read_only_variables else []
        else:
            names = [vars] if isinstance(vars, str) else list(vars)
        values: dict[str, Any] = {}
        for name in names:
            if name not in self._state_names():
                raise KeyError(
                    f"{where}: '{self.name}' has no recording '{name}' (it has "
                    f"{', '.join(self._state_names())})"
                )
            values[name] = self._state_value(name, units)
        return export_states(values, units, format, where)

    def _state_value(self, name: str, units: bool) -> Any:
        if name == "N":
            # the number of entries (time steps or events) recorded so far
            return np.array(len(self.variables["t"].get_value()), dtype=np.int32)
        variable = self.variables[name]
        values = np.array(variable.get_value(), copy=True)
        if units and variable.dim is not DIMENSIONLESS:
            return Quantity(values, dim=variable.dim)
        return values

    def set_states(
        self, values: Any, units: bool = True, format: str = "dict", level: int = 0
    ) -> None:
        """Refuse to change recordings (they are read-only, as in Brian 2).

        Raises
        ------
        KeyError
            For a name the monitor does not record.
        TypeError
            For any recording.
        """
        where = f"{self.name}.set_states"
        for name in import_states(values, units, format, where):
            if name not in self._state_names():
                raise KeyError(f"{where}: '{self.name}' has no recording '{name}'")
            raise TypeError(
                f"{where}: the recording '{name}' of '{self.name}' is read-only (to go back "
                "to an earlier state, use store() and restore())"
            )

    def _recorded_since(self, name: str, start: int) -> np.ndarray:
        """Return the values of recording ``name`` from entry ``start`` on (a copy, no units)."""
        return self.variables[name].get_value()[start:].copy()

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


class _Recording:
    """An attribute that reads one of a monitor's recordings (a copy: the monitor keeps its own).

    The attribute's name is the variable's, with ``_`` added for the values without units
    (``mon.t`` and ``mon.t_`` both read ``t``). Like a property, it cannot be set.
    """

    def __init__(self, doc: str) -> None:
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.variable = name.removesuffix("_")

    def __set__(self, monitor: Monitor, value: object) -> None:
        raise AttributeError(
            f"property '{self.name}' of '{type(monitor).__name__}' object has no setter"
        )

    def _values(self, monitor: Monitor) -> np.ndarray:
        return monitor.variables[self.variable].get_value().copy()


class Recorded(_Recording):
    """A recording read with its units (``mon.t``, ``mon.rate``)."""

    @overload
    def __get__(self, monitor: None, owner: type) -> Recorded: ...

    @overload
    def __get__(self, monitor: Monitor, owner: type) -> Quantity: ...

    def __get__(self, monitor: Monitor | None, owner: type) -> Recorded | Quantity:
        if monitor is None:
            return self
        return Quantity(self._values(monitor), dim=monitor.variables[self.variable].dim)


class RecordedValues(_Recording):
    """A recording read as plain values (``mon.t_`` in seconds, ``mon.i``, ``mon.count``)."""

    @overload
    def __get__(self, monitor: None, owner: type) -> RecordedValues: ...

    @overload
    def __get__(self, monitor: Monitor, owner: type) -> np.ndarray: ...

    def __get__(self, monitor: Monitor | None, owner: type) -> RecordedValues | np.ndarray:
        if monitor is None:
            return self
        return self._values(monitor)
