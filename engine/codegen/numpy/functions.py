"""What generated numpy code calls: the language's functions (from the table) and helpers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.codegen.numpy.renderer import FUNCTION_PREFIX
from engine.parsing.function_table import DEFAULT_FUNCTIONS

__all__ = ["events_of", "implementations"]


def implementations() -> dict[str, Callable[..., object]]:
    """Return the numpy implementation of each function of the language, by its name in code.

    Generated code calls ``exp(v)`` as ``_f_exp(v)`` (`FUNCTION_PREFIX`), and ``rand()`` with
    the number of values to draw (``_f_rand(_vectorisation_size)``).
    """
    return {
        FUNCTION_PREFIX + name: spec.numpy
        for name, spec in DEFAULT_FUNCTIONS.items()
        if spec.numpy is not None
    }


def events_of(condition: np.ndarray | bool, size: int) -> np.ndarray:
    """Return the elements where ``condition`` holds (a condition may be one value for all)."""
    if np.ndim(condition):
        return np.flatnonzero(condition)
    return np.arange(size) if condition else np.empty(0, dtype=np.int64)
