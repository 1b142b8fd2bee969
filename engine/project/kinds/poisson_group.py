"""The PoissonGroup kind: independent Poisson spike sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from engine.equations import expression_dimensions
from engine.input import PoissonGroup
from engine.parsing import parse_expression
from engine.project.budget_values import NEURON, POISSON, Cost, group_cost
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.values import RATE, fits, unit_text, whole_span
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import Count, KindSpec, Stage
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Expr, Planner, Step, is_constant
from engine.units import Hz, get_unit_for_display

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

__all__ = ["SPEC", "PoissonGroupNode"]


class PoissonGroupNode(NodeBase):
    """Independent Poisson spike sources (`engine.PoissonGroup`)."""

    kind: Literal["PoissonGroup"] = "PoissonGroup"
    N: Text = "1"
    #: A rate (``10*Hz``) or an expression of ``i`` and ``t`` evaluated at every step.
    rates: Text = "10*Hz"


def _plan(node: PoissonGroupNode, plan: Planner) -> None:
    plan.create(node, "PoissonGroup", Expr(node.N, "N"), plan.value(node.rates, "rates"))


def _describe(step: Step) -> str:
    return "Poisson spike sources"


def _cost(node: PoissonGroupNode, budget: Budget) -> list[Cost]:
    """Return the memory of the group's spike space, rates and random numbers."""
    return group_cost(node.id, budget.sizes.get(node.id), NEURON + POISSON, "Poisson neurons")


def _check(node: PoissonGroupNode, ctx: CheckContext) -> None:
    ctx.group_size(node, node.N)
    clock = ctx.run_clock()
    rates = node.rates
    if is_constant(rates, ctx.constant_names):
        value = ctx.constant(rates, node, "rates")
        if value is not FAILED and not fits(value, RATE):
            ctx.add(
                node,
                "rates",
                f"The rates must be a rate, such as 10*Hz, but '{rates.strip()}' has unit "
                f"{unit_text(value)}",
                whole_span(rates),
            )
        ctx.proxy(
            node,
            None,
            lambda: PoissonGroup(1, 0 * Hz, clock=clock, namespace=ctx.namespace, name=node.name),
            "rates",
        )
        return
    expression = ctx.attempt(node, "rates", rates, lambda: parse_expression(rates))
    if expression is FAILED:
        # Still a group that spikes, for the synapses and monitors connected to it.
        ctx.proxy(node, None, lambda: PoissonGroup(1, 0 * Hz, clock=clock, name=node.name), "rates")
        return
    proxy = ctx.proxy(
        node,
        None,
        lambda: PoissonGroup(1, rates, clock=clock, namespace=ctx.namespace, name=node.name),
        "rates",
    )
    if proxy is None:
        return
    dims = ctx.attempt(
        node, "rates", rates, lambda: expression_dimensions(expression, proxy.lookup({}))
    )
    if dims is not FAILED and dims is not RATE:
        ctx.add(
            node,
            "rates",
            f"The rates expression '{rates.strip()}' has unit {get_unit_for_display(dims)}, "
            "but must be a rate (in Hz), e.g. '10*Hz + i*Hz'",
            whole_span(rates),
        )


SPEC = KindSpec(
    document=PoissonGroupNode,
    engine_class=PoissonGroup,
    default_name="poisson_group",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=SPIKE_SOURCE_EDGES,
    takes_namespace=True,
    cost=_cost,
    count=Count(),
)
