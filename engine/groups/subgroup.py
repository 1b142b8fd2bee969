"""Subgroup: a contiguous slice of a group, ``G[10:20]``, sharing its parent's state."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.core.variables import ArrayVariable
from engine.groups.group import Group

__all__ = ["Subgroup"]


class Subgroup(Group):
    """The elements ``start`` to ``stop - 1`` of a group (Brian 2's ``Subgroup``).

    A subgroup runs nothing itself: it is a window on its parent's variables, for setting and
    reading values, recording and connecting. Indices (``i``, and those of monitors) count from
    the subgroup's first element.
    """

    add_to_magic_network = False
    invalidates_magic_network = False

    def __init__(self, source: Group, start: int, stop: int, name: str | None = None) -> None:
        super().__init__(
            clock=source.clock,
            when=source.when,
            order=source.order,
            name=name or f"{source.name}_subgroup*",
            namespace=source.namespace,
        )
        self.source = source
        self.start = start
        self.stop = stop
        variables = self.variables
        variables.add_constant("N", stop - start)
        # Positions in the parent's arrays of the subgroup's elements.
        variables.add_array(
            "_sub_idx",
            stop - start,
            values=np.arange(start, stop),
            dtype=np.int32,
            constant=True,
            read_only=True,
        )
        variables.add_arange("i", stop - start)
        variables.add_clock_variables(self.clock)
        for name, variable in source.variables.items():
            if name in variables or name.startswith("_"):
                continue
            if isinstance(variable, ArrayVariable) and not variable.scalar:
                variables.add_reference(name, source.variables, index="_sub_idx")
            else:
                variables.add_reference(name, source.variables)
        self.events = getattr(source, "events", {})
        self._enable_attributes()

    def _carrier(self) -> Group:
        # A subgroup runs nothing and is in no network by itself: its parent carries it (and
        # so the code it runs regularly) into every network the parent is in.
        return self.source

    @property
    def spikes(self) -> np.ndarray:
        """The elements (of the subgroup) that spiked in the most recent step."""
        spikes = self.source.spikes
        spikes = spikes[(spikes >= self.start) & (spikes < self.stop)]
        return spikes - self.start

    def __getitem__(self, item: Any) -> Subgroup:
        from engine.groups.neurongroup import _start_stop

        start, stop = _start_stop(item, self.stop - self.start)
        return Subgroup(self.source, self.start + start, self.start + stop)

    def __repr__(self) -> str:
        return f"<Subgroup {self.name!r} of {self.source.name!r} from {self.start} to {self.stop}>"
