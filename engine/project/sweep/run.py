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
import platform
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from engine.project.document import Project
from engine.project.errors import BuildError, ProjectError, RunError
from engine.project.fileio import dumps, loads
from engine.project.runner import refuse_invalid, run
from engine.project.sweep.apply import apply
from engine.project.sweep.definition import Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.measures import compute
from engine.project.sweep.points import Point, Trial, trials
from engine.project.sweep.table import (
    MeasureValue,
    SweepProvenance,
    SweepTable,
    TrialResult,
    measure_labels,
    measure_units,
    point_statistics,
)

__all__ = [
    "POLL",
    "ProgressFunction",
    "check_scheduler_address",
    "run_sweep",
    "run_trial",
]

#: How often, in seconds, a cancel request is checked while the trials run.
POLL = 0.05
#: How long, in seconds, closing a cluster `run_sweep` started may take before its worker
#: processes are ended (a running trial is not waited for).
CLOSE_TIMEOUT = 1.0

_log = logging.getLogger(__name__)


#: Called as ``progress(done, total, result)`` after each trial, in the caller's thread.
ProgressFunction = Callable[[int, int, TrialResult], None]


# -- the task ----------------------------------------------------------------------------------


def run_trial(
    project_text: str,
    values: Sequence[tuple[str, str]],
    seed: int | None,
    requests: Sequence[Mapping[str, Any]],
    keep_data: bool = False,
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
    keep_data
        Return the trial's results too, as the bytes of a results file (``data``).

    Returns
    -------
    dict
        ``status``, ``error``, ``error_place``, ``seed_used``, ``run_time``, ``wall_time``,
        ``measures``: a list of ``(value, unit, note)``, and ``data`` (bytes or None). Every
        error is caught: a trial never raises, so one failing trial does not stop a sweep.
    """
    start = time.perf_counter()
    answer: dict[str, Any] = {
        "status": "completed",
        "error": "",
        "error_place": "",
        "seed_used": None,
        "run_time": 0.0,
        "measures": [],
        "data": None,
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
        if keep_data:
            answer["data"] = results.to_bytes()
    except (BuildError, RunError, SweepError) as error:  # RunError is not a BuildError
        answer.update(status="failed", error=_message(error), error_place=_place(error))
        if isinstance(error, RunError) and error.results is not None:
            answer["seed_used"] = error.results.provenance.seed
            if keep_data:  # what was recorded until it failed: where the NaN came from
                answer["data"] = error.results.to_bytes()
    except Exception as error:  # an engine bug must not end the sweep: its type and message
        answer.update(status="failed", error=f"{type(error).__name__}: {error}")
        _log.debug("trial failed:\n%s", traceback.format_exc())
    answer["wall_time"] = time.perf_counter() - start
    return answer


def _same(text: str) -> str:
    return text


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
        If the project has no such sweep, or ``scheduler`` is not an address: before any
        cluster is started.
    InvalidProjectError
        If validation finds errors in the project (its sweeps included: a value of the wrong
        unit, a measure the monitors cannot give, placed at ``sweeps.<name>...``): before
        any cluster is started, as `run` refuses them.
    """
    started = time.perf_counter()
    if scheduler is not None:
        check_scheduler_address(scheduler)
    sweep = _sweep(project, sweep_name)
    refuse_invalid(project)  # what each trial would refuse, once and before any cluster
    planned = trials(sweep, project)
    requests = [ref.model_dump() for ref in sweep.measures]
    text = dumps(project)
    results: dict[int, TrialResult] = {}
    cancelled = False
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    with _Cluster(workers, scheduler, client) as dask:
        provenance = _provenance(dask, started_at, "client" if client is not None else scheduler)
        # The project's text is sent once, as the result of a task every trial depends on,
        # rather than with every trial; workers copy it from each other. (`Client.scatter`
        # would wait, uncancellable, for a cluster that has no workers yet.)
        shared = dask.submit(_same, text, pure=False)
        futures = {
            dask.submit(
                run_trial,
                shared,
                trial.point.values,
                trial.seed,
                requests,
                sweep.keep_data,
                pure=False,
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
                dask.cancel([*left, shared])
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
        measures=measure_labels(sweep),
        units=measure_units(ordered, len(requests)),
        trials=ordered,
        points=point_statistics(ordered, len(requests)),
        status="cancelled" if cancelled else "completed",
        wall_time=time.perf_counter() - started,
        provenance=provenance,
    )


def _provenance(client: Any, started: str, cluster: str | None) -> SweepProvenance:
    from importlib.metadata import version

    from engine._version import __version__

    try:
        workers = len(client.scheduler_info().get("workers", {}))
    except Exception:  # a scheduler that does not answer now fails the trials, not this
        workers = 0
    return SweepProvenance(
        engine_version=__version__,
        dask_version=version("distributed"),
        python_version=platform.python_version(),
        platform=platform.platform(),
        started=started,
        cluster=cluster or "local",
        workers=workers,
    )


#: A scheduler's address: ``tcp://host:8786`` (or tls, ws, wss, ucx), or ``host:8786``.
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[\w.-]+):\d{1,5}")


def check_scheduler_address(address: str) -> None:
    """Refuse a text that is not a scheduler's address, before anything connects to it.

    Raises
    ------
    SweepError
        If it is not ``[protocol://]host:port``, saying how to write one.
    """
    if _ADDRESS.fullmatch(address.strip()) is None or int(address.rsplit(":", 1)[1]) > 65535:
        raise SweepError(
            f"'{address}' is not the address of a Dask scheduler: write tcp://HOST:PORT "
            "(e.g. tcp://10.0.0.5:8786, as 'dask scheduler' prints it)"
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
    # Woken as soon as a trial ends (the callbacks run in a thread of the client), not after
    # sleeping POLL: each result reaches ``progress`` at once, the last one ends the sweep.
    finished = threading.Event()
    for future in futures:
        future.add_done_callback(lambda _: finished.set())
    left = set(futures)
    while left:
        if cancel is not None and cancel.is_set():
            return True
        finished.clear()  # before looking: a trial that ends meanwhile sets it again
        done = [future for future in left if future.done()]
        if not done:
            finished.wait(POLL)
            continue
        for future in sorted(done, key=lambda f: futures[f].index):
            left.discard(future)
            trial = futures[future]
            result = _result(trial, future, measures)
            results[trial.index] = result
            if progress is not None:
                progress(len(results), total, result)
            if cancel is not None and cancel.is_set():
                return True
    return False


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
        answer.get("data"),
    )


class _Cluster:
    """The client of a sweep: the one given, one connected to ``scheduler``, or a local one."""

    def __init__(self, workers: int | None, scheduler: str | None, client: Any) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.given = client
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        import dask
        from distributed import Client, LocalCluster

        if self.given is not None:
            return self.given
        if self.scheduler is not None:
            self.client = Client(self.scheduler, set_as_default=False)
            return self.client
        # Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off
        # glibc's adaptive mmap threshold: every large array a trial allocates is mapped and
        # faulted in anew (~30 ms of a 0.1 s CUBA trial, tests/benchmarks/test_sweep_speed.py).
        # A nanny also writes it into this process's environment: it is removed there too.
        if os.environ.get("MALLOC_TRIM_THRESHOLD_") == "65536":
            del os.environ["MALLOC_TRIM_THRESHOLD_"]
        trim = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
        with dask.config.set(trim):
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
