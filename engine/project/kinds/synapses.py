"""The Synapses kind: synapses from a ``pre`` group to a ``post`` group."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Literal, SupportsFloat, TypedDict, cast

import numpy as np
from pydantic import Field

from engine.core.sizes import MAX_ELEMENTS
from engine.equations import Equations, check_dimensions
from engine.errors import ModelError
from engine.parsing import parse_expression
from engine.project.budget_values import (
    CONNECTING,
    DELAY,
    NO_MODEL,
    QUEUE,
    QUEUE_STEP,
    SYNAPSE,
    SYNAPSE_NEURON,
    Cost,
    ceiling,
    evaluates,
    model_sizes,
    number_text,
    ratio,
    sample_pairs,
    seconds_value,
    time_text,
    times,
)
from engine.project.checks.context import FAILED, CheckContext, Failed
from engine.project.checks.parts import (
    Lookup,
    equation_units,
    index_list,
    initial_values,
    method,
    statements,
    syntax_only,
)
from engine.project.checks.values import TIME, as_float, is_number, whole_span
from engine.project.diagnostics import message_of
from engine.project.kinds.spec import EdgeEnd, KindSpec, Stage
from engine.project.node_base import NodeBase, Strict, Text, VariableName
from engine.project.steps import Arg, Array, Code, Expr, Plain, Planner, Ref, Step, is_constant
from engine.stateupdaters import get_linear_system
from engine.synapses import Synapses

if TYPE_CHECKING:  # the budget reads the kinds: imported for the type only
    from engine.project.budget import Budget

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


def _cost(node: SynapsesNode, budget: Budget) -> list[Cost]:
    """Return the memory of the synapses a node creates, and of its ``on_pre`` spike queue."""
    return [
        cost
        for cost in (_synapses_cost(node, budget), _queue_cost(node, budget))
        if cost is not None
    ]


def _synapses_cost(node: SynapsesNode, budget: Budget) -> Cost | None:
    found = budget.synapse_count(node)
    if found is None:
        return None
    count, bound, how = found
    model = model_sizes(node.model) or NO_MODEL
    per_synapse = SYNAPSE + model.bytes + CONNECTING
    if model.event_driven:
        per_synapse += 8  # lastupdate
    if node.on_pre.strip():
        constant_delay = bool(node.delay.strip()) and evaluates(node.delay, budget.constants)
        per_synapse += QUEUE + (0 if constant_delay else DELAY)
    if node.on_post.strip():
        per_synapse += QUEUE + DELAY
    pre, post = budget.source(node, "pre"), budget.target(node, "post")
    neurons = sum(budget.sizes.get(group.id, 0.0) for group in (pre, post) if group is not None)
    total = times(count, per_synapse) + times(neurons, SYNAPSE_NEURON)
    return Cost(
        node.id,
        budget.synapse_field(node),
        total,
        f"for {number_text(count)} synapses ({how}) of about {per_synapse} bytes each"
        + (f", and {SYNAPSE_NEURON} bytes per neuron of its groups" if neurons else ""),
        bound,
        "Lower p or N"
        if node.connect.p.strip() or not bound
        else "Make fewer pairs meet the condition, or lower N",
    )


def _queue_cost(node: SynapsesNode, budget: Budget) -> Cost | None:
    """Return the memory of the spike queue of ``on_pre``: a row per step of the delay.

    A delay per synapse is evaluated on a sample of pairs: the longest found is a lower
    bound of the longest there is, so the queue is at least that long.
    """
    text = node.delay.strip()
    pre, post = budget.source(node, "pre"), budget.target(node, "post")
    # The queue counts steps of the presynaptic group's clock.
    own = budget.own_dt(pre) if pre is not None and pre.kind == "NeuronGroup" else None
    dt = own or budget.dt
    if not text or not node.on_pre.strip() or not dt:
        return None
    sizes = (
        budget.sizes.get(getattr(pre, "id", "")),
        budget.sizes.get(getattr(post, "id", "")),
    )
    longest = seconds_value(text, budget.constants)
    if longest is None and sizes[0] and sizes[1]:
        names = {"N_pre": sizes[0], "N_post": sizes[1]}
        found = [
            seconds_value(text, {**budget.constants, **names, "i": i, "j": j})
            for i, j in sample_pairs(sizes[0], sizes[1])
        ]
        longest = max((value for value in found if value is not None), default=None)
    if longest is None:
        return None
    steps = ceiling(ratio(longest, dt)) + 1
    return Cost(
        node.id,
        "delay",
        times(steps, QUEUE_STEP),
        f"for a spike queue of {number_text(steps)} steps (the delay, {time_text(longest)}, "
        f"over dt, {time_text(dt)})",
        False,
        "Shorten the delay, or make dt longer",
    )


def _check(node: SynapsesNode, ctx: CheckContext) -> None:
    pre = ctx.connected(node, "pre", True, "a presynaptic group")
    post = ctx.connected(node, "post", False, "a postsynaptic group")
    equations = ctx.attempt(node, "model", node.model, lambda: Equations(node.model))
    source = ctx.proxies.get(pre.id) if pre is not None else None
    target = ctx.proxies.get(post.id) if post is not None else None
    if equations is FAILED or pre is None or post is None or source is None or target is None:
        # A missing connection, a wrong group (reported there) or a wrong model: what names
        # mean is unknown.
        syntax_only(ctx, node)
        return
    codes: dict[str, str] = {}
    for field, code, spiking in (("on_pre", node.on_pre, pre), ("on_post", node.on_post, post)):
        if not code.strip():
            continue
        if "spike" not in getattr(ctx.proxies[spiking.id], "events", {}):
            ctx.add(
                node,
                field,
                f"'{spiking.name}' has no threshold, so it never spikes and {field} never "
                f"runs. Give '{spiking.name}' a threshold.",
            )
            continue
        codes[field] = code
    clock = ctx.run_clock()
    proxy = ctx.proxy(
        node,
        equations,
        lambda: Synapses(
            source,
            target,
            model=equations,
            on_pre=codes.get("on_pre"),
            on_post=codes.get("on_post"),
            namespace=ctx.namespace,
            clock=clock,
            name=node.name,
        ),
    )
    if proxy is None:
        syntax_only(ctx, node)
        return
    lookup = proxy.lookup({})
    equation_units(ctx, node, node.model, equations, lookup)
    _event_driven(ctx, node, proxy)
    method(ctx, node, node.method, proxy, proxy.equations)
    for field, code in codes.items():
        what = f"the {field} code of '{node.name}'"
        statements(ctx, node, field, code, proxy, lookup, what, False)
    _delay(ctx, node, lookup, "on_pre" in codes)
    _connect(ctx, node, proxy, pre, post)
    initial_values(ctx, node, node.initial, proxy, lookup)
    if not node.on_pre.strip() and not node.on_post.strip() and not proxy.summed_updaters:
        ctx.add(
            node,
            None,
            f"'{node.name}' has no on_pre or on_post code and no (summed) variable, so its "
            "synapses change nothing",
            severity="warning",
        )


def _event_driven(ctx: CheckContext, node: SynapsesNode, proxy: Synapses) -> None:
    """Check that event-driven equations can be solved exactly (they can when linear)."""
    equations = proxy.event_driven
    if equations is None:
        return
    try:
        if equations.is_stochastic:
            raise ModelError("they have noise")
        get_linear_system(equations)
    except ModelError as error:
        name = next(iter(equations.diff_eq_names))
        ctx.add(
            node,
            "model",
            "Cannot solve the differential equations as event-driven: "
            f"{message_of(error).rstrip('.')}. Flag them (clock-driven) instead.",
            equations[name].span,
        )


def _delay(ctx: CheckContext, node: SynapsesNode, lookup: Lookup, has_pre_code: bool) -> None:
    text = node.delay
    if not text.strip():
        return
    if not has_pre_code:
        if not node.on_pre.strip():
            ctx.add(
                node,
                "delay",
                f"'{node.name}' has no on_pre code, so there are no events to delay. Give it "
                "on_pre code, or leave the delay empty.",
                whole_span(text),
            )
        return
    if is_constant(text, ctx.constant_names):
        ctx.time(text, node, "delay", "The delay", allow_zero=True)
        return
    ctx.attempt(
        node,
        "delay",
        text,
        lambda: check_dimensions(parse_expression(text), TIME, lookup, "the delay"),
    )


class _Connect(TypedDict, total=False):
    """Arguments of `engine.Synapses.check_connect` (as of ``connect``)."""

    condition: str | bool | None
    i: str | np.ndarray
    j: str | np.ndarray
    p: float | str
    n: int | str
    skip_if_invalid: bool


def _connect(
    ctx: CheckContext, node: SynapsesNode, proxy: Synapses, pre: NodeBase, post: NodeBase
) -> None:
    """Check the connect fields, with the engine's own checks of a connect call."""
    c = node.connect
    p: float | str | Failed = 1.0
    if c.p.strip():
        p = _probability(ctx, node, c.p)
    n: int | str | Failed = 1
    if c.n.strip():
        n = _multiplicity(ctx, node, c.n)
    i_text, j_text = c.i.strip(), c.j.strip()
    base: _Connect
    if i_text and j_text:
        pre_indices = index_list(
            ctx, node, "connect.i", c.i, ctx.sizes.get(pre.id), f"'{pre.name}'"
        )
        post_indices = index_list(
            ctx, node, "connect.j", c.j, ctx.sizes.get(post.id), f"'{post.name}'"
        )
        if pre_indices is not None and post_indices is not None:
            lengths = {len(pre_indices), len(post_indices)} - {1}
            if len(lengths) > 1:
                ctx.add(
                    node,
                    "connect.j",
                    f"connect.i lists {len(pre_indices)} neurons but connect.j lists "
                    f"{len(post_indices)}: give pairs (lists of the same length)",
                    whole_span(c.j),
                )
        # The ranges are checked above against the real sizes (the proxies have one neuron):
        # the engine checks how the indices combine with the other fields.
        empty = np.zeros(0, dtype=np.int64)
        base = {"i": empty, "j": empty}
        base_field = "connect.j"
    elif i_text:
        base = {"i": c.i}
        base_field = "connect.i"
    elif j_text:
        base = {"j": c.j}
        base_field = "connect.j"
    else:
        base = {}
        base_field = "connect.condition"
    if c.condition.strip():
        if base:  # an error of the combination, which the engine describes
            _connect_stage(
                ctx, node, proxy, {**base, "condition": c.condition}, "connect.condition"
            )
            return
        base = {"condition": c.condition}
    if not _connect_stage(ctx, node, proxy, base, base_field):
        return
    if p is not FAILED and c.p.strip():
        _connect_stage(ctx, node, proxy, {**base, "p": p}, "connect.p")
    if n is not FAILED and c.n.strip():
        _connect_stage(ctx, node, proxy, {**base, "n": n}, "connect.n")
    if c.skip_if_invalid:
        _connect_stage(
            ctx, node, proxy, {**base, "skip_if_invalid": True}, "connect.skip_if_invalid"
        )
    if c.condition.strip() == "False" or (is_number(p) and as_float(p) == 0):
        field = "connect.condition" if c.condition.strip() == "False" else "connect.p"
        ctx.add(node, field, f"'{node.name}' creates no synapses", severity="warning")


