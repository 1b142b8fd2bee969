"""The problems dock: every diagnostic of the project, to click and jump to its place."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore, QtGui, QtWidgets

from app.model import ProjectModel
from engine.project import Diagnostic

__all__ = ["ProblemsView"]

_DIAGNOSTIC_ROLE = QtCore.Qt.ItemDataRole.UserRole
COLUMNS = ("", "Node", "Field", "Line", "Message")


def severity_icon(severity: str) -> QtGui.QIcon:
    """Return the icon shown for an ``"error"`` or a ``"warning"``."""
    style = QtWidgets.QApplication.style()
    pixmap = QtWidgets.QStyle.StandardPixmap
    standard = pixmap.SP_MessageBoxCritical if severity == "error" else pixmap.SP_MessageBoxWarning
    return style.standardIcon(standard)


class ProblemsView(QtWidgets.QWidget):
    """A table of diagnostics: severity, node, field, line and message.

    Signals
    -------
    problem_activated(object)
        A problem was clicked or activated: the `Diagnostic` to show.
    count_changed(int, int)
        The number of errors and of warnings changed.
    """

    problem_activated = QtCore.Signal(object)
    count_changed = QtCore.Signal(int, int)

    def __init__(self, model: ProjectModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self._model = model
        self._diagnostics: list[Diagnostic] = []

        self.table = QtWidgets.QTreeWidget()
        self.table.setObjectName("problems_table")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 28)
        header.resizeSection(1, 120)
        header.resizeSection(2, 110)
        header.resizeSection(3, 48)
        self.table.itemClicked.connect(self._activated)
        self.table.itemActivated.connect(self._activated)

        self.empty = QtWidgets.QLabel("No problems: the network can be run.")
        self.empty.setObjectName("problems_empty")
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)  # muted

        self._stack = QtWidgets.QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(self.table)
        model.node_changed.connect(self._node_changed)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The diagnostics shown, in table order."""
        return list(self._diagnostics)

    def set_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Show these diagnostics (errors first, then warnings, each in document order)."""
        order = {node.id: index for index, node in enumerate(self._model.project.nodes)}
        self._diagnostics = sorted(
            diagnostics,
            key=lambda d: (d.severity != "error", order.get(d.node_id or "", -1)),
        )
        self._fill()
        errors = sum(d.severity == "error" for d in self._diagnostics)
        self.count_changed.emit(errors, len(self._diagnostics) - errors)

    def row_of(self, diagnostic: Diagnostic) -> QtWidgets.QTreeWidgetItem:
        """Return the table row of a diagnostic (ValueError if it is not shown)."""
        row = self.table.topLevelItem(self._diagnostics.index(diagnostic))
        assert row is not None  # one row per diagnostic, in their order
        return row

    def _fill(self) -> None:
        self.table.clear()
        for diagnostic in self._diagnostics:
            line = "" if diagnostic.line is None else str(diagnostic.line)
            item = QtWidgets.QTreeWidgetItem(
                ["", self._node_name(diagnostic), diagnostic.field or "", line, diagnostic.message]
            )
            item.setIcon(0, severity_icon(diagnostic.severity))
            item.setToolTip(0, diagnostic.severity.capitalize())
            item.setToolTip(4, diagnostic.message)
            item.setTextAlignment(3, QtCore.Qt.AlignmentFlag.AlignRight)
            item.setData(0, _DIAGNOSTIC_ROLE, diagnostic)
            self.table.addTopLevelItem(item)
        self._stack.setCurrentWidget(self.table if self._diagnostics else self.empty)

    def _node_name(self, diagnostic: Diagnostic) -> str:
        if diagnostic.node_id is None:
            return "Project"
        try:
            return self._model.node(diagnostic.node_id).name
        except KeyError:
            return diagnostic.node_id

    def _node_changed(self, _node_id: str, field: str) -> None:
        if field == "name":  # validation may find the same problems: names still change
            self._fill()

    def _activated(self, item: QtWidgets.QTreeWidgetItem, _column: int = 0) -> None:
        self.problem_activated.emit(item.data(0, _DIAGNOSTIC_ROLE))
