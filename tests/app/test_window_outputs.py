"""The window's files are written safely (issue 18, item 6): Save, Export Script, Export
Results, Export Plots and the recovery file never replace a link, a pipe or a device, get the
user's usual permissions, and a full disk is reported in words, the previous file kept.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from engine.outputs import TEMPORARY_SUFFIX
from engine.project import load

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
RUN_TIMEOUT_MS = 120_000


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def ran(qtbot, window):
    """A window that ran CUBA for a few milliseconds (results and plots to export)."""
    window.open_file(CUBA)
    window.model.set_project_field("run.duration", "5*ms")
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    assert window.results is not None
    return window


def no_space(handle, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(TEMPORARY_SUFFIX)]


def test_save_and_export_script_write_files_of_the_usual_mode(window, prompts, tmp_path, umask_022):
    window.open_file(CUBA)
    prompts.paths = [tmp_path / "net.spikecanvas"]
    assert window.save_as()
    prompts.export_answer = (tmp_path / "net.py", "engine")
    assert window.export_script_dialog()
    for name in ("net.spikecanvas", "net.py"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644


def test_save_refuses_a_named_pipe_and_leaves_it(window, prompts, tmp_path):
    fifo = tmp_path / "pipe.spikecanvas"
    os.mkfifo(fifo)
    window.open_file(CUBA)
    window.model.set_project_field("description", "unsaved")
    prompts.paths = [fifo]
    assert not window.save_as()
    ((title, summary, _),) = prompts.errors
    assert title == "Cannot save the project"
    assert summary == f"{fifo}: it is a named pipe (FIFO), not a file"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert window.model.modified


def test_export_script_refuses_a_link_and_leaves_its_target(window, prompts, tmp_path):
    victim = tmp_path / "victim.py"
    victim.write_text("precious")
    link = tmp_path / "script.py"
    link.symlink_to(victim)
    window.open_file(CUBA)
    prompts.export_answer = (link, "engine")
    assert not window.export_script_dialog()
    ((title, summary, _),) = prompts.errors
    assert title == "Cannot export the script"
    assert "it is a symbolic link" in summary
    assert victim.read_text() == "precious"
    assert link.is_symlink()


def test_a_full_disk_while_saving_says_so_and_keeps_the_file(
    window, prompts, tmp_path, monkeypatch
):
    path = tmp_path / "net.spikecanvas"
    window.open_file(CUBA)
    prompts.paths = [path]
    assert window.save_as()
    before = path.read_bytes()
    window.model.set_project_field("description", "more work")
    monkeypatch.setattr(os, "write", no_space)
    assert not window.save()
    monkeypatch.undo()
    ((title, summary, _),) = prompts.errors
    assert title == "Cannot save the project"
    assert summary.startswith(f"{path}: the disk is full (needed about ")
    assert path.read_bytes() == before
    assert window.model.modified
    assert leftovers(tmp_path) == []


def test_results_and_plots_refuse_special_targets(ran, prompts, tmp_path):
    fifo = tmp_path / "results.h5"
    os.mkfifo(fifo)
    prompts.results_answer = (fifo, "hdf5")
    assert not ran.export_results_dialog()
    assert prompts.errors[-1][1:] == (
        "Cannot write results.h5",
        f"cannot write '{fifo}': it is a named pipe (FIFO), not a file",
    )
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"precious")
    link = tmp_path / "plots.png"
    link.symlink_to(victim)
    prompts.image_answer = link
    assert not ran.export_plots_dialog()
    assert prompts.errors[-1][1] == "Cannot save plots.png"
    assert "it is a symbolic link" in prompts.errors[-1][2]
    assert victim.read_bytes() == b"precious"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_exported_results_and_plots_get_the_usual_mode(ran, prompts, tmp_path, umask_022):
    prompts.results_answer = (tmp_path / "cuba.h5", "hdf5")
    assert ran.export_results_dialog()
    (tmp_path / "tables").mkdir()
    prompts.results_answer = (tmp_path / "tables" / "cuba.csv", "csv")
    assert ran.export_results_dialog()
    for name in ("plots.png", "plots.svg"):
        prompts.image_answer = tmp_path / name
        assert ran.export_plots_dialog(), prompts.errors
    assert (tmp_path / "plots.svg").read_text().rstrip().endswith("</svg>")  # whole
    written = [tmp_path / "cuba.h5", tmp_path / "plots.png", tmp_path / "plots.svg"]
    written += list((tmp_path / "tables").iterdir())
    assert len(written) == 6
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_full_disk_while_exporting_plots_says_so(ran, prompts, tmp_path, monkeypatch):
    path = tmp_path / "plots.png"
    path.write_bytes(b"previous")
    prompts.image_answer = path
    monkeypatch.setattr(os, "write", no_space)
    assert not ran.export_plots_dialog()
    monkeypatch.undo()
    assert "the disk is full" in prompts.errors[-1][2]
    assert path.read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


def test_the_recovery_file_is_private_and_leaves_no_temporary(make_window, tmp_path, umask_022):
    window = make_window()
    window.open_file(CUBA)
    window.model.set_project_field("description", "unsaved work")
    assert window.autosaver.autosave()
    recovery = window.autosaver.file
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    assert load(CUBA).title in recovery.read_text()
    assert leftovers(recovery.parent) == []
