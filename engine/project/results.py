"""The results of a run: what each monitor recorded, the project that was run, and how.

`Results` is plain data — numpy arrays, strings and numbers, no engine objects — so it can be
kept after the network is gone, handed from a worker thread to the GUI, saved and loaded.
`engine.project.runner.run` returns it; its monitors are keyed by the name of their node:

=========================  ===============================================================
kind                       data (`SpikeData`, `StateData`, `RateData`)
=========================  ===============================================================
``SpikeMonitor``           ``i`` (int32) and ``t`` (float64, seconds) of every spike, and the
                           recorded ``variables`` at each spike (one value per spike)
``StateMonitor``           ``t`` of every sample, ``record`` (the recorded elements) and
                           ``variables``: one 2-D array per variable, one row per recorded
                           element and one column per sample (as ``StateMonitor.v_``)
``PopulationRateMonitor``  ``t`` of every step and ``rate`` (Hz)
=========================  ===============================================================

Values are in SI base units (volt, second, hertz, ...); each recorded variable carries the
display string of its unit (``"V"``, ``"Hz"``, ``"1"`` for dimensionless) in `Recorded.unit`.

HDF5 layout (results format version 1; also ``docs/results-format.md``)
------------------------------------------------------------------------
`Results.save` writes one HDF5 file (with h5py), atomically (a temporary file in the same
folder, renamed over the target)::

    /                       attributes:
                              format          "spikecanvas-results"
                              format_version  1 (an integer)
                              provenance      JSON text: see `Provenance`
    /project                a string dataset: the JSON text of the project as run
                            (exactly what ``engine.project.dumps`` writes; a dataset, not an
                            attribute, because attributes are limited to 64 KiB)
    /monitors/NAME          one group per monitor node, in the project's order; attributes:
                              kind         "SpikeMonitor", "StateMonitor" or
                                           "PopulationRateMonitor"
                              node_id      the node's id
                              source       the name of the recorded node
                              source_size  its number of elements (neurons, synapses)
      SpikeMonitor:           i (int32, n), t (float64, n)
      StateMonitor:           t (float64, m), record (int32, k)
      PopulationRateMonitor:  t (float64, m), rate (float64, m)
      variables/VAR         SpikeMonitor: shape (n,); StateMonitor: shape (k, m)
    /changes                (optional) a string dataset: JSON text of the live changes made
                            during the run (`Results.changes`), a list of objects
                            ``{"t": seconds, "name": constant, "value": text}`` in the order
                            they took effect; absent when nothing changed (files written
                            before live changes have none)

Every dataset holding a physical quantity has a ``unit`` attribute (``"s"``, ``"Hz"``,
``"V"``, ...). Strings are plain UTF-8 strings; structured values are JSON text. Reading a
file only parses JSON and reads numeric arrays: nothing in it is executed or unpickled, and
the project goes through the same checks as a project file (`engine.project.loads`). The file
is checked before any data is read, and every array after (`Results.load`).
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import h5py
import numpy as np

from engine.core.hdf5_checks import (
    MAX_ATTRIBUTE_BYTES,
    HDF5Problem,
    check_format,
    check_tree,
    integer_attribute,
    open_hdf5,
    parse_json,
    read_text,
    text_attribute,
)
from engine.core.sizes import MAX_ELEMENTS
from engine.outputs import check_output, write_bytes
from engine.project.document import Project
from engine.project.errors import ProjectFileError, ResultsFileError
from engine.project.fileio import MAX_FILE_BYTES, dumps, loads
from engine.project.kinds import DATA_CLASSES
from engine.project.monitor_data import MonitorData, RateData, Recorded, SpikeData, StateData
from engine.project.node_base import NodeBase

__all__ = [
    "MAX_CHANGES",
    "RESULTS_FORMAT",
    "RESULTS_FORMAT_VERSION",
    "Change",
    "GroupSummary",
    "MonitorData",
    "Provenance",
    "RateData",
    "Recorded",
    "Results",
    "SpikeData",
    "StateData",
    "Summary",
    "concatenate",
    "spikes_from_rate",
]

#: The value of the ``format`` attribute of every results file.
RESULTS_FORMAT = "spikecanvas-results"
#: The version of the results layout this engine writes (and the newest it reads).
RESULTS_FORMAT_VERSION = 1

_COMPRESS_FROM = 4096  # arrays with at least this many values are stored compressed

#: The most live changes a results file may hold (a slider moved for hours stays far below).
MAX_CHANGES = 1_000_000
# The longest text of one change's value (the document's texts are far shorter).
_MAX_VALUE_CHARS = 10_000


# -- monitor data ------------------------------------------------------------------------------


M = TypeVar("M", bound=MonitorData)


def concatenate(chunks: Sequence[M]) -> M:
    """Join pieces of one monitor's data in time order (the live chunks of a run, for example).

    Parameters
    ----------
    chunks
        Data of the same monitor, each continuing the one before (at least one).

    Raises
    ------
    ValueError
        If there are no chunks, or they are not of the same monitor.
    """
    if not chunks:
        raise ValueError("Nothing to concatenate: give at least one chunk")
    first = chunks[0]
    if any(type(c) is not type(first) or c.node_id != first.node_id for c in chunks):
        raise ValueError("Only chunks of the same monitor can be concatenated")
    changes: dict[str, Any] = {
        name: np.concatenate([getattr(c, name) for c in chunks], axis=axis)
        for name, axis in first._time_axis.items()
    }
    variables = getattr(first, "variables", None)
    if variables is not None:
        changes["variables"] = {
            name: Recorded(
                np.concatenate(
                    [c.variables[name].values for c in chunks],  # type: ignore[attr-defined]  # all of first's type
                    axis=first._variable_axis,
                ),
                recorded.unit,
            )
            for name, recorded in variables.items()
        }
    return dataclasses.replace(first, **changes)


# -- provenance and summary --------------------------------------------------------------------


@dataclass
class Provenance:
    """How a run was made: enough to reproduce it and to know what the data are.

    Attributes
    ----------
    engine_version
        The SpikeCanvas engine's version.
    seed
        The random seed used (drawn at random when the project has none: see `seed_drawn`).
    seed_drawn
        Whether `seed` was drawn for this run (the project had no seed).
    target
        The code target asked for (``auto``, ``numpy``, ``cython``).
    target_used
        The code target that ran (``numpy`` while it is the only one).
    dt
        The project's time step, in seconds.
    duration
        The duration asked for, in seconds.
    simulated
        The time actually simulated, in seconds (less than `duration` if stopped or failed).
    status
        ``"completed"``, ``"stopped"`` (by a stop request) or ``"failed"`` (see `error`).
    wall_time
        Wall time of the run (preparation and simulation), in seconds.
    build_time
        Wall time spent creating the network's objects, in seconds.
    compile_time
        Wall time spent compiling code during the run (part of `wall_time`), in seconds: the
        compiled target's first run of a network; 0 when everything was found compiled (and
        in files written before it was recorded).
    date
        When the run started, ISO 8601 in UTC.
    numpy_version, python_version, platform
        The environment.
    error
        The message of a failed run (empty otherwise).
    """

    engine_version: str
    seed: int
    seed_drawn: bool
    target: str
    target_used: str
    dt: float
    duration: float
    simulated: float
    status: str
    wall_time: float
    build_time: float
    date: str
    numpy_version: str
    python_version: str
    platform: str = ""
    error: str = ""
    compile_time: float = 0.0

    @property
    def completed(self) -> bool:
        """Whether the whole duration was simulated without error."""
        return self.status == "completed"

    def to_json(self) -> str:
        """Return the provenance as JSON text."""
        return json.dumps(dataclasses.asdict(self), allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Provenance:
        """Read provenance written by `to_json` (unknown keys, from newer writers, are ignored).

        Raises
        ------
        ValueError
            If the text is not such JSON, or a required key is missing or mistyped.
        """
        data = parse_json(text)
        if not isinstance(data, dict):
            raise ValueError("the provenance is not a JSON object")
        values = {}
        for item in dataclasses.fields(cls):
            if item.name not in data:
                if item.default is dataclasses.MISSING:
                    raise ValueError(f"the provenance has no '{item.name}'")
                continue
            value = data[item.name]
            types: dict[str, type | tuple[type, ...]] = {
                "int": int,
                "bool": bool,
                "float": (int, float),
                "str": str,
            }
            expected = types[str(item.type)]
            if not isinstance(value, expected) or (
                isinstance(value, bool) and str(item.type) != "bool"
            ):
                raise ValueError(f"the provenance's '{item.name}' is {value!r}")
            if str(item.type) == "float" and isinstance(value, int | float):  # checked above
                # Every float of the provenance is a time step or a duration, in seconds.
                value = float(value)
                if not math.isfinite(value) or value < 0:
                    raise ValueError(
                        f"the provenance's '{item.name}' is {value!r}; it must be a finite "
                        "time, not negative"
                    )
            values[item.name] = value
        return cls(**values)


@dataclass(frozen=True)
class GroupSummary:
    """The spikes of one recorded group.

    Attributes
    ----------
    monitor
        The monitor node the spikes are counted from: the group's first SpikeMonitor, or its
        first PopulationRateMonitor when no SpikeMonitor records it.
    group
        The group it records.
    size
        The group's number of neurons.
    spikes
        The number of spikes: recorded by a SpikeMonitor, or counted from the population rate
        (the sum over steps of rate * dt * N, which is the number of spikes).
    rate
        The mean firing rate per neuron, in Hz (NaN if nothing was simulated).
    kind
        The kind of `monitor`: ``"SpikeMonitor"`` or ``"PopulationRateMonitor"``.
    """

    monitor: str
    group: str
    size: int
    spikes: int
    rate: float
    kind: str = "SpikeMonitor"


@dataclass(frozen=True)
class Summary:
    """The numbers of a run at a glance; ``str(summary)`` is a small table.

    Attributes
    ----------
    groups
        One entry per group whose spikes are known: recorded by a SpikeMonitor, or counted
        by a PopulationRateMonitor (see `GroupSummary`), in the monitors' order.
    simulated
        Simulated time, in seconds.
    wall_time
        Wall time of the run, in seconds (compiling included).
    speed
        Simulated seconds per wall-time second of the run without compiling (NaN when that
        time is zero).
    status
        ``"completed"``, ``"stopped"`` or ``"failed"``.
    compile_time
        Wall time spent compiling code, in seconds (part of `wall_time`).
    """

    groups: list[GroupSummary]
    simulated: float
    wall_time: float
    speed: float
    status: str
    compile_time: float = 0.0

    @property
    def run_time(self) -> float:
        """Wall time of the run without compiling, in seconds."""
        return max(self.wall_time - self.compile_time, 0.0)

    def __str__(self) -> str:
        rows = [("group", "monitor", "neurons", "spikes", "rate/neuron")]
        for g in self.groups:
            rate = "n/a" if math.isnan(g.rate) else f"{g.rate:.3g} Hz"
            rows.append((g.group, g.monitor, str(g.size), str(g.spikes), rate))
        widths = [max(len(row[k]) for row in rows) for k in range(5)]
        lines = []
        if self.groups:
            for row in rows:
                cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
                cells += [
                    cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)
                ]
                lines.append("  ".join(cells).rstrip())
        speed = "n/a" if math.isnan(self.speed) else f"{self.speed:.3g}x real time"
        compiled = (
            f", after compiling for {_duration(self.compile_time)}" if self.compile_time else ""
        )
        lines.append(
            f"{_duration(self.simulated)} simulated in {_duration(self.run_time)} "
            f"({speed}){compiled}: {self.status}"
        )
        return "\n".join(lines)


def spikes_from_rate(data: RateData, dt: float) -> int:
    """Return the number of spikes a population rate stands for: the sum of rate * dt * N.

    The rate of a step is the step's spikes / (N * dt), so the sum gives back the count.
    ``dt`` is the step between samples (taken from the samples' times when there are two or
    more; give the project's time step for the others).
    """
    if len(data.rate) == 0:
        return 0
    if len(data.t) > 1:
        dt = float(np.median(np.diff(data.t)))
    return round(float(np.sum(data.rate)) * dt * data.source_size)


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.4g} ms"
    return f"{seconds:.4g} s"


# -- live changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A constant changed during a run (`engine.project.runner.Simulation.set`).

    Attributes
    ----------
    t
        The simulated time from which the simulation used the new value, in seconds (from
        the start of the simulation).
    name
        The project constant, or a node field as ``"node.field"`` (``"P.rates"``).
    value
        Its new value, as text with units (``"2*mV"``), as given.
    """

    t: float
    name: str
    value: str


def changes_json(changes: Sequence[Change]) -> str:
    """Return changes as the JSON text of the ``/changes`` dataset."""
    return json.dumps(
        [{"t": c.t, "name": c.name, "value": c.value} for c in changes], allow_nan=False
    )


def read_changes(text: str, project: Project, simulated: float) -> list[Change]:
    """Read the JSON text of ``/changes``, checking every change against the stored project.

    Raises
    ------
    ValueError
        If it is not a list of changes of the project's constants, at finite times within
        the simulated time, in order.
    """
    data = parse_json(text)
    if not isinstance(data, list):
        raise ValueError("'changes' is not a JSON list")
    if len(data) > MAX_CHANGES:
        raise ValueError(f"'changes' holds {len(data)} changes, more than {MAX_CHANGES}")
    from engine.project.live import LiveChangeError, field_target  # (live imports the plan)

    constants = {c.name for c in project.constants}
    changes: list[Change] = []
    previous = 0.0
    for k, item in enumerate(data):
        where = f"change {k}"
        if not isinstance(item, dict) or set(item) != {"t", "name", "value"}:
            raise ValueError(f"{where} is not an object with exactly 't', 'name' and 'value'")
        t, name, value = item["t"], item["name"], item["value"]
        if isinstance(t, bool) or not isinstance(t, int | float):
            raise ValueError(f"{where}: 't' is not a number")
        t = float(t)
        # The time of a change is a step boundary within what was simulated (one step of
        # rounding is allowed for: times are sums of steps).
        if not math.isfinite(t) or t < previous or t > simulated * (1 + 1e-9) + 1e-12:
            raise ValueError(
                f"{where}: 't' = {t!r} is not a time from the previous change to the simulated "
                f"{simulated!r} s"
            )
        if not isinstance(name, str) or (name not in constants and "." not in name):
            raise ValueError(f"{where}: {str(name)[:60]!r} is not a constant of the project")
        if name not in constants:
            try:
                field_target(project, name)
            except LiveChangeError as error:
                raise ValueError(f"{where}: {error.message}") from None
        if not isinstance(value, str) or not value.strip() or len(value) > _MAX_VALUE_CHARS:
            raise ValueError(f"{where}: 'value' is not a text of at most {_MAX_VALUE_CHARS}")
        changes.append(Change(t, name, value))
        previous = t
    return changes


# -- results -----------------------------------------------------------------------------------


@dataclass(eq=False)
class Results:
    """Everything a run produced: monitor data, the project as run, and its provenance.

    Attributes
    ----------
    project
        The project as it was run: its run settings hold the duration, seed and target
        actually used (so running it again reproduces these results).
    provenance
        How the run was made.
    monitors
        The data of each monitor node, by node name, in the project's order.
    changes
        The constants changed during the run, in the order they took effect (empty when
        nothing changed): `engine.project.export.export_script` with ``changes=`` writes a
        script that makes them at the same simulated times.
    """

    project: Project
    provenance: Provenance
    monitors: dict[str, MonitorData] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def __getitem__(self, name: str) -> MonitorData:
        """Return the data of the monitor node called ``name``."""
        try:
            return self.monitors[name]
        except KeyError:
            known = ", ".join(self.monitors) or "none"
            raise KeyError(
                f"No monitor called '{name}' in the results (monitors: {known})"
            ) from None

    @property
    def completed(self) -> bool:
        """Whether the whole duration was simulated without error."""
        return self.provenance.completed

    def simulated_project(self) -> Project:
        """Return the project as run, for the time it simulated: to run it again to the end.

        A stopped (or failed) run simulated less than its duration: the copy's duration is the
        time it reached, so that it (and a script exported from it with `changes`) ends where
        this run ended. A completed run's project is returned as a copy unchanged.
        """
        project = self.project.model_copy(deep=True)
        if not self.completed:
            project.run.duration = f"{self.provenance.simulated!r}*second"
        return project

    @property
    def project_json(self) -> str:
        """The project as run, as the text of a project file (`engine.project.dumps`)."""
        return dumps(self.project)

    def summary(self) -> Summary:
        """Return spike counts and mean rates per recorded group, and the run's speed.

        A group's spikes are those of its first SpikeMonitor; a group that only a
        PopulationRateMonitor records has its spikes counted from the rate.
        """
        simulated = self.provenance.simulated
        counted: dict[str, tuple[MonitorData, int]] = {}  # by group, in the monitors' order
        for data in self.monitors.values():
            known = counted.get(data.source)
            if isinstance(data, SpikeData) and (known is None or isinstance(known[0], RateData)):
                counted[data.source] = (data, data.num_spikes)
            elif isinstance(data, RateData) and known is None:
                counted[data.source] = (data, spikes_from_rate(data, self.provenance.dt))
        groups = []
        for data, spikes in counted.values():
            size = data.source_size
            rate = spikes / (size * simulated) if size and simulated > 0 else math.nan
            groups.append(GroupSummary(data.name, data.source, size, spikes, rate, data.kind))
        provenance = self.provenance
        wall, compiling = provenance.wall_time, provenance.compile_time
        running = wall - compiling
        speed = simulated / running if running > 0 else math.nan
        return Summary(groups, simulated, wall, speed, provenance.status, compiling)

    # -- files ------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the results to an HDF5 file, safely (see the module's layout).

        The file is built in memory and then written as every output is (`engine.outputs`):
        to a temporary file renamed over ``path``, never through a link or over a device. The
        HDF5 library itself never writes to the disk: on a full disk it failed in ways that
        crashed the interpreter when the file was closed, where a plain write fails cleanly.

        Raises
        ------
        OSError
            If the file cannot be written (a previous file at ``path`` is then unchanged); an
            `engine.outputs.OutputError` says why in words (the disk is full, with about how
            much was needed; the target is a link or a device...).
        """
        check_output(path)  # before the work of building the file
        write_bytes(path, self.to_bytes())

    def to_bytes(self) -> bytes:
        """Return the results as the bytes of a results file (what `save` writes)."""
        image = io.BytesIO()
        with h5py.File(image, "w", track_order=True) as file:
            self._write(file)
        return image.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<results>") -> Results:
        """Read results from the bytes of a results file, with the checks of `load`.

        ``name`` is the file's name in messages (``ResultsFileError.path``).
        """
        try:
            file = h5py.File(io.BytesIO(data), "r")
        except OSError as error:
            raise ResultsFileError(f"it is not a readable HDF5 image ({error})", name) from None
        with file:
            return cls.read_group(file, name)

    def _write(self, file: h5py.File) -> None:
        file.attrs["format"] = RESULTS_FORMAT
        file.attrs["format_version"] = RESULTS_FORMAT_VERSION
        file.attrs["provenance"] = self.provenance.to_json()
        file.create_dataset("project", data=self.project_json, dtype=h5py.string_dtype())
        monitors = file.create_group("monitors", track_order=True)
        for name, data in self.monitors.items():
            group = monitors.create_group(name, track_order=True)
            group.attrs["kind"] = data.kind
            group.attrs["node_id"] = data.node_id
            group.attrs["source"] = data.source
            group.attrs["source_size"] = int(data.source_size)
            for key, (array, unit) in data._datasets().items():
                array = np.asarray(array)
                options: dict[str, Any] = {}
                if array.size >= _COMPRESS_FROM:
                    options = {"compression": "gzip", "compression_opts": 4, "shuffle": True}
                dataset = group.create_dataset(key, data=array, **options)
                if unit is not None:
                    dataset.attrs["unit"] = unit
        if self.changes:
            text = changes_json(self.changes)
            file.create_dataset("changes", data=text, dtype=h5py.string_dtype())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Results:
        """Read results written by `save`, checking the file before reading any data.

        A results file is data from anywhere. Before anything is read, links (to other files
        or within this one), data kept outside the file, filters other than gzip, lzf,
        shuffle and fletcher32, and data out of proportion to the file's size (a
        decompression bomb) are refused (`engine.core.hdf5_checks`). Then every array is
        checked: numbers of the right kind and shape, one length per monitor, recorded
        elements within the recorded node, times finite and not negative; each monitor must
        be a monitor node of the stored project, which goes through the checks of a project
        file. Live changes (``/changes``, optional) must be changes of the stored project's
        constants, at finite times in order within the simulated time.

        Raises
        ------
        ResultsFileError
            If the file cannot be opened, is not a SpikeCanvas results file, was written by a
            newer SpikeCanvas (a newer results format version), is damaged, or holds anything
            refused above; the message says where in the file.
        """
        name = str(path)
        try:
            file = open_hdf5(path)
        except FileNotFoundError:
            raise ResultsFileError("there is no such file", name) from None
        except HDF5Problem as problem:
            raise ResultsFileError(str(problem), name) from None
        except OSError as error:
            raise ResultsFileError(f"it cannot be read ({error.strerror or error})", name) from None
        with file:
            return cls.read_group(file, name)

    @classmethod
    def read_group(cls, root: h5py.Group, name: str, prefix: str = "") -> Results:
        """Read the results stored in ``root``: a results file, or a group laid out as one.

        ``name`` is the file's name and ``prefix`` the group's path in it, for messages. The
        checks are those of `load`; ``root`` and what is below it are checked first.

        Raises
        ------
        ResultsFileError
            As `load`.
        """
        try:
            return cls._read(root, name, prefix)
        except ResultsFileError:
            raise
        except (KeyError, TypeError, ValueError, OSError, RuntimeError) as error:
            where = f" in '{prefix}'" if prefix else ""
            raise ResultsFileError(f"it is damaged or incomplete{where} ({error})", name) from None

    @classmethod
    def _read(cls, file: h5py.Group, name: str, prefix: str) -> Results:
        try:
            check_format(file, RESULTS_FORMAT, "results", RESULTS_FORMAT_VERSION)
        except HDF5Problem as problem:
            raise ResultsFileError(str(problem), name) from None
        try:
            check_tree(file, prefix)
        except HDF5Problem as problem:
            raise ResultsFileError(str(problem), name) from None
        provenance = Provenance.from_json(
            text_attribute(file, "provenance", "/", max_bytes=MAX_ATTRIBUTE_BYTES)
        )
        try:
            project = loads(read_text(file, "project", "project", MAX_FILE_BYTES))
        except ProjectFileError as error:
            raise ResultsFileError(
                f"the project stored in it cannot be read: {error}", name
            ) from None
        nodes = {node.name: node for node in project.nodes}
        monitors: dict[str, MonitorData] = {}
        group = file["monitors"]
        if not isinstance(group, h5py.Group):
            raise ValueError("'monitors' is not a group")
        for key, item in group.items():
            if not isinstance(item, h5py.Group):
                raise ValueError(f"'monitors/{key}' is not a group")
            monitors[key] = _read_monitor(key, item, nodes.get(key))
        changes: list[Change] = []
        if "changes" in file:  # files without live changes (and older ones) have none
            text = read_text(file, "changes", "changes", MAX_FILE_BYTES)
            changes = read_changes(text, project, provenance.simulated)
        return cls(project, provenance, monitors, changes)


def _read_monitor(name: str, group: h5py.Group, node: NodeBase | None) -> MonitorData:
    """Read and check one monitor's data (``node``: the project's node of that name)."""
    where = f"monitors/{name}"
    kind = text_attribute(group, "kind", where, max_bytes=256)
    data_class = DATA_CLASSES.get(kind)
    if data_class is None:
        raise ValueError(f"monitor '{name}' is of an unknown kind {kind!r}")
    node_id = text_attribute(group, "node_id", where)
    if node is None or node.kind != kind or node.id != node_id:
        raise ValueError(
            f"'{where}' is not the data of a {kind} node '{name}' (id '{node_id}') of the "
            "project stored with it"
        )
    size = integer_attribute(group, "source_size", where)
    if not 0 <= size <= MAX_ELEMENTS:  # recorded indices are int32
        raise ValueError(f"monitor '{name}' has no valid 'source_size' ({size})")
    source = text_attribute(group, "source", where)
    return data_class.read(
        group, where, node_id=node_id, name=name, source=source, source_size=size
    )
