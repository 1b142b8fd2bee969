"""Running a project: ``run(project) -> Results``, with progress, live data and a stop request.

`run` builds the project (`engine.project.build`), simulates it for the project's duration
and returns everything the monitors recorded as plain `Results`. While it runs, an optional
``report`` function receives a `Progress` at every report period of wall time: how far the run
is, how fast it goes, and the data recorded since the previous report (``progress.data``) —
what a live plot appends. Joining the chunks of every report of a run
(`engine.project.results.concatenate`) gives exactly the monitors of the final `Results`.

How a run is cut into reports
-----------------------------
The network runs in ONE ``Network.run(duration)`` call; reports come from the engine's own
report callback, which the network calls between two time steps (every `TICK` of wall time;
the report function every ``report_period``). A stop request (``stop``, checked at each
callback) calls `Network.stop`, which ends the run at the next step boundary. The
alternative — calling ``Network.run(chunk)`` repeatedly — would prepare every object again at
each chunk (names resolved, models checked, code generated) and split the clocks' intervals
at chunk boundaries; a single run avoids both, so the spikes of a run with reports (or one
stopped and looked at) are those of a plain ``net.run(duration)`` by construction, whatever
the report period. The tests check it.

Live changes and pace
---------------------
Between two chunks of the run — where the engine calls the report callback — a `Simulation`
applies the constants (and node fields) changed by `Simulation.set` (from any thread, or from
the report function itself) and records each `~engine.project.results.Change` with the
simulated time from which it holds (`engine.project.live` says how a change reaches generated
code without generating or compiling anything, and which constants cannot change during a
run). A paced run (``pace=1.0``, `Simulation.set_pace`) sleeps there until the simulated time
is due. Both are as fine-grained as the callbacks: every `TICK` of wall time at most. A change
holds from the boundary at which it is applied, exactly as if the run had been split there
into two runs with the assignment in between — which is what the script exported with the
changes does.

Errors: a project that cannot be built, and errors the engine finds when the run starts (a
unit mismatch, an unknown name: before anything is simulated) raise `BuildError` at their
node and field. Errors during the simulation (a variable becoming NaN, an error raised in a
step) raise `RunError`, which keeps the `Results` recorded until then.
"""

from __future__ import annotations

import contextlib
import datetime
import platform
import secrets
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine import rng
from engine._version import __version__
from engine.codegen.cython.build import CompileNotice, watching_compiles
from engine.codegen.targets import get_target
from engine.core.base import flatten
from engine.core.clocks import defaultclock
from engine.core.preferences import prefs
from engine.equations import evaluate_constant
from engine.input import TimedArray
from engine.project.build import Built, build, locate_error
from engine.project.diagnostics import to_diagnostic
from engine.project.document import MAX_SEED, MONITOR_KINDS, Project
from engine.project.errors import BuildError, InvalidProjectError, RunError
from engine.project.kinds import DATA_CLASSES
from engine.project.live import (
    Pacer,
    apply_constant,
    apply_field,
    check_change,
    check_field_limit,
    constant_values,
    live_uses,
)
from engine.project.results import Change, MonitorData, Provenance, Results
from engine.project.validate import validate
from engine.units import Quantity, get_unit_for_display, second
from engine.units.quantity import get_dimensions, have_same_dimensions

__all__ = ["TARGETS", "TICK", "Progress", "ReportFunction", "Simulation", "StopRequest", "run"]

#: The code targets a project may ask for.
TARGETS = ("auto", "numpy", "cython")

#: A stop request: an event (stop when set) or a function (stop when it returns True).
StopRequest = threading.Event | Callable[[], bool]

#: The longest wall time between two chunks of a run, in seconds: live changes and stop
#: requests are seen, and a paced run sleeps, this often at least.
TICK = 0.02


