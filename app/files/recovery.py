"""Autosave to a recovery file, and finding what a crashed window left behind.

Each window writes its unsaved project to its own recovery file in the user's data folder
(``<data>/recovery/<pid>-<token>.json``) every minute while it has unsaved changes, and removes
the file when the project is saved or the window closes normally. A file that is still there
when the application starts again belongs to a window that crashed.

A recovery file is JSON: ``{"recovery": 1, "path": <the project's file or null>, "saved_at":
<ISO time>, "project": <the text of a project file>}``. The project is read back with the same
checks as any project file.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from PySide6 import QtCore

from app.model import ProjectModel
from engine.outputs import write_text
from engine.project import FileProblem, Project, ProjectFileError, dumps, loads

__all__ = ["Autosaver", "Recovery", "find_recoveries", "recovery_dir"]

RECOVERY_FORMAT = 1
#: Autosave period of a window: the issue asks for once a minute.
DEFAULT_INTERVAL_MS = 60_000


def recovery_dir() -> Path:
    """Return the folder of recovery files (it may not exist yet)."""
    return platformdirs.user_data_path("spikecanvas", appauthor=False) / "recovery"


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by a window that did not close normally.

    Attributes
    ----------
    file
        The recovery file itself.
    path
        The project's own file when the window last autosaved (None: never saved).
    saved_at
        When it was written (local time).
    """

    file: Path
    path: Path | None
    saved_at: datetime.datetime

    def load(self) -> Project:
        """Read the recovered project.

        Raises
        ------
        ProjectFileError
            If the recovery file is damaged.
        """
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            text = data["project"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            problem = f"the recovery file is damaged ({error})"
            raise ProjectFileError([FileProblem("", problem)], str(self.file)) from None
        return loads(text, filename=str(self.file))

    def discard(self) -> None:
        """Delete the recovery file."""
        self.file.unlink(missing_ok=True)


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Return the recovery files of windows that are gone, newest first.

    Files of processes that are still running (another SpikeCanvas open now) are left alone.
    """
    folder = recovery_dir() if folder is None else folder
    found = []
    for file in folder.glob("*.json") if folder.is_dir() else []:
        pid = _pid_of(file)
        if pid is not None and pid != os.getpid() and _process_exists(pid):
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            path = Path(data["path"]) if data.get("path") else None
            saved_at = datetime.datetime.fromisoformat(data["saved_at"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            path = None
            saved_at = datetime.datetime.fromtimestamp(file.stat().st_mtime)
        found.append(Recovery(file, path, saved_at))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QtCore.QObject):
    """Writes a model's project to the window's recovery file while it has unsaved changes.

    Parameters
    ----------
    model
        The window's project.
    folder
        Where recovery files go (default `recovery_dir`).
    interval_ms
        The autosave period.
    """

    def __init__(
        self,
        model: ProjectModel,
        folder: Path | None = None,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else model)
        self._model = model
        self._folder = recovery_dir() if folder is None else folder
        self._file = self._folder / f"{os.getpid()}-{uuid.uuid4().hex[:12]}.json"
        self._written: str | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.autosave)
        self._timer.start()
        # Back to the saved state (saved, or undone to it): nothing left to recover. A plain
        # function, not a method: PySide6 would look a method up as a slot of this object, which
        # fails once the object is gone while the undo stack still signals.

        def discard_when_clean(clean: bool) -> None:
            if clean:
                self.discard()

        model.undo_stack.cleanChanged.connect(discard_when_clean)

    @property
    def file(self) -> Path:
        """The window's recovery file (it exists only while there is something to recover)."""
        return self._file

    def autosave(self) -> bool:
        """Write the recovery file now if the project has unsaved changes; return whether.

        A failure to write (full disk, read-only home) is not the user's problem at this
        moment: it is ignored and retried at the next period.
        """
        if not self._model.modified:
            self.discard()
            return False
        text = dumps(self._model.project)
        path = self._model.path
        key = f"{path}\n{text}"
        if key == self._written and self._file.exists():
            return False
        data = {
            "recovery": RECOVERY_FORMAT,
            "path": str(path) if path is not None else None,
            "saved_at": datetime.datetime.now().isoformat(timespec="seconds"),
            "project": text,
        }
        try:
            _write_atomically(self._file, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError:
            return False
        self._written = key
        return True

    def discard(self) -> None:
        """Remove this window's recovery file (after a save, or on a normal close)."""
        self._written = None
        with contextlib.suppress(OSError):
            self._file.unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop autosaving and remove the recovery file (the window is closing normally)."""
        self._timer.stop()
        self.discard()


def _write_atomically(path: Path, text: str) -> None:
    # Only its user should read a copy of their unsaved work.
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text, private=True)


def _pid_of(file: Path) -> int | None:
    head = file.stem.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _process_exists(pid: int) -> bool:
    if os.name == "nt":
        return False  # os.kill would terminate the process there, not probe it
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError, OverflowError):
        return True  # exists but is someone else's, or cannot be checked: leave it alone
    return True
