"""Table editors: a node's initial values (variable → value) and the project's constants.

Rows are committed as a whole (the document holds a dict or a list): after each edit of a
cell, the complete rows are checked (names valid and unique) and committed; a row still being
filled in (no name or no value yet) is kept in the table but not committed. The validator's
diagnostics of a row (``initial.v``, ``constants.tau``) mark its cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLine, severity_color, worst_severity
from app.inspector.field_base import RefusableField
from app.inspector.undo_keys import handle_undo_key
from engine.errors import ModelError
from engine.parsing import parse_expression
from engine.project.document import Constant, identifier_problem

if TYPE_CHECKING:
    from engine.project import Diagnostic

__all__ = ["ConstantsField", "InitialValuesField"]


class _Table(QtWidgets.QTableWidget):
    """A table whose undo key goes to the project's undo stack."""

    def __init__(self, owner: _TableField) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Undo goes to the project; Delete removes the selected rows."""
        if handle_undo_key(event, self._owner.undo_stack, lambda: None):
            event.accept()
            return
        if event.key() in (QtCore.Qt.Key.Key_Delete, QtCore.Qt.Key.Key_Backspace) and (
            self.state() != QtWidgets.QAbstractItemView.State.EditingState
        ):
            self._owner.remove_selected()
            event.accept()
            return
        super().keyPressEvent(event)


class _TableField(RefusableField, QtWidgets.QWidget):
    """Rows of text cells with Add and Remove buttons; subclasses say what the rows mean."""

    committed = QtCore.Signal(object)
    #: Column titles.
    COLUMNS: tuple[str, ...] = ()
    #: Text of the Add button.
    ADD_TEXT = "Add"

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack: QtGui.QUndoStack | None = None
        self.message_label = MessageLine()
        self._setting = False

        self.table = _Table(self)
        self.table.setColumnCount(len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSizeAdjustPolicy(
            QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents
        )
        self.table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.itemChanged.connect(self._cell_changed)

        self.add_button = QtWidgets.QToolButton(self)
        self.add_button.setText(f"+ {self.ADD_TEXT}")
        self.add_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_button.setAutoRaise(True)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QtWidgets.QToolButton(self)
        self.remove_button.setText("Remove")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip("Remove the selected rows (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)

        buttons = QtWidgets.QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # -- rows ---------------------------------------------------------------------------------

    def rows(self) -> list[list[str]]:
        """Return the text of every cell, row by row."""
        return [
            [self._cell(r, c) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Show ``rows`` (without committing them)."""
        self._setting = True
        try:
            self.table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    self.table.setItem(r, c, QtWidgets.QTableWidgetItem(text))
        finally:
            self._setting = False
        self._problem = None
        self._fit_height()
        self._render()

    def add_row(self) -> None:
        """Add an empty row and start editing its first cell."""
        row = self.table.rowCount()
        self._setting = True
        try:
            self.table.insertRow(row)
            for c in range(self.table.columnCount()):
                self.table.setItem(row, c, QtWidgets.QTableWidgetItem(""))
        finally:
            self._setting = False
        self._fit_height()
        self.table.setCurrentCell(row, 0)
        first = self.table.item(row, 0)
        assert first is not None  # set just above
        self.table.editItem(first)

    def remove_selected(self) -> None:
        """Remove the selected rows and commit."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        self._fit_height()
        if rows:
            self._commit()

    # -- interface of the form's editors --------------------------------------------------------

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the table."""
        self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def focus_key(self, key: str, column: int = 1) -> None:
        """Select the row whose first cell is ``key`` and focus its cell ``column``."""
        for r in range(self.table.rowCount()):
            if self._cell(r, 0) == key:
                self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
                self.table.setCurrentCell(r, min(column, self.table.columnCount() - 1))
                return
        self.focus_at()

    # -- subclasses -----------------------------------------------------------------------------

    def _value_of(self, rows: list[list[str]]) -> tuple[object, str | None]:
        """Return the value of the complete rows and why they cannot be committed (or None)."""
        raise NotImplementedError

    def _key_of(self, diagnostic: object) -> tuple[str, int] | None:
        """Return the first-cell text and the column a diagnostic belongs to."""
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------------

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _cell_changed(self, *_: object) -> None:
        if not self._setting:
            self._commit()

    def _commit(self) -> None:
        value, problem = self._value_of(self.rows())
        self._problem = problem
        self._render()
        if problem is None:
            self.committed.emit(value)

    def _fit_height(self) -> None:
        header = self.table.horizontalHeader().sizeHint().height()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        minimum = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + max(rows, minimum) + 2 * self.table.frameWidth())

    def _render(self) -> None:
        palette = self.palette()
        marks: dict[tuple[int, int], list[Diagnostic]] = {}
        keys = {self._cell(r, 0): r for r in range(self.table.rowCount())}
        messages: list[tuple[str, str]] = []
        if self._problem is not None:
            messages.append(("error", f"{self._problem} (not applied)"))
        for d in self._diagnostics:
            place = self._key_of(d)
            messages.append((d.severity, d.message))
            if place is not None and place[0] in keys:
                marks.setdefault((keys[place[0]], place[1]), []).append(d)
        self._setting = True
        try:
            for r in range(self.table.rowCount()):
                for c in range(self.table.columnCount()):
                    item = self.table.item(r, c)
                    if item is None:
                        continue
                    found = marks.get((r, c), [])
                    severity = worst_severity(found)
                    if severity is None:
                        item.setData(QtCore.Qt.ItemDataRole.BackgroundRole, None)
                        item.setToolTip("")
                    else:
                        tint = QtGui.QColor(severity_color(severity, palette))
                        tint.setAlpha(60)
                        item.setBackground(tint)
                        item.setToolTip("\n".join(d.message for d in found))
        finally:
            self._setting = False
        self.message_label.show_messages(messages)


