"""Live diagnostics: the engine's validator run shortly after each edit of the project."""

from __future__ import annotations

from PySide6 import QtCore

from app.model.project_model import ProjectModel
from engine.project import Diagnostic, validate

__all__ = ["DiagnosticsRunner"]


class DiagnosticsRunner(QtCore.QObject):
    """Validates the model's project ``delay_ms`` after the last change and publishes the result.

    Validation takes a few milliseconds for a network of the examples' size, so it runs in the
    GUI thread; the delay only gathers a burst of keystrokes into one validation cycle.

    Signals
    -------
    diagnostics_changed(list)
        The new list of `engine.project.Diagnostic` (empty when the project is fine).
    """

    diagnostics_changed = QtCore.Signal(list)

    def __init__(
        self, model: ProjectModel, delay_ms: int = 150, parent: QtCore.QObject | None = None
    ):
        super().__init__(parent if parent is not None else model)
        self._model = model
        self._diagnostics: list[Diagnostic] = []
        self._paused = False
        self._missed = False
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.validate_now)
        for signal in (
            model.node_added,
            model.node_removed,
            model.node_changed,
            model.edge_added,
            model.edge_removed,
            model.project_changed,
            model.project_replaced,
        ):
            signal.connect(self.schedule)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The diagnostics of the last validation."""
        return list(self._diagnostics)

    @property
    def pending(self) -> bool:
        """Whether a validation is scheduled but has not run yet."""
        return self._timer.isActive()

    @property
    def paused(self) -> bool:
        """Whether validation waits (during a run; see `set_paused`)."""
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """Hold validation back, or let it go on (validating what changed meanwhile).

        The window pauses validation while a run goes on: the validator creates engine objects,
        and the engine runs one thing at a time.
        """
        self._paused = paused
        if paused:
            self._missed = self._missed or self._timer.isActive()
            self._timer.stop()
        elif self._missed:
            self._missed = False
            self._timer.start()

    def schedule(self, *_: object) -> None:
        """Validate after the delay (restarted by every further change)."""
        if self._paused:
            self._missed = True
        else:
            self._timer.start()

    def validate_now(self) -> list[Diagnostic]:
        """Validate at once, publish and return the diagnostics."""
        self._timer.stop()
        diagnostics = validate(self._model.project)
        if diagnostics != self._diagnostics:
            self._diagnostics = diagnostics
            self.diagnostics_changed.emit(list(diagnostics))
        return list(diagnostics)
