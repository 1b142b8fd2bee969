"""How the window shows a PoissonInput."""

from __future__ import annotations

from app.kinds.common import NOTES, count
from app.kinds.description import KindInfo, port
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.poisson_input import PoissonInputNode

__all__ = ["INFO"]


def _facts(node: PoissonInputNode) -> list[str]:
    rate = node.rate.strip() or "?"
    target = node.target_var.strip() or "?"
    weight = f" += {node.weight.strip()}" if node.weight.strip() else ""
    return [f"{count(node.N, 'input', 'inputs')} at {rate}", f"into {target}{weight}"]


INFO = KindInfo(
    kind="PoissonInput",
    label="Poisson input",
    category="Inputs",
    description="Many random inputs added to one variable of a group",
    facts=_facts,
    form=(
        Section(
            "Input",
            (
                Spec(
                    "target_var",
                    Editor.TARGET_VAR,
                    help="The variable of the target group each input spike adds to",
                ),
                Spec("N", Editor.VALUE, rules.NONNEGATIVE_COUNT),
                Spec("rate", Editor.VALUE, rules.RATE, "The rate of each input"),
                Spec(
                    "weight",
                    Editor.VALUE,
                    rules.ANY,
                    "What one input spike adds, in the unit of the target variable",
                ),
            ),
        ),
        NOTES,
    ),
    outputs=(port("target", "drive", False, "The neuron group whose variable receives the input"),),
    labels={"N": "Inputs (N)"},
)
