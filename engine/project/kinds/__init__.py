"""The node kinds: one `KindSpec` per kind, registered in order, and the tables derived from them.

Each kind lives in one module of this package: its document model (``NeuronGroupNode``), how
it is planned (the engine calls that create it), the engine class it becomes, its default
name, the edges it takes, how the exported script describes it and, for monitors, the class
of the data it records. `engine.project.document`, `plan`, `build`, `export`, `results` and
`topology` read the kinds from here; the application describes each kind for the window in
`app.kinds`. ``docs/developer.md`` ("How to add a node kind") lists what a new kind needs.

Kinds are registered in order (the order of `specs`, of `NODE_KINDS` and of the kinds in
messages such as "known kinds: ..."). The tables derived from the registry (`NODE_KINDS`,
`GROUP_KINDS`, `EDGE_ROLES`...) are read-only views computed from it when read, so a kind
registered later (`register`: a plugin, a test) is in every one of them. Modules that must
rebuild something when the kinds change (the document's pydantic models) subscribe with
`on_change`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from engine.project.kinds.spec import ROLES, Count, EdgeEnd, End, KindSpec, Role, Stage
from engine.project.monitor_data import MonitorData
from engine.project.node_base import NodeBase, identifier_problem

__all__ = [
    "DATA_CLASSES",
    "EDGE_ROLES",
    "ENGINE_CLASSES",
    "GROUP_KINDS",
    "MONITOR_KINDS",
    "NODE_KINDS",
    "ROLES",
    "TAKES_NAMESPACE",
    "Count",
    "Derived",
    "EdgeEnd",
    "End",
    "KindNames",
    "KindSpec",
    "Role",
    "Stage",
    "edge_fits",
    "kinds_in",
    "on_change",
    "one_of",
    "register",
    "role_between",
    "spec",
    "specs",
    "unregister",
]

_specs: dict[str, KindSpec[Any]] = {}
_listeners: list[Callable[[], None]] = []
# Bumped at every change: derived views cache what they computed for one version.
_version = 0


def register(kind_spec: KindSpec[Any]) -> None:
    """Add a node kind (after those registered before it).

    Raises
    ------
    ValueError
        If a kind of that name is registered already, or its name or default name is not a
        valid identifier.
    """
    kind = kind_spec.kind
    if kind in _specs:
        raise ValueError(f"the node kind {kind!r} is registered already")
    if not kind.isidentifier() or not kind.isascii():
        raise ValueError(f"{kind!r} cannot name a node kind: it is not an identifier")
    problem = identifier_problem(kind_spec.default_name)
    if problem is not None:
        raise ValueError(f"the default name of {kind}: {problem}")
    _specs[kind] = kind_spec
    _changed()


def unregister(kind: str) -> KindSpec[Any]:
    """Remove a node kind; return its spec.

    Raises
    ------
    KeyError
        If there is no such kind.
    """
    removed = _specs.pop(kind)
    _changed()
    return removed


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener()`` after every change of the registry."""
    _listeners.append(listener)


def _changed() -> None:
    global _version
    _version += 1
    for listener in _listeners:
        listener()


def specs() -> tuple[KindSpec[Any], ...]:
    """Return every registered kind's spec, in order."""
    return tuple(_specs.values())


def spec(kind: str) -> KindSpec[Any]:
    """Return the spec of ``kind``.

    Raises
    ------
    KeyError
        If there is no such kind.
    """
    try:
        return _specs[kind]
    except KeyError:
        raise KeyError(f"there is no node kind {kind!r}") from None


def kinds_in(*stages: Stage) -> tuple[str, ...]:
    """Return the kinds of the given stages, in order."""
    return tuple(s.kind for s in _specs.values() if s.stage in stages)


def edge_fits(source_kind: str, target_kind: str, role: str) -> bool:
    """Whether an edge of ``role`` may go from a ``source_kind`` node to a ``target_kind`` one."""
    source, target = spec(source_kind), spec(target_kind)
    start, end = source.end(role, "source"), target.end(role, "target")
    return (
        start is not None
        and end is not None
        and start.accepts(target.stage)
        and end.accepts(source.stage)
    )


def role_between(source_kind: str, target_kind: str) -> str | None:
    """Return the first role (`ROLES`) an edge between the two kinds may have, or None."""
    return next((r for r in ROLES if edge_fits(source_kind, target_kind, r)), None)


def one_of(kind: str, role: str, end: End) -> str:
    """Return what the other end is called if a ``kind`` node takes one such edge, else ``""``."""
    found = spec(kind).end(role, end)
    return found.one if found is not None else ""


# -- derived tables ---------------------------------------------------------------------------

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class _Computed(Generic[T]):
    """A value computed from the registry, recomputed after the registry changes."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._cached: tuple[int, T] | None = None

    def __call__(self) -> T:
        cached = self._cached
        if cached is None or cached[0] != _version:
            cached = self._cached = (_version, self._compute())
        return cached[1]


class Derived(Mapping[K, V]):
    """A read-only mapping computed from the registry (recomputed after it changes)."""

    def __init__(self, compute: Callable[[], dict[K, V]]) -> None:
        self._table = _Computed(compute)

    def __getitem__(self, key: K) -> V:
        return self._table()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return repr(self._table())


class KindNames(Sequence[str]):
    """A read-only sequence of names computed from the registry (recomputed after it changes)."""

    def __init__(self, compute: Callable[[], tuple[str, ...]]) -> None:
        self._names = _Computed(compute)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __repr__(self) -> str:
        return repr(self._names())


#: Every node kind's document model, by its ``kind`` string.
NODE_KINDS: Mapping[str, type[NodeBase]] = Derived(lambda: {s.kind: s.document for s in specs()})
#: The engine class of each kind, by its name (as plans and scripts call it).
ENGINE_CLASSES: Mapping[str, type] = Derived(
    lambda: {s.engine_name: s.engine_class for s in specs()}
)
#: The names of the engine classes that take the names model text may use (a namespace).
TAKES_NAMESPACE: Sequence[str] = KindNames(
    lambda: tuple(s.engine_name for s in specs() if s.takes_namespace)
)
#: The data class of what each monitor kind records.
DATA_CLASSES: Mapping[str, type[MonitorData]] = Derived(
    lambda: {s.kind: s.data for s in specs() if s.data is not None}
)
#: Kinds that emit spikes and can be the source of synapses or the target of monitors.
GROUP_KINDS: Sequence[str] = KindNames(lambda: kinds_in(Stage.GROUPS))
#: Kinds that record a group (or synapses).
MONITOR_KINDS: Sequence[str] = KindNames(lambda: kinds_in(Stage.MONITORS))
#: For each edge role: the kinds an edge may start from and the kinds it may end at (each end
#: may accept only some kinds of the other: see `edge_fits`).
EDGE_ROLES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = Derived(
    lambda: {
        role: (
            tuple(s.kind for s in specs() if s.end(role, "source")),
            tuple(s.kind for s in specs() if s.end(role, "target")),
        )
        for role in ROLES
    }
)


def _register_bundled() -> None:
    """Register SpikeCanvas's own kinds, in the order of the document's kind table."""
    from engine.project.kinds import (
        neuron_group,
        poisson_group,
        poisson_input,
        population_rate_monitor,
        spike_generator_group,
        spike_monitor,
        state_monitor,
        synapses,
        timed_array,
    )

    for module in (
        neuron_group,
        poisson_group,
        spike_generator_group,
        synapses,
        poisson_input,
        timed_array,
        spike_monitor,
        state_monitor,
        population_rate_monitor,
    ):
        register(module.SPEC)


_register_bundled()
