"""SpikeMonitor and EventMonitor: record when events occur, in which element, with values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.codegen.operations import Operation
from engine.core.operations import current_target, describe
from engine.core.stored_state import check_indices, problem
from engine.monitors.base import Monitor, Recorded, RecordedValues, source_parts
from engine.units import Quantity, second

__all__ = ["EventMonitor", "SpikeMonitor"]


class EventMonitor(Monitor):
    """Records the events of a group (Brian 2's ``EventMonitor``).

    Parameters
    ----------
    source
        The group (or subgroup) whose events are recorded.
    event
        The event's name (``"spike"`` for spikes).
    variables
        Variables of the source to record at each event (a name or a list of names).
    record
        Whether to record each event; if False only the count per element is kept.
    when, order
        When to record; by default right after the event is detected.
    name
        The monitor's name.
    """

    def __init__(
        self,
        source: Any,
        event: str,
        variables: str | Sequence[str] | None = None,
        record: bool = True,
        when: str | None = None,
        order: int | None = None,
        name: str = "eventmonitor*",
        codeobj_class: Any = None,
    ) -> None:
        group, start, stop = source_parts(source)
        if f"_{event}space" not in group.variables:
            raise ValueError(f"'{source.name}' has no event called '{event}'")
        detector = getattr(group, "thresholder", {}).get(event)
        if when is None:
            when = detector.when if detector is not None else "thresholds"
        if order is None:
            order = (detector.order if detector is not None else group.order) + 1
        super().__init__(clock=group.clock, when=when, order=order, name=name)
        if isinstance(variables, str):
            variables = [variables]
        # As in Brian 2, the index and the time are always recorded: naming them changes
        # nothing, and neither does naming a variable twice.
        self.record_variables = [v for v in dict.fromkeys(variables or []) if v not in ("i", "t")]
        for variable in self.record_variables:
            if variable not in source.variables:
                raise KeyError(f"'{source.name}' has no variable '{variable}' to record")
        self.source = source
        self.event = event
        self.record = record
        self._group, self._start, self._stop = group, start, stop
        self._init_variables()
        self.variables.add_dynamic_array("i", dtype=np.int32)
        self.variables.add_dynamic_array("t", second.dim, dtype=np.float64)  # the clock's type
        self.variables.add_array("count", stop - start, dtype=np.int32)
        for variable in self.record_variables:
            original = source.variables[variable]
            self.variables.add_dynamic_array(variable, original.dim, original.dtype)
        self._enable_attributes()

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Generate the recording code."""
        group = self._group
        resolved = group._variables_for(self.record_variables, run_namespace)
        names, storage = describe(resolved, group.variables)
        clock_t = group.variables["t"]
        eventspace = group.variables[f"_{self.event}space"]
        extra_names, extra_storage = describe(
            {"_source_t": clock_t, "_eventspace": eventspace}, group.variables
        )
        names.update(extra_names)
        storage.update(extra_storage)
        own = {"_recorded_i": "i", "_recorded_t": "t", "_count": "count"}
        own.update({f"_recorded_{v}": v for v in self.record_variables})
        for key, name in own.items():
            names[key] = self._own_array(name)
        storage.update(self._own_storage(own.values()))
        statements = [make_statement(f"_to_record_{v}", v) for v in self.record_variables]
        self.operation = Operation(
            self.name,
            "spikemonitor",
            AbstractCode((), tuple(statements)),
            names,
            storage,
            group.N,
            self.name,
            {
                "arrays": {
                    "eventspace": "_eventspace",
                    "t": "_source_t",
                    "count": "_count",
                    "recorded_i": "_recorded_i",
                    "recorded_t": "_recorded_t",
                },
                "literals": {
                    "event": self.event,
                    "source": self.source.name,
                    "start": self._start,
                    "stop": self._stop,
                    "subgroup": (self._start, self._stop) != (0, group.N),
                    "record": self.record,
                },
                "recorded": [(f"_to_record_{v}", f"_recorded_{v}") for v in self.record_variables],
            },
        )
        self.code_object = current_target().compile(self.operation)

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check stored events: elements of the source, counts not negative."""
        checked = super()._checked_state(state, check)
        size = self._stop - self._start
        check_indices(self.name, "i", checked["i"], 0, size, f"'{self.source.name}' (N = {size})")
        if checked["count"].size and checked["count"].min() < 0:
            raise problem(self.name, "count", "holds a negative number of events")
        return checked

    # -- results -------------------------------------------------------------------------------

    i = RecordedValues("The element of each recorded event (relative to the source).")
    t = Recorded("The time of each recorded event.")
    t_ = RecordedValues("The time of each recorded event, in seconds without units.")

    @property
    def it(self) -> tuple[np.ndarray, Quantity]:
        """``(i, t)``."""
        return self.i, self.t

    @property
    def it_(self) -> tuple[np.ndarray, np.ndarray]:
        """``(i, t_)``."""
        return self.i, self.t_

    count = RecordedValues("The number of events of each element of the source.")

    @property
    def num_events(self) -> int:
        """The number of events recorded."""
        return len(self.variables["i"].get_value()) if self.record else int(self.count.sum())

    def __len__(self) -> int:
        """Return the number of events recorded (of spikes, for a `SpikeMonitor`)."""
        return self.num_events

    def event_trains(self) -> dict[int, Quantity]:
        """Return the times of the events of each element: ``{element: times}``."""
        return self.values("t")

    def values(self, variable: str) -> dict[int, Any]:
        """Return the values of ``variable`` at each element's events: ``{element: values}``."""
        data = self._recorded(variable)
        order = np.argsort(self.i, kind="stable")
        indices = self.i[order]
        data = data[order]
        bounds = np.searchsorted(indices, np.arange(len(self.count) + 1))
        return {
            element: data[bounds[element] : bounds[element + 1]]
            for element in range(len(self.count))
        }

    def all_values(self) -> dict[str, dict[int, Any]]:
        """`values` of the time and of every recorded variable."""
        return {variable: self.values(variable) for variable in ["t", *self.record_variables]}

    def data_since(self, start: int) -> dict[str, Any]:
        """Return what was recorded from event number ``start`` on (for live displays).

        Returns ``i``, ``t_`` (seconds) and each recorded variable (without units) as arrays;
        ``start`` for the next call is ``start + len(result["i"])``.
        """
        data = {"i": self._recorded_since("i", start), "t_": self._recorded_since("t", start)}
        for variable in self.record_variables:
            data[variable] = self._recorded_since(variable, start)
        return data

    def _recorded(self, variable: str) -> Any:
        if variable == "t":
            return self.t
        if variable not in self.record_variables:
            raise KeyError(f"'{variable}' is not recorded by '{self.name}'")
        return self.variables.values_with_units(variable).copy()

    def __getattr__(self, name: str) -> Any:
        variables = self.__dict__.get("record_variables", ())
        if name in variables:
            return self._recorded(name)
        if name.endswith("_") and name[:-1] in variables:
            return self.variables[name[:-1]].get_value().copy()
        raise AttributeError(f"'{self.__dict__.get('_name', 'monitor')}' has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}, recording '{self.event}' events of '{self.source.name}'>"


class SpikeMonitor(EventMonitor):
    """Records the spikes of a group (Brian 2's ``SpikeMonitor``).

    See `EventMonitor`; results are also available as ``num_spikes`` and ``spike_trains()``.
    """

    def __init__(
        self,
        source: Any,
        variables: str | Sequence[str] | None = None,
        record: bool = True,
        when: str | None = None,
        order: int | None = None,
        name: str = "spikemonitor*",
        codeobj_class: Any = None,
    ) -> None:
        super().__init__(source, "spike", variables, record, when, order, name)

    @property
    def num_spikes(self) -> int:
        """The number of spikes recorded."""
        return self.num_events

    def spike_trains(self) -> dict[int, Quantity]:
        """Return the spike times of each element: ``{element: times}``."""
        return self.event_trains()

    def __repr__(self) -> str:
        return f"<SpikeMonitor, recording '{self.source.name}'>"
