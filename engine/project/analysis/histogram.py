"""Histograms of a set of values, with their bin edges (for the views' bars and CSV tables)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["DEFAULT_BINS", "Histogram", "histogram"]

#: Bins of a histogram unless asked otherwise: enough to see two modes of a hundred values
#: apart, few enough that each bin of a few hundred values holds several.
DEFAULT_BINS = 30


@dataclass(frozen=True, eq=False)
class Histogram:
    """Counts of values in consecutive bins.

    Attributes
    ----------
    edges
        The ``len(counts) + 1`` bin edges, increasing; bin k is ``[edges[k], edges[k+1])``,
        the last one closed on the right (as `numpy.histogram`).
    counts
        The number of values in each bin.
    ignored
        How many values were left out: NaN or infinite.
    """

    edges: np.ndarray
    counts: np.ndarray
    ignored: int = 0

    @property
    def centres(self) -> np.ndarray:
        """The middle of each bin."""
        centres: np.ndarray = (self.edges[:-1] + self.edges[1:]) / 2
        return centres

    @property
    def total(self) -> int:
        """The number of values counted."""
        return int(self.counts.sum())


def histogram(
    values: ArrayLike, bins: int = DEFAULT_BINS, value_range: tuple[float, float] | None = None
) -> Histogram:
    """Return the histogram of the finite ``values`` in ``bins`` equal bins.

    The bins span ``value_range``, or the smallest to the largest finite value. When every
    value is the same (or there is none), the bins span that value ± 0.5 (or 0 to 1), so that
    there is always a bar to draw and an axis to draw it on.

    Raises
    ------
    ValueError
        If ``bins`` is not at least 1.
    """
    if bins < 1:
        raise ValueError("a histogram needs at least one bin")
    array = np.asarray(values, dtype=np.float64).ravel()
    finite = array[np.isfinite(array)]
    if value_range is None:
        if finite.size == 0:
            value_range = (0.0, 1.0)
        else:
            low, high = float(finite.min()), float(finite.max())
            value_range = (low - 0.5, high + 0.5) if low == high else (low, high)
    counts, edges = np.histogram(finite, bins=bins, range=value_range)
    return Histogram(edges, counts.astype(np.int64), int(array.size - finite.size))
