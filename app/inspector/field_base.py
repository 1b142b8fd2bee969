"""What the editors of the inspector's forms share: problems shown, refusals, undo keys.

Every editor of a form (`app.inspector.fields`, `QuantityField`, `EquationEditor`, the tables)
mixes in the parts it needs, before its Qt widget class:

- `FieldFeedback`: the `MessageLine` under the editor, the validator's diagnostics of its field
  (``set_diagnostics``), a refusal of the model (``reject``) and ``focus_at``;
- `RefusableField`: a refused value stays marked as the field's ``problem`` until the next
  value is shown, instead of only being said once;
- `ProjectUndoKeys`: undo and redo keys go to the project's undo stack (``undo_stack``), after
  the editor commits what it holds (``commit_now``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLine, severity_color
from app.inspector.undo_keys import handle_undo_key

if TYPE_CHECKING:
    from engine.project import Diagnostic

__all__ = ["FieldFeedback", "ProjectUndoKeys", "RefusableField", "show_problems"]

if TYPE_CHECKING:
    # The mixins call the widget they are mixed into (and `super()` reaches its Qt class):
    # the type checker sees them as widgets; at run time they are plain classes.
    _Widget = QtWidgets.QWidget
else:
    _Widget = object


def show_problems(
    widget: QtWidgets.QWidget,
    label: MessageLine,
    messages: Sequence[tuple[str, str]],
    selector: str,
    style: str = "",
) -> None:
    """Show ``(severity, message)`` pairs: in ``label``, as tooltip, as a coloured border.

    ``selector`` is the style class whose border is coloured (``"QLineEdit"``); ``style`` adds
    to the border's style (a padding).
    """
    label.show_messages(messages)
    widget.setToolTip("\n".join(m for _, m in messages))
    severities = {s for s, _ in messages}
    severity = "error" if "error" in severities else ("warning" if severities else None)
    if severity is None:
        widget.setStyleSheet("")
        return
    color = severity_color(severity, widget.palette()).name()
    widget.setStyleSheet(f"{selector} {{ border: 1px solid {color}; border-radius: 2px;{style} }}")


class FieldFeedback(_Widget):
    """Shows an editor's problems: why its value is refused, else its field's diagnostics.

    The editor creates its `message_label`; the messages go there and, when `BORDER` names
    the editor's style class, into its tooltip and the colour of its border.
    """

    #: The style class whose border shows the worst severity (None: the message line only).
    BORDER: ClassVar[str | None] = "QLineEdit"
    #: What the border's style adds (a padding).
    BORDER_STYLE: ClassVar[str] = ""

    message_label: MessageLine
    _problem: str | None = None
    _diagnostics: Sequence[Diagnostic] = ()

    @property
    def problem(self) -> str | None:
        """Why the value shown is refused (None: it is not)."""
        return self._problem

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The problems shown."""
        return list(self._diagnostics)

    def set_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Show the validator's problems of the field."""
        self._diagnostics = list(diagnostics)
        self._render()

    def reject(self, message: str) -> None:
        """Say that the model refused the value (``message`` says why), until shown again."""
        self.message_label.show_messages([("error", message)])

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the editor."""
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def _refusal(self, problem: str) -> str:
        """Return the message of a refused value (an editor says what happens to it)."""
        return problem

    def _messages(self) -> list[tuple[str, str]]:
        if self._problem is not None:
            return [("error", self._refusal(self._problem))]
        return [(d.severity, d.message) for d in self._diagnostics]

    def _render(self) -> None:
        messages = self._messages()
        if self.BORDER is None:
            self.message_label.show_messages(messages)
        else:
            show_problems(self, self.message_label, messages, self.BORDER, self.BORDER_STYLE)


class RefusableField(FieldFeedback):
    """An editor whose refused value stays marked as its `problem` until the next is shown."""

    def reject(self, message: str) -> None:
        """Show that the model refused the value (``message`` says why)."""
        self._problem = message
        self._render()


class ProjectUndoKeys(_Widget):
    """Sends the undo and redo keys to the project's undo stack (see `handle_undo_key`)."""

    #: The project's undo stack, set by the inspector (None: the editor's own undo).
    undo_stack: QtGui.QUndoStack | None = None

    def commit_now(self) -> None:
        """Commit what the editor holds (nothing waits here: values are committed as typed)."""

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Send undo and redo to the project's undo stack, after committing what is typed."""
        if handle_undo_key(event, self.undo_stack, self.commit_now):
            event.accept()
            return
        super().keyPressEvent(event)
