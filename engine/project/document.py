"""The project document: a network as plain data, exactly as the user typed it.

A `Project` holds named constants (``tau = 10*ms``), nodes (neuron groups, synapses, inputs,
monitors, timed arrays), the edges between them, the run settings and the plot settings of
each monitor. Every field that holds model text (an equation, a threshold, a value such as
``10*ms``) is kept as the string the user typed: it is checked by `engine.project.validate`,
turned into engine objects by `engine.project.build` and into a script by
`engine.project.export`, each time through the engine's restricted parsers. Nothing here runs
any of it.

Edges say who is connected to whom, each in one ``role``:

=========  ==========================================  =====================================
role       from                                        to
=========  ==========================================  =====================================
``pre``    a group (its spikes)                        a Synapses node
``post``   a Synapses node                             a group (its variables)
``record`` a group, or a Synapses node (StateMonitor)  a monitor
``drive``  a PoissonInput node                         a NeuronGroup (its ``target_var``)
=========  ==========================================  =====================================

The models are pydantic models: the file loader (`engine.project.fileio`) validates a whole
file against them at once and reports every problem with its place in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import Field, PrivateAttr
from pydantic.fields import FieldInfo

from engine.project import kinds
from engine.project.kinds import EDGE_ROLES, GROUP_KINDS, MONITOR_KINDS, NODE_KINDS
from engine.project.kinds.neuron_group import NeuronGroupNode
from engine.project.kinds.poisson_group import PoissonGroupNode
from engine.project.kinds.poisson_input import PoissonInputNode
from engine.project.kinds.population_rate_monitor import PopulationRateMonitorNode
from engine.project.kinds.spec import Role
from engine.project.kinds.spike_generator_group import SpikeGeneratorGroupNode
from engine.project.kinds.spike_monitor import SpikeMonitorNode
from engine.project.kinds.state_monitor import StateMonitorNode
from engine.project.kinds.synapses import Connect, SynapsesNode
from engine.project.kinds.timed_array import TimedArrayNode
from engine.project.live_parameters import LiveParameter
from engine.project.node_base import (
    Name,
    NodeBase,
    PlotSettings,
    Strict,
    Text,
    identifier_problem,
    new_id,
)
from engine.project.sweep.definition import Sweep

__all__ = [
    "EDGE_ROLES",
    "FORMAT_VERSION",
    "GROUP_KINDS",
    "MAX_SEED",
    "MONITOR_KINDS",
    "NODE_KINDS",
    "Connect",
    "Constant",
    "Edge",
    "NeuronGroupNode",
    "Node",
    "PlotSettings",
    "PoissonGroupNode",
    "PoissonInputNode",
    "PopulationRateMonitorNode",
    "Project",
    "RunSettings",
    "SpikeGeneratorGroupNode",
    "SpikeMonitorNode",
    "StateMonitorNode",
    "SynapsesNode",
    "TimedArrayNode",
    "identifier_problem",
    "new_id",
]

#: The version of the file format this engine writes (and the newest it reads).
FORMAT_VERSION = 1
#: The largest seed a project may hold (numpy's global generator, which scripts seed too,
#: takes 32 bits).
MAX_SEED = 2**32 - 1


class Constant(Strict):
    """A named value that nodes refer to, such as ``tau = 10*ms``."""

    name: Name
    value: Text
    notes: str = ""


class RunSettings(Strict):
    """How the project is simulated."""

    duration: Text = "100*ms"
    dt: Text = "0.1*ms"
    #: The random seed; None draws a new one for every run.
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    target: Literal["auto", "numpy", "cython"] = "auto"
    #: Wall time between two progress reports (and live plot updates).
    report_period: Text = "0.1*second"


def _node_union() -> Any:
    """Return the type of a node: one of the registered kinds' models, chosen by ``kind``."""
    models = tuple(spec.document for spec in kinds.specs())
    return Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007 - a tuple of types


if TYPE_CHECKING:
    # What a type checker can know: the kinds are registered at run time.
    Node = NodeBase
else:
    #: Any node; the ``kind`` key of a node in a file says which (one of the registered kinds).
    Node = _node_union()


class Edge(Strict):
    """A connection between two nodes, in one of the roles of `EDGE_ROLES`."""

    source: str
    target: str
    role: Role


# For ``source`` and ``target``: (node id, role) -> the positions of its edges, in order.
_EdgeIndex = dict[str, dict[tuple[str, str], list[int]]]


