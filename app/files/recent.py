"""The list of recently opened projects, kept in the application's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

__all__ = ["RecentFiles"]


class RecentFiles(QtCore.QObject):
    """Recently opened or saved project files, most recent first, persisted in QSettings.

    Signals
    -------
    changed()
        The list changed.
    """

    changed = QtCore.Signal()

    KEY = "recent_files"

    def __init__(
        self, settings: QtCore.QSettings, limit: int = 10, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._limit = limit

    def paths(self) -> list[Path]:
        """Return the recent files, most recent first (files that vanished included)."""
        value = self._settings.value(self.KEY, [])
        # INI and some native backends return a lone string for a one-item list.
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(item) for item in items if item]

    def add(self, path: str | Path) -> None:
        """Put ``path`` at the top of the list."""
        path = Path(path).resolve()
        paths = [path, *(p for p in self.paths() if p != path)]
        self._store(paths[: self._limit])

    def remove(self, path: str | Path) -> None:
        """Take ``path`` off the list (a file that cannot be opened any more)."""
        path = Path(path).resolve()
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        """Empty the list."""
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(self.KEY, [str(p) for p in paths])
        self._settings.sync()
        self.changed.emit()
