"""Work in a thread of its own: a sweep on Dask, a trial run again, a trial timed.

`BackgroundJob` runs one function at a time in a `QThread`, so the GUI thread never waits for
a Dask client, a cluster starting or a run. The function gets a ``report`` callable; what it
reports, its result and its error leave the thread through **queued** signals only, so they
reach widgets in the GUI thread, in order, whichever thread (the job's, or a Dask thread)
reported them. While a job runs, Python's garbage is collected in the GUI thread only (see
`app.run.collector`: a collection in the job's thread could destroy Qt objects of the GUI).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from app.run.collector import gui_thread_collector

__all__ = ["BackgroundJob", "JobError", "Report"]

#: What a job calls to report progress (any plain data); safe from any thread.
Report = Callable[[object], None]
#: A job: called in the job's thread with a ``report`` callable; returns its result.
Job = Callable[[Report], object]


class JobError(Exception):
    """An error a job raised, with its traceback (the job's thread has ended).

    Attributes
    ----------
    error
        The exception itself (its type and attributes: a `SweepError`'s field...).
    details
        The formatted traceback, for a bug report.
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error
        self.details = "".join(traceback.format_exception(error))


class _Worker(QtCore.QObject):
    """Lives in the job's thread and calls the job there."""

    reported = QtCore.Signal(object)
    done = QtCore.Signal(object)
    failed = QtCore.Signal(object)

    @QtCore.Slot(object)
    def run(self, job: Job) -> None:
        try:
            result = job(self.reported.emit)
        except Exception as error:  # every failure must reach the window, never kill the thread
            self.failed.emit(JobError(error))
            return
        self.done.emit(result)


class BackgroundJob(QtCore.QObject):
    """Runs jobs, one at a time, in a thread of its own.

    Signals
    -------
    progressed(object)
        What the job reported (in the GUI thread).
    finished(object)
        The job returned this.
    failed(JobError)
        The job raised.
    running_changed(bool)
        A job started or ended.
    """

    progressed = QtCore.Signal(object)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    running_changed = QtCore.Signal(bool)
    _requested = QtCore.Signal(object)

    def __init__(self, name: str, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QtCore.QThread(self)
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        self._requested.connect(self._worker.run, queued)
        self._worker.reported.connect(self.progressed, queued)
        self._worker.done.connect(self._done, queued)
        self._worker.failed.connect(self._failed, queued)
        self._running = False

    @property
    def running(self) -> bool:
        """Whether a job is going on."""
        return self._running

    def start(self, job: Job) -> None:
        """Run ``job`` in the thread; return at once.

        Raises
        ------
        RuntimeError
            If a job is going on.
        """
        if self._running:
            raise RuntimeError("a job is going on")
        self._running = True
        gui_thread_collector().hold()
        self._thread.start()
        self.running_changed.emit(True)
        self._requested.emit(job)

    def wait(self, timeout_ms: int) -> bool:
        """Wait for the job's thread to end (when closing); return whether it did."""
        if not self._running:
            return True
        self._thread.quit()  # once the job returns, the thread's loop ends
        ended = self._thread.wait(timeout_ms)
        if ended:
            self._end()
        return ended

    def _done(self, result: Any) -> None:
        if self._end():
            self.finished.emit(result)

    def _failed(self, error: JobError) -> None:
        if self._end():
            self.failed.emit(error)

    def _end(self) -> bool:
        """End the thread after a job; return whether a job was going on."""
        if not self._running:
            return False
        self._thread.quit()
        self._thread.wait()
        self._running = False
        gui_thread_collector().release()
        self.running_changed.emit(False)
        return True
