"""What the window shows for each node kind: one `KindInfo` per kind, in palette order.

Shared by the palette, the canvas (node classes, ports, facts), the inspector (forms) and the
plots, so that a kind looks the same everywhere. Each kind's description is one module of this
package; the engine's side of a kind (its document model, plan, default name) is in
`engine.project.kinds`. A kind registered from outside (`register`) appears everywhere the
window lists kinds from then on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app import resources
from app.kinds.description import CATEGORIES, KindInfo, PortSpec
from engine.project.document import NODE_KINDS

__all__ = ["CATEGORIES", "KINDS", "KindInfo", "PortSpec", "icon_path", "register", "unregister"]

#: The description of each kind, by kind, in the palette's order. Filled below (before the
#: descriptions are imported, the name exists: modules they import may import it).
KINDS: dict[str, KindInfo[Any]] = {}


def register(info: KindInfo[Any]) -> None:
    """Add the description of a kind (after those registered before it).

    Raises
    ------
    ValueError
        If the kind has a description already, or its category is not one of `CATEGORIES`.
    """
    if info.kind in KINDS:
        raise ValueError(f"the node kind {info.kind!r} has a description already")
    if info.category not in CATEGORIES:
        raise ValueError(f"{info.category!r} is not a category (known: {', '.join(CATEGORIES)})")
    KINDS[info.kind] = info


def unregister(kind: str) -> None:
    """Remove the description of a kind (KeyError if it has none)."""
    del KINDS[kind]


def icon_path(kind: str) -> Path:
    """Return the SVG icon of a node kind (its `KindInfo.icon`, by default ``<kind>.svg``).

    Raises
    ------
    FileNotFoundError
        If there is no such icon.
    """
    info = KINDS.get(kind)
    name = info.icon if info is not None and info.icon else f"{kind}.svg"
    return resources.path("icons", "nodes", name)


def _register_bundled() -> None:
    from app.kinds import (
        neuron_group,
        poisson_group,
        poisson_input,
        population_rate_monitor,
        spike_generator_group,
        spike_monitor,
        state_monitor,
        synapses,
        timed_array,
    )

    for module in (
        neuron_group,
        synapses,
        poisson_group,
        spike_generator_group,
        poisson_input,
        timed_array,
        spike_monitor,
        state_monitor,
        population_rate_monitor,
    ):
        register(module.INFO)


_register_bundled()
assert set(KINDS) == set(NODE_KINDS), "every document kind needs its presentation"
