"""A sweep's file: its definition, the project, provenance, the table and kept trial data (HDF5).

`save_sweep` writes one HDF5 file (with h5py; built in memory, then written as every output is,
`engine.outputs`), and `load_sweep` reads it back as a `SweepRecord`. Layout (sweep format
version 1; also ``docs/results-format.md``)::

    /                  attributes:
                         format          "spikecanvas-sweep"
                         format_version  1 (an integer)
                         sweep           the sweep's name
                         status          "completed" or "cancelled"
                         wall_time       the sweep's wall time, in seconds
                         provenance      JSON text: see `SweepProvenance`
    /project           a string dataset: the project's file text (with its sweeps)
    /sweep             a string dataset: the sweep's definition as JSON (as in the project)
    /table             one row per trial; attributes ``parameters``, ``measures`` (the column
                       labels) and ``units``, each a JSON list of texts
      trial, point, repeat     int64 (n)
      seed, seed_used          int64 (n); -1 where there is none
      wall_time, run_time      float64 (n), seconds
      measures                 float64 (n, m): NaN where undefined or not run
      text                     a string dataset, JSON: {"values": n lists of p texts,
                               "status": n texts, "error": n texts, "error_place": n texts,
                               "notes": n lists of m texts}
    /points            the statistics over repeats of each point (for other readers: loading
                       computes them again from the trials)
      point                    int64 (P)
      mean, std                float64 (P, m)
      n                        int64 (P, m)
    /trials/K          the full results of trial K when the sweep kept them: the layout of a
                       results file (`engine.project.results`) in a group

A sweep file is data from anywhere, read as a results file is: its tree is checked before any
data is read (`engine.core.hdf5_checks`); the project goes through the checks of a project
file; the stored sweep must be the project's sweep of that name; the table must be the one
that sweep expands to (its trials, points, repeats and seeds), with arrays of the right kind
and shape; a kept trial is read with the checks of `Results.load` when it is asked for.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import h5py
import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from engine.core.hdf5_checks import (
    MAX_ATTRIBUTE_BYTES,
    HDF5Problem,
    check_format,
    check_tree,
    integer_attribute,
    json_attribute,
    open_hdf5,
    read_array,
    read_text,
    text_attribute,
)
from engine.outputs import check_output, write_bytes
from engine.project.document import Project
from engine.project.errors import ProjectFileError, ResultsFileError
from engine.project.fileio import MAX_FILE_BYTES, dumps, loads
from engine.project.sweep.definition import MAX_SEED, MAX_TRIALS, Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.points import Trial, trials
from engine.project.sweep.table import (
    MeasureValue,
    SweepProvenance,
    SweepTable,
    TrialResult,
    measure_labels,
    point_statistics,
)

__all__ = [
    "SWEEP_FORMAT",
    "SWEEP_FORMAT_VERSION",
    "SweepFileError",
    "SweepRecord",
    "load_sweep",
    "save_sweep",
]

#: The value of the ``format`` attribute of every sweep file.
SWEEP_FORMAT = "spikecanvas-sweep"
#: The version of the sweep layout this engine writes (and the newest it reads).
SWEEP_FORMAT_VERSION = 1
#: The most bytes of the table's text (error messages of up to `MAX_TRIALS` trials).
MAX_TEXT_BYTES = 256 * 1024 * 1024
#: The attributes of a results file, copied with a kept trial's data (nothing else is).
_RESULTS_ATTRIBUTES = ("format", "format_version", "provenance")
_COMPRESS_FROM = 4096


class SweepFileError(ResultsFileError):
    """A file that is not a SpikeCanvas sweep file, or one this version cannot read."""

    def __str__(self) -> str:
        where = f"'{self.filename}'" if self.filename else "The file"
        return f"{where} cannot be read as a SpikeCanvas sweep: {self.problem}"


@dataclass(frozen=True)
class SweepRecord:
    """What a sweep file holds: the project, the sweep that ran and its table.

    ``table.trials[k].data`` holds trial ``k``'s results when they were kept
    (`TrialResult.results` reads them).
    """

    project: Project
    sweep: Sweep
    table: SweepTable


# -- writing -------------------------------------------------------------------------------------


def save_sweep(path: str | os.PathLike[str], project: Project, table: SweepTable) -> None:
    """Write a sweep's table and what it came from to an HDF5 file (see the module's layout).

    Parameters
    ----------
    path
        The file to write (replaced safely, as `Results.save` does).
    project
        The project the sweep ran on: the one given to `run_sweep`.
    table
        What `run_sweep` returned for its sweep.

    Raises
    ------
    SweepError
        If ``project`` has no sweep called ``table.sweep``, or that sweep's trials are not
        those of ``table`` (the project was changed since).
    OSError
        If the file cannot be written (`engine.outputs.OutputError` says why in words).
    """
    check_output(path)
    sweep = _sweep_of(project, table.sweep)
    planned = trials(sweep, project)
    if [(t.index, t.point.index, t.repeat) for t in planned] != [
        (t.index, t.point, t.repeat) for t in table.trials
    ]:
        raise SweepError(
            f"the table is not that of the project's sweep '{table.sweep}' as it is now: save "
            "the sweep's file with the project it ran on"
        )
    image = io.BytesIO()
    with h5py.File(image, "w", track_order=True) as file:
        _write(file, project, sweep, table)
    write_bytes(path, image.getbuffer())


def _write(file: h5py.File, project: Project, sweep: Sweep, table: SweepTable) -> None:
    text = h5py.string_dtype()
    file.attrs["format"] = SWEEP_FORMAT
    file.attrs["format_version"] = SWEEP_FORMAT_VERSION
    file.attrs["sweep"] = table.sweep
    file.attrs["status"] = table.status
    file.attrs["wall_time"] = float(table.wall_time)
    file.attrs["provenance"] = json.dumps(dataclasses.asdict(table.provenance))
    file.create_dataset("project", data=dumps(project), dtype=text)
    file.create_dataset("sweep", data=sweep.model_dump_json(indent=1), dtype=text)
    rows = table.trials
    group = file.create_group("table", track_order=True)
    group.attrs["parameters"] = json.dumps(list(table.parameters))
    group.attrs["measures"] = json.dumps(list(table.measures))
    group.attrs["units"] = json.dumps(list(table.units))
    columns: dict[str, Any] = {
        "trial": np.array([t.index for t in rows], dtype=np.int64),
        "point": np.array([t.point for t in rows], dtype=np.int64),
        "repeat": np.array([t.repeat for t in rows], dtype=np.int64),
        "seed": np.array([_or_none(t.seed) for t in rows], dtype=np.int64),
        "seed_used": np.array([_or_none(t.seed_used) for t in rows], dtype=np.int64),
        "wall_time": np.array([t.wall_time for t in rows], dtype=np.float64),
        "run_time": np.array([t.run_time for t in rows], dtype=np.float64),
        "measures": _matrix([[m.value for m in t.measures] for t in rows], len(table.measures)),
    }
    for key, array in columns.items():
        _dataset(group, key, array)
    words = {
        "values": [[value for _, value in t.values] for t in rows],
        "status": [t.status for t in rows],
        "error": [t.error for t in rows],
        "error_place": [t.error_place for t in rows],
        "notes": [[m.note for m in t.measures] for t in rows],
    }
    group.create_dataset("text", data=json.dumps(words), dtype=text)
    points = file.create_group("points", track_order=True)
    count = len(table.measures)
    _dataset(points, "point", np.array([p.point for p in table.points], dtype=np.int64))
    _dataset(points, "mean", _matrix([p.mean for p in table.points], count))
    _dataset(points, "std", _matrix([p.std for p in table.points], count))
    _dataset(points, "n", _matrix([p.n for p in table.points], count).astype(np.int64))
    kept = [t for t in rows if t.data is not None]
    if kept:
        group = file.create_group("trials", track_order=True)
        for trial in kept:
            _copy_results(trial.data or b"", group.create_group(str(trial.index)))


def _or_none(seed: int | None) -> int:
    return -1 if seed is None else seed


def _matrix(rows: Sequence[Sequence[float]], columns: int) -> np.ndarray:
    return np.array(rows, dtype=np.float64).reshape(len(rows), columns)


def _dataset(group: h5py.Group, key: str, array: np.ndarray) -> None:
    options: dict[str, Any] = {}
    if array.size >= _COMPRESS_FROM:
        options = {"compression": "gzip", "compression_opts": 4, "shuffle": True}
    group.create_dataset(key, data=array, **options)


def _copy_results(image: bytes, target: h5py.Group) -> None:
    """Copy a results file's tree (its attributes of `_RESULTS_ATTRIBUTES` too) into ``target``."""
    with h5py.File(io.BytesIO(image), "r") as source:
        for key in _RESULTS_ATTRIBUTES:
            target.attrs[key] = source.attrs[key]
        for key in source:
            source.copy(source[key], target, name=key)


