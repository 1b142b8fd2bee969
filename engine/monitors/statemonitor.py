"""StateMonitor: record variables of chosen elements at every step (or every ``dt``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.codegen.operations import Operation
from engine.core.operations import current_target, describe
from engine.monitors.base import Monitor, Recorded, RecordedValues, source_parts
from engine.units import DIMENSIONLESS, Quantity, second

__all__ = ["StateMonitor"]


#: Names of a StateMonitor's own variables, which no recorded variable may have.
_OWN_NAMES = ("t", "_indices")


class StateMonitor(Monitor):
    """Records the values of variables over time (Brian 2's ``StateMonitor``).

    Parameters
    ----------
    source
        The group (or subgroup) to record from.
    variables
        A variable name, a list of names, or True for every state variable.
    record
        Which elements: True (all), False (none), an index or a list of indices.
    dt, clock
        How often to record (by default at every step of the source's clock).
    when, order
        When in the step to record: by default at its start, before integration, so the
        first values are the initial ones and the final state is not recorded (use
        `record_single_timestep` for it).
    name
        The monitor's name.

    Notes
    -----
    ``mon.v`` has one row per recorded element and one column per time (``mon.t``);
    ``mon[5].v`` is the trace of element 5 of the source.
    """

    def __init__(
        self,
        source: Any,
        variables: str | Sequence[str] | bool,
        record: Any,
        dt: Quantity | None = None,
        clock: Any = None,
        when: str = "start",
        order: int = 0,
        name: str = "statemonitor*",
        codeobj_class: Any = None,
    ) -> None:
        group, start, stop = source_parts(source)
        if dt is None and clock is None:
            clock = group.clock
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name)
        if variables is True:  # every name the equations define, as in Brian 2
            equations = getattr(group, "equations", None)
            if equations is None:
                raise TypeError(f"'{group.name}' has no equations: name the variables to record")
            variables = list(equations.keys())
        elif isinstance(variables, str):
            variables = [variables]
        elif isinstance(variables, bool):  # False: what list() would say
            raise TypeError("'bool' object is not iterable")
        self.record_variables = list(variables)
        for variable in self.record_variables:
            if variable not in source.variables:
                raise KeyError(f"'{source.name}' has no variable '{variable}' to record")
            if variable in _OWN_NAMES:
                raise ValueError(
                    f"'{variable}' cannot be recorded: a StateMonitor keeps the time of each "
                    f"sample as its own '{variable}' (mon.t)"
                )
        self.source = source
        self._group = group
        size = stop - start
        if record is True:
            indices = np.arange(size)
        elif record is False or record is None:
            indices = np.array([], dtype=np.int64)
        else:
            indices = np.atleast_1d(np.asarray(record, dtype=np.int64))
            if indices.size and (indices.min() < -size or indices.max() >= size):
                raise IndexError(
                    f"Cannot record elements {record!r} of '{source.name}' of size {size}"
                )
            indices = np.where(indices < 0, indices + size, indices)
        #: The recorded elements (relative to the source).
        self.record = indices.astype(np.int32)
        self._init_variables()
        self.variables.add_array(
            "_indices", len(indices), values=indices + start, dtype=np.int32, read_only=True
        )
        self.variables.add_dynamic_array("t", second.dim, dtype=np.float64)  # the clock's type
        for variable in self.record_variables:
            original = source.variables[variable]
            self.variables.add_dynamic_array(
                variable, original.dim, original.dtype, shape=(0, len(indices))
            )
        self._enable_attributes()

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Generate the recording code."""
        self.code_object = current_target().compile(self._operation(run_namespace))

    def _operation(self, run_namespace: Mapping[str, Any]) -> Operation:
        group = self._group
        resolved = group._variables_for(self.record_variables, run_namespace)
        names, storage = describe(resolved, group.variables)
        extra_names, extra_storage = describe({"_clock_t": self.clock_variable()}, group.variables)
        names.update(extra_names)
        storage.update(extra_storage)
        own = {"_indices": "_indices", "_recorded_t": "t"}
        own.update({f"_recorded_{v}": v for v in self.record_variables})
        for key, name in own.items():
            names[key] = self._own_array(name)
        storage.update(self._own_storage(own.values()))
        statements = [make_statement(f"_to_record_{v}", v) for v in self.record_variables]
        return Operation(
            self.name,
            "statemonitor",
            AbstractCode((), tuple(statements)),
            names,
            storage,
            len(self.record),
            self.name,
            {
                "arrays": {"indices": "_indices", "t": "_clock_t", "recorded_t": "_recorded_t"},
                "literals": {"source": self.source.name},
                "recorded": [(f"_to_record_{v}", f"_recorded_{v}") for v in self.record_variables],
            },
        )

    def clock_variable(self) -> Any:
        """Return the variable through which code reads this monitor's clock."""
        from engine.core.variables import clock_variables

        return clock_variables(self.clock)["t"]

    def record_single_timestep(self) -> None:
        """Record the current values once more (e.g. the final state after a run)."""
        if self.code_object is None:
            raise RuntimeError("Run the network before recording a single extra time step")
        self.code_object()

    # -- results -------------------------------------------------------------------------------

    t = Recorded("The times of the recordings.")
    t_ = RecordedValues("The times of the recordings, in seconds without units.")

    def _values(self, variable: str, units: bool) -> Any:
        data = self.variables[variable].get_value().T.copy()
        dim = self.variables[variable].dim
        if units and dim is not DIMENSIONLESS:
            return Quantity(data, dim=dim)
        return data

    def data_since(self, start: int) -> dict[str, np.ndarray]:
        """Return what was recorded from recording number ``start`` on (for live displays).

        Returns ``t_`` (seconds) and each variable (rows: times, columns: elements), without
        units; ``start`` for the next call is ``start + len(result["t_"])``.
        """
        data = {"t_": self._recorded_since("t", start)}
        for variable in self.record_variables:
            data[variable] = self._recorded_since(variable, start)
        return data

    def __getattr__(self, name: str) -> Any:
        variables = self.__dict__.get("record_variables", ())
        if name in variables:
            return self._values(name, units=True)
        if name.endswith("_") and name[:-1] in variables:
            return self._values(name[:-1], units=False)
        raise AttributeError(f"'{self.__dict__.get('_name', 'monitor')}' has no attribute '{name}'")

    def __getitem__(self, item: Any) -> StateMonitorView:
        return StateMonitorView(self, item)

    def __repr__(self) -> str:
        return (
            f"<StateMonitor recording {', '.join(self.record_variables)} of '{self.source.name}'>"
        )


class StateMonitorView:
    """The recordings of one or several elements: ``mon[5].v``."""

    def __init__(self, monitor: StateMonitor, item: Any) -> None:
        elements = np.atleast_1d(np.asarray(item))
        rows = []
        for element in elements:
            found = np.flatnonzero(monitor.record == element)
            if not found.size:
                raise IndexError(f"Element {element} is not recorded by '{monitor.name}'")
            rows.append(int(found[0]))
        self._monitor = monitor
        self._rows = rows[0] if np.ndim(item) == 0 else rows

    def __getattr__(self, name: str) -> Any:
        monitor = self._monitor
        if name in ("t", "t_"):
            return getattr(monitor, name)
        return getattr(monitor, name)[self._rows]
