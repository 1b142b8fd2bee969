"""The TimedArray kind: values over time that equations call by the node's name."""

from __future__ import annotations

from typing import Literal

from engine.input import TimedArray
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.values import shape, whole_span
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.literals import parse_array
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Array, Expr, Planner, Step
from engine.units import second

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


def _check(node: TimedArrayNode, ctx: CheckContext) -> None:
    literal = ctx.attempt(
        node, "values", node.values, lambda: parse_array(node.values, ctx.constants)
    )
    values = None
    if literal is not FAILED:
        values = ctx.attempt(node, "values", node.values, lambda: literal.quantity(ctx.constants))
    if values is not None and values is not FAILED:
        dimensions = shape(values)
        if len(dimensions) not in (1, 2) or 0 in dimensions:
            ctx.add(
                node,
                "values",
                "A timed array needs a list of values, one per time step (such as "
                "[0, 1, 0.5]*nA), or a list of such lists (one per index)",
                whole_span(node.values),
            )
            values = None
    dt = ctx.time(node.dt, node, "dt", "The dt of a timed array")
    if values is None or values is FAILED or dt is None:
        ctx.broken.add(node.name)
        return
    checked = values
    timed = ctx.attempt(
        node, "values", node.values, lambda: TimedArray(checked, dt * second, name=node.name)
    )
    if timed is FAILED:
        ctx.broken.add(node.name)
    else:
        ctx.namespace[node.name] = timed


SPEC = KindSpec(
    document=TimedArrayNode,
    engine_class=TimedArray,
    default_name="stimulus",
    stage=Stage.NAMES,
    plan=_plan,
    describe=_describe,
    check=_check,
)
