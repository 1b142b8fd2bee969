"""What the last run left belongs to the run controller, and goes only with its project.

Copy and Cut used to throw the last run away (Export Results then did nothing, a failed run's
problems vanished after Ctrl+C), and File → New and Open kept the previous project's plots,
status, summary and enabled exports. The run's results, problems and warnings are one
`RunOutcome` the controller owns; the window only reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore

from app.run.outcome import RunOutcome
from engine.project import RunError, load
from engine.project.results import Results

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CUBA = EXAMPLES / "cuba.spikecanvas"
RUN_TIMEOUT_MS = 120_000
CTRL = QtCore.Qt.KeyboardModifier.ControlModifier


def run_and_wait(qtbot, window) -> object:
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    return ended[0]


@pytest.fixture
def ran(qtbot, window):
    """A window that ran CUBA for 5 ms."""
    assert window.open_file(CUBA)
    window.model.set_project_field("run.duration", "5*ms")
    window.model.set_project_field("run.target", "numpy")
    results = run_and_wait(qtbot, window)
    assert isinstance(results, Results)
    return window


@pytest.fixture
def failed(qtbot, window):
    """A window whose CUBA run failed (a conductance becomes NaN) at neuron group P."""
    assert window.open_file(CUBA)
    node = window.model.project.node("P")
    model = node.model.replace(
        "dgi/dt = -gi/taui : volt", "dgi/dt = -gi/taui + sqrt(gi/mV - 1)*mV/ms : volt"
    )
    window.model.set_field(node.id, "model", model)
    window.model.set_field(node.id, "method", "euler")
    window.model.set_project_field("run.duration", "10*ms")
    window.model.set_project_field("run.target", "numpy")
    assert isinstance(run_and_wait(qtbot, window), RunError)
    return window


def run_failures(window) -> list:
    return [d for d in window.problems.diagnostics if d.message.startswith("The run failed")]


def copy_with_keys(qtbot, window, name: str) -> None:
    window.canvas.select([window.model.project.node(name).id])
    window.canvas.widget.setFocus()
    qtbot.keyClick(window.canvas.widget, QtCore.Qt.Key.Key_C, CTRL)


# -- item 1: copying keeps the run ---------------------------------------------------------------


def test_the_controller_owns_the_last_run_and_the_window_reads_it(ran):
    outcome = ran.runner.last_run
    assert isinstance(outcome, RunOutcome)
    assert outcome.status == "completed"
    assert outcome.results is ran.results
    assert outcome.problems == ()
    assert outcome.error is None
    assert not hasattr(ran, "_run_problems")


def test_copy_keeps_the_results_and_export_results_still_writes_them(qtbot, ran, prompts, tmp_path):
    results = ran.results
    copy_with_keys(qtbot, ran, "P")
    assert "Copied 1 node" in ran.statusBar().currentMessage()
    assert ran.results is results
    assert ran.action_export_results.isEnabled()
    prompts.results_answer = (tmp_path / "after copy.h5", "hdf5")
    assert ran.action_export_results.isEnabled()
    ran.action_export_results.trigger()
    assert Results.load(tmp_path / "after copy.h5")["spikes"].num_spikes == (
        results["spikes"].num_spikes
    )


def test_cut_keeps_the_results_too(qtbot, ran):
    results = ran.results
    ran.canvas.select([ran.model.project.node("rate").id])
    ran.action_cut.trigger()
    assert "rate" not in {n.name for n in ran.model.project.nodes}
    assert ran.results is results
    assert ran.action_export_results.isEnabled()


def test_a_failed_run_s_problem_stays_listed_after_copy_and_paste(qtbot, failed):
    node_id = failed.model.project.node("P").id
    assert [d.node_id for d in run_failures(failed)] == [node_id]
    before = failed.diagnostics.validate_now()
    copy_with_keys(qtbot, failed, "P")
    qtbot.keyClick(failed.canvas.widget, QtCore.Qt.Key.Key_V, CTRL)
    assert len(failed.model.project.nodes) == 7
    # The copy is a group nothing records: validation's list changes and is shown again.
    assert failed.diagnostics.validate_now() != before
    assert [d.node_id for d in run_failures(failed)] == [node_id]
    assert failed.runner.last_run.status == "failed"
    assert [d.node_id for d in failed.runner.last_run.problems] == [node_id]


def test_a_new_run_starts_without_the_last_run_s_problems(qtbot, failed):
    failed.model.undo_stack.setIndex(0)  # CUBA as it was
    failed.model.set_project_field("run.duration", "5*ms")
    assert isinstance(run_and_wait(qtbot, failed), Results)
    assert run_failures(failed) == []
    assert failed.runner.last_run.problems == ()


# -- item 5: a new project starts without the old run ---------------------------------------------


def assert_no_run_shown(window) -> None:
    assert window.runner.last_run is None
    assert window.results is None
    assert window.plots.panels == []
    assert window.summary.rows() == []
    assert "No run yet" in window.summary.footer.text()
    assert window.run_status.label.text() == ""
    assert not window.action_export_results.isEnabled()
    assert not window.action_export_plots.isEnabled()
    assert not window.action_continue.isEnabled()


def test_file_new_clears_the_plots_status_summary_and_exports(ran):
    assert ran.plots.panels
    assert ran.summary.rows()
    assert "Completed" in ran.run_status.label.text()
    ran.action_new.trigger()
    assert_no_run_shown(ran)


def test_file_open_clears_the_old_run(ran, prompts):
    prompts.paths = [EXAMPLES / "brunel_hakim.spikecanvas"]
    ran.action_open.trigger()
    assert ran.model.project.title == load(EXAMPLES / "brunel_hakim.spikecanvas").title
    assert_no_run_shown(ran)


def test_open_example_clears_the_old_run(ran, prompts):
    prompts.example_title = load(EXAMPLES / "stdp.spikecanvas").title
    ran.action_open_example.trigger()
    assert_no_run_shown(ran)


def test_a_failed_run_s_problems_go_with_its_project(failed):
    failed.action_new.trigger()
    failed.diagnostics.validate_now()
    assert run_failures(failed) == []
    assert_no_run_shown(failed)


def test_a_cancelled_new_keeps_the_run(ran, prompts):
    ran.model.set_project_field("run.duration", "6*ms")  # an unsaved change
    prompts.unsaved_answer = "cancel"
    ran.action_new.trigger()
    assert ran.results is not None
    assert ran.plots.panels
    assert ran.action_export_results.isEnabled()


def test_new_during_a_run_stops_it_and_nothing_of_it_comes_back(qtbot, window):
    assert window.open_file(CUBA)
    window.model.set_project_field("run.duration", "100*second")
    window.model.set_project_field("run.target", "numpy")
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: window.run_status.spikes > 0, timeout=RUN_TIMEOUT_MS)
    window.action_new.trigger()
    qtbot.waitUntil(lambda: not window.runner.running, timeout=RUN_TIMEOUT_MS)
    assert ended == []  # the stopped run is not reported to the new project
    assert_no_run_shown(window)
    assert not window.diagnostics.paused
    assert window.action_run.isEnabled()
