"""The node palette: every node kind by category, to double-click or drag onto the canvas."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6 import QtCore, QtGui, QtWidgets

from app.kinds import CATEGORIES, KINDS, icon_path

__all__ = ["MIME_KIND", "Palette", "kind_icon", "kind_mime_data"]

#: Drag-and-drop format of a node kind dragged from the palette (the kind's name as UTF-8).
MIME_KIND = "application/x-spikecanvas-kind"

_KIND_ROLE = QtCore.Qt.ItemDataRole.UserRole


def kind_icon(kind: str) -> QtGui.QIcon:
    """Return the icon of a node kind, or a disc in its category's colour if it has none."""
    try:
        return QtGui.QIcon(str(icon_path(kind)))
    except FileNotFoundError:
        # A missing icon must not stop the window; the disc still tells categories apart.
        pixmap = QtGui.QPixmap(32, 32)
        pixmap.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setBrush(QtGui.QColor(*CATEGORIES[KINDS[kind].category]))
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.drawEllipse(4, 4, 24, 24)
        painter.end()
        return QtGui.QIcon(pixmap)


def kind_mime_data(kind: str) -> QtCore.QMimeData:
    """Return the drag data of a node kind, as the canvas accepts it."""
    data = QtCore.QMimeData()
    data.setData(MIME_KIND, QtCore.QByteArray(kind.encode("utf-8")))
    return data


class _KindTree(QtWidgets.QTreeWidget):
    """The tree of kinds; dragging an item carries its kind in `MIME_KIND`."""

    def mimeTypes(self) -> list[str]:
        """Return the one format this tree drags."""
        return [MIME_KIND]

    def mimeData(self, items: Iterable[QtWidgets.QTreeWidgetItem]) -> QtCore.QMimeData:
        """Return the drag data of the first dragged kind."""
        kinds = [item.data(0, _KIND_ROLE) for item in items if item.data(0, _KIND_ROLE)]
        return kind_mime_data(kinds[0]) if kinds else QtCore.QMimeData()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        """Take clicks on kinds; a click on a category heading does nothing (it is a title)."""
        if self._on_heading(event):
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:
        """Take double-clicks on kinds; headings neither fold nor light up."""
        if self._on_heading(event):
            return
        super().mouseDoubleClickEvent(event)

    def _on_heading(self, event: QtGui.QMouseEvent) -> bool:
        item = self.itemAt(event.position().toPoint())
        if item is not None and not item.data(0, _KIND_ROLE):
            event.accept()  # else the heading became current and was drawn as if selected
            return True
        return False

    def startDrag(self, supported: QtCore.Qt.DropAction) -> None:
        """Drag the current kind with its icon under the cursor (a copy: the palette keeps it)."""
        item = self.currentItem()
        kind = item.data(0, _KIND_ROLE) if item is not None else None
        if not kind:
            return
        drag = QtGui.QDrag(self)
        drag.setMimeData(kind_mime_data(kind))
        drag.setPixmap(kind_icon(kind).pixmap(32, 32))
        drag.setHotSpot(QtCore.QPoint(16, 16))
        drag.exec(QtCore.Qt.DropAction.CopyAction)


class Palette(QtWidgets.QWidget):
    """The node kinds, grouped by category, with their icons and descriptions.

    Signals
    -------
    kind_activated(str)
        A kind was double-clicked (or chosen with Enter): add one at the centre of the view.
    """

    kind_activated = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        self.filter = QtWidgets.QLineEdit()
        self.filter.setObjectName("palette_filter")
        self.filter.setPlaceholderText("Filter node kinds…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)

        self.tree = _KindTree()
        self.tree.setObjectName("palette_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        # Headings are titles of a short list: without an arrow to show it, a folded category
        # looked like missing kinds. They never fold (neither by double-click nor by key).
        self.tree.setItemsExpandable(False)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setIndentation(8)
        self.tree.setIconSize(QtCore.QSize(22, 22))
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        # A tool panel, not a document: drawn on the window's colour like the inspector.
        self.tree.viewport().setBackgroundRole(QtGui.QPalette.ColorRole.Window)
        self.tree.itemActivated.connect(self._activated)
        self._items: dict[str, QtWidgets.QTreeWidgetItem] = {}
        self._fill()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)

    def item(self, kind: str) -> QtWidgets.QTreeWidgetItem:
        """Return the palette's item of a node kind."""
        return self._items[kind]

    def kinds(self) -> list[str]:
        """Return the kinds in the order they are shown."""
        return list(self._items)

    def _fill(self) -> None:
        # Headings look like the inspector's section titles: small bold capitals, muted.
        heading_font = self.tree.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 0.85)
        heading_font.setLetterSpacing(QtGui.QFont.SpacingType.PercentageSpacing, 108)
        muted = self.palette().brush(QtGui.QPalette.ColorRole.PlaceholderText)
        row_height = max(26, self.tree.fontMetrics().height() + 8)
        for category in CATEGORIES:
            heading = QtWidgets.QTreeWidgetItem(self.tree, [category.upper()])
            heading.setFont(0, heading_font)
            heading.setForeground(0, muted)
            heading.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)  # a title: not selectable
            heading.setSizeHint(0, QtCore.QSize(0, row_height + 4))
            heading.setTextAlignment(
                0, QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignBottom
            )
            for info in KINDS.values():
                if info.category != category:
                    continue
                item = QtWidgets.QTreeWidgetItem(heading, [info.label])
                item.setIcon(0, kind_icon(info.kind))
                item.setSizeHint(0, QtCore.QSize(0, row_height))
                item.setData(0, _KIND_ROLE, info.kind)
                tip = f"<b>{info.label}</b> ({info.kind})<br>{info.description}.<br>"
                tip += "<i>Double-click or drag onto the canvas to add one.</i>"
                item.setToolTip(0, tip)
                item.setStatusTip(0, f"{info.label}: {info.description}")
                item.setFlags(
                    QtCore.Qt.ItemFlag.ItemIsEnabled
                    | QtCore.Qt.ItemFlag.ItemIsSelectable
                    | QtCore.Qt.ItemFlag.ItemIsDragEnabled
                )
                self._items[info.kind] = item
            heading.setExpanded(True)

    def _activated(self, item: QtWidgets.QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, _KIND_ROLE)
        if kind:
            self.kind_activated.emit(kind)

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for kind, item in self._items.items():
            info = KINDS[kind]
            haystack = f"{info.label} {info.kind} {info.description}".lower()
            item.setHidden(not all(word in haystack for word in words))
        for index in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(index)
            assert heading is not None  # index < topLevelItemCount()
            children = [heading.child(i) for i in range(heading.childCount())]
            heading.setHidden(all(child.isHidden() for child in children))
