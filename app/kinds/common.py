"""Pieces the kinds' descriptions share: text helpers for facts, ports, form sections."""

from __future__ import annotations

from app.kinds.description import port
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules

__all__ = [
    "GROUP_OUT",
    "MONITOR_IN",
    "NOTES",
    "PLOT",
    "SOURCE_IN",
    "N",
    "code",
    "count",
    "first_line",
]


def first_line(text: str) -> str:
    """Return the first non-empty line of model text with its spacing tidied, or ``""``."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line
    return ""


def count(n: str, one: str, many: str) -> str:
    """Return ``n`` with its noun: ``1 neuron``, ``100 neurons`` (``?`` when empty)."""
    n = n.strip() or "?"
    return f"{n} {one if n == '1' else many}"


# -- ports ------------------------------------------------------------------------------------

#: The output of a group: its spikes (and variables) to synapses or monitors.
GROUP_OUT = port(
    "spikes", "pre record", True, "Spikes and variables of the group: to synapses or monitors"
)
#: The input of a group that has no equations: synapses onto it.
SOURCE_IN = port("input", "post", True, "Synapses whose postsynaptic side is this group")
#: The input of a monitor: what it records.
MONITOR_IN = port("source", "record", False, "The group (or synapses) this monitor records")

# -- form sections ----------------------------------------------------------------------------

NOTES = Section("Notes", (Spec("notes", Editor.NOTES, help="Your notes on this node"),))
#: The plot settings of a monitor.
PLOT = Section(
    "Plot",
    (
        Spec("plot.visible", Editor.CHECK, help="Show this monitor's plot panel"),
        Spec("plot.title", Editor.TEXT, placeholder="the monitor's name"),
        Spec(
            "plot.window",
            Editor.VALUE,
            rules.OPTIONAL_TIME,
            "Show only the last stretch of time (e.g. 200*ms); empty for the whole run",
            placeholder="whole run",
        ),
    ),
)
#: The size of a group.
N = Spec("N", Editor.VALUE, rules.COUNT, "How many neurons the group has")


def code(field: str, help: str, lines: int = 1, placeholder: str = "") -> Spec:
    """Return the `Spec` of a field of model text (an equation editor of ``lines`` lines)."""
    return Spec(field, Editor.CODE, None, help, lines, placeholder)