# -- reading -------------------------------------------------------------------------------------


class _Text(BaseModel):
    """The table's text columns, as `save_sweep` writes them (lengths are checked after)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    values: list[list[str]]
    status: list[Literal["completed", "failed", "cancelled"]]
    error: list[str]
    error_place: list[str]
    notes: list[list[str]]


def load_sweep(path: str | os.PathLike[str]) -> SweepRecord:
    """Read a sweep file written by `save_sweep`, checking it before any data is read.

    Raises
    ------
    SweepFileError
        If the file cannot be opened, is not a SpikeCanvas sweep file, was written by a newer
        SpikeCanvas, is damaged, or holds anything the module's description refuses; the
        message says where in the file.
    """
    name = str(path)
    try:
        file = open_hdf5(path)
    except FileNotFoundError:
        raise SweepFileError("there is no such file", name) from None
    except HDF5Problem as problem:
        raise SweepFileError(str(problem), name) from None
    except OSError as error:
        raise SweepFileError(f"it cannot be read ({error.strerror or error})", name) from None
    with file:
        try:
            return _read(file, name)
        except (ResultsFileError, ProjectFileError) as error:
            raise SweepFileError(getattr(error, "problem", str(error)), name) from None
        except HDF5Problem as problem:
            raise SweepFileError(str(problem), name) from None
        except (KeyError, TypeError, ValueError, OSError, RuntimeError) as error:
            raise SweepFileError(f"it is damaged or incomplete ({error})", name) from None


def _read(file: h5py.File, name: str) -> SweepRecord:
    check_format(file, SWEEP_FORMAT, "sweep", SWEEP_FORMAT_VERSION)
    check_tree(file)
    try:
        project = loads(read_text(file, "project", "project", MAX_FILE_BYTES))
    except ProjectFileError as error:
        raise SweepFileError(f"the project stored in it cannot be read: {error}", name) from None
    sweep_name = text_attribute(file, "sweep", "/", max_bytes=256)
    try:
        sweep = _sweep_of(project, sweep_name)
        stored = Sweep.model_validate_json(read_text(file, "sweep", "sweep", MAX_FILE_BYTES))
        if stored != sweep:
            raise ValueError(f"'sweep' is not the project's sweep '{sweep_name}'")
        planned = trials(sweep, project)
    except (SweepError, ValidationError) as error:
        raise SweepFileError(f"its sweep cannot be used: {error}", name) from None
    status = text_attribute(file, "status", "/", max_bytes=256)
    if status not in ("completed", "cancelled"):
        raise ValueError(f"the status {status!r} is neither 'completed' nor 'cancelled'")
    wall_time = _time(file.attrs.get("wall_time"), "wall_time")
    provenance = _provenance(json_attribute(file, "provenance", "/", MAX_ATTRIBUTE_BYTES))
    count = len(sweep.measures)
    units = _texts(json_attribute(file["table"], "units", "table"), count, "table's units")
    rows = _trials(file, sweep, planned, units)
    kept = _kept(file, len(planned))
    rows = [dataclasses.replace(r, data=kept.get(r.index)) for r in rows]
    table = SweepTable(
        sweep=sweep.name,
        parameters=tuple(p.name.strip() for p in sweep.parameters),
        measures=measure_labels(sweep),
        units=units,
        trials=tuple(rows),
        points=point_statistics(rows, count),
        status=status,
        wall_time=wall_time,
        provenance=provenance,
    )
    return SweepRecord(project, sweep, table)


def _sweep_of(project: Project, name: str) -> Sweep:
    for sweep in project.sweeps:
        if sweep.name == name:
            return sweep
    raise SweepError(f"the project has no sweep called '{name}'")


def _time(value: Any, what: str) -> float:
    if not isinstance(value, float | np.floating) or not math.isfinite(value) or value < 0:
        raise ValueError(f"'{what}' is {value!r}, not a time in seconds")
    return float(value)


def _texts(values: Any, count: int, what: str) -> tuple[str, ...]:
    if (
        not isinstance(values, list)
        or len(values) != count
        or not all(isinstance(v, str) for v in values)
    ):
        raise ValueError(f"the {what} are not {count} texts")
    return tuple(values)


def _provenance(data: Any) -> SweepProvenance:
    if not isinstance(data, dict):
        raise ValueError("the provenance is not a JSON object")
    values: dict[str, Any] = {}
    for item in dataclasses.fields(SweepProvenance):
        value = data.get(item.name, item.default)
        expected = int if item.type == "int" else str
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ValueError(f"the provenance's '{item.name}' is {value!r}")
        values[item.name] = value
    return SweepProvenance(**values)


def _trials(
    file: h5py.File, sweep: Sweep, planned: Sequence[Trial], units: Sequence[str]
) -> list[TrialResult]:
    """Read the table's rows, checked against the trials ``sweep`` expands to."""
    group = file["table"]
    if not isinstance(group, h5py.Group):
        raise ValueError("'table' is not a group")
    n, count = len(planned), len(sweep.measures)
    if n > MAX_TRIALS:  # `trials` refuses more: this is a second line of defence
        raise ValueError(f"the table has more than {MAX_TRIALS} trials")
    columns = {}
    for key, kinds, shape in (
        ("trial", "iu", (n,)),
        ("point", "iu", (n,)),
        ("repeat", "iu", (n,)),
        ("seed", "iu", (n,)),
        ("seed_used", "iu", (n,)),
        ("wall_time", "f", (n,)),
        ("run_time", "f", (n,)),
        ("measures", "f", (n, count)),
    ):
        array = read_array(group, key, f"table/{key}", kinds)
        if array.shape != shape:
            raise ValueError(f"'table/{key}' has the shape {array.shape}, not {shape}")
        columns[key] = array
    expected = {
        "trial": [t.index for t in planned],
        "point": [t.point.index for t in planned],
        "repeat": [t.repeat for t in planned],
        "seed": [_or_none(t.seed) for t in planned],
    }
    for key, values in expected.items():
        if not np.array_equal(columns[key], np.array(values, dtype=np.int64)):
            raise ValueError(f"'table/{key}' is not that of the sweep '{sweep.name}'")
    used = columns["seed_used"]
    if used.size and (used.min() < -1 or used.max() > MAX_SEED):
        raise ValueError("'table/seed_used' holds a value that is not a seed")
    for key in ("wall_time", "run_time"):
        times = columns[key]
        if not np.all(np.isfinite(times)) or np.any(times < 0):
            raise ValueError(f"'table/{key}' holds a value that is not a time")
    try:
        words = _Text.model_validate_json(read_text(group, "text", "table/text", MAX_TEXT_BYTES))
    except ValidationError as error:
        raise ValueError(f"'table/text' is not the table's text ({error})") from None
    for key, inner in (("values", len(sweep.parameters)), ("notes", count)):
        rows = getattr(words, key)
        if len(rows) != n or any(len(row) != inner for row in rows):
            raise ValueError(f"'table/text' {key} are not {n} rows of {inner}")
    for key in ("status", "error", "error_place"):
        if len(getattr(words, key)) != n:
            raise ValueError(f"'table/text' {key} has not {n} items")
    results = []
    for k, trial in enumerate(planned):
        if tuple(words.values[k]) != tuple(v for _, v in trial.point.values):
            raise ValueError(f"the values of trial {k} are not those of the sweep")
        ran = words.status[k] == "completed"
        measures = tuple(
            MeasureValue(float(v), unit if ran else "", note)
            for v, note, unit in zip(columns["measures"][k], words.notes[k], units, strict=True)
        )
        seed_used = int(used[k])
        results.append(
            TrialResult(
                index=trial.index,
                point=trial.point.index,
                repeat=trial.repeat,
                seed=trial.seed,
                values=trial.point.values,
                measures=measures,
                status=words.status[k],
                error=words.error[k],
                error_place=words.error_place[k],
                seed_used=None if seed_used < 0 else seed_used,
                wall_time=float(columns["wall_time"][k]),
                run_time=float(columns["run_time"][k]),
            )
        )
    return results


