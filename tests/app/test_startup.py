"""Starting and quitting the real application in a separate process.

Exit codes are checked in subprocesses because the failure they guard against (a crash while
Python shuts down) cannot be seen from inside the test process.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import __version__
from app.display import EXIT_NO_DISPLAY

SPIKECANVAS = Path(sys.executable).with_name("spikecanvas")


def run(args, env_changes=None, timeout=60):
    env = dict(os.environ)
    for key, value in (env_changes or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


@pytest.mark.parametrize(
    "command", [[str(SPIKECANVAS)], [sys.executable, "-m", "app"]], ids=["script", "module"]
)
def test_version_is_printed_without_a_display(command):
    result = run([*command, "--version"], {"QT_QPA_PLATFORM": None, "DISPLAY": None})
    assert result.returncode == 0
    assert result.stdout.strip() == f"SpikeCanvas {__version__}"


def test_without_a_display_it_says_so_in_one_line():
    result = run(
        [str(SPIKECANVAS)], {"QT_QPA_PLATFORM": None, "DISPLAY": None, "WAYLAND_DISPLAY": None}
    )
    assert result.returncode == EXIT_NO_DISPLAY
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("spikecanvas: no display found")


def test_an_unreachable_x_display_is_named_in_one_line():
    result = run([str(SPIKECANVAS)], {"QT_QPA_PLATFORM": None, "DISPLAY": ":97"})
    assert result.returncode == EXIT_NO_DISPLAY
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot connect to the X display ':97'" in lines[0]


def test_a_platform_qt_cannot_load_is_reported_in_one_line_not_a_plugin_dump():
    # An unknown platform makes Qt fail the way a missing system library does: warnings, then
    # a fatal message and abort(). The application must explain instead of aborting.
    result = run([str(SPIKECANVAS)], {"QT_QPA_PLATFORM": "nosuchplatform"})
    assert result.returncode == EXIT_NO_DISPLAY
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("spikecanvas: Qt cannot start its 'nosuchplatform' window platform")


QUIT_THROUGH_THE_MENU = textwrap.dedent(
    """
    import sys

    import pyqtgraph as pg
    from PySide6 import QtCore, QtWidgets

    from app.application import create_application
    from app.cli import main

    qt_app = create_application()

    def use_then_quit():
        window = next(w for w in qt_app.topLevelWidgets() if w.objectName() == "main_window")
        # A live pyqtgraph widget, as the plot docks will hold: the case that used to crash
        # at interpreter exit when windows were not deleted first.
        dock = QtWidgets.QDockWidget("Plot", window)
        dock.setWidget(pg.PlotWidget())
        window.addDockWidget(QtCore.Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        window.action_about.trigger()
        quit_action = next(a for a in window.file_menu.actions() if a.text() == "&Quit")
        QtCore.QTimer.singleShot(200, quit_action.trigger)

    QtCore.QTimer.singleShot(200, use_then_quit)
    sys.exit(main([]))
    """
)


def test_file_quit_ends_the_process_with_status_zero():
    result = run([sys.executable, "-c", QUIT_THROUGH_THE_MENU], timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


OPEN_FROM_THE_COMMAND_LINE = textwrap.dedent(
    """
    import sys

    from PySide6 import QtCore

    from app.application import create_application
    from app.cli import main

    qt_app = create_application()

    def report_then_quit():
        window = next(w for w in qt_app.topLevelWidgets() if w.objectName() == "main_window")
        print("TITLE", window.windowTitle())
        print("NODES", " ".join(n.name for n in window.model.project.nodes))
        window.close()

    QtCore.QTimer.singleShot(500, report_then_quit)
    sys.exit(main(sys.argv[1:]))
    """
)


def test_the_command_line_opens_the_given_project(tmp_path):
    project = tmp_path / "mine.spikecanvas"
    project.write_text((Path(__file__).parents[2] / "examples" / "cuba.spikecanvas").read_text())
    result = run([sys.executable, "-c", OPEN_FROM_THE_COMMAND_LINE, str(project)], timeout=120)
    assert result.returncode == 0, result.stderr
    assert "TITLE mine.spikecanvas[*] — SpikeCanvas" in result.stdout.splitlines()
    assert "NODES P Ce Ci spikes trace rate" in result.stdout.splitlines()


def test_the_help_names_the_project_argument_without_loading_qt():
    result = run([str(SPIKECANVAS), "--help"], {"QT_QPA_PLATFORM": None, "DISPLAY": None})
    assert result.returncode == 0
    assert "PROJECT.spikecanvas" in result.stdout
