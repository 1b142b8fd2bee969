"""Stored network states in HDF5 files (``net.store('name', filename='state.h5')``).

Each stored state is a group of the file named after the state; arrays are datasets named
``object.variable``; the network time, the clocks and the random state are attributes (as
JSON text, so that nothing read back is ever executed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import numpy as np

__all__ = ["read_state", "write_state"]

_META = ("__t__", "__clocks__", "__random__")


def write_state(filename: str | Path, name: str, state: dict[str, Any]) -> None:
    """Write a stored state to ``filename`` (replacing a state of the same name)."""
    with h5py.File(filename, "a") as file:
        if name in file:
            del file[name]
        group = file.create_group(name)
        for key, value in state.items():
            if key in _META:
                group.attrs[key] = json.dumps(value, default=_json_default)
            else:
                group.create_dataset(key, data=np.asarray(value))


def read_state(filename: str | Path, name: str) -> dict[str, Any]:
    """Read a state written by `write_state`.

    Raises
    ------
    KeyError
        If the file has no state called ``name``.
    FileNotFoundError
        If the file does not exist.
    """
    if not Path(filename).exists():
        raise FileNotFoundError(f"No stored state file '{filename}'")
    with h5py.File(filename, "r") as file:
        if name not in file:
            raise KeyError(f"'{filename}' has no stored state called '{name}'")
        group = file[name]
        state: dict[str, Any] = {key: group[key][()] for key in group}
        for key in _META:
            state[key] = json.loads(group.attrs[key], object_hook=_json_hook)
    return state


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"__array__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"Cannot store {type(value).__name__}")


def _json_hook(value: dict[str, Any]) -> Any:
    if "__array__" in value:
        return np.asarray(value["__array__"], dtype=value["dtype"])
    return value
