"""How the window shows a StateMonitor."""

from __future__ import annotations

from app.kinds.common import MONITOR_IN, NOTES, PLOT
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.state_monitor import StateMonitorNode

__all__ = ["INFO"]


def _facts(node: StateMonitorNode) -> list[str]:
    variables = ", ".join(node.variables) or "no variables yet"
    return [f"records {variables}", f"of {node.record.strip() or '?'}"]


INFO = KindInfo(
    kind="StateMonitor",
    label="State monitor",
    category="Monitors",
    description="Records variables over time",
    facts=_facts,
    form=(
        Section(
            "Record",
            (
                Spec("variables", Editor.VARIABLES, help="Variables to record"),
                Spec(
                    "record",
                    Editor.VALUE,
                    rules.CODE,
                    "Which neurons or synapses: True (all), an index (0) or a list ([0, 10])",
                ),
                Spec(
                    "dt",
                    Editor.VALUE,
                    rules.OPTIONAL_TIME,
                    "Record every this often; empty for every step",
                    placeholder="every step",
                ),
            ),
        ),
        PLOT,
        NOTES,
    ),
    inputs=(MONITOR_IN,),
    plot="traces",
    labels={"dt": "Sampling interval"},
)
