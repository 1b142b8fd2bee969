"""The window on small and large screens, and the run toolbar.

At 1024×640 (laptops, classroom projectors) the window opened at 1400×900, past the screen's
edges, and docks sized for a large screen squeezed the canvas into a strip. Run, Stop,
Continue and Run Settings were only in the Run menu and shortcuts; now a toolbar has them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.main_window import (
    DEFAULT_SIZE,
    MIN_CANVAS_SIZE,
    MIN_INSPECTOR_WIDTH,
    MIN_PALETTE_WIDTH,
)
from engine.project.document import RunSettings

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
RUN_TIMEOUT_MS = 120_000


def run_and_wait(qtbot, window, trigger) -> object:
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    return ended[0]


# -- item 15: small screens -----------------------------------------------------------------------


def test_on_a_1024x640_screen_the_window_fits_and_the_canvas_keeps_most_of_it(qtbot, window):
    window.fit_to_screen(QtCore.QRect(0, 0, 1024, 640))
    assert window.isMaximized()  # the screen has no room for a frame around a smaller window
    window.showNormal()
    screen = QtCore.QRect(0, 0, 1024, 640)
    qtbot.waitUntil(lambda: not window.isMaximized())
    assert screen.contains(window.frameGeometry())
    assert window.frameGeometry().size() == screen.size()
    assert window.open_file(CUBA)
    canvas = window.canvas.widget
    assert canvas.width() > 0.5 * window.width()
    assert MIN_PALETTE_WIDTH <= window.palette_dock.width() < 0.2 * window.width()
    assert MIN_INSPECTOR_WIDTH <= window.inspector_dock.width() < 0.3 * window.width()

    # A run makes room for the plots, but not at the canvas's expense.
    window.model.set_project_field("run.duration", "5*ms")
    window.model.set_project_field("run.target", "numpy")
    run_and_wait(qtbot, window, window.action_run.trigger)
    assert window.plots_dock.height() > 200
    assert canvas.height() >= MIN_CANVAS_SIZE.height()
    assert canvas.width() > 0.5 * window.width()


def test_the_window_cannot_squeeze_the_canvas_or_the_docks_below_their_minimum(qtbot, window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 640
    window.resize(hint)
    qtbot.waitUntil(lambda: window.width() <= 1024)
    assert window.canvas.widget.width() >= MIN_CANVAS_SIZE.width()
    assert window.canvas.widget.height() >= MIN_CANVAS_SIZE.height()
    assert window.node_palette.width() >= MIN_PALETTE_WIDTH
    assert window.inspector.width() >= MIN_INSPECTOR_WIDTH


def test_on_a_large_screen_the_window_opens_at_its_usual_size_centred(window):
    window.fit_to_screen(QtCore.QRect(0, 0, 1600, 1000))
    assert not window.isMaximized()
    assert window.size() == DEFAULT_SIZE
    centre = window.frameGeometry().center() - QtCore.QRect(0, 0, 1600, 1000).center()
    assert centre.manhattanLength() <= 2
    assert window.palette_dock.width() == pytest.approx(210, abs=4)
    assert window.inspector_dock.width() == pytest.approx(0.28 * DEFAULT_SIZE.width(), abs=4)


def test_a_saved_window_geometry_is_not_replaced(make_window, qtbot):
    first = make_window()
    first.resize(1100, 700)
    first.save_layout()
    first.close()
    second = make_window()
    restored = second.geometry()
    assert restored.height() == 700
    second.fit_to_screen(QtCore.QRect(0, 0, 1600, 1000))
    assert second.geometry() == restored
    assert second.size() != DEFAULT_SIZE


# -- item 20: the run toolbar ---------------------------------------------------------------------


def toolbar_buttons(window) -> dict[str, QtWidgets.QToolButton]:
    bar = window.findChild(QtWidgets.QToolBar, "run_toolbar")
    return {
        action.iconText(): bar.widgetForAction(action)
        for action in bar.actions()
        if isinstance(bar.widgetForAction(action), QtWidgets.QToolButton)
    }


def test_the_toolbar_has_run_stop_continue_and_settings_with_icons_and_shortcuts(window):
    buttons = toolbar_buttons(window)
    assert list(buttons) == ["Run", "Stop", "Continue", "Settings"]
    assert window.run_toolbar.isVisible()
    for button in buttons.values():
        assert not button.icon().isNull()
        assert not button.icon().pixmap(20, 20).toImage().isNull()
        assert button.text()  # a label beside the icon, for those new to the icons
    tips = {name: button.toolTip() for name, button in buttons.items()}
    assert tips["Run"].startswith("Run (Ctrl+R)\nSimulate the network")
    assert tips["Stop"].startswith("Stop (Esc)\n")
    assert tips["Continue"].startswith("Continue (Ctrl+Shift+R)\n")
    assert tips["Settings"].startswith("Run Settings (Ctrl+Shift+,)\n")


def test_the_toolbar_offers_the_pace_of_runs(window):
    box = window.findChild(QtWidgets.QComboBox, "pace_box")
    assert [box.itemText(k) for k in range(box.count())] == [
        "As fast as possible",
        "Real time (1×)",
        "Half speed (0.5×)",
        "Slow motion (0.1×)",
    ]
    assert [box.itemData(k) for k in range(box.count())] == [None, 1.0, 0.5, 0.1]
    box.setCurrentIndex(3)
    assert window.runner._worker._pace == 0.1  # the next run's, and the current one's
    box.setCurrentIndex(0)
    assert window.runner._worker._pace is None


def test_the_toolbar_follows_the_run_state(qtbot, window):
    buttons = toolbar_buttons(window)
    assert window.open_file(CUBA)
    window.model.set_project_field("run.duration", "100*second")
    window.model.set_project_field("run.target", "numpy")
    assert buttons["Run"].isEnabled()
    assert not buttons["Stop"].isEnabled()
    assert not buttons["Continue"].isEnabled()

    ended: list = []
    window.runner.finished.connect(ended.append)
    qtbot.mouseClick(buttons["Run"], QtCore.Qt.MouseButton.LeftButton)
    assert window.runner.running
    assert not buttons["Run"].isEnabled()
    assert not buttons["Continue"].isEnabled()
    qtbot.waitUntil(lambda: window.run_status.spikes > 0, timeout=RUN_TIMEOUT_MS)
    assert buttons["Stop"].isEnabled()
    qtbot.mouseClick(buttons["Stop"], QtCore.Qt.MouseButton.LeftButton)
    assert not buttons["Stop"].isEnabled()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    assert ended[0].provenance.status == "stopped"
    assert buttons["Run"].isEnabled()
    assert buttons["Continue"].isEnabled()


def test_the_settings_button_opens_the_run_settings(qtbot, window, prompts):
    prompts.settings_answer = RunSettings(duration="2*second")
    qtbot.mouseClick(toolbar_buttons(window)["Settings"], QtCore.Qt.MouseButton.LeftButton)
    assert prompts.questions() == ["run settings"]
    assert window.model.project.run.duration == "2*second"
