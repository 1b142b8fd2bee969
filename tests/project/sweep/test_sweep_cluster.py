"""A sweep on a cluster of its own: a ``dask scheduler`` and two ``dask worker`` processes.

What a user does with a cluster that SpikeCanvas does not start: the scheduler and the workers
are started as commands (here on localhost, with the ``dask`` command of this environment), and
the sweep is given the scheduler's address (``run_sweep(..., scheduler=...)``, ``spikecanvas
sweep --scheduler``). The second test starts the workers with an empty compile cache of their
own and runs compiled trials: both workers compile the same modules at the same moment, which
must neither fail, nor damage the cache, nor change a spike.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import numpy as np
import psutil  # type: ignore[import-untyped]  # psutil ships no type hints
import pytest
from distributed import Client

from engine.codegen.cython import build as cython_build
from engine.project.fileio import save
from engine.project.monitor_data import SpikeData
from engine.project.runner import run
from engine.project.sweep import MeasureRef, Parameter, Sweep, apply_trial, trials
from engine.project.sweep.run import run_sweep
from engine.project.sweep.table_csv import trials_header

# Each test starts 3 processes and waits for them; compiling on 2 busy cores takes a while.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

DASK = Path(sys.executable).with_name("dask")
SPIKECANVAS = Path(sys.executable).with_name("spikecanvas")
#: Seconds allowed for the scheduler to write its file, the workers to join, a process to end.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class LocalhostCluster:
    """A ``dask scheduler`` and ``dask worker`` processes on localhost, started as commands.

    The scheduler listens on a free port (``--port 0``) and writes its address into a
    scheduler file; the workers (one thread each, no nanny: each is one process) find it there.
    Their output goes to log files in ``folder``.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []
        self.address = ""

    def start(self, workers: int, environment: dict[str, str] | None = None) -> str:
        """Start the scheduler and ``workers`` workers; return the scheduler's address."""
        scheduler_file = self.folder / "scheduler.json"
        env = {**os.environ, **(environment or {})}
        self._spawn(
            "scheduler",
            [
                "scheduler",
                *("--host", "127.0.0.1", "--port", "0", "--no-dashboard"),
                *("--scheduler-file", str(scheduler_file)),
                # Should the test process die, a scheduler nobody uses ends by itself.
                *("--idle-timeout", "600"),
            ],
            env,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.address:
            assert self.processes[0].poll() is None, self.log("scheduler")
            assert time.monotonic() < deadline, "the scheduler wrote no scheduler file"
            time.sleep(0.1)
            # Not there yet, or being written (a partial file is no JSON yet): read it again.
            with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
                self.address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        for k in range(workers):
            self._spawn(
                f"worker-{k}",
                [
                    "worker",
                    *("--scheduler-file", str(scheduler_file)),
                    *("--nthreads", "1", "--no-nanny", "--no-dashboard"),
                    *("--host", "127.0.0.1", "--name", f"worker-{k}"),
                    *("--local-directory", str(self.folder / f"worker-{k}")),
                    # A worker whose scheduler is gone ends by itself.
                    *("--death-timeout", "60"),
                ],
                env,
            )
        with Client(self.address, set_as_default=False, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT)
        return self.address

    def _spawn(self, name: str, arguments: list[str], env: dict[str, str]) -> None:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen([str(DASK), *arguments], stdout=log, stderr=subprocess.STDOUT, env=env)
        )

    def log(self, name: str) -> str:
        """Return what the process ``name`` (``scheduler``, ``worker-0``...) printed so far."""
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> list[int | None]:
        """End the workers, then the scheduler (SIGTERM, then SIGKILL); return exit codes."""
        for process in reversed(self.processes):  # the workers first: they leave cleanly
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        for log in self.logs:
            log.close()
        return [process.poll() for process in self.processes]

    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def strays(self) -> list[list[str]]:
        """Return the command lines of processes on this machine that name ``folder``.

        Every process of the cluster has its scheduler file or its folder in its command
        line: any such process left, even one whose parent ended, is a stray.
        """
        lines = []
        for process in psutil.process_iter(["cmdline", "status"]):
            line = process.info["cmdline"] or []
            if process.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if any(str(self.folder) in part for part in line):
                lines.append(line)
        return lines


@pytest.fixture
def localhost_cluster(tmp_path) -> Iterator[LocalhostCluster]:
    # The test's client logs its connections at INFO; only warnings and errors are of interest.
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    cluster = LocalhostCluster(tmp_path)
    try:
        yield cluster
    finally:
        cluster.stop()  # also when the test failed: no process outlives it
        logger.setLevel(level)


def with_sweep(project, **fields):
    swept = project.model_copy(deep=True)
    swept.sweeps = [Sweep(name="s", **fields)]
    return swept


def workers_of_trials(client: Client, since: float) -> set[str]:
    """Return the addresses of the workers that ran trials since ``since`` (a `time.time`)."""
    return {
        record["worker"]
        for record in client.get_task_stream(start=since)
        if "run_trial" in str(record["key"])
    }


