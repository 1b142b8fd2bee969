"""How the window shows a Synapses node."""

from __future__ import annotations

from app.kinds.common import NOTES, code, first_line
from app.kinds.description import KindInfo, port
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.synapses import SynapsesNode

__all__ = ["INFO"]


def _facts(node: SynapsesNode) -> list[str]:
    lines = [f"on_pre: {first_line(node.on_pre)}" if node.on_pre.strip() else "no on_pre"]
    connect = node.connect
    parts = []
    if connect.condition.strip():
        parts.append(connect.condition.strip())
    if connect.p.strip():
        parts.append(f"p = {connect.p.strip()}")
    if connect.i.strip() or connect.j.strip():
        parts.append("explicit i, j")
    lines.append("connect " + (", ".join(parts) if parts else "all pairs"))
    if node.delay.strip():
        lines.append(f"delay {node.delay.strip()}")
    return lines


INFO = KindInfo(
    kind="Synapses",
    label="Synapses",
    category="Synapses",
    description="Connections from one group to another",
    facts=_facts,
    form=(
        Section(
            "Model",
            (
                code("model", "Synaptic variables, e.g. w : volt", 3),
                code("on_pre", "Run at each presynaptic spike, e.g. v_post += w", 2),
                code("on_post", "Run at each postsynaptic spike", 1),
                Spec(
                    "delay",
                    Editor.VALUE,
                    rules.TIME_OR_EXPRESSION,
                    "A delay for every synapse (1.5*ms) or an expression per synapse",
                    placeholder="none",
                ),
                Spec("method", Editor.METHOD, help="Empty (auto): the engine chooses"),
            ),
        ),
        Section(
            "Connect",
            (
                code(
                    "connect.condition",
                    "Which pairs to connect, e.g. i != j; empty for all",
                    1,
                ),
                Spec(
                    "connect.p",
                    Editor.VALUE,
                    rules.PROBABILITY,
                    "Connect each pair with this probability (a number or an expression)",
                    placeholder="1",
                ),
                Spec(
                    "connect.n",
                    Editor.VALUE,
                    rules.SYNAPSES_PER_PAIR,
                    placeholder="1",
                ),
                Spec(
                    "connect.i",
                    Editor.VALUE,
                    rules.CODE,
                    "A list of presynaptic indices, or an expression/generator with j",
                    placeholder="e.g. [0, 1, 2]",
                ),
                Spec(
                    "connect.j",
                    Editor.VALUE,
                    rules.CODE,
                    "A list of postsynaptic indices, or a generator such as "
                    "'k for k in range(i-3, i+4) if k != i'",
                    placeholder="e.g. [1, 2, 0]",
                ),
                Spec(
                    "connect.skip_if_invalid",
                    Editor.CHECK,
                    help="Skip generated indices outside the group instead of failing",
                ),
            ),
        ),
        Section("Initial values", (Spec("initial", Editor.INITIAL),)),
        NOTES,
    ),
    inputs=(port("pre", "pre", False, "The presynaptic group, whose spikes arrive here"),),
    outputs=(
        port("post", "post", False, "The postsynaptic group, whose variables change on a spike"),
        port("record", "record", True, "Synaptic variables, to a state monitor"),
    ),
)
