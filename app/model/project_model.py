"""The project being edited: the document, its undo stack, and signals for every change.

`ProjectModel` is the single source of truth of the window. Views (the canvas, the inspector,
the problems dock) never change the `Project` themselves: they call the edit methods here,
which push undo commands (`app.model.commands`) onto the one `QUndoStack`; the commands change
the document through the ``apply_*`` methods, and those emit the signals the views listen to.
Undo and redo therefore update every view exactly as the original edit did.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import pydantic
from PySide6 import QtCore, QtGui

from app.model import undo_texts
from app.model.commands import (
    AddEdge,
    InsertNodes,
    MoveNodes,
    RemoveEdge,
    RemoveNodes,
    SetField,
    SetProjectField,
)
from app.model.default_names import default_name
from engine.project import Edge, Project
from engine.project.document import NODE_KINDS, new_id
from engine.project.node_base import NodeBase
from engine.project.topology import (
    TopologyError,
    add_edge,
    add_node,
    remove_edge,
    remove_node,
    rename_node,
    unique_name,
)

__all__ = ["MIME_NODES", "FieldError", "ProjectModel", "get_field", "node_data"]

#: Clipboard format of copied nodes (JSON of `ProjectModel.copy_data`).
MIME_NODES = "application/x-spikecanvas-nodes"


class FieldError(ValueError):
    """A value that a field cannot hold (wrong type, invalid name); nothing was changed."""


def get_field(owner: Any, field: str) -> Any:
    """Return the value of a dotted ``field`` (``"connect.p"``, ``"plot.window"``) of a model."""
    value = owner
    for part in field.split("."):
        value = getattr(value, part)
    return value


def _set_field(owner: Any, field: str, value: Any) -> None:
    *path, last = field.split(".")
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, last, value)  # the document's models validate on assignment


def node_data(node: NodeBase) -> dict[str, Any]:
    """Return a node as plain data (the form it has in a file)."""
    return node.model_dump(mode="json")


class ProjectModel(QtCore.QObject):
    """The project of a window, with undoable edits.

    Signals
    -------
    node_added(str)
        A node with this id was added (also on undo of a removal).
    node_removed(str)
        A node with this id was removed; its edges were removed first (``edge_removed``).
    node_changed(str, str)
        A field of a node changed: node id and dotted field (``"name"``, ``"position"``,
        ``"model"``, ``"connect.p"``, ``"initial"``, ...).
    edge_added(object), edge_removed(object)
        An `Edge` was added or removed.
    project_changed(str)
        A field of the project itself changed (``"run.duration"``, ``"constants"``,
        ``"description"``, ...).
    project_replaced()
        A different project was loaded (New, Open): views rebuild everything.
    path_changed(object)
        The file of the project changed (a `Path`, or None for an unsaved project).
    """

    node_added = QtCore.Signal(str)
    node_removed = QtCore.Signal(str)
    node_changed = QtCore.Signal(str, str)
    edge_added = QtCore.Signal(object)
    edge_removed = QtCore.Signal(object)
    project_changed = QtCore.Signal(str)
    project_replaced = QtCore.Signal()
    path_changed = QtCore.Signal(object)

    def __init__(self, project: Project | None = None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._project = project if project is not None else Project()
        self._path: Path | None = None
        self.undo_stack = QtGui.QUndoStack(self)

    # -- state ----------------------------------------------------------------------------------

    @property
    def project(self) -> Project:
        """The document. Read it freely; change it only through this model's methods."""
        return self._project

    @property
    def path(self) -> Path | None:
        """The file the project was opened from or last saved to (None: never saved)."""
        return self._path

    @property
    def modified(self) -> bool:
        """Whether there are edits since the project was opened or last saved."""
        return not self.undo_stack.isClean()

    def replace(self, project: Project, path: str | Path | None = None) -> None:
        """Make ``project`` the edited project (New, Open): no undo history, unmodified."""
        self.undo_stack.clear()
        self._project = project
        self.set_path(path)
        self.project_replaced.emit()

    def set_path(self, path: str | Path | None) -> None:
        """Record the project's file (after Save As)."""
        self._path = Path(path) if path is not None else None
        self.path_changed.emit(self._path)

    def mark_saved(self, path: str | Path) -> None:
        """Record that the project was saved to ``path``: it is unmodified from now on."""
        self.set_path(path)
        self.undo_stack.setClean()

    def node(self, node_id: str) -> NodeBase:
        """Return the node with this id (KeyError if there is none)."""
        node: NodeBase = self._project.node(node_id)
        return node

    # -- edits (each one undoable step) -------------------------------------------------------

    def add_node(
        self,
        kind: str,
        position: tuple[float, float] = (0.0, 0.0),
        name: str | None = None,
        **fields: Any,
    ) -> str:
        """Add a node of ``kind`` with default fields (overridden by ``fields``); return its id.

        Raises
        ------
        FieldError
            If ``kind`` is unknown or a field value is invalid.
        TopologyError
            If ``name`` is given and already used.
        """
        if kind not in NODE_KINDS:
            raise FieldError(f"there is no node kind {kind!r}")
        if name is not None and name in self._project.names():
            raise TopologyError(f"the name '{name}' is already used")
        name = name if name is not None else default_name(self._project, kind)
        try:
            # tuple(): Qt code may pass the pair as a list.
            pair = cast(tuple[float, float], tuple(position))
            node = NODE_KINDS[kind](name=name, position=pair, **fields)
        except pydantic.ValidationError as error:
            raise FieldError(_first_problem(error)) from None
        self.undo_stack.push(InsertNodes(self, [node], [], undo_texts.add_text(kind, name)))
        return node.id

    def remove_nodes(self, node_ids: Iterable[str]) -> None:
        """Remove nodes and all their edges (one undo step)."""
        ids = [i for i in dict.fromkeys(node_ids) if self._has_node(i)]
        if ids:
            text = undo_texts.delete_text([self.node(i).name for i in ids])
            self.undo_stack.push(RemoveNodes(self, ids, text))

    def move_nodes(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """Move nodes to new canvas positions (one undo step)."""
        old = {i: self.node(i).position for i in positions}
        new = {i: (float(p[0]), float(p[1])) for i, p in positions.items()}
        if any(old[i] != new[i] for i in new):
            self.undo_stack.push(MoveNodes(self, old, new))

    def connect(  # type: ignore[override]  # the model's verb; models use no Qt connections
        self, source_id: str, target_id: str, role: str | None = None
    ) -> Edge:
        """Connect two nodes (role inferred from their kinds when None); return the edge.

        Raises
        ------
        TopologyError
            If the connection is not allowed (the message says why); nothing changes.
        """
        # Tried on a copy: add_edge infers the role and raises with the reason if not allowed.
        edge = add_edge(self._project.model_copy(deep=True), source_id, target_id, role)
        self.undo_stack.push(AddEdge(self, edge))
        return edge

    def disconnect(self, edge: Edge) -> None:  # type: ignore[override]  # as connect
        """Remove an edge (one undo step); nothing happens if the project has no such edge."""
        if edge in self._project.edges:
            self.undo_stack.push(RemoveEdge(self, edge))

    def rewire(self, removed: Iterable[Edge], added: Iterable[Edge]) -> None:
        """Remove some edges and add others as one undo step (a pipe dragged to a new port).

        Raises
        ------
        TopologyError
            If the edges after the change would not be allowed; nothing changes.
        """
        removed = [e for e in removed if e in self._project.edges]
        added = list(added)
        probe = self._project.model_copy(deep=True)
        for edge in removed:
            remove_edge(probe, edge)
        for edge in added:
            add_edge(probe, edge.source, edge.target, edge.role)  # raises with the reason
        if len(removed) + len(added) <= 1:
            for edge in removed:
                self.disconnect(edge)
            for edge in added:
                self.connect(edge.source, edge.target, edge.role)
            return
        self.undo_stack.beginMacro(undo_texts.reconnect_text(bool(added)))
        try:
            for edge in removed:
                self.disconnect(edge)
            for edge in added:
                self.connect(edge.source, edge.target, edge.role)
        finally:
            self.undo_stack.endMacro()

    def set_field(self, node_id: str, field: str, value: Any) -> None:
        """Set a field of a node (``"model"``, ``"connect.p"``, ``"initial"``...).

        Successive changes of the same field of the same node merge into one undo step, so
        typing an equation is undone as a whole.

        Raises
        ------
        FieldError
            If the value does not fit the field; nothing changes.
        TopologyError
            For ``"name"``: an invalid or used name.
        """
        node = self.node(node_id)
        if field == "name":
            self.rename(node_id, value)
            return
        if field in ("id", "kind"):
            raise FieldError(f"the {field} of a node cannot be changed")
        old = copy.deepcopy(self._current(node, field))
        if old == value:
            return
        self._check_value(node, field, value)
        self.undo_stack.push(SetField(self, node_id, field, old, copy.deepcopy(value)))

    def rename(self, node_id: str, name: str) -> None:
        """Give a node a new name (one undo step).

        Raises
        ------
        TopologyError
            If the name is not a valid identifier or already used; nothing changes.
        """
        node = self.node(node_id)
        if name == node.name:
            return
        probe = self._project.model_copy(deep=True)
        rename_node(probe, node_id, name)  # raises TopologyError with the reason
        self.undo_stack.push(SetField(self, node_id, "name", node.name, name))

    def set_project_field(self, field: str, value: Any) -> None:
        """Set a field of the project (``"run.duration"``, ``"description"``, ``"constants"``).

        Raises
        ------
        FieldError
            If the value does not fit the field; nothing changes.
        """
        old = copy.deepcopy(self._current(self._project, field))
        if old == value:
            return
        self._check_value(self._project, field, value)
        if field == "constants":
            names = [c["name"] if isinstance(c, dict) else c.name for c in value]
            clash = set(names) & {n.name for n in self._project.nodes}
            if clash or len(set(names)) != len(names):
                used = sorted(clash) or sorted({n for n in names if names.count(n) > 1})
                raise FieldError(f"the name '{used[0]}' is already used")
        self.undo_stack.push(SetProjectField(self, field, old, copy.deepcopy(value)))

    # -- clipboard --------------------------------------------------------------------------------

    def copy_data(self, node_ids: Iterable[str]) -> dict[str, Any]:
        """Return the nodes and the edges between them as plain data (for the clipboard)."""
        ids = [i for i in dict.fromkeys(node_ids) if self._has_node(i)]
        chosen = set(ids)
        return {
            "nodes": [node_data(self.node(i)) for i in ids],
            "edges": [
                e.model_dump(mode="json")
                for e in self._project.edges
                if e.source in chosen and e.target in chosen
            ],
        }

    def paste_data(
        self, data: Mapping[str, Any], offset: tuple[float, float] = (40, 40)
    ) -> list[str]:
        """Add copies of copied nodes with fresh ids and names (one undo step); return the ids.

        Edges between the copied nodes are copied too. Raises `FieldError` for data that is
        not copied nodes (nothing is added).
        """
        try:
            items = list(data["nodes"])
            edges = list(data.get("edges", []))
        except (KeyError, TypeError) as error:
            raise FieldError("the clipboard holds no SpikeCanvas nodes") from error
        probe = self._project.model_copy(deep=True)
        new_ids: dict[str, str] = {}
        nodes = []
        try:
            for item in items:
                kind = item["kind"]
                fields = {k: v for k, v in item.items() if k not in ("id", "name", "kind")}
                x, y = fields.get("position", (0.0, 0.0))
                fields["position"] = (float(x) + offset[0], float(y) + offset[1])
                node = NODE_KINDS[kind].model_validate(
                    {
                        **fields,
                        "kind": kind,
                        "id": new_id(),
                        "name": unique_name(probe, item["name"]),
                    }
                )
                add_node(probe, node)
                new_ids[item["id"]] = node.id
                nodes.append(node)
            new_edges = []
            for item in edges:
                if item["source"] in new_ids and item["target"] in new_ids:
                    new_edges.append(
                        add_edge(
                            probe, new_ids[item["source"]], new_ids[item["target"]], item["role"]
                        )
                    )
        except (KeyError, TypeError, ValueError, pydantic.ValidationError) as error:
            raise FieldError(f"the clipboard holds no valid SpikeCanvas nodes ({error})") from None
        if nodes:
            text = undo_texts.paste_text(len(nodes))
            self.undo_stack.push(InsertNodes(self, nodes, new_edges, text))
        return [n.id for n in nodes]

    # -- changes applied by undo commands (emit the signals) ----------------------------------

    def apply_insert_node(self, node: NodeBase, index: int | None = None) -> None:
        """Insert ``node`` (a fresh copy is kept) at ``index``."""
        add_node(self._project, node.model_copy(deep=True), index)
        self.node_added.emit(node.id)

    def apply_remove_node(self, node_id: str) -> tuple[Any, int, list[Edge]]:
        """Remove a node and its edges; return (a copy of the node, its index, its edges)."""
        for edge in [e for e in self._project.edges if node_id in (e.source, e.target)]:
            self.apply_remove_edge(edge)
        node, index, edges = remove_node(self._project, node_id)
        self.node_removed.emit(node_id)
        return node.model_copy(deep=True), index, edges

    def apply_insert_edge(self, edge: Edge, index: int | None = None) -> None:
        """Insert ``edge`` at ``index`` of the edge list (default last)."""
        edges = self._project.edges
        edges.insert(len(edges) if index is None else index, edge)
        self.edge_added.emit(edge)

    def apply_remove_edge(self, edge: Edge) -> int:
        """Remove ``edge`` and return where it was in the edge list."""
        index = self._project.edges.index(edge)
        del self._project.edges[index]
        self.edge_removed.emit(edge)
        return index

    def apply_field(self, node_id: str, field: str, value: Any) -> None:
        """Set a node's field (validated by the document's models) and emit ``node_changed``."""
        _set_field(self.node(node_id), field, copy.deepcopy(value))
        self.node_changed.emit(node_id, field)

    def apply_project_field(self, field: str, value: Any) -> None:
        """Set a project's field and emit ``project_changed``."""
        _set_field(self._project, field, copy.deepcopy(value))
        self.project_changed.emit(field)

    # -- helpers ----------------------------------------------------------------------------------

    def _has_node(self, node_id: str) -> bool:
        return any(n.id == node_id for n in self._project.nodes)

    @staticmethod
    def _current(owner: Any, field: str) -> Any:
        try:
            return get_field(owner, field)
        except AttributeError:
            raise FieldError(f"there is no field '{field}'") from None

    @staticmethod
    def _check_value(owner: Any, field: str, value: Any) -> None:
        """Raise FieldError unless ``field`` of (a copy of) ``owner`` can hold ``value``."""
        probe = owner.model_copy(deep=True)
        try:
            _set_field(probe, field, copy.deepcopy(value))
        except AttributeError:
            raise FieldError(f"there is no field '{field}'") from None
        except pydantic.ValidationError as error:
            raise FieldError(_first_problem(error)) from None


def _first_problem(error: pydantic.ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(p) for p in problem["loc"])
    return f"{where}: {problem['msg']}" if where else problem["msg"]
