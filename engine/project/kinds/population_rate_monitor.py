"""The PopulationRateMonitor kind: records the firing rate of a whole group."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.monitors import PopulationRateMonitor
from engine.project.kinds.common import RECORDS_GROUPS
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.monitor_data import RateData
from engine.project.node_base import NodeBase, PlotSettings
from engine.project.steps import Planner, Ref, Step

__all__ = ["SPEC", "PopulationRateMonitorNode"]


class PopulationRateMonitorNode(NodeBase):
    """Records the firing rate of a whole group (`engine.PopulationRateMonitor`)."""

    kind: Literal["PopulationRateMonitor"] = "PopulationRateMonitor"
    plot: PlotSettings = Field(default_factory=PlotSettings)


def _plan(node: PopulationRateMonitorNode, plan: Planner) -> None:
    source = plan.one(node, "record", incoming=True, what="the group it records")
    plan.create(node, "PopulationRateMonitor", Ref(source.name))


def _describe(step: Step) -> str:
    (source,) = (a.name for a in step.args if isinstance(a, Ref))
    return f"records the population rate of {source}"


SPEC = KindSpec(
    document=PopulationRateMonitorNode,
    engine_class=PopulationRateMonitor,
    default_name="rate",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    edges=(RECORDS_GROUPS,),
    data=RateData,
)
