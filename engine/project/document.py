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

import keyword
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

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


def new_id() -> str:
    """Return a fresh node id: stable across saves, unique in practice (random, 12 hex digits)."""
    return uuid.uuid4().hex[:12]


def identifier_problem(name: str) -> str | None:
    """Return why ``name`` cannot name a node or constant, or None if it can."""
    if not name:
        return "a name cannot be empty"
    if not name.isidentifier() or not name.isascii():
        return (
            f"'{name}' is not a valid name: use letters, digits and underscores, starting with a "
            "letter (e.g. 'exc_neurons')"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"'{name}' is a Python keyword and cannot be a name"
    if name.startswith("_"):
        return f"'{name}' starts with an underscore, which is reserved for the engine"
    return None


def _name(value: str) -> str:
    problem = identifier_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _text(value: Any) -> Any:
    """Accept numbers where text is expected (``"N": 100`` is ``"100"``), but not booleans."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return value


#: Model text exactly as typed: a string (a number written in a file becomes its text).
Text = Annotated[str, BeforeValidator(_text)]
#: The name of a node or constant: a valid identifier.
Name = Annotated[str, Field(max_length=100), AfterValidator(_name)]
#: The name of a variable of a node (an initial value's key, a recorded variable): the same
#: rule, so that no name from a file can reach the engine's private attributes (``_name``).
VariableName = Name


def _optional_name(value: str) -> str:
    return value and _name(value)


#: A variable's name, or empty for none chosen yet.
OptionalVariableName = Annotated[str, Field(max_length=100), AfterValidator(_optional_name)]


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must not be dropped silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, strict=True)


class Constant(_Strict):
    """A named value that nodes refer to, such as ``tau = 10*ms``."""

    name: Name
    value: Text
    notes: str = ""


class RunSettings(_Strict):
    """How the project is simulated."""

    duration: Text = "100*ms"
    dt: Text = "0.1*ms"
    #: The random seed; None draws a new one for every run.
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    target: Literal["auto", "numpy", "cython"] = "auto"
    #: Wall time between two progress reports (and live plot updates).
    report_period: Text = "0.1*second"


class PlotSettings(_Strict):
    """How a monitor's panel is drawn."""

    visible: bool = True
    title: str = ""
    #: Width of a sliding time window (e.g. ``200*ms``); empty for the whole run.
    window: Text = ""
    #: Width of the smoothing window of a population rate (e.g. ``1*ms``); empty for none.
    smoothing: Text = ""


class _NodeBase(_Strict):
    id: str = Field(default_factory=new_id, pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    name: Name
    # JSON has no tuples: a list of two numbers is what a file holds.
    position: Annotated[tuple[float, float], Field(strict=False)] = (0.0, 0.0)
    notes: str = ""

    @field_validator("position")
    @classmethod
    def _finite(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not all(abs(v) < 1e12 for v in value):  # also refuses NaN
            raise ValueError("a canvas position must be two finite numbers")
        return value


class NeuronGroupNode(_NodeBase):
    """A group of neurons defined by equations (`engine.NeuronGroup`)."""

    kind: Literal["NeuronGroup"] = "NeuronGroup"
    N: Text = "1"
    model: str = ""
    threshold: str = ""
    reset: str = ""
    #: A duration (``5*ms``), an expression, or a condition (``v > -40*mV``); empty for none.
    refractory: str = ""
    #: The integration method; empty to choose automatically.
    method: str = ""
    #: The group's own time step; empty for the run's.
    dt: Text = ""
    #: Initial values: variable -> expression (``'-70*mV + rand()*10*mV'``), in order.
    initial: dict[VariableName, str] = Field(default_factory=dict)


class PoissonGroupNode(_NodeBase):
    """Independent Poisson spike sources (`engine.PoissonGroup`)."""

    kind: Literal["PoissonGroup"] = "PoissonGroup"
    N: Text = "1"
    #: A rate (``10*Hz``) or an expression of ``i`` and ``t`` evaluated at every step.
    rates: Text = "10*Hz"


class SpikeGeneratorGroupNode(_NodeBase):
    """Neurons that spike at given times (`engine.SpikeGeneratorGroup`)."""

    kind: Literal["SpikeGeneratorGroup"] = "SpikeGeneratorGroup"
    N: Text = "1"
    #: The neuron of each spike, a list such as ``[0, 2, 1]``.
    indices: str = "[]"
    #: The time of each spike, a list with a unit such as ``[1, 2, 3]*ms``.
    times: str = "[]*ms"
    #: Repeat the spikes with this period; empty for no repetition.
    period: Text = ""


class Connect(_Strict):
    """Which synapses a Synapses node creates (the arguments of ``Synapses.connect``).

    ``i`` and ``j`` both given as integer lists (``[0, 1]``, ``3``) connect those pairs; ``j``
    alone (or ``i`` alone) is an expression or generator (``'k for k in range(i-3, i+4) if k
    != i'``); otherwise pairs are chosen by ``condition`` and ``p`` (all pairs when both are
    empty). ``n`` synapses are made per pair.
    """

    condition: str = ""
    p: Text = ""
    n: Text = ""
    i: Text = ""
    j: Text = ""
    skip_if_invalid: bool = False


class SynapsesNode(_NodeBase):
    """Synapses from a ``pre`` group to a ``post`` group (`engine.Synapses`)."""

    kind: Literal["Synapses"] = "Synapses"
    model: str = ""
    on_pre: str = ""
    on_post: str = ""
    #: A delay for every synapse (``1.5*ms``) or an expression per synapse (``j*0.1*ms``).
    delay: Text = ""
    method: str = ""
    connect: Connect = Field(default_factory=Connect)
    #: Initial values of synaptic variables: variable -> expression, in order.
    initial: dict[VariableName, str] = Field(default_factory=dict)


class PoissonInputNode(_NodeBase):
    """Poisson input added straight to a variable of a group (`engine.PoissonInput`)."""

    kind: Literal["PoissonInput"] = "PoissonInput"
    target_var: OptionalVariableName = ""
    N: Text = "1"
    rate: Text = "10*Hz"
    weight: Text = ""


class TimedArrayNode(_NodeBase):
    """Values over time that equations call by the node's name (`engine.TimedArray`)."""

    kind: Literal["TimedArray"] = "TimedArray"
    #: A list with a unit, such as ``[0, 1, 0.5]*nA``; a list of lists for ``name(t, i)``.
    values: str = "[0]"
    dt: Text = "1*ms"


class SpikeMonitorNode(_NodeBase):
    """Records the spikes of a group (`engine.SpikeMonitor`)."""

    kind: Literal["SpikeMonitor"] = "SpikeMonitor"
    #: Variables also recorded at each spike.
    variables: list[VariableName] = Field(default_factory=list)
    plot: PlotSettings = Field(default_factory=PlotSettings)


class StateMonitorNode(_NodeBase):
    """Records variables of a group or of synapses over time (`engine.StateMonitor`)."""

    kind: Literal["StateMonitor"] = "StateMonitor"
    variables: list[VariableName] = Field(default_factory=list)
    #: Which elements: ``True`` (all), an index (``0``) or a list (``[0, 10, 20]``).
    record: Text = "0"
    #: Sampling interval; empty for every step of the target.
    dt: Text = ""
    plot: PlotSettings = Field(default_factory=PlotSettings)


class PopulationRateMonitorNode(_NodeBase):
    """Records the firing rate of a whole group (`engine.PopulationRateMonitor`)."""

    kind: Literal["PopulationRateMonitor"] = "PopulationRateMonitor"
    plot: PlotSettings = Field(default_factory=PlotSettings)


#: Any node; the ``kind`` key of a node in a file says which.
Node = Annotated[
    NeuronGroupNode
    | PoissonGroupNode
    | SpikeGeneratorGroupNode
    | SynapsesNode
    | PoissonInputNode
    | TimedArrayNode
    | SpikeMonitorNode
    | StateMonitorNode
    | PopulationRateMonitorNode,
    Field(discriminator="kind"),
]

#: Every node kind, by its ``kind`` string.
NODE_KINDS: dict[str, type[_NodeBase]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        NeuronGroupNode,
        PoissonGroupNode,
        SpikeGeneratorGroupNode,
        SynapsesNode,
        PoissonInputNode,
        TimedArrayNode,
        SpikeMonitorNode,
        StateMonitorNode,
        PopulationRateMonitorNode,
    )
}
#: Kinds that emit spikes and can be the source of synapses or the target of monitors.
GROUP_KINDS = ("NeuronGroup", "PoissonGroup", "SpikeGeneratorGroup")
MONITOR_KINDS = ("SpikeMonitor", "StateMonitor", "PopulationRateMonitor")

#: For each edge role: the kinds an edge may start from and the kinds it may end at.
EDGE_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pre": (GROUP_KINDS, ("Synapses",)),
    "post": (("Synapses",), GROUP_KINDS),
    # Only a StateMonitor records synapses (checked separately).
    "record": ((*GROUP_KINDS, "Synapses"), MONITOR_KINDS),
    "drive": (("PoissonInput",), ("NeuronGroup",)),
}


class Edge(_Strict):
    """A connection between two nodes, in one of the roles of `EDGE_ROLES`."""

    source: str
    target: str
    role: Literal["pre", "post", "record", "drive"]


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
        self._nodes: tuple[list[Any], dict[str, int], dict[str, int]] | None = None
        self._edges: tuple[list[Edge], _EdgeIndex] | None = None

    def nodes(self, nodes: list[Any], rebuild: bool) -> tuple[dict[str, int], dict[str, int]]:
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

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> _Lookups:
        return _Lookups()

    def __deepcopy__(self, memo: dict[int, Any]) -> _Lookups:
        return _Lookups()

    def __reduce__(self) -> tuple[type[_Lookups], tuple[()]]:
        return _Lookups, ()


class Project(_Strict):
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
