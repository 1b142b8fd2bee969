"""What would work instead of a connection between two kinds that do not connect.

Which kinds connect, and how, is decided by `engine.project.topology.role_between` alone;
this module only searches those rules for a way round (a node in between, or a kind that
does the job in one node) and says it in the palette's words. No Qt in it.
"""

from __future__ import annotations

from functools import cache

from app.canvas.ports import port_for
from app.kinds import KINDS
from engine.project import Project
from engine.project.document import NODE_KINDS
from engine.project.kinds import Role
from engine.project.topology import role_between

__all__ = ["connection_advice", "connects"]

# Kinds that do the job of another kind and its go-between in one node: a Poisson input is
# a Poisson group's spikes, through synapses, into one variable of a group.
_DOES_THE_JOB_OF = {"PoissonGroup": ("PoissonInput",)}


@cache
def _role(source_kind: str, target_kind: str) -> Role | None:
    source, target = NODE_KINDS[source_kind](name="a"), NODE_KINDS[target_kind](name="b")
    return role_between(Project(nodes=[source, target]), source.id, target.id)


def connects(source_kind: str, target_kind: str) -> bool:
    """Return whether a pipe may run from a node of ``source_kind`` to one of ``target_kind``."""
    return _role(source_kind, target_kind) is not None


def _label(kind: str) -> str:
    return KINDS[kind].label


def _route(source_kind: str, via: str, target_kind: str) -> str:
    """Return the ports of a connection through a ``via`` node: 'spikes → pre, post → input'."""
    first, second = _role(source_kind, via), _role(via, target_kind)
    # The caller checked that both connect.
    assert first is not None
    assert second is not None
    return (
        f"{port_for(source_kind, 'out', first).name} → {port_for(via, 'in', first).name}, "
        f"{port_for(via, 'out', second).name} → {port_for(target_kind, 'in', second).name}"
    )


def connection_advice(source_kind: str, target_kind: str) -> str:
    """Return what to do instead of a pipe from ``source_kind`` to ``target_kind``.

    For kinds that do not connect: a node to connect them through (with the ports to use),
    a kind that does the source's job in one node, a kind of the target's category that the
    source does connect to, or else what the source connects to at all. Empty for kinds
    that connect.
    """
    if connects(source_kind, target_kind):
        return ""
    ideas = []
    between = [k for k in KINDS if connects(source_kind, k) and connects(k, target_kind)]
    if between:
        via = between[0]
        route = _route(source_kind, via, target_kind)
        ideas.append(f"connect them through a {_label(via)} node ({route})")
    for kind in _DOES_THE_JOB_OF.get(source_kind, ()):
        if connects(kind, target_kind):
            ideas.append(f"use a {_label(kind)} instead of the {_label(source_kind)}")
    category = KINDS[target_kind].category
    for kind in KINDS:
        if kind != target_kind and KINDS[kind].category == category and connects(source_kind, kind):
            ideas.append(f"use a {_label(kind)} instead of the {_label(target_kind)}")
    if not ideas:
        targets = [_label(k) for k in KINDS if connects(source_kind, k)]
        if not targets:
            return f"a {_label(source_kind)} connects to nothing"
        return f"a {_label(source_kind)} connects only to: {', '.join(targets)}"
    return ", or ".join(ideas)
