"""How fast SpikeCanvas answers and opens: prints wall times, asserts nothing about them.

Run with ``make benchmark`` (or ``pytest -m benchmark -s``). Timings vary by tens of percent on
shared machines; compare figures from one run only.
"""

import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SPIKECANVAS = Path(sys.executable).with_name("spikecanvas")
REPEATS = 5

TIME_TO_WINDOW = textwrap.dedent(
    """
    import time
    start = time.perf_counter()
    from PySide6 import QtCore
    from app.application import create_application, shutdown
    from app.main_window import MainWindow
    qt_app = create_application()
    window = MainWindow()
    window.show()
    qt_app.processEvents()
    print(time.perf_counter() - start)
    shutdown(qt_app)
    """
)


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def test_print_startup_times():
    version = [wall_time([str(SPIKECANVAS), "--version"]) for _ in range(REPEATS)]
    imports_to_window = [
        float(
            subprocess.run(
                [sys.executable, "-c", TIME_TO_WINDOW], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(REPEATS)
    ]
    print()
    print(f"{'what':<40} {'median':>8} {'min':>8}   (seconds, {REPEATS} runs)")
    for label, times in [
        ("spikecanvas --version (whole process)", version),
        ("import Qt + app, main window shown", imports_to_window),
    ]:
        print(f"{label:<40} {statistics.median(times):8.3f} {min(times):8.3f}")
