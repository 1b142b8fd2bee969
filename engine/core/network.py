"""Network: a set of objects simulated together, and the loop that runs them.

``net.run(duration)`` prepares every object (``before_run``: names resolved, models checked,
code generated — so a mistake anywhere stops the run before anything is simulated), then
advances time step by step: at each iteration the clocks with the smallest time run their
objects, in the order of the schedule. The run ends at the end time, or at the next step
boundary after `Network.stop` (callable from another thread); all recorded data is kept.
"""

from __future__ import annotations

import copy
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from typing import Any, TextIO

import numpy as np

from engine import rng
from engine.codegen.quoting import comment_lines
from engine.core import run_device
from engine.core.base import EngineError, EngineObject, flatten
from engine.core.clocks import Clock
from engine.core.names import Nameable
from engine.core.namespace import caller_namespace
from engine.core.operations import current_target
from engine.core.preferences import prefs
from engine.core.profiling import Profiler
from engine.core.stored_state import (
    MAX_CLOCK_STEPS,
    StateCheck,
    StoredStateError,
    checked_clocks,
    checked_random_state,
    checked_time,
)
from engine.errors import ErrorKind, ModelError
from engine.units import Quantity, check_units, second

__all__ = ["Network", "TextReport", "generated_code"]

#: A report callback: ``report(elapsed_wall_time, completed_fraction, start, duration)``, as in
#: Brian 2 (times as quantities, the fraction between 0 and 1).
ReportCallback = Callable[[Quantity, float, Quantity, Quantity], None]

_ids = itertools.count(1)

#: The longest chunk of steps a compiled schedule runs between returns to Python (wall seconds).
_CHUNK_SECONDS = 0.1


