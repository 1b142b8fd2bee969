"""Stored network states in HDF5 files (``net.store('name', filename='state.h5')``).

Each stored state is a group of the file named after the state; arrays are datasets named
``object.variable``; the network time, the clocks and the random state are attributes (as
JSON text, so that nothing read back is ever executed).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from engine.core.hdf5_checks import (
    HDF5Problem,
    check_tree,
    hard_group,
    json_attribute,
    open_hdf5,
    read_array,
)
from engine.core.stored_state import StoredStateError
from engine.outputs import check_output, write_bytes

__all__ = ["read_state", "write_state"]

_META = ("__t__", "__clocks__", "__random__")


def write_state(filename: str | Path, name: str, state: dict[str, Any]) -> None:
    """Write a stored state to ``filename`` (replacing a state of the same name).

    Copy on write: the file (with the states stored in it before) is read into memory, changed
    there, and written back as a new file renamed over the old one (`engine.outputs`). A
    failed or killed store so leaves the previous file whole, and the HDF5 library never
    writes to the disk itself (it crashed the interpreter on a full disk). The price is that
    of reading and writing the whole file at each store; two processes storing into one file
    at the same moment do not merge their states (the last one written wins).

    Raises
    ------
    OSError
        If the file cannot be written (it is then unchanged); an `engine.outputs.OutputError`
        says why in words (a full disk, a link, a device...).
    """
    target = check_output(filename)
    image = io.BytesIO()
    mode = "w"
    if target.exists():  # a regular file: check_output refused anything else
        image.write(target.read_bytes())
        image.seek(0)
        mode = "r+"
    with h5py.File(image, mode) as file:
        if name in file:
            del file[name]
        group = file.create_group(name)
        for key, value in state.items():
            if key in _META:
                group.attrs[key] = json.dumps(value, default=_json_default)
            else:
                group.create_dataset(key, data=np.asarray(value))
    write_bytes(target, image.getbuffer())


def read_state(filename: str | Path, name: str) -> dict[str, Any]:
    """Read a state written by `write_state`, checking the file before reading any data.

    The file is data from anywhere: links to other files, data kept outside the file,
    filters other than gzip, lzf, shuffle and fletcher32, and data out of proportion to the
    file's size are refused before anything is read (`engine.core.hdf5_checks`); arrays must
    hold numbers or booleans, and the time, clocks and random state are JSON text parsed with
    `json.loads` only. Whether the arrays fit the network is `Network.restore`'s to check.

    Raises
    ------
    KeyError
        If the file has no state called ``name``.
    FileNotFoundError
        If the file does not exist.
    StoredStateError
        If the file is not an HDF5 file, is damaged, or holds anything refused above.
    """
    filename = str(filename)
    try:
        file = open_hdf5(filename)
    except FileNotFoundError:
        raise FileNotFoundError(f"No stored state file '{filename}'") from None
    except PermissionError as error:
        raise StoredStateError(
            f"it cannot be read ({error.strerror or error})", filename=filename, state=name
        ) from None
    except HDF5Problem as problem:
        raise StoredStateError(problem.message, filename=filename, state=name) from None
    with file:
        try:
            group = hard_group(file, name) if isinstance(name, str) and name.strip("/") else None
        except HDF5Problem as problem:
            raise StoredStateError(str(problem), filename=filename, state=name) from None
        if group is None:
            raise KeyError(f"'{filename}' has no stored state called '{name}'")
        try:
            check_tree(group)
            state: dict[str, Any] = {}
            for key, item in group.items():
                if isinstance(item, h5py.Dataset):  # a group: a state stored as 'name/...'
                    state[key] = read_array(group, key, key)
            for key in _META:
                try:
                    state[key] = _decoded_json(json_attribute(group, key, name), key)
                except HDF5Problem as problem:
                    raise HDF5Problem(problem.message, key) from None
        except HDF5Problem as problem:
            raise StoredStateError(
                problem.message, problem.where or None, filename=filename, state=name
            ) from None
        except (OSError, RuntimeError, KeyError, ValueError, TypeError) as error:
            # What h5py raises for damaged metadata that the checks above did not touch.
            raise StoredStateError(
                f"it is damaged ({type(error).__name__}: {error})", filename=filename, state=name
            ) from None
    return state


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"__array__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"Cannot store {type(value).__name__}")


#: The array types a stored random state holds (numpy's MT19937 key is uint32).
_JSON_ARRAY_TYPES = ("uint32", "uint64", "int32", "int64", "float64")


def _decoded_json(value: Any, key: str) -> Any:
    """Turn the arrays `_json_default` wrote back into arrays, of an expected type only."""
    if isinstance(value, list):
        return [_decoded_json(item, key) for item in value]
    if not isinstance(value, dict):
        return value
    if "__array__" in value:
        dtype = value.get("dtype")
        if set(value) != {"__array__", "dtype"} or dtype not in _JSON_ARRAY_TYPES:
            raise HDF5Problem(f"the attribute '{key}' holds an array of unknown type {dtype!r}")
        try:
            return np.asarray(value["__array__"], dtype=dtype)
        except (TypeError, ValueError, OverflowError) as error:
            raise HDF5Problem(f"the attribute '{key}' holds an invalid array ({error})") from None
    return {name: _decoded_json(item, key) for name, item in value.items()}
