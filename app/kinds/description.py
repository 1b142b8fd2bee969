"""How the window presents a node kind: `KindInfo` (and the `PortSpec` of its canvas ports)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.kinds.forms import Section
from engine.project.node_base import NodeBase

__all__ = ["CATEGORIES", "KindInfo", "PortSpec"]

#: Categories in palette order, with their node colour (RGB).
CATEGORIES: dict[str, tuple[int, int, int]] = {
    "Neurons": (52, 101, 164),
    "Synapses": (196, 120, 30),
    "Inputs": (78, 154, 6),
    "Monitors": (117, 80, 123),
}

NodeT = TypeVar("NodeT", bound=NodeBase)


@dataclass(frozen=True)
class PortSpec:
    """One port of a node kind on the canvas.

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


def port(name: str, roles: str, multi: bool, tooltip: str) -> PortSpec:
    """Return a `PortSpec` (``roles``: the role names separated by spaces)."""
    return PortSpec(name, frozenset(roles.split()), multi, tooltip)


@dataclass(frozen=True)
class KindInfo(Generic[NodeT]):
    """How one node kind is presented: in the palette, on the canvas, in the inspector, in plots.

    Attributes
    ----------
    kind
        The kind's name (``"NeuronGroup"``), as the engine registers it
        (`engine.project.kinds`).
    label, category, description
        Its name in the window, its category (a key of `CATEGORIES`: the palette's heading and
        the node's colour) and one line on what it is.
    facts
        The lines its card on the canvas shows under the ports (short, one line each).
    form
        The sections of its form in the inspector (the fields are labelled by
        `app.model.field_labels`).
    inputs, outputs
        Its ports on the canvas, top to bottom: inputs on the left (edges that end at the
        node), outputs on the right (edges that start there).
    plot
        For a monitor, the kind of panel that draws its data in the plots (``"raster"``,
        ``"traces"``, ``"rate"``: `app.plots.kinds`); None for no panel.
    labels
        Labels of fields that this kind names its own way, or that only it has: field ->
        label (the others are named by `app.model.field_labels`).
    icon
        The file of its icon in ``resources/icons/nodes`` (24 pixels, on a tile of its
        category's colour); empty for ``<kind>.svg`` (`app.kinds.icon_path`).
    """

    kind: str
    label: str
    category: str
    description: str
    facts: Callable[[NodeT], list[str]]
    form: tuple[Section, ...] = ()
    inputs: tuple[PortSpec, ...] = ()
    outputs: tuple[PortSpec, ...] = ()
    plot: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    icon: str = ""