@dataclass(frozen=True)
class Progress:
    """How far a run is, and what was recorded since the previous report.

    Attributes
    ----------
    t
        Simulated time reached, in seconds (from the start of the simulation: a continued
        `Simulation` counts on).
    duration
        The run's duration, in seconds.
    fraction
        The part of the run done, ``(t - start) / duration`` (1 for a run of duration zero
        that ended).
    elapsed
        Wall time since the run started (including its preparation), in seconds.
    speed
        Simulated seconds per wall-time second of simulation, or None before it is known.
    eta
        Estimated wall time left, in seconds, or None before it is known.
    final
        True for the last report of a run (completed, stopped or failed).
    data
        Each monitor's data recorded since the previous report, by node name (possibly
        empty arrays): spikes for SpikeMonitors, samples for StateMonitors and
        PopulationRateMonitors.
    start
        The simulated time at which the run started (0 unless a `Simulation` continues).
    compiling
        True for a report sent as the compiled target starts compiling the network's code
        (its first run; nothing is simulated until the compile ends, which the next report
        shows): ``t`` is ``start`` and ``data`` is empty.
    compile_expected
        With ``compiling``: about how long the compile will take, in seconds (None when no
        earlier compile tells).
    """

    t: float
    duration: float
    fraction: float
    elapsed: float
    speed: float | None = None
    eta: float | None = None
    final: bool = False
    data: Mapping[str, MonitorData] = field(default_factory=dict)
    start: float = 0.0
    compiling: bool = False
    compile_expected: float | None = None


#: A report function: called with the progress of the run.
ReportFunction = Callable[[Progress], None]


def run(
    project: Project,
    report: ReportFunction | None = None,
    *,
    duration: str | Quantity | None = None,
    seed: int | None = None,
    target: str | None = None,
    stop: StopRequest | None = None,
    report_period: str | Quantity | None = None,
    pace: float | None = None,
) -> Results:
    """Build and run ``project``, and return what its monitors recorded.

    Parameters
    ----------
    project
        The project (not modified).
    report
        Called with a `Progress` when the simulation starts, every ``report_period`` of wall
        time, and once at the end (``final=True``); ``progress.data`` holds the monitor data
        recorded since the previous call. It is called in the thread that runs.
    duration, seed, target, report_period
        Override the project's run settings (a duration as text such as ``"1*second"`` or
        as a quantity). When neither the project nor ``seed`` gives a seed, one is drawn
        and recorded in the results, so that the run can be reproduced.
    stop
        A `threading.Event` (or a function returning True) checked at each report: once set,
        the run ends at the next step and the results hold everything recorded so far (status
        ``"stopped"``).
    pace
        None or 0 to run as fast as possible; otherwise the simulated seconds per second of
        wall time at most (1.0: real time, 0.1: ten times slower), kept by sleeping between
        chunks.

    Returns
    -------
    Results
        The monitors' data, the project as run (with the settings actually used) and the
        provenance of the run.

    Raises
    ------
    BuildError
        If the project cannot be built, or the engine finds a problem in it when the run
        starts (before anything is simulated).
    RunError
        If the simulation fails (a variable becomes NaN, a step raises an error); its
        ``results`` hold what was recorded until then.
    """
    simulation = Simulation(project, seed=seed, target=target)
    return simulation.run(
        report, duration=duration, stop=stop, report_period=report_period, pace=pace
    )


