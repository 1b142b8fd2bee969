"""Pieces several kinds share: the edges of spike sources and of monitors."""

from __future__ import annotations

from engine.project.kinds.spec import EdgeEnd, Stage

__all__ = ["RECORDS_ANYTHING", "RECORDS_GROUPS", "SPIKE_SOURCE_EDGES"]

#: The edges of a group of spiking elements: its spikes to synapses and monitors, and
#: synapses onto it (which change its variables).
SPIKE_SOURCE_EDGES = (
    EdgeEnd("pre", "source"),
    EdgeEnd("record", "source"),
    EdgeEnd("post", "target"),
)
#: The edge of a monitor that records a group's spikes: one group.
RECORDS_GROUPS = EdgeEnd("record", "target", one="recorded object", others=(Stage.GROUPS,))
#: The edge of a monitor that records variables: one group or one Synapses node.
RECORDS_ANYTHING = EdgeEnd("record", "target", one="recorded object")
