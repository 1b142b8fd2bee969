"""The PoissonInput kind: Poisson input added straight to a variable of a group."""

from __future__ import annotations

from typing import Literal

from engine.input import PoissonInput
from engine.project.kinds.spec import EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, OptionalVariableName, Text
from engine.project.steps import Expr, Plain, Planner, Ref, Step

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


SPEC = KindSpec(
    document=PoissonInputNode,
    engine_class=PoissonInput,
    default_name="poisson_input",
    stage=Stage.INPUTS,
    plan=_plan,
    describe=_describe,
    edges=(EdgeEnd("drive", "source", one="target group"),),
)
