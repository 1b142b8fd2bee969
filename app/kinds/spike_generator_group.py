"""How the window shows a SpikeGeneratorGroup."""

from __future__ import annotations

from app.kinds.common import GROUP_OUT, NOTES, SOURCE_IN, N, count, first_line
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.spike_generator_group import SpikeGeneratorGroupNode

__all__ = ["INFO"]


def _facts(node: SpikeGeneratorGroupNode) -> list[str]:
    lines = [count(node.N, "neuron", "neurons"), f"at {first_line(node.times) or '?'}"]
    if node.period.strip():
        lines.append(f"every {node.period.strip()}")
    return lines


INFO = KindInfo(
    kind="SpikeGeneratorGroup",
    label="Spike generator",
    category="Inputs",
    description="Neurons firing at the times you list",
    facts=_facts,
    form=(
        Section(
            "Spikes",
            (
                N,
                Spec("indices", Editor.VALUE, rules.INDICES, "The neuron of each spike"),
                Spec("times", Editor.VALUE, rules.SPIKE_TIMES, "The time of each spike"),
                Spec(
                    "period",
                    Editor.VALUE,
                    rules.DURATION,
                    "Repeat the spikes with this period; empty for no repetition",
                    placeholder="no repetition",
                ),
            ),
        ),
        NOTES,
    ),
    inputs=(SOURCE_IN,),
    outputs=(GROUP_OUT,),
)