class TextReport:
    """Print the progress of a run: time simulated, percentage, estimated time left."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(
        self, elapsed: Quantity, completed: float, start: Quantity, duration: Quantity
    ) -> None:
        """Print one progress line."""
        if completed == 0.0:
            self.stream.write(f"Starting simulation at t={start} for a duration of {duration}\n")
        else:
            remaining = float(elapsed) * (1 - completed) / completed if completed < 1 else 0.0
            text = (
                f"{completed * float(duration) * second} ({completed:.0%}) simulated in {elapsed}"
            )
            if completed < 1:
                text += f", estimated {remaining * second} remaining."
            self.stream.write(text + "\n")
        self.stream.flush()


class Network(Nameable):
    """Objects simulated together (Brian 2's ``Network``).

    Parameters
    ----------
    *objs
        Engine objects, or containers (lists, tuples, dicts) of them.
    name
        The network's name.
    """

    def __init__(self, *objs: Any, name: str = "network*") -> None:
        super().__init__(name)
        self.objects: list[EngineObject] = []
        self.id = next(_ids)
        self.t_ = 0.0
        self._schedule: list[str] | None = None
        self._stopped = False
        self._stored: dict[str, dict[str, Any]] = {}
        #: The compiled schedule the last run used (cython target), None if it ran step by step.
        self.compiled_schedule: Any = None
        if objs:
            self.add(*objs)

    # -- contents -------------------------------------------------------------------------------

    def add(self, *objs: Any) -> None:
        """Add objects, or containers of objects (lists, tuples, sets, dict values).

        Raises
        ------
        TypeError
            For anything that is not an engine object.
        """
        for obj in objs:
            if isinstance(obj, EngineObject):
                if obj not in self.objects:
                    self.objects.append(obj)
            elif isinstance(obj, Mapping):
                self.add(*obj.values())
            elif isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
                self.add(*obj)
            else:
                raise TypeError(f"Can only add engine objects to a network, not {obj!r}")

    def remove(self, *objs: Any) -> None:
        """Remove objects (or containers of them) from the network."""
        for obj in objs:
            if isinstance(obj, EngineObject):
                if obj not in self.objects:
                    raise ValueError(f"'{obj.name}' is not part of the network")
                self.objects.remove(obj)
            elif isinstance(obj, Mapping):
                self.remove(*obj.values())
            else:
                self.remove(*obj)

    def __getitem__(self, name: str) -> EngineObject:
        for obj in flatten(self.objects):
            if obj.name == name:
                return obj
        raise KeyError(f"No object called '{name}' in the network")

    def __contains__(self, item: Any) -> bool:
        return any(obj is item or obj.name == item for obj in flatten(self.objects))

    def __len__(self) -> int:
        return len(self.objects)

    # -- time and schedule --------------------------------------------------------------------

    @property
    def t(self) -> Quantity:
        """The network's current time."""
        return Quantity(self.t_, dim=second.dim)

    @property
    def schedule(self) -> list[str]:
        """The order of the slots of a step (``start, groups, thresholds, synapses, resets, end``).

        ``before_`` and ``after_`` versions of every slot exist automatically. Set to None for
        the default (``prefs.core.network.default_schedule``).
        """
        if self._schedule is None:
            return list(prefs.core.network.default_schedule)
        return list(self._schedule)

    @schedule.setter
    def schedule(self, schedule: list[str] | None) -> None:
        if schedule is not None:
            if not isinstance(schedule, (list, tuple)) or not all(
                isinstance(s, str) for s in schedule
            ):
                raise TypeError("The schedule must be None or a list of slot names")
            if any(s.startswith(("before_", "after_")) for s in schedule):
                raise ValueError(
                    "Slot names may not start with 'before_' or 'after_' (those are automatic)"
                )
            schedule = list(schedule)
        self._schedule = schedule

    @property
    def sorted_objects(self) -> list[EngineObject]:
        """All objects (contained ones too) in the order they run within a step."""
        slots: dict[str, int] = {}
        for position, slot in enumerate(self.schedule):
            slots[f"before_{slot}"] = 3 * position
            slots[slot] = 3 * position + 1
            slots[f"after_{slot}"] = 3 * position + 2
        objects = flatten(self.objects)
        for obj in objects:
            if obj.when not in slots:
                raise obj.fail(
                    f"'{obj.when}' is not a slot of the schedule ({', '.join(self.schedule)})"
                )
        return sorted(objects, key=lambda obj: (slots[obj.when], obj.order, obj.name))

    def scheduling_summary(self) -> str:
        """Return a table of the objects in the order they run, with their slot, order and clock."""
        rows = [f"{'object':<40} {'when':<18} {'order':>5}  clock"]
        for obj in self.sorted_objects:
            clock = f"{obj.clock.name} (dt={obj.clock.dt})"
            rows.append(f"{obj.name:<40} {obj.when:<18} {obj.order:>5}  {clock}")
        return "\n".join(rows)

    def generated_code(self, namespace: Mapping[str, Any] | None = None) -> str:
        """Return the code every object runs each step, in schedule order, for reading.

        The code is generated as a run would generate it (names resolved in ``namespace``, by
        default the caller's), without simulating anything.

        Raises
        ------
        EngineError
            If an object's model or code is invalid, as `run` would.
        """
        self.before_run(caller_namespace() if namespace is None else namespace)
        parts = []
        for obj in self.sorted_objects:
            code_object = getattr(obj, "code_object", None)
            if obj.active and code_object is not None:
                header = f"{obj.name}: {obj.when}, order {obj.order}, clock {obj.clock.name}"
                comment = "\n".join(comment_lines(header))
                parts.append(f"{comment}\n{code_object.source.strip()}\n")
        return "\n".join(parts)

    # -- running ------------------------------------------------------------------------------

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Prepare every object (checks, code generation) before anything is simulated."""
        objects = self.sorted_objects
        names = [obj.name for obj in objects]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise EngineError(
                f"Several objects in the network have the same name: {', '.join(duplicates)}"
            )
        # Checks across objects of one kind (e.g. two summed variables writing one variable).
        for check in dict.fromkeys(getattr(type(o), "check_network", None) for o in objects):
            if check is not None:
                check(objects)
        for obj in objects:
            if not obj.active:
                continue
            try:
                obj.before_run(run_namespace)
            except EngineError:
                raise
            except ModelError as error:  # a mistake in the model: its message says what
                raise obj.fail(str(error)) from error
            except Exception as error:  # a Python error in user data: attach the object
                raise obj.fail(f"{type(error).__name__}: {error}") from error

    def after_run(self) -> None:
        """Let every object clean up."""
        for obj in self.sorted_objects:
            obj.after_run()

    @check_units(duration=second, report_period=second)
    def run(
        self,
        duration: Quantity,
        report: ReportCallback | str | None = None,
        report_period: Quantity = 10 * second,
        namespace: Mapping[str, Any] | None = None,
        profile: bool = False,
        level: int = 0,
    ) -> None:
        """Simulate for ``duration``.

        Parameters
        ----------
        duration
            How long to simulate.
        report
            ``"text"``/``"stdout"``, ``"stderr"``, or a callback
            ``report(elapsed_wall_time, completed_fraction, start, duration)``, called at the
            start, every ``report_period`` of wall time, and at the end.
        report_period
            Wall time between reports.
        namespace
            Names for the models' external identifiers (default: those of the calling script).
        profile
            Measure the time each object's code takes (the run goes step by step): see
            `profiling_info` and `engine.core.profiling.profiling_summary`.
        level
            Accepted for compatibility with Brian 2.

        Raises
        ------
        EngineError
            If an object's model or code is invalid (before anything is simulated), or if a
            state variable becomes NaN (the run stops; data recorded so far is kept).
        """
        device_run = run_device.intercepting_run()  # a device other than runtime runs it
        if device_run is not None:
            namespace = caller_namespace() if namespace is None else namespace
            device_run(self, duration, report, report_period, namespace, profile, level)
            return
        duration_ = float(duration)
        if duration_ < 0:
            raise ValueError(f"The duration of a run cannot be negative ({duration})")
        if namespace is None:
            namespace = caller_namespace()
        callback = _report_callback(report)
        objects = self.sorted_objects
        self._stopped = False
        t_start = self.t_
        t_end = t_start + duration_
        clocks = list({obj.clock: None for obj in objects})
        for clock in clocks:
            clock.set_interval(t_start, t_end)
        self.before_run(namespace)
        for obj in objects:
            obj._join_network(self.id)
        active = [obj for obj in objects if obj.active]
        self.compiled_schedule = self._compiled_schedule(active, clocks)
        # Compiled targets build their code here, while the run is still being prepared.
        steps = [obj.step_function() for obj in active]
        profiler = Profiler() if profile else None
        if profiler is not None:  # timed step by step, not as one compiled schedule
            self.compiled_schedule = None
            steps = [
                profiler.timed(obj.name, step) for obj, step in zip(active, steps, strict=True)
            ]
        wall_start = time.time()
        if callback is not None:
            callback(0 * second, 0.0, Quantity(t_start, dim=second.dim), duration)
        completed = False
        try:
            # Overflows and invalid operations are the model's business: NaN is reported by
            # the state checks with the variable and its equation, not as a numpy warning.
            profiled = nullcontext() if profiler is None else profiler.timing_runs(active)
            with np.errstate(all="ignore"), profiled:
                self._loop(
                    active,
                    steps,
                    clocks,
                    callback,
                    float(report_period),
                    wall_start,
                    t_start,
                    duration,
                )
            completed = not self._stopped
        except EngineError:
            raise
        except Exception as error:  # raised by user code called in a step (a Python function)
            raise self._step_error(error, active, clocks) from error
        finally:
            elapsed = time.time() - wall_start
            # A stopped (or failed) run ends where its clocks are; a complete one at t_end.
            self.t_ = t_end if completed or not clocks else min(c.t_ for c in clocks)
            self.after_run()
            self._last_run_time = elapsed
            self._profiling_info = None if profiler is None else profiler.info()
        self._check_states(objects)
        if callback is not None:
            fraction = 1.0 if duration_ == 0 else (self.t_ - t_start) / duration_
            callback(elapsed * second, fraction, Quantity(t_start, dim=second.dim), duration)

    def _loop(
        self,
        active: list[EngineObject],
        steps: list[Callable[[], Any]],
        clocks: list[Clock],
        callback: ReportCallback | None,
        report_period: float,
        wall_start: float,
        t_start: float,
        duration: Quantity,
    ) -> None:
        if not clocks:
            return
        checkpoints = _Checkpoints(
            callback,
            report_period,
            wall_start,
            t_start,
            duration,
            [obj for obj in active if hasattr(obj, "check_for_invalid_states")],
            self._check_states,
        )
        schedule = self.compiled_schedule
        if schedule is not None and schedule.available:
            while not self._stopped:
                # Each step advances at least one clock: this many steps end the run.
                remaining = sum(max(c.end_step - int(c.timestep[0]), 0) for c in clocks)
                if remaining == 0:
                    break
                # A chunk of steps ends at the next report or state check, or after 0.1 s: a
                # stop request (seen between chunks) is followed within that time.
                budget = min(checkpoints.budget(), _CHUNK_SECONDS)
                schedule.run(remaining, budget)
                checkpoints.passed(min(c.t_ for c in clocks))
            return
        if len(clocks) == 1:
            clock = clocks[0]
            while clock.timestep[0] < clock.end_step and not self._stopped:
                for step in steps:
                    step()
                clock.advance()
                checkpoints.passed(clock.t_)
            return
        while not self._stopped:
            current = self._next_clocks(clocks)
            if current is None:
                break
            for obj in active:
                if obj.clock in current:
                    obj.run()
            for clock in current:
                clock.advance()
            checkpoints.passed(min(c.t_ for c in clocks))

    @staticmethod
    def _compiled_schedule(active: list[EngineObject], clocks: list[Clock]) -> Any:
        """Return the target's compiled schedule of the steps, or None to run step by step."""
        compile_schedule = getattr(current_target(), "compile_schedule", None)
        if compile_schedule is None or not clocks:
            return None
        parts = []
        for obj in active:
            part = obj.step_parts()
            if part is None:
                return None
            if part:
                parts.append({**part, "clock": clocks.index(obj.clock)})
        return compile_schedule(parts, clocks)

    @staticmethod
    def _step_error(
        error: Exception, active: list[EngineObject], clocks: list[Clock]
    ) -> EngineError:
        """Name the object whose step raised ``error``, and the simulated time."""
        by_code = {}
        for obj in active:
            function = obj.step_function()
            code = getattr(getattr(function, "__func__", function), "__code__", None)
            by_code[code] = obj
        culprit = None
        trace = error.__traceback__
        while trace is not None and culprit is None:
            culprit = by_code.get(trace.tb_frame.f_code)
            trace = trace.tb_next
        t = Quantity(min(c.t_ for c in clocks), dim=second.dim) if clocks else 0 * second
        message = f"{type(error).__name__} at t = {t}: {error}"
        if culprit is None:
            return EngineError(message, kind=ErrorKind.STEP)
        return culprit.fail(message, kind=ErrorKind.STEP)

    @staticmethod
    def _next_clocks(clocks: list[Clock]) -> set[Clock] | None:
        """Return the clocks at the earliest time still before their end (None if all ended)."""
        running = [c for c in clocks if c.timestep[0] < c.end_step]
        if not running:
            return None
        earliest = min(running, key=lambda c: c.t_)
        return {
            c
            for c in running
            if c.t_ == earliest.t_
            or abs(c.t_ - earliest.t_) / min(earliest.dt_, c.dt_) < Clock.epsilon_dt
        }

    def _check_states(self, objects: Iterable[EngineObject]) -> None:
        if not prefs.core.check_nan:
            return
        for obj in objects:
            check = getattr(obj, "check_for_invalid_states", None)
            if check is not None:
                check()

    @property
    def profiling_info(self) -> list[tuple[str, Quantity]]:
        """The time each object's code took in the last run, the slowest first.

        ``[(name, time), ...]``, as in Brian 2.

        Raises
        ------
        ValueError
            If the last run was not made with ``profile=True``.
        """
        info = getattr(self, "_profiling_info", None)
        if info is None:
            raise ValueError(
                f"No profiling information for '{self.name}': run it with profile=True"
            )
        return list(info)

    def stop(self) -> None:
        """End the current run at the next step boundary (safe to call from another thread)."""
        self._stopped = True

    # -- states of the objects -----------------------------------------------------------------

    def get_states(
        self,
        units: bool = True,
        format: str = "dict",
        subexpressions: bool = False,
        read_only_variables: bool = True,
        level: int = 0,
    ) -> dict[str, Any]:
        """Return ``{object name: object.get_states(...)}`` for every object that has states.

        Groups, synapses (and their pathways, ``synapses_pre``), monitors; contained objects
        too, as in Brian 2. The arguments are those of `Group.get_states`.
        """
        states = {}
        for obj in flatten(self.objects):
            getter = getattr(obj, "get_states", None)
            if getter is not None:
                states[obj.name] = getter(
                    units=units,
                    format=format,
                    subexpressions=subexpressions,
                    read_only_variables=read_only_variables,
                )
        return states

    def set_states(
        self, values: Mapping[str, Any], units: bool = True, format: str = "dict", level: int = 0
    ) -> None:
        """Set states of objects: ``{object name: values for its set_states}``.

        Raises
        ------
        KeyError
            For a name that is not an object of the network.
        TypeError
            For an object without state variables (a network operation).
        """
        for name, object_values in values.items():
            if name not in self:
                raise KeyError(f"set_states: the network '{self.name}' has no object '{name}'")
            setter = getattr(self[name], "set_states", None)
            if setter is None:
                raise TypeError(f"set_states: '{name}' has no state variables to set")
            setter(object_values, units=units, format=format)

    # -- store and restore --------------------------------------------------------------------

    def _state_arrays(self) -> dict[str, Any]:
        """Every array that holds the network's state, by object and variable name."""
        arrays: dict[str, Any] = {}
        for obj in flatten(self.objects):
            state = getattr(obj, "_stored_state", None)
            if state is not None:
                for key, value in state().items():
                    arrays[f"{obj.name}.{key}"] = value
        return arrays

    def store(self, name: str = "default", filename: str | None = None) -> None:
        """Keep a copy of the state of every object (and the time), to `restore` later.

        Parameters
        ----------
        name
            A name for the stored state; several can be kept.
        filename
            If given, write the state to this HDF5 file instead of memory.
        """
        state = {key: copy.deepcopy(value) for key, value in self._state_arrays().items()}
        state["__t__"] = self.t_
        state["__random__"] = rng.get_state()
        state["__clocks__"] = {
            obj.clock.name: (int(obj.clock.timestep[0]), obj.clock.dt_)
            for obj in flatten(self.objects)
        }
        if filename is not None:
            from engine.core.storage import write_state

            write_state(filename, name, state)
        else:
            self._stored[name] = state

    def restore(
        self, name: str = "default", filename: str | None = None, restore_random_state: bool = False
    ) -> None:
        """Bring back a state kept by `store`.

        All or nothing: every array of the state is checked against the object it belongs to
        (its type, its shape, indices within the groups they index, times finite and not
        negative, the synapses, their counts and spike queues consistent), and the time,
        clocks and random state too, before anything is changed; a state that fails leaves
        the network as it was. A file is checked before it is read (see
        `engine.core.storage.read_state`). Objects of the network the state has nothing for
        keep their values.

        Raises
        ------
        KeyError
            If nothing was stored under ``name``.
        FileNotFoundError
            If ``filename`` does not exist.
        StoredStateError
            If the state does not fit this network, or the file is damaged or refused: the
            message names the file, the state and the dataset.
        """
        if filename is not None:
            from engine.core.storage import read_state

            state = read_state(filename, name)
        else:
            if name not in self._stored:
                raise KeyError(f"No state stored under the name '{name}'")
            state = self._stored[name]
        try:
            t, clocks, random_state, checked = self._checked_state(state)
        except StoredStateError as error:
            raise error.located(None if filename is None else str(filename), name) from None
        for obj, values in checked:
            obj._restore_state(values)
        self.t_ = t
        if restore_random_state:
            rng.set_state(random_state)
        for obj in flatten(self.objects):
            clock_state = clocks.get(obj.clock.name)
            if clock_state is not None:
                obj.clock.timestep[0] = clock_state[0]
                obj.clock.t_array[0] = clock_state[0] * obj.clock.dt_

    def _checked_state(
        self, state: Mapping[str, Any]
    ) -> tuple[float, dict[str, tuple[int, float]], dict[str, Any], list[tuple[Any, Any]]]:
        """Check a stored state against the network; return what `restore` puts back.

        Returns the time, the clocks, the random state and, per object the state has a part
        for, what its ``_restore_state`` takes.

        Raises
        ------
        StoredStateError
            For the first problem found (without the file and state name).
        """
        for key in ("__t__", "__clocks__", "__random__"):
            if key not in state:
                raise StoredStateError(f"the state has no '{key}'", key)
        t = checked_time(state["__t__"])
        clocks = checked_clocks(state["__clocks__"])
        random_state = checked_random_state(state["__random__"])
        check = StateCheck(state, clocks)
        checked = []
        objects = flatten(self.objects)
        for obj in objects:
            check_part = getattr(obj, "_checked_state", None)
            part = check.part(obj.name)
            if check_part is None or not part:
                continue
            values = check_part(part, check)
            check.add(obj, values)
            checked.append((obj, values))
        for obj in objects:
            # The next run counts its steps from t on this clock: they must fit in int64.
            if t / obj.clock.dt_ >= MAX_CLOCK_STEPS:
                raise StoredStateError(
                    f"the time {t!r} s is more steps of {obj.clock.dt_!r} s than a clock counts",
                    "__t__",
                )
        return t, clocks, random_state, checked

    def __repr__(self) -> str:
        return f"<Network {self.name!r} with {len(self.objects)} objects>"


class _Checkpoints:
    """When a run reports its progress and checks its states: every so often in wall time."""

    check_period = 1.0  # seconds of wall time between checks for NaN

    def __init__(
        self,
        callback: ReportCallback | None,
        report_period: float,
        wall_start: float,
        t_start: float,
        duration: Quantity,
        checked: list[EngineObject],
        check: Callable[[list[EngineObject]], None],
    ) -> None:
        self.callback = callback
        self.report_period = report_period
        self.wall_start, self.t_start, self.duration = wall_start, t_start, duration
        self.checked, self.check = checked, check
        self.next_report = wall_start + report_period
        self.next_check = wall_start + self.check_period

    def budget(self) -> float:
        """Return the wall time until the next report or check (seconds, at least 0)."""
        due = self.next_check if self.callback is None else min(self.next_report, self.next_check)
        return max(due - time.time(), 0.0)

    def passed(self, t: float) -> None:
        """Report and check if their time has come (the simulation is at ``t``)."""
        now = time.time()
        if self.callback is not None and now > self.next_report:
            self.callback(
                (now - self.wall_start) * second,
                (t - self.t_start) / float(self.duration),
                Quantity(self.t_start, dim=second.dim),
                self.duration,
            )
            self.next_report = now + self.report_period
        if now > self.next_check:
            self.check(self.checked)
            self.next_check = now + self.check_period


def _report_callback(report: Any) -> ReportCallback | None:
    if report is None:
        return None
    if report in ("text", "stdout"):
        return TextReport(sys.stdout)
    if report == "stderr":
        return TextReport(sys.stderr)
    if isinstance(report, str):
        raise ValueError(
            f"Unknown report '{report}' (use 'text', 'stdout', 'stderr' or a function)"
        )
    if not callable(report):
        raise TypeError(f"report must be a string or a function, not {type(report).__name__}")
    return report


def generated_code(*objs: Any, namespace: Mapping[str, Any] | None = None) -> str:
    """Return the code the given objects (a group, monitors, a network) run each step.

    Examples
    --------
    >>> print(generated_code(group))  # doctest: +SKIP
    """
    single_network = len(objs) == 1 and isinstance(objs[0], Network)
    network = objs[0] if single_network else Network(*objs)
    return network.generated_code(namespace)
