"""How the window shows a SpikeMonitor."""

from __future__ import annotations

from app.kinds.common import MONITOR_IN, NOTES, PLOT
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from engine.project.kinds.spike_monitor import SpikeMonitorNode

__all__ = ["INFO"]


def _facts(node: SpikeMonitorNode) -> list[str]:
    lines = ["records spikes"]
    if node.variables:
        lines.append("and " + ", ".join(node.variables))
    return lines


INFO = KindInfo(
    kind="SpikeMonitor",
    label="Spike monitor",
    category="Monitors",
    description="Records spikes (raster plot)",
    facts=_facts,
    form=(
        Section(
            "Record",
            (
                Spec(
                    "variables",
                    Editor.VARIABLES,
                    help="Variables also recorded at each spike",
                ),
            ),
        ),
        PLOT,
        NOTES,
    ),
    inputs=(MONITOR_IN,),
    plot="raster",
)
