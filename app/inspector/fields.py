"""The simple editors of the inspector's forms: text, names, notes, choices, switches, lists.

Every editor of a form — these, `EquationEditor` and `QuantityField` — has the same small
interface, which the inspector relies on:

- signal ``committed(value)``: a value for the model (a str, bool, list or None);
- ``set_value(value)``: show the model's value (nothing happens if it is shown already);
- ``set_diagnostics(diagnostics)``: show the validator's problems of the field;
- ``reject(message)``: show that the model refused the value;
- ``focus_at(line, column)``: put the cursor there;
- ``message_label``: a `MessageLine` the form places under the editor.

What they share of it comes from `app.inspector.field_base`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLine
from app.inspector.field_base import FieldFeedback, ProjectUndoKeys, RefusableField
from engine.project.document import identifier_problem

__all__ = [
    "AUTO",
    "CheckField",
    "ChoiceField",
    "NameField",
    "NotesField",
    "SeedField",
    "TextField",
    "VariablesField",
]

#: What a choice shows for an empty value ("let the engine choose").
AUTO = "auto"


class TextField(ProjectUndoKeys, FieldFeedback, QtWidgets.QLineEdit):
    """A line of plain text (a title), committed as it is typed."""

    committed = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = MessageLine()
        self.textEdited.connect(self.committed.emit)

    def set_value(self, value: object) -> None:
        """Show the model's text."""
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long title, not its end

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the field, the cursor at ``column`` when given."""
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        if column is not None:
            self.setCursorPosition(max(0, column - 1))


class NameField(RefusableField, TextField):
    """A node's name: checked as it is typed, committed when the user presses Enter or leaves.

    Renaming is one undo step per name, not per keystroke, so the name is committed only when
    the editing is finished; a name that is invalid or used is refused, with the reason.

    Parameters
    ----------
    used
        Returns the names already taken by other nodes and constants.
    """

    def __init__(
        self, used: Callable[[], Sequence[str]], parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.textEdited.disconnect(self.committed.emit)
        self._used = used
        self._shown = ""
        self.textEdited.connect(self._check)
        self.editingFinished.connect(self.commit_now)

    def set_value(self, value: object) -> None:
        """Show the model's name (and forget a refused one)."""
        self._shown = str(value)
        self._problem = None
        super().set_value(value)
        self._render()

    def commit_now(self) -> None:
        """Commit the name typed if it can be used and is new."""
        if self._problem is None and self.text() != self._shown:
            self._shown = self.text()
            self.committed.emit(self.text())

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Escape takes back a name that was not committed; undo goes to the project."""
        if event.key() == QtCore.Qt.Key.Key_Escape and self.text() != self._shown:
            self.set_value(self._shown)
            event.accept()
            return
        super().keyPressEvent(event)

    def _check(self, text: str) -> None:
        problem = identifier_problem(text)
        if problem is None and text != self._shown and text in self._used():
            problem = f"the name '{text}' is already used"
        self._problem = problem[0].upper() + problem[1:] if problem else None
        self._render()

    def _refusal(self, problem: str) -> str:
        return f"{problem} (the name is not changed)"


class NotesField(ProjectUndoKeys, FieldFeedback, QtWidgets.QPlainTextEdit):
    """Free text (notes, a description), committed when the user pauses or leaves."""

    BORDER = "QPlainTextEdit"
    committed = QtCore.Signal(object)

    def __init__(self, lines: int = 3, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = MessageLine()
        self._lines = lines
        self._shown = ""
        self._setting = False
        self.setTabChangesFocus(True)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.commit_now)
        self.textChanged.connect(lambda: None if self._setting else self._timer.start())

    def set_value(self, value: object) -> None:
        """Show the model's text."""
        text = str(value or "")
        self._shown = text
        if text != self.toPlainText():
            self._setting = True
            try:
                self.setPlainText(text)
            finally:
                self._setting = False

    def commit_now(self) -> None:
        """Commit the text if it changed."""
        self._timer.stop()
        if self.toPlainText() != self._shown:
            self._shown = self.toPlainText()
            self.committed.emit(self._shown)

    def sizeHint(self) -> QtCore.QSize:
        """Return a size a few lines tall."""
        metrics = self.fontMetrics()
        return QtCore.QSize(300, self._lines * metrics.lineSpacing() + 14)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        """Commit when the user leaves."""
        self.commit_now()
        super().focusOutEvent(event)


