"""The SpikeGeneratorGroup kind: neurons that spike at given times."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np

from engine.input import SpikeGeneratorGroup
from engine.project.budget_values import NEURON, SPIKING, Cost, group_cost
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.parts import index_list
from engine.project.checks.values import TIME, element_span, unit_text, whole_span
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import Count, KindSpec, Stage
from engine.project.literals import parse_array
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Array, Expr, Planner, Step
from engine.units import get_dimensions, second

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

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


def _cost(node: SpikeGeneratorGroupNode, budget: Budget) -> list[Cost]:
    """Return the memory of the group's arrays per neuron."""
    return group_cost(node.id, budget.sizes.get(node.id), NEURON + SPIKING, "neurons")


def _check(node: SpikeGeneratorGroupNode, ctx: CheckContext) -> None:
    size = ctx.group_size(node, node.N)
    clock = ctx.run_clock()
    ctx.proxy(
        node,
        None,
        lambda: SpikeGeneratorGroup(1, [], [] * second, clock=clock, name=node.name),
        "indices",
    )
    indices = index_list(ctx, node, "indices", node.indices, size, f"'{node.name}'", flat=True)
    times = _spike_times(ctx, node)
    if indices is not None and times is not None and len(indices) != len(times):
        ctx.add(
            node,
            "times",
            f"There are {len(indices)} spike indices but {len(times)} spike times: give "
            "one time for each index",
            whole_span(node.times),
        )
        times = None
    period = None
    if node.period.strip():
        period = ctx.time(node.period, node, "period", "The period", allow_zero=True)
    if ctx.dt is not None and indices is not None and times is not None:
        _spikes_per_step(ctx, node, ctx.dt, indices, times, period)


def _spike_times(ctx: CheckContext, node: SpikeGeneratorGroupNode) -> np.ndarray | None:
    literal = ctx.attempt(node, "times", node.times, lambda: parse_array(node.times, ctx.constants))
    if literal is FAILED:
        return None
    times = ctx.attempt(node, "times", node.times, lambda: literal.quantity(ctx.constants))
    if times is FAILED:
        return None
    seconds = np.asarray(times, dtype=float)
    empty = seconds.size == 0
    if get_dimensions(times) is not TIME and not empty:
        ctx.add(
            node,
            "times",
            f"The spike times must be times, such as [1, 2]*ms, but have unit {unit_text(times)}",
            whole_span(node.times),
        )
        return None
    if seconds.ndim != 1:
        ctx.add(
            node,
            "times",
            "The spike times must be a list, such as [1, 2]*ms",
            whole_span(node.times),
        )
        return None
    for index, value in enumerate(seconds):
        if not math.isfinite(value) or value < 0:
            what = "cannot be negative" if value < 0 else "must be finite"
            ctx.add(
                node,
                "times",
                f"Spike times {what} ({value * second})",
                element_span(node.times, index),
            )
            return None
    return seconds


def _spikes_per_step(
    ctx: CheckContext,
    node: SpikeGeneratorGroupNode,
    dt: float,
    indices: np.ndarray,
    times: np.ndarray,
    period: float | None,
) -> None:
    """Check that a neuron spikes at most once per step, and the period (whole steps)."""
    # The step of a time, as the engine computes it (see engine.input.spikegenerator).
    steps = ((times + 1e-3 * dt) / dt).astype(np.int64)
    order = np.lexsort((indices, steps))
    repeated = np.flatnonzero((np.diff(steps[order]) == 0) & (np.diff(indices[order]) == 0))
    if repeated.size:
        second_spike = int(order[repeated[0] + 1])
        ctx.add(
            node,
            "times",
            f"Neuron {int(indices[second_spike])} spikes more than once in the time step "
            f"starting at {steps[second_spike] * dt * second} (dt = {dt * second}); a neuron "
            "can spike at most once per step. Use a smaller dt, or merge the spikes.",
            element_span(node.times, second_spike),
        )
    if period is None or period == 0:
        return
    if period < dt or abs(round(period / dt) * dt - period) > period * 1e-9:
        ctx.add(
            node,
            "period",
            f"The period ({period * second}) must be a whole number of time steps "
            f"(dt = {dt * second})",
            whole_span(node.period),
        )
    elif times.size and steps.max() >= round(period / dt):
        ctx.add(
            node,
            "period",
            f"The period ({period * second}) must be longer than the last spike time "
            f"({times.max() * second}). Use a longer period, or none.",
            whole_span(node.period),
        )


SPEC = KindSpec(
    document=SpikeGeneratorGroupNode,
    engine_class=SpikeGeneratorGroup,
    default_name="generator",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=SPIKE_SOURCE_EDGES,
    cost=_cost,
    count=Count(),
)
