"""What an HDF5 file must be before SpikeCanvas reads data from it.

Store files (`engine.core.storage`) and results files (`engine.project.results`) are files a
user may have been sent by anyone. h5py does what a file says: an external link opens another
file, external storage reads raw bytes from another file, a virtual dataset maps other files, a
filter may be a plugin loaded from disk, and a dataset may declare gigabytes that a few
kilobytes of compressed zeros (or chunks never written) expand to. `check_tree` refuses all of
that from the file's metadata, before any data is read; the readers below then read only plain
numbers and booleans, and text of bounded size, raising `HDF5Problem` (with the place in the
file) for anything else.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from engine.core.memory import available_memory

__all__ = [
    "HDF5Problem",
    "check_tree",
    "hard_group",
    "integer_attribute",
    "json_attribute",
    "open_hdf5",
    "parse_json",
    "read_array",
    "read_text",
    "text_attribute",
]

#: The filters h5py writes and reads without plugins: gzip (deflate), shuffle, fletcher32, lzf.
#: Any other filter (szip, scale-offset, or a plugin that HDF5 would load from disk) is refused.
ALLOWED_FILTERS = {
    h5py.h5z.FILTER_DEFLATE: "gzip",
    h5py.h5z.FILTER_SHUFFLE: "shuffle",
    h5py.h5z.FILTER_FLETCHER32: "fletcher32",
    32000: "lzf",  # h5py's own filter, registered with its id when h5py loads
}

#: Data declared out of proportion to the file is refused when it is both more than this many
#: times the file's size and more than `BOMB_BYTES`. Real recordings compress little (spike
#: times and voltages: under 10 to 1, a twentieth of this); only long runs of one value
#: (zeros) come near deflate's limit of about 1032 to 1, and below `BOMB_BYTES` they are
#: accepted. Chunks never written and contiguous datasets without storage read as their fill
#: value and expand without limit, and one dataset linked under many names is read once per
#: name: all of that is counted. So a 4 MiB file declaring 6 GiB (1500 to 1) is refused as a
#: decompression bomb before anything is read.
MAX_RATIO = 200

#: Below this many bytes of data (or a quarter of the memory available, if less), any ratio
#: is accepted: a small file of zeros is harmless, and a large one is refused.
BOMB_BYTES = 2**30

#: Text attributes longer than this are refused (before `json.loads` sees them); the longest
#: SpikeCanvas writes is a stored random state, about 10 kB of JSON.
MAX_ATTRIBUTE_BYTES = 2**20

#: Groups nested deeper than this are refused (SpikeCanvas writes at most four levels).
MAX_DEPTH = 16

#: Files with more groups and datasets than this are refused: each costs a few tens of
#: microseconds to check, and a stored state has about ten per object of the network.
MAX_OBJECTS = 200_000


class HDF5Problem(ValueError):
    """Something in an HDF5 file that SpikeCanvas refuses to read.

    Attributes
    ----------
    message
        What is wrong.
    where
        The path of the object in the file (``monitors/spikes/i``), or None for the file.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"'{self.where}' {self.message}" if self.where else self.message


# -- opening ------------------------------------------------------------------------------------


def open_hdf5(path: str | os.PathLike[str]) -> h5py.File:
    """Open an HDF5 file for reading, refusing what is not a regular HDF5 file.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    PermissionError
        If the file cannot be read.
    HDF5Problem
        If it is a folder, a device or a pipe, not an HDF5 file, truncated or damaged.
    """
    path = Path(path)
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise HDF5Problem("it is a folder")
    if not stat.S_ISREG(mode):
        # Opening a pipe blocks, a device may never end: only regular files are data files.
        raise HDF5Problem("it is not a regular file (a device, a pipe or a socket)")
    try:
        return h5py.File(path, "r")
    except (FileNotFoundError, PermissionError):
        raise
    except OSError as error:
        text = str(error)
        if "signature" in text:
            raise HDF5Problem("it is not an HDF5 file") from None
        if "truncated" in text or "eof" in text.lower():
            raise HDF5Problem("it is truncated (only part of the file was written)") from None
        raise HDF5Problem(f"it is damaged and cannot be opened as HDF5 ({text})") from None


