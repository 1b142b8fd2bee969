"""The NeuronGroup kind: a group of neurons defined by equations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.groups import NeuronGroup
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, Text, VariableName
from engine.project.steps import Code, Expr, Plain, Planner, Step

__all__ = ["SPEC", "NeuronGroupNode"]


class NeuronGroupNode(NodeBase):
    """A group of neurons defined by equations (`engine.NeuronGroup`)."""

    kind: Literal["NeuronGroup"] = "NeuronGroup"
    N: Text = "1"
    model: str = ""
    threshold: str = ""
    reset: str = ""
    #: A duration (``5*ms``), an expression, or a condition (``v > -40*mV``); empty for none.
    refractory: str = ""
    #: The integration method; empty to choose automatically.
    method: str = ""
    #: The group's own time step; empty for the run's.
    dt: Text = ""
    #: Initial values: variable -> expression (``'-70*mV + rand()*10*mV'``), in order.
    initial: dict[VariableName, str] = Field(default_factory=dict)


def _plan(node: NeuronGroupNode, plan: Planner) -> None:
    refractory = None
    if node.refractory.strip():
        refractory = plan.value(node.refractory, "refractory")
    plan.create(
        node,
        "NeuronGroup",
        Expr(node.N, "N"),
        Code(node.model, "model"),
        threshold=plan.code(node.threshold, "threshold"),
        reset=plan.code(node.reset, "reset"),
        refractory=refractory,
        method=Plain(node.method.strip()) if node.method.strip() else None,
        dt=Expr(node.dt, "dt") if node.dt.strip() else None,
    )
    plan.initial_values(node, node.initial)


def _describe(step: Step) -> str:
    return "a group of neurons"


SPEC = KindSpec(
    document=NeuronGroupNode,
    engine_class=NeuronGroup,
    default_name="neurons",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    edges=(*SPIKE_SOURCE_EDGES, EdgeEnd("drive", "target")),
    takes_namespace=True,
)
