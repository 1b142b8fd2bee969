"""The command line: ``spikecanvas run | validate | export`` and ``python -m engine``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from engine.project import BuildError, load, save
from engine.project import cli as cli_module
from engine.project.cli import (
    EXIT_INTERRUPTED,
    EXIT_INVALID_PROJECT,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    main,
)
from engine.project.results import Results
from engine.project.runner import run

ROOT = Path(__file__).resolve().parents[2]
CUBA = ROOT / "examples" / "cuba.spikecanvas"
SPIKECANVAS = Path(sys.executable).with_name("spikecanvas")


def command(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def broken(tmp_path) -> Path:
    """CUBA with a constant whose units do not add up (found while building, before any run)."""
    project = load(CUBA)
    project.constants[6].value = "(60*0.27/10)*mV + 1*ms"
    path = tmp_path / "broken.spikecanvas"
    save(project, path)
    return path


@pytest.fixture
def nan_project(tmp_path) -> Path:
    project = load(CUBA)
    project.node("P").model = project.node("P").model.replace(
        "dgi/dt = -gi/taui : volt", "dgi/dt = -gi/taui + sqrt(gi/mV - 1)*mV/ms : volt"
    )
    project.node("P").method = "euler"
    path = tmp_path / "nan.spikecanvas"
    save(project, path)
    return path


# -- in subprocesses -----------------------------------------------------------------------------


def test_python_m_engine_run_writes_the_spikes_of_an_in_process_run(tmp_path):
    out = tmp_path / "cuba.h5"
    result = command("run", str(CUBA), "--duration", "50*ms", "--out", str(out))
    assert result.returncode == EXIT_OK, result.stderr
    assert "P" in result.stdout
    assert "spikes" in result.stdout
    assert "completed" in result.stdout
    assert "Traceback" not in result.stderr
    saved = Results.load(out)
    here = run(load(CUBA), duration="50*ms")
    np.testing.assert_array_equal(saved["spikes"].i, here["spikes"].i)
    np.testing.assert_array_equal(saved["spikes"].t, here["spikes"].t)
    assert saved.provenance.seed == 1
    assert saved.project.run.duration == "50*ms"


def test_a_broken_project_exits_3_with_one_line_and_no_traceback(broken):
    result = command("run", str(broken))
    assert result.returncode == EXIT_INVALID_PROJECT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"spikecanvas: {broken}: constants.we, line 1, column ")
    assert "units" in lines[0]


def test_debug_shows_the_traceback(broken):
    result = command("run", str(broken), "--debug")
    assert result.returncode == EXIT_INVALID_PROJECT
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("spikecanvas: ")


DISPATCH_WITHOUT_QT = textwrap.dedent(
    """
    import sys
    from app.cli import main

    status = main(["run", sys.argv[1], "--duration", "1*ms", "--quiet"])
    gui = ("PySide6", "shiboken6", "pyqtgraph", "NodeGraphQt")
    qt = sorted(m for m in sys.modules if m.split(".")[0] in gui)
    print("qt:", qt)
    sys.exit(status)
    """
)


def test_the_spikecanvas_command_runs_projects_without_loading_qt():
    result = subprocess.run(
        [sys.executable, "-c", DISPATCH_WITHOUT_QT, str(CUBA)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.strip() == "qt: []"


def test_the_spikecanvas_console_script_dispatches_subcommands(broken):
    # Without a display: the window path would fail, the command line must not care.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [str(SPIKECANVAS), "run", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == EXIT_INVALID_PROJECT, result.stderr
    assert "constants.we" in result.stderr
    help_text = subprocess.run(
        [str(SPIKECANVAS), "run", "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert help_text.returncode == EXIT_OK
    assert "exit status" in help_text.stdout


# -- in process: run -------------------------------------------------------------------------------


def test_run_prints_a_summary_and_quiet_prints_nothing(capsys):
    assert main(["run", str(CUBA), "--duration", "5*ms", "--seed", "3"]) == EXIT_OK
    out = capsys.readouterr()
    assert "rate/neuron" in out.out
    assert "5 ms simulated in" in out.out
    assert "simulated" in out.err  # the progress bar
    assert main(["run", str(CUBA), "--duration", "5*ms", "--quiet"]) == EXIT_OK
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == ""


def test_a_drawn_seed_is_printed(tmp_path, capsys):
    project = load(CUBA)
    project.run.seed = None
    path = tmp_path / "noseed.spikecanvas"
    save(project, path)
    assert main(["run", str(path), "--duration", "1*ms"]) == EXIT_OK
    assert "drawn for this run" in capsys.readouterr().out


def test_a_file_that_is_not_a_project_exits_3(tmp_path, capsys):
    path = tmp_path / "bad.spikecanvas"
    path.write_text("{not json")
    assert main(["run", str(path)]) == EXIT_INVALID_PROJECT
    err = capsys.readouterr().err
    assert err.startswith("spikecanvas: ")
    assert "not valid JSON" in err


def test_an_error_found_when_the_run_starts_is_placed_in_its_field(tmp_path, capsys):
    project = load(CUBA)
    project.node("P").threshold = "v > Vmax"
    path = tmp_path / "threshold.spikecanvas"
    save(project, path)
    assert main(["run", str(path), "--duration", "1*ms"]) == EXIT_INVALID_PROJECT
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"spikecanvas: {path}: node 'P', threshold, line 1, column 5: ")
    assert "Vmax" in err


def test_a_failed_run_exits_1_and_still_writes_what_was_recorded(nan_project, tmp_path, capsys):
    out = tmp_path / "partial.h5"
    status = main(["run", str(nan_project), "--duration", "5*ms", "--out", str(out), "--quiet"])
    assert status == EXIT_RUN_FAILED
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"spikecanvas: the run failed: {nan_project}: node 'P', model")
    assert "NaN" in err
    partial = Results.load(out)
    assert partial.provenance.status == "failed"
    assert len(partial["trace"].t) == 50


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "required"),
        (["run"], "PROJECT"),
        (["run", str(CUBA), "--duration", "5*mV"], "is not a duration"),
        (["run", str(CUBA), "--duration", "__import__('os')"], "is not a duration"),
        (["run", str(CUBA), "--duration=-5*ms"], "negative"),
        (["run", str(CUBA), "--seed", "-1"], "0 or more"),
        (["run", str(CUBA), "--seed", "x"], "whole number"),
        (["run", str(CUBA), "--target", "gpu"], "invalid choice"),
        (["export", str(CUBA)], "-o/--output"),
    ],
)
def test_usage_errors_exit_2(args, message, capsys):
    assert main(args) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_help_documents_the_exit_statuses(capsys):
    assert main(["--help"]) == EXIT_OK
    text = capsys.readouterr().out
    for code in ("0", "1", "2", "3", "4"):
        assert f"\n  {code} " in text
    assert "invalid project" in text


def test_an_output_that_cannot_be_written_exits_4_before_running(tmp_path, capsys, monkeypatch):
    def no_run(*args, **kwargs):
        raise AssertionError("the run should not start")

    monkeypatch.setattr("engine.project.runner.run", no_run)
    missing = tmp_path / "missing" / "out.h5"
    assert main(["run", str(CUBA), "--out", str(missing)]) == EXIT_OUTPUT
    assert "does not exist" in capsys.readouterr().err
    assert main(["run", str(CUBA), "--out", str(tmp_path)]) == EXIT_OUTPUT
    assert "is a folder" in capsys.readouterr().err


def test_csv_writes_a_table_per_monitor_into_a_new_folder(tmp_path, capsys):
    folder = tmp_path / "tables"
    assert main(["run", str(CUBA), "--duration", "10*ms", "--csv", str(folder)]) == EXIT_OK
    assert sorted(p.name for p in folder.iterdir()) == ["rate.csv", "spikes.csv", "trace.csv"]
    assert f"3 CSV file(s) written to {folder}" in capsys.readouterr().out


def test_a_csv_folder_that_cannot_be_made_exits_4(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["run", str(CUBA), "--duration", "1*ms", "--csv", str(blocker)]) == EXIT_OUTPUT
    assert "cannot write the CSV files" in capsys.readouterr().err


def test_plot_needs_matplotlib(tmp_path, capsys):
    png = tmp_path / "raster.png"
    status = main(["run", str(CUBA), "--duration", "5*ms", "--plot", str(png), "--quiet"])
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert status == EXIT_OUTPUT
        assert "matplotlib" in capsys.readouterr().err
        assert not png.exists()
    else:
        assert status == EXIT_OK
        assert png.read_bytes().startswith(b"\x89PNG")


def test_ctrl_c_stops_the_run_and_writes_what_was_recorded(tmp_path, capsys, monkeypatch):
    sent = []

    def interrupt(self, progress):
        if progress.t > 0.002 and not sent:
            sent.append(progress.t)
            os.kill(os.getpid(), signal.SIGINT)  # as a first Ctrl-C would

    monkeypatch.setattr(cli_module._ProgressBar, "__call__", interrupt)
    out = tmp_path / "stopped.h5"
    handler = signal.getsignal(signal.SIGINT)
    status = main(["run", str(CUBA), "--duration", "1*second", "--out", str(out)])
    assert status == EXIT_INTERRUPTED
    assert signal.getsignal(signal.SIGINT) is handler
    captured = capsys.readouterr()
    assert "stopping" in captured.err
    assert "stopped" in captured.out
    stopped = Results.load(out)
    assert stopped.provenance.status == "stopped"
    # before the end (where exactly depends on speed: compiled code runs chunks of ≤ 0.1 s)
    assert 0.002 < stopped.provenance.simulated < 1.0


# -- validate and export ---------------------------------------------------------------------------


@dataclass
class Diagnostic:
    node_id: str | None
    field: str | None
    line: int | None
    column: int | None
    end_column: int | None
    message: str
    severity: str = "error"


def fake_module(monkeypatch, name: str, **functions) -> None:
    module = types.ModuleType(f"engine.project.{name}")
    module.__dict__.update(functions)
    monkeypatch.setitem(sys.modules, f"engine.project.{name}", module)


def test_validate_prints_each_diagnostic_at_its_place(monkeypatch, capsys):
    diagnostics = [
        Diagnostic("P", "threshold", 1, 5, 9, "unknown name 'Vmax'"),
        Diagnostic(None, "run.duration", None, None, None, "'5*mV' is not a time"),
        Diagnostic("Ce", "connect.p", None, None, None, "p is larger than 1", "warning"),
    ]
    fake_module(monkeypatch, "validate", validate=lambda project: diagnostics)
    assert main(["validate", str(CUBA)]) == EXIT_INVALID_PROJECT
    assert capsys.readouterr().out.splitlines() == [
        f"{CUBA}: node 'P', threshold, line 1, column 5: unknown name 'Vmax'",
        f"{CUBA}: run.duration: '5*mV' is not a time",
        f"{CUBA}: node 'Ce', connect.p: warning: p is larger than 1",
    ]


def test_validate_exits_0_without_errors(monkeypatch, capsys):
    fake_module(monkeypatch, "validate", validate=lambda project: [])
    assert main(["validate", str(CUBA)]) == EXIT_OK
    assert capsys.readouterr().out == f"{CUBA}: no problems found\n"
    warning = Diagnostic("P", "model", 1, 1, 2, "unused variable", "warning")
    fake_module(monkeypatch, "validate", validate=lambda project: [warning])
    assert main(["validate", str(CUBA)]) == EXIT_OK


def test_validate_a_file_that_cannot_be_loaded_exits_3(tmp_path, capsys):
    path = tmp_path / "empty.spikecanvas"
    path.write_text("")
    assert main(["validate", str(path)]) == EXIT_INVALID_PROJECT
    assert "empty" in capsys.readouterr().err


def test_validate_with_the_real_validator():
    pytest.importorskip("engine.project.validate")
    assert main(["validate", str(CUBA)]) == EXIT_OK


def test_export_writes_the_script(monkeypatch, tmp_path, capsys):
    calls = []

    def export_script(project, flavor="engine", **options):
        calls.append((project.title, flavor))
        return f"# {flavor} script\n"

    fake_module(monkeypatch, "export", export_script=export_script)
    script = tmp_path / "cuba.py"
    assert main(["export", str(CUBA), "-o", str(script), "--flavor", "brian2"]) == EXIT_OK
    assert script.read_text() == "# brian2 script\n"
    assert calls == [(load(CUBA).title, "brian2")]
    assert main(["export", str(CUBA), "-o", "-"]) == EXIT_OK
    assert capsys.readouterr().out == "# engine script\n"
    assert main(["export", str(CUBA), "-o", str(tmp_path / "no" / "x.py")]) == EXIT_OUTPUT
    assert "cannot write the script" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["cuba.py"]


def test_export_of_a_project_that_cannot_be_written_as_a_script_exits_3(monkeypatch, capsys):
    def export_script(project, flavor="engine"):
        raise BuildError("not a constant", "P", "P", "refractory", 1, 3)

    fake_module(monkeypatch, "export", export_script=export_script)
    assert main(["export", str(CUBA), "-o", "-"]) == EXIT_INVALID_PROJECT
    err = capsys.readouterr().err
    assert err == f"spikecanvas: {CUBA}: node 'P', refractory, line 1, column 3: not a constant\n"


def test_export_with_the_real_exporter(tmp_path):
    pytest.importorskip("engine.project.export")
    script = tmp_path / "cuba.py"
    assert main(["export", str(CUBA), "-o", str(script)]) == EXIT_OK
    compile(script.read_text(), str(script), "exec")


def test_run_refuses_an_invalid_project_with_the_lines_of_validate(tmp_path, capsys):
    project = load(CUBA)
    project.node("P").threshold = "v > Vmax"
    project.node("P").reset = "v = Vr + 1*ms"
    path = tmp_path / "invalid.spikecanvas"
    save(project, path)
    assert main(["validate", str(path)]) == EXIT_INVALID_PROJECT
    validated = [line for line in capsys.readouterr().out.splitlines() if "warning:" not in line]
    assert main(["run", str(path), "--duration", "1*ms"]) == EXIT_INVALID_PROJECT
    refused = capsys.readouterr().err.splitlines()
    assert len(validated) == 2
    assert refused == [f"spikecanvas: {line}" for line in validated]
