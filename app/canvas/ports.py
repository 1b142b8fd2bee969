"""Which ports each node kind has on the canvas, and which edge roles each port carries.

The document's edges (`engine.project.document.EDGE_ROLES`) have a role; on the canvas an edge
is a pipe from an output port (on the right of a node) to an input port (on the left). Each
kind's description lists its ports (`app.kinds.KindInfo.inputs` and ``outputs``); this module
is the one mapping between the two, used to draw an edge and to read a dragged pipe. It has no
Qt in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from app.kinds import KINDS, KindInfo, PortSpec

__all__ = ["INPUTS", "OUTPUTS", "PortSpec", "port_for", "ports_of"]


class _Ports(Mapping[str, tuple[PortSpec, ...]]):
    """The ports of one side of every kind, by kind (read from the kinds' descriptions)."""

    def __init__(self, side: Callable[[KindInfo[Any]], tuple[PortSpec, ...]]) -> None:
        self._side = side

    def __getitem__(self, kind: str) -> tuple[PortSpec, ...]:
        return self._side(KINDS[kind])

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


#: Input ports (left side) of each kind, top to bottom.
INPUTS: Mapping[str, tuple[PortSpec, ...]] = _Ports(lambda info: info.inputs)
#: Output ports (right side) of each kind, top to bottom.
OUTPUTS: Mapping[str, tuple[PortSpec, ...]] = _Ports(lambda info: info.outputs)


def ports_of(kind: str, direction: str) -> tuple[PortSpec, ...]:
    """Return the ports of ``kind`` in ``direction`` (``"in"`` or ``"out"``)."""
    return (INPUTS if direction == "in" else OUTPUTS)[kind]


def port_for(kind: str, direction: str, role: str) -> PortSpec:
    """Return the port of ``kind`` through which an edge of ``role`` runs in ``direction``.

    Raises
    ------
    KeyError
        If the kind has no such port (the edge cannot be drawn).
    """
    for spec in ports_of(kind, direction):
        if role in spec.roles:
            return spec
    raise KeyError(f"a {kind} has no {direction}put port for {role!r} edges")
