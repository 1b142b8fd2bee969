"""How the window shows a TimedArray."""

from __future__ import annotations

from app.kinds.common import NOTES, first_line
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.timed_array import TimedArrayNode

__all__ = ["INFO"]


def _facts(node: TimedArrayNode) -> list[str]:
    return [first_line(node.values) or "no values", f"dt {node.dt.strip() or '?'}"]


INFO = KindInfo(
    kind="TimedArray",
    label="Timed array",
    category="Inputs",
    description="Values over time, used in equations",
    facts=_facts,
    form=(
        Section(
            "Values",
            (
                Spec(
                    "values",
                    Editor.VALUE,
                    rules.ARRAY,
                    "One value per time step, e.g. [0, 1, 0.5]*nA; call it as name(t)",
                ),
                Spec("dt", Editor.VALUE, rules.TIME),
            ),
        ),
        NOTES,
    ),
)
