"""A sweep's throughput and overhead on 2 Dask workers: prints wall times, asserts none of them.

Run with ``make benchmark`` (or ``pytest -m benchmark -s tests/benchmarks/test_sweep_speed.py``);
it takes about two minutes. Timings vary by tens of percent on shared machines: compare figures
from one run only. docs/performance.md ("Sweeps") keeps a table it printed.

The network is the bundled CUBA example (4000 LIF neurons, ~320 000 synapses) on its own code
target (``auto``: compiled where a C compiler is found), swept over ``we`` (4 values, 4
repeats: 16 trials), once for its 200 ms and once for 1 s. Everything is warm: the compile
cache holds the network's modules, the workers ran the sweep once and this process one trial
first (a process's first trial solves the model's equations with sympy, ~0.7 s). Each way of
running the trials is timed `REPEATS` times; medians are printed. Printed:

* **in turn**: one process calls `run_trial` 16 times in a loop (what a sweep costs without
  Dask); **sweep**: `run_sweep` on a 2-worker `LocalCluster` (its start timed apart, in
  **cluster start**); **throughput ratio**: in turn's wall time over the sweep's (issue 21's
  goal: at least 1.7 on 2 workers). Two clusters: one with Dask's settings (``dask``), one
  whose workers do not get the ``MALLOC_TRIM_THRESHOLD_`` of Dask's nannies (``no-trim``,
  see `CLUSTERS`);
* **workers busy**: the share of the sweep's wall time its workers spent in trials (the rest
  is what Dask's scheduling leaves idle: a ratio below 2 with busy workers means each trial
  ran slower in parallel — cores taken by other processes, or the workers' settings);
* **first trial (worker)**: the slowest trial of the workers' first sweep (cold: solving the
  model's equations, loading the compiled modules);
* the per-trial **overhead** in a process: `TrialResult.wall_time` minus `run_time` (reading
  the project, applying the point, validating, building, measuring), median over the trials;
* the **round trip** a client sees: from submitting one trial to having its result, minus the
  trial's wall time in the worker (scheduling, sending, collecting), median of a few trials
  submitted one at a time, as a bare ``client.submit(run_trial, ...)`` and as a one-trial
  `run_sweep` (which adds validating the project, asking the scheduler for its workers, the
  task holding the project's text, and up to `POLL` of waiting); the goal for a warm trial's
  overhead in all: under 0.2 s;
* where a warm trial's time goes in this process: `loads`, `apply`, copying and validating the
  project and building the network (`Simulation`), running (`Simulation.run`, which generates
  the code of each object and loads its compiled module before the loop), measuring.
"""

from __future__ import annotations

import logging
import math
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask
import numpy as np
from distributed import Client, LocalCluster

from engine.project.fileio import dumps, load, loads
from engine.project.runner import Simulation
from engine.project.sweep import MeasureRef, Parameter, Sweep, apply, trials
from engine.project.sweep.measures import compute
from engine.project.sweep.run import run_sweep, run_trial

CUBA = Path(__file__).parents[2] / "examples" / "cuba.spikecanvas"
DURATIONS = ("200*ms", "1*second")
WORKERS = 2
#: Times each way of running the 16 trials is timed (the median is printed).
REPEATS = 3
#: The local clusters compared: dask's settings, and without the ``MALLOC_TRIM_THRESHOLD_``
#: its nannies give their workers (64 KiB: with it glibc returns freed memory to the system
#: at once and maps every large array anew, page by page; a trial allocates many).
CLUSTERS: dict[str, dict[str, Any]] = {
    "no-trim": {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None},
    "dask": {},
}
#: Trials submitted one at a time to time the round trip.
ROUND_TRIPS = 8
MEASURES = [
    MeasureRef(measure="mean_rate", node="P"),
    MeasureRef(measure="spike_count", node="spikes"),
    MeasureRef(measure="mean", node="trace", variable="v"),
]


def cuba(duration: str, values: str = "1.4*mV:1.8*mV:4", repeats: int = 4) -> Any:
    """Return the CUBA example run for ``duration`` with a sweep ``we`` over ``values``."""
    project = load(CUBA)
    project.run.duration = duration
    project.sweeps = [
        Sweep(
            name="we",
            parameters=[Parameter(name="we", values=values)],
            repeats=repeats,
            measures=MEASURES,
        )
    ]
    return project


def arguments(project: Any) -> list[tuple[str, Any, int | None, list[dict[str, Any]]]]:
    """Return the arguments of `run_trial` for each trial of the project's sweep, in order."""
    text = dumps(project)
    requests = [ref.model_dump() for ref in project.sweeps[0].measures]
    return [
        (text, trial.point.values, trial.seed, requests)
        for trial in trials(project.sweeps[0], project)
    ]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def phases(project: Any) -> dict[str, float]:
    """Return the median wall time of each step of a warm trial in this process, in seconds."""
    text, _, seed, requests = arguments(project)[0]
    point = trials(project.sweeps[0], project)[0].point
    spent: dict[str, list[float]] = {}
    for _ in range(ROUND_TRIPS):
        marks = [time.perf_counter()]
        loaded = loads(text)
        marks.append(time.perf_counter())
        applied = apply(loaded, point, seed)
        marks.append(time.perf_counter())
        simulation = Simulation(applied)
        marks.append(time.perf_counter())
        results = simulation.run()
        marks.append(time.perf_counter())
        for request in requests:
            compute(results, request)
        marks.append(time.perf_counter())
        loading, applying, creating, running, measuring = np.diff(marks)
        for name, seconds in [
            ("loads", loading),
            ("apply", applying),
            ("copy + validate", creating - simulation.build_time),
            ("build", simulation.build_time),
            ("run", running),
            ("measure", measuring),
        ]:
            spent.setdefault(name, []).append(float(seconds))
    return {name: statistics.median(times) for name, times in spent.items()}


