"""The TimedArray kind: values over time that equations call by the node's name."""

from __future__ import annotations

from typing import Literal

from engine.input import TimedArray
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Array, Expr, Planner, Step

__all__ = ["SPEC", "TimedArrayNode"]


class TimedArrayNode(NodeBase):
    """Values over time that equations call by the node's name (`engine.TimedArray`)."""

    kind: Literal["TimedArray"] = "TimedArray"
    #: A list with a unit, such as ``[0, 1, 0.5]*nA``; a list of lists for ``name(t, i)``.
    values: str = "[0]"
    dt: Text = "1*ms"


def _plan(node: TimedArrayNode, plan: Planner) -> None:
    plan.create(node, "TimedArray", Array(node.values, "values"), dt=Expr(node.dt, "dt"))


def _describe(step: Step) -> str:
    return f"values over time, called as {step.target}(t) in equations"


SPEC = KindSpec(
    document=TimedArrayNode,
    engine_class=TimedArray,
    default_name="stimulus",
    stage=Stage.NAMES,
    plan=_plan,
    describe=_describe,
)