def _kept(file: h5py.File, n: int) -> dict[int, bytes]:
    """Return each kept trial's results as the bytes of a results file, by trial index."""
    if "trials" not in file:
        return {}
    group = file["trials"]
    if not isinstance(group, h5py.Group):
        raise ValueError("'trials' is not a group")
    kept: dict[int, bytes] = {}
    for key, item in group.items():
        if not (key.isdecimal() and str(int(key)) == key and int(key) < n):
            raise ValueError(f"'trials/{key}' is not the data of a trial of the sweep")
        if not isinstance(item, h5py.Group):
            raise ValueError(f"'trials/{key}' is not a group")
        kept[int(key)] = _image(item, f"trials/{key}")
    return kept


def _image(group: h5py.Group, where: str) -> bytes:
    """Copy a kept trial's group into a results file of its own (only what one holds)."""
    image = io.BytesIO()
    with h5py.File(image, "w", track_order=True) as target:
        target.attrs["format"] = text_attribute(group, "format", where, max_bytes=256)
        target.attrs["format_version"] = integer_attribute(group, "format_version", where)
        target.attrs["provenance"] = text_attribute(
            group, "provenance", where, max_bytes=MAX_ATTRIBUTE_BYTES
        )
        for key in ("project", "monitors"):
            if key in group:  # a missing one is reported when the trial is read
                group.copy(group[key], target, name=key)
    return image.getvalue()
