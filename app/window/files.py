"""The window's project files: New, Open, Save, Save As, recovery at start-up, the title.

A file that cannot be read is reported and changes nothing. A bundled example opens as an
untitled copy (saving it asks for a new file; the examples are never written). Unsaved changes
are asked about before they would be lost; the autosaver's recovery file of the project is
dropped once it is saved, and a crashed window's recovery file is offered at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.canvas.canvas import Canvas
from app.files import (
    Autosaver,
    RecentFiles,
    file_error_text,
    find_examples,
    find_recoveries,
    is_bundled_example,
)
from app.files.names import stem_from_title
from app.inspector.inspector import Inspector
from app.model import ProjectModel
from app.prompts import Prompts
from app.window.part import WindowPart
from engine.project import Project, ProjectFileError, load, save
from engine.project.fileio import SUFFIX

__all__ = ["UNTITLED", "ProjectFiles"]

UNTITLED = "Untitled"


class ProjectFiles(WindowPart):
    """Opens and saves the window's project, and keeps the window's title.

    Parameters
    ----------
    window, model, prompts, parent
        As for every `WindowPart`.
    settings
        Where the last folder used is remembered.
    recent
        The recent files.
    autosaver
        Writes the recovery file of unsaved work.
    canvas, inspector
        The views reset for a new project.
    examples_folder
        The bundled examples (None: none).
    recovery_folder
        Where recovery files are found (None: the user's data folder).
    """

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        *,
        model: ProjectModel,
        prompts: Prompts,
        settings: QtCore.QSettings,
        recent: RecentFiles,
        autosaver: Autosaver,
        canvas: Canvas,
        inspector: Inspector,
        examples_folder: Path | None,
        recovery_folder: Path | None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(window, model, prompts, parent)
        self._settings = settings
        self._recent = recent
        self._autosaver = autosaver
        self._canvas = canvas
        self._inspector = inspector
        self._examples_folder = examples_folder
        self._recovery_folder = recovery_folder
        self._untitled_name = UNTITLED

    # -- start-up --------------------------------------------------------------------------------

    def start(self, project_path: str | Path | None = None) -> None:
        """Do what a fresh window does once shown: offer recovery, then open ``project_path``.

        An unreadable ``project_path`` is reported (and printed on stderr for the terminal) and
        the window stays with an empty project.
        """
        if self.restore_recovery():
            return
        if project_path is not None and not self.open_file(project_path):
            print(f"spikecanvas: cannot open {project_path}", file=sys.stderr)

    def restore_recovery(self) -> bool:
        """Offer to restore the newest recovery file a crashed window left; return whether done.

        Restored work keeps its original file (if it had one) and counts as unsaved. Declined
        work is deleted, so the question is not asked again.
        """
        found = [
            r for r in find_recoveries(self._recovery_folder) if r.file != self._autosaver.file
        ]
        if not found:
            return False
        recovery = found[0]
        if not self._prompts.restore(self._window, recovery):
            recovery.discard()
            return False
        try:
            project = recovery.load()
        except ProjectFileError as error:
            summary, details = file_error_text(error)
            self._prompts.error(self._window, "Cannot recover the project", summary, details)
            recovery.discard()
            return False
        self._set_project(project, recovery.path)
        self._model.undo_stack.resetClean()  # nothing of it is saved yet
        recovery.discard()
        self._autosaver.autosave()  # protected again at once, now by this window's file
        self._status_bar.showMessage("Restored your unsaved work", 6000)
        return True

    # -- names -----------------------------------------------------------------------------------

    def document_name(self) -> str:
        """Return the name the window shows for the project (its file name, or Untitled)."""
        path = self._model.path
        return path.name if path is not None else self._untitled_name

    def file_stem(self) -> str:
        """Return the name proposed for the project's files, without ending.

        Its file's name once saved (a copy of an example: the example's); else made of its
        title (safe on every system); else ``Untitled``.
        """
        if self._model.path is not None:
            return self._model.path.stem
        if self._untitled_name != UNTITLED:
            return Path(self._untitled_name).stem
        from_title = stem_from_title(self._model.project.title)
        return from_title if from_title is not None else UNTITLED

    def update_title(self, *_: object) -> None:
        """Name the project in the window's title, marked while it has unsaved changes."""
        self._window.setWindowTitle(f"{self.document_name()}[*] — SpikeCanvas")
        self._window.setWindowModified(self._model.modified)

    # -- commands --------------------------------------------------------------------------------

    def new_project(self) -> bool:
        """Start an empty project (after asking about unsaved changes); return whether done."""
        if not self.maybe_save():
            return False
        self._set_project(Project(), None)
        self._status_bar.showMessage("New network", 3000)
        return True

    def open_dialog(self) -> bool:
        """Ask for a project file and open it; return whether a project was opened."""
        path = self._prompts.open_path(self._window, self.last_folder())
        return self.open_file(path) if path is not None else False

    def open_file(self, path: str | Path) -> bool:
        """Open a project file; return whether it was opened.

        The file is read first: a file that cannot be opened is reported and changes nothing
        (no question asked, the current project stays). A bundled example is opened as a copy.
        """
        path = Path(path)
        try:
            project = load(path)
        except ProjectFileError as error:
            summary, details = file_error_text(error, path)
            self._prompts.error(self._window, "Cannot open the project", summary, details)
            self._status_bar.showMessage(summary, 8000)
            if not path.exists():
                self._recent.remove(path)
            return False
        if not self.maybe_save():
            return False
        if self.is_example(path):
            self._set_project(project, None, untitled=path.name)
            self._status_bar.showMessage(f"Opened a copy of the example {path.name}", 6000)
        else:
            self._set_project(project, path)
            self._recent.add(path)
            self.remember_folder(path)
            self._status_bar.showMessage(f"Opened {path}", 6000)
        return True

    def open_example_dialog(self) -> bool:
        """Ask which bundled example to open, and open a copy of it."""
        examples = find_examples(self._examples_folder)
        if not examples:
            self._prompts.error(
                self._window, "No examples", "This installation of SpikeCanvas has no examples."
            )
            return False
        chosen = self._prompts.example(self._window, examples)
        return self.open_file(chosen.path) if chosen is not None else False

    def save(self) -> bool:
        """Save the project to its file (Save As if it has none); return whether saved."""
        path = self._model.path
        if path is None or self.is_example(path):
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        """Ask for a file and save the project there; return whether saved.

        The name proposed is the project's own file name once it has one, else made of its
        title (`app.files.names.stem_from_title`), else ``Untitled`` (see `file_stem`).
        """
        suggested = self.last_folder() / (self.file_stem() + SUFFIX)
        path = self._prompts.save_path(self._window, suggested)
        if path is None:
            return False
        if self.is_example(path):
            self._prompts.error(
                self._window,
                "Cannot save here",
                "The bundled examples cannot be changed.",
                "Choose another folder, such as your documents.",
            )
            return False
        return self._write(path)

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; return False if the user cancelled (or saving failed)."""
        if not self._model.modified:
            return True
        answer = self._prompts.unsaved_changes(self._window, self.document_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- folders ---------------------------------------------------------------------------------

    def is_example(self, path: Path) -> bool:
        """Return whether ``path`` is (in) the bundled examples, which are never written."""
        if not self._examples_folder:
            return False
        return is_bundled_example(path, self._examples_folder)

    def last_folder(self) -> Path:
        """Return the folder last opened from or saved to (else the user's documents)."""
        folder = self._settings.value("last_folder", "")
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
        documents = QtCore.QStandardPaths.writableLocation(
            QtCore.QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def remember_folder(self, path: Path) -> None:
        """Remember the folder of ``path`` for the next file dialog."""
        self._settings.setValue("last_folder", str(path.resolve().parent))

    # -- helpers ---------------------------------------------------------------------------------

    def _write(self, path: Path) -> bool:
        try:
            save(self._model.project, path)
        except OSError as error:
            reason = error.strerror or str(error)
            self._prompts.error(self._window, "Cannot save the project", f"{path}: {reason}")
            return False
        self._model.mark_saved(path)
        self._untitled_name = UNTITLED
        self._recent.add(path)
        self.remember_folder(path)
        self._autosaver.discard()
        self.update_title()
        self._status_bar.showMessage(f"Saved {path}", 4000)
        return True

    def _set_project(self, project: Project, path: Path | None, untitled: str = UNTITLED) -> None:
        self._untitled_name = untitled
        self._model.replace(project, path)
        self._autosaver.discard()
        self._inspector.show_node(None)
        self.update_title()
        # After the canvas has laid out the new nodes.
        QtCore.QTimer.singleShot(0, self._canvas.zoom_to_fit)
