"""Running the trials of a sweep on Dask: ``run_sweep(project, name) -> SweepTable``.

Each trial is one task of a `distributed` cluster: a `LocalCluster` of worker processes that
`run_sweep` starts (and closes) by default, or an existing scheduler (``scheduler=
"tcp://host:8786"``) or client. A task receives **plain data only** — the project's file text
(`engine.project.fileio.dumps`), the trial's point values (texts), its seed and the measures'
requests — and the worker reads the project with `engine.project.fileio.loads`, as it would
a file: no engine object is pickled, so a worker runs exactly what a file would give, and a
remote worker needs nothing but the same SpikeCanvas version. The task returns plain data as
well (`TrialResult`): the measures' values, units and notes, the trial's status, and its error
and the error's place when it failed. A failed trial (a project that cannot be built with a
point's values, a variable that becomes NaN) is recorded and the sweep goes on.

Results are taken as they finish (`distributed.as_completed`); ``progress(done, total,
result)`` is called in the caller's thread for each. ``cancel`` (a `threading.Event`) is
checked every `POLL` seconds: pending trials are cancelled (status ``"cancelled"``) and the
sweep returns without waiting for the running ones (a trial's run cannot be interrupted in its
worker: a cluster `run_sweep` started is closed, which ends its processes).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.project.document import Project
from engine.project.errors import BuildError, ProjectError, RunError
from engine.project.fileio import dumps, loads
from engine.project.runner import run
from engine.project.sweep.apply import apply
from engine.project.sweep.definition import MeasureRef, Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.measures import MeasureError, compute
from engine.project.sweep.measures import check as check_measure
from engine.project.sweep.points import Point, Trial, trials

__all__ = [
    "POLL",
    "MeasureValue",
    "PointStatistics",
    "ProgressFunction",
    "SweepTable",
    "TrialResult",
    "measure_label",
    "run_sweep",
    "run_trial",
]

#: How often, in seconds, a cancel request is checked while the trials run.
POLL = 0.05
#: How long, in seconds, closing a cluster `run_sweep` started may take before its worker
#: processes are ended (a running trial is not waited for).
CLOSE_TIMEOUT = 1.0

_log = logging.getLogger(__name__)


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
    """

    sweep: str
    parameters: tuple[str, ...]
    measures: tuple[str, ...]
    units: tuple[str, ...]
    trials: tuple[TrialResult, ...]
    points: tuple[PointStatistics, ...]
    status: str
    wall_time: float = 0.0

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


#: Called as ``progress(done, total, result)`` after each trial, in the caller's thread.
ProgressFunction = Callable[[int, int, TrialResult], None]


def measure_label(ref: MeasureRef) -> str:
    """Return a measure's column label: ``mean_rate(spikes)``, ``mean(trace.v)``...

    Options are added as ``; name=text`` so that two requests of one measure differ.
    """
    inside = f"{ref.node}.{ref.variable}" if ref.variable else ref.node
    options = "".join(f"; {k}={v}" for k, v in ref.options.items())
    return f"{ref.measure}({inside}{options})"


# -- the task ----------------------------------------------------------------------------------