def in_turn(project: Any) -> tuple[float, list[dict[str, Any]]]:
    """Run every trial in this process, one after the other (a first one, discarded, warms)."""
    calls = arguments(project)
    run_trial(*calls[0])
    return timed(lambda: [run_trial(*call) for call in calls])


def round_trips(client: Any, project: Any) -> tuple[list[float], list[float]]:
    """Return the client's round trip minus the worker's wall time: bare task, one-trial sweep."""
    call = arguments(project)[0]
    bare = []
    for _ in range(ROUND_TRIPS):
        seconds, answer = timed(lambda: client.submit(run_trial, *call, pure=False).result())
        bare.append(seconds - answer["wall_time"])
    one = cuba(project.run.duration, values="1.62*mV", repeats=1)
    swept = []
    for _ in range(ROUND_TRIPS):
        seconds, table = timed(lambda: run_sweep(one, "we", client=client))
        swept.append(seconds - table.trials[0].wall_time)
    return bare, swept


def overheads(answers: list[Any]) -> float:
    """Return the median of wall time minus run time (answers: dicts or `TrialResult`s)."""

    def get(answer: Any, key: str) -> float:
        return float(answer[key] if isinstance(answer, dict) else getattr(answer, key))

    return statistics.median(get(a, "wall_time") - get(a, "run_time") for a in answers)


def test_print_sweep_throughput_and_overhead():
    before = os.getloadavg()[0]  # other processes on the machine take cores from the workers
    logger = logging.getLogger("distributed")  # its life cycle at INFO says nothing here
    level = logger.level
    logger.setLevel(logging.WARNING)
    # A Nanny sets its `pre-spawn-environ` in this process's environment (later workers and
    # subprocesses inherit it): restored after.
    environment = dict(os.environ)
    measured = {}
    try:
        for variant, config in CLUSTERS.items():
            with dask.config.set(config):
                start, cluster = timed(
                    lambda: LocalCluster(
                        n_workers=WORKERS,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                    )
                )
            with cluster, Client(cluster, set_as_default=False) as client:
                client.wait_for_workers(WORKERS)
                for duration in DURATIONS:
                    measured[f"{duration} {variant}"] = measure(client, cuba(duration), start)
            os.environ.clear()
            os.environ.update(environment)
    finally:
        logger.setLevel(level)
        os.environ.clear()
        os.environ.update(environment)
    print_table(measured, (before, os.getloadavg()[0]))


def measure(client: Any, project: Any, start: float) -> dict[str, Any]:
    """Time one duration's sweep both ways; check that both measured the same numbers."""
    # Warm: a worker's first trial solves the model's equations (sympy, ~0.7 s; kept for the
    # process after) and loads the compiled modules; in the thread that runs trials.
    cold = run_sweep(project, "we", client=client)
    serial_times, sweep_times, busy = [], [], []
    for _ in range(REPEATS):
        seconds, answers = in_turn(project)
        serial_times.append(seconds)
        table = run_sweep(project, "we", client=client)
        sweep_times.append(table.wall_time)
        busy.append(sum(t.wall_time for t in table.trials) / (WORKERS * table.wall_time))
        assert table.count("completed") == len(answers) == 16
        for answer, result in zip(answers, table.trials, strict=True):
            values = [value for value, _, _ in answer["measures"]]
            assert all(math.isfinite(v) for v in values)
            # The same trial (project text, point, seed) in a worker and here: the same numbers.
            assert [m.value for m in result.measures] == values
    bare, swept = round_trips(client, project)
    serial, sweep = statistics.median(serial_times), statistics.median(sweep_times)
    return {
        "cluster start": start,
        "first trial (worker)": max(t.wall_time for t in cold.trials),
        "in turn": serial,
        "sweep": sweep,
        "throughput ratio": serial / sweep,
        "workers busy": statistics.median(busy),
        "trial (in turn)": statistics.median(a["wall_time"] for a in answers),
        "run (in turn)": statistics.median(a["run_time"] for a in answers),
        "overhead (in turn)": overheads(answers),
        "trial (worker)": statistics.median(t.wall_time for t in table.trials),
        "run (worker)": statistics.median(t.run_time for t in table.trials),
        "overhead (worker)": overheads(list(table.trials)),
        "round trip (submit)": statistics.median(bare),
        "round trip (run_sweep)": statistics.median(swept),
        "phases": phases(project),
    }


def print_table(measured: dict[str, dict[str, Any]], load: tuple[float, float]) -> None:
    columns = list(measured)
    print()
    print(f"load average (1 min) before and after: {load[0]:.2f}, {load[1]:.2f} (2 cores)")
    print(f"CUBA 4000, 16 trials over we, {WORKERS} workers (seconds; medians per trial)")
    for line in (0, 1):  # "200*ms" over "dask", "200*ms" over "no trim"...
        print(f"{'':<24}" + "".join(f"{c.split()[line]:>14}" for c in columns))
    for key in measured[columns[0]]:
        if key == "phases":
            continue
        spec = ".2f" if key in ("throughput ratio", "workers busy") else ".3f"
        print(f"{key:<24}" + "".join(f"{measured[c][key]:>14{spec}}" for c in columns))
    print("a warm trial in this process:")
    for step in measured[columns[0]]["phases"]:
        cells = "".join(f"{measured[c]['phases'][step]:>14.3f}" for c in columns)
        print(f"  {step:<22}{cells}")