# -- the tree -----------------------------------------------------------------------------------


def hard_group(root: h5py.Group, path: str) -> h5py.Group | None:
    """Return the group at ``path`` below ``root``, reached through hard links only.

    Returns None if nothing is at ``path``.

    Raises
    ------
    HDF5Problem
        If a link on the way is a soft or external link, or the object is not a group.
    """
    group = root
    walked = []
    for part in (p for p in path.split("/") if p):
        walked.append(part)
        where = "/".join(walked)
        link = _link(group, part, where)
        if link is None:
            return None
        item = _item(group, part, where)
        if not isinstance(item, h5py.Group):
            raise HDF5Problem("is not a group", where)
        group = item
    return group


def check_tree(root: h5py.Group, prefix: str = "") -> None:
    """Refuse links, foreign storage, unknown filters and out-of-proportion data below ``root``.

    Only metadata is read. Every object below ``root`` must be a group or a dataset reached
    through a hard link; datasets must keep their data in this file (no external storage, not
    virtual), use only the filters of `ALLOWED_FILTERS`, and hold numbers, booleans or text.
    Together they may not declare data out of proportion to the file's size (`MAX_RATIO`,
    `BOMB_BYTES`), nor more than the memory available.

    Parameters
    ----------
    root
        The group to check (the file, or one stored state).
    prefix
        The path of ``root`` in the file, for messages.

    Raises
    ------
    HDF5Problem
        For the first thing refused, with its path in the file.
    """
    sizes: list[tuple[int, str]] = []
    _check_group(root, prefix.strip("/"), 0, set(), sizes)
    if not sizes:
        return
    file_size = _file_size(root)
    total = sum(size for size, _ in sizes)
    largest, where = max(sizes)
    memory = available_memory()
    bomb = BOMB_BYTES if memory is None else min(BOMB_BYTES, memory // 4)
    if total > MAX_RATIO * file_size and total > bomb:
        raise HDF5Problem(
            f"the data it declares ({_bytes(total)}; {_bytes(largest)} in '{where}') is out of "
            f"proportion to the file's size ({_bytes(file_size)}): a file made to exhaust "
            "memory when read (a decompression bomb), or a damaged one; it is refused before "
            "anything is read"
        )
    if memory is not None and total > memory:
        raise HDF5Problem(
            f"reading it needs {_bytes(total)} of memory ({_bytes(largest)} for '{where}'), "
            f"more than the {_bytes(memory)} available"
        )


def _check_group(
    group: h5py.Group, where: str, depth: int, seen: set[Any], sizes: list[tuple[int, str]]
) -> None:
    if depth > MAX_DEPTH:
        raise HDF5Problem(f"is nested more than {MAX_DEPTH} groups deep", where or "/")
    try:
        names = list(group)
    except Exception as error:  # damaged B-tree or heap: h5py raises many kinds
        raise HDF5Problem(f"cannot be listed ({error})", where or "/") from None
    for name in names:
        path = f"{where}/{name}" if where else name
        if len(sizes) + len(seen) >= MAX_OBJECTS:
            raise HDF5Problem(f"holds more than {MAX_OBJECTS} groups and datasets", where or "/")
        _link(group, name, path)
        item = _item(group, name, path)
        if isinstance(item, h5py.Dataset):
            sizes.append((_checked_dataset(item, path), path))
        elif isinstance(item, h5py.Group):
            key = _object_key(item, path)
            if key in seen:  # a group hard-linked into itself (or twice): walk it once
                raise HDF5Problem("links back to a group already seen", path)
            seen.add(key)
            _check_group(item, path, depth + 1, seen, sizes)
        else:
            raise HDF5Problem(f"is a {type(item).__name__}, not a group or a dataset", path)


def _link(group: h5py.Group, name: str, where: str) -> Any:
    try:
        link = group.get(name, getlink=True)
    except Exception as error:  # user-defined link classes, damaged link messages
        raise HDF5Problem(f"has a link that cannot be read ({error})", where) from None
    if isinstance(link, h5py.ExternalLink):
        raise HDF5Problem(
            f"is an external link to '{link.path}' in '{link.filename}': SpikeCanvas never "
            "reads another file through a link",
            where,
        )
    if isinstance(link, h5py.SoftLink):
        # Neither writer makes links: a soft link can only lead elsewhere in the file.
        raise HDF5Problem(f"is a soft link (to '{link.path}'); SpikeCanvas files have none", where)
    if link is not None and not isinstance(link, h5py.HardLink):
        raise HDF5Problem(f"is a link of an unknown kind ({type(link).__name__})", where)
    return link


def _item(group: h5py.Group, name: str, where: str) -> Any:
    try:
        return group[name]
    except Exception as error:
        raise HDF5Problem(f"cannot be opened ({error})", where) from None


def _object_key(item: Any, where: str) -> Any:
    try:
        return h5py.h5o.get_info(item.id).addr
    except Exception as error:
        raise HDF5Problem(f"cannot be opened ({error})", where) from None


def _checked_dataset(dataset: h5py.Dataset, where: str) -> int:
    """Check one dataset's storage and type; return the bytes reading it takes at most."""
    try:
        plist = dataset.id.get_create_plist()
        virtual = plist.get_layout() == h5py.h5d.VIRTUAL
        external = plist.get_external_count() > 0
        filters = [plist.get_filter(k)[0] for k in range(plist.get_nfilters())]
        chunks = plist.get_chunk() if plist.get_layout() == h5py.h5d.CHUNKED else None
        shape = dataset.shape
        dtype = dataset.dtype
    except Exception as error:  # a type or property h5py cannot map
        raise HDF5Problem(f"cannot be read as an array ({error})", where) from None
    if virtual:
        raise HDF5Problem("is a virtual dataset (its data would come from other files)", where)
    if external:
        raise HDF5Problem(
            "keeps its data in other files (external storage): SpikeCanvas reads only data "
            "stored in the file itself",
            where,
        )
    for code in filters:
        if code not in ALLOWED_FILTERS:
            allowed = ", ".join(sorted(ALLOWED_FILTERS.values()))
            raise HDF5Problem(
                f"is stored with the HDF5 filter {code}, which SpikeCanvas does not read "
                f"(only {allowed})",
                where,
            )
    problem = _type_problem(dtype)
    if problem is not None:
        raise HDF5Problem(problem, where)
    itemsize = int(dtype.itemsize)
    declared = math.prod(shape or ()) * itemsize if shape is not None else 0
    # Reading any part of a chunk decompresses all of it: a huge chunk is as costly as data.
    chunk = math.prod(chunks) * itemsize if chunks else 0
    return max(declared, chunk)


def _type_problem(dtype: np.dtype) -> str | None:
    """Why values of ``dtype`` are not plain numbers, booleans or text (None if they are)."""
    if h5py.check_string_dtype(dtype) is not None:
        return None
    if dtype.names is not None:
        return "holds records of several fields (a compound type), not numbers"
    if dtype.subdtype is not None:
        return "holds arrays in each element, not numbers"
    if h5py.check_vlen_dtype(dtype) is not None or h5py.check_ref_dtype(dtype) is not None:
        return "holds references or variable-length sequences, not numbers"
    if dtype.kind not in "biuf":
        return f"holds values of type '{dtype}', not numbers"
    return None


def _file_size(root: h5py.Group) -> int:
    try:
        return int(root.file.id.get_filesize())
    except Exception:
        return int(os.stat(root.file.filename).st_size)


def _bytes(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{count} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} bytes"


# -- reading ------------------------------------------------------------------------------------


def read_array(group: h5py.Group, key: str, where: str, kinds: str = "biuf") -> np.ndarray:
    """Read the dataset ``key`` of ``group``: numbers or booleans of the given kinds.

    Parameters
    ----------
    group, key
        Where the dataset is.
    where
        Its path in the file, for messages.
    kinds
        The numpy kinds accepted (``"f"`` floats, ``"iu"`` integers, ``"b"`` booleans).

    Raises
    ------
    HDF5Problem
        If it is missing, not such an array, or cannot be read (damaged data).
    """
    if key not in group:
        raise HDF5Problem("is missing", where)
    dataset = _item(group, key, where)
    if not isinstance(dataset, h5py.Dataset):
        raise HDF5Problem("is not a dataset", where)
    dtype = dataset.dtype
    problem = _type_problem(dtype)
    if problem is None and h5py.check_string_dtype(dtype) is not None:
        problem = "holds text"
    elif problem is None and dtype.kind not in kinds:
        names = {"f": "floating-point numbers", "i": "integers", "u": "integers", "b": "booleans"}
        expected = " or ".join(dict.fromkeys(names[k] for k in kinds))
        problem = f"holds values of type '{dtype}' where {expected} belong"
    if problem is not None:
        raise HDF5Problem(f"is not an array of numbers (it {problem})", where)
    if dataset.shape is None:
        raise HDF5Problem("is empty (it has no shape)", where)
    try:
        return np.asarray(dataset[()])
    except MemoryError:
        raise HDF5Problem("is too large to read into memory", where) from None
    except Exception as error:  # a damaged chunk, a truncated file
        raise HDF5Problem(f"cannot be read: the file is damaged ({error})", where) from None


def read_text(group: h5py.Group, key: str, where: str, max_bytes: int) -> str:
    """Read the dataset ``key`` of ``group``: one UTF-8 text of at most ``max_bytes``.

    Raises
    ------
    HDF5Problem
        If it is missing, not one text, too long, not UTF-8 or damaged.
    """
    if key not in group:
        raise HDF5Problem("is missing", where)
    dataset = _item(group, key, where)
    if not isinstance(dataset, h5py.Dataset) or h5py.check_string_dtype(dataset.dtype) is None:
        raise HDF5Problem("is not a text dataset", where)
    if dataset.shape != ():
        raise HDF5Problem(f"holds {dataset.shape} texts, not one", where)
    if dataset.dtype.itemsize > max_bytes:
        raise HDF5Problem(f"is longer than {_bytes(max_bytes)}", where)
    try:
        value = dataset[()]
    except Exception as error:
        raise HDF5Problem(f"cannot be read: the file is damaged ({error})", where) from None
    return _decoded(value, where, max_bytes)


def text_attribute(obj: h5py.HLObject, key: str, where: str, max_bytes: int = 4096) -> str:
    """Read the attribute ``key`` of ``obj`` (at ``where``): one UTF-8 text of bounded size.

    Raises
    ------
    HDF5Problem
        If it is missing, not one text, longer than ``max_bytes`` or not UTF-8.
    """
    attribute = _attribute_id(obj, key, where)
    if h5py.check_string_dtype(attribute.dtype) is None:
        raise _attribute_problem(key, where, "is not text")
    if attribute.shape != ():
        raise _attribute_problem(key, where, f"holds {attribute.shape} values, not one")
    if attribute.dtype.itemsize > max_bytes:
        raise _attribute_problem(key, where, f"is longer than {_bytes(max_bytes)}")
    try:
        value = obj.attrs[key]
    except Exception as error:
        raise _attribute_problem(key, where, f"cannot be read ({error})") from None
    if isinstance(value, bytes):
        if len(value) > max_bytes:
            raise _attribute_problem(key, where, f"is longer than {_bytes(max_bytes)}")
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise _attribute_problem(key, where, "is not UTF-8 text") from None
    if not isinstance(value, str):
        raise _attribute_problem(key, where, "is not text")
    if len(value) > max_bytes:
        raise _attribute_problem(key, where, f"is longer than {_bytes(max_bytes)}")
    return value


def json_attribute(
    obj: h5py.HLObject, key: str, where: str, max_bytes: int = MAX_ATTRIBUTE_BYTES
) -> Any:
    """Read the attribute ``key`` of ``obj``: JSON text, parsed with `json.loads` only.

    ``NaN`` and ``Infinity`` (which JSON does not have) are refused; the caller checks the
    types of what it gets.

    Raises
    ------
    HDF5Problem
        If it is not such text, or not valid JSON.
    """
    text = text_attribute(obj, key, where, max_bytes)
    try:
        return parse_json(text)
    except ValueError as error:
        raise _attribute_problem(key, where, f"is not valid JSON ({error})") from None


def parse_json(text: str) -> Any:
    """Parse JSON text with `json.loads` only, refusing ``NaN`` and ``Infinity``.

    Raises
    ------
    ValueError
        If the text is not JSON (nested too deeply included).
    """

    def refuse(constant: str) -> Any:
        raise ValueError(f"'{constant}' is not a JSON value")

    try:
        return json.loads(text, parse_constant=refuse)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None


def check_format(root: h5py.Group, name: str, what: str, newest: int) -> int:
    """Check that ``root`` is a SpikeCanvas file of the format ``name``; return its version.

    ``what`` names the kind of file in messages (``"results"``, ``"sweep"``); ``newest`` is
    the newest version this SpikeCanvas reads.

    Raises
    ------
    HDF5Problem
        If its ``format`` attribute is not ``name``, its ``format_version`` is missing or not a
        version, or newer than ``newest`` (saying to update SpikeCanvas).
    """
    try:
        format_name = text_attribute(root, "format", "/", max_bytes=256)
    except HDF5Problem:
        format_name = None
    if format_name != name:
        article = "an" if what[0] in "aeiou" else "a"
        raise HDF5Problem(
            f"it is not {article} SpikeCanvas {what} file (it has no 'format' attribute '{name}')"
        )
    try:
        version = integer_attribute(root, "format_version", "/")
    except HDF5Problem as problem:
        raise HDF5Problem(f"{problem}: it has no {what} format version") from None
    if version < 1:
        raise HDF5Problem(f"{version!r} is not a {what} format version")
    if version > newest:
        raise HDF5Problem(
            f"it was written by a newer SpikeCanvas ({what} format version {int(version)}; "
            f"this one reads versions up to {newest}). Update SpikeCanvas to open it."
        )
    return version


def integer_attribute(obj: h5py.HLObject, key: str, where: str) -> int:
    """Read the attribute ``key`` of ``obj``: one integer.

    Raises
    ------
    HDF5Problem
        If it is missing or not one integer.
    """
    attribute = _attribute_id(obj, key, where)
    if attribute.dtype.kind not in "iu" or attribute.shape != ():
        raise _attribute_problem(key, where, "is not a whole number")
    try:
        return int(obj.attrs[key])
    except Exception as error:
        raise _attribute_problem(key, where, f"cannot be read ({error})") from None


def _attribute_id(obj: h5py.HLObject, key: str, where: str) -> Any:
    try:
        present = key in obj.attrs
        attribute = obj.attrs.get_id(key) if present else None
    except Exception as error:
        raise _attribute_problem(key, where, f"cannot be read ({error})") from None
    if attribute is None:
        raise _attribute_problem(key, where, "is missing")
    return attribute


def _attribute_problem(key: str, where: str, message: str) -> HDF5Problem:
    owner = "the file" if where.strip("/") == "" else f"'{where}'"
    return HDF5Problem(f"the attribute '{key}' of {owner} {message}")


def _decoded(value: Any, where: str, max_bytes: int) -> str:
    if isinstance(value, bytes):
        if len(value) > max_bytes:
            raise HDF5Problem(f"is longer than {_bytes(max_bytes)}", where)
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise HDF5Problem("is not UTF-8 text", where) from None
    if not isinstance(value, str):
        raise HDF5Problem("is not text", where)
    if len(value) > max_bytes:
        raise HDF5Problem(f"is longer than {_bytes(max_bytes)}", where)
    return value
