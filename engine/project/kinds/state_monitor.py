"""The StateMonitor kind: records variables of a group or of synapses over time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from engine.monitors import StateMonitor
from engine.project.budget_values import (
    NO_MODEL,
    RECORDS,
    Cost,
    add_up,
    bytes_text,
    model_sizes,
    number_text,
    plural,
    times,
)
from engine.project.checks.context import CheckContext
from engine.project.checks.parts import index_list
from engine.project.kinds.common import RECORDS_ANYTHING, recorded_source, recorded_variables
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.monitor_data import StateData
from engine.project.node_base import NodeBase, PlotSettings, Text, VariableName
from engine.project.steps import Arg, Array, Expr, Plain, Planner, Ref, Step

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

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


def _cost(node: StateMonitorNode, budget: Budget) -> list[Cost]:
    """Return the memory of the values recorded over the run (held several times at its end)."""
    source = budget.source(node, "record")
    if source is None or not node.variables:
        return []
    samples = budget.samples(node, source)
    if samples is None:
        return []
    size: float | None
    if source.kind == "Synapses":
        found = budget.synapse_count(source)
        if found is None or found[1]:
            return []
        size = found[0]
    else:
        size = budget.sizes.get(source.id)
        if size is None:
            return []
    text = node.record.strip()
    if text == "False":
        elements = 0.0
    elif text in ("True", ""):
        elements = size
    else:
        length = budget.list_length(text)
        if length is None:
            return []
        elements = length
    model = model_sizes(getattr(source, "model", "")) or NO_MODEL
    row = add_up(model.sizes.get(v, 8) for v in node.variables)
    values = times(samples, times(elements, row) + 8)  # + the time of each sample
    return [
        Cost(
            node.id,
            "record",
            times(values, RECORDS),
            f"to record {plural(elements, 'element')} × "
            f"{plural(len(node.variables), 'variable')} × {number_text(samples)} samples "
            f"({bytes_text(values)} of values, held up to {RECORDS} times over while the run "
            "grows and collects them)",
            False,
            "Record fewer elements or variables, sample less often (dt), or run shorter",
        )
    ]


def _check(node: StateMonitorNode, ctx: CheckContext) -> None:
    source = recorded_source(ctx, node, node.plot)
    if node.dt.strip():
        ctx.time(node.dt, node, "dt", "The sampling interval")
    if not node.variables:
        ctx.add(
            node,
            "variables",
            f"'{node.name}' records no variables: choose some",
            severity="warning",
        )
    proxy = ctx.proxies.get(source.id) if source is not None else None
    if source is None or proxy is None:
        return
    recorded_variables(ctx, node, node.variables, source, proxy, sampled=True)
    text = node.record.strip()
    if text in ("True", "False", ""):
        return
    size = ctx.sizes.get(source.id) if source.kind != "Synapses" else None
    index_list(ctx, node, "record", node.record, size, f"'{source.name}'", negative=True)


SPEC = KindSpec(
    document=StateMonitorNode,
    engine_class=StateMonitor,
    default_name="trace",
    stage=Stage.MONITORS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(RECORDS_ANYTHING,),
    data=StateData,
    cost=_cost,
)
