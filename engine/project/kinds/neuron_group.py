"""The NeuronGroup kind: a group of neurons defined by equations."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from engine.equations import (
    Equations,
    check_condition,
    expression_dimensions,
    extract_constant_subexpressions,
    is_boolean_expression,
)
from engine.errors import SourceSpan
from engine.groups import NeuronGroup
from engine.groups.neurongroup import refractory_flag_problem, unused_clamps
from engine.parsing import parse_expression
from engine.project.budget_values import (
    NEURON,
    NO_MODEL,
    REFRACTORY,
    SPIKING,
    TEMPORARY,
    Cost,
    group_cost,
    model_sizes,
    plural,
)
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.parts import (
    Lookup,
    equation_units,
    initial_values,
    method,
    statements,
    syntax_only,
)
from engine.project.checks.values import TIME, as_float, fits, ndim, whole_span
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import Count, EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, Text, VariableName
from engine.project.steps import Code, Expr, Plain, Planner, Step, is_constant
from engine.units import DIMENSIONLESS, get_unit_for_display

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

__all__ = ["SPEC", "NeuronGroupNode"]


class NeuronGroupNode(NodeBase):
    """A group of neurons defined by equations (`engine.NeuronGroup`)."""

    kind: Literal["NeuronGroup"] = "NeuronGroup"
    N: Text = "1"
    model: str = ""
    threshold: str = ""
    reset: str = ""
    #: A duration (``5*ms``), an expression, or a condition (``v > -40*mV``); empty for none.
    refractory: str = ""
    #: The integration method; empty to choose automatically.
    method: str = ""
    #: The group's own time step; empty for the run's.
    dt: Text = ""
    #: Initial values: variable -> expression (``'-70*mV + rand()*10*mV'``), in order.
    initial: dict[VariableName, str] = Field(default_factory=dict)


def _plan(node: NeuronGroupNode, plan: Planner) -> None:
    refractory = None
    if node.refractory.strip():
        # A period of constants is resolved when each run starts, so they may change live.
        refractory = plan.live_value(node.refractory, "refractory", TIME)
    plan.create(
        node,
        "NeuronGroup",
        Expr(node.N, "N"),
        Code(node.model, "model"),
        threshold=plan.code(node.threshold, "threshold"),
        reset=plan.code(node.reset, "reset"),
        refractory=refractory,
        method=Plain(node.method.strip()) if node.method.strip() else None,
        dt=Expr(node.dt, "dt") if node.dt.strip() else None,
    )
    plan.initial_values(node, node.initial)


def _describe(step: Step) -> str:
    return "a group of neurons"


def _cost(node: NeuronGroupNode, budget: Budget) -> list[Cost]:
    """Return the memory of the group's variables and of the engine's arrays per neuron."""
    model = model_sizes(node.model) or NO_MODEL
    per_neuron = NEURON + model.bytes + TEMPORARY * max(1, model.differential)
    if node.threshold.strip():
        per_neuron += SPIKING
    if node.refractory.strip():
        per_neuron += REFRACTORY + TEMPORARY
    what = (
        f"neurons of {per_neuron} bytes ({plural(len(model.sizes), 'variable')} and the "
        "engine's own arrays)"
    )
    return group_cost(node.id, budget.sizes.get(node.id), per_neuron, what)


def _check(node: NeuronGroupNode, ctx: CheckContext) -> None:
    ctx.group_size(node, node.N)
    dt = ctx.own_dt(node, node.dt)
    equations = ctx.attempt(node, "model", node.model, lambda: Equations(node.model))
    if equations is FAILED:
        _syntax_only(ctx, node)
        return
    threshold = node.threshold if node.threshold.strip() else None
    refractory: str | bool = node.refractory if node.refractory.strip() else False
    clamped = equations
    clamps = unused_clamps(equations, refractory)
    if clamps:
        # The flag clamps nothing without a refractory period (the engine warns, and the
        # proxy is built without it: validation itself never warns).
        for eq in clamps:
            ctx.add(
                node,
                "model",
                refractory_flag_problem(eq.varname, node.name),
                _flags_span(node.model, eq.span) or eq.span,
                severity="warning",
            )
        clamped = Equations(
            [
                dataclasses.replace(eq, flags=_without(eq.flags, "unless refractory"))
                for eq in equations.values()
            ]
        )
    proxy = ctx.proxy(
        node,
        equations,
        lambda: NeuronGroup(
            1,
            clamped,
            threshold=threshold,
            refractory=refractory,
            namespace=ctx.namespace,
            clock=ctx.clock(dt),
            name=node.name,
        ),
    )
    if proxy is None:
        _syntax_only(ctx, node)
        return
    lookup = proxy.lookup({})
    equation_units(ctx, node, node.model, equations, lookup)
    if threshold is not None:
        ctx.attempt(
            node,
            "threshold",
            node.threshold,
            lambda: check_condition(node.threshold, lookup, "threshold"),
        )
    if node.reset.strip():
        if threshold is None:
            ctx.add(
                node,
                "reset",
                f"'{node.name}' has a reset but no threshold, so it never spikes and the "
                "reset never runs. Give it a threshold (or remove the reset).",
            )
        statements(
            ctx, node, "reset", node.reset, proxy, lookup, f"the reset of '{node.name}'", True
        )
    if refractory is not False:
        _refractory(ctx, node, lookup)
    # What the engine integrates, without the factor that clamps refractory variables (which
    # changes neither linearity nor time dependence, and would show in messages).
    method(ctx, node, node.method, proxy, extract_constant_subexpressions(equations)[0])
    initial_values(ctx, node, node.initial, proxy, lookup)


def _syntax_only(ctx: CheckContext, node: NeuronGroupNode) -> None:
    """Check the syntax of the code and the method's name (what the names mean is unknown)."""
    syntax_only(ctx, node)
    method(ctx, node, node.method, None, None)


