"""The Synapses kind: synapses from a ``pre`` group to a ``post`` group."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.project.kinds.spec import EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, Strict, Text, VariableName
from engine.project.steps import Arg, Array, Code, Expr, Plain, Planner, Ref, Step, is_constant
from engine.synapses import Synapses

__all__ = ["SPEC", "Connect", "SynapsesNode"]


class Connect(Strict):
    """Which synapses a Synapses node creates (the arguments of ``Synapses.connect``).

    ``i`` and ``j`` both given as integer lists (``[0, 1]``, ``3``) connect those pairs; ``j``
    alone (or ``i`` alone) is an expression or generator (``'k for k in range(i-3, i+4) if k
    != i'``); otherwise pairs are chosen by ``condition`` and ``p`` (all pairs when both are
    empty). ``n`` synapses are made per pair.
    """

    condition: str = ""
    p: Text = ""
    n: Text = ""
    i: Text = ""
    j: Text = ""
    skip_if_invalid: bool = False


class SynapsesNode(NodeBase):
    """Synapses from a ``pre`` group to a ``post`` group (`engine.Synapses`)."""

    kind: Literal["Synapses"] = "Synapses"
    model: str = ""
    on_pre: str = ""
    on_post: str = ""
    #: A delay for every synapse (``1.5*ms``) or an expression per synapse (``j*0.1*ms``).
    delay: Text = ""
    method: str = ""
    connect: Connect = Field(default_factory=Connect)
    #: Initial values of synaptic variables: variable -> expression, in order.
    initial: dict[VariableName, str] = Field(default_factory=dict)


def _plan(node: SynapsesNode, plan: Planner) -> None:
    pre = plan.one(node, "pre", incoming=True, what="a presynaptic group")
    post = plan.one(node, "post", incoming=False, what="a postsynaptic group")
    delay = node.delay.strip()
    constant_delay = bool(delay) and is_constant(delay, plan.constants)
    plan.create(
        node,
        "Synapses",
        Ref(pre.name),
        Ref(post.name),
        model=plan.code(node.model, "model"),
        on_pre=plan.code(node.on_pre, "on_pre"),
        on_post=plan.code(node.on_post, "on_post"),
        delay=Expr(delay, "delay") if constant_delay else None,
        method=Plain(node.method.strip()) if node.method.strip() else None,
    )
    plan.out.append(
        Step(
            "call",
            target=node.name,
            callee="connect",
            kwargs=_connect_arguments(node, plan),
            node_id=node.id,
            kind=node.kind,
        )
    )
    if delay and not constant_delay:
        plan.out.append(
            Step(
                "assign",
                target=node.name,
                callee="delay",
                args=(Code(delay, "delay"),),
                node_id=node.id,
                kind=node.kind,
            )
        )
    plan.initial_values(node, node.initial)


def _connect_arguments(node: SynapsesNode, plan: Planner) -> tuple[tuple[str, Arg], ...]:
    connect = node.connect
    arguments: list[tuple[str, Arg]] = []
    i, j = connect.i.strip(), connect.j.strip()
    if i and j:
        # Both ends given: lists of indices (pairs), as in connect(i=[0, 1], j=[2, 3]).
        arguments += [("i", Array(i, "connect.i")), ("j", Array(j, "connect.j"))]
    elif i:
        arguments.append(("i", Code(i, "connect.i")))
    elif j:
        arguments.append(("j", Code(j, "connect.j")))
    if connect.condition.strip():
        arguments.append(("condition", Code(connect.condition, "connect.condition")))
    if connect.p.strip():
        arguments.append(("p", plan.value(connect.p, "connect.p")))
    if connect.n.strip():
        arguments.append(("n", plan.value(connect.n, "connect.n")))
    if connect.skip_if_invalid:
        arguments.append(("skip_if_invalid", Plain(True)))
    return tuple(arguments)


def _describe(step: Step) -> str:
    pre, post = (a.name for a in step.args if isinstance(a, Ref))
    return f"synapses from {pre} to {post}"


SPEC = KindSpec(
    document=SynapsesNode,
    engine_class=Synapses,
    default_name="synapses",
    stage=Stage.SYNAPSES,
    plan=_plan,
    describe=_describe,
    edges=(
        EdgeEnd("pre", "target", one="presynaptic group"),
        EdgeEnd("post", "source", one="postsynaptic group"),
        EdgeEnd("record", "source"),
    ),
    takes_namespace=True,
)
