"""A one-line field for values with units (``10*ms``, ``-70*mV``, ``4000``, ``taum``).

`QuantityField` checks the text as it is typed against a `Rule` (what the field holds: a
time, a rate, a whole number...; see `app.model.quantity_rules`). A text that does not fit
gets a red border and the reason under the field, and is not committed; a text that fits is
committed at once (successive changes of a field merge into one undo step in the model).

A refused text is the user's draft: it stays in the field, marked, with a message that says the
project keeps its previous value, until the user corrects it, takes it back (Esc, or Ctrl+Z in
the field) or the model's value changes (an undo). Leaving the field keeps it; the inspector
keeps it too while another node is shown (`draft`, `restore_draft`). The validator's
diagnostics of the field, which know the network (units of model variables), are shown the
same way once the text itself is fine.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLine
from app.inspector.field_base import ProjectUndoKeys, RefusableField
from app.model.quantity_rules import Rule, check
from engine.project.document import Project

__all__ = ["QuantityField"]


class QuantityField(ProjectUndoKeys, RefusableField, QtWidgets.QLineEdit):
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

    BORDER_STYLE = " padding: 1px 3px;"
    committed = QtCore.Signal(str)

    def __init__(
        self,
        rule: Rule,
        project: Callable[[], Project | None] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rule = rule
        self.message_label = MessageLine()
        self._project = project or (lambda: None)
        self._shown = ""  # the text last set from the model or committed
        self._kept = ""  # the model's value: what a refused text leaves in the project
        if rule.example and not self.placeholderText():
            self.setPlaceholderText(f"e.g. {rule.example}" if not rule.optional else "")
        self.textEdited.connect(self._edited)

    # -- value --------------------------------------------------------------------------------

    def value(self) -> str:
        """Return the text shown."""
        return self.text()

    def set_value(self, text: str) -> None:
        """Show ``text`` from the model; nothing happens if it is what is shown already."""
        self._shown = self._kept = text
        if text == self.text():
            if self._problem is not None:  # the project holds the text now: it is no draft
                self._problem = None
                self._render()
            return
        position = self.cursorPosition()
        self.setText(text)
        self.setCursorPosition(min(position, len(text)))
        self._problem = None
        self._render()

    @property
    def is_valid(self) -> bool:
        """Whether the text shown fits the rule."""
        return self._problem is None

    def recheck(self) -> None:
        """Check the text again (the constants changed) and commit it if it fits now."""
        self._edited(self.text())

    @property
    def draft(self) -> str | None:
        """The refused text shown, which the project does not hold (None: there is none)."""
        return self.text() if self._problem is not None else None

    def restore_draft(self, text: str) -> None:
        """Show a refused text again (the user comes back to the node): checked as if typed."""
        self.setText(text)
        self._shown = self._kept
        self._edited(text)

    def revert(self) -> None:
        """Take back a refused text: show the project's value again."""
        self.setText(self._kept)
        self._shown = self._kept
        self._problem = None
        self._render()

    def kept_text(self) -> str:
        """Say what the project holds while the text is refused: "'5*ms'", "the default (none)"."""
        if self._kept:
            return f"'{self._kept}'"
        placeholder = self.placeholderText()
        if placeholder and not placeholder.startswith("e.g."):
            return f"the default ({placeholder})"  # the placeholder says what empty means
        return "an empty value"

    # -- diagnostics ---------------------------------------------------------------------------

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the field with the cursor at ``column`` (1-based) when given."""
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        if column is not None:
            self.setCursorPosition(max(0, min(column - 1, len(self.text()))))

    # -- Qt events --------------------------------------------------------------------------

    def event(self, event: QtCore.QEvent) -> bool:
        """Keep Esc for taking back a refused text (the window's Esc stops a run)."""
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and self._problem is not None
            and event.key() == QtCore.Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Esc or undo take back a refused text; undo and redo go to the project's undo stack."""
        takes_back = event.key() == QtCore.Qt.Key.Key_Escape or event.matches(
            QtGui.QKeySequence.StandardKey.Undo
        )
        if takes_back and self._problem is not None:
            self.revert()
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
            kept, self._kept = self._kept, text
            self.committed.emit(text)  # the model may refuse it: `reject` is called at once
            if self._problem is not None:
                self._kept = kept
                self._render()

    def _refusal(self, problem: str) -> str:
        # The project keeps its value: say so, or the user may think the text was taken.
        return (
            f"{problem} (not applied: the project keeps {self.kept_text()}; "
            "Esc takes the text back)"
        )
