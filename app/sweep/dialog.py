"""The sweep window (Run ▸ Sweep…): edit a sweep, run it in the background, see it fill in.

On the left, the sweep editor (`app.sweep.editor`); Save puts the sweep into the project as one
undo step (`app.sweep.commands`), and Run saves it, then runs it on Dask in a thread of its
own (`app.sweep.background`), so the window stays fluid. On the right, the run's progress
(trials done, failures, time left) with Cancel, the live plot (`app.sweep.live_plot`), the
failed trials with their errors, and the exports: the table as CSV, the plot as PNG or SVG,
the sweep file (HDF5). Clicking a point of the plot opens that trial's run
(`app.sweep.trial_window`).

The estimate of a sweep's time is the time of one trial times the trials, over the workers:
one trial's time comes from the trials of the last run of the sweep (their median), or from
one trial run on demand ("Time one trial").
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.model import ProjectModel
from app.run.status import format_seconds
from app.sweep.background import BackgroundJob, JobError
from app.sweep.commands import store_sweep
from app.sweep.editor import SweepEditor
from app.sweep.jobs import SweepRequest, sweep_job, timing_job
from app.sweep.live_plot import SweepPlot
from app.sweep.partial import PartialTable
from app.sweep.trial_window import TrialWindow, trial_title
from engine.project.document import Project
from engine.project.sweep.points import points
from engine.project.sweep.store import save_sweep
from engine.project.sweep.table import SweepTable, TrialResult, measure_labels
from engine.project.sweep.table_csv import write_points_csv, write_trials_csv

__all__ = ["NEW_SWEEP", "SweepDialog", "show_sweep_dialog"]

#: The sweep chooser's item for a sweep not in the project yet.
NEW_SWEEP = "New sweep"
_ERROR_STYLE = "color: #c62828;"

#: Asks where to write: (parent, title, suggested path, file filter) -> path, or None.
PathQuestion = Callable[[QtWidgets.QWidget, str, Path, str], "Path | None"]
#: Tells the user something went wrong: (parent, title, message).
ErrorReport = Callable[[QtWidgets.QWidget, str, str], None]


def _ask_path(parent: QtWidgets.QWidget, title: str, suggested: Path, filters: str) -> Path | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return Path(path) if path else None


def _report_error(parent: QtWidgets.QWidget, title: str, message: str) -> None:
    QtWidgets.QMessageBox.warning(parent, title, message)


class SweepDialog(QtWidgets.QDialog):
    """Edit, run and look at the sweeps of the window's project.

    Parameters
    ----------
    model
        The window's project.
    parent
        The main window.
    client
        A `distributed.Client` to run sweeps with instead of starting a cluster (tests).

    Attributes
    ----------
    ask_path, report_error
        How the window asks where to write, and reports errors (tests replace them).
    table
        The table of the last sweep run (None before one ends).
    partial
        The trials received of the sweep running (or last run).
    """

    def __init__(
        self, model: ProjectModel, parent: QtWidgets.QWidget | None = None, *, client: object = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sweep_dialog")
        self.setWindowTitle("Sweep — SpikeCanvas")
        self.setModal(False)
        self._fit_to_screen()
        self._model = model
        self.client = client
        self.ask_path: PathQuestion = _ask_path
        self.report_error: ErrorReport = _report_error
        self.table: SweepTable | None = None
        self.partial: PartialTable | None = None
        self.run_project: Project | None = None
        self.request: SweepRequest | None = None
        self.trial_window: TrialWindow | None = None
        #: Seconds of one trial, and where that figure comes from (None: not known).
        self.trial_seconds: float | None = None
        self.trial_seconds_source = ""
        self._started = 0.0
        self._first_result: float | None = None
        self._choices_stale = False
        self._network_timer = QtCore.QTimer(self)
        self._network_timer.setSingleShot(True)
        self._network_timer.setInterval(200)
        self._network_timer.timeout.connect(self._update_choices)
        self.runner = BackgroundJob("SpikeCanvas sweep", self)
        self.timer = BackgroundJob("SpikeCanvas trial timing", self)
        self._build()
        self._connect()
        self.reload()

    # -- widgets --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.sweep_box = QtWidgets.QComboBox(objectName="sweep_choice")
        self.editor = SweepEditor()
        self.save_button = QtWidgets.QPushButton("Save to Project", objectName="sweep_save")
        self.save_button.setToolTip("Put this sweep into the project (Edit ▸ Undo takes it back)")
        self.run_button = QtWidgets.QPushButton("Run Sweep", objectName="sweep_run")
        self.run_button.setDefault(True)
        self.run_button.setToolTip("Save the sweep, then run its trials in the background")
        self.time_button = QtWidgets.QPushButton("Time One Trial", objectName="sweep_time")
        self.time_button.setToolTip("Run the first trial once, here, to estimate the sweep's time")
        self.estimate_label = QtWidgets.QLabel(objectName="sweep_estimate")
        self.estimate_label.setWordWrap(True)

        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        chooser = QtWidgets.QHBoxLayout()
        chooser.addWidget(QtWidgets.QLabel("Sweep"))
        chooser.addWidget(self.sweep_box, 1)
        left_layout.addLayout(chooser)
        left_layout.addWidget(scroll, 1)
        left_layout.addWidget(self.editor.count_label)
        left_layout.addWidget(self.estimate_label)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.time_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.run_button)
        left_layout.addLayout(buttons)

        self.status_label = QtWidgets.QLabel("Not run yet", objectName="sweep_status")
        self.status_label.setWordWrap(True)
        self.progress_bar = QtWidgets.QProgressBar(objectName="sweep_progress")
        self.progress_bar.setFormat("%v of %m trials")
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(False)  # no "0 of 100 trials" before a run
        self.cancel_button = QtWidgets.QPushButton("Cancel", objectName="sweep_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("Stop the sweep: trials not started are not run")
        self.plot = SweepPlot()
        self.failures = QtWidgets.QListWidget(objectName="sweep_failures")
        self.failures.setMaximumHeight(90)
        self.failures.hide()
        self.failures_label = QtWidgets.QLabel("Failed trials", objectName="sweep_failures_label")
        self.failures_label.hide()
        self.export_button = QtWidgets.QToolButton(objectName="sweep_export")
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QtWidgets.QMenu(self.export_button)
        self.action_export_trials = _add_action(menu, "Trials Table (CSV)…", self.export_trials_csv)
        self.action_export_points = _add_action(menu, "Points Table (CSV)…", self.export_points_csv)
        self.action_export_plot = _add_action(menu, "Plot (PNG or SVG)…", self.export_plot)
        self.action_export_file = _add_action(menu, "Sweep File (HDF5)…", self.export_sweep_file)
        self.export_button.setMenu(menu)
        hint = QtWidgets.QLabel("Click a point to open that trial's run.")
        hint.setStyleSheet("color: palette(mid);")

        right = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right)
        progress = QtWidgets.QHBoxLayout()
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        progress.addWidget(self.export_button)
        right_layout.addLayout(progress)
        right_layout.addWidget(self.status_label)
        right_layout.addWidget(self.plot, 1)
        right_layout.addWidget(hint)
        right_layout.addWidget(self.failures_label)
        right_layout.addWidget(self.failures)

        splitter = QtWidgets.QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 710])
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    def _fit_to_screen(self) -> None:
        """Open at 1180 × 720, or the whole screen's available area on a smaller one."""
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        size = QtCore.QSize(1180, 720)
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size())
        self.resize(size)

    def _connect(self) -> None:
        model = self._model
        self.sweep_box.activated.connect(self._sweep_chosen)
        self.save_button.clicked.connect(self.save)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.time_button.clicked.connect(self.time_one_trial)
        self.editor.checked.connect(self._update_estimate)
        self.editor.checked.connect(self._update_buttons)
        self.editor.workers_spin.valueChanged.connect(self._update_estimate)
        self.editor.scheduler_edit.textChanged.connect(self._update_estimate)
        self.runner.progressed.connect(self._trial_ended)
        self.runner.finished.connect(self._sweep_ended)
        self.runner.failed.connect(self._sweep_failed)
        self.runner.running_changed.connect(self._update_buttons)
        self.timer.finished.connect(self._timed)
        self.timer.failed.connect(self._timing_failed)
        self.timer.running_changed.connect(self._update_buttons)
        self.plot.point_clicked.connect(self.open_point)
        self.failures.itemActivated.connect(self._failure_activated)
        model.project_replaced.connect(self.reload)
        model.project_changed.connect(self._project_changed)
        for signal in (model.node_added, model.node_removed, model.node_changed):
            signal.connect(self._network_changed)
        app = QtCore.QCoreApplication.instance()
        if app is not None:  # a sweep still running must end before the threads are destroyed
            app.aboutToQuit.connect(self.shutdown)

    # -- the project's sweeps -------------------------------------------------------------------

    def reload(self) -> None:
        """Show the project's first sweep (or a new one): a new project was opened."""
        self.editor.set_project(self._model.project)
        sweeps = self._model.project.sweeps
        self.editor.load(sweeps[0] if sweeps else None, self._new_name())
        self._fill_sweep_box()

    def _new_name(self) -> str:
        names = {s.name for s in self._model.project.sweeps}
        name, number = "sweep", 1
        while name in names:
            number += 1
            name = f"sweep{number}"
        return name

    def _fill_sweep_box(self) -> None:
        self.sweep_box.blockSignals(True)
        self.sweep_box.clear()
        self.sweep_box.addItems([s.name for s in self._model.project.sweeps])
        self.sweep_box.addItem(NEW_SWEEP)
        original = self.editor.original
        index = self.sweep_box.findText(original.name) if original is not None else -1
        self.sweep_box.setCurrentIndex(index if index >= 0 else self.sweep_box.count() - 1)
        self.sweep_box.blockSignals(False)

    def _sweep_chosen(self, index: int) -> None:
        sweeps = self._model.project.sweeps
        self.editor.load(sweeps[index] if index < len(sweeps) else None, self._new_name())
        self._fill_sweep_box()

    def _project_changed(self, field: str) -> None:
        if field == "sweeps":  # saved, or a save undone or redone: the fields follow
            original = self.editor.original
            names = {s.name: s for s in self._model.project.sweeps}
            if original is not None and original.name not in names:
                self.editor.load(None, original.name)  # undone: it is a new sweep again
            elif original is not None and names[original.name] != original:
                self.editor.load(names[original.name])
            self._fill_sweep_box()
        self._network_changed()

    def _network_changed(self, *_: object) -> None:
        """Offer the changed network's parameters and measures (soon; a drag is many edits)."""
        self._network_timer.start()

    def _update_choices(self) -> None:
        if self.isVisible():
            self.editor.set_project(self._model.project)
        else:  # hidden: at the next showing
            self._choices_stale = True

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        """Bring the choices up to date with edits made while the window was hidden."""
        if self._choices_stale:
            self._choices_stale = False
            self.editor.set_project(self._model.project)
        super().showEvent(event)

    def save(self) -> bool:
        """Put the edited sweep into the project (one undo step); return whether it is there."""
        sweep = self.editor.sweep()
        if sweep is None:
            self._say("Correct the fields in red first.", error=True)
            return False
        original = self.editor.original
        changed = store_sweep(self._model, sweep, original.name if original is not None else None)
        self.editor.load(sweep)
        self._fill_sweep_box()
        if changed:
            self._say(f"Saved the sweep '{sweep.name}' in the project.")
        return True

    # -- running --------------------------------------------------------------------------------

    def run(self) -> bool:
        """Save the sweep and run it in the background; return whether it started."""
        if self.runner.running or not self.save():
            return False
        sweep = self.editor.original
        assert sweep is not None
        project = self._model.project
        request = SweepRequest(
            project,
            sweep.name,
            workers=self.editor.workers,
            scheduler=self.editor.scheduler,
            client=self.client,
        )
        planned = points(sweep, request.project)
        labels = measure_labels(sweep)
        self.request, self.run_project, self.table = request, request.project, None
        self.partial = PartialTable(len(labels))
        self.plot.set_sweep([p.name.strip() for p in sweep.parameters], labels, planned)
        self.failures.clear()
        self.failures.hide()
        self.failures_label.hide()
        total = len(planned) * sweep.repeats
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(True)
        where = request.scheduler or f"{request.workers} workers on this computer"
        if request.client is not None:
            where = "the cluster given"
        self._say(f"Starting the sweep '{sweep.name}' ({total} trials) on {where}…")
        self._started = time.monotonic()
        self._first_result = None
        self.runner.start(sweep_job(request))
        return True

    def cancel(self) -> bool:
        """Cancel the sweep going on (trials not started are not run); return whether asked."""
        if not self.runner.running or self.request is None or self.request.cancel.is_set():
            return False
        self.request.cancel.set()
        self._say("Cancelling…")
        self._update_buttons()
        return True

    def _trial_ended(self, report: object) -> None:
        assert isinstance(report, tuple)  # (done, total, result), as `sweep_job` reports
        done, total, result = report
        assert isinstance(done, int)
        assert isinstance(total, int)
        assert isinstance(result, TrialResult)
        assert self.partial is not None
        now = time.monotonic()
        if self._first_result is None:
            self._first_result = now
        self.partial.add(result)
        self.plot.set_units(self.partial.units())
        self.plot.show_statistics(self.partial.statistics(), self.partial.failed_points())
        self.progress_bar.setValue(done)
        if result.status == "failed":
            self._add_failure(result)
        self._note_trial_times()
        if self.request is not None and self.request.cancel.is_set():
            return  # "Cancelling…" stays
        failed = len(self.partial.failed())
        text = f"{done} of {total} trials done"
        text += f", {failed} failed" if failed else ""
        left = self._time_left(done, total, now)
        if left is not None:
            text += f" — about {format_seconds(left)} left"
        self._say(text + ".")

    def _time_left(self, done: int, total: int, now: float) -> float | None:
        """Seconds left: the pace since the first trial ended (the cluster's start aside)."""
        if done >= total or self._first_result is None:
            return None
        if done >= 2 and now > self._first_result:
            return (total - done) * (now - self._first_result) / (done - 1)
        if self.trial_seconds is not None:
            return (total - done) * self.trial_seconds / max(1, self.editor.workers)
        return None

    def _note_trial_times(self) -> None:
        assert self.partial is not None
        times = [t.wall_time for t in self.partial.trials.values() if t.status == "completed"]
        if times:
            self.trial_seconds = statistics.median(times)
            self.trial_seconds_source = f"the median of the last sweep's {len(times)} trials"
            self._update_estimate()

    def _add_failure(self, result: TrialResult) -> None:
        place = f" ({result.error_place})" if result.error_place else ""
        item = QtWidgets.QListWidgetItem(f"{trial_title(result)}: {result.error}{place}")
        item.setData(QtCore.Qt.ItemDataRole.UserRole, result.index)
        item.setToolTip(result.error)
        item.setForeground(QtGui.QColor("#c62828"))
        self.failures.addItem(item)
        self.failures.show()
        self.failures_label.show()

    def _sweep_ended(self, table: object) -> None:
        assert isinstance(table, SweepTable)
        assert self.partial is not None
        self.table = table
        self.partial.extend(table.trials)
        self.plot.set_units(table.units)
        statistics_ = {s.point: s for s in table.points}
        self.plot.show_statistics(statistics_, self.partial.failed_points())
        self.plot.stop_updates()
        failed, cancelled = table.count("failed"), table.count("cancelled")
        done = table.count("completed") + failed
        self.progress_bar.setValue(done)
        state = "Cancelled" if table.status == "cancelled" else "Completed"
        text = f"{state}: {done} of {len(table.trials)} trials ran"
        text += f", {failed} failed" if failed else ""
        text += f", {cancelled} not run" if cancelled else ""
        self._say(f"{text}, in {format_seconds(table.wall_time)}.")
        self._update_buttons()

    def _sweep_failed(self, error: JobError) -> None:
        self.plot.stop_updates()
        self._say(f"The sweep could not run: {error}", error=True)
        self._update_buttons()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel a sweep going on and wait for the background work to end (before quitting)."""
        if self.request is not None:
            self.request.cancel.set()
        ended = self.runner.wait(timeout_ms) and self.timer.wait(timeout_ms)
        if self.trial_window is not None:
            ended = self.trial_window.shutdown(timeout_ms) and ended
        return ended

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        """Cancel a sweep going on when the window closes (it only hides)."""
        self.cancel()
        super().closeEvent(event)

    # -- the estimate ---------------------------------------------------------------------------

    def time_one_trial(self) -> bool:
        """Run the sweep's first trial in the background to time it; return whether started."""
        sweep = self.editor.sweep()
        if self.timer.running or sweep is None:
            return False
        kept = self.editor.original.name if self.editor.original is not None else None
        others = [s for s in self._model.project.sweeps if s.name != kept]
        project = self._model.project.model_copy(deep=True)
        project.sweeps = [*others, sweep]
        self.estimate_label.setText("Timing one trial (building and running it once)…")
        self.timer.start(timing_job(project, sweep.name))
        return True

    def _timed(self, seconds: object) -> None:
        assert isinstance(seconds, float)
        self.trial_seconds = seconds
        self.trial_seconds_source = "one trial timed now"
        self._update_estimate()

    def _timing_failed(self, error: JobError) -> None:
        self.estimate_label.setText(f"The trial could not be timed: {error}")

    def _update_estimate(self, *_: object) -> None:
        if self.timer.running:
            return
        count = self.editor.trial_count
        if self.trial_seconds is None:
            self.estimate_label.setText(
                "Time: press Time One Trial for an estimate (or run the sweep)."
            )
            return
        one = format_seconds(self.trial_seconds)
        if count is None:
            self.estimate_label.setText(f"One trial: {one} ({self.trial_seconds_source}).")
            return
        if self.editor.scheduler is not None:
            total = format_seconds(count * self.trial_seconds)
            self.estimate_label.setText(
                f"Time: about {total} of work, divided among the cluster's workers "
                f"(one trial: {one}, {self.trial_seconds_source})."
            )
            return
        workers = self.editor.workers
        total = format_seconds(count * self.trial_seconds / workers)
        self.estimate_label.setText(
            f"Time: about {total} with {workers} worker{'s' if workers != 1 else ''}, plus a "
            f"few seconds to start them (one trial: {one}, {self.trial_seconds_source})."
        )

    # -- trials ---------------------------------------------------------------------------------

    def trial_of_point(self, point: int) -> TrialResult | None:
        """Return the trial a click on ``point`` opens (None if none has ended).

        Its first completed repeat, else its first trial received.
        """
        if self.partial is None:
            return None
        received = self.partial.of_point(point)
        completed = [t for t in received if t.status == "completed"]
        chosen = completed or received
        return chosen[0] if chosen else None

    def open_point(self, point: int) -> TrialWindow | None:
        """Open the run of a trial of ``point`` (kept data, or run again)."""
        trial = self.trial_of_point(point)
        if trial is None or self.run_project is None:
            self._say(f"No trial of point {point} has ended yet.")
            return None
        return self.open_trial(trial)

    def open_trial(self, trial: TrialResult) -> TrialWindow | None:
        """Open ``trial``'s run in the trial window."""
        if self.run_project is None:
            return None
        if self.trial_window is None:
            self.trial_window = TrialWindow(self)
        self.trial_window.show_trial(self.run_project, trial)
        self.trial_window.show()
        self.trial_window.raise_()
        return self.trial_window

    def _failure_activated(self, item: QtWidgets.QListWidgetItem) -> None:
        if self.partial is None:
            return
        trial = self.partial.trials.get(item.data(QtCore.Qt.ItemDataRole.UserRole))
        if trial is not None:
            self.open_trial(trial)

    # -- exports --------------------------------------------------------------------------------

    def _suggested(self, suffix: str, what: str = "") -> Path:
        path = self._model.path
        folder = path.parent if path is not None else Path.home()
        stem = path.stem if path is not None else "untitled"
        name = self.table.sweep if self.table is not None else "sweep"
        return folder / f"{stem}_{name}{what}{suffix}"

    def export_trials_csv(self) -> bool:
        """Ask where, and write the table with one row per trial as CSV."""
        return self._export_table("Export the trials table", "_trials", write_trials_csv)

    def export_points_csv(self) -> bool:
        """Ask where, and write the table with one row per point (repeat statistics) as CSV."""
        return self._export_table("Export the points table", "_points", write_points_csv)

    def _export_table(
        self, title: str, what: str, write: Callable[[SweepTable, Path], None]
    ) -> bool:
        if self.table is None:
            return False
        path = self.ask_path(self, title, self._suggested(".csv", what), "CSV table (*.csv)")
        if path is None:
            return False
        return self._write(title, path, lambda: write(self.table, path))  # type: ignore[arg-type]  # checked above

    def export_plot(self) -> bool:
        """Ask where, and save the plot as PNG or SVG (by the file's suffix)."""
        path = self.ask_path(
            self,
            "Export the plot",
            self._suggested(".png"),
            "PNG image (*.png);;SVG drawing (*.svg)",
        )
        if path is None:
            return False
        if not path.suffix:
            path = path.with_suffix(".png")
        return self._write("Export the plot", path, lambda: self.plot.export_image(path))

    def export_sweep_file(self) -> bool:
        """Ask where, and write the sweep file: the project, the sweep, its table (HDF5)."""
        if self.table is None or self.run_project is None:
            return False
        path = self.ask_path(
            self, "Export the sweep file", self._suggested(".h5"), "Sweep file (*.h5)"
        )
        if path is None:
            return False
        table, project = self.table, self.run_project
        return self._write("Export the sweep file", path, lambda: save_sweep(path, project, table))

    def _write(self, title: str, path: Path, write: Callable[[], None]) -> bool:
        try:
            write()
        except (OSError, ValueError) as error:
            self.report_error(self, title, f"Cannot write {path.name}: {error}")
            return False
        self._say(f"Wrote {path}")
        return True

    # -- state ----------------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(_ERROR_STYLE if error else "")

    def _update_buttons(self, *_: object) -> None:
        running = self.runner.running
        cancelling = running and self.request is not None and self.request.cancel.is_set()
        valid = self.editor.trial_count is not None
        self.run_button.setEnabled(not running and valid)
        self.save_button.setEnabled(valid)
        self.time_button.setEnabled(valid and not self.timer.running)
        self.cancel_button.setEnabled(running and not cancelling)
        ended = self.table is not None and not running
        self.action_export_trials.setEnabled(ended)
        self.action_export_points.setEnabled(ended)
        self.action_export_file.setEnabled(ended)
        self.action_export_plot.setEnabled(self.partial is not None)
        self.sweep_box.setEnabled(not running)


def _add_action(menu: QtWidgets.QMenu, text: str, slot: Callable[[], object]) -> QtGui.QAction:
    action = QtGui.QAction(text, menu)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def show_sweep_dialog(window: QtWidgets.QMainWindow) -> SweepDialog:
    """Show the sweep window of ``window`` (made on first use) and return it.

    ``window`` is the main window: its ``model`` is the project, and its ``prompts`` (if any)
    report errors.
    """
    dialog = window.findChild(SweepDialog, "sweep_dialog")
    if dialog is None:
        model = getattr(window, "model", None)
        if not isinstance(model, ProjectModel):
            raise TypeError("the sweep window needs a main window with a project model")
        dialog = SweepDialog(model, window)
        prompts = getattr(window, "prompts", None)
        if prompts is not None:
            dialog.report_error = lambda parent, title, text: prompts.error(parent, title, text)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