def test_a_sweep_runs_on_a_scheduler_and_workers_started_as_commands(
    small, localhost_cluster, tmp_path
):
    assert DASK.exists(), "distributed installs the dask command"
    address = localhost_cluster.start(workers=2)
    project = with_sweep(
        small,
        parameters=[Parameter(name="I", values="1.2:2:3")],
        repeats=2,
        measures=[MeasureRef(measure="spike_count", node="spikes")],
    )
    with Client(address, set_as_default=False) as client:
        client.get_task_stream()  # the scheduler records the task stream from now on
        since = time.time()
        table = run_sweep(project, "s", scheduler=address)
        workers = workers_of_trials(client, since)
        pids = client.run(os.getpid)

    assert table.status == "completed"
    assert table.count("completed") == 6
    # Both workers ran trials: 6 trials queued at once on 2 idle one-thread workers.
    assert len(workers) == 2
    assert set(workers) == set(pids)
    # The worker processes are the ones started here (no nanny in between).
    assert set(pids.values()) == set(localhost_cluster.pids()[1:])
    for trial, result in zip(trials(project.sweeps[0], project), table.trials, strict=True):
        spikes = run(apply_trial(project, trial))["spikes"]
        assert isinstance(spikes, SpikeData)
        assert result.measures[0].value == len(spikes.i)  # the same trial here: same count

    # The same sweep from the command line, on the same cluster: the same counts, trial by trial.
    save(small, tmp_path / "small.spikecanvas")
    command = [str(SPIKECANVAS), "sweep", str(tmp_path / "small.spikecanvas")]
    command += ["--vary", "I=1.2:2:3", "--repeat", "2", "--measure", "spike_count(spikes)"]
    command += ["--scheduler", address, "--trials-csv", str(tmp_path / "trials.csv"), "--quiet"]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    with open(tmp_path / "trials.csv", newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    assert header == trials_header(table)  # the table of the same sweep, in the same columns
    count, status = 5, header.index("status")  # trial, point, repeat, seed, I, the count
    assert [row[status] for row in rows] == ["completed"] * 6
    assert [float(row[count]) for row in rows] == [t.measures[0].value for t in table.trials]

    assert len(localhost_cluster.strays()) == 3  # what follows would see the processes

    codes = localhost_cluster.stop()
    # Each ended when told to, and nothing any of them started is left.
    assert all(code is not None for code in codes)
    assert localhost_cluster.strays() == []


@pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)
def test_workers_compiling_the_same_modules_at_once_into_an_empty_cache(
    small, localhost_cluster, tmp_path, monkeypatch
):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)  # empty; a cache folder must be the user's own
    address = localhost_cluster.start(workers=2, environment={cython_build.CACHE_ENV: str(cache)})
    small.run.target = "cython"
    project = with_sweep(
        small,
        parameters=[Parameter(name="I", values="1.2, 2")],
        repeats=2,
        measures=[MeasureRef(measure="spike_count", node="spikes")],
        keep_data=True,
    )
    with Client(address, set_as_default=False) as client:
        client.get_task_stream()
        since = time.time()
        # 4 trials queued at once on 2 idle workers: each starts one, and both build the same
        # modules (the compiler probe, the network's) from nothing at the same moment.
        table = run_sweep(project, "s", scheduler=address)
        workers = workers_of_trials(client, since)

    assert [t.status for t in table.trials] == ["completed"] * 4, [t.error for t in table.trials]
    assert len(workers) == 2
    for name in ("worker-0", "worker-1"):
        log = localhost_cluster.log(name)
        assert "CompileCacheWarning" not in log
        assert "was damaged" not in log

    # One valid entry per module: the module, its record (size and SHA-256 as on disk) and its
    # lock file; no scratch folder or temporary file is left.
    entries = {path.name for path in cache.iterdir()}
    modules = sorted(name for name in entries if name.endswith(cython_build.SUFFIX))
    assert modules
    expected = set()
    for module in modules:
        record = json.loads((cache / (module + ".json")).read_text(encoding="utf-8"))
        contents = (cache / module).read_bytes()
        assert record["size"] == len(contents)
        assert record["sha256"] == hashlib.sha256(contents).hexdigest()
        stem = module.removesuffix(cython_build.SUFFIX)
        expected |= {module, module + ".json", stem + ".lock"}
    assert entries == expected

    # The same trials here, with the modules the workers built: the same spikes, exactly.
    monkeypatch.setenv(cython_build.CACHE_ENV, str(cache))
    for trial, result in zip(trials(project.sweeps[0], project), table.trials, strict=True):
        here = run(apply_trial(project, trial))
        assert here.provenance.target_used == "cython"
        there = result.results()
        assert there.provenance.target_used == "cython"
        ours, theirs = here["spikes"], there["spikes"]
        assert isinstance(ours, SpikeData)
        assert isinstance(theirs, SpikeData)
        assert len(ours.i) > 0
        np.testing.assert_array_equal(theirs.i, ours.i)
        np.testing.assert_array_equal(theirs.t, ours.t)
