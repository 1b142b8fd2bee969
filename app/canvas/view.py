"""NodeGraphQt's viewer and graph, adapted so that the canvas, not NodeGraphQt, edits.

`CanvasViewer` draws a grid in the canvas's theme, takes drops of palette kinds and reports
the Delete key. `CanvasGraph` reports the user's gestures (pipe drags, node moves, in-place
renames) as signals instead of changing the graph and pushing NodeGraphQt undo commands:
the canvas asks the model for the edit, and the model's signals then update the graph.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.canvas.nodegraph import NodeGraph, NodeTextItem, NodeViewer, PortItem
from app.canvas.theme import ERROR_COLOR

__all__ = ["MIME_KIND", "CanvasGraph", "CanvasViewer"]

#: Drag-and-drop format of a node kind dragged from the palette (data: the kind, UTF-8).
MIME_KIND = "application/x-spikecanvas-kind"

_GRID = 25.0  # scene units between minor grid lines
_MAJOR_EVERY = 5  # a major line every this many minor ones
_GRID_MAJOR = _GRID * _MAJOR_EVERY
_MIN_GRID_PIXELS = 7.0  # minor lines closer than this on screen are not drawn

#: Why a pipe from one port item to another would be refused (None: it would be accepted).
ConnectionCheck = Callable[[list, list], str | None]


class CanvasViewer(NodeViewer):
    """NodeGraphQt's viewer with a themed grid, palette drops and the Delete key.

    While a pipe is dragged over a port it cannot connect to (as `connection_check` says),
    the pipe and its pointer turn red and the cursor says no, instead of NodeGraphQt's
    highlight, which marks every port of the other direction as a valid end.

    The check is `set_connection_check`'s.

    Signals
    -------
    kind_dropped(str, QPointF)
        A palette kind was dropped at this scene position.
    delete_pressed()
        Delete or Backspace was pressed while no node name is being edited.
    palette_changed()
        The widget's palette changed (light/dark switch).
    drag_refused(str)
        A dragged pipe reached a port it cannot connect to: why (once per port reached).
    """

    kind_dropped = QtCore.Signal(str, QtCore.QPointF)
    delete_pressed = QtCore.Signal()
    palette_changed = QtCore.Signal()
    drag_refused = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        # No undo stack: the viewer then makes no Undo/Redo actions (and no Ctrl+Z shortcuts
        # that would clash with the window's, which act on the model's undo stack).
        super().__init__(parent, undo_stack=None)
        self._background = QtGui.QColor(240, 240, 240)
        self._minor = QtGui.QColor(225, 225, 225)
        self._major = QtGui.QColor(210, 210, 210)
        self._check: weakref.WeakMethod | None = None
        self._refused_port: Any = None  # the port the dragged pipe is refused at, if any

    def set_grid_colors(
        self,
        background: tuple[int, int, int],
        minor: tuple[int, int, int],
        major: tuple[int, int, int],
    ) -> None:
        """Paint the background and the minor and major grid lines in these colours."""
        self._background = QtGui.QColor(*background)
        self._minor = QtGui.QColor(*minor)
        self._major = QtGui.QColor(*major)
        self.resetCachedContent()
        self.viewport().update()

    def drawBackground(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        """Fill the background and draw the grid (replaces NodeGraphQt's fixed dark grid)."""
        painter.save()
        painter.fillRect(rect, self._background)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        scale = self.transform().m11()
        for step, colour in ((_GRID, self._minor), (_GRID * _MAJOR_EVERY, self._major)):
            if step * scale < _MIN_GRID_PIXELS:
                continue
            pen = QtGui.QPen(colour, 0)  # cosmetic: one pixel at any zoom
            painter.setPen(pen)
            lines = []
            x = math.floor(rect.left() / step) * step
            while x <= rect.right():
                if step == _GRID_MAJOR or round(x / _GRID) % _MAJOR_EVERY:
                    lines.append(QtCore.QLineF(x, rect.top(), x, rect.bottom()))
                x += step
            y = math.floor(rect.top() / step) * step
            while y <= rect.bottom():
                if step == _GRID_MAJOR or round(y / _GRID) % _MAJOR_EVERY:
                    lines.append(QtCore.QLineF(rect.left(), y, rect.right(), y))
                y += step
            painter.drawLines(lines)
        painter.restore()

    # -- drops of palette kinds ----------------------------------------------------------------

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        """Accept palette kinds (NodeGraphQt only knows its own formats)."""
        self._accept_kind(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        """Keep accepting a palette kind while it moves over the canvas."""
        self._accept_kind(event)

    @staticmethod
    def _accept_kind(event: QtGui.QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_KIND):
            event.setDropAction(QtCore.Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        """Report a dropped palette kind with its scene position."""
        if not event.mimeData().hasFormat(MIME_KIND):
            event.ignore()
            return
        kind = bytes(event.mimeData().data(MIME_KIND).data()).decode("utf-8")
        event.setDropAction(QtCore.Qt.DropAction.CopyAction)
        event.accept()
        self.kind_dropped.emit(kind, self.mapToScene(event.position().toPoint()))

    # -- dragging pipes --------------------------------------------------------------------------

    def set_connection_check(self, check: ConnectionCheck | None) -> None:
        """Ask ``check`` whether a pipe dragged over a port may connect there (None: no one).

        ``check(disconnected, connected)`` gets the pairs of port items NodeGraphQt would
        report on release (`pending_rewire`) and returns why they would be refused, or None.
        It must be a bound method: the viewer holds it weakly, so as not to keep its owner
        (which holds the viewer) alive.
        """
        self._check = weakref.WeakMethod(check) if check is not None else None

    @property
    def refused_port(self) -> Any:
        """The port item a dragged pipe is over and cannot connect to, or None."""
        return self._refused_port

    def pending_rewire(self, end_port: Any) -> tuple[list, list] | None:
        """Return the (disconnected, connected) pairs a release on ``end_port`` would report.

        None when the release would change nothing (the pipe's own port, or a connection
        that already exists). As NodeGraphQt's ``apply_live_connection`` reports them: the
        pipe dragged off ``start``'s other end, and ``end_port``'s pipe when it takes one.
        """
        start = self._start_port
        if start is None or end_port is start or start in end_port.connected_ports:
            return None
        disconnected = []
        if not end_port.multi_connection and end_port.connected_ports:
            disconnected.append((end_port, end_port.connected_ports[0]))
        if self._detached_port is not None:
            disconnected.append((start, self._detached_port))
        return disconnected, [(start, end_port)]

    def sceneMouseMoveEvent(self, event: QtWidgets.QGraphicsSceneMouseEvent) -> None:
        """Draw the dragged pipe; in red, with a 'no' cursor, over a port it cannot reach."""
        super().sceneMouseMoveEvent(event)
        if not self._LIVE_PIPE.isVisible() or self._start_port is None:
            return
        port = next(
            (item for item in self.scene().items(event.scenePos()) if isinstance(item, PortItem)),
            None,
        )
        problem = None
        check = self._check() if self._check is not None else None
        if port is not None and check is not None:
            rewire = self.pending_rewire(port)
            if rewire is not None:
                problem = check(*rewire)
        if problem is None or port is None:  # no problem without a port
            self._show_refusal(None)
            return
        centre = port.sceneBoundingRect().center()
        self._LIVE_PIPE.draw_path(self._start_port, cursor_pos=centre, color=list(ERROR_COLOR))
        if port is not self._refused_port:
            self._show_refusal(port)
            self.drag_refused.emit(problem)

    def end_live_connection(self) -> None:
        """End a pipe drag (and its refusal look)."""
        self._show_refusal(None)
        super().end_live_connection()

    def _show_refusal(self, port: Any) -> None:
        """Paint the dragged pipe as refused at ``port``, or as NodeGraphQt does for None."""
        if port is self._refused_port:
            return
        self._refused_port = port
        pipe = self._LIVE_PIPE
        colour = (*ERROR_COLOR, 255) if port is not None else pipe.color
        pipe.set_pipe_styling(color=colour, width=pipe.pen().width(), style=pipe.style)
        if port is not None:
            self.viewport().setCursor(QtCore.Qt.CursorShape.ForbiddenCursor)
        else:
            self.viewport().unsetCursor()

    # -- keys and palette ----------------------------------------------------------------------

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Report Delete/Backspace, unless a node's name is being edited."""
        keys = (QtCore.Qt.Key.Key_Delete, QtCore.Qt.Key.Key_Backspace)
        if event.key() in keys and not self.editing_text():
            event.accept()
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def editing_text(self) -> bool:
        """Whether a node's name is being edited in place (keys then belong to the text)."""
        focus = self.scene().focusItem()
        return isinstance(focus, NodeTextItem) and bool(
            focus.textInteractionFlags() & QtCore.Qt.TextInteractionFlag.TextEditable
        )

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Report palette changes so that the canvas can follow a light/dark switch."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.palette_changed.emit()


class CanvasGraph(NodeGraph):
    """A NodeGraph that reports user gestures instead of carrying them out.

    NodeGraphQt's viewer reports gestures through signals that the graph handles in its
    ``_on_*`` methods, each changing the graph and pushing NodeGraphQt undo commands. Here they
    are re-emitted for the canvas, which asks the model for the edit (or refuses it).

    Signals
    -------
    pipes_rewired(list, list)
        Pipes were dragged: (disconnected, connected) pairs of port items. The viewer has
        already removed the pipes it detached; nothing was connected.
    nodes_dragged(object)
        Nodes were dragged: a dict of node item -> position before the drag.
    name_edited(str, str)
        A node's name was edited in place: NodeGraphQt node id, new name. Not applied.
    """

    pipes_rewired = QtCore.Signal(list, list)
    nodes_dragged = QtCore.Signal(object)
    name_edited = QtCore.Signal(str, str)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent, viewer=CanvasViewer())
        self.set_acyclic(False)  # recurrent loops (E -> synapses -> E) are normal here
        self.set_pipe_collision(False)  # dropping a node on a pipe must not rewire it
        self.set_pipe_slicing(False)  # Alt+Shift slicing is hard to discover; drag pipes off
        for menu in self.viewer().context_menus().values():
            menu.clear()  # NodeGraphQt's menus hold nothing useful for the canvas
            menu.setEnabled(False)

    def _on_connection_changed(self, disconnected: list, connected: list) -> None:
        if disconnected or connected:
            self.pipes_rewired.emit(list(disconnected), list(connected))

    def _on_connection_sliced(self, ports: list) -> None:
        if ports:
            self.pipes_rewired.emit(list(ports), [])

    def _on_nodes_moved(self, node_data: dict) -> None:
        self.nodes_dragged.emit(dict(node_data))

    def _on_insert_node(self, pipe: Any, node_id: str, prev_node_pos: dict) -> None:
        self.nodes_dragged.emit(dict(prev_node_pos))  # pipe collision is off: just a move

    def _on_node_name_changed(self, node_id: str, name: str) -> None:
        self.name_edited.emit(node_id, name)

    def _on_node_data_dropped(self, mimedata: QtCore.QMimeData, pos: QtCore.QPoint) -> None:
        return  # drops are the viewer's (palette kinds); NodeGraphQt would import sessions

    def _on_search_triggered(self, node_type: str, pos: tuple) -> None:
        return  # the Tab search is never offered

    def _on_property_bin_changed(self, node_id: str, prop_name: str, prop_value: Any) -> None:
        return  # no NodeGraphQt properties bin: the inspector edits the model
