"""Which ports each node kind has on the canvas, and which edge roles each port carries.

The document's edges (`engine.project.document.EDGE_ROLES`) have a role; on the canvas an edge
is a pipe from an output port (on the right of a node) to an input port (on the left). This
module is the one mapping between the two, used to draw an edge and to read a dragged pipe.
It has no Qt in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.project.document import GROUP_KINDS, MONITOR_KINDS, NODE_KINDS

__all__ = ["INPUTS", "OUTPUTS", "PortSpec", "port_for", "ports_of"]


@dataclass(frozen=True)
class PortSpec:
    """One port of a node kind.

    Attributes
    ----------
    name
        The label drawn next to the port (unique among the node's ports of that direction).
    roles
        The edge roles a pipe through this port can have.
    multi
        Whether the port takes several pipes. Single ports let a drag re-route their pipe.
    tooltip
        What the port is for, in a user's words.
    """

    name: str
    roles: frozenset[str]
    multi: bool
    tooltip: str


def _port(name: str, roles: str, multi: bool, tooltip: str) -> PortSpec:
    return PortSpec(name, frozenset(roles.split()), multi, tooltip)


_GROUP_OUT = _port(
    "spikes", "pre record", True, "Spikes and variables of the group: to synapses or monitors"
)
_NEURON_IN = _port(
    "input", "post drive", True, "Input to the group: from synapses (post) or a Poisson input"
)
_SOURCE_IN = _port("input", "post", True, "Synapses whose postsynaptic side is this group")
_MONITOR_IN = _port("source", "record", False, "The group (or synapses) this monitor records")

#: Input ports (left side) of each kind, top to bottom.
INPUTS: dict[str, tuple[PortSpec, ...]] = {
    "NeuronGroup": (_NEURON_IN,),
    "PoissonGroup": (_SOURCE_IN,),
    "SpikeGeneratorGroup": (_SOURCE_IN,),
    "Synapses": (_port("pre", "pre", False, "The presynaptic group, whose spikes arrive here"),),
    "PoissonInput": (),
    "TimedArray": (),
    **{kind: (_MONITOR_IN,) for kind in MONITOR_KINDS},
}

#: Output ports (right side) of each kind, top to bottom.
OUTPUTS: dict[str, tuple[PortSpec, ...]] = {
    **{kind: (_GROUP_OUT,) for kind in GROUP_KINDS},
    "Synapses": (
        _port("post", "post", False, "The postsynaptic group, whose variables change on a spike"),
        _port("record", "record", True, "Synaptic variables, to a state monitor"),
    ),
    "PoissonInput": (
        _port("target", "drive", False, "The neuron group whose variable receives the input"),
    ),
    "TimedArray": (),
    **{kind: () for kind in MONITOR_KINDS},
}
assert set(INPUTS) == set(OUTPUTS) == set(NODE_KINDS), "every kind needs its ports"


def ports_of(kind: str, direction: str) -> tuple[PortSpec, ...]:
    """Return the ports of ``kind`` in ``direction`` (``"in"`` or ``"out"``)."""
    return (INPUTS if direction == "in" else OUTPUTS)[kind]


def port_for(kind: str, direction: str, role: str) -> PortSpec:
    """Return the port of ``kind`` through which an edge of ``role`` runs in ``direction``.

    Raises
    ------
    KeyError
        If the kind has no such port (the edge cannot be drawn).
    """
    for spec in ports_of(kind, direction):
        if role in spec.roles:
            return spec
    raise KeyError(f"a {kind} has no {direction}put port for {role!r} edges")
