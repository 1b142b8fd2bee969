"""Reading and writing ``.spikecanvas`` project files (JSON, versioned, saved atomically).

Loading is all or nothing: the whole file is parsed and checked before a `Project` is
returned, and every problem found (invalid JSON, a newer format version, an unknown node kind,
a missing or mistyped field, a duplicate name, an edge to a node that does not exist) is
reported at once in a `ProjectFileError`, each with its JSON path. Files written by older
versions of the format are migrated step by step (`MIGRATIONS`). No text from a file is ever
executed: model text stays text until the engine's restricted parsers read it.

Saving writes a temporary file beside the target and renames it over the target, so a crash
in the middle of a save leaves the previous file intact.

The format is described in ``docs/file-format.md``.
"""

from __future__ import annotations

import collections
import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic

from engine.outputs import write_text
from engine.project.document import FORMAT_VERSION, NODE_KINDS, Project
from engine.project.errors import FileProblem, ProjectFileError
from engine.project.topology import ConnectionChecker

__all__ = ["MAX_FILE_BYTES", "MIGRATIONS", "SUFFIX", "dumps", "load", "loads", "save"]

#: The file name suffix of projects.
SUFFIX = ".spikecanvas"
#: Larger files are refused before they are read (a project is a few kilobytes of text).
MAX_FILE_BYTES = 64 * 1024 * 1024

#: ``MIGRATIONS[v]`` turns the plain data of a version ``v`` file into version ``v + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


# -- reading ----------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Project:
    """Read a project file.

    Raises
    ------
    ProjectFileError
        If the file cannot be read or is not a valid project, with every problem found.
    """
    path = Path(path)
    name = str(path)
    try:
        data = _read_regular_file(path)
    except _NotAProjectFile as refusal:
        raise ProjectFileError([FileProblem("", str(refusal))], name) from None
    except OSError as error:
        raise ProjectFileError([FileProblem("", error.strerror or str(error))], name) from None
    return loads(data, filename=name)


class _NotAProjectFile(Exception):
    """A path that is not a regular file, or a file too large to be a project."""


def _read_regular_file(path: Path) -> bytes:
    """Return the bytes of the regular file ``path``, at most `MAX_FILE_BYTES` of them.

    A folder, a named pipe, a socket or a device is refused before it is opened when possible,
    and always after (the path may change in between: the opened file is what counts). It is
    opened without blocking (a named pipe with no writer would wait forever) and read up to
    one byte past the limit: the size a file reports is not trusted (a file can grow while it
    is read, files in /proc report 0).
    """
    _refuse_unless_regular(os.stat(path).st_mode)  # before opening: a device never is
    flags = os.O_RDONLY
    for flag in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, flag, 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        _refuse_unless_regular(info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise _NotAProjectFile(_too_large(f"{info.st_size / 1e6:.0f} MB"))
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise _NotAProjectFile(_too_large("larger than that"))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _refuse_unless_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "not a regular file"
    raise _NotAProjectFile(f"it is {what}, not a project file: open a .spikecanvas file")


def _too_large(size: str) -> str:
    limit = MAX_FILE_BYTES
    shown = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit} bytes"
    return (
        f"the file is {size}, far larger than any project (the limit is {shown}): it is not a "
        "project file"
    )


def loads(text: str | bytes, filename: str | None = None) -> Project:
    """Parse the text of a project file (see `load`).

    Raises
    ------
    ProjectFileError
        If the text is not a valid project, with every problem found.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ProjectFileError(
                [
                    FileProblem(
                        "",
                        f"it is not a text file (byte {error.start} is not UTF-8): a project "
                        "file is JSON text",
                    )
                ],
                filename,
            ) from None
    data = _parse_json(text, filename)
    data = _migrated(data, filename)
    try:
        project = Project.model_validate(data)
    except pydantic.ValidationError as error:
        raise ProjectFileError(_pydantic_problems(error, data), filename) from None
    problems = _consistency_problems(project)
    if problems:
        raise ProjectFileError(problems, filename)
    return project


def _parse_json(text: str, filename: str | None) -> dict[str, Any]:
    def refuse_constant(name: str) -> None:
        raise ValueError(f"{name} is not allowed in a project file")

    try:
        data = json.loads(text, parse_constant=refuse_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        message = f"it is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        if not text.strip():
            message = "the file is empty"
        raise ProjectFileError([FileProblem("", message)], filename) from None
    except (ValueError, RecursionError) as error:
        message = str(error) if isinstance(error, ValueError) else "it is nested too deeply"
        raise ProjectFileError(
            [FileProblem("", f"it is not a project: {message}")], filename
        ) from None
    if not isinstance(data, dict):
        raise ProjectFileError(
            [
                FileProblem(
                    "", f"it is not a project: a JSON {_json_type(data)} instead of an object"
                )
            ],
            filename,
        )
    duplicates = _duplicate_keys(data)
    if duplicates:
        raise ProjectFileError(duplicates, filename)
    return data


class _Object(dict[str, Any]):
    """A JSON object, with the keys that appear in it more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        counts = collections.Counter(key for key, _ in pairs)
        obj.duplicates = tuple(key for key, count in counts.items() if count > 1)
    return obj


