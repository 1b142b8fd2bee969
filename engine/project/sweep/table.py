"""The results of a sweep as plain data: a `TrialResult` per trial, a `SweepTable` for all.

`engine.project.sweep.run` fills them in as trials end; `engine.project.sweep.store` writes
and reads them (HDF5), `engine.project.sweep.table_csv` writes them as CSV. Nothing here
needs Dask or Qt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from engine.project.results import Results
from engine.project.sweep.definition import MeasureRef, Sweep

__all__ = [
    "MeasureValue",
    "PointStatistics",
    "SweepProvenance",
    "SweepTable",
    "TrialResult",
    "measure_label",
    "measure_labels",
    "measure_units",
    "point_statistics",
]


@dataclass(frozen=True)
class MeasureValue:
    """One measure of one trial (the plain data of `engine.project.sweep.measures.Measured`).

    Attributes
    ----------
    value
        The number, in `unit`; NaN when undefined, or when the trial failed.
    unit
        The display string of its unit (``"Hz"``; ``"1"`` for a pure number; empty when
        unknown because the trial failed).
    note
        Why `value` is NaN (empty when it is defined).
    """

    value: float
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class TrialResult:
    """What one trial gave, as plain data.

    Attributes
    ----------
    index, point, repeat, seed
        The trial (`engine.project.sweep.points.Trial`): its number, its point's, its repeat
        and its seed (None: drawn by the run, see `seed_used`).
    values
        (parameter name, value text) of its point.
    measures
        One per measure of the sweep, in the sweep's order.
    status
        ``"completed"``, ``"failed"`` (see `error`) or ``"cancelled"`` (never run).
    error
        What went wrong (empty unless failed).
    error_place
        Where: ``'G', model, line 1`` for an error of a node's field (empty when unknown).
    seed_used
        The seed the run used (None when it did not start).
    wall_time
        Wall time of the task in its worker (reading, building, running, measuring), in s.
    run_time
        Wall time of the run as the engine recorded it (`Provenance.wall_time`), in s.
    data
        When the sweep keeps each trial's data: its results as the bytes of a results file
        (`Results.to_bytes`; also what a failed run recorded); see `results`.
    """

    index: int
    point: int
    repeat: int
    seed: int | None
    values: tuple[tuple[str, str], ...]
    measures: tuple[MeasureValue, ...]
    status: str
    error: str = ""
    error_place: str = ""
    seed_used: int | None = None
    wall_time: float = 0.0
    run_time: float = 0.0
    data: bytes | None = field(default=None, repr=False)

    def results(self) -> Results:
        """Return the trial's full results, kept because its sweep has ``keep_data``.

        Raises
        ------
        ValueError
            If the trial's data was not kept (re-run `engine.project.sweep.apply.trial_project`
            to see it).
        ResultsFileError
            If the kept data cannot be read (see `Results.from_bytes`).
        """
        if self.data is None:
            raise ValueError(f"the data of trial {self.index} was not kept")
        return Results.from_bytes(self.data, f"<trial {self.index}>")


@dataclass(frozen=True)
class PointStatistics:
    """The statistics over the repeats of one point, for each measure.

    Over the defined values of the completed repeats: ``n`` of them, their mean and their
    standard deviation with ``ddof=1`` (the sample estimate of the spread between repeats;
    NaN when ``n < 2``, and the mean is NaN when ``n == 0``).
    """

    point: int
    values: tuple[tuple[str, str], ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    n: tuple[int, ...]


@dataclass(frozen=True)
class SweepProvenance:
    """How a sweep was run.

    Attributes
    ----------
    engine_version, dask_version, python_version, platform
        The environment of the caller (each worker records its own in a kept trial's data).
    started
        When the sweep started, ISO 8601 in UTC.
    cluster
        ``"local"`` (a cluster the sweep started), ``"client"`` (one given) or the
        scheduler's address.
    workers
        The number of workers the cluster had when the trials were sent.
    """

    engine_version: str = ""
    dask_version: str = ""
    python_version: str = ""
    platform: str = ""
    started: str = ""
    cluster: str = ""
    workers: int = 0


@dataclass(frozen=True)
class SweepTable:
    """The results of a sweep: one `TrialResult` per trial and the statistics of each point.

    Attributes
    ----------
    sweep
        The sweep's name.
    parameters
        The names of its parameters, in order.
    measures
        The label of each measure (`measure_label`), in order.
    units
        The unit of each measure (from the first trial that gave one; empty if none did).
    trials
        Every trial, in the order of their indices.
    points
        The statistics over the repeats of each point, in order.
    status
        ``"completed"`` (every trial ran, some maybe failed) or ``"cancelled"``.
    wall_time
        Wall time of the whole sweep in the caller, in seconds (cluster start included).
    provenance
        How and where it ran.
    """

    sweep: str
    parameters: tuple[str, ...]
    measures: tuple[str, ...]
    units: tuple[str, ...]
    trials: tuple[TrialResult, ...]
    points: tuple[PointStatistics, ...]
    status: str
    wall_time: float = 0.0
    provenance: SweepProvenance = field(default_factory=SweepProvenance)

    def count(self, status: str) -> int:
        """Return the number of trials with ``status`` (``"failed"``...)."""
        return sum(t.status == status for t in self.trials)

    def header(self) -> list[str]:
        """Return the column names of `rows`."""
        return [
            "trial",
            "point",
            "repeat",
            "seed",
            *self.parameters,
            *self.measures,
            "status",
            "error",
            "error_place",
            "wall_time",
        ]

    def rows(self) -> list[list[str | int | float]]:
        """Return one row per trial, in the order of `header` (a missing seed is empty)."""
        return [
            [
                t.index,
                t.point,
                t.repeat,
                "" if t.seed is None else t.seed,
                *(text for _, text in t.values),
                *(m.value for m in t.measures),
                t.status,
                t.error,
                t.error_place,
                t.wall_time,
            ]
            for t in self.trials
        ]


def measure_label(ref: MeasureRef) -> str:
    """Return a measure's column label: ``mean_rate(spikes)``, ``mean(trace.v)``...

    Options are added as ``; name=text`` so that two requests of one measure differ.
    """
    inside = f"{ref.node}.{ref.variable}" if ref.variable else ref.node
    options = "".join(f"; {k}={v}" for k, v in ref.options.items())
    return f"{ref.measure}({inside}{options})"


def measure_labels(sweep: Sweep) -> tuple[str, ...]:
    """Return the column label of each measure of ``sweep``, made distinct (``'`` added)."""
    labels: list[str] = []
    for ref in sweep.measures:
        label = measure_label(ref)
        while label in labels:  # the same request twice: still one column each
            label += "'"
        labels.append(label)
    return tuple(labels)


def measure_units(trials_: Sequence[TrialResult], count: int) -> tuple[str, ...]:
    """Return the unit of each of ``count`` measures: the first a trial gave (empty if none)."""
    units = []
    for k in range(count):
        units.append(next((t.measures[k].unit for t in trials_ if t.measures[k].unit), ""))
    return tuple(units)


def point_statistics(trials_: Sequence[TrialResult], count: int) -> tuple[PointStatistics, ...]:
    """Return the statistics over the repeats of each point of ``trials_``, in point order."""
    by_point: dict[int, list[TrialResult]] = {}
    for trial in trials_:
        by_point.setdefault(trial.point, []).append(trial)
    statistics = []
    for point, repeats in by_point.items():
        means, stds, ns = [], [], []
        for k in range(count):
            values = np.array(
                [
                    t.measures[k].value
                    for t in repeats
                    if t.status == "completed" and not math.isnan(t.measures[k].value)
                ],
                dtype=np.float64,
            )
            ns.append(len(values))
            means.append(float(np.mean(values)) if len(values) else math.nan)
            stds.append(float(np.std(values, ddof=1)) if len(values) >= 2 else math.nan)
        statistics.append(
            PointStatistics(point, repeats[0].values, tuple(means), tuple(stds), tuple(ns))
        )
    return tuple(statistics)
