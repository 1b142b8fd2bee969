"""Running a sweep's trials on Dask: the same numbers as runs in this process, failures kept.

The tests share one `LocalCluster` of 2 worker processes (module scope): starting one takes
seconds. Each trial of the ``small`` project (numpy target, 20 ms) runs in a fraction of a
second, so the module stays well under a minute on 2 busy cores.
"""

from __future__ import annotations

import logging
import math
import threading
import time

import psutil
import pytest
from distributed import Client, LocalCluster

from engine.project.errors import InvalidProjectError
from engine.project.runner import run
from engine.project.sweep import MeasureRef, Parameter, Sweep, SweepError, apply_trial, trials
from engine.project.sweep.measures import compute
from engine.project.sweep.run import run_sweep
from engine.project.sweep.table import measure_label

# Each test waits for real worker processes; the timeout allows for 2 cores shared with CI.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

MEASURES = [
    MeasureRef(measure="spike_count", node="spikes"),
    MeasureRef(measure="mean_rate", node="G"),
    MeasureRef(measure="cv_isi", node="spikes"),
    MeasureRef(measure="mean", node="trace", variable="v"),
]


@pytest.fixture(scope="module")
def cluster():
    # distributed logs its life cycle at INFO; only its warnings and errors are of interest.
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local:
            yield local
    finally:
        logger.setLevel(level)


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster, set_as_default=False) as connected:
        yield connected


def with_sweep(project, **fields):
    """Return ``project`` with one sweep called ``s`` (the measures of MEASURES by default)."""
    swept = project.model_copy(deep=True)
    swept.sweeps = [Sweep(name="s", **{"measures": MEASURES, **fields})]
    return swept


def same(a: float, b: float) -> bool:
    """Exactly equal, NaN equal to NaN (an undefined measure is undefined in both runs)."""
    return a == b or (math.isnan(a) and math.isnan(b))


def trials_to_run(dask_scheduler):
    """Return the trials a scheduler still has to run (finished ones stay in memory: done)."""
    tasks = dask_scheduler.tasks.items()
    return [key for key, task in tasks if "run_trial" in str(key) and task.state != "memory"]


def wait_until_no_trial_is_queued(client, seconds):
    deadline = time.monotonic() + seconds
    while client.run_on_scheduler(trials_to_run):
        assert time.monotonic() < deadline, "trials are still queued"
        time.sleep(0.05)


def test_every_trial_measures_exactly_what_a_run_in_this_process_measures(small, client):
    project = with_sweep(small, parameters=[Parameter(name="I", values="1.2, 2")], repeats=2)
    calls = []
    table = run_sweep(
        project,
        "s",
        client=client,
        progress=lambda done, total, result: calls.append(
            (done, total, result.index, threading.get_ident())
        ),
    )
    assert table.status == "completed"
    assert table.count("completed") == 4
    assert table.parameters == ("I",)
    assert table.measures == (
        "spike_count(spikes)",
        "mean_rate(G)",
        "cv_isi(spikes)",
        "mean(trace.v)",
    )
    assert table.units == ("1", "Hz", "1", "1")
    # Once per trial, counting up, in the caller's thread; the order of trials is free.
    assert [(done, total) for done, total, _, _ in calls] == [(k, 4) for k in range(1, 5)]
    assert sorted(index for _, _, index, _ in calls) == [0, 1, 2, 3]
    assert {thread for *_, thread in calls} == {threading.get_ident()}

    sweep = project.sweeps[0]
    for trial, result in zip(trials(sweep, project), table.trials, strict=True):
        assert (result.index, result.point, result.repeat) == (
            trial.index,
            trial.point.index,
            trial.repeat,
        )
        assert result.seed == trial.seed == result.seed_used  # the seed written into the run
        here = run(apply_trial(project, trial))
        for ref, measured in zip(sweep.measures, result.measures, strict=True):
            expected = compute(here, ref.model_dump())
            # The same project text, point and seed give the same spikes: exactly equal.
            assert same(measured.value, expected.value), measure_label(ref)
            assert (measured.unit, measured.note) == (expected.unit, expected.note)
    # The two repeats of a point differ (different seeds, random initial potentials).
    assert table.trials[0].measures[3].value != table.trials[1].measures[3].value

    # Statistics over the 2 repeats of each point: n, mean and the sample std (ddof=1).
    for statistics in table.points:
        first, second = table.trials[2 * statistics.point : 2 * statistics.point + 2]
        assert statistics.values == first.values
        for k in range(len(MEASURES)):
            a, b = first.measures[k].value, second.measures[k].value
            if math.isnan(a) or math.isnan(b):
                continue
            assert statistics.n[k] == 2
            # Two numbers: mean (a + b)/2, std |a - b|/√2; only rounding differs (1e-12).
            assert statistics.mean[k] == pytest.approx((a + b) / 2, rel=1e-12, abs=1e-300)
            assert statistics.std[k] == pytest.approx(abs(a - b) / math.sqrt(2), abs=1e-12)

    header, rows = table.header(), table.rows()
    assert header[:5] == ["trial", "point", "repeat", "seed", "I"]
    assert len(rows) == 4
    assert all(len(row) == len(header) for row in rows)
    assert rows[2][4] == "2.0"  # the value text of point 1


