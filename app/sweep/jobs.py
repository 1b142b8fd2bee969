"""The work the sweep window does in the background (no Qt): a sweep, a trial, a timing.

Each function returns a job for `app.sweep.background.BackgroundJob`: it runs in the job's
thread. A sweep runs on Dask (`run_sweep`). A single trial — run again to show its spikes and
traces, or run once to time it — runs in a **process** of its own, started for it: the engine
runs one simulation at a time in a process, and the window's own runs and live validation
must not share it. Like a sweep's task, that process receives the project's file text and
returns plain data (a results file's bytes, `Results.to_bytes`).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from engine.project.document import Project
from engine.project.errors import BuildError, RunError
from engine.project.fileio import dumps, loads
from engine.project.results import Results
from engine.project.runner import run
from engine.project.sweep.apply import trial_project
from engine.project.sweep.points import trials
from engine.project.sweep.run import run_sweep, run_trial
from engine.project.sweep.table import SweepTable, TrialResult

__all__ = ["SweepRequest", "rerun_job", "sweep_job", "timing_job"]

Report = Callable[[object], None]


class SweepRequest:
    """What to run: a copy of the project, the sweep's name and where.

    Attributes
    ----------
    project
        The project (a copy: the user may edit the window's while the sweep runs).
    name
        The sweep's name.
    workers
        Worker processes of the local cluster (None: the machine's cores).
    scheduler
        A scheduler's address (``tcp://host:8786``), or None for a local cluster.
    client
        A `distributed.Client` to use instead (tests share one), or None.
    cancel
        Set to cancel the sweep.
    """

    def __init__(
        self,
        project: Project,
        name: str,
        workers: int | None = None,
        scheduler: str | None = None,
        client: Any = None,
    ) -> None:
        self.project = project.model_copy(deep=True)
        self.name = name
        self.workers = workers
        self.scheduler = scheduler
        self.client = client
        self.cancel = threading.Event()


def sweep_job(request: SweepRequest) -> Callable[[Report], SweepTable]:
    """Return the job that runs ``request``; it reports ``(done, total, TrialResult)``."""

    def job(report: Report) -> SweepTable:
        return run_sweep(
            request.project,
            request.name,
            workers=request.workers,
            scheduler=request.scheduler,
            client=request.client,
            progress=lambda done, total, result: report((done, total, result)),
            cancel=request.cancel,
        )

    return job


def _run_text(text: str) -> tuple[bytes, str]:
    """Run a project's file text; return (its results' bytes, "") or (b"", the error).

    The task of the trial's process: plain data in and out (errors as text: a `RunError`
    holds results, which need not pickle).
    """
    try:
        return run(loads(text)).to_bytes(), ""
    except (BuildError, RunError) as error:
        return b"", str(error)


def _in_process(function: Callable[..., Any], *arguments: Any) -> Any:
    """Call ``function`` in a fresh process (spawned: no state of this one is inherited)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *arguments).result()


class TrialRunError(RuntimeError):
    """A trial run again that failed (its message is the run's error)."""


def rerun_job(project: Project, trial: TrialResult) -> Callable[[Report], Results]:
    """Return the job that runs ``trial`` again and returns its results.

    The trial's project (`trial_project`: its point's values and the seed it used) runs in a
    process of its own.
    """
    text = dumps(trial_project(project, trial))

    def job(report: Report) -> Results:
        data, error = _in_process(_run_text, text)
        if error:
            raise TrialRunError(error)
        return Results.from_bytes(data, f"<trial {trial.index}>")

    return job


def timing_job(project: Project, name: str) -> Callable[[Report], float]:
    """Return the job that times the first trial of the sweep ``name`` (in seconds).

    The time is the trial's wall time as on a worker: reading, building and running it.

    Raises (in the job)
    -------------------
    SweepError
        If the sweep cannot be expanded.
    """
    sweep = next(s for s in project.sweeps if s.name == name)
    first = trials(sweep, project)[0]
    text = dumps(project)
    requests = [ref.model_dump() for ref in sweep.measures]

    def job(report: Report) -> float:
        answer = _in_process(run_trial, text, first.point.values, first.seed, requests)
        return float(answer["wall_time"])

    return job
