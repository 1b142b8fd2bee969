"""A window with one trial's full run: its plot panels (rasters, traces, rates) and summary.

It shows the trial as the main window shows a run's results — the same `PlotArea` and
`SummaryTable` — in a window of its own, so the main window's last run is left as it was.
A trial whose data the sweep kept is shown at once (`TrialResult.results`); another is run
again in the background (`app.sweep.jobs.rerun_job`: the point's values and the seed it
used give the same spikes) while the window says so.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.plots import PlotArea
from app.run.summary import SummaryTable
from app.sweep.background import BackgroundJob, JobError
from app.sweep.jobs import rerun_job
from engine.project.document import Project
from engine.project.results import Results
from engine.project.sweep.table import TrialResult

__all__ = ["TrialWindow", "trial_title"]


def trial_title(trial: TrialResult) -> str:
    """Return how a trial is named: ``trial 3 (we=0.5*mV, repeat 2)``."""
    values = ", ".join(f"{name}={text}" for name, text in trial.values)
    parts = [values] if values else []
    parts.append(f"repeat {trial.repeat + 1}")
    return f"trial {trial.index} ({', '.join(parts)})"


class TrialWindow(QtWidgets.QWidget):
    """One trial's run, shown in its own window.

    Signals
    -------
    shown(Results)
        The trial's results are shown (kept data, or the run again has ended).
    """

    shown = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, QtCore.Qt.WindowType.Window)
        self.setObjectName("sweep_trial_window")
        self.resize(900, 620)
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("trial_heading")
        self.heading.setWordWrap(True)
        self.plots = PlotArea()
        self.summary = SummaryTable()
        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        splitter.addWidget(self.plots)
        splitter.addWidget(self.summary)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        self.results: Results | None = None
        self.trial: TrialResult | None = None
        self.job = BackgroundJob("SpikeCanvas trial", self)
        self.job.finished.connect(self._ran)
        self.job.failed.connect(self._failed)

    def show_trial(self, project: Project, trial: TrialResult) -> None:
        """Show ``trial`` of a sweep of ``project``: its kept data, or run it again."""
        if self.job.running:  # the previous trial still runs: its result is dropped
            return
        self.trial = trial
        self.results = None
        self.setWindowTitle(f"SpikeCanvas — sweep {trial_title(trial)}")
        self.plots.clear()
        self.summary.clear()
        if trial.data is not None:
            self._show(trial.results(), "kept by the sweep")
            return
        self.heading.setText(
            f"<b>{trial_title(trial)}</b>: its data was not kept — running it again "
            "(the same values and seed give the same spikes)…"
        )
        self.job.start(rerun_job(project, trial))

    def _ran(self, results: object) -> None:
        assert isinstance(results, Results)
        self._show(results, "run again")

    def _failed(self, error: JobError) -> None:
        title = trial_title(self.trial) if self.trial is not None else "the trial"
        self.heading.setText(f"<b>{title}</b> could not be run again: {error}")

    def _show(self, results: Results, how: str) -> None:
        self.results = results
        trial = self.trial
        assert trial is not None
        state = "" if trial.status == "completed" else f" — it {trial.status}: {trial.error}"
        self.heading.setText(f"<b>{trial_title(trial)}</b>, {how}{state}")
        self.plots.show_results(results)
        self.summary.show_results(results)
        self.shown.emit(results)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Wait for a trial still running (before the window is destroyed).

        Returns whether none is left.
        """
        return self.job.wait(timeout_ms)
