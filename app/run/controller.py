"""The run controller: one worker thread, the run's state, and what may run next.

The window asks the controller to start, continue or stop a run; the controller hands a copy of
the project to its `RunWorker` (in a `QThread`) and relays the worker's reports as signals in
the GUI thread. It never blocks: a stop request only sets an event the run checks at its next
report (every report period of wall time).

The thread runs only during a run: a window closed or destroyed between runs has no thread to
end (Qt aborts the process when a running `QThread` is destroyed). The worker object, and the
simulation it keeps for Continue, survive from one run to the next.

The controller owns what the last run left (`last_run`, a `RunOutcome`: results, problems,
warnings); a new run, or `forget` (a new project in the window), drops it.
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6 import QtCore

from app.run.collector import gui_thread_collector
from app.run.outcome import RunOutcome
from app.run.worker import RunRequest, RunWorker
from engine.project import Project

__all__ = ["RunController", "RunState", "same_network"]

# What a continued run may differ in: where nodes are drawn, words, plots and the run's length,
# and what the window keeps around runs (sweeps, sliders).
_PRESENTATION = {"position", "notes", "plot"}
_PROJECT_PRESENTATION = {"title", "description", "notes", "sweeps", "live_parameters"}
_RUN_LENGTH = {"duration", "report_period"}


class RunState(enum.Enum):
    """What the controller is doing."""

    IDLE = "idle"
    RUNNING = "running"
    STOPPING = "stopping"


def same_network(a: Project, b: Project) -> bool:
    """Whether ``b`` simulates the same network as ``a`` (so a run of ``a`` may continue in ``b``).

    Layout, notes, plot settings, sweeps, live parameters (the sliders, not the constants'
    values), the duration and the report period may differ; anything else (equations, sizes,
    connections, constants, dt, seed, target) may not.
    """
    return _network_of(a) == _network_of(b)


def _network_of(project: Project) -> dict[str, Any]:
    data = project.model_dump(exclude=_PROJECT_PRESENTATION)
    for node in data["nodes"]:
        for key in _PRESENTATION:
            node.pop(key, None)
    for key in _RUN_LENGTH:
        data["run"].pop(key)
    return data


class RunController(QtCore.QObject):
    """Starts, continues and stops runs of projects in a worker thread.

    Signals
    -------
    state_changed(RunState)
        Idle, running or stopping.
    started(Project, bool)
        A run started: the project it runs, and whether it continues the previous run.
    progressed(Progress)
        A report of the run (`engine.project.runner.Progress`, with new monitor data).
    finished(Results)
        The run ended, completed or stopped (`engine.project.results.Results`).
    failed(Exception)
        The run could not be built or failed (`BuildError`, `RunError` with partial results,
        or `app.run.worker.UnexpectedError`).
    warned(list)
        The engine's warnings during the run (their messages), after `finished` or `failed`.
    outcome_changed(object)
        `last_run` changed: the new `RunOutcome`, or None (a run started, or `forget`).
    discarded()
        A run that `forget` stopped has ended; nothing of it is kept or reported.
    live_refused(str, str)
        A live change asked for while the network was being built was refused (name, why).
    continuable_changed()
        Which project may continue the last run changed (`adopt_live_values`).

    Signals of a run are emitted in this order: `started`, `progressed`..., then
    `outcome_changed`, `finished` or `failed`, `warned` (if any), with `state_changed`
    (idle) before them.
    """

    state_changed = QtCore.Signal(object)
    started = QtCore.Signal(object, bool)
    progressed = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    warned = QtCore.Signal(list)
    outcome_changed = QtCore.Signal(object)
    discarded = QtCore.Signal()
    live_refused = QtCore.Signal(str, str)
    continuable_changed = QtCore.Signal()
    _requested = QtCore.Signal(object)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._state = RunState.IDLE
        # The network the worker can continue (as `same_network` compares it), or None.
        self._last_network: dict[str, Any] | None = None
        self._thread = QtCore.QThread(self)
        self._thread.setObjectName("SpikeCanvas run")
        self._worker = RunWorker()
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.run)
        self._worker.progressed.connect(self._progressed)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._worker.warned.connect(self._warned)
        self._worker.live_refused.connect(self.live_refused)
        self._collecting = False  # whether this controller's run holds the GUI-thread collector
        self._last_run: RunOutcome | None = None
        self._warnings: list[str] = []  # of the run going on (the worker sends them first)
        self._discarding = False  # the run going on was forgotten: nothing of it is kept

    @property
    def state(self) -> RunState:
        """What the controller is doing."""
        return self._state

    @property
    def running(self) -> bool:
        """Whether a run is going on (also while it stops)."""
        return self._state is not RunState.IDLE

    @property
    def last_run(self) -> RunOutcome | None:
        """What the last run left (None before the first, during a run, after `forget`)."""
        return self._last_run

    def can_continue(self, project: Project) -> bool:
        """Whether a run of ``project`` may continue the last run (same network, not failed)."""
        return (
            not self.running
            and self._last_network is not None
            and _network_of(project) == self._last_network
        )

    def start(self, project: Project, *, resume: bool = False) -> None:
        """Run a copy of ``project`` in the worker thread; return at once.

        Parameters
        ----------
        resume
            Continue the last run for the project's duration instead of starting afresh.

        Raises
        ------
        RuntimeError
            If a run is going on, or ``resume`` is asked and `can_continue` is False.
        """
        if self.running:
            raise RuntimeError("A run is going on: stop it first")
        if resume and not self.can_continue(project):
            raise RuntimeError("The last run cannot be continued: start a new run")
        project = project.model_copy(deep=True)
        self._worker.stop_event.clear()
        self._last_network = _network_of(project)
        self._warnings = []
        self._discarding = False
        self._set_outcome(None)
        self._set_state(RunState.RUNNING)
        self.started.emit(project, resume)
        # No garbage collection in the worker's thread (see app.run.collector).
        gui_thread_collector().hold()
        self._collecting = True
        self._thread.start()
        self._requested.emit(RunRequest(project, resume))

    def set_live(self, name: str, value: str) -> None:
        """Change a constant of the running simulation (see `RunWorker.set_live`).

        Raises
        ------
        LiveChangeError
            If the run cannot take the change; nothing changes.
        """
        self._worker.set_live(name, value)

    def adopt_live_values(self, project: Project) -> None:
        """Let ``project`` continue the last run: it holds the live values that run ended with.

        The constants kept after a run with live changes differ from those the network was
        built with, but the simulation already runs with them: Continue stays possible.
        """
        if self._last_network is not None and not self.running:
            self._last_network = _network_of(project)
            self.continuable_changed.emit()

    def set_pace(self, factor: float | None) -> None:
        """Pace this run (if any) and the next ones: ``factor`` × real time, None: unpaced."""
        self._worker.set_pace(factor)

    def stop(self) -> bool:
        """Ask the run to stop at its next report; return whether a run was going on."""
        if self._state is not RunState.RUNNING:
            return False
        self._worker.stop_event.set()
        self._set_state(RunState.STOPPING)
        return True

    def forget(self) -> None:
        """Forget the last run: its outcome, and the network kept to continue it.

        A run going on is stopped, and nothing of it will be reported (`discarded` is emitted
        when it has ended) — the window calls this when it gets a new project.
        """
        self._last_network = None
        self._set_outcome(None)
        if self.running:
            self._discarding = True
            self._worker.stop_event.set()
            self._set_state(RunState.STOPPING)
        else:
            self._worker.forget()  # idle: the worker's thread is not running

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop any run and end the worker thread (before the application quits).

        Returns whether the thread ended within ``timeout_ms``.
        """
        self._worker.stop_event.set()
        self._thread.quit()
        ended = self._thread.wait(timeout_ms)
        if ended:
            self._last_network = None  # the run's last reports are never delivered
            self._release_collector()
            self._set_state(RunState.IDLE)
        return ended

    def _progressed(self, progress: Any) -> None:
        if not self._discarding:
            self.progressed.emit(progress)

    def _warned(self, messages: list[str]) -> None:
        self._warnings += messages

    def _finished(self, results: Any) -> None:
        self._end_thread()
        if self._discarded():
            return
        self._set_state(RunState.IDLE)
        self._set_outcome(RunOutcome.of_results(results).with_warnings(self._warnings))
        self.finished.emit(results)
        self._emit_warnings()

    def _failed(self, error: Exception) -> None:
        self._end_thread()
        self._last_network = None  # the worker dropped the failed network
        if self._discarded():
            return
        self._set_state(RunState.IDLE)
        self._set_outcome(RunOutcome.of_failure(error).with_warnings(self._warnings))
        self.failed.emit(error)
        self._emit_warnings()

    def _discarded(self) -> bool:
        """End a forgotten run without a trace; return whether the run was one."""
        if not self._discarding:
            return False
        self._discarding = False
        self._warnings = []
        self._last_network = None
        self._worker.forget()  # its thread has ended
        self._set_state(RunState.IDLE)
        self.discarded.emit()
        return True

    def _emit_warnings(self) -> None:
        warnings, self._warnings = self._warnings, []
        if warnings:
            self.warned.emit(warnings)

    def _set_outcome(self, outcome: RunOutcome | None) -> None:
        if outcome is not self._last_run:
            self._last_run = outcome
            self.outcome_changed.emit(outcome)

    def _end_thread(self) -> None:
        # The worker emitted its last signal as it returns: the thread ends in moments.
        self._thread.quit()
        self._thread.wait()
        self._release_collector()

    def _release_collector(self) -> None:
        if self._collecting:
            self._collecting = False
            gui_thread_collector().release()

    def _set_state(self, state: RunState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
