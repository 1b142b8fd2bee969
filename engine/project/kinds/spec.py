"""What a node kind is, as data: `KindSpec`, the ends of edges it takes (`EdgeEnd`), `Stage`.

One `KindSpec` per kind holds everything the engine's project layer knows of it: its document
model, the engine class a node becomes, the name a new node gets, which edges it takes, how it
is planned (the steps that create it), how the exported script describes it, and, for a
monitor, the class of the data it records. `engine.project.kinds` keeps them in a registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from engine.core.sizes import MAX_ELEMENTS
from engine.project.monitor_data import MonitorData
from engine.project.node_base import NodeBase
from engine.project.steps import Planner, Step

if TYPE_CHECKING:  # the budget and the checks read the kinds: imported for the types only
    from engine.project.budget import Budget
    from engine.project.budget_values import Cost
    from engine.project.checks.context import CheckContext

__all__ = ["ROLES", "Count", "EdgeEnd", "End", "KindSpec", "Role", "Stage"]

#: The roles an edge can have (see `engine.project.document`), in the order they are tried
#: when a connection's role is inferred from the kinds at its ends.
ROLES = ("pre", "post", "record", "drive")
Role = Literal["pre", "post", "record", "drive"]
End = Literal["source", "target"]

NodeT = TypeVar("NodeT", bound=NodeBase)


class Stage(IntEnum):
    """What a kind is; also when a plan creates its nodes: each stage after what it refers to.

    Within a stage, nodes are created in the document's order.
    """

    #: Values that model text calls by name (timed arrays).
    NAMES = 0
    #: Groups of neurons, and other sources of spikes: what synapses and monitors connect to.
    GROUPS = 1
    SYNAPSES = 2
    #: Inputs that drive a variable of a group.
    INPUTS = 3
    #: Monitors: each records one group (or synapses).
    MONITORS = 4

    @property
    def section(self) -> str:
        """The heading of the exported script's section of this stage."""
        return _SECTIONS[self]


_SECTIONS = {
    Stage.NAMES: "Timed arrays",
    Stage.GROUPS: "Groups",
    Stage.SYNAPSES: "Synapses",
    Stage.INPUTS: "Inputs",
    Stage.MONITORS: "Monitors",
}


@dataclass(frozen=True)
class EdgeEnd:
    """An end of an edge that nodes of a kind can be.

    An edge of ``role`` from a node of kind A to one of kind B is allowed when A has the
    ``source`` end of that role and B the ``target`` end, and each end accepts the other's
    stage (`others`).

    Attributes
    ----------
    role
        The edge's role.
    end
        Which end of the edge the node is: ``"source"`` (the edge starts there) or
        ``"target"``.
    one
        If the node can have only one edge of this role at this end: what the node at the
        other end is called ("presynaptic group"), for messages. Empty: any number.
    others
        The stages the node at the other end may be of; empty for any kind with the other end.
    """

    role: Role
    end: End
    one: str = ""
    others: tuple[Stage, ...] = ()

    def accepts(self, other: Stage) -> bool:
        """Whether a node of stage ``other`` may be at the other end."""
        return not self.others or other in self.others


@dataclass(frozen=True)
class Count:
    """The argument of a kind's engine class that is a number of elements (its ``N``).

    `engine.project.build` checks it before the call — a whole number within the bounds,
    both included — and reports a wrong one at the node's ``N`` field.

    Attributes
    ----------
    argument
        Its position among the call's arguments, or its keyword.
    minimum, maximum
        The bounds (by default: at least one element, at most the engine's limit).
    """

    argument: int | str = 0
    minimum: int = 1
    maximum: int = MAX_ELEMENTS


@dataclass(frozen=True, eq=False)
class KindSpec(Generic[NodeT]):
    """Everything the project layer knows of one node kind.

    Attributes
    ----------
    document
        The document's model of a node of this kind (a `NodeBase` with a ``kind`` literal).
    engine_class
        The engine class a node becomes; the exported script calls it by its name.
    default_name
        The word a new node is named after (``neurons``; numbered when taken).
    stage
        What the kind is, and when a plan creates its nodes (`Stage`).
    plan
        Appends the steps that create a node (`engine.project.plan`): ``plan(node, planner)``.
    describe
        The comment above a node's block in the exported script, from its creation step.
    edges
        The ends of edges a node can be.
    takes_namespace
        Whether the engine class takes the names model text may use (constants, timed arrays).
    data
        For a monitor, the class of what it records (`engine.project.results`); else None.
    check
        The kind's checks (`engine.project.validate`): ``check(node, context)`` reports what is
        wrong with a node through its `engine.project.checks.context.CheckContext`. Nodes are
        checked stage by stage, so a check finds the proxies of the nodes it refers to.
        None: a node of the kind has only the checks every node has (its name, whether it is
        connected, the memory it takes).
    count
        The argument of the engine class that is the node's number of elements, if any.
    cost
        The memory a node needs, for `engine.project.budget`: ``cost(node, budget)`` yields a
        `engine.project.budget_values.Cost` per part it can estimate (none when its sizes do
        not evaluate). None for a kind that needs little.
    """

    document: type[NodeT]
    engine_class: type
    default_name: str
    stage: Stage
    plan: Callable[[NodeT, Planner], None]
    describe: Callable[[Step], str]
    edges: tuple[EdgeEnd, ...] = ()
    takes_namespace: bool = False
    data: type[MonitorData] | None = None
    check: Callable[[NodeT, CheckContext], None] | None = None
    count: Count | None = None
    cost: Callable[[NodeT, Budget], Iterable[Cost]] | None = None

    @property
    def kind(self) -> str:
        """The kind's name: the ``kind`` of its nodes (``"NeuronGroup"``)."""
        default = self.document.model_fields["kind"].default
        if not isinstance(default, str):
            raise TypeError(f"{self.document.__name__}.kind has no default name")
        return default

    @property
    def engine_name(self) -> str:
        """The name of the engine class, as a script calls it."""
        return self.engine_class.__name__

    @property
    def section(self) -> str:
        """The heading of the exported script's section holding nodes of this kind."""
        return self.stage.section

    def end(self, role: str, end: End) -> EdgeEnd | None:
        """Return the kind's end ``end`` of edges of ``role``, or None if it has none."""
        return next((e for e in self.edges if e.role == role and e.end == end), None)
