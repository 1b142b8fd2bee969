"""A raster of a selection of neurons: a range, every k-th, optionally sorted by rate.

A raster of thousands of neurons is a grey block; a selection of a few hundred shows each
neuron's spikes, and sorting them by rate shows how activity is spread over the population.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["ORDERS", "Selection", "select_neurons", "selected_spikes"]

#: How selected neurons are ordered: by index, or by rate (the fastest on top).
ORDERS = ("index", "rate")


@dataclass(frozen=True)
class Selection:
    """Which neurons a raster shows, and in which order.

    Attributes
    ----------
    first, last
        The range of neuron indices (``last`` included; None: up to the last neuron).
    step
        Every ``step``-th neuron of the range, from ``first``.
    order
        ``"index"`` (row k is the k-th selected neuron) or ``"rate"`` (row 0 the slowest).
    """

    first: int = 0
    last: int | None = None
    step: int = 1
    order: str = "index"

    def __post_init__(self) -> None:
        if self.first < 0 or (self.last is not None and self.last < self.first):
            raise ValueError("the range of neurons must be first ≤ last, from 0")
        if self.step < 1:
            raise ValueError("the step must be at least 1 (every neuron)")
        if self.order not in ORDERS:
            raise ValueError(f"the order must be one of {', '.join(ORDERS)}")


def select_neurons(i: ArrayLike, size: int, selection: Selection) -> np.ndarray:
    """Return the selected neurons of a group of ``size``, in the order of the raster's rows.

    ``i`` holds the neuron of each spike (for the order by rate: the number of spikes, the
    same order as the rate over any common time). Neurons with equal counts keep their index
    order.
    """
    last = size - 1 if selection.last is None else min(selection.last, size - 1)
    neurons = np.arange(selection.first, last + 1, selection.step, dtype=np.int64)
    if selection.order == "rate" and len(neurons):
        spikes = np.asarray(i, dtype=np.int64)
        counts = np.bincount(spikes[spikes < size], minlength=size)
        neurons = neurons[np.argsort(counts[neurons], kind="stable")]
    return neurons


def selected_spikes(
    i: ArrayLike, t: ArrayLike, neurons: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Return the times and rows of the spikes of the selected ``neurons`` (row = position).

    Spikes keep their order (by time, as recorded).
    """
    spikes = np.asarray(i, dtype=np.int64)
    times = np.asarray(t, dtype=np.float64)
    chosen = np.asarray(neurons, dtype=np.int64)
    if not len(chosen) or not len(spikes):
        return np.zeros(0), np.zeros(0, np.int64)
    row_of = np.full(max(int(chosen.max()), int(spikes.max())) + 1, -1, np.int64)
    row_of[chosen] = np.arange(len(chosen))
    rows = row_of[spikes]
    kept = rows >= 0
    return times[kept], rows[kept]
