"""Regenerate every screenshot in docs/images from the real application.

Run it on a display, or on a virtual one: ``make screenshots`` (uses xvfb-run). Each picture is
taken from the same widgets users see, so the docs never show an outdated window.
"""

import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.application import create_application, shutdown
from app.main_window import MainWindow

IMAGES = Path(__file__).parent / "images"


def settle(qt_app: QtWidgets.QApplication, milliseconds: int = 300) -> None:
    """Let Qt lay out and paint before a picture is taken."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    qt_app.processEvents()


def save(widget: QtWidgets.QWidget, name: str) -> None:
    path = IMAGES / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


def main() -> int:
    qt_app = create_application()
    IMAGES.mkdir(exist_ok=True)
    window = MainWindow()
    window.resize(1100, 700)
    window.show()
    settle(qt_app)
    save(window, "main-window.png")

    about = window.show_about()
    settle(qt_app)
    save(about, "about.png")

    shutdown(qt_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
