"""The SpikeGeneratorGroup kind: neurons that spike at given times."""

from __future__ import annotations

from typing import Literal

from engine.input import SpikeGeneratorGroup
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Array, Expr, Planner, Step

__all__ = ["SPEC", "SpikeGeneratorGroupNode"]


class SpikeGeneratorGroupNode(NodeBase):
    """Neurons that spike at given times (`engine.SpikeGeneratorGroup`)."""

    kind: Literal["SpikeGeneratorGroup"] = "SpikeGeneratorGroup"
    N: Text = "1"
    #: The neuron of each spike, a list such as ``[0, 2, 1]``.
    indices: str = "[]"
    #: The time of each spike, a list with a unit such as ``[1, 2, 3]*ms``.
    times: str = "[]*ms"
    #: Repeat the spikes with this period; empty for no repetition.
    period: Text = ""


def _plan(node: SpikeGeneratorGroupNode, plan: Planner) -> None:
    plan.create(
        node,
        "SpikeGeneratorGroup",
        Expr(node.N, "N"),
        Array(node.indices, "indices"),
        Array(node.times, "times"),
        period=Expr(node.period, "period") if node.period.strip() else None,
    )


def _describe(step: Step) -> str:
    return "neurons spiking at given times"


SPEC = KindSpec(
    document=SpikeGeneratorGroupNode,
    engine_class=SpikeGeneratorGroup,
    default_name="generator",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    edges=SPIKE_SOURCE_EDGES,
)