def run_trial(
    project_text: str,
    values: Sequence[tuple[str, str]],
    seed: int | None,
    requests: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Run one trial and return what it gave as plain data (the task of a worker).

    Parameters
    ----------
    project_text
        The project's file text (`engine.project.fileio.dumps`).
    values
        (parameter name, value text) of the trial's point.
    seed
        The trial's seed (None: the run draws one).
    requests
        The measures' requests (``MeasureRef.model_dump()``).

    Returns
    -------
    dict
        ``status``, ``error``, ``error_place``, ``seed_used``, ``run_time``, ``wall_time``
        and ``measures``: a list of ``(value, unit, note)``. Every error is caught: a trial
        never raises, so one failing trial does not stop a sweep.
    """
    start = time.perf_counter()
    answer: dict[str, Any] = {
        "status": "completed",
        "error": "",
        "error_place": "",
        "seed_used": None,
        "run_time": 0.0,
        "measures": [],
    }
    try:
        project = apply(loads(project_text), Point(0, tuple(values)), seed)
        results = run(project)
        answer["seed_used"] = results.provenance.seed
        answer["run_time"] = results.provenance.wall_time
        measures = []
        for request in requests:
            try:
                measured = compute(results, request)
                measures.append((measured.value, measured.unit, measured.note))
            except ProjectError as error:  # checked by validation: a measure this run lacks
                measures.append((math.nan, "", str(error)))
        answer["measures"] = measures
    except (BuildError, RunError, SweepError) as error:  # RunError is not a BuildError
        answer.update(status="failed", error=_message(error), error_place=_place(error))
        if isinstance(error, RunError) and error.results is not None:
            answer["seed_used"] = error.results.provenance.seed
    except Exception as error:  # an engine bug must not end the sweep: its type and message
        answer.update(status="failed", error=f"{type(error).__name__}: {error}")
        _log.debug("trial failed:\n%s", traceback.format_exc())
    answer["wall_time"] = time.perf_counter() - start
    return answer


def _message(error: BuildError | RunError | SweepError) -> str:
    return error.message


def _place(error: BuildError | RunError | SweepError) -> str:
    if isinstance(error, SweepError):
        return error.field
    place = [f"'{error.node_name}'"] if error.node_name else []
    place += [error.field] if error.field else []
    place += [f"line {error.line}"] if error.line is not None else []
    return ", ".join(place)


# -- the sweep ---------------------------------------------------------------------------------


def run_sweep(
    project: Project,
    sweep_name: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    progress: ProgressFunction | None = None,
    cancel: threading.Event | None = None,
) -> SweepTable:
    """Run every trial of the sweep ``sweep_name`` of ``project`` on a Dask cluster.

    Parameters
    ----------
    project
        The project (not modified); its sweep names the parameters, repeats and measures.
    sweep_name
        The name of one of ``project.sweeps``.
    workers
        The number of worker processes of the local cluster started when neither
        ``scheduler`` nor ``client`` is given (default: the machine's cores), one thread
        each: trials are CPU-bound Python, which threads would serialize.
    scheduler
        The address of a running scheduler (``"tcp://host:8786"``) to connect to.
    client
        A `distributed.Client` to use (not closed).
    progress
        Called as ``progress(done, total, result)`` as each trial finishes, in this thread.
    cancel
        Once set, pending trials are cancelled and the sweep returns within about a second.

    Returns
    -------
    SweepTable
        One row per trial (cancelled ones included) and the statistics of each point.

    Raises
    ------
    SweepError
        If the project has no such sweep, it cannot be expanded, or a measure cannot be
        computed from the project's monitors (``field`` is ``measures[k]``): before any
        cluster is started.
    """
    started = time.perf_counter()
    sweep = _sweep(project, sweep_name)
    planned = trials(sweep, project)
    for k, ref in enumerate(sweep.measures):  # refused here, not once per trial on a worker
        try:
            check_measure(project, ref.model_dump())
        except MeasureError as error:
            raise SweepError(str(error), f"measures[{k}]") from None
    requests = [ref.model_dump() for ref in sweep.measures]
    text = dumps(project)
    results: dict[int, TrialResult] = {}
    cancelled = False
    with _Cluster(workers, scheduler, client) as dask:
        futures = {
            dask.submit(
                run_trial, text, trial.point.values, trial.seed, requests, pure=False
            ): trial
            for trial in planned
        }
        try:
            cancelled = _collect(
                dask, futures, results, len(requests), len(planned), progress, cancel
            )
        finally:  # cancelled, or an error (in ``progress``...): nothing is left queued
            left = [f for f in futures if not f.done()]
            if left:
                dask.cancel(left)
    for trial in planned:
        if trial.index not in results:
            results[trial.index] = TrialResult(
                trial.index,
                trial.point.index,
                trial.repeat,
                trial.seed,
                trial.point.values,
                tuple(MeasureValue(math.nan, "", "cancelled") for _ in requests),
                "cancelled",
            )
    ordered = tuple(results[t.index] for t in planned)
    return SweepTable(
        sweep=sweep.name,
        parameters=tuple(p.name.strip() for p in sweep.parameters),
        measures=_labels(sweep),
        units=_units(ordered, len(requests)),
        trials=ordered,
        points=_statistics(ordered, len(requests)),
        status="cancelled" if cancelled else "completed",
        wall_time=time.perf_counter() - started,
    )


def _sweep(project: Project, name: str) -> Sweep:
    for sweep in project.sweeps:
        if sweep.name == name:
            return sweep
    known = ", ".join(s.name for s in project.sweeps) or "none"
    raise SweepError(f"the project has no sweep called '{name}' (sweeps: {known})")


def _collect(
    client: Any,
    futures: Mapping[Any, Any],
    results: dict[int, TrialResult],
    measures: int,
    total: int,
    progress: ProgressFunction | None,
    cancel: threading.Event | None,
) -> bool:
    """Take each trial's result as it finishes; return True if ``cancel`` stopped it."""
    from distributed import as_completed

    pending = as_completed(list(futures), loop=client.loop)
    while not pending.is_empty():
        if cancel is not None and cancel.is_set():
            return True
        if not pending.has_ready():
            if cancel is not None:
                cancel.wait(POLL)
            else:
                time.sleep(POLL)
            continue
        for future in pending.next_batch(block=False):
            trial = futures[future]
            result = _result(trial, future, measures)
            results[trial.index] = result
            if progress is not None:
                progress(len(results), total, result)
            if cancel is not None and cancel.is_set():
                return True
    return cancel is not None and cancel.is_set() and len(results) < total


def _result(trial: Trial, future: Any, count: int) -> TrialResult:
    """Return the `TrialResult` of a finished future (a lost worker is a failed trial)."""
    if future.cancelled():  # by another client of the scheduler
        answer: dict[str, Any] = {"status": "cancelled"}
    else:
        try:
            answer = future.result()
        except Exception as error:  # the task itself never raises: the worker was lost
            answer = {"status": "failed", "error": f"{type(error).__name__}: {error}"}
    measures = tuple(MeasureValue(float(v), u, n) for v, u, n in answer.get("measures", []))
    if not measures:
        why = "cancelled" if answer["status"] == "cancelled" else "the trial failed"
        measures = tuple(MeasureValue(math.nan, "", why) for _ in range(count))
    return TrialResult(
        trial.index,
        trial.point.index,
        trial.repeat,
        trial.seed,
        trial.point.values,
        measures,
        answer["status"],
        answer.get("error", ""),
        answer.get("error_place", ""),
        answer.get("seed_used"),
        float(answer.get("wall_time", 0.0)),
        float(answer.get("run_time", 0.0)),
    )


def _labels(sweep: Sweep) -> tuple[str, ...]:
    labels: list[str] = []
    for ref in sweep.measures:
        label = measure_label(ref)
        while label in labels:  # the same request twice: still one column each
            label += "'"
        labels.append(label)
    return tuple(labels)


def _units(trials_: Sequence[TrialResult], count: int) -> tuple[str, ...]:
    units = []
    for k in range(count):
        units.append(next((t.measures[k].unit for t in trials_ if t.measures[k].unit), ""))
    return tuple(units)


def _statistics(trials_: Sequence[TrialResult], count: int) -> tuple[PointStatistics, ...]:
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


class _Cluster:
    """The client of a sweep: the one given, one connected to ``scheduler``, or a local one."""

    def __init__(self, workers: int | None, scheduler: str | None, client: Any) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.given = client
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        from distributed import Client, LocalCluster

        if self.given is not None:
            return self.given
        if self.scheduler is not None:
            self.client = Client(self.scheduler, set_as_default=False)
            return self.client
        self.cluster = LocalCluster(
            n_workers=self.workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be taken
            # The workers' warnings (a cancelled task, a busy event loop) say nothing to a
            # user of the sweep; their errors still show.
            silence_logs=logging.ERROR,
        )
        self.client = Client(self.cluster, set_as_default=False)
        return self.client

    def __exit__(self, *exc: object) -> None:
        pids: list[int] = []
        if self.cluster is not None:
            # A worker still running a trial does not close until the trial ends (a run cannot
            # be interrupted): its process is ended if the cluster is not closed in time.
            with contextlib.suppress(Exception):
                pids = [int(pid) for pid in self.client.run(os.getpid).values()]
        if self.client is not None:
            self.client.close(timeout=CLOSE_TIMEOUT)
        if self.cluster is not None:
            try:
                self.cluster.close(timeout=CLOSE_TIMEOUT)
            except TimeoutError:
                for pid in pids:
                    with contextlib.suppress(OSError):  # ended meanwhile
                        os.kill(pid, signal.SIGTERM)
