"""SynapticPathway: the code a Synapses object runs when events reach its synapses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.core.memory import available_memory
from engine.core.preferences import prefs
from engine.core.states import export_states
from engine.core.stored_state import (
    MAX_CLOCK_STEPS,
    check_indices,
    check_lengths,
    checked_values,
    problem,
)
from engine.equations import check_code
from engine.errors import errors_in
from engine.groups.coderunner import CodeRunner
from engine.groups.group import VariableView
from engine.parsing import parse_statements
from engine.stateupdaters import event_driven_update
from engine.synapses.compiled_queue import compiled_push
from engine.synapses.spikequeue import SpikeQueue
from engine.units import Quantity, get_dimensions, second

if TYPE_CHECKING:
    from engine.synapses.synapses import Synapses

__all__ = ["SynapticPathway"]


class SynapticPathway(CodeRunner):
    """Runs ``on_pre`` (or ``on_post``, or a named pathway's) code for arriving events.

    Each step, in the ``synapses`` slot, the pathway queues the synapses of the source neurons
    that had the pathway's event in this step (each after its delay), then runs its code for
    the synapses whose events arrive now. The code first brings event-driven variables up to
    the current time.

    Parameters
    ----------
    synapses
        The Synapses object.
    code
        The statements to run per arriving event.
    prepost
        ``"pre"`` (events of the presynaptic neurons) or ``"post"``.
    objname
        The pathway's name (``"pre"``, ``"post"``, or a name given in a dictionary).
    delay
        One delay for every synapse, or None for a delay per synapse (zero until set).
    event
        The event of the source neurons that triggers the pathway.
    """

    def __init__(
        self,
        synapses: Synapses,
        code: str,
        prepost: str,
        objname: str,
        delay: Quantity | None,
        event: str,
    ) -> None:
        spiking = synapses.source if prepost == "pre" else synapses.target
        group, start, stop = synapses.parts(spiking)
        super().__init__(
            synapses,
            "synapses",
            code,
            when="synapses",
            order=-1 if prepost == "pre" else 1,
            name=f"{synapses.name}_{objname}",
            clock=group.clock,
        )
        self.synapses = synapses
        self.prepost = prepost
        self.objname = objname
        self.argument = f"on_{prepost}" if objname in ("pre", "post") else None
        self.event = event
        self.spiking_group = group
        self.queue = SpikeQueue(start, stop)
        self._queue_dt: float | None = None
        self._eventspace: np.ndarray | None = None
        self._function: Any = None
        #: The name of this pathway's delay among the synapses' variables.
        self.delay_name = "delay" if objname == "pre" else f"_{objname}_delay"
        variables = synapses.variables
        if delay is None:
            variables.add_dynamic_array(self.delay_name, second.dim, read_only=False)
        else:
            if not isinstance(delay, Quantity) or get_dimensions(delay) is not second.dim:
                raise TypeError(
                    f"The delay of the pathway '{objname}' must be a duration such as 2*ms, "
                    f"not {delay!r}"
                )
            if np.size(delay) != 1:
                raise TypeError(
                    f"The delay of the pathway '{objname}' given to Synapses must be one value; "
                    "set delays per synapse after connect() instead"
                )
            variables.add_array(self.delay_name, 1, second.dim, values=float(delay), scalar=True)

    # -- the delay ------------------------------------------------------------------------------

    @property
    def delay(self) -> VariableView:
        """The pathway's delay (one for all synapses, or one per synapse)."""
        return VariableView(self.synapses, self.delay_name)

    @delay.setter
    def delay(self, value: Any) -> None:
        VariableView(self.synapses, self.delay_name).set_values(slice(None), value)

    def get_states(
        self,
        vars: Any = None,
        units: bool = True,
        format: str = "dict",
        subexpressions: bool = False,
        read_only_variables: bool = True,
        level: int = 0,
    ) -> Any:
        """Return the synapses' states with this pathway's ``delay`` (``S.pre.get_states()``).

        See `Group.get_states`; ``delay`` is the delay of this pathway.
        """
        synapses = self.synapses
        if vars is None:
            vars = [*synapses._state_names(subexpressions, read_only_variables), "delay"]
        names = [self.delay_name if name == "delay" else name for name in vars]
        states = synapses.get_states(names, units=units)
        if self.delay_name in states and self.delay_name != "delay":
            states["delay"] = states.pop(self.delay_name)
        return export_states(states, units, format, f"{self.name}.get_states")

    # -- building ------------------------------------------------------------------------------

    def describe(self) -> str:
        """Return what the code is, for messages ("the on_pre code of 'synapses'")."""
        what = f"on_{self.prepost}" if self.objname in ("pre", "post") else self.objname
        return f"the {what} code of '{self.synapses.name}'"

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> list:
        """Return the statements: event-driven updates, the user's code, ``lastupdate = t``."""
        synapses = self.synapses
        lookup = synapses.lookup(run_namespace)
        statements = check_code(self.user_code, lookup, self.describe())
        event_driven = synapses.event_driven
        if event_driven is None:
            return statements
        with errors_in("model"):
            event_driven.check_units(lookup)
        resolved = synapses._variables_for(
            {*event_driven.names, *event_driven.identifiers, "t", "lastupdate"}, run_namespace
        )
        update = event_driven_update(event_driven, resolved)
        last = parse_statements("lastupdate = t")
        return [*update.statements, *statements, *last]

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Compile the code and prepare the queue (delays in steps of the source's clock)."""
        synapses = self.synapses
        if not synapses._connect_called:
            raise self.fail(
                f"'{synapses.name}' has no synapses: call connect() before running it",
                f"Or set {synapses.name}.active = False to leave it out of this run.",
            )
        super().before_run(run_namespace)
        self._eventspace = self.spiking_group.variables[f"_{self.event}space"].get_value()
        dt = float(self.clock.dt_)
        delays = np.asarray(synapses.variables[self.delay_name].get_value(), dtype=float)
        self._check_delays(delays, dt)
        # Delays become whole steps as Brian 2's (C++) spike queue makes them, rounding halves
        # up: 0.25 ms at dt = 0.1 ms is 3 steps (numpy's round would give 2).
        steps = np.floor(delays / dt + 0.5).astype(np.int64)
        rescale = 1.0 if self._queue_dt is None else self._queue_dt / dt
        sources = synapses.variables[
            "_synaptic_pre" if self.prepost == "pre" else "_synaptic_post"
        ].get_value()
        self.queue.prepare(steps, sources, rescale)
        self.queue.use_compiled(compiled_push() if prefs.codegen.target == "cython" else None)
        self._queue_dt = dt

    def _check_delays(self, delays: np.ndarray, dt: float) -> None:
        """Refuse delays a queue cannot hold: negative, not finite, or of too many steps."""
        # The queue has a row per step of the longest delay.
        with np.errstate(all="ignore"):
            bad = ~np.isfinite(delays) | (delays < 0) | (delays / dt > MAX_CLOCK_STEPS)
        if not np.any(bad):
            return
        synapse = int(np.flatnonzero(bad)[0])
        value = Quantity(delays[synapse], dim=second.dim)
        where = "" if delays.size == 1 else f" (synapse {synapse})"
        raise self.fail(
            f"The delays of '{self.synapses.name}' must be finite durations of 0 or more, and "
            f"at most {MAX_CLOCK_STEPS} time steps, not {value}{where}",
            "Check the delay expression for values that are negative or too large.",
            argument="delay",
        )

    def run(self) -> None:
        """Queue this step's events; run the code for the synapses whose events arrive."""
        space = self._eventspace
        assert space is not None, "before_run sets the event space"
        count = space[-1]
        if count:
            self.queue.push(space[:count])
        arriving = self.queue.pop()
        if len(arriving):
            self._function(arriving)

    def step_function(self) -> Any:
        """Return `run` (the queue is handled in Python around the compiled code).

        The network calls it once every object is prepared: compiled targets build the code
        of all of them then, at once.
        """
        self._function = self.code_object.function
        return self.run

    def step_parts(self) -> dict[str, Any] | None:
        """Describe the step: the queue's push and pop around a call of the code object."""
        return {"code": self.code_object, "queue": self.queue, "events": self._eventspace}

    # -- storing ------------------------------------------------------------------------------

    def _stored_state(self) -> dict[str, np.ndarray]:
        state = self.queue.state()
        return {"queue_delays": state["delays"], "queue_synapses": state["synapses"]}

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check the stored queue: steps to go within the delays, synapses that exist.

        Compiled code writes to the synapses the queue holds, so each must be one of the
        synapses (as they will be after the restore); the steps until each event arrives
        must fit the queue the delays make (as `engine.synapses.spikequeue.SpikeQueue.prepare`
        sizes it, with the clock's dt when the state was stored).
        """
        name = self.name
        unknown = sorted(set(state) - {"queue_delays", "queue_synapses"})
        if unknown:
            raise problem(name, unknown[0], f"'{name}' has no such stored array")
        for key in ("queue_delays", "queue_synapses"):
            if key not in state:
                raise problem(name, key, f"is missing ('{name}' stores its spike queue)")
        steps = checked_values(
            name, "queue_delays", state["queue_delays"], np.dtype(np.int64), (None,)
        )
        synapses = checked_values(
            name, "queue_synapses", state["queue_synapses"], np.dtype(np.int32), (None,)
        )
        check_lengths(name, {"queue_delays": steps, "queue_synapses": synapses}, "queued events")
        count = len(check.restored(self.synapses, "_synaptic_pre"))
        check_indices(
            name,
            "queue_synapses",
            synapses,
            0,
            count,
            f"the {count} synapses of '{self.synapses.name}'",
        )
        delays = np.asarray(check.restored(self.synapses, self.delay_name), dtype=float)
        delays = delays[np.isfinite(delays)]
        steps_of_longest = float(delays.max()) / check.dt(self.clock) if delays.size else 0.0
        longest = int(np.floor(min(steps_of_longest, MAX_CLOCK_STEPS) + 0.5))
        # The queue keeps its length between runs (events may wait longer than a delay
        # shortened since they were queued): the queue as it is now bounds them too.
        layout = self.queue.layout()
        length = max(longest + 1, layout["steps"])
        check_indices(
            name,
            "queue_delays",
            steps,
            0,
            length,
            f"the queue of {length} steps that the delays of '{self.synapses.name}' make",
        )
        if steps.size:
            # Restoring makes a bucket per step, as wide as the fullest one.
            widest = max(int(np.unique(steps, return_counts=True)[1].max()), layout["width"])
            needed = (int(steps.max()) + 1) * (4 * widest + 8)
            memory = available_memory()
            if memory is not None and needed > memory:
                raise problem(
                    name,
                    "queue_delays",
                    f"makes a queue of {needed} bytes, more than the memory available",
                )
        return {"queue_delays": steps, "queue_synapses": synapses}

    def _restore_state(self, state: Mapping[str, np.ndarray]) -> None:
        self.queue.restore({"delays": state["queue_delays"], "synapses": state["queue_synapses"]})
