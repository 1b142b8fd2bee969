"""Which synapses a selection means: ``S[i, j]``, ``S.indices[...]``, ``SynapticSubgroup``."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from engine.core.namespace import caller_namespace
from engine.groups.group import Group

__all__ = ["SynapticIndexing", "SynapticSubgroup"]


class SynapticIndexing(Group):
    """The size of a Synapses object and the synapse numbers its selections give."""

    @property
    def N(self) -> int:
        """The number of synapses."""
        return int(self.variables["N"].get_value()[0])

    @property
    def N_incoming_post(self) -> np.ndarray:
        """The number of synapses onto each postsynaptic neuron (zeros included)."""
        counts = self.variables["N_incoming"].get_value()
        return counts[self._target_start : self._target_stop].copy()

    @property
    def N_outgoing_pre(self) -> np.ndarray:
        """The number of synapses from each presynaptic neuron (zeros included)."""
        counts = self.variables["N_outgoing"].get_value()
        return counts[self._source_start : self._source_stop].copy()

    def calc_indices(self, item: Any) -> np.ndarray:
        """Return the synapse numbers ``item`` selects.

        ``item`` is a synapse number, slice or array of numbers; a pair (or triple) of
        presynaptic, postsynaptic (and multisynaptic) selections, each an index, slice, array
        or subgroup; or a `SynapticSubgroup`.
        """
        if isinstance(item, SynapticSubgroup):
            return item._indices()
        if not isinstance(item, tuple):
            return super().calc_indices(item)
        if len(item) not in (2, 3):
            raise IndexError("Index synapses with [i, j] or [i, j, k]")
        if len(item) == 3 and self.multisynaptic_index is None:
            raise IndexError(
                "A third index needs a multisynaptic_index (Synapses(..., "
                "multisynaptic_index='synapse_number'))"
            )
        selected = np.ones(self.N, dtype=bool)
        i = self.variables["_synaptic_pre"].get_value() - self._source_start
        j = self.variables["_synaptic_post"].get_value() - self._target_start
        columns = [i, j]
        sizes = [self._source_stop - self._source_start, self._target_stop - self._target_start]
        if len(item) == 3:
            columns.append(self.variables[self.multisynaptic_index].get_value())
            sizes.append(int(columns[-1].max()) + 1 if len(columns[-1]) else 0)
        for values, selection, size in zip(columns, item, sizes, strict=True):
            selected &= _matches(values, selection, size)
        return np.flatnonzero(selected).astype(np.int32)

    @property
    def indices(self) -> _SynapticIndexing:
        """``S.indices[i, j]``: the synapse numbers of a selection (see `calc_indices`)."""
        return _SynapticIndexing(self)

    def __getitem__(self, item: Any) -> SynapticSubgroup:
        if isinstance(item, str):
            return SynapticSubgroup(self, self.indices_where(item, caller_namespace()))
        return SynapticSubgroup(self, self.calc_indices(item))


class SynapticSubgroup:
    """Some synapses of a Synapses object: ``S[0, :]``, ``S['w > 0']``.

    Usable wherever synapse numbers are expected (``StateMonitor(S, 'w', record=S[0, :])``).
    """

    def __init__(self, synapses: SynapticIndexing, indices: np.ndarray) -> None:
        self.synapses = synapses
        self._synapse_numbers = np.asarray(indices, dtype=np.int32)

    def _indices(self) -> np.ndarray:
        return self._synapse_numbers.copy()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._indices() if dtype is None else self._indices().astype(dtype)

    def __len__(self) -> int:
        return len(self._synapse_numbers)

    def __repr__(self) -> str:
        return f"<SynapticSubgroup of {self.synapses.name!r}: {len(self)} synapses>"


class _SynapticIndexing:
    def __init__(self, synapses: SynapticIndexing) -> None:
        self.synapses = synapses

    def __getitem__(self, item: Any) -> np.ndarray:
        if isinstance(item, str):
            return self.synapses.indices_where(item, caller_namespace())
        return self.synapses.calc_indices(item)


def _matches(values: np.ndarray, selection: Any, size: int) -> np.ndarray:
    """Which entries of ``values`` (neuron indices) a selection (index, slice...) contains."""
    if isinstance(selection, slice):
        if selection == slice(None):
            return np.ones(len(values), dtype=bool)
        chosen = np.arange(size)[selection]
    elif (
        hasattr(selection, "start") and hasattr(selection, "stop") and hasattr(selection, "source")
    ):
        chosen = np.arange(selection.start, selection.stop)  # a subgroup of the group
    elif isinstance(selection, (numbers.Integral, np.integer)):
        return values == int(selection)
    else:
        chosen = np.asarray(selection)
        if chosen.size and not np.issubdtype(chosen.dtype, np.integer):
            raise IndexError(f"Cannot select synapses with {selection!r}")
    return np.isin(values, chosen)
