"""How fluid the window stays during a run: the GUI event loop's stalls, printed, never asserted.

A 10 ms timer ticks in the GUI thread while the main window runs CUBA (4000 neurons) in its
worker thread and draws the live panels; every tick's lateness (time since the previous tick
minus 10 ms) is a moment the window could not answer the user. Meanwhile, as a user
demonstrating the example would, the ``we`` slider of the Live Parameters panel moves every
`SLIDE_MS` across its range, each position a live change of the running network (issue 22:
responsiveness stays within its goal while sliders move; ``--no-sliders`` leaves it alone).
The script prints the lateness p50 / p95 / max, the run's speed, the live changes applied and
their latency: the wall time from a slider's move to the simulation using the new value (the
engine's `Simulation._apply_pending`, timed from outside). The goal of issue 8 is p95 < 50 ms;
issue 22's latency goal is < 100 ms.

    python tests/benchmarks/gui_responsiveness.py [--duration 2*second] [--target numpy]

It runs offscreen unless a display is set (``make responsiveness`` uses Xvfb, which paints
like a real screen). It is also run, with its numbers printed, by ``make benchmark``
(`test_print_gui_responsiveness`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
TICK_MS = 10
#: How often the slider moves during the run, in ms (a hand dragging it steadily).
SLIDE_MS = 50


def measure(duration: str, target: str, sliders: bool = True) -> dict[str, float]:
    """Run CUBA in the main window for ``duration``; return lateness percentiles and speed."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore

    from app.application import create_application, shutdown
    from app.main_window import MainWindow
    from app.prompts import Prompts
    from engine.project.runner import Simulation

    applied: list[float] = []  # wall times at which the run took changes
    original = Simulation._apply_pending

    def timed_apply(self, t):  # the run's thread, between two chunks
        if self._pending:
            applied.append(time.perf_counter())
        original(self, t)

    Simulation._apply_pending = timed_apply

    class NoQuestions(Prompts):
        def unsaved_changes(self, parent, name):
            return "discard"

        def restore(self, parent, recovery):
            return False

    qt_app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="spikecanvas-responsiveness-"))
    settings = QtCore.QSettings(str(scratch / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, prompts=NoQuestions(), recovery_folder=scratch)
    window.resize(1400, 900)
    window.show()
    window.open_file(CUBA)
    window.model.set_project_field("run.duration", duration)
    window.model.set_project_field("run.target", target)

    ticks: list[float] = []
    timer = QtCore.QTimer()
    timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    slide = QtCore.QTimer()
    slide.setInterval(SLIDE_MS)
    positions: list[int] = []
    moved: list[float] = []
    simulating: list[bool] = []
    window.runner.progressed.connect(
        lambda progress: simulating.append(True) if progress.t > 0 and not simulating else None
    )

    def move() -> None:  # back and forth over the slider's range, a step at a time
        row = window.live_panel.rows["we"]
        span = row.slider.maximum()
        k = len(positions) % (2 * span)
        positions.append(k if k <= span else 2 * span - k)
        if simulating:  # not while the network is built: those changes wait for it
            moved.append(time.perf_counter())
        row.slider.setValue(positions[-1])

    slide.timeout.connect(move)
    timer.start()
    if sliders:
        slide.start()
    if not window.run_network():
        raise SystemExit("the CUBA example did not start")
    while not ended:
        qt_app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    timer.stop()
    slide.stop()
    Simulation._apply_pending = original
    results = ended[0]
    # Each move's latency: to the first time the run took changes after it (moves the run
    # never took, at its very end, are left out).
    latency = [
        (next(a for a in applied if a >= m) - m) * 1000
        for m in moved
        if any(a >= m for a in applied)
    ]
    lateness = np.maximum(np.diff(ticks) * 1000 - TICK_MS, 0.0)
    window.close()
    shutdown(qt_app)
    return {
        "p50": float(np.percentile(lateness, 50)),
        "p95": float(np.percentile(lateness, 95)),
        "max": float(lateness.max()),
        "ticks": len(ticks),
        "simulated": results.provenance.simulated,
        "wall": results.provenance.wall_time,
        "moves": len(positions),
        "changes": len(getattr(results, "changes", [])),
        "latency_p50": float(np.percentile(latency, 50)) if latency else float("nan"),
        "latency_max": float(max(latency)) if latency else float("nan"),
    }


def report(numbers: dict[str, float]) -> str:
    """Return the measurement as two lines of text."""
    return (
        f"GUI event-loop lateness during a CUBA run (4000 neurons): p50 {numbers['p50']:.1f} ms,"
        f" p95 {numbers['p95']:.1f} ms, max {numbers['max']:.1f} ms ({numbers['ticks']} ticks)\n"
        f"run: {numbers['simulated']:.3g} s simulated in {numbers['wall']:.3g} s of wall time; "
        f"slider moved {numbers['moves']} times, {numbers['changes']} live changes applied, "
        f"slider to simulation p50 {numbers['latency_p50']:.1f} ms, "
        f"max {numbers['latency_max']:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default="2*second")
    parser.add_argument("--target", default="auto", choices=["auto", "numpy", "cython"])
    parser.add_argument(
        "--no-sliders", action="store_true", help="leave the Live Parameters sliders alone"
    )
    args = parser.parse_args(argv)
    print(report(measure(args.duration, args.target, sliders=not args.no_sliders)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
