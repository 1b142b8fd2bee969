"""Editing a project's graph: adding, renaming and removing nodes, connecting them.

These functions keep a `Project` consistent — unique names and ids, edges only between nodes
of fitting kinds and only as many as a role allows — and refuse anything else with a
`TopologyError` that says why, in words a user can act on. The canvas calls them for every
edit (and shows the message when a connection is refused); the file loader uses
`connection_problem` to check the edges of a file by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from engine.project import kinds
from engine.project.document import Edge, Project, identifier_problem
from engine.project.errors import ProjectError
from engine.project.node_base import NodeBase

__all__ = [
    "ConnectionChecker",
    "TopologyError",
    "add_edge",
    "add_node",
    "connection_problem",
    "remove_edge",
    "remove_node",
    "rename_node",
    "role_between",
    "unique_name",
]


class TopologyError(ProjectError, ValueError):
    """An edit that would make the project inconsistent (the project is left unchanged)."""


def connection_problem(
    project: Project, source_id: str, target_id: str, role: str, existing: list[Edge] | None = None
) -> str | None:
    """Return why an edge ``source -> target`` of ``role`` cannot be added, or None if it can.

    ``existing`` are the edges to check against (default: all of the project's). To check many
    edges, use a `ConnectionChecker` (this function indexes the project at every call).
    """
    edges = project.edges if existing is None else existing
    return ConnectionChecker(project, edges).problem(source_id, target_id, role)


class ConnectionChecker:
    """The rules of `connection_problem`, checked edge after edge in constant time each.

    The nodes and the edges checked so far are indexed once, so checking every edge of a large
    file costs time in proportion to its size (a call of `connection_problem` per edge would
    scan all nodes and edges each time).

    Parameters
    ----------
    project
        The project whose nodes the edges connect (not changed).
    existing
        The edges to check against at first; `add` adds more.
    """

    def __init__(self, project: Project, existing: Iterable[Edge] = ()) -> None:
        # As `Project.node`: the first node with that id, else the first with that name.
        self._by_id: dict[str, NodeBase] = {}
        self._by_name: dict[str, NodeBase] = {}
        for node in project.nodes:
            self._by_id.setdefault(node.id, node)
            self._by_name.setdefault(node.name, node)
        self._edges: set[tuple[str, str, str]] = set()
        self._taken: set[tuple[str, str, str]] = set()  # (role, end, node id)
        for edge in existing:
            self.add(edge)

    def add(self, edge: Edge) -> None:
        """Count ``edge`` among the edges that later ones are checked against."""
        self._edges.add((edge.source, edge.target, edge.role))
        self._taken.add((edge.role, "source", edge.source))
        self._taken.add((edge.role, "target", edge.target))

    def _node(self, key: str) -> NodeBase:
        node = self._by_id.get(key)
        if node is None:
            node = self._by_name.get(key)
        if node is None:
            raise KeyError(f"the project has no node '{key}'")
        return node

    def problem(self, source_id: str, target_id: str, role: str) -> str | None:
        """Return why an edge ``source -> target`` of ``role`` cannot be added, or None."""
        try:
            source, target = self._node(source_id), self._node(target_id)
        except KeyError as error:
            return str(error.args[0])
        if role not in kinds.ROLES:
            return f"{role!r} is not a kind of connection (known: {', '.join(kinds.ROLES)})"
        if not kinds.edge_fits(source.kind, target.kind, role):
            return (
                f"a {source.kind} ('{source.name}') cannot be connected to a {target.kind} "
                f"('{target.name}') as {role!r}"
            )
        if (source.id, target.id, role) in self._edges:
            return "the same edge appears twice"
        ends: tuple[tuple[kinds.End, Any], ...] = (("source", source), ("target", target))
        for end, owner in ends:
            # The kind says whether its node takes one edge of the role at that end (one
            # presynaptic group, one recorded object...), and what the other end is called.
            what = kinds.one_of(owner.kind, role, end)
            if what and (role, end, owner.id) in self._taken:
                return f"'{owner.name}' can have only one {what}"
        return None


def role_between(project: Project, source_id: str, target_id: str) -> kinds.Role | None:
    """Return the role an edge from ``source`` to ``target`` would have (for canvas drags).

    A group into a Synapses node is ``pre``; a Synapses node into a group is ``post``;
    anything into a monitor is ``record``; a PoissonInput into a group is ``drive``. None if
    the kinds do not connect at all.
    """
    source, target = project.node(source_id), project.node(target_id)
    role = kinds.role_between(source.kind, target.kind)
    return cast("kinds.Role | None", role)  # one of `kinds.ROLES`, or None


def add_edge(project: Project, source_id: str, target_id: str, role: str | None = None) -> Edge:
    """Connect two nodes (the role is inferred from their kinds when not given).

    Raises
    ------
    TopologyError
        If the connection is not allowed; the project is unchanged.
    """
    if role is None:
        role = role_between(project, source_id, target_id)
        if role is None:
            source, target = project.node(source_id), project.node(target_id)
            raise TopologyError(
                f"a {source.kind} ('{source.name}') cannot be connected to a {target.kind} "
                f"('{target.name}')"
            )
    problem = connection_problem(project, source_id, target_id, role)
    if problem is not None:
        raise TopologyError(problem)
    # `connection_problem` refused any role that is not one of `kinds.ROLES`.
    known = cast(kinds.Role, role)
    edge = Edge(source=project.node(source_id).id, target=project.node(target_id).id, role=known)
    project.edges.append(edge)
    return edge


def remove_edge(project: Project, edge: Edge) -> None:
    """Remove an edge (equal by source, target and role).

    Raises
    ------
    TopologyError
        If the project has no such edge.
    """
    for index, existing in enumerate(project.edges):
        if existing == edge:
            del project.edges[index]
            return
    raise TopologyError(f"there is no {edge.role!r} edge from {edge.source!r} to {edge.target!r}")


def unique_name(project: Project, base: str) -> str:
    """Return ``base`` or ``base_2``, ``base_3``... — the first name the project does not use.

    ``base`` is first made an identifier (``"exc neurons"`` -> ``exc_neurons``).
    """
    name = re.sub(r"\W+", "_", base.strip()).strip("_") or "node"
    if not name[0].isalpha():
        name = f"n_{name}"
    if identifier_problem(name) is not None:
        name = f"{name}_node"
    taken = set(project.names())
    if name not in taken:
        return name
    stem = re.sub(r"_\d+$", "", name)
    number = 2
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


#: A node of any kind (`add_node` returns the node it was given).
N = TypeVar("N", bound=NodeBase)


def add_node(project: Project, node: N, index: int | None = None) -> N:
    """Add ``node`` (at ``index`` in the node list, default last).

    Raises
    ------
    TopologyError
        If its id or name is already used; the project is unchanged.
    """
    if any(n.id == node.id for n in project.nodes):
        raise TopologyError(f"a node with id {node.id!r} already exists")
    if node.name in project.names():
        raise TopologyError(f"the name '{node.name}' is already used")
    project.nodes.insert(len(project.nodes) if index is None else index, node)
    return node


def remove_node(project: Project, node_id: str) -> tuple[NodeBase, int, list[Edge]]:
    """Remove a node and its edges; return the node, its index and the edges (for undo).

    Raises
    ------
    KeyError
        If there is no such node.
    """
    node = project.node(node_id)
    index = next(k for k, n in enumerate(project.nodes) if n.id == node.id)
    edges = [e for e in project.edges if node.id in (e.source, e.target)]
    project.edges = [e for e in project.edges if node.id not in (e.source, e.target)]
    del project.nodes[index]
    return node, index, edges


def rename_node(project: Project, node_id: str, name: str) -> None:
    """Give a node a new name (edges refer to ids, so they stay).

    Raises
    ------
    TopologyError
        If the name is not a valid identifier or is already used.
    """
    node = project.node(node_id)
    problem = identifier_problem(name)
    if problem is not None:
        raise TopologyError(problem)
    if name != node.name and name in project.names():
        raise TopologyError(f"the name '{name}' is already used")
    node.name = name
