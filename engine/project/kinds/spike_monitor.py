"""The SpikeMonitor kind: records the spikes of a group."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.monitors import SpikeMonitor
from engine.project.kinds.common import RECORDS_GROUPS
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.monitor_data import SpikeData
from engine.project.node_base import NodeBase, PlotSettings, VariableName
from engine.project.steps import Plain, Planner, Ref, Step

__all__ = ["SPEC", "SpikeMonitorNode"]


class SpikeMonitorNode(NodeBase):
    """Records the spikes of a group (`engine.SpikeMonitor`)."""

    kind: Literal["SpikeMonitor"] = "SpikeMonitor"
    #: Variables also recorded at each spike.
    variables: list[VariableName] = Field(default_factory=list)
    plot: PlotSettings = Field(default_factory=PlotSettings)


def _plan(node: SpikeMonitorNode, plan: Planner) -> None:
    source = plan.one(node, "record", incoming=True, what="the group it records")
    variables = Plain(list(node.variables)) if node.variables else None
    plan.create(node, "SpikeMonitor", Ref(source.name), variables=variables)


def _describe(step: Step) -> str:
    (source,) = (a.name for a in step.args if isinstance(a, Ref))
    return f"records the spikes of {source}"


SPEC = KindSpec(
    document=SpikeMonitorNode,
    engine_class=SpikeMonitor,
    default_name="spikes",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    edges=(RECORDS_GROUPS,),
    data=SpikeData,
)
