"""A one-line field for values with units (``10*ms``, ``-70*mV``, ``4000``, ``taum``).

`QuantityField` checks the text as it is typed against a `Rule` (what the field holds: a
time, a rate, a whole number...; see `app.model.quantity_rules`). A text that does not fit
gets a red border and the reason under the field, and is not committed; a text that fits is
committed at once (successive changes of a field merge into one undo step in the model). A
refused text stays in the field, marked, until it is corrected or the model's value changes. The
validator's diagnostics of the field, which know the network (units of model variables), are
shown the same way once the text itself is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLabel, severity_color, worst_severity
from app.inspector.undo_keys import handle_undo_key
from app.model.quantity_rules import Rule, check
from engine.project.document import Project

__all__ = ["QuantityField"]


class QuantityField(QtWidgets.QLineEdit):
    """A field for a value with units, checked as it is typed.

    Parameters
    ----------
    rule
        What the field accepts.
    project
        Returns the project whose constants the value may use (None: no constants).
    parent
        The parent widget.

    Attributes
    ----------
    undo_stack
        The project's undo stack, for Ctrl+Z in the field (None: the field's own undo).
    message_label
        The label that shows why the text is refused, or the field's diagnostics.

    Signals
    -------
    committed(str)
        A text that fits the rule, as typed.
    """

    committed = QtCore.Signal(str)

    def __init__(
        self,
        rule: Rule,
        project: Callable[[], Project | None] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rule = rule
        self.undo_stack: QtGui.QUndoStack | None = None
        self.message_label = MessageLabel()
        self._project = project or (lambda: None)
        self._problem: str | None = None
        self._diagnostics: list[object] = []
        self._shown = ""
        if rule.example and not self.placeholderText():
            self.setPlaceholderText(f"e.g. {rule.example}" if not rule.optional else "")
        self.textEdited.connect(self._edited)

    # -- value --------------------------------------------------------------------------------

    def value(self) -> str:
        """Return the text shown."""
        return self.text()

    def set_value(self, text: str) -> None:
        """Show ``text`` from the model; nothing happens if it is what is shown already."""
        self._shown = text
        if text == self.text():
            return
        position = self.cursorPosition()
        self.setText(text)
        self.setCursorPosition(min(position, len(text)))
        self._problem = None
        self._render()

    @property
    def problem(self) -> str | None:
        """Why the text shown is refused (None: it fits, and is the model's value)."""
        return self._problem

    @property
    def is_valid(self) -> bool:
        """Whether the text shown fits the rule."""
        return self._problem is None

    def recheck(self) -> None:
        """Check the text again (the constants changed) and commit it if it fits now."""
        self._edited(self.text())

    def commit_now(self) -> None:
        """Nothing waits: a fitting text is committed as it is typed (for `handle_undo_key`)."""

    def reject(self, message: str) -> None:
        """Show that the model refused the text (``message`` says why)."""
        self._problem = message
        self._render()

    # -- diagnostics ---------------------------------------------------------------------------

    def set_diagnostics(self, diagnostics: Sequence[object]) -> None:
        """Show the validator's problems of this field."""
        self._diagnostics = list(diagnostics)
        self._render()

    @property
    def diagnostics(self) -> list[object]:
        """The problems shown."""
        return list(self._diagnostics)

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the field with the cursor at ``column`` (1-based) when given."""
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        if column is not None:
            self.setCursorPosition(max(0, min(column - 1, len(self.text()))))

    # -- Qt events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Send undo and redo to the project's undo stack."""
        if handle_undo_key(event, self.undo_stack, self.commit_now):
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Recolour after a palette change."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._render()

    # -- helpers ------------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        self._problem = check(text, self.rule, self._project())
        self._render()
        if self._problem is None and text != self._shown:
            self._shown = text
            self.committed.emit(text)

    def _render(self) -> None:
        if self._problem is not None:
            severity: str | None = "error"
            # The model keeps its value: say so, or the user may think the text was taken.
            messages = [("error", f"{self._problem} (not applied)")]
        else:
            severity = worst_severity(self._diagnostics)
            messages = [(d.severity, d.message) for d in self._diagnostics]  # type: ignore[attr-defined]
        self.message_label.show_messages(messages)
        self.setToolTip("\n".join(m for _, m in messages))
        if severity is None:
            self.setStyleSheet("")
        else:
            color = severity_color(severity, self.palette()).name()
            self.setStyleSheet(
                f"QLineEdit {{ border: 1px solid {color}; border-radius: 2px; padding: 1px 3px; }}"
            )
