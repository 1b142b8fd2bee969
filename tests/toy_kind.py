"""A node kind that is not part of SpikeCanvas, registered by tests to see that a kind is data.

``registered_toy()`` registers the kind ``ToySource`` (spike sources at one rate, built as a
`PoissonGroup`) for the duration of a ``with`` block — with ``window=True`` also its
description for the window (`app.kinds`) — and removes it afterwards, so that no other test
sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from engine.input import PoissonGroup
from engine.project import kinds
from engine.project.kinds.common import SPIKE_SOURCE_EDGES
from engine.project.node_base import NodeBase, Text
from engine.project.steps import Expr, Planner, Step

KIND = "ToySource"


class ToySourceNode(NodeBase):
    """Spike sources at one rate (a PoissonGroup under another name)."""

    kind: Literal["ToySource"] = "ToySource"
    N: Text = "2"
    rate: Text = "50*Hz"


def _plan(node: ToySourceNode, plan: Planner) -> None:
    plan.create(node, "PoissonGroup", Expr(node.N, "N"), Expr(node.rate, "rate"))


def _describe(step: Step) -> str:
    return "toy spike sources"


SPEC = kinds.KindSpec(
    document=ToySourceNode,
    engine_class=PoissonGroup,
    default_name="toy",
    stage=kinds.Stage.GROUPS,
    plan=_plan,
    describe=_describe,
    edges=SPIKE_SOURCE_EDGES,
)


def _facts(node: ToySourceNode) -> list[str]:
    return [f"{node.N} toys at {node.rate}"]


def description() -> Any:
    """Return the toy kind's `app.kinds.KindInfo` (imports the application: for app tests)."""
    from app.kinds import KindInfo
    from app.kinds.common import GROUP_OUT, NOTES, SOURCE_IN
    from app.kinds.forms import Editor, Section, Spec

    return KindInfo(
        kind=KIND,
        label="Toy source",
        category="Inputs",
        description="Spike sources at one rate, for tests",
        facts=_facts,
        form=(
            Section("Toys", (Spec("N", Editor.VALUE), Spec("rate", Editor.VALUE))),
            NOTES,
        ),
        inputs=(SOURCE_IN,),
        outputs=(GROUP_OUT,),
        labels={"rate": "Toy rate"},
        icon="PoissonGroup.svg",
    )


@contextmanager
def registered_toy(window: bool = False) -> Iterator[kinds.KindSpec[ToySourceNode]]:
    """Register the toy kind (last) while the block runs; with its description if ``window``."""
    kinds.register(SPEC)
    try:
        if not window:
            yield SPEC
            return
        from app import kinds as app_kinds

        app_kinds.register(description())
        try:
            yield SPEC
        finally:
            app_kinds.unregister(KIND)
    finally:
        kinds.unregister(KIND)
