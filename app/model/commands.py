"""Undo commands: each edit of a project as a step that can be undone and redone.

Commands change the document only through `ProjectModel`'s ``apply_*`` methods, so undo and
redo emit the same signals as the edit itself and every view follows. They hold copies of the
nodes and edges they add or remove, never the live objects of the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtGui

from app.model import undo_texts
from engine.project import Edge

if TYPE_CHECKING:
    from app.model.project_model import ProjectModel

__all__ = [
    "AddEdge",
    "InsertNodes",
    "MoveNodes",
    "RemoveEdge",
    "RemoveNodes",
    "SetField",
    "SetProjectField",
]

# Ids of commands that merge with their successor of the same kind and subject.
_SET_FIELD_ID = 1001
_SET_PROJECT_FIELD_ID = 1002
# Fields whose every change is a step of its own: each rename, each panel shown or hidden
# (whose undo text says which).
_UNMERGED = ("name", "plot.visible")


class InsertNodes(QtGui.QUndoCommand):
    """Add nodes (at the end of the node list) and edges between them."""

    def __init__(self, model: ProjectModel, nodes: list[Any], edges: list[Edge], text: str):
        super().__init__(text)
        self._model = model
        self._nodes = [n.model_copy(deep=True) for n in nodes]
        self._edges = list(edges)

    def redo(self) -> None:
        """Do (or redo) the change."""
        for node in self._nodes:
            self._model.apply_insert_node(node)
        for edge in self._edges:
            self._model.apply_insert_edge(edge)

    def undo(self) -> None:
        """Take the change back."""
        for node in reversed(self._nodes):
            self._model.apply_remove_node(node.id)


class RemoveNodes(QtGui.QUndoCommand):
    """Remove nodes with their edges; undo puts each back where it was."""

    def __init__(self, model: ProjectModel, node_ids: list[str], text: str):
        super().__init__(text)
        self._model = model
        self._ids = list(node_ids)
        self._removed: list[tuple[Any, int]] = []
        self._edges: list[tuple[int, Edge]] = []

    def redo(self) -> None:
        """Do (or redo) the change."""
        project = self._model.project
        self._edges = [
            (index, edge)
            for index, edge in enumerate(project.edges)
            if edge.source in self._ids or edge.target in self._ids
        ]
        self._removed = []
        for node_id in self._ids:
            node, index, _ = self._model.apply_remove_node(node_id)
            self._removed.append((node, index))

    def undo(self) -> None:
        """Take the change back."""
        for node, index in reversed(self._removed):
            self._model.apply_insert_node(node, index)
        for index, edge in self._edges:  # ascending: each goes back to its old place
            self._model.apply_insert_edge(edge, index)


class MoveNodes(QtGui.QUndoCommand):
    """Move nodes on the canvas."""

    def __init__(
        self,
        model: ProjectModel,
        old: dict[str, tuple[float, float]],
        new: dict[str, tuple[float, float]],
    ):
        super().__init__(undo_texts.move_text([model.node(i).name for i in new]))
        self._model, self._old, self._new = model, dict(old), dict(new)

    def redo(self) -> None:
        """Do (or redo) the change."""
        for node_id, position in self._new.items():
            self._model.apply_field(node_id, "position", position)

    def undo(self) -> None:
        """Take the change back."""
        for node_id, position in self._old.items():
            self._model.apply_field(node_id, "position", position)


class AddEdge(QtGui.QUndoCommand):
    """Connect two nodes."""

    def __init__(self, model: ProjectModel, edge: Edge):
        project = model.project
        source, target = project.node(edge.source), project.node(edge.target)
        super().__init__(undo_texts.connect_text(source.name, target.name))
        self._model, self._edge = model, edge

    def redo(self) -> None:
        """Do (or redo) the change."""
        self._model.apply_insert_edge(self._edge)

    def undo(self) -> None:
        """Take the change back."""
        self._model.apply_remove_edge(self._edge)


class RemoveEdge(QtGui.QUndoCommand):
    """Disconnect two nodes; undo puts the edge back where it was."""

    def __init__(self, model: ProjectModel, edge: Edge):
        project = model.project
        source, target = project.node(edge.source), project.node(edge.target)
        super().__init__(undo_texts.disconnect_text(source.name, target.name))
        self._model, self._edge, self._index = model, edge, 0

    def redo(self) -> None:
        """Do (or redo) the change."""
        self._index = self._model.apply_remove_edge(self._edge)

    def undo(self) -> None:
        """Take the change back."""
        self._model.apply_insert_edge(self._edge, self._index)


class SetField(QtGui.QUndoCommand):
    """Change one field of a node; successive changes of the same field merge."""

    def __init__(self, model: ProjectModel, node_id: str, field: str, old: Any, new: Any):
        node = model.node(node_id)
        if field == "name":
            text = undo_texts.rename_text(old, new)
        else:
            text = undo_texts.change_text(node.kind, field, node.name, new)
        super().__init__(text)
        self._model, self._id, self._field = model, node_id, field
        self._old, self._new = old, new

    def id(self) -> int:
        """Commands with this id may merge."""
        return _SET_FIELD_ID

    def mergeWith(self, other: QtGui.QUndoCommand) -> bool:
        """Absorb a later change of the same field (typing is one undo step)."""
        if not isinstance(other, SetField) or (other._id, other._field) != (self._id, self._field):
            return False
        if self._field in _UNMERGED:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        """Do (or redo) the change."""
        self._model.apply_field(self._id, self._field, self._new)

    def undo(self) -> None:
        """Take the change back."""
        self._model.apply_field(self._id, self._field, self._old)


class SetProjectField(QtGui.QUndoCommand):
    """Change a field of the project (run settings, constants, description)."""

    def __init__(self, model: ProjectModel, field: str, old: Any, new: Any):
        super().__init__(undo_texts.project_change_text(field))
        self._model, self._field, self._old, self._new = model, field, old, new

    def id(self) -> int:
        """Commands with this id may merge."""
        return _SET_PROJECT_FIELD_ID

    def mergeWith(self, other: QtGui.QUndoCommand) -> bool:
        """Absorb a later change of the same field (typing is one undo step)."""
        if not isinstance(other, SetProjectField) or other._field != self._field:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        """Do (or redo) the change."""
        self._model.apply_project_field(self._field, self._new)

    def undo(self) -> None:
        """Take the change back."""
        self._model.apply_project_field(self._field, self._old)
