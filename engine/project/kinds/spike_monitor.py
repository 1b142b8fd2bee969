"""The SpikeMonitor kind: records the spikes of a group."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.monitors import SpikeMonitor
from engine.project.checks.context import CheckContext
from engine.project.kinds.common import (
    RECORDS_GROUPS,
    recorded_source,
    recorded_variables,
    spiking_proxy,
)
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


def _check(node: SpikeMonitorNode, ctx: CheckContext) -> None:
    source = recorded_source(ctx, node, node.plot)
    proxy = spiking_proxy(ctx, node, source)
    if source is not None and proxy is not None:
        recorded_variables(ctx, node, node.variables, source, proxy, sampled=False)


SPEC = KindSpec(
    document=SpikeMonitorNode,
    engine_class=SpikeMonitor,
    default_name="spikes",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(RECORDS_GROUPS,),
    data=SpikeData,
)
