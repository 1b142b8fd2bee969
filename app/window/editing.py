"""Editing nodes from the window: add at the centre, copy, cut, paste, delete.

Copied nodes travel on the system clipboard as JSON (`MIME_NODES`), so that they can be pasted
into another window; each paste of the same nodes is shifted further, so copies do not overlap.
Cut, Copy and Delete are enabled while nodes are selected, Paste while the clipboard holds nodes.
"""

from __future__ import annotations

import json

from PySide6 import QtCore, QtWidgets

from app.canvas.canvas import Canvas
from app.model import MIME_NODES, FieldError, ProjectModel
from app.window.actions import WindowActions

__all__ = ["PASTE_STEP", "EditCommands"]

#: How far successive pastes of the same nodes are shifted, so that copies do not overlap.
PASTE_STEP = 40.0


class EditCommands(QtCore.QObject):
    """The window's commands on nodes, and when they are possible.

    Parameters
    ----------
    status_bar
        The window's status bar: says what was done.
    model
        The edited project.
    canvas
        The canvas: its selection, its centre.
    actions
        The window's actions (Cut, Copy, Paste and Delete are enabled here).
    parent
        The part's owner (the window keeps its parts together).
    """

    def __init__(
        self,
        *,
        status_bar: QtWidgets.QStatusBar,
        model: ProjectModel,
        canvas: Canvas,
        actions: WindowActions,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_bar = status_bar
        self._model = model
        self._canvas = canvas
        self._actions = actions
        self._paste_count = 0

    def add_node_at_centre(self, kind: str) -> str:
        """Add a node of ``kind`` at the centre of the canvas view, select it; return its id."""
        # The canvas steps the centre aside when a node already sits there.
        node_id = self._canvas.add_node_at(kind, self._canvas.view_center())
        self._canvas.select([node_id])
        return node_id

    def copy(self) -> bool:
        """Put the selected nodes (and the edges between them) on the clipboard."""
        data = self._model.copy_data(self._canvas.selected_ids())
        if not data["nodes"]:
            return False
        mime = QtCore.QMimeData()
        mime.setData(MIME_NODES, QtCore.QByteArray(json.dumps(data).encode("utf-8")))
        QtWidgets.QApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        count = len(data["nodes"])
        self._status_bar.showMessage(f"Copied {count} node{'s' if count > 1 else ''}", 3000)
        return True

    def cut(self) -> bool:
        """Copy the selected nodes, then delete them."""
        if not self.copy():
            return False
        self._model.remove_nodes(self._canvas.selected_ids())
        return True

    def paste(self) -> list[str]:
        """Add copies of the nodes on the clipboard (fresh ids and names), select them."""
        mime = QtWidgets.QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_NODES):
            self._status_bar.showMessage("The clipboard holds no nodes", 3000)
            return []
        self._paste_count += 1
        step = PASTE_STEP * self._paste_count
        try:
            data = json.loads(bytes(mime.data(MIME_NODES).data()).decode("utf-8"))
            ids = self._model.paste_data(data, offset=(step, step))
        except (ValueError, FieldError) as error:
            self._status_bar.showMessage(f"Cannot paste: {error}", 6000)
            return []
        self._canvas.select(ids)
        return ids

    def delete_selected(self) -> None:
        """Delete the selected nodes and their connections (one undo step)."""
        self._canvas.delete_selected()

    def update_actions(self, *_: object) -> None:
        """Enable Cut, Copy and Delete for a selection, Paste for nodes on the clipboard."""
        actions = self._actions
        selected = bool(self._canvas.selected_ids())
        for action in (actions.action_cut, actions.action_copy, actions.action_delete):
            action.setEnabled(selected)
        mime = QtWidgets.QApplication.clipboard().mimeData()
        actions.action_paste.setEnabled(mime is not None and mime.hasFormat(MIME_NODES))
