"""Regenerate every screenshot in docs/images from the real application.

Run it on a display, or on a virtual one: ``make screenshots`` (uses xvfb-run). Each picture is
taken from the same widgets users see, so the docs never show an outdated window.
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.application import create_application, shutdown
from app.files import Recovery
from app.main_window import MainWindow
from app.prompts import Answer, Prompts

IMAGES = Path(__file__).parent / "images"
CUBA = Path(__file__).parents[1] / "examples" / "cuba.spikecanvas"


class NoQuestions(Prompts):
    """Prompts for a window nobody looks at: never ask, never restore, keep nothing."""

    def unsaved_changes(self, parent: QtWidgets.QWidget, name: str) -> Answer:
        return "discard"

    def restore(self, parent: QtWidgets.QWidget, recovery: Recovery) -> bool:
        return False

    def error(self, parent: QtWidgets.QWidget, title: str, summary: str, details: str = "") -> None:
        raise SystemExit(f"{title}: {summary}\n{details}")


def settle(qt_app: QtWidgets.QApplication, milliseconds: int = 300) -> None:
    """Let Qt lay out and paint before a picture is taken."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    qt_app.processEvents()


def wait_until(
    qt_app: QtWidgets.QApplication, condition: Callable[[], bool], timeout: float = 120.0
) -> None:
    """Process events until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the run")
        settle(qt_app, 20)


def save(widget: QtWidgets.QWidget, name: str) -> None:
    path = IMAGES / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


def main() -> int:
    qt_app = create_application()
    IMAGES.mkdir(exist_ok=True)
    # Fresh settings and recovery folder: the picture shows the default layout, whatever the
    # layout on the machine that takes it.
    scratch = Path(tempfile.mkdtemp(prefix="spikecanvas-screenshots-"))
    settings = QtCore.QSettings(str(scratch / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, prompts=NoQuestions(), recovery_folder=scratch)
    window.resize(1400, 900)
    window.show()
    settle(qt_app)
    window.open_file(CUBA)
    settle(qt_app)
    window.canvas.zoom_to_fit()
    # The population selected: the inspector shows its equations.
    population = next(n.id for n in window.model.project.nodes if n.kind == "NeuronGroup")
    window.canvas.select([population])
    settle(qt_app, 600)
    save(window, "main-window.png")

    # During a run: the raster fills in, the status bar counts.
    window.model.set_project_field("run.duration", "1*second")
    window.run_network()
    wait_until(qt_app, lambda: window.run_status.bar.value() >= 600)
    window.plots.redraw()
    settle(qt_app, 100)
    save(window, "main-window-running.png")
    window.stop_run()
    wait_until(qt_app, lambda: not window.runner.running)

    about = window.show_about()
    settle(qt_app)
    save(about, "about.png")

    shutdown(qt_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
