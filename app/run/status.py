"""The run's status in the status bar: progress, simulated time, speed, ETA, spikes and Stop.

While the compiled target compiles a network's code (its first run: seconds, during which
nothing is simulated) the bar is busy, without a percentage, and the label says so.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from app.run.spike_count import SpikeCounter
from engine.project.results import Results
from engine.project.runner import Progress

__all__ = ["RunStatus", "compiling_text", "format_seconds"]

#: Steps of the progress bar (a fraction is shown to 0.1 %).
_STEPS = 1000
_COMPILING_TIP = (
    "The compiled code target turns the network into C code and compiles it, once: later "
    "runs, also after changing parameter values, start at once."
)


def compiling_text(expected: float | None) -> str:
    """Say that the network compiles, and about how long it takes (``expected`` seconds)."""
    if expected is None:
        return "Compiling the network (first run only)…"
    return f"Compiling the network (first run only, ~{max(math.ceil(expected), 1)} s)…"


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
        self.counter = SpikeCounter()
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
        # While compiling, the seconds spent so far tick on in the label.
        self._compile_clock = QtCore.QElapsedTimer()
        self._compile_expected: float | None = None
        self._compile_timer = QtCore.QTimer(self)
        self._compile_timer.setInterval(1000)
        self._compile_timer.timeout.connect(self._show_compiling)
        self._set_running(False)

    @property
    def spikes(self) -> int:
        """The spikes counted in the run so far (see `SpikeCounter`)."""
        return self.counter.total

    @property
    def compiling(self) -> bool:
        """Whether the status shows that code is being compiled."""
        return self.bar.maximum() == 0

    def show_started(self, duration: str, resumed: bool) -> None:
        """Show that a run started (``duration`` as the project says it)."""
        if not resumed:
            self.counter.clear()
        self._set_busy(False)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.label.setText(("Continuing" if resumed else "Building") + f" ({duration})…")
        self._set_running(True)

    def show_stopping(self) -> None:
        """Show that Stop was asked for."""
        self.stop_button.setEnabled(False)
        self.label.setText("Stopping…")

    def show_progress(self, progress: Progress) -> None:
        """Show how far the run is (or that it compiles); count the new spikes."""
        self.counter.add(progress.data)
        self._set_busy(progress.compiling)
        if progress.compiling:
            self._compile_expected = progress.compile_expected
            self._show_compiling()
            return
        self.bar.setValue(round(min(max(progress.fraction, 0.0), 1.0) * _STEPS))
        parts = [f"t = {format_seconds(progress.t)}"]
        if progress.speed is not None:
            parts.append(f"{progress.speed:.3g}× real time")
        if progress.eta is not None and not progress.final:
            parts.append(f"{format_seconds(progress.eta)} left")
        parts.append(self.counter.text())
        if self.stop_button.isEnabled():
            self.label.setText(" · ".join(parts))

    def show_ended(self, results: Results | None, message: str) -> None:
        """Show that the run ended: ``message`` says how, the results (if any) the numbers."""
        self._set_running(False)
        self._set_busy(False)
        if results is None:
            self.label.setText(message)
            return
        summary = results.summary()
        spikes = sum(g.spikes for g in summary.groups)
        compiled = (
            f" (+ {format_seconds(summary.compile_time)} compiling)" if summary.compile_time else ""
        )
        counted = f"{spikes:,} spikes" if summary.groups else "spikes not recorded"
        self.label.setText(
            f"{message}: {format_seconds(summary.simulated)} simulated in "
            f"{format_seconds(summary.run_time)}{compiled} · {counted}"
        )

    def clear(self) -> None:
        """Show no run (a new project)."""
        self.counter.clear()
        self._set_busy(False)
        self._set_running(False)
        self.label.clear()

    def _set_busy(self, busy: bool) -> None:
        # A range of 0 to 0 is Qt's busy indicator: an animation, no percentage.
        if busy != self.compiling:
            self.bar.setRange(0, 0 if busy else _STEPS)
            self.bar.setToolTip(_COMPILING_TIP if busy else "")
            if busy:
                self._compile_clock.start()
                self._compile_timer.start()
            else:
                self._compile_timer.stop()

    def _show_compiling(self) -> None:
        if not self.stop_button.isEnabled():  # stopping: that is what the label says
            return
        text = compiling_text(self._compile_expected)
        seconds = self._compile_clock.elapsed() // 1000 if self._compile_clock.isValid() else 0
        self.label.setText(f"{text} {seconds} s" if seconds else text)

    def _set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)
