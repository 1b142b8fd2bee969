"""What the window shows for each node kind: label, category, colour, icon and a description.

Shared by the palette, the canvas and the inspector so that a kind looks the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import resources
from engine.project.document import NODE_KINDS

__all__ = ["CATEGORIES", "KINDS", "KindInfo", "icon_path"]


@dataclass(frozen=True)
class KindInfo:
    """How one node kind is presented."""

    kind: str
    label: str
    category: str
    description: str


#: Categories in palette order, with their node colour (RGB).
CATEGORIES: dict[str, tuple[int, int, int]] = {
    "Neurons": (52, 101, 164),
    "Synapses": (196, 120, 30),
    "Inputs": (78, 154, 6),
    "Monitors": (117, 80, 123),
}

KINDS: dict[str, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo("NeuronGroup", "Neuron group", "Neurons", "Neurons described by equations"),
        KindInfo("Synapses", "Synapses", "Synapses", "Connections from one group to another"),
        KindInfo(
            "PoissonGroup", "Poisson group", "Inputs", "Neurons firing at random, at given rates"
        ),
        KindInfo(
            "SpikeGeneratorGroup",
            "Spike generator",
            "Inputs",
            "Neurons firing at the times you list",
        ),
        KindInfo(
            "PoissonInput",
            "Poisson input",
            "Inputs",
            "Many random inputs added to one variable of a group",
        ),
        KindInfo("TimedArray", "Timed array", "Inputs", "Values over time, used in equations"),
        KindInfo("SpikeMonitor", "Spike monitor", "Monitors", "Records spikes (raster plot)"),
        KindInfo("StateMonitor", "State monitor", "Monitors", "Records variables over time"),
        KindInfo(
            "PopulationRateMonitor",
            "Rate monitor",
            "Monitors",
            "Records the population's firing rate",
        ),
    )
}
assert set(KINDS) == set(NODE_KINDS), "every document kind needs its presentation"


def icon_path(kind: str) -> Path:
    """Return the SVG icon of a node kind (``resources/icons/nodes/<kind>.svg``)."""
    return resources.path("icons", "nodes", f"{kind}.svg")