def _duplicate_keys(data: dict[str, Any]) -> list[FileProblem]:
    """Return a problem for each key written twice in one object (JSON would keep the last).

    Two values for one field are ambiguous — an editor shows one, the engine would use the
    other — so a file holding them is refused.
    """
    problems = []
    pending: list[tuple[list[Any], Any]] = [([], data)]
    while pending:  # not recursive: nesting is as deep as the JSON parser allowed
        location, value = pending.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                path = _with_node_name(_json_path([*location, key]), location, data)
                message = "this key is written more than once in the same object: keep one"
                problems.append(FileProblem(path, message))
            pending += [([*location, k], v) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [([*location, i], v) for i, v in enumerate(value)]
    return sorted(problems, key=lambda problem: problem.path)


def _migrated(data: dict[str, Any], filename: str | None) -> dict[str, Any]:
    version = data.get("format_version")
    if "format_version" not in data:
        problem = "there is no format_version: it is not a SpikeCanvas project file"
        raise ProjectFileError([FileProblem("format_version", problem)], filename)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problem = f"{version!r} is not a format version (a positive whole number)"
        raise ProjectFileError([FileProblem("format_version", problem)], filename)
    if version > FORMAT_VERSION:
        problem = (
            f"the file was written by a newer SpikeCanvas (format version {version}; this one "
            f"reads versions up to {FORMAT_VERSION}). Update SpikeCanvas to open it."
        )
        raise ProjectFileError([FileProblem("format_version", problem)], filename)
    while version < FORMAT_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            problem = f"files of format version {version} can no longer be read"
            raise ProjectFileError([FileProblem("format_version", problem)], filename)
        try:
            data = migrate(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            problem = f"it cannot be converted from format version {version}: {error}"
            raise ProjectFileError([FileProblem("", problem)], filename) from None
        version += 1
        data["format_version"] = version
    return data


def _pydantic_problems(error: pydantic.ValidationError, data: Any) -> list[FileProblem]:
    problems = []
    for item in error.errors(include_url=False):
        location = [
            part for part in item["loc"] if not (isinstance(part, str) and part in NODE_KINDS)
        ]
        if location and location[-1] == "[key]":
            # A key of a map (``initial``) is wrong: the place is the map, the message names it.
            location = location[:-2]
        path = _json_path(location)
        kind = item["type"]
        value = item.get("input")
        if kind == "union_tag_invalid":
            known = ", ".join(NODE_KINDS)
            message = f"unknown node kind {item['ctx']['tag']!r} (known kinds: {known})"
            path = _json_path([*location, "kind"])
        elif kind == "union_tag_not_found":
            message = "a node needs a 'kind' (such as 'NeuronGroup')"
        elif kind == "missing":
            message = "this field is missing"
        elif kind == "extra_forbidden":
            message = "unknown field (misspelt, or from a newer SpikeCanvas?)"
        elif kind.endswith("_type") or kind in ("literal_error", "model_type", "dict_type"):
            message = f"{item['msg'].replace('Input should be', 'should be')}, not {_shown(value)}"
        else:
            message = item["msg"].removeprefix("Value error, ")
        problems.append(FileProblem(_with_node_name(path, location, data), message))
    return problems


def _consistency_problems(project: Project) -> list[FileProblem]:
    """Return what a valid structure can still get wrong: names, ids and edges."""
    problems = []
    seen_names: dict[str, str] = {}
    for index, constant in enumerate(project.constants):
        seen_names.setdefault(constant.name, f"constants[{index}]")
    seen_ids: dict[str, int] = {}
    for index, node in enumerate(project.nodes):
        where = f"nodes[{index}]"
        if node.id in seen_ids:
            problems.append(
                FileProblem(
                    f"{where}.id", f"the id {node.id!r} is also that of nodes[{seen_ids[node.id]}]"
                )
            )
        seen_ids.setdefault(node.id, index)
        if node.name in seen_names:
            problems.append(
                FileProblem(
                    f"{where}.name",
                    f"the name {node.name!r} is already used by {seen_names[node.name]}",
                )
            )
        seen_names.setdefault(node.name, where)
    for index, constant in enumerate(project.constants):
        first = seen_names[constant.name]
        if first != f"constants[{index}]":
            problems.append(
                FileProblem(
                    f"constants[{index}].name",
                    f"the name {constant.name!r} is already used by {first}",
                )
            )
    known = {node.id for node in project.nodes}
    # The rules of the editor: an edge is checked against the edges before it (indexed, so
    # that a file of many edges is checked in time proportional to its size).
    checked = ConnectionChecker(project)
    for index, edge in enumerate(project.edges):
        where = f"edges[{index}]"
        missing = [end for end in ("source", "target") if getattr(edge, end) not in known]
        for end in missing:
            problem = f"there is no node with id {getattr(edge, end)!r}"
            problems.append(FileProblem(f"{where}.{end}", problem))
        if missing:
            continue
        refused = checked.problem(edge.source, edge.target, edge.role)
        if refused is not None:
            problems.append(FileProblem(where, refused))
        else:
            checked.add(edge)
    return problems


# -- writing ----------------------------------------------------------------------------------


def dumps(project: Project) -> str:
    """Return the text of ``project`` as a project file: stable key order, one node per block."""
    data = project.model_dump(mode="json")
    data["nodes"] = [_node_first_keys(node) for node in data["nodes"]]
    for optional in ("sweeps", "live_parameters"):
        if not data[optional]:
            # Optional and added within format version 1: a file without them stays readable
            # by the versions before them (see docs/file-format.md).
            del data[optional]
    return _format(data, 0) + "\n"


def save(project: Project, path: str | os.PathLike[str]) -> None:
    """Write ``project`` to ``path`` safely: the old file survives a failed save.

    The file is written as every output is (`engine.outputs`): to a temporary file renamed
    over ``path``, never through a link or over a device, with the user's usual permissions.

    Raises
    ------
    OSError
        If the file cannot be written (the previous file, if any, is unchanged); an
        `engine.outputs.OutputError` says why in words (a full disk, a link, a device...).
    """
    write_text(path, dumps(project))


def _node_first_keys(node: dict[str, Any]) -> dict[str, Any]:
    """Put ``kind``, ``id`` and ``name`` first: a reader sees at once what a block is."""
    first = {key: node[key] for key in ("kind", "id", "name")}
    return {**first, **{k: v for k, v in node.items() if k not in first}}


def _format(value: Any, depth: int) -> str:
    """JSON with two-space indents; short lists of plain values stay on one line."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if depth >= 2 and all(not isinstance(v, (dict, list)) for v in value.values()):
            line = json.dumps(value, ensure_ascii=False)
            if len(line) <= 90:
                return line  # an edge or a constant: one line each
        items = [f"{inner}{json.dumps(k)}: {_format(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in value):
            line = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
            if len(line) <= 80:
                return line
        items = [f"{inner}{_format(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


# -- messages ---------------------------------------------------------------------------------


def _json_path(location: list[Any]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _with_node_name(path: str, location: list[Any], data: Any) -> str:
    """Add the node's name to a path inside a node (readers know nodes by name, not place)."""
    if len(location) >= 2 and location[0] == "nodes" and isinstance(location[1], int):
        try:
            name = data["nodes"][location[1]].get("name")
        except (KeyError, IndexError, TypeError, AttributeError):
            return path
        if isinstance(name, str) and name:
            return f"{path} (node '{name[:40]}')"
    return path


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = json.dumps(value, ensure_ascii=False) if _plain(value) else _json_type(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None
