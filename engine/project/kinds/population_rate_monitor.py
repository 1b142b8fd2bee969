"""The PopulationRateMonitor kind: records the firing rate of a whole group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from engine.monitors import PopulationRateMonitor
from engine.project.budget_values import RECORDS, Cost, number_text, times
from engine.project.checks.context import CheckContext
from engine.project.kinds.common import RECORDS_GROUPS, recorded_source, spiking_proxy
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.monitor_data import RateData
from engine.project.node_base import NodeBase, PlotSettings
from engine.project.steps import Planner, Ref, Step

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

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


def _cost(node: PopulationRateMonitorNode, budget: Budget) -> list[Cost]:
    """Return the memory of the rates recorded over the run."""
    samples = budget.samples(node, budget.source(node, "record"))
    if samples is None:
        return []
    return [
        Cost(
            node.id,
            None,
            times(samples, 16 * RECORDS),
            f"to record the rate at {number_text(samples)} steps",
            False,
            "Run shorter, or give the recorded group a longer time step",
        )
    ]


def _check(node: PopulationRateMonitorNode, ctx: CheckContext) -> None:
    source = recorded_source(ctx, node, node.plot)
    spiking_proxy(ctx, node, source)


SPEC = KindSpec(
    document=PopulationRateMonitorNode,
    engine_class=PopulationRateMonitor,
    default_name="rate",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(RECORDS_GROUPS,),
    data=RateData,
    cost=_cost,
)
