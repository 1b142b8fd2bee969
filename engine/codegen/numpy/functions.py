"""The model language's functions, implemented on numpy arrays of SI values (no units)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["NUMPY_FUNCTIONS", "events_of", "exprel", "timestep"]


def exprel(x: np.ndarray) -> np.ndarray:
    """``(exp(x) - 1)/x``, exactly 1 at 0 and accurate near it."""
    x = np.asarray(x, dtype=np.float64)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.expm1(safe) / safe)


def timestep(t: np.ndarray, dt: np.ndarray) -> np.ndarray:
    """Return the integer step of time ``t``; exact multiples of ``dt`` never round down."""
    return np.asarray((t + 1e-3 * dt) / dt).astype(np.int64)


def events_of(condition: np.ndarray | bool, size: int) -> np.ndarray:
    """Return the elements where ``condition`` holds (a condition may be one value for all)."""
    if np.ndim(condition):
        return np.flatnonzero(condition)
    return np.arange(size) if condition else np.empty(0, dtype=np.int64)


def to_int(x: np.ndarray) -> np.ndarray:
    """Return the language's ``int()``: truncation toward zero, booleans to 0 and 1."""
    return np.asarray(x).astype(np.int32)


def clip(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """``clip(x, low, high)``, with the bounds applied in that order (low first) as numpy does."""
    return np.clip(x, low, high)


#: Implementation of each deterministic function of the language, by name.
NUMPY_FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "expm1": np.expm1,
    "log1p": np.log1p,
    "exprel": exprel,
    "sqrt": np.sqrt,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "arcsin": np.arcsin,
    "arccos": np.arccos,
    "arctan": np.arctan,
    "abs": np.abs,
    "sign": np.sign,
    "floor": np.floor,
    "ceil": np.ceil,
    "clip": clip,
    "int": to_int,
    "timestep": timestep,
}
