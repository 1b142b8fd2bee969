"""``spikecanvas sweep``: a sweep from the command line, its outputs, its errors, its exit status.

The sweeps that run start a local cluster of one worker process (as a user's ``--workers 1``);
every refusal happens before a cluster would start, which `no_cluster` makes sure of.
"""

from __future__ import annotations

import csv
import math
import os
import signal

import pytest

from engine.project import save, sweep_cli
from engine.project.cli import (
    EXIT_INTERRUPTED,
    EXIT_INVALID_PROJECT,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    main,
)
from engine.project.runner import run
from engine.project.sweep import MeasureRef, Parameter, Sweep
from engine.project.sweep import run as sweep_run
from engine.project.sweep.apply import trial_project
from engine.project.sweep.store import load_sweep

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def path(small, tmp_path):
    """The ``small`` project, with a sweep ``fI`` over its input, saved."""
    small.sweeps = [
        Sweep(
            name="fI",
            parameters=[Parameter(name="I", values="1.2:3:3")],
            measures=[MeasureRef(measure="mean_rate", node="G")],
        )
    ]
    file = tmp_path / "small.spikecanvas"
    save(small, file)
    return file


@pytest.fixture
def no_cluster(monkeypatch):
    """Fail a test that would start a cluster: what it checks must be refused before."""

    def refuse(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(sweep_run, "_Cluster", refuse)


@pytest.mark.slow
def test_a_sweep_described_on_the_command_line_writes_every_output(path, tmp_path, capsys):
    out, points, trials, plot = (tmp_path / n for n in ("s.h5", "p.csv", "t.csv", "s.png"))
    status = main(
        [
            "sweep",
            str(path),
            "--vary",
            "I=1.2, 2",
            "--vary",
            "tau=5*ms:10*ms:2",
            "--repeat",
            "2",
            "--measure",
            "spike_count(spikes)",
            "--measure",
            "mean(trace.v)",
            "--workers",
            "1",
            "--out",
            str(out),
            "--csv",
            str(points),
            "--trials-csv",
            str(trials),
            "--plot",
            str(plot),
        ]
    )
    assert status == EXIT_OK
    printed = capsys.readouterr().out
    assert "sweep 'command_line': 8 trials (8 completed)" in printed
    assert "on 1 workers" in printed
    lines = printed.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("I ")))
    assert lines[header].split() == ["I", "tau", "spike_count(spikes)", "mean(trace.v)"]
    assert len(lines[header + 1 : header + 5]) == 4  # the 4 points, each with mean ± std
    assert all("±" in line for line in lines[header + 1 : header + 5])
    record = load_sweep(out)
    assert record.sweep.name == "command_line"
    assert record.sweep.parameters == [
        Parameter(name="I", values="1.2, 2"),
        Parameter(name="tau", values="5*ms:10*ms:2"),
    ]
    assert record.sweep.repeats == 2
    assert [p.values for p in record.table.points] == [
        (("I", "1.2"), ("tau", "5.0*ms")),
        (("I", "1.2"), ("tau", "10.0*ms")),
        (("I", "2.0"), ("tau", "5.0*ms")),
        (("I", "2.0"), ("tau", "10.0*ms")),
    ]
    # Each trial is the run of its own project: the same spikes.
    trial = record.table.trials[5]
    again = run(trial_project(record.project, trial))
    assert trial.measures[0].value == again["spikes"].num_spikes
    with open(points, encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0][:4] == ["point", "I", "tau", "spike_count(spikes) mean"]
    assert len(rows) == 5
    with open(trials, encoding="utf-8") as file:
        assert len(list(csv.reader(file))) == 9
    assert plot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.slow
def test_the_projects_sweep_runs_with_its_options_changed(path, tmp_path, capsys):
    out = tmp_path / "s.h5"
    args = ["--repeat", "2", "--seed", "5", "--workers", "1", "--out", str(out), "--quiet"]
    status = main(["sweep", str(path), *args])
    assert status == EXIT_OK
    assert capsys.readouterr().out == ""  # --quiet
    record = load_sweep(out)
    assert (record.sweep.name, record.sweep.repeats, record.sweep.seed) == ("fI", 2, 5)
    rates = [p.mean[0] for p in record.table.points]
    assert rates == sorted(rates)  # the f-I curve rises with the input
    assert rates[0] < rates[-1]


@pytest.mark.slow
def test_a_failed_trial_exits_1_and_is_reported_with_its_place(small, tmp_path, capsys):
    small.node("G").model = "dv/dt = (sqrt(I) - v)/tau : 1"  # NaN for a negative I
    file = tmp_path / "p.spikecanvas"
    save(small, file)
    out = tmp_path / "s.h5"
    status = main(["sweep", str(file), "--vary", "I=2.25, -1", "--workers", "1", "--out", str(out)])
    assert status == EXIT_RUN_FAILED
    printed = capsys.readouterr().out
    assert "(1 completed, 1 failed)" in printed
    assert "trial 1 (I=-1.0) failed: 'G', model, line 1: " in printed
    assert "became NaN" in printed
    assert load_sweep(out).table.trials[1].status == "failed"  # still written


