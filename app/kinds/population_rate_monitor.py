"""How the window shows a PopulationRateMonitor."""

from __future__ import annotations

from app.kinds.common import MONITOR_IN, NOTES, PLOT
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.population_rate_monitor import PopulationRateMonitorNode

__all__ = ["INFO"]


def _facts(node: PopulationRateMonitorNode) -> list[str]:
    lines = ["records the population rate"]
    if node.plot.smoothing.strip():
        lines.append(f"smoothed over {node.plot.smoothing.strip()}")
    return lines


INFO = KindInfo(
    kind="PopulationRateMonitor",
    label="Rate monitor",
    category="Monitors",
    description="Records the population's firing rate",
    facts=_facts,
    form=(
        Section(
            "Plot",
            (
                *PLOT.fields,
                Spec(
                    "plot.smoothing",
                    Editor.VALUE,
                    rules.OPTIONAL_TIME,
                    "Width of the window the rate is averaged over (e.g. 1*ms); empty for none",
                    placeholder="none",
                ),
            ),
        ),
        NOTES,
    ),
    inputs=(MONITOR_IN,),
    plot="rate",
)
