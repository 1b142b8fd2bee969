"""Every question the main window asks the user, in one replaceable object.

The window never opens a dialog itself: it asks its `Prompts`. The default, `DialogPrompts`,
shows Qt's standard dialogs; tests pass an object with the same methods that answers at once
(a modal dialog would block a test run).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypeVar

from PySide6 import QtWidgets

from app.examples_dialog import ExamplesDialog
from app.files import Example, Recovery
from app.run.settings_dialog import RunSettingsDialog
from engine.project.document import RunSettings
from engine.project.fileio import SUFFIX

__all__ = ["Answer", "DialogPrompts", "Flavor", "Prompts", "ResultsFormat"]

T = TypeVar("T")

#: The answer to "save the changes?".
Answer = Literal["save", "discard", "cancel"]
#: The kind of script File → Export Script writes.
Flavor = Literal["engine", "brian2"]
#: How File → Export Results writes: one HDF5 file, or a CSV table per monitor.
ResultsFormat = Literal["hdf5", "csv"]

PROJECT_FILTER = f"SpikeCanvas projects (*{SUFFIX})"
SCRIPT_FILTERS: dict[str, Flavor] = {
    "Python script for SpikeCanvas's engine (*.py)": "engine",
    "Python script for Brian 2 (*.py)": "brian2",
}
RESULTS_FILTERS: dict[str, tuple[ResultsFormat, str]] = {
    "HDF5 results, with the project and how it was run (*.h5)": ("hdf5", ".h5"),
    "CSV tables, one file per monitor (*.csv)": ("csv", ".csv"),
}
IMAGE_FILTERS = {"PNG image (*.png)": ".png", "SVG drawing (*.svg)": ".svg"}


class Prompts:
    """The questions of the main window. Subclass it, or pass any object with these methods."""

    def unsaved_changes(self, parent: QtWidgets.QWidget, name: str) -> Answer:
        """Ask whether to save the changes to the project ``name`` before they are lost."""
        raise NotImplementedError

    def open_path(self, parent: QtWidgets.QWidget, folder: Path) -> Path | None:
        """Ask for a project file to open (None: cancelled)."""
        raise NotImplementedError

    def save_path(self, parent: QtWidgets.QWidget, suggested: Path) -> Path | None:
        """Ask where to save the project (None: cancelled)."""
        raise NotImplementedError

    def export_path(self, parent: QtWidgets.QWidget, suggested: Path) -> tuple[Path, Flavor] | None:
        """Ask where to write the script, and for which simulator (None: cancelled)."""
        raise NotImplementedError

    def export_changes(self, parent: QtWidgets.QWidget, count: int) -> bool | None:
        """Ask whether the script replays the last run's ``count`` live changes (None: cancel).

        True: the project as that run ran it, with the changes at their times; False: the
        project as it is now.
        """
        raise NotImplementedError

    def example(self, parent: QtWidgets.QWidget, examples: Sequence[Example]) -> Example | None:
        """Ask which bundled example to open (None: cancelled)."""
        raise NotImplementedError

    def restore(self, parent: QtWidgets.QWidget, recovery: Recovery) -> bool:
        """Ask whether to restore the work a crashed window left in ``recovery``."""
        raise NotImplementedError

    def error(self, parent: QtWidgets.QWidget, title: str, summary: str, details: str = "") -> None:
        """Tell the user that something failed (``details``: the list of problems)."""
        raise NotImplementedError

    def results_path(
        self, parent: QtWidgets.QWidget, suggested: Path
    ) -> tuple[Path, ResultsFormat] | None:
        """Ask where to write the last run's results, and in which format (None: cancelled).

        For CSV, the path's stem prefixes one file per monitor (``run.csv`` gives
        ``run_spikes.csv``, ...).
        """
        raise NotImplementedError

    def image_path(self, parent: QtWidgets.QWidget, suggested: Path) -> Path | None:
        """Ask where to save the plots as an image, PNG or SVG by suffix (None: cancelled)."""
        raise NotImplementedError

    def run_settings(self, parent: QtWidgets.QWidget, settings: RunSettings) -> RunSettings | None:
        """Let the user edit the run settings (None: cancelled)."""
        raise NotImplementedError


class DialogPrompts(Prompts):
    """The questions as Qt's standard (modal) dialogs."""

    def unsaved_changes(self, parent: QtWidgets.QWidget, name: str) -> Answer:  # noqa: D102
        buttons = QtWidgets.QMessageBox.StandardButton
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to '{name}'?")
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        answers: dict[QtWidgets.QMessageBox.StandardButton, Answer] = {
            buttons.Save: "save",
            buttons.Discard: "discard",
        }
        return answers.get(buttons(answer), "cancel")

    def open_path(self, parent: QtWidgets.QWidget, folder: Path) -> Path | None:  # noqa: D102
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            parent, "Open Project", str(folder), f"{PROJECT_FILTER};;All files (*)"
        )
        return Path(path) if path else None

    def save_path(self, parent: QtWidgets.QWidget, suggested: Path) -> Path | None:  # noqa: D102
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            parent, "Save Project As", str(suggested), PROJECT_FILTER
        )
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(SUFFIX)

    def export_changes(  # noqa: D102
        self, parent: QtWidgets.QWidget, count: int
    ) -> bool | None:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle("Export Script")
        changes = "1 live change" if count == 1 else f"{count} live changes"
        box.setText(f"The last run had {changes}. Export a script that reproduces that run?")
        box.setInformativeText(
            "With the changes, the script runs the project as that run did and makes each "
            "change at its time: the same spikes. Without them, it runs the project as it is now."
        )
        role = QtWidgets.QMessageBox.ButtonRole
        with_changes = box.addButton("With the Live Changes", role.YesRole)
        box.addButton("The Project as It Is", role.NoRole)
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(with_changes)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or box.buttonRole(clicked) == role.RejectRole:
            return None
        return clicked is with_changes

    def export_path(  # noqa: D102
        self, parent: QtWidgets.QWidget, suggested: Path
    ) -> tuple[Path, Flavor] | None:
        chosen = _save_as(parent, "Export Script", suggested, SCRIPT_FILTERS)
        if chosen is None:
            return None
        path, flavor = chosen
        return (path if path.suffix else path.with_suffix(".py")), flavor

    def example(  # noqa: D102
        self, parent: QtWidgets.QWidget, examples: Sequence[Example]
    ) -> Example | None:
        dialog = ExamplesDialog(examples, parent)
        try:
            accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            return dialog.chosen() if accepted else None
        finally:
            dialog.deleteLater()

    def restore(self, parent: QtWidgets.QWidget, recovery: Recovery) -> bool:  # noqa: D102
        buttons = QtWidgets.QMessageBox.StandardButton
        name = recovery.path.name if recovery.path else "an unsaved project"
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle("Recover unsaved work")
        box.setText(f"SpikeCanvas did not close normally. Restore your unsaved work on {name}?")
        box.setInformativeText(
            f"It was saved automatically at {recovery.saved_at:%H:%M on %d %B %Y}. "
            "If you discard it, it is deleted."
        )
        restore = box.addButton("Restore", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(buttons.Discard)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def error(  # noqa: D102
        self, parent: QtWidgets.QWidget, title: str, summary: str, details: str = ""
    ) -> None:
        box = QtWidgets.QMessageBox(parent)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(summary)
        if details:
            box.setInformativeText(details)
        box.exec()

    def results_path(  # noqa: D102
        self, parent: QtWidgets.QWidget, suggested: Path
    ) -> tuple[Path, ResultsFormat] | None:
        chosen = _save_as(parent, "Export Results", suggested, RESULTS_FILTERS)
        if chosen is None:
            return None
        path, (kind, suffix) = chosen
        return (path if path.suffix else path.with_suffix(suffix)), kind

    def image_path(self, parent: QtWidgets.QWidget, suggested: Path) -> Path | None:  # noqa: D102
        chosen = _save_as(parent, "Export Plots", suggested, IMAGE_FILTERS)
        if chosen is None:
            return None
        path, suffix = chosen
        return path if path.suffix else path.with_suffix(suffix)

    def run_settings(  # noqa: D102
        self, parent: QtWidgets.QWidget, settings: RunSettings
    ) -> RunSettings | None:
        dialog = RunSettingsDialog(settings, parent)
        try:
            accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
            return dialog.settings if accepted else None
        finally:
            dialog.deleteLater()


def _save_as(
    parent: QtWidgets.QWidget, title: str, suggested: Path, filters: dict[str, T]
) -> tuple[Path, T] | None:
    """Ask for a file to write, offering ``filters``; return it and the chosen filter's value.

    The first filter's value stands for a filter the dialog does not report.
    """
    path, chosen = QtWidgets.QFileDialog.getSaveFileName(
        parent, title, str(suggested), ";;".join(filters)
    )
    if not path:
        return None
    return Path(path), filters.get(chosen, next(iter(filters.values())))
