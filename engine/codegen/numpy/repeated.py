"""Writes through index arrays with repeated entries (many synapses onto one neuron).

See `engine.codegen.numpy.generator` for when generated code uses which of these.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["add_at", "divide_at", "multiply_at", "sequential_rounds", "subtract_at"]


class _WriteAt(Protocol):
    """A write through ``index``: ``array[index] op= values`` where ``where`` holds."""

    def __call__(
        self,
        array: np.ndarray,
        index: np.ndarray,
        values: npt.ArrayLike,
        where: npt.ArrayLike | None = None,
    ) -> None: ...


def _unbuffered(ufunc: np.ufunc) -> _WriteAt:
    def apply(
        array: np.ndarray,
        index: np.ndarray,
        values: npt.ArrayLike,
        where: npt.ArrayLike | None = None,
    ) -> None:
        if where is not None:
            where = np.broadcast_to(where, index.shape)
            values = np.broadcast_to(values, index.shape)[where]
            index = index[where]
        ufunc.at(array, index, values)

    apply.__doc__ = f"Apply {ufunc.__name__} at ``index``, counting every repetition."
    return apply


add_at = _unbuffered(np.add)
subtract_at = _unbuffered(np.subtract)
multiply_at = _unbuffered(np.multiply)
divide_at = _unbuffered(np.divide)


def sequential_rounds(elements: np.ndarray, keys: Sequence[np.ndarray]) -> Iterator[np.ndarray]:
    """Split ``elements`` into rounds in which no key value repeats, keeping their order.

    Each key array maps an element to the neuron it writes (``keys[k][element]``). A round
    holds the pending elements that come first, among the pending ones, for each of their
    neurons; so every neuron sees its elements one after the other, in order, as in a loop.

    Parameters
    ----------
    elements
        The elements (synapses) to process, in order.
    keys
        Arrays indexed by element.

    Yields
    ------
    numpy.ndarray
        The elements of each round, in their original order.
    """
    pending = np.arange(len(elements))
    values = [np.asarray(key)[elements] for key in keys]
    while pending.size:
        first = np.ones(pending.size, dtype=bool)
        for value in values:
            leading = np.zeros(pending.size, dtype=bool)
            leading[np.unique(value[pending], return_index=True)[1]] = True
            first &= leading
        yield elements[pending[first]]
        pending = pending[~first]
