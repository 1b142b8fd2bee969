"""How the window shows a NeuronGroup."""

from __future__ import annotations

from app.kinds.common import GROUP_OUT, NOTES, N, code, count, first_line
from app.kinds.description import KindInfo, port
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from engine.project.kinds.neuron_group import NeuronGroupNode

__all__ = ["INFO"]


def _facts(node: NeuronGroupNode) -> list[str]:
    method = node.method.strip() or "auto"
    lines = [f"{count(node.N, 'neuron', 'neurons')} · {method}"]
    # The equation without its unit and flags: "dv/dt = (El - v)/tau", not ": volt (...)".
    equation = first_line(node.model).split(":")[0].strip()
    lines.append(equation or "no equations yet")
    if node.threshold.strip():
        lines.append(f"spikes when {first_line(node.threshold)}")
    return lines


INFO = KindInfo(
    kind="NeuronGroup",
    label="Neuron group",
    category="Neurons",
    description="Neurons described by equations",
    facts=_facts,
    form=(
        Section("Group", (N,)),
        Section(
            "Model",
            (
                code(
                    "model",
                    "One equation per line: dv/dt = (El - v)/tau : volt (unless refractory)",
                    6,
                ),
                code("threshold", "When a neuron spikes, e.g. v > -50*mV", 1),
                code("reset", "Statements run after a spike, e.g. v = -60*mV", 2),
                Spec(
                    "refractory",
                    Editor.VALUE,
                    rules.REFRACTORY,
                    "A duration (5*ms) or a condition (v > -40*mV); empty for none",
                    placeholder="none",
                ),
            ),
        ),
        Section(
            "Integration",
            (
                Spec("method", Editor.METHOD, help="Empty (auto): the engine chooses"),
                Spec(
                    "dt",
                    Editor.VALUE,
                    rules.OPTIONAL_TIME,
                    "The group's own time step; empty for the run's",
                    placeholder="the run's dt",
                ),
            ),
        ),
        Section("Initial values", (Spec("initial", Editor.INITIAL),)),
        NOTES,
    ),
    inputs=(
        port(
            "input",
            "post drive",
            True,
            "Input to the group: from synapses (post) or a Poisson input",
        ),
    ),
    outputs=(GROUP_OUT,),
)