class Simulation:
    """A project built once, to run and to run on: each `run` continues where the last ended.

    ``Simulation(project).run()`` is `run` (project); calling `run` again simulates further,
    as a second ``net.run`` of a Brian 2 script does: monitors keep recording, and the
    results of each run hold everything since the start. Between two runs other code may use
    the engine (build another project, draw random numbers): a simulation keeps its own time
    step and random state, so a continued run does not depend on what happened in between.

    While it runs, `set` changes a constant and `set_pace` the pace, from any thread; the
    results hold the changes made (`Results.changes`).

    Parameters
    ----------
    project
        The project (not modified).
    seed, target
        Override the project's seed and code target (see `run`).

    Raises
    ------
    BuildError
        If the project cannot be built.

    Attributes
    ----------
    project
        The project as built, with the settings used (its duration is what was simulated
        so far, once a run ended).
    seed_drawn
        Whether the seed was drawn because neither the project nor ``seed`` gave one.
    target_used
        The code target the simulation runs on.
    build_time
        Wall time of the build, in seconds.
    changes
        The live changes applied so far, in order (see `set`).
    """

    def __init__(
        self, project: Project, *, seed: int | None = None, target: str | None = None
    ) -> None:
        self.project, self.seed_drawn = _as_run(project, None, seed, target, None)
        refuse_invalid(self.project)
        self.target_used = _target(self.project.run.target)
        self.runs = 0
        with _code_target(self.target_used):
            build_start = time.perf_counter()
            self._built = build(self.project)
            self.build_time = time.perf_counter() - build_start
        self._dt = float(defaultclock.dt)
        self._random_state = rng.get_state()
        network = self._built.network
        self._monitors = [
            (node, self._built.objects[node.id])
            for node in self.project.nodes
            if node.kind in MONITOR_KINDS
        ]
        self._t_start = network.t_
        self._clocks = list({obj.clock: None for obj in flatten(network.objects)})
        # Live changes: checked by `set` (any thread), applied between chunks (the run's).
        self._lock = threading.Lock()
        self._pending: list[tuple[str, str, object]] = []
        self.changes: list[Change] = []
        self._uses = live_uses(self.project)
        self._pacer = Pacer()

    def set(self, name: str, value: str) -> None:
        """Change the constant ``name`` to ``value`` (text with units, ``"2*mV"``).

        ``name`` may also be a node field that a run may change, as ``"node.field"``
        (``"P.rates"``: see `engine.project.live.LIVE_FIELDS`).

        Thread-safe. The change is checked here and applied at the next boundary between two
        chunks of the run (during a run: within `TICK` of wall time; after the report function
        that calls it returns; otherwise when the next run starts), without generating or
        compiling code; it is recorded in `changes` with the simulated time from which it
        holds. ``value`` may use the constants (their values at the time of the call,
        earlier changes included).

        Raises
        ------
        LiveChangeError
            If ``name`` is not a constant of the project, is used when the network is built
            or by no model text (the message names the node and field, and says to stop,
            change and run again), or ``value`` is not a constant expression with the
            constant's unit.
        """
        with self._lock:
            values = constant_values(self._built.namespace, self.project)
            values.update({n: number for n, _, number in self._pending if "." not in n})
            number = check_change(self.project, values, name, value, self._uses)
            if "." in name:
                check_field_limit(self.project, self._built.objects, name, number, value)
            self._pending.append((name, value, number))

    def set_pace(self, factor: float | None) -> None:
        """Run at ``factor`` times real time at most (None or 0: as fast as possible).

        Thread-safe; during a run, it holds from the next chunk on.

        Raises
        ------
        ValueError
            If ``factor`` is negative or not a finite number.
        """
        self._pacer.set(factor)

    @property
    def pace(self) -> float | None:
        """The pace: simulated seconds per wall-time second at most, or None (unpaced)."""
        return self._pacer.factor

    def _between_chunks(self, final: bool, stopped: Callable[[], bool]) -> None:
        """Apply pending changes and keep the pace (in the running thread, between chunks)."""
        t = min(c.t_ for c in self._clocks) - self._t_start if self._clocks else self.t
        if not final:  # after the last chunk they hold from the next run on
            self._apply_pending(t)
        self._pacer.wait(t, stopped)

    def _apply_pending(self, t: float) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
            for name, text, number in pending:
                if "." in name:  # a node field: its engine variable
                    apply_field(self.project, self._built.objects, name, number)
                else:
                    self._built.namespace[name] = number  # what the next run resolves
                    apply_constant(self._built.network, name, number)
                self.changes.append(Change(float(t), name, text))

    @property
    def t(self) -> float:
        """The simulated time reached so far, in seconds."""
        return float(self._built.network.t_ - self._t_start)

    @property
    def seed(self) -> int:
        """The seed of the run's random numbers: the project's, the one given, or one drawn."""
        seed = self.project.run.seed
        if seed is None:  # pragma: no cover - _as_run always sets one
            raise AssertionError("a simulation always has a seed")
        return seed

    def run(
        self,
        report: ReportFunction | None = None,
        *,
        duration: str | Quantity | None = None,
        stop: StopRequest | None = None,
        report_period: str | Quantity | None = None,
        pace: float | None = None,
    ) -> Results:
        """Simulate for ``duration`` (default: the project's), on from where the last run ended.

        Parameters and errors are those of `run`; ``progress.t`` counts from the start of the
        simulation and ``progress.start`` says where this run began. The returned results
        hold every monitor's data, and every live change, since the start of the simulation.
        ``pace`` sets the pace of this run (`set_pace` changes it while it runs).
        """
        built = self._built
        settings = self.project.run
        duration_text = settings.duration if duration is None else _time_text(duration, "duration")
        period_text = (
            settings.report_period
            if report_period is None
            else _time_text(report_period, "report_period")
        )
        length = _seconds(duration_text, "run.duration", built)
        period = _seconds(period_text, "run.report_period", built)
        started_at = datetime.datetime.now(datetime.UTC)
        start = self.t
        network = built.network
        self._pacer.set(pace)
        reporter = _Reporter(
            network, self._monitors, start, length, report, stop, period, self._between_chunks
        )
        failure: Exception | None = None
        # What other code did with the engine's clock and random numbers since the last run
        # must not change this one.
        defaultclock.dt = self._dt * second
        rng.set_state(self._random_state)
        with _code_target(self.target_used), watching_compiles(reporter.compile_notice):
            try:
                network.run(
                    length * second,
                    report=reporter,
                    report_period=min(period, TICK) * second,
                    namespace=built.namespace,
                )
            except Exception as error:
                failure = error
        self._random_state = rng.get_state()
        self.runs += 1
        if reporter.error is not None:  # the report (or stop) function raised: that error
            raise reporter.error
        if failure is not None and not reporter.started:
            # Before the first step: a problem of the model (units, names), not of the run.
            raise locate_error(failure, built) from failure
        wall_time = time.perf_counter() - reporter.wall_start
        simulated = self.t
        ended = simulated - start >= length - 0.5 * self._dt
        if failure is not None:
            status = "failed"
        elif ended:
            status = "completed"
        else:
            status = "stopped"
        located = _run_error(failure, built) if failure is not None else None
        provenance = Provenance(
            engine_version=__version__,
            seed=self.seed,
            seed_drawn=self.seed_drawn,
            target=settings.target,
            target_used=self.target_used,
            dt=self._dt,
            duration=start + length,
            simulated=simulated,
            status=status,
            wall_time=wall_time,
            build_time=self.build_time,
            compile_time=reporter.compile_time,
            date=started_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
            numpy_version=np.__version__,
            python_version=platform.python_version(),
            platform=platform.platform(),
            error=located.message if located is not None else "",
        )
        as_run = self.project.model_copy(deep=True)
        as_run.run.duration = duration_text if start == 0 else f"{start + length!r}*second"
        as_run.run.report_period = period_text
        with self._lock:
            changes = list(self.changes)
        results = Results(
            as_run,
            provenance,
            {node.name: _chunk(node, obj, 0) for node, obj in self._monitors},
            changes,
        )
        reporter.finish(simulated)
        if located is not None:
            located.results = results
            raise located from failure
        return results