class ChoiceField(FieldFeedback, QtWidgets.QComboBox):
    """A choice among ``choices``; editable ones also take other text (a method's name).

    An empty value is shown as ``auto`` when ``auto`` is True (the engine chooses).
    """

    BORDER = "QComboBox"
    committed = QtCore.Signal(object)

    def __init__(
        self,
        choices: Sequence[str],
        editable: bool = False,
        auto: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.message_label = MessageLine()
        self._auto = auto
        self._setting = False
        self.setEditable(editable)
        self.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.set_choices(choices)
        if editable:
            self.editTextChanged.connect(self._changed)
        else:
            self.currentTextChanged.connect(self._changed)

    def set_choices(self, choices: Sequence[str]) -> None:
        """Offer ``choices`` (keeping the value shown)."""
        current = self.value()
        self._setting = True
        try:
            self.clear()
            if self._auto:
                self.addItem(AUTO)
            self.addItems([c for c in choices if c])
            self._show(current)
        finally:
            self._setting = False

    def value(self) -> str:
        """Return the value shown ('' for ``auto``)."""
        text = self.currentText().strip()
        return "" if self._auto and text == AUTO else text

    def set_value(self, value: object) -> None:
        """Show the model's value."""
        text = str(value or "")
        if text == self.value():
            return
        self._setting = True
        try:
            self._show(text)
        finally:
            self._setting = False

    def _show(self, text: str) -> None:
        shown = AUTO if self._auto and not text else text
        index = self.findText(shown)
        if index >= 0:
            self.setCurrentIndex(index)
        if self.isEditable():
            self.setEditText(shown)

    def _changed(self, *_: object) -> None:
        if not self._setting:
            self.committed.emit(self.value())


class CheckField(FieldFeedback, QtWidgets.QCheckBox):
    """A switch (``skip_if_invalid``, a plot's ``visible``)."""

    BORDER = None  # a switch has no border: its problems go to its message line only
    committed = QtCore.Signal(object)

    def __init__(self, text: str = "", parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.message_label = MessageLine()
        self.toggled.connect(lambda on: self.committed.emit(bool(on)))

    def set_value(self, value: object) -> None:
        """Show the model's value."""
        if bool(value) != self.isChecked():
            self.blockSignals(True)
            self.setChecked(bool(value))
            self.blockSignals(False)


class VariablesField(TextField):
    """A list of variable names, typed as ``v, ge, gi``."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.disconnect(self.committed.emit)
        self.textEdited.connect(self._edited)
        self.setPlaceholderText("e.g. v, ge")

    @staticmethod
    def names(text: str) -> list[str]:
        """Return the names in ``text`` (separated by commas or spaces)."""
        return [n for n in re.split(r"[\s,;]+", text.strip()) if n]

    def set_value(self, value: object) -> None:
        """Show the model's list of names."""
        names = list(value) if isinstance(value, list) else []  # None: no names
        if names != self.names(self.text()):
            self.setText(", ".join(names))
        self._problem = None
        self._render()

    def _edited(self, text: str) -> None:
        names = self.names(text)
        bad = [n for n in names if identifier_problem(n) is not None]
        self._problem = f"'{bad[0]}' is not a variable name" if bad else None
        self._render()
        if not bad:
            self.committed.emit(names)

    def _refusal(self, problem: str) -> str:
        return f"{problem} (not applied)"


class SeedField(TextField):
    """The random seed: a whole number, or empty for a new seed at every run."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.disconnect(self.committed.emit)
        self.setValidator(QtGui.QRegularExpressionValidator(QtCore.QRegularExpression(r"\d{0,18}")))
        self.setPlaceholderText("random (a new seed at every run)")
        self.textEdited.connect(lambda text: self.committed.emit(int(text) if text else None))

    def set_value(self, value: object) -> None:
        """Show the model's seed."""
        super().set_value("" if value is None else str(value))
