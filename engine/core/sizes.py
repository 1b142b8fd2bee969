"""How many elements an object may have, and the check of a count a user gives.

Indices of neurons and synapses are stored as 32-bit integers (as in Brian 2), so a group has
at most `MAX_ELEMENTS` elements; counts that are not used as indices (the inputs of a
`PoissonInput`, the synapses per pair of a ``connect``) are 64-bit integers. A count beyond
its limit is refused here, with its value, rather than overflowing in numpy later.
"""

from __future__ import annotations

import math
import numbers
from typing import TypeVar

import numpy as np

_T = TypeVar("_T")

__all__ = ["MAX_COUNT", "MAX_ELEMENTS", "as_count", "count_problem"]

#: The most elements (neurons, synapses) an object may have: indices are int32.
MAX_ELEMENTS = int(np.iinfo(np.int32).max)
#: The largest count that is not an index (a 64-bit integer).
MAX_COUNT = int(np.iinfo(np.int64).max)


def as_count(value: _T) -> _T | int:
    """Return an integral float (``1e4``, ``np.float64(5)``) as an int, other values unchanged.

    Brian 2 scripts give sizes such as ``NeuronGroup(N=10000.0)`` or ``N=int_value*1.0``; an
    integral float counts what the int counts. Anything else (``10.5``, ``nan``, a string) is
    returned as it is, for `count_problem` to refuse.
    """
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return int(number)
    return value


def count_problem(
    value: object, what: str, minimum: int = 1, maximum: int = MAX_ELEMENTS
) -> str | None:
    """Return why ``value`` is not a valid count of ``what``, or None if it is.

    Parameters
    ----------
    value
        The count: a Python or numpy integer (not a boolean, not a float).
    what
        What is counted, as the message starts (``"The number of neurons"``).
    minimum, maximum
        The bounds, both included.
    """
    kind = {0: "a non-negative integer", 1: "a positive integer"}.get(
        minimum, f"an integer of at least {minimum}"
    )
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        return f"{what} must be {kind}, not {value!r:.40}"
    number = int(value)
    if number < minimum:
        return f"{what} must be {kind}, not {number}"
    if number > maximum:
        return f"{what} must be at most {maximum} (the engine's limit), not {number}"
    return None