@contextlib.contextmanager
def _code_target(target: str) -> Iterator[None]:
    previous = prefs.codegen.target
    prefs.codegen.target = target
    try:
        yield
    finally:
        prefs.codegen.target = previous


# -- settings ----------------------------------------------------------------------------------


def _as_run(
    project: Project,
    duration: str | Quantity | None,
    seed: int | None,
    target: str | None,
    report_period: str | Quantity | None,
) -> tuple[Project, bool]:
    """Return a copy of ``project`` with the settings of this run, and whether a seed was drawn."""
    project = project.model_copy(deep=True)
    settings = project.run
    if duration is not None:
        settings.duration = _time_text(duration, "duration")
    if report_period is not None:
        settings.report_period = _time_text(report_period, "report_period")
    if target is not None:
        if target not in TARGETS:
            raise ValueError(f"Unknown target {target!r} (use one of {', '.join(TARGETS)})")
        settings.target = target  # type: ignore[assignment]  # checked against TARGETS above
    if seed is not None:
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise TypeError(f"The seed must be an integer, not {seed!r}")
        if not 0 <= seed <= MAX_SEED:
            raise ValueError(f"The seed must be a whole number from 0 to {MAX_SEED}, not {seed}")
        settings.seed = int(seed)
    drawn = settings.seed is None
    if drawn:
        settings.seed = secrets.randbelow(2**32)
    return project, drawn


