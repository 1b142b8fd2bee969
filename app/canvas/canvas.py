"""The canvas: the view of a `ProjectModel` as nodes and pipes, and the editor of its graph.

`Canvas` mirrors the model's document on a NodeGraphQt graph and turns the user's gestures on
it (dragging a pipe, moving nodes, renaming in place, dropping a palette kind, pressing
Delete) into the model's edit methods. It never changes the graph on its own authority: every
change of the graph comes from a model signal, so undo and redo (of the model's one undo
stack) show on the canvas exactly as the edits did. NodeGraphQt's own undo stack stays empty:
the graph is only changed with ``push_undo=False``, and the graph's gesture handlers, which
would push their own undo commands, only report the gestures (`app.canvas.view`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.canvas.advice import connection_advice
from app.canvas.card import CARD_WIDTH, HEADER_HEIGHT
from app.canvas.nodegraph import PORT_IN, PORT_OUT
from app.canvas.nodes import ID_PROPERTY, NODE_CLASSES, SpikeCanvasNode
from app.canvas.ports import port_for, ports_of
from app.canvas.theme import CanvasTheme
from app.canvas.view import MIME_KIND, CanvasGraph
from app.kinds import KINDS
from app.model.project_model import FieldError, ProjectModel
from engine.project import Edge
from engine.project.node_base import NodeBase
from engine.project.topology import TopologyError, connection_problem, role_between

__all__ = ["MIME_KIND", "Canvas"]

_FIT_MARGIN = 60.0  # scene units around the nodes when zooming to fit
# Placing new nodes: a new card is assumed this tall (its few facts are not known yet), keeps
# this margin to other cards, and is tried on a grid of this step up to this many steps away.
_NEW_CARD_HEIGHT = 110.0
_MARGIN = 25.0
_GRID_STEP = 25.0
_SEARCH_STEPS = 40
_SIDEWAYS = 0.5  # a step sideways counts half a step up or down: rows of cards, not columns
# The grid's steps from the wanted place, nearest first (right before left, down before up).
_OFFSETS = sorted(
    (
        (dx, dy)
        for dx in range(-_SEARCH_STEPS, _SEARCH_STEPS + 1)
        for dy in range(-_SEARCH_STEPS, _SEARCH_STEPS + 1)
    ),
    key=lambda d: (math.hypot(d[0] * _SIDEWAYS, d[1]), d[0] < 0, d[1] < 0),
)


class Canvas(QtCore.QObject):
    """The node editor's view of a project model.

    Parameters
    ----------
    model
        The project model shown and edited.
    parent
        The QObject parent.

    Attributes
    ----------
    widget
        The widget to embed in a window (NodeGraphQt's viewer).
    graph
        The NodeGraphQt graph.

    Signals
    -------
    selection_changed(list)
        The ids of the selected nodes changed (by the user or by `select`).
    message(str)
        Something to tell the user in the status bar, e.g. why a connection was refused.
    node_activated(str)
        A node was double-clicked (the window then shows it in the inspector).
    """

    selection_changed = QtCore.Signal(list)
    message = QtCore.Signal(str)
    node_activated = QtCore.Signal(str)

    def __init__(self, model: ProjectModel, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._nodes: dict[str, SpikeCanvasNode] = {}  # document id -> canvas node
        self._ids: dict[str, str] = {}  # NodeGraphQt id -> document id
        self._selection: list[str] = []

        self.graph = CanvasGraph(self)
        self.graph.register_nodes(list(NODE_CLASSES.values()))
        self._viewer = self.graph.viewer()
        self.widget: QtWidgets.QWidget = self._viewer
        self.widget.setObjectName("canvas")
        self.widget.setMinimumSize(200, 150)
        self._theme = CanvasTheme.from_palette(self.widget.palette())
        self._apply_theme()

        self.graph.pipes_rewired.connect(self._pipes_rewired)
        self.graph.nodes_dragged.connect(self._nodes_dragged)
        self.graph.name_edited.connect(self._name_edited)
        self.graph.node_double_clicked.connect(self._on_double_click)
        self._viewer.kind_dropped.connect(self._drop_kind)
        self._viewer.delete_pressed.connect(self.delete_selected)
        self._viewer.palette_changed.connect(self._on_palette_changed)
        self._viewer.set_connection_check(self._drag_problem)
        self._viewer.drag_refused.connect(self._on_drag_refused)
        self._viewer.scene().selectionChanged.connect(self._on_scene_selection)
        model.node_added.connect(self._on_node_added)
        model.node_removed.connect(self._on_node_removed)
        model.node_changed.connect(self._on_node_changed)
        model.edge_added.connect(self._on_edge_added)
        model.edge_removed.connect(self._on_edge_removed)
        model.project_replaced.connect(self.rebuild)
        self.rebuild()

    # -- public API ------------------------------------------------------------------------------

    @property
    def model(self) -> ProjectModel:
        """The project model shown."""
        return self._model

    def node_item(self, node_id: str) -> SpikeCanvasNode:
        """Return the NodeGraphQt node that shows document node ``node_id`` (KeyError if none)."""
        return self._nodes[node_id]

    def selected_ids(self) -> list[str]:
        """Return the ids of the selected nodes (in document order)."""
        selected = {
            self._ids[view.id] for view in self._viewer.selected_nodes() if view.id in self._ids
        }
        return [n.id for n in self._model.project.nodes if n.id in selected]

    def select(self, ids: Iterable[str]) -> None:
        """Select exactly the nodes with these ids (unknown ids are ignored)."""
        wanted = set(ids)
        # One selection_changed for the whole change, not one per node.
        scene = self._viewer.scene()
        blocked = scene.blockSignals(True)
        try:
            for node_id, node in self._nodes.items():
                node.view.setSelected(node_id in wanted)
        finally:
            scene.blockSignals(blocked)
        self._on_scene_selection()

    def select_all(self) -> None:
        """Select every node."""
        self.select(self._nodes)

    def delete_selected(self) -> None:
        """Remove the selected nodes and their edges from the project (one undo step)."""
        ids = self.selected_ids()
        if ids:
            self._model.remove_nodes(ids)

    def add_node_at(self, kind: str, position: tuple[float, float]) -> str:
        """Add a node of ``kind`` with its top-left corner at scene ``position``; return its id.

        The new node is selected. Raises `FieldError` for an unknown kind.
        """
        node_id = self._model.add_node(kind, position=(float(position[0]), float(position[1])))
        self.select([node_id])
        return node_id

    def view_center(self) -> tuple[float, float]:
        """Return where a new node goes: in free space as near the view's centre as can be.

        This is the top-left corner of a node centred in the visible part of the canvas, or
        the nearest place to it where the new card overlaps no card (`free_position`).
        """
        centre = self._viewer.mapToScene(self._viewer.viewport().rect().center())
        return self.free_position((centre.x() - CARD_WIDTH / 2, centre.y() - 2 * HEADER_HEIGHT))

    def free_position(self, near: tuple[float, float]) -> tuple[float, float]:
        """Return the top-left corner nearest ``near`` where a new card overlaps no card.

        ``near`` itself if the card fits there; otherwise the nearest point of the canvas's
        grid, preferring sideways over up or down (pipes run from left to right) and right
        over left, where a card (of a new node's height) keeps a margin to every card.
        """
        cards = [
            item.view.sceneBoundingRect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
            for item in self._nodes.values()
        ]

        def fits(x: float, y: float) -> bool:
            rect = QtCore.QRectF(x, y, CARD_WIDTH, _NEW_CARD_HEIGHT)
            return not any(rect.intersects(card) for card in cards)

        x0, y0 = float(round(near[0])), float(round(near[1]))
        if fits(x0, y0):
            return x0, y0
        for dx, dy in _OFFSETS:
            x, y = x0 + dx * _GRID_STEP, y0 + dy * _GRID_STEP
            if fits(x, y):
                return x, y
        # Crowded all around: right of every card.
        return max(card.right() for card in cards), y0

    def zoom_to_fit(self) -> None:
        """Show all nodes (or the selected ones), never magnified beyond their natural size."""
        views = [n.view for n in self._nodes.values()]
        selected = [v for v in views if v.isSelected()]
        views = selected or views
        if not views:
            self._viewer.reset_zoom()
            return
        rect = views[0].sceneBoundingRect()
        for view in views[1:]:
            rect = rect.united(view.sceneBoundingRect())
        rect = rect.adjusted(-_FIT_MARGIN, -_FIT_MARGIN, _FIT_MARGIN, _FIT_MARGIN)
        self._viewer.set_scene_rect([rect.x(), rect.y(), rect.width(), rect.height()])
        if self._viewer.get_zoom() > 0.0:
            # Fitting a small network would magnify it: keep 100 % and centre it instead.
            self._viewer.reset_zoom(rect.center())

    def set_diagnostics(self, diagnostics: list) -> None:
        """Outline nodes with problems: red for errors, amber for warnings only.

        ``diagnostics`` are `engine.project.Diagnostic`; their messages become the node's
        tooltip. Nodes without diagnostics are cleared.
        """
        by_node: dict[str, list[Any]] = {}
        for diagnostic in diagnostics:
            if diagnostic.node_id in self._nodes:
                by_node.setdefault(diagnostic.node_id, []).append(diagnostic)
        for node_id, node in self._nodes.items():
            found = by_node.get(node_id, [])
            if not found:
                node.view.set_problem(None)
                continue
            level = "error" if any(d.severity == "error" for d in found) else "warning"
            messages = [_describe(d) for d in found]
            node.view.set_problem(level, messages)

    def rebuild(self) -> None:
        """Show the model's project from scratch (after `ProjectModel.replace`)."""
        for node_id in list(self._nodes):
            self._remove_view(node_id)
        for node in self._model.project.nodes:
            self._add_view(node)
        for edge in self._model.project.edges:
            self._connect_view(edge)
        self._style_pipes()
        self._on_scene_selection()
        self.zoom_to_fit()

    # -- model -> view -----------------------------------------------------------------------

    def _add_view(self, node: NodeBase) -> SpikeCanvasNode:
        item = NODE_CLASSES[node.kind]()
        item.NODE_NAME = node.name
        item.set_property(ID_PROPERTY, node.id, push_undo=False)
        item.view.set_theme(self._theme)
        # add_node rather than create_node: create_node deselects every other node.
        self.graph.add_node(item, pos=list(node.position), selected=False, push_undo=False)
        self._force_name(item, node.name)
        item.show_facts(node)
        self._nodes[node.id] = item
        self._ids[item.id] = node.id
        return item

    def _remove_view(self, node_id: str) -> None:
        item = self._nodes.pop(node_id)
        self._ids.pop(item.id, None)
        self.graph.remove_node(item, push_undo=False)

    def _on_node_added(self, node_id: str) -> None:
        self._add_view(self._model.node(node_id))

    def _on_node_removed(self, node_id: str) -> None:
        if node_id in self._nodes:
            self._remove_view(node_id)
            self._on_scene_selection()

    def _on_node_changed(self, node_id: str, field: str) -> None:
        item = self._nodes.get(node_id)
        if item is None:
            return
        node = self._model.node(node_id)
        if field == "name":
            self._force_name(item, node.name)
        elif field == "position":
            item.pos()  # brings NodeGraphQt's record up to date with a drag before comparing
            item.set_property("pos", [float(v) for v in node.position], push_undo=False)
        item.show_facts(node)

    def _on_edge_added(self, edge: Edge) -> None:
        self._connect_view(edge)
        self._style_pipes()

    def _on_edge_removed(self, edge: Edge) -> None:
        ports = self._ports_of(edge)
        if ports is not None:
            out_port, in_port = ports
            if in_port in out_port.connected_ports():
                out_port.disconnect_from(in_port, push_undo=False, emit_signal=False)
        self._sync_pipes()

    def _force_name(self, item: SpikeCanvasNode, name: str) -> None:
        """Show ``name`` on ``item`` as is (NodeGraphQt would make it 'unique' with a suffix)."""
        if item.name() != name:
            item.set_property("name", name, push_undo=False)
        if item.name() != name:  # another canvas node still had the name (mid-update)
            item.model.name = name
            item.view.name = name
        item.view.text_item.setPlainText(name)
        item.view.draw_node()

    # -- edges <-> ports ---------------------------------------------------------------------

    def _ports_of(self, edge: Edge) -> tuple[Any, Any] | None:
        """Return the (output, input) NodeGraphQt ports that show ``edge``, or None."""
        source, target = self._nodes.get(edge.source), self._nodes.get(edge.target)
        if source is None or target is None:
            return None
        try:
            out_spec = port_for(source.KIND, PORT_OUT, edge.role)
            in_spec = port_for(target.KIND, PORT_IN, edge.role)
        except KeyError:
            return None
        return source.get_output(out_spec.name), target.get_input(in_spec.name)

    def _connect_view(self, edge: Edge) -> None:
        ports = self._ports_of(edge)
        if ports is not None and ports[1] not in ports[0].connected_ports():
            ports[0].connect_to(ports[1], push_undo=False, emit_signal=False)

    def _wanted_pipes(self) -> dict[tuple[Any, Any], Edge]:
        wanted = {}
        for edge in self._model.project.edges:
            ports = self._ports_of(edge)
            if ports is not None:
                wanted[ports] = edge
        return wanted

    def _sync_pipes(self) -> None:
        """Make the graph's connections and the pipes drawn exactly the document's edges.

        A drag changes pipes in the viewer before the canvas hears of it (a pipe dragged off
        a port is already gone); whether the model accepts the change or not, this puts the
        view back in line with the document.
        """
        wanted = self._wanted_pipes()
        for item in self._nodes.values():
            for out_port in item.output_ports():
                for in_port in out_port.connected_ports():
                    if (out_port, in_port) not in wanted:
                        out_port.disconnect_from(in_port, push_undo=False, emit_signal=False)
        for out_port, in_port in wanted:
            if in_port not in out_port.connected_ports():
                out_port.connect_to(in_port, push_undo=False, emit_signal=False)
        views = {(o.view, i.view) for o, i in wanted}
        for item in self._nodes.values():
            for out_port in item.output_ports():
                drawn = set()
                for pipe in list(out_port.view.connected_pipes):
                    key = (out_port.view, pipe.input_port)
                    if key not in views or key in drawn:
                        pipe.delete()
                    else:
                        drawn.add(key)
                for out_view, in_view in views - drawn:
                    if out_view is out_port.view:
                        self._viewer.establish_connection(out_view, in_view)
        self._style_pipes()

    def _style_pipes(self) -> None:
        colour = (*self._theme.pipe, 255)
        for pipe in self._viewer.all_pipes():
            if pipe.color != colour:
                pipe.color = colour
                if not (pipe.highlighted() or pipe.active()):
                    pipe.reset()

    # -- view -> model (user gestures) ------------------------------------------------------

    def _document_id(self, port_view: Any) -> str:
        return self._ids[port_view.node.id]

    def _edge_for(self, port_a: Any, port_b: Any) -> Edge:
        """Return the edge a pipe between two port items would be (TopologyError if none)."""
        out_view, in_view = (port_a, port_b) if port_a.port_type == PORT_OUT else (port_b, port_a)
        if out_view.port_type != PORT_OUT or in_view.port_type != PORT_IN:
            raise TopologyError("a pipe runs from an output (right) to an input (left)")
        source_id, target_id = self._document_id(out_view), self._document_id(in_view)
        project = self._model.project
        source, target = project.node(source_id), project.node(target_id)
        role = role_between(project, source_id, target_id)
        if role is None:
            advice = connection_advice(source.kind, target.kind)
            raise TopologyError(
                f"'{source.name}' ({KINDS[source.kind].label}) cannot be connected to "
                f"'{target.name}' ({KINDS[target.kind].label}): {advice}"
            )
        out_spec = port_for(source.kind, PORT_OUT, role)
        in_spec = port_for(target.kind, PORT_IN, role)
        if out_spec.name != out_view.name or in_spec.name != in_view.name:
            raise TopologyError(
                f"connect '{source.name}' to '{target.name}' from its '{out_spec.name}' "
                f"output to the '{in_spec.name}' input"
            )
        return Edge(source=source_id, target=target_id, role=role)

    def _existing_edge(self, port_a: Any, port_b: Any) -> Edge | None:
        """Return the document's edge drawn by a pipe between two port items, if any."""
        out_view, in_view = (port_a, port_b) if port_a.port_type == PORT_OUT else (port_b, port_a)
        try:
            source_id, target_id = self._document_id(out_view), self._document_id(in_view)
        except KeyError:
            return None
        roles = {
            role
            for spec in ports_of(self._model.node(source_id).kind, PORT_OUT)
            if spec.name == out_view.name
            for role in spec.roles
        }
        for edge in self._model.project.edges:
            if (edge.source, edge.target) == (source_id, target_id) and edge.role in roles:
                return edge
        return None

    def _rewire_plan(
        self, disconnected: list, connected: list
    ) -> tuple[list[Edge], list[Edge], str | None]:
        """Return the edges a pipe drag removes and adds, and why it is refused (or None).

        ``disconnected`` and ``connected`` are pairs of port items, as NodeGraphQt reports a
        drag (`CanvasViewer.pending_rewire` predicts them while the pipe is still dragged).
        """
        removed = []
        for pair in disconnected:
            edge = self._existing_edge(*pair)
            if edge is not None and edge not in removed:
                removed.append(edge)
        added: list[Edge] = []
        project = self._model.project
        remaining = [e for e in project.edges if e not in removed]
        for pair in connected:
            try:
                edge = self._edge_for(*pair)
            except TopologyError as error:
                return removed, added, str(error)
            problem = connection_problem(project, edge.source, edge.target, edge.role, remaining)
            if problem is not None:
                return removed, added, problem
            added.append(edge)
            remaining.append(edge)
        return removed, added, None

    def _drag_problem(self, disconnected: list, connected: list) -> str | None:
        """Why releasing the pipe being dragged would be refused, or None."""
        try:
            return self._rewire_plan(disconnected, connected)[2]
        except KeyError:  # a port of something that is not one of our nodes
            return None

    def _on_drag_refused(self, problem: str) -> None:
        self.message.emit(f"Cannot connect: {problem}")

    def _pipes_rewired(self, disconnected: list, connected: list) -> None:
        """Turn a pipe drag into one model edit, or refuse it and restore the pipes."""
        removed, added, problem = self._rewire_plan(disconnected, connected)
        if problem is not None:
            self._sync_pipes()
            self.message.emit(f"Connection refused: {problem}")
            return
        # A re-routed pipe is one gesture, so one undo step even when it is two edits.
        self._model.rewire(removed, added)
        self._sync_pipes()
        if added:  # replaces a "Cannot connect" said while the pipe passed over other ports
            project = self._model.project
            made = ", ".join(
                f"'{project.node(e.source).name}' to '{project.node(e.target).name}' ({e.role})"
                for e in added
            )
            self.message.emit(f"Connected {made}")

    def _nodes_dragged(self, node_data: Mapping[Any, Any]) -> None:
        positions = {}
        for view in node_data:
            node_id = self._ids.get(view.id)
            if node_id is not None:
                x, y = view.xy_pos
                positions[node_id] = (float(x), float(y))
        if positions:
            self._model.move_nodes(positions)

    def _name_edited(self, view_id: str, name: str) -> None:
        node_id = self._ids.get(view_id)
        if node_id is None:
            return
        try:
            self._model.rename(node_id, name)
        except TopologyError as error:
            self.message.emit(f"Name refused: {error}")
            self._force_name(self._nodes[node_id], self._model.node(node_id).name)

    def _drop_kind(self, kind: str, at: QtCore.QPointF) -> None:
        # The cursor holds the new node by the middle of its header.
        position = (at.x() - CARD_WIDTH / 2, at.y() - HEADER_HEIGHT / 2)
        position = self.free_position(position)  # dropped onto a card: beside it instead
        try:
            self.add_node_at(kind, position)
        except FieldError as error:
            self.message.emit(f"Cannot add a node: {error}")

    # -- Qt events -------------------------------------------------------------------------------

    def _on_scene_selection(self) -> None:
        ids = self.selected_ids()
        if ids != self._selection:
            self._selection = ids
            self.selection_changed.emit(list(ids))

    def _on_double_click(self, node: Any) -> None:
        node_id = self._ids.get(node.id) if node is not None else None
        if node_id is not None:
            self.node_activated.emit(node_id)

    # -- looks -----------------------------------------------------------------------------------

    def _on_palette_changed(self) -> None:
        self._theme = CanvasTheme.from_palette(self.widget.palette())
        self._apply_theme()

    def _apply_theme(self) -> None:
        theme = self._theme
        self._viewer.set_grid_colors(theme.background, theme.grid, theme.grid_major)
        for item in self._nodes.values():
            item.view.set_theme(theme)
        for pipe in self._viewer.all_pipes():
            pipe.color = (*theme.pipe, 255)
        self._style_pipes()
        self._viewer.force_update()


def _describe(diagnostic: Any) -> str:
    """Return a diagnostic's message with its field and line, as a tooltip line."""
    where = diagnostic.field or ""
    if diagnostic.line is not None:
        where += f" (line {diagnostic.line})"
    return f"{where}: {diagnostic.message}" if where else diagnostic.message
