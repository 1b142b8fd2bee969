"""The key facts a node card shows under its ports: size, method, a one-line model summary.

Each kind says its facts (`app.kinds.KindInfo.facts`: pure functions of a document node, no
Qt, so what a card says is easy to test). Each line is short plain text; the card elides lines
that do not fit its width.
"""

from __future__ import annotations

from app.kinds import KINDS
from app.kinds.common import first_line
from engine.project.node_base import NodeBase

__all__ = ["first_line", "node_facts"]


def node_facts(node: NodeBase) -> list[str]:
    """Return the lines a card shows for a document node (at most three, each one line)."""
    return KINDS[node.kind].facts(node)[:3]
