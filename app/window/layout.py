"""The main window's docks, their sizes on any screen, and the saved layout.

The canvas sits in the centre; the palette (left), the inspector and the live parameters
(tabbed, right) and the problems, plots and run summary (tabbed, under the canvas) are docks
the user can move, close and resize. The window keeps the canvas most of the room on every
screen, and restores where the user left the docks (unless the docks changed since:
`STATE_VERSION`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

__all__ = [
    "DEFAULT_SIZE",
    "MIN_CANVAS_SIZE",
    "MIN_INSPECTOR_WIDTH",
    "MIN_PALETTE_WIDTH",
    "STATE_VERSION",
    "Docks",
    "create_docks",
    "fit_to_screen",
    "proportion_docks",
    "restore_layout",
    "save_layout",
]

#: Bumped when the docks change, so that an old saved layout is not applied to new docks.
STATE_VERSION = 4
#: The window's size where the screen has room for it (`fit_to_screen`).
DEFAULT_SIZE = QtCore.QSize(1400, 900)
#: The least the canvas keeps when docks grow or the window shrinks (1024×640 laptops and
#: classroom projectors): the docks give way first.
MIN_CANVAS_SIZE = QtCore.QSize(320, 200)
#: Below these widths the palette's names and the inspector's fields cannot be read.
MIN_PALETTE_WIDTH = 130
MIN_INSPECTOR_WIDTH = 250


@dataclass(frozen=True)
class Docks:
    """The window's docks."""

    palette: QtWidgets.QDockWidget
    inspector: QtWidgets.QDockWidget
    problems: QtWidgets.QDockWidget
    plots: QtWidgets.QDockWidget
    summary: QtWidgets.QDockWidget
    live: QtWidgets.QDockWidget


def create_docks(
    window: QtWidgets.QMainWindow,
    *,
    canvas: QtWidgets.QWidget,
    palette: QtWidgets.QWidget,
    inspector: QtWidgets.QWidget,
    problems: QtWidgets.QWidget,
    plots: QtWidgets.QWidget,
    summary: QtWidgets.QWidget,
    live: QtWidgets.QWidget,
) -> Docks:
    """Put the views in docks around ``window``'s ``canvas`` (its central widget)."""

    def dock(name: str, title: str, widget: QtWidgets.QWidget) -> QtWidgets.QDockWidget:
        result = QtWidgets.QDockWidget(title, window)
        result.setObjectName(name)  # saveState/restoreState find docks by object name
        result.setWidget(widget)
        return result

    areas = QtCore.Qt.DockWidgetArea
    # The side docks run the full height; the problems sit under the canvas only.
    window.setCorner(QtCore.Qt.Corner.BottomLeftCorner, areas.LeftDockWidgetArea)
    window.setCorner(QtCore.Qt.Corner.BottomRightCorner, areas.RightDockWidgetArea)
    docks = Docks(
        palette=dock("palette_dock", "Nodes", palette),
        inspector=dock("inspector_dock", "Inspector", inspector),
        problems=dock("problems_dock", "Problems", problems),
        plots=dock("plots_dock", "Plots", plots),
        summary=dock("summary_dock", "Run Summary", summary),
        live=dock("live_dock", "Live Parameters", live),
    )
    window.addDockWidget(areas.LeftDockWidgetArea, docks.palette)
    window.addDockWidget(areas.RightDockWidgetArea, docks.inspector)
    window.addDockWidget(areas.BottomDockWidgetArea, docks.problems)
    window.tabifyDockWidget(docks.problems, docks.plots)
    window.tabifyDockWidget(docks.plots, docks.summary)
    window.tabifyDockWidget(docks.inspector, docks.live)
    docks.problems.raise_()
    docks.inspector.raise_()
    canvas.setMinimumSize(MIN_CANVAS_SIZE)
    palette.setMinimumWidth(MIN_PALETTE_WIDTH)
    inspector.setMinimumWidth(MIN_INSPECTOR_WIDTH)
    return docks


def proportion_docks(window: QtWidgets.QMainWindow, docks: Docks) -> None:
    """Size the docks for the window's size: the canvas gets most of it on every screen."""
    width, height = window.width(), window.height()
    window.resizeDocks(
        [docks.palette, docks.inspector],
        [_clamp(0.15 * width, MIN_PALETTE_WIDTH + 10, 220), _clamp(0.28 * width, 280, 420)],
        QtCore.Qt.Orientation.Horizontal,
    )
    window.resizeDocks(
        [docks.problems], [_clamp(0.15 * height, 110, 140)], QtCore.Qt.Orientation.Vertical
    )


def fit_to_screen(
    window: QtWidgets.QMainWindow,
    docks: Docks,
    available: QtCore.QRect | None,
    restored_state: bool,
) -> None:
    """Fit ``window`` to the screen: `DEFAULT_SIZE`, centred, or maximised on a small screen.

    ``available`` is the screen's available area (default: the window's screen's); the docks
    are sized in proportion unless ``restored_state`` (the user's saved layout applies).
    """
    if available is None:
        screen = window.screen() or QtGui.QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
    frame_size = window.frameGeometry().size() - window.size()  # known once shown
    size = DEFAULT_SIZE.boundedTo(available.size() - frame_size)
    window.resize(size)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    if not restored_state:
        proportion_docks(window, docks)
    if size != DEFAULT_SIZE:
        window.setWindowState(window.windowState() | QtCore.Qt.WindowState.WindowMaximized)


def restore_layout(window: QtWidgets.QMainWindow, settings: QtCore.QSettings) -> tuple[bool, bool]:
    """Apply the saved geometry and dock layout; return whether each was restored."""
    geometry = settings.value("main_window/geometry")
    restored_geometry = restored_state = False
    if isinstance(geometry, QtCore.QByteArray) and not geometry.isEmpty():
        restored_geometry = window.restoreGeometry(geometry)
    state = settings.value("main_window/state")
    if isinstance(state, QtCore.QByteArray) and not state.isEmpty():
        restored_state = window.restoreState(state, STATE_VERSION)
    return restored_geometry, restored_state


def save_layout(window: QtWidgets.QMainWindow, settings: QtCore.QSettings) -> None:
    """Store ``window``'s geometry and dock layout in ``settings``."""
    settings.setValue("main_window/geometry", window.saveGeometry())
    settings.setValue("main_window/state", window.saveState(STATE_VERSION))
    settings.sync()


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(value, low), high))
