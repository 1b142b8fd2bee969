"""The magic network: ``run(duration)`` simulates every object the calling script can see.

As in Brian 2, `run` collects the engine objects referenced by the caller's local and global
names (not those inside containers) that were created since the last `start_scope`. If all of
them are new, time starts at zero; if all were part of the previous run, the simulation
continues; a mix is ambiguous and raises `MagicError` (create a `Network` for such cases).
Monitors may always be added.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

from engine.core.base import EngineObject, flatten, in_current_scope, new_scope
from engine.core.frames import user_frame
from engine.core.network import Network, ReportCallback, _ids
from engine.units import Quantity, check_units, second

__all__ = [
    "MagicError",
    "collect",
    "magic_network",
    "restore",
    "run",
    "scheduling_summary",
    "start_scope",
    "stop",
    "store",
]


class MagicError(Exception):
    """The magic network cannot tell what the user intends (see the module documentation)."""


def collect(level: int = 0) -> set[EngineObject]:
    """Return the objects `run` would simulate if called here (those visible in the caller's scope).

    ``level`` is accepted for compatibility: the caller is the first frame outside the engine.
    """
    frame = user_frame()
    if frame is None:
        return set()
    try:
        values = [*frame.f_globals.values(), *frame.f_locals.values()]
    finally:
        del frame
    return {
        value
        for value in values
        if isinstance(value, EngineObject)
        and value.add_to_magic_network
        and in_current_scope(value)
    }


class MagicNetwork(Network):
    """The network behind `run`: its objects are collected anew at every call."""

    def __init__(self) -> None:
        super().__init__(name="magicnetwork")

    def _update(self) -> None:
        objects = collect()
        everything = flatten(objects)
        known = any(obj._network == self.id for obj in everything)
        new = any(obj._network is None and obj.invalidates_magic_network for obj in everything)
        if known and new:
            raise MagicError(
                "The objects to run mix objects of the previous run with new ones, so it is "
                "unclear whether to continue the simulation or start a new one. Create a "
                "Network with the objects you want, or call start_scope() before creating "
                "new ones. collect() shows the objects run() would use."
            )
        if new or not known:  # a new simulation: time starts at zero, under a new id
            self.t_ = 0.0
            self.id = next(_ids)
        self.objects = list(objects)

    def add(self, *objs: Any) -> None:
        """Refused: the magic network collects its objects itself."""
        raise MagicError("Objects cannot be added to the magic network; create a Network")

    def remove(self, *objs: Any) -> None:
        """Refused: the magic network collects its objects itself."""
        raise MagicError("Objects cannot be removed from the magic network; create a Network")

    def run(self, duration: Quantity, *args: Any, **kwds: Any) -> None:
        """Collect the visible objects, then run them (see `Network.run`)."""
        self._update()
        try:
            Network.run(self, duration, *args, **kwds)
        finally:
            self.objects = []

    def store(self, name: str = "default", filename: str | None = None) -> None:
        """Store the state of the visible objects (see `Network.store`)."""
        self._update()
        try:
            Network.store(self, name, filename)
        finally:
            self.objects = []

    def restore(
        self, name: str = "default", filename: str | None = None, restore_random_state: bool = False
    ) -> None:
        """Restore the visible objects (see `Network.restore`)."""
        self.objects = list(collect())
        try:
            Network.restore(self, name, filename, restore_random_state)
        finally:
            self.objects = []

    def scheduling_summary(self) -> str:
        """Return the table of the visible objects in the order `run` would run them."""
        self.objects = list(collect())
        try:
            return Network.scheduling_summary(self)
        finally:
            self.objects = []


#: The network that `run` uses.
magic_network = MagicNetwork()


def scheduling_summary(net: Network | None = None) -> str:
    """Return the table of objects in the order they run: those of ``net``, or those `run` sees.

    Examples
    --------
    >>> print(scheduling_summary())  # doctest: +SKIP
    """
    return (net or magic_network).scheduling_summary()


@check_units(duration=second, report_period=second)
def run(
    duration: Quantity,
    report: ReportCallback | str | None = None,
    report_period: Quantity = 10 * second,
    namespace: Mapping[str, Any] | None = None,
    profile: bool = False,
    level: int = 0,
) -> None:
    """Simulate every visible object for ``duration`` (see `Network.run`)."""
    magic_network.run(duration, report, report_period, namespace, profile, level)


def stop() -> None:
    """End the current `run` at the next step boundary."""
    magic_network.stop()


def store(name: str = "default", filename: str | None = None) -> None:
    """Store the state of every visible object (see `Network.store`)."""
    magic_network.store(name, filename)


def restore(
    name: str = "default", filename: str | None = None, restore_random_state: bool = False
) -> None:
    """Restore the state of every visible object (see `Network.restore`)."""
    magic_network.restore(name, filename, restore_random_state)


def start_scope() -> None:
    """Start afresh: objects created before are no longer collected by `run`.

    Objects of earlier scopes that nothing refers to any more are freed here, so that their
    names are free again, as in Brian 2 (whose objects are freed as soon as the last reference
    goes). An engine object refers to its parts and they to it, so without a collection they
    would keep their names until Python's cyclic collector happens to run, and new objects
    would be numbered on (``neurongroup_2``...) — and the names order the objects that run in
    the same slot of a step, so they decide results.
    """
    gc.collect()
    new_scope()