def refuse_invalid(project: Project) -> None:
    """Raise `InvalidProjectError` if validation finds errors: run refuses what it reports.

    A project file can come from anyone; nothing of it is built before it has been checked
    as a whole, and the user gets the messages the editor and ``spikecanvas validate`` show.
    """
    errors = [d for d in validate(project) if d.severity == "error"]
    if errors:
        raise InvalidProjectError(errors, {node.id: node.name for node in project.nodes})


def _time_text(value: str | Quantity, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Quantity) and have_same_dimensions(value, second):
        return f"{float(value)!r}*second"
    raise TypeError(f"The {what} must be a time (such as '1*second' or 1*second), not {value!r}")


def _seconds(text: str, field_name: str, built: Built) -> float:
    """Evaluate a time setting (with the project's constants) in seconds."""
    constants = {k: v for k, v in built.namespace.items() if not isinstance(v, TimedArray)}
    try:
        value = evaluate_constant(text, constants)
    except ValueError as error:  # ModelError and its subclasses
        diagnostic = to_diagnostic(error, field=field_name, text=text, hint="none")
        raise BuildError.from_diagnostic(diagnostic) from error
    if not have_same_dimensions(value, second):
        unit = get_unit_for_display(get_dimensions(value))
        raise BuildError(
            f"'{text}' is not a time (its unit is {unit}): write it as e.g. '100*ms'",
            field=field_name,
        )
    seconds = float(np.asarray(value, dtype=np.float64))
    if not np.isfinite(seconds) or seconds < 0:
        raise BuildError(f"'{text}' must be a finite time, not negative", field=field_name)
    return seconds


def _target(requested: str) -> str:
    """Return the code target to run on; one that is not available falls back to numpy."""
    try:
        return get_target(requested).name
    except ValueError as error:
        warnings.warn(f"{error}: running on numpy", RuntimeWarning, stacklevel=3)
        return "numpy"


# -- reports and data --------------------------------------------------------------------------


