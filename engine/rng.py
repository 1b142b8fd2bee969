"""Random numbers: one generator for every random draw of the engine, and ``seed``.

All randomness of a simulation — ``rand()`` and ``randn()`` in model code, noise terms,
Poisson inputs, random connectivity — is drawn from this generator, so ``seed(n)`` makes runs
reproducible. It is a numpy ``Generator`` on the PCG64 bit generator: compiled targets draw from
the same bit generator through numpy's C interface, so seeds give the same streams everywhere.
As in Brian 2, ``seed`` also seeds numpy's global generator, which scripts use for initial
values.
"""

from __future__ import annotations

import numpy as np

__all__ = ["generator", "get_state", "seed", "set_state"]

_generator = np.random.Generator(np.random.PCG64())


def generator() -> np.random.Generator:
    """Return the engine's random generator."""
    return _generator


def seed(seed: int | None = None) -> None:
    """Seed the engine's random numbers (and numpy's global ones) for reproducible runs.

    Parameters
    ----------
    seed
        A non-negative integer; ``None`` seeds from the operating system's entropy.
    """
    if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"The seed must be a non-negative integer, not {seed!r}")
    # Replace the bit generator's state in place, so that code holding the generator sees it.
    _generator.bit_generator.state = np.random.PCG64(seed).state
    np.random.seed(None if seed is None else int(seed) % 2**32)  # noqa: NPY002  (Brian 2 does)


def get_state() -> dict:
    """Return the state of the engine's generator and numpy's global one (to restore later)."""
    numpy_state = np.random.get_state(legacy=False)  # noqa: NPY002  (the scripts' generator)
    return {"engine": _generator.bit_generator.state, "numpy": numpy_state}


def set_state(state: dict) -> None:
    """Restore a state returned by `get_state`."""
    _generator.bit_generator.state = state["engine"]
    np.random.set_state(state["numpy"])  # noqa: NPY002  (the scripts' generator)
