"""The main window is assembled from parts (`app.window`), each with one job.

The parts listen to the model and the views; Qt deletes the window's children in the order they
were made, and the model and the views send signals while they are deleted (an undo stack that
was not clean says it is clean now). A part that still listened then would reach a window that
is gone.
"""

from __future__ import annotations

from PySide6 import QtCore

from app.window.actions import WindowActions
from app.window.editing import EditCommands
from app.window.exports import Exports
from app.window.files import ProjectFiles
from app.window.problems import ProblemDisplay
from app.window.run_glue import RunGlue


def test_the_window_owns_one_part_per_job(window):
    parts = {
        ProjectFiles: window.files,
        Exports: window.exports,
        EditCommands: window.editing,
        ProblemDisplay: window.problem_display,
        RunGlue: window.run_glue,
        WindowActions: window.window_actions,
    }
    for kind, part in parts.items():
        assert isinstance(part, kind)
    # The window's commands are its parts' commands: the menus trigger the same work.
    assert window.action_new is window.window_actions.action_new
    assert window.problem_summary is window.problem_display.summary


def test_a_window_closed_and_deleted_with_unsaved_work_reaches_none_of_its_parts(
    qtbot, tmp_path, app_settings, prompts
):
    from app.main_window import MainWindow

    window = MainWindow(
        settings=app_settings, prompts=prompts, recovery_folder=tmp_path / "recovery"
    )
    window.add_node_at_centre("NeuronGroup")
    assert window.model.modified  # its undo stack will say "clean" as it is deleted
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)

    prompts.unsaved_answer = "discard"
    assert window.close()
    window.deleteLater()  # as the application's shutdown does
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    qtbot.wait(10)  # an exception in a slot would be reported here, and fail the test

    assert titles == []
