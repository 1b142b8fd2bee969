"""Start the Qt application around the main window, and take it down cleanly.

Two things here protect the user from Qt's failure modes:

* `create_application` turns Qt's fatal "no platform plugin" abort into one clear line;
* `shutdown` closes and deletes every window before Python exits: with PySide6 6.12, a process
  that still holds live pyqtgraph widgets at interpreter exit aborts after all work is done.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from app import __version__, resources
from app.display import EXIT_NO_DISPLAY, platform_failure, platform_name

if TYPE_CHECKING:
    from app.main_window import MainWindow
    from app.prompts import Prompts


class _PlatformGuard:
    """Collect Qt's messages while the platform plugin loads; explain a fatal failure.

    Qt reports a platform that cannot start with a few warnings and then a fatal message, after
    which it aborts. The handler prints one line with the real cause and exits instead.
    """

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __enter__(self) -> _PlatformGuard:
        QtCore.qInstallMessageHandler(self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        QtCore.qInstallMessageHandler(None)
        for message in self.messages:  # what Qt said on a successful start still gets shown
            print(message, file=sys.stderr)

    def _handle(
        self, kind: QtCore.QtMsgType, context: QtCore.QMessageLogContext, message: str
    ) -> None:
        if kind != QtCore.QtMsgType.QtFatalMsg:
            self.messages.append(f"{context.category}: {message}")
            return
        tried = re.search(r'platform plugin "([^"]+)"', " ".join(self.messages))
        platform = tried.group(1) if tried else (platform_name(os.environ) or "xcb")
        plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
        reason = platform_failure(plugins, platform, [*self.messages, message])
        print(f"spikecanvas: {reason}", file=sys.stderr, flush=True)
        os._exit(EXIT_NO_DISPLAY)  # Qt would abort() right after this handler returns


def create_application(argv: Sequence[str] | None = None) -> QtWidgets.QApplication:
    """Create the QApplication with SpikeCanvas's name, icon and style.

    Raises
    ------
    RuntimeError
        If a QApplication already exists (there can only be one per process).
    """
    if QtWidgets.QApplication.instance() is not None:
        raise RuntimeError("a QApplication already exists in this process")
    QtWidgets.QApplication.setApplicationName("SpikeCanvas")
    QtWidgets.QApplication.setOrganizationName("SpikeCanvas")
    QtWidgets.QApplication.setApplicationVersion(__version__)
    QtGui.QGuiApplication.setDesktopFileName("spikecanvas")
    with _PlatformGuard():
        qt_app = QtWidgets.QApplication(list(argv) if argv is not None else sys.argv[:1])
    configure_application(qt_app)
    return qt_app


def configure_application(qt_app: QtWidgets.QApplication) -> None:
    """Apply the look SpikeCanvas expects: Fusion style and the application icon."""
    qt_app.setStyle("Fusion")
    qt_app.setWindowIcon(QtGui.QIcon(str(resources.path("icons", "spikecanvas.svg"))))


def run(argv: Sequence[str] | None = None, project: str | Path | None = None) -> int:
    """Show the main window and run the event loop until the user quits.

    Uses the existing QApplication if there is one (tests, embedding), else creates it.
    ``project`` is a project file to open (an empty project when None). Returns the exit status.
    """
    existing = QtWidgets.QApplication.instance()
    if isinstance(existing, QtWidgets.QApplication):
        qt_app = existing
        configure_application(qt_app)
    else:
        qt_app = create_application(argv)
    window = open_main_window(project)
    with _close_on_interrupt(window):
        try:
            return qt_app.exec()
        finally:
            shutdown(qt_app)


class WindowOptions(TypedDict, total=False):
    """The keyword arguments of `MainWindow` (tests pass their settings and prompts)."""

    settings: QtCore.QSettings | None
    prompts: Prompts | None
    recovery_folder: Path | None
    autosave_ms: int
    examples_folder: Path | None


def open_main_window(
    project: str | Path | None = None, **options: Unpack[WindowOptions]
) -> MainWindow:
    """Create and show the main window; once it is up, it offers recovery and opens ``project``.

    ``options`` go to `MainWindow` (tests pass their settings and prompts).
    """
    from app.main_window import MainWindow  # imports NodeGraphQt: only once Qt is up

    window = MainWindow(**options)
    window.fit_to_screen()  # a laptop's or a projector's screen may be smaller than the default
    window.show()
    # Questions (restore? a file that cannot be opened) come once the window is on screen.
    QtCore.QTimer.singleShot(0, lambda: window.start(project))
    return window


def shutdown(qt_app: QtWidgets.QApplication) -> None:
    """Close and delete every top-level widget, so nothing Qt-owned outlives Python.

    Graphics views are closed first: pyqtgraph's ``GraphicsView.close`` empties its scene while
    the Python wrappers of the plot items still exist. Left to the C++ destructor of the scene,
    that clean-up segfaults in about a third of runs with PySide6 6.12.
    """
    for widget in qt_app.topLevelWidgets():
        if not shiboken6.isValid(widget):  # deleted when an earlier window closed
            continue
        for view in widget.findChildren(QtWidgets.QGraphicsView):
            view.close()
        widget.close()
        widget.deleteLater()
    # Outside a running event loop, deferred deletions only happen when asked for explicitly.
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    qt_app.processEvents()


@contextlib.contextmanager
def _close_on_interrupt(window: QtWidgets.QWidget) -> Iterator[None]:
    """Make Ctrl+C in the terminal close the window, as File → Quit does.

    Python runs signal handlers only between bytecodes, so a timer hands control back to the
    interpreter a few times a second while Qt's C++ event loop runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may install signal handlers
        return
    previous = signal.signal(signal.SIGINT, lambda *_: QtCore.QTimer.singleShot(0, window.close))
    heartbeat = QtCore.QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(200)
    try:
        yield
    finally:
        heartbeat.stop()
        signal.signal(signal.SIGINT, previous)
