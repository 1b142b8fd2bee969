"""The worker that builds and runs a project in its own thread.

It lives in a `QThread` owned by `RunController`. Everything it does with the engine happens in
that thread, one run at a time: the `Simulation` it keeps between runs (to continue one) is
never touched by the GUI thread. What the GUI needs — progress, monitor data, results,
errors — leaves through queued signals as plain data.
"""

from __future__ import annotations

import threading
import traceback
import warnings
from dataclasses import dataclass
from typing import SupportsFloat

from PySide6 import QtCore

from engine.equations import evaluate_constant
from engine.project import Project
from engine.project.errors import ProjectError
from engine.project.runner import Progress, Simulation
from engine.units import have_same_dimensions, second

__all__ = ["MIN_REPORT_PERIOD", "RunRequest", "RunWorker", "UnexpectedError"]

#: The shortest report period in the window, in seconds: faster reports (a period of 0 reports
#: every step) would flood the GUI thread with signals and freeze it.
MIN_REPORT_PERIOD = 0.02


@dataclass(frozen=True)
class RunRequest:
    """What to run.

    Attributes
    ----------
    project
        A copy of the project, owned by the run.
    resume
        Continue the worker's current simulation instead of building a new one.
    """

    project: Project
    resume: bool = False


class UnexpectedError(Exception):
    """An error the engine did not expect (a bug): the run's error signal carries it.

    Attributes
    ----------
    details
        The traceback, for a bug report.
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.details = "".join(traceback.format_exception(error))


class RunWorker(QtCore.QObject):
    """Builds and runs projects in its thread; reports through signals.

    Signals
    -------
    progressed(Progress)
        At the start, while code compiles (``progress.compiling``), every report period and
        at the end of a run.
    finished(Results)
        The run ended (completed or stopped).
    failed(Exception)
        The run could not be built or failed: a `BuildError` or `RunError` (with its partial
        results) located at its node, or an `UnexpectedError`.
    warned(list)
        The messages of the warnings the engine gave during the run (a damaged compile cache
        rebuilt, code run on numpy...), just before `finished` or `failed`; not emitted if
        none.
    live_refused(str, str)
        A live change asked for while the network was being built was refused when it was
        built: the name and why.
    """

    progressed = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    warned = QtCore.Signal(list)
    live_refused = QtCore.Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        #: Set (from any thread) to stop the current run at its next report.
        self.stop_event = threading.Event()
        self._simulation: Simulation | None = None
        # Live changes asked for while the network is being built: applied once it is.
        self._early: list[tuple[str, str]] = []
        self._early_lock = threading.Lock()
        #: The pace of runs: simulated seconds per wall-time second at most (None: unpaced).
        self._pace: float | None = None

    @QtCore.Slot(object)
    def run(self, request: RunRequest) -> None:
        """Run ``request`` (called through a queued signal, in the worker's thread)."""
        # Collected for the window (printed on stderr, nobody would see them).
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ended, outcome = self._run(request)
        messages = list(dict.fromkeys(str(warning.message) for warning in caught))
        if messages:  # first: the run's outcome includes them
            self.warned.emit(messages)
        ended.emit(outcome)

    def _run(self, request: RunRequest) -> tuple[QtCore.SignalInstance, object]:
        """Run ``request``; return the signal to emit (finished or failed) and its argument."""
        try:
            if not request.resume or self._simulation is None:
                self._simulation = None  # free the previous network before building the next
                simulation = Simulation(request.project)
                with self._early_lock:
                    early, self._early = self._early, []
                    self._simulation = simulation
                for name, value in early:
                    self._apply_early(simulation, name, value)
            settings = request.project.run
            results = self._simulation.run(
                self._report,
                duration=settings.duration,
                report_period=_report_period(settings.report_period),
                stop=self.stop_event,
                pace=self._pace,
            )
        except Exception as error:  # every failure must reach the window, never kill the thread
            if not hasattr(error, "node_id"):  # not a BuildError/RunError: a bug
                error = UnexpectedError(error)
            self._simulation = None  # a failed network is not worth continuing
            return self.failed, error
        return self.finished, results

    def set_live(self, name: str, value: str) -> None:
        """Change ``name`` to ``value`` in the running simulation (from any thread).

        The engine checks the change at once and applies it at the next boundary between two
        chunks (`Simulation.set`). While the network is being built the change waits, and is
        applied as soon as it is (a refusal then comes through `live_refused`).

        Raises
        ------
        LiveChangeError
            If the running simulation cannot take the change (an unknown name, a unit
            mismatch, a constant that sets the network's structure).
        """
        with self._early_lock:
            simulation = self._simulation
            if simulation is None:
                self._early.append((name, value))
                return
        simulation.set(name, value)

    def set_pace(self, factor: float | None) -> None:
        """Run at ``factor`` times real time from the next chunk on (None: as fast as possible)."""
        self._pace = factor
        simulation = self._simulation
        if simulation is not None:
            simulation.set_pace(factor)

    def _apply_early(self, simulation: Simulation, name: str, value: str) -> None:
        try:
            simulation.set(name, value)
        except ProjectError as error:
            self.live_refused.emit(name, str(error))

    def forget(self) -> None:
        """Drop the kept simulation (call in the worker's thread or when it is idle)."""
        self._simulation = None

    def _report(self, progress: Progress) -> None:
        self.progressed.emit(progress)


def _report_period(text: str) -> str:
    """Return ``text``, or the shortest period the window takes if it asks for less."""
    try:
        value = evaluate_constant(text, {})
    except (ValueError, TypeError):  # the runner reports what is wrong with it, at its field
        return text
    if not have_same_dimensions(value, second) or not isinstance(value, SupportsFloat):
        return text  # so does it a period that is not a time
    seconds = float(value)
    return text if seconds >= MIN_REPORT_PERIOD else f"{MIN_REPORT_PERIOD!r}*second"