class _Lookups:
    """Indexes that make `Project.node`, `Project.sources` and `Project.targets` fast.

    A project with thousands of nodes is looked up in loops (validation, building, export); a
    scan of the nodes or edges per lookup would make those quadratic. Each index is rebuilt when
    its list differs from a copy kept of it — replaced, or changed in place (added, removed,
    reordered, replaced items): comparing two lists of the same objects compares references,
    far faster than a search — and what an index finds is checked against the list (a node
    renamed in place is found by indexing again). Only the ids of nodes and the ends of edges
    changed in place (which the editor never does: ids are stable, edges are replaced) are not
    seen until the list changes.

    Not part of a project's value: every `_Lookups` equals every other, and copies of a
    project start with empty indexes.
    """

    def __init__(self) -> None:
        # Each index with a copy of the list it is of, replaced as a whole (one assignment):
        # a thread looking up while another rebuilds sees the old index or the new, never half.
        self._nodes: tuple[list[NodeBase], dict[str, int], dict[str, int]] | None = None
        self._edges: tuple[list[Edge], _EdgeIndex] | None = None

    def nodes(self, nodes: list[NodeBase], rebuild: bool) -> tuple[dict[str, int], dict[str, int]]:
        """Return id -> position and name -> position (the first node of each)."""
        state = self._nodes
        if rebuild or state is None or state[0] != nodes:
            by_id: dict[str, int] = {}
            by_name: dict[str, int] = {}
            copied = list(nodes)
            for position, node in enumerate(copied):
                by_id.setdefault(node.id, position)
                by_name.setdefault(node.name, position)
            state = self._nodes = (copied, by_id, by_name)
        return state[1], state[2]

    def edges(self, edges: list[Edge], rebuild: bool) -> _EdgeIndex:
        """Return, for ``source`` and ``target``: (node id, role) -> positions of its edges."""
        state = self._edges
        if rebuild or state is None or state[0] != edges:
            at: _EdgeIndex = {"source": {}, "target": {}}
            copied = list(edges)
            for position, edge in enumerate(copied):
                at["source"].setdefault((edge.source, edge.role), []).append(position)
                at["target"].setdefault((edge.target, edge.role), []).append(position)
            state = self._edges = (copied, at)
        return state[1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Lookups)

    __hash__ = None  # type: ignore[assignment]  # equal to any other: unhashable

    def __copy__(self) -> _Lookups:
        return _Lookups()

    def __deepcopy__(self, memo: dict[int, Any]) -> _Lookups:
        return _Lookups()

    def __reduce__(self) -> tuple[type[_Lookups], tuple[()]]:
        return _Lookups, ()


class Project(Strict):
    """A whole SpikeCanvas project: what a ``.spikecanvas`` file holds.

    Use `engine.project.load` and `engine.project.save` to read and write files; they check
    what pydantic cannot (unique names, edges between existing nodes of fitting kinds).
    """

    format_version: int = FORMAT_VERSION
    title: str = ""
    description: str = ""
    #: Teaching notes shown with the project (examples).
    notes: str = ""
    run: RunSettings = Field(default_factory=RunSettings)
    constants: list[Constant] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    #: Parameter sweeps (`engine.project.sweep`); a file without sweeps has no ``sweeps`` key.
    sweeps: list[Sweep] = Field(default_factory=list)
    #: Sliders of constants (`engine.project.live_parameters`); written only when there are.
    live_parameters: list[LiveParameter] = Field(default_factory=list)

    # -- lookups --------------------------------------------------------------------------------

    # Indexes of the nodes and edges (not a field: not saved, not compared, not copied).
    _lookups: _Lookups = PrivateAttr(default_factory=lambda: _Lookups())

    def node(self, key: str) -> Any:
        """Return the node with id (or, failing that, name) ``key``.

        Raises
        ------
        KeyError
            If there is none.
        """
        nodes = self.nodes
        for rebuild in (False, True):
            by_id, by_name = self._lookups.nodes(nodes, rebuild)
            position = by_id.get(key)
            if position is not None:
                if position < len(nodes) and nodes[position].id == key:
                    return nodes[position]
                continue  # changed since it was indexed: index again
            position = by_name.get(key)
            if position is not None and position < len(nodes) and nodes[position].name == key:
                return nodes[position]
            # Not found, or renamed in place: index again before concluding.
        raise KeyError(f"the project has no node '{key}'")

    def sources(self, node_id: str, role: str) -> list[Any]:
        """Return the nodes connected to ``node_id`` by edges of ``role`` that end there."""
        return [self.node(edge.source) for edge in self._edges_at(node_id, role, "target")]

    def targets(self, node_id: str, role: str) -> list[Any]:
        """Return the nodes connected to ``node_id`` by edges of ``role`` that start there."""
        return [self.node(edge.target) for edge in self._edges_at(node_id, role, "source")]

    def edges_at(self, node_id: str, role: str, end: str) -> list[Edge]:
        """Return the edges of ``role`` whose ``end`` (``source``/``target``) is ``node_id``.

        In the order of the project's edges; found with the index `sources` and `targets` use.
        """
        return self._edges_at(node_id, role, end)

    def _edges_at(self, node_id: str, role: str, end: str) -> list[Edge]:
        """Return the edges of ``role`` whose ``end`` (``source``/``target``) is ``node_id``."""
        edges = self.edges
        for rebuild in (False, True):
            positions = self._lookups.edges(edges, rebuild)[end].get((node_id, role), ())
            found = [edges[k] for k in positions if k < len(edges)]
            if len(found) == len(positions) and all(
                getattr(e, end) == node_id and e.role == role for e in found
            ):
                return found
        # Changed while it was indexed (by another thread): scan.
        return [e for e in edges if getattr(e, end) == node_id and e.role == role]

    def names(self) -> list[str]:
        """Every name the project defines: constants, then nodes."""
        return [c.name for c in self.constants] + [n.name for n in self.nodes]


def _take_registered_kinds() -> None:
    """Rebuild `Node` and `Project` for the kinds registered now (after `kinds.register`)."""
    global Node
    Node = _node_union()
    Project.model_fields["nodes"] = FieldInfo.from_annotated_attribute(
        list[Node], Field(default_factory=list)
    )
    Project.model_rebuild(force=True)


kinds.on_change(_take_registered_kinds)
