"""The PoissonInput kind: Poisson input added straight to a variable of a group."""

from __future__ import annotations

from typing import Literal

from engine.core.sizes import MAX_COUNT
from engine.core.variables import Subexpression, Variable
from engine.equations import check_dimensions
from engine.groups.group import Group
from engine.input import PoissonInput
from engine.parsing import parse_expression
from engine.project.checks.context import FAILED, CheckContext
from engine.project.checks.values import (
    RATE,
    as_float,
    did_you_mean,
    ndim,
    unit_text,
    whole_span,
)
from engine.project.kinds.spec import Count, EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, OptionalVariableName, Text
from engine.project.steps import Expr, Plain, Planner, Ref, Step, is_constant
from engine.units import get_dimensions, get_unit_for_display

__all__ = ["SPEC", "PoissonInputNode"]


class PoissonInputNode(NodeBase):
    """Poisson input added straight to a variable of a group (`engine.PoissonInput`)."""

    kind: Literal["PoissonInput"] = "PoissonInput"
    target_var: OptionalVariableName = ""
    N: Text = "1"
    rate: Text = "10*Hz"
    weight: Text = ""


def _plan(node: PoissonInputNode, plan: Planner) -> None:
    target = plan.one(node, "drive", incoming=False, what="a target group")
    plan.out.append(
        Step(
            "create",
            target=node.name,
            callee="PoissonInput",
            args=(Ref(target.name), Plain(node.target_var)),
            kwargs=(
                ("N", Expr(node.N, "N")),
                ("rate", Expr(node.rate, "rate")),
                ("weight", plan.value(node.weight, "weight")),
            ),
            node_id=node.id,
            kind=node.kind,
            notes=node.notes,
        )
    )


def _describe(step: Step) -> str:
    (target,) = (a.name for a in step.args if isinstance(a, Ref))
    (variable,) = (a.value for a in step.args if isinstance(a, Plain))
    return f"Poisson input added to {target}.{variable}"


def _check(node: PoissonInputNode, ctx: CheckContext) -> None:
    target = ctx.connected(node, "drive", False, "a target group")
    ctx.count(node, "N", node.N, minimum=0, maximum=MAX_COUNT)
    rate = ctx.constant(node.rate, node, "rate")
    if rate is not FAILED:
        if get_dimensions(rate) is not RATE or ndim(rate) != 0:
            ctx.add(
                node,
                "rate",
                f"The rate must be a rate, such as 10*Hz, but '{node.rate.strip()}' has unit "
                f"{unit_text(rate)}",
                whole_span(node.rate),
            )
            rate = FAILED
        elif as_float(rate) < 0:
            ctx.add(node, "rate", f"The rate cannot be negative ({rate})", whole_span(node.rate))
            rate = FAILED
    group = ctx.proxies.get(target.id) if target is not None else None
    if group is None:
        return
    if rate is not FAILED and group.clock.dt_ * as_float(rate) > 1:
        ctx.add(
            node,
            "rate",
            f"Each input fires with probability rate*dt = {group.clock.dt_ * as_float(rate):g} "
            "per step, more than 1. Use a smaller dt, or more inputs (a larger N) with a "
            "lower rate.",
            whole_span(node.rate),
        )
    variable = _target_variable(ctx, node, group)
    if variable is None:
        return
    if not node.weight.strip():
        ctx.add(
            node,
            "weight",
            f"The weight is empty: give what one input spike adds to '{node.target_var}' "
            f"(in {get_unit_for_display(variable.dim)})",
        )
    elif is_constant(node.weight, ctx.constant_names):
        weight = ctx.constant(node.weight, node, "weight")
        if weight is not FAILED and (
            get_dimensions(weight) is not variable.dim or ndim(weight) != 0
        ):
            ctx.add(
                node,
                "weight",
                f"The weight must have the unit of '{node.target_var}' "
                f"({get_unit_for_display(variable.dim)}), but '{node.weight.strip()}' has "
                f"unit {unit_text(weight)}",
                whole_span(node.weight),
            )
    else:
        ctx.attempt(
            node,
            "weight",
            node.weight,
            lambda: check_dimensions(
                parse_expression(node.weight),
                variable.dim,
                group.lookup({}),
                f"the weight of '{node.name}'",
            ),
        )


def _target_variable(ctx: CheckContext, node: PoissonInputNode, group: Group) -> Variable | None:
    """Return the variable of ``group`` the input adds to, or None (reported)."""
    name = node.target_var.strip()
    # What an input can add to: the model's state variables and parameters (the engine
    # would also accept its own bookkeeping variables, such as lastspike).
    defined = getattr(group, "user_equations", None) or group.variables
    writable = [
        n
        for n, v in group.variables.items()
        if n in defined
        and not n.startswith("_")
        and not (v.read_only or v.constant or isinstance(v, Subexpression))
    ]
    choices = f"(one of {', '.join(writable)})" if writable else "(it has none)"
    if not name:
        ctx.add(
            node,
            "target_var",
            f"Choose the variable of '{group.name}' the input adds to {choices}",
        )
        return None
    variable = group.variables.get(name)
    if variable is None or name.startswith("_"):
        hint = did_you_mean(name, writable)
        ctx.add(
            node,
            "target_var",
            f"'{group.name}' has no variable '{name}' {choices}.{hint}",
            whole_span(node.target_var),
        )
        return None
    if isinstance(variable, Subexpression) or variable.read_only or variable.constant:
        if isinstance(variable, Subexpression):
            kind = "a subexpression (computed from other variables)"
        else:
            kind = "read-only" if variable.read_only else "constant"
        ctx.add(
            node,
            "target_var",
            f"'{name}' of '{group.name}' is {kind}, so an input cannot add to it {choices}",
            whole_span(node.target_var),
        )
        return None
    return variable


SPEC = KindSpec(
    document=PoissonInputNode,
    engine_class=PoissonInput,
    default_name="poisson_input",
    stage=Stage.INPUTS,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(EdgeEnd("drive", "source", one="target group"),),
    count=Count("N", minimum=0, maximum=MAX_COUNT),
)