def _connect_stage(
    ctx: CheckContext, node: SynapsesNode, proxy: Synapses, arguments: _Connect, field: str
) -> bool:
    """Check a connect call with ``arguments``; report a problem at ``field``."""
    text = getattr(node.connect, field.removeprefix("connect."), None)
    result = ctx.attempt(
        node,
        field,
        text if isinstance(text, str) else None,
        lambda: proxy.check_connect(**arguments, namespace=ctx.namespace),
    )
    return result is not FAILED


def _probability(ctx: CheckContext, node: SynapsesNode, text: str) -> float | str | Failed:
    """Return the connection probability: a number in [0, 1], or an expression."""
    if not is_constant(text, ctx.constant_names):
        return text
    value = ctx.constant(text, node, "connect.p")
    if value is FAILED:
        return FAILED
    # float() as the engine would: a whole number too large for a float is no probability.
    if not is_number(value) or not 0 <= float(cast(SupportsFloat, value)) <= 1:
        ctx.add(
            node,
            "connect.p",
            f"The probability p must be a number from 0 to 1, not '{text.strip()}'",
            whole_span(text),
        )
        return FAILED
    return float(cast(SupportsFloat, value))


def _multiplicity(ctx: CheckContext, node: SynapsesNode, text: str) -> int | str | Failed:
    """Return the number of synapses per pair: a whole number, or an expression."""
    if not is_constant(text, ctx.constant_names):
        return text
    value = ctx.constant(text, node, "connect.n")
    if value is FAILED:
        return FAILED
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or int(value) < 0:
        ctx.add(
            node,
            "connect.n",
            f"n (synapses per pair) must be a whole number such as 2, not '{text.strip()}'",
            whole_span(text),
        )
        return FAILED
    if int(value) > MAX_ELEMENTS:
        ctx.add(
            node,
            "connect.n",
            f"n (synapses per pair) must be at most {MAX_ELEMENTS}, not {value:.6g}",
            whole_span(text),
        )
        return FAILED
    return int(value)


SPEC = KindSpec(
    document=SynapsesNode,
    engine_class=Synapses,
    default_name="synapses",
    stage=Stage.SYNAPSES,
    plan=_plan,
    describe=_describe,
    check=_check,
    edges=(
        EdgeEnd("pre", "target", one="presynaptic group"),
        EdgeEnd("post", "source", one="postsynaptic group"),
        EdgeEnd("record", "source"),
    ),
    takes_namespace=True,
    cost=_cost,
)
