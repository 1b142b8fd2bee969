"""The StateMonitor kind: records variables of a group or of synapses over time."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.monitors import StateMonitor
from engine.project.kinds.common import RECORDS_ANYTHING
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.monitor_data import StateData
from engine.project.node_base import NodeBase, PlotSettings, Text, VariableName
from engine.project.steps import Arg, Array, Expr, Plain, Planner, Ref, Step

__all__ = ["SPEC", "StateMonitorNode"]


class StateMonitorNode(NodeBase):
    """Records variables of a group or of synapses over time (`engine.StateMonitor`)."""

    kind: Literal["StateMonitor"] = "StateMonitor"
    variables: list[VariableName] = Field(default_factory=list)
    #: Which elements: ``True`` (all), an index (``0``) or a list (``[0, 10, 20]``).
    record: Text = "0"
    #: Sampling interval; empty for every step of the target.
    dt: Text = ""
    plot: PlotSettings = Field(default_factory=PlotSettings)


def _plan(node: StateMonitorNode, plan: Planner) -> None:
    source = plan.one(node, "record", incoming=True, what="the group it records")
    plan.create(
        node,
        "StateMonitor",
        Ref(source.name),
        Plain(list(node.variables)),
        record=_record(node.record),
        dt=Expr(node.dt, "dt") if node.dt.strip() else None,
    )


def _record(text: str) -> Arg:
    """``True``/``False``, one index, or a list of indices."""
    stripped = text.strip()
    if stripped in ("True", "False", ""):
        return Plain(stripped != "False")
    if stripped.lstrip("-").isdigit():
        return Plain(int(stripped))
    return Array(stripped, "record")


def _describe(step: Step) -> str:
    (source,) = (a.name for a in step.args if isinstance(a, Ref))
    variables = next(a.value for a in step.args if isinstance(a, Plain))
    return f"records {', '.join(variables)} of {source}"


SPEC = KindSpec(
    document=StateMonitorNode,
    engine_class=StateMonitor,
    default_name="trace",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    edges=(RECORDS_ANYTHING,),
    data=StateData,
)