class InitialValuesField(_TableField):
    """Initial values of a group or of synapses: variable → value (an expression)."""

    COLUMNS = ("Variable", "Initial value")
    ADD_TEXT = "Add initial value"

    def value(self) -> dict[str, str]:
        """Return the complete rows as the document's dict."""
        return self._value_of(self.rows())[0]

    def set_value(self, value: object) -> None:
        """Show the model's initial values (unless they are what the rows say already)."""
        values = dict(value) if isinstance(value, Mapping) else {}  # None: no values
        if values != self._value_of(self.rows())[0] or self._problem is not None:
            self.set_rows([[name, text] for name, text in values.items()])

    def _value_of(self, rows: list[list[str]]) -> tuple[dict[str, str], str | None]:
        values: dict[str, str] = {}
        problem = None
        for name, text in rows:
            if not name or not text:
                continue  # still being filled in
            bare = name[:-1] if name.endswith("_") else name  # v_ = 3: the value without unit
            why = identifier_problem(bare)
            if why is not None and problem is None:
                problem = f"{why[0].upper()}{why[1:]}"
            if name in values and problem is None:
                problem = f"'{name}' has two initial values"
            values[name] = text
        return values, problem

    def _key_of(self, diagnostic: object) -> tuple[str, int] | None:
        field = getattr(diagnostic, "field", "") or ""
        return (field.removeprefix("initial."), 1) if field.startswith("initial.") else None


class ConstantsField(_TableField):
    """The project's constants: name, value, notes."""

    COLUMNS = ("Name", "Value", "Notes")
    ADD_TEXT = "Add constant"

    def value(self) -> list[Constant]:
        """Return the complete rows as the document's constants."""
        return self._value_of(self.rows())[0]

    def set_value(self, value: object) -> None:
        """Show the model's constants (unless they are what the rows say already)."""
        constants = list(value) if isinstance(value, list) else []  # None: no constants
        if constants != self._value_of(self.rows())[0] or self._problem is not None:
            self.set_rows([[c.name, c.value, c.notes] for c in constants])
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

    def _value_of(self, rows: list[list[str]]) -> tuple[list[Constant], str | None]:
        constants: list[Constant] = []
        problem = None
        seen: set[str] = set()
        for name, text, notes in rows:
            if not name or not text:
                continue  # still being filled in
            why = identifier_problem(name)
            if why is None and name in seen:
                why = f"the name '{name}' is used twice"
            if why is None:
                try:
                    parse_expression(text)
                except ModelError as error:
                    why = f"the value of '{name}': {error.message}"
            if why is not None:
                problem = problem or f"{why[0].upper()}{why[1:]}"
                continue
            seen.add(name)
            constants.append(Constant(name=name, value=text, notes=notes))
        return constants, problem

    def _key_of(self, diagnostic: object) -> tuple[str, int] | None:
        field = getattr(diagnostic, "field", "") or ""
        if not field.startswith("constants."):
            return None
        rest = field.removeprefix("constants.")
        if rest.endswith(".name"):
            return rest.removesuffix(".name"), 0
        return rest, 1
