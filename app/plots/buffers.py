"""Growable numpy buffers for data that arrives in chunks during a run (no Qt here).

A run delivers each monitor's data as small chunks about ten times a second; concatenating
every chunk onto everything received so far would copy the whole history each time. These
buffers keep spare capacity and double it when full, so an append costs O(chunk) amortised and
the data so far is always one contiguous view, ready to hand to a plot item.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

__all__ = ["Buffer"]

_INITIAL_CAPACITY = 1024


class Buffer:
    """Values appended along the last axis: a 1-D series, or rows that grow together.

    Parameters
    ----------
    dtype
        The type of the values (appended values are converted to it).
    rows
        None for a 1-D buffer; else the number of rows of a 2-D buffer whose columns are
        appended (one row per recorded element, one column per sample).

    Examples
    --------
    >>> b = Buffer(np.float64)
    >>> b.append([1.0, 2.0]); b.append([3.0])
    >>> b.values
    array([1., 2., 3.])
    """

    def __init__(self, dtype: DTypeLike, rows: int | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.rows = rows
        self._length = 0
        self._data = np.empty(self._shape(_INITIAL_CAPACITY), self.dtype)

    def _shape(self, capacity: int) -> tuple[int, ...]:
        return (capacity,) if self.rows is None else (self.rows, capacity)

    def __len__(self) -> int:
        """Return the number of values (columns of a 2-D buffer) appended so far."""
        return self._length

    @property
    def capacity(self) -> int:
        """The number of values the buffer holds before it has to grow."""
        return self._data.shape[-1]

    @property
    def values(self) -> np.ndarray:
        """Everything appended so far: a view, valid until the next append (copy to keep it)."""
        return self._data[..., : self._length]

    def append(self, values: ArrayLike) -> None:
        """Append values at the end (for a 2-D buffer: columns, shape ``(rows, n)``).

        Raises
        ------
        ValueError
            If the values do not have the buffer's number of dimensions or rows.
        """
        array = np.asarray(values, dtype=self.dtype)
        expected = 1 if self.rows is None else 2
        if array.ndim != expected or (self.rows is not None and array.shape[0] != self.rows):
            wanted = "(n,)" if self.rows is None else f"({self.rows}, n)"
            raise ValueError(f"Cannot append values of shape {array.shape} to a {wanted} buffer")
        added = array.shape[-1]
        if added == 0:
            return
        needed = self._length + added
        if needed > self.capacity:
            # Doubling keeps the total cost of all copies proportional to the data's size.
            capacity = max(needed, 2 * self.capacity)
            grown = np.empty(self._shape(capacity), self.dtype)
            grown[..., : self._length] = self.values
            self._data = grown
        self._data[..., self._length : needed] = array
        self._length = needed

    def clear(self) -> None:
        """Forget the values (the capacity is kept)."""
        self._length = 0
