"""The run's status in the status bar: progress, simulated time, speed, ETA, spikes and Stop."""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from engine.project.results import Results, SpikeData
from engine.project.runner import Progress

__all__ = ["RunStatus", "format_seconds"]

#: Steps of the progress bar (a fraction is shown to 0.1 %).
_STEPS = 1000


def format_seconds(seconds: float) -> str:
    """Return a time for people: ``850 ms``, ``12.5 s``, ``3 min 20 s``."""
    if not math.isfinite(seconds):
        return "–"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 60:
        return f"{seconds:.3g} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class RunStatus(QtWidgets.QWidget):
    """Shows a run as it goes and sums it up when it ends.

    Signals
    -------
    stop_clicked()
        The user pressed the Stop button.
    """

    stop_clicked = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_status")
        self.spikes = 0
        self.bar = QtWidgets.QProgressBar()
        self.bar.setObjectName("run_progress")
        self.bar.setRange(0, _STEPS)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(True)
        self.label = QtWidgets.QLabel()
        self.label.setObjectName("run_label")
        self.stop_button = QtWidgets.QToolButton()
        self.stop_button.setObjectName("stop_button")
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop the run (Esc); what was recorded is kept")
        self.stop_button.clicked.connect(self.stop_clicked)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stop_button)
        self._set_running(False)

    def show_started(self, duration: str, resumed: bool) -> None:
        """Show that a run started (``duration`` as the project says it)."""
        if not resumed:
            self.spikes = 0
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.label.setText(("Continuing" if resumed else "Building") + f" ({duration})…")
        self._set_running(True)

    def show_stopping(self) -> None:
        """Show that Stop was asked for."""
        self.stop_button.setEnabled(False)
        self.label.setText("Stopping…")

    def show_progress(self, progress: Progress) -> None:
        """Show how far the run is; count the new spikes."""
        self.spikes += sum(len(d.i) for d in progress.data.values() if isinstance(d, SpikeData))
        self.bar.setValue(round(min(max(progress.fraction, 0.0), 1.0) * _STEPS))
        parts = [f"t = {format_seconds(progress.t)}"]
        if progress.speed is not None:
            parts.append(f"{progress.speed:.3g}× real time")
        if progress.eta is not None and not progress.final:
            parts.append(f"{format_seconds(progress.eta)} left")
        parts.append(f"{self.spikes:,} spikes")
        if self.stop_button.isEnabled():
            self.label.setText(" · ".join(parts))

    def show_ended(self, results: Results | None, message: str) -> None:
        """Show that the run ended: ``message`` says how, the results (if any) the numbers."""
        self._set_running(False)
        if results is None:
            self.label.setText(message)
            return
        summary = results.summary()
        spikes = sum(g.spikes for g in summary.groups)
        self.label.setText(
            f"{message}: {format_seconds(summary.simulated)} simulated in "
            f"{format_seconds(summary.wall_time)} · {spikes:,} spikes"
        )

    def _set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)