@pytest.mark.slow
def test_ctrl_c_cancels_the_sweep_and_writes_what_ran(path, tmp_path, capsys, monkeypatch):
    first = sweep_cli._TrialBar.__call__

    def interrupt(self, done, total, result):
        first(self, done, total, result)
        if done == 1:
            os.kill(os.getpid(), signal.SIGINT)  # as a first Ctrl-C would

    monkeypatch.setattr(sweep_cli._TrialBar, "__call__", interrupt)
    out = tmp_path / "s.h5"
    handler = signal.getsignal(signal.SIGINT)
    status = main(["sweep", str(path), "--vary", "I=1.2:3:12", "--workers", "1", "--out", str(out)])
    assert status == EXIT_INTERRUPTED
    assert signal.getsignal(signal.SIGINT) is handler
    assert "stopping" in capsys.readouterr().err
    table = load_sweep(out).table
    assert table.status == "cancelled"
    assert table.count("completed") >= 1
    assert table.count("cancelled") >= 8  # one worker: the first done, at most 2 others ran
    assert all(
        math.isnan(m.value) for t in table.trials if t.status == "cancelled" for m in t.measures
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ["--vary", "I=1*mV:2*mV:3"],
            EXIT_INVALID_PROJECT,
            "--vary I=1*mV:2*mV:3: 1.0*mV does not have the unit of 'I'",
        ),
        (
            ["--vary", "nope=1,2"],
            EXIT_INVALID_PROJECT,
            "--vary nope=1,2: there is no constant 'nope'",
        ),
        (
            ["--vary", "I=1", "--measure", "rate(G)"],
            EXIT_INVALID_PROJECT,
            "--measure rate(G): there is no such measure",
        ),
        (
            ["--vary", "I=1", "--measure", "cv_isi(trace)"],
            EXIT_INVALID_PROJECT,
            "'trace' is a StateMonitor",
        ),
        (
            ["--vary", "I=1", "--measure", "mean_rate(G"],
            EXIT_USAGE,
            "'mean_rate(G' is not a measure: write e.g.",
        ),
        (
            ["--vary", "I=1", "--sweep", "fI"],
            EXIT_USAGE,
            "--sweep NAME to run a sweep of the project, or --vary",
        ),
        (["--sweep", "nope"], EXIT_USAGE, "no sweep called 'nope' (sweeps: fI)"),
        (["--vary", "I=1", "--workers", "2", "--scheduler", "tcp://h:1"], EXIT_USAGE, "not both"),
        (["--vary", "I=1", "--scheduler", "h"], EXIT_USAGE, "--scheduler: 'h' is not the address"),
        (["--vary", "I=1", "--out", "/dev/null"], EXIT_OUTPUT, "cannot write to '/dev/null'"),
        (["--vary", "I=1", "--plot", "s.xyz"], EXIT_OUTPUT, "matplotlib writes"),
        (["--repeat", "0"], EXIT_USAGE, "it must be 1 or more"),
        (["--vary", "I"], EXIT_USAGE, "'I' is not NAME=VALUES"),
    ],
)
def test_what_cannot_run_is_refused_before_any_cluster_starts(
    path, no_cluster, capsys, args, status, message
):
    assert main(["sweep", str(path), *args]) == status
    assert message in capsys.readouterr().err


def test_a_project_without_sweeps_asks_for_vary(small, tmp_path, no_cluster, capsys):
    file = tmp_path / "p.spikecanvas"
    save(small, file)
    assert main(["sweep", str(file)]) == EXIT_USAGE
    assert (
        "the project has no sweep: describe one with --vary NAME=VALUES" in capsys.readouterr().err
    )


def test_an_error_of_the_project_is_placed_in_the_file(small, tmp_path, no_cluster, capsys):
    small.node("G").threshold = "v > 1*mV"  # v is dimensionless
    file = tmp_path / "p.spikecanvas"
    save(small, file)
    assert main(["sweep", str(file), "--vary", "I=1,2"]) == EXIT_INVALID_PROJECT
    assert f"{file}: node 'G', threshold" in capsys.readouterr().err


def test_the_summary_lists_points_failures_and_what_was_left_out():
    from engine.project.sweep.table import (
        MeasureValue,
        PointStatistics,
        SweepProvenance,
        SweepTable,
        TrialResult,
    )

    trials = tuple(
        TrialResult(k, k, 0, None, (("I", str(k)),), (MeasureValue(float(k), "Hz"),), "completed")
        for k in range(sweep_cli.SUMMARY_ROWS + 5)
    )
    failed = [
        TrialResult(
            k, k, 0, None, (("I", str(k)),), (MeasureValue(math.nan),), "failed", "boom", "'G', N"
        )
        for k in range(5)
    ]
    table = SweepTable(
        sweep="s",
        parameters=("I",),
        measures=("mean_rate(G)",),
        units=("Hz",),
        trials=tuple(failed) + trials[5:],
        points=tuple(
            PointStatistics(k, (("I", str(k)),), (float(k),), (math.nan,), (1,))
            for k in range(len(trials))
        ),
        status="completed",
        wall_time=2.5,
        provenance=SweepProvenance(cluster="tcp://h:8786", workers=4),
    )
    text = sweep_cli.summary(table)
    lines = text.splitlines()
    assert lines[0] == (
        f"sweep 's': {len(trials)} trials ({len(trials) - 5} completed, 5 failed) in 2.5 s on "
        "4 workers at tcp://h:8786"
    )
    assert lines[1].split() == ["I", "mean_rate(G)", "[Hz]"]
    assert lines[2].split() == ["0", "0"]  # one repeat: no ± std
    assert "... and 5 more points" in text
    assert "trial 0 (I=0) failed: 'G', N: boom" in text
    assert "... and 2 more failed trials" in text
