"""How the window shows a PoissonGroup."""

from __future__ import annotations

from app.kinds.common import GROUP_OUT, NOTES, SOURCE_IN, N, count
from app.kinds.description import KindInfo
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.poisson_group import PoissonGroupNode

__all__ = ["INFO"]


def _facts(node: PoissonGroupNode) -> list[str]:
    return [count(node.N, "neuron", "neurons"), f"rate {node.rates.strip() or '?'}"]


INFO = KindInfo(
    kind="PoissonGroup",
    label="Poisson group",
    category="Inputs",
    description="Neurons firing at random, at given rates",
    facts=_facts,
    form=(
        Section(
            "Group",
            (
                N,
                Spec(
                    "rates",
                    Editor.VALUE,
                    rules.RATE_OR_EXPRESSION,
                    "A rate (10*Hz) or an expression of i and t",
                ),
            ),
        ),
        NOTES,
    ),
    inputs=(SOURCE_IN,),
    outputs=(GROUP_OUT,),
)
