"""What the window's parts that talk to the user share: the window, its project, its prompts."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.model import ProjectModel
from app.prompts import Prompts

__all__ = ["WindowPart"]


class WindowPart(QtCore.QObject):
    """A part of the main window that works on its project and talks to the user.

    It asks through the window's `prompts` (the window is the questions' parent) and says what
    it did in the window's status bar.

    Parameters
    ----------
    window
        The main window.
    model
        The edited project.
    prompts
        The questions to the user.
    parent
        The part's owner (the window keeps its parts together).
    """

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        model: ProjectModel,
        prompts: Prompts,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._status_bar = window.statusBar()
        self._model = model
        self._prompts = prompts
