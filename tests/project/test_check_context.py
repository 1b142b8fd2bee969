"""The context every kind's checks receive: its connections, its sink, its shared clocks."""

from __future__ import annotations

from engine.project.checks.context import FAILED, CheckContext
from engine.project.document import NODE_KINDS, Edge, Project
from engine.units import ms


def _project(*edges: tuple[str, str, str]) -> Project:
    return Project(
        nodes=[
            NODE_KINDS["NeuronGroup"](id="A", name="a"),
            NODE_KINDS["NeuronGroup"](id="B", name="b"),
            NODE_KINDS["Synapses"](id="S", name="s"),
        ],
        edges=[Edge(source=s, target=t, role=r) for s, t, r in edges],
    )


def test_connected_returns_the_node_at_the_other_end_of_the_role():
    ctx = CheckContext(_project(("A", "S", "pre"), ("S", "B", "post")))
    synapses = ctx.by_id["S"]
    assert ctx.connected(synapses, "pre", True, "a presynaptic group") is ctx.by_id["A"]
    assert ctx.connected(synapses, "post", False, "a postsynaptic group") is ctx.by_id["B"]
    assert ctx.found == []


def test_connected_reports_no_connection_and_several_at_the_role():
    ctx = CheckContext(_project(("A", "S", "pre"), ("B", "S", "pre")))
    synapses = ctx.by_id["S"]
    assert ctx.connected(synapses, "post", False, "a postsynaptic group") is None
    first = ctx.connected(synapses, "pre", True, "a presynaptic group")
    assert first is ctx.by_id["A"]  # the first edge, in the project's order
    assert [(d.node_id, d.field, d.message) for d in ctx.found] == [
        ("S", "post", "'s' is not connected to a postsynaptic group: connect it on the canvas"),
        ("S", "pre", "'s' can have only one presynaptic group"),
    ]


def test_connected_ignores_edges_to_nodes_that_do_not_exist():
    ctx = CheckContext(_project(("gone", "S", "pre"), ("A", "S", "pre")))
    assert ctx.connected(ctx.by_id["S"], "pre", True, "a presynaptic group") is ctx.by_id["A"]
    assert ctx.found == []


def test_a_check_that_raises_becomes_a_warning_of_its_node():
    ctx = CheckContext(_project())

    def broken() -> None:
        raise RuntimeError("a bug")

    ctx.guarded(ctx.by_id["A"], broken)
    ctx.guarded(None, broken)
    assert [(d.node_id, d.severity, d.message) for d in ctx.found] == [
        ("A", "warning", "This node could not be checked (RuntimeError: a bug)"),
        (None, "warning", "This part of the project could not be checked (RuntimeError: a bug)"),
    ]


def test_attempt_reports_an_engine_error_at_the_field_and_returns_failed():
    ctx = CheckContext(_project())
    node = ctx.by_id["A"]
    assert ctx.attempt(node, "N", "3", lambda: 3) == 3
    assert ctx.attempt(node, "N", "x", lambda: int("x")) is FAILED
    assert [(d.node_id, d.field) for d in ctx.found] == [("A", "N")]


def test_proxies_with_the_same_time_step_share_one_clock():
    ctx = CheckContext(_project())
    assert ctx.clock(None) is None
    assert ctx.clock(0.1 * ms) is ctx.clock(0.1 * ms)
    assert ctx.clock(0.1 * ms) is not ctx.clock(0.2 * ms)
    ctx.dt = 0.1e-3
    assert ctx.run_clock() is ctx.clock(0.1 * ms)
