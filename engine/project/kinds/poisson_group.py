"""The PoissonGroup kind: independent Poisson spike sources."""

from __future__ import annotations

from typing import Literal

from engine.input import PoissonGroup
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.kinds.spec import KindSpec, Stage
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Expr, Planner, Step

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


SPEC = KindSpec(
    document=PoissonGroupNode,
    engine_class=PoissonGroup,
    default_name="poisson_group",
    stage=Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    edges=SPIKE_SOURCE_EDGES,
    takes_namespace=True,
)