def _refractory(ctx: CheckContext, node: NeuronGroupNode, lookup: Lookup) -> None:
    text = node.refractory
    if is_constant(text, ctx.constant_names):
        value = ctx.constant(text, node, "refractory")
        if value is FAILED or value is False:
            return
        if fits(value, TIME) and ndim(value) == 0:
            seconds = as_float(value)
            if not (math.isfinite(seconds) and seconds >= 0):
                ctx.add(
                    node,
                    "refractory",
                    f"The refractory period must be a finite duration of 0 or more, not "
                    f"'{text.strip()}'",
                    whole_span(text),
                )
            return
        ctx.add(
            node,
            "refractory",
            f"The refractory period must be a duration (such as 5*ms) or a condition (such "
            f"as 'v > -40*mV'), not '{text.strip()}'",
            whole_span(text),
        )
        return
    expression = ctx.attempt(node, "refractory", text, lambda: parse_expression(text))
    if expression is FAILED:
        return
    dims = ctx.attempt(node, "refractory", text, lambda: expression_dimensions(expression, lookup))
    if dims is FAILED or dims is TIME:
        return
    if dims is DIMENSIONLESS and is_boolean_expression(expression, lookup):
        return
    ctx.add(
        node,
        "refractory",
        f"The refractory expression '{text.strip()}' must be a duration (such as 5*ms) or a "
        f"condition (such as 'v > -40*mV'), but has unit {get_unit_for_display(dims)}",
        whole_span(text),
    )


def _without(flags: tuple[str, ...], flag: str) -> tuple[str, ...]:
    return tuple(f for f in flags if f != flag)


def _flags_span(text: str, span: SourceSpan | None) -> SourceSpan | None:
    """Return where the flags ``(...)`` of the equation at ``span`` are on its line."""
    lines = text.splitlines()
    if span is None or not 1 <= span.line <= len(lines):
        return None
    match = re.search(r"\([^()]*unless\s+refractory[^()]*\)", lines[span.line - 1])
    if match is None:
        return None
    return SourceSpan(span.line, match.start() + 1, match.end() + 1)


SPEC = KindSpec(
    document=NeuronGroupNode,
    engine_class=NeuronGroup,
    default_name="neurons",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(*SPIKE_SOURCE_EDGES, EdgeEnd("drive", "target")),
    takes_namespace=True,
    cost=_cost,
    count=Count(),
)