def test_a_failing_trial_is_recorded_with_its_error_and_the_others_complete(small, client):
    small.node("G").model = "dv/dt = (sqrt(I) - v)/tau : 1"  # NaN for a negative I
    project = with_sweep(small, parameters=[Parameter(name="I", values="2.25, -1, 4")])
    table = run_sweep(project, "s", client=client)
    assert table.status == "completed"
    assert [t.status for t in table.trials] == ["completed", "failed", "completed"]
    failed = table.trials[1]
    assert "'v' became NaN" in failed.error
    assert failed.error_place == "'G', model, line 1"
    assert failed.seed_used == failed.seed  # the run started with the trial's seed
    assert all(math.isnan(m.value) for m in failed.measures)
    assert table.points[1].n == (0, 0, 0, 0)
    assert all(math.isnan(v) for v in table.points[1].mean)
    assert table.trials[2].measures[0].value > 0  # spikes (sqrt(4) = 2 > threshold 1)


def test_cancel_stops_the_sweep_and_marks_the_pending_trials_cancelled(small, client):
    small.run.duration = "2*second"  # ~0.5 s a trial: time to cancel the others
    project = with_sweep(small, parameters=[Parameter(name="I", values="1.2:2:6")], repeats=2)
    cancel = threading.Event()
    moments = {}

    def first_result(done, total, result):
        if not cancel.is_set():
            moments["cancel"] = time.perf_counter()
            cancel.set()

    table = run_sweep(project, "s", client=client, progress=first_result, cancel=cancel)
    returned = time.perf_counter() - moments["cancel"]
    # Pending trials are cancelled, running ones not waited for: ~POLL; 2 s for busy cores.
    assert returned < 2.0
    assert table.status == "cancelled"
    assert len(table.trials) == 12
    assert table.count("completed") >= 1
    assert table.count("cancelled") >= 9  # the first done, at most 2 others started
    assert table.count("failed") == 0
    for trial in table.trials:
        if trial.status == "cancelled":
            assert all(math.isnan(m.value) and m.note == "cancelled" for m in trial.measures)
    # The scheduler forgot the cancelled trials (the sweep's futures are gone anyway, but
    # only cancelling them ends the queued ones at once); the cluster is still usable.
    wait_until_no_trial_is_queued(client, 1.0)
    assert client.submit(sum, [1, 2], pure=False).result(timeout=30) == 3


def test_an_error_in_progress_ends_the_sweep_with_nothing_left_queued(small, client):
    small.run.duration = "2*second"  # ~0.5 s a trial: time to cancel the others
    project = with_sweep(small, parameters=[Parameter(name="I", values="1.2:2:16")])

    def broken(done, total, result):
        raise RuntimeError("the window was closed")

    with pytest.raises(RuntimeError, match="the window was closed") as caught:
        run_sweep(project, "s", client=client, progress=broken)

    # The traceback in ``caught`` keeps the sweep's futures alive: only cancelling them makes
    # the scheduler forget the 15 other trials (about 4 s of work for 2 workers) at once.
    wait_until_no_trial_is_queued(client, 1.0)
    assert caught.value is not None


def test_a_sweep_runs_on_a_scheduler_given_by_its_address(small, client, cluster):
    project = with_sweep(small, parameters=[Parameter(name="w", values="0.1*mV, 1*mV")])
    remote = run_sweep(project, "s", scheduler=cluster.scheduler_address)
    local = run_sweep(project, "s", client=client)
    assert remote.count("completed") == 2
    # The same trials on the same workers, submitted by another client: the same numbers.
    assert all(
        same(a.value, b.value)
        for r, lo in zip(remote.trials, local.trials, strict=True)
        for a, b in zip(r.measures, lo.measures, strict=True)
    )


def test_without_a_scheduler_a_local_cluster_is_started_cancelled_and_closed(small):
    small.run.duration = "2*second"  # ~0.5 s a trial: time to cancel the others
    project = with_sweep(small, parameters=[Parameter(name="I", values="1.2:2:4")])
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    cancel = threading.Event()
    moments = {}

    def first_result(done, total, result):
        moments["cancel"] = time.perf_counter()
        cancel.set()

    table = run_sweep(project, "s", workers=1, progress=first_result, cancel=cancel)
    # The trial running when cancel is set is not waited for: the cluster is closed (its
    # close may take CLOSE_TIMEOUT = 1 s, and 2 busy cores slow it down: 4 s).
    assert time.perf_counter() - moments["cancel"] < 4.0
    assert table.status == "cancelled"
    assert table.count("completed") == 1
    assert table.count("cancelled") == 3
    # Its worker processes are gone; give the OS a moment to reap them.
    deadline = time.monotonic() + 10
    while (left := started_processes(me, before)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == []


def started_processes(process, before):
    """Return the command lines of the children of ``process`` not in ``before`` (pids).

    multiprocessing's resource tracker is left out: one per interpreter, started with the
    first process spawned and kept until the interpreter exits, by design.
    """
    lines = []
    for child in process.children(recursive=True):
        try:
            line = child.cmdline()
        except psutil.NoSuchProcess:  # ended meanwhile
            continue
        if child.pid not in before and "multiprocessing.resource_tracker" not in " ".join(line):
            lines.append(line)
    return lines


def test_an_unknown_sweep_is_refused_before_any_cluster_starts(small):
    with pytest.raises(SweepError, match="no sweep called 'nope' \\(sweeps: s\\)"):
        run_sweep(with_sweep(small), "nope")


def test_a_measure_the_monitors_cannot_give_is_refused_before_any_cluster_starts(small):
    project = with_sweep(small, measures=[*MEASURES, MeasureRef(measure="cv_isi", node="trace")])
    with pytest.raises(InvalidProjectError, match="'trace' is a StateMonitor") as caught:
        run_sweep(project, "s")
    assert [d.field for d in caught.value.diagnostics] == ["sweeps.s.measures[4].node"]