class _Reporter:
    """The engine's report callback: progress, live data, stop requests, changes and pace.

    The engine calls it after preparing the network (fraction 0), every `TICK` (at most)
    between two chunks, and at the end. Each call hands over to ``between`` (live changes,
    pace) and checks the stop request; the report function is called at the first and then
    every ``period`` of wall time; the end is reported by `finish` instead, once the run is
    over. An exception of the report or stop function stops the network and is re-raised by
    `run`.
    """

    def __init__(
        self,
        network: Any,
        monitors: list[tuple[Any, Any]],
        start: float,
        duration: float,
        report: ReportFunction | None,
        stop: StopRequest | None,
        period: float = 0.0,
        between: Callable[[bool, Callable[[], bool]], None] | None = None,
    ) -> None:
        self.network = network
        self.monitors = monitors
        self.start = start
        self.duration = duration
        self.report = report
        self.stop = stop
        # A continued simulation reports only what this run adds.
        self.offsets = [len(monitor.variables["t"].get_value()) for _, monitor in monitors]
        self.started = False
        self.stop_requested = False
        self.error: BaseException | None = None
        self.wall_start = time.perf_counter()
        self.loop_start: float | None = None
        #: Wall time spent compiling code during the run, in seconds.
        self.compile_time = 0.0
        self.period = period
        self.between = between
        self.next_report: float | None = None  # None: report at the next call

    def __call__(
        self, elapsed: Quantity, completed: float, start: Quantity, duration: Quantity
    ) -> None:
        """Report the progress of the run (a callback of `Network.run`)."""
        if not self.started:
            self.started = True
            self.loop_start = time.perf_counter()
        if self.stop_requested or self.error is not None:
            return
        final = completed >= 1.0  # the end of the run: `finish` reports it
        try:
            now = time.perf_counter()
            due = self.next_report is None or now >= self.next_report
            if self.report is not None and not final and due:
                self.report(self._progress(self.start + completed * self.duration, final=False))
                self.next_report = now + self.period
            if self.between is not None:
                self.between(final, self._stop_is_requested)
            if not final and self._stop_is_requested():
                self.stop_requested = True
                self.network.stop()
        except Exception as error:
            self.error = error
            self.network.stop()

    def compile_notice(self, notice: CompileNotice) -> None:
        """Count compile time; report that a compile starts (a watcher of `watching_compiles`)."""
        if notice.done:
            self.compile_time += notice.seconds
            return
        if self.report is None or self.error is not None:
            return
        elapsed = time.perf_counter() - self.wall_start
        progress = Progress(
            self.start,
            self.duration,
            0.0,
            elapsed,
            start=self.start,
            compiling=True,
            compile_expected=notice.expected,
        )
        try:
            self.report(progress)
        except Exception as error:  # never into the compile: the run stops before its first step
            self.error = error
            self.network.stop()

    def finish(self, simulated: float) -> None:
        """Send the final report, with the data recorded since the previous one."""
        if self.report is not None:
            self.report(self._progress(simulated, final=True))

    def _stop_is_requested(self) -> bool:
        if self.stop is None:
            return False
        if isinstance(self.stop, threading.Event):
            return self.stop.is_set()
        return bool(self.stop())

    def _progress(self, t: float, final: bool) -> Progress:
        now = time.perf_counter()
        running = now - self.loop_start if self.loop_start is not None else 0.0
        done = t - self.start
        speed = done / running if running > 0 and done > 0 else None
        if final:
            eta: float | None = 0.0
        else:
            eta = (self.duration - done) / speed if speed else None
        fraction = done / self.duration if self.duration > 0 else (1.0 if final else 0.0)
        data = {}
        for k, (node, monitor) in enumerate(self.monitors):
            chunk = _chunk(node, monitor, self.offsets[k])
            self.offsets[k] += len(chunk)
            data[node.name] = chunk
        elapsed = now - self.wall_start
        return Progress(t, self.duration, fraction, elapsed, speed, eta, final, data, self.start)


def _chunk(node: Any, monitor: Any, start: int) -> MonitorData:
    """Return what ``monitor`` recorded from its ``start``-th spike or sample on."""
    return DATA_CLASSES[node.kind].recorded(
        monitor,
        start,
        node_id=node.id,
        name=node.name,
        source=monitor.source.name,
        source_size=len(monitor.source),
    )


# -- errors ------------------------------------------------------------------------------------


def _run_error(failure: Exception, built: Built) -> RunError:
    """Describe an error raised during the simulation at its node (and field, when known).

    A variable that became NaN is reported at its definition in the model (the error says
    which argument, ``model``, and where in it).
    """
    located = locate_error(failure, built)
    return RunError(
        located.message,
        located.node_id,
        located.node_name,
        located.field,
        located.line,
        located.column,
    )
