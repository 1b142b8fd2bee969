"""Running from the window: Run, Stop, Continue, failures, run settings, results and plot export.

The run happens in the worker thread; these tests wait for the controller's signals like the
window does, and compare what the panels hold with a headless run of the same project.
"""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest
from PySide6 import QtCore

from engine.codegen.cython.build import compiler_problem
from engine.codegen.numpy import NumpyTarget
from engine.project import RunError, load
from engine.project.document import RunSettings
from engine.project.results import Results
from engine.project.runner import run

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
#: Generous: a CUBA run of 200 ms takes a few seconds of wall time on a loaded 2-core machine.
RUN_TIMEOUT_MS = 120_000


def run_and_wait(qtbot, window, action=None) -> list:
    """Trigger Run (or ``action``) and wait for the run to end; return [results or error]."""
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    (action or window.action_run).trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    return ended


@pytest.fixture
def cuba_window(window, prompts):
    prompts.example_title = load(CUBA).title
    assert window.open_example_dialog()
    return window


def test_the_raster_and_trace_hold_what_a_headless_run_records(qtbot, cuba_window):
    window = cuba_window
    assert window.model.project.run.duration == "200*ms"
    assert window.model.project.run.seed == 1
    [results] = run_and_wait(qtbot, window)
    assert isinstance(results, Results)
    assert results.completed
    headless = run(window.model.project)

    raster = window.plots.panel("spikes").data()
    np.testing.assert_array_equal(raster.i, headless["spikes"].i)
    np.testing.assert_array_equal(raster.t, headless["spikes"].t)
    assert raster.num_spikes > 1000  # CUBA's 4000 neurons fire at a few Hz
    trace = window.plots.panel("trace").data()
    np.testing.assert_array_equal(trace.t, headless["trace"].t)
    np.testing.assert_array_equal(
        trace.variables["v"].values, headless["trace"].variables["v"].values
    )
    assert len(trace.t) == 2000  # every step of 0.1 ms
    rate = window.plots.panel("rate").data()
    np.testing.assert_array_equal(rate.rate, headless["rate"].rate)

    # The summary and the status bar tell the numbers.
    [row] = window.summary.rows()
    assert row[:4] == ("P", "spikes", "4,000", f"{raster.num_spikes:,}")
    assert f"{raster.num_spikes:,} spikes" in window.run_status.label.text()
    assert window.action_export_results.isEnabled()
    assert not window.model.modified  # running changes nothing in the project


def test_stop_ends_a_long_run_at_once_keeps_its_data_and_a_second_run_works(qtbot, cuba_window):
    window = cuba_window
    window.model.set_project_field("run.duration", "100*second")
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.action_run.trigger()
    assert window.action_stop.isEnabled()
    assert not window.action_run.isEnabled()
    qtbot.waitUntil(lambda: window.run_status.spikes > 0, timeout=RUN_TIMEOUT_MS)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Escape)  # Esc is Stop
    # The run checks for a stop at every report (0.1 s of wall time): a second is ten of them.
    qtbot.waitUntil(lambda: bool(ended), timeout=1000)
    [stopped] = ended
    assert stopped.provenance.status == "stopped"
    assert 0 < stopped.provenance.simulated < 100
    raster = window.plots.panel("spikes").data()
    np.testing.assert_array_equal(raster.i, stopped["spikes"].i)
    np.testing.assert_array_equal(raster.t, stopped["spikes"].t)
    assert "Stopped" in window.run_status.label.text()

    window.model.set_project_field("run.duration", "20*ms")
    [second] = run_and_wait(qtbot, window)
    assert second.completed
    assert second.provenance.simulated == pytest.approx(0.02)
    assert window.plots.panel("spikes").data().num_spikes == second["spikes"].num_spikes


def test_continue_runs_the_same_network_further(qtbot, cuba_window):
    window = cuba_window
    window.model.set_project_field("run.duration", "30*ms")
    assert not window.action_continue.isEnabled()  # nothing to continue yet
    run_and_wait(qtbot, window)
    assert window.action_continue.isEnabled()
    [continued] = run_and_wait(qtbot, window, window.action_continue)
    assert continued.provenance.simulated == pytest.approx(0.06)
    headless = run(window.model.project, duration="60*ms")
    raster = window.plots.panel("spikes").data()
    np.testing.assert_array_equal(raster.t, headless["spikes"].t)
    np.testing.assert_array_equal(raster.i, headless["spikes"].i)

    # Moving a node does not change the network; changing a size does.
    window.model.move_nodes({"P": (10.0, 10.0)})
    assert window.action_continue.isEnabled()
    window.model.set_field(window.model.project.node("P").id, "N", "400")
    assert not window.action_continue.isEnabled()
    assert not window.continue_run()
    assert "cannot be continued" in window.statusBar().currentMessage()


def test_a_project_with_problems_does_not_run(qtbot, window):
    window.model.add_node("NeuronGroup", (0, 0), name="G", N="10", model="dv/dt = -v/tau : volt")
    assert not window.run_network()
    assert not window.runner.running
    assert "Fix the 1 problem listed" in window.statusBar().currentMessage()
    assert window.problems.diagnostics


def test_a_run_that_becomes_nan_is_reported_at_its_node_and_the_app_stays_usable(
    qtbot, cuba_window
):
    window = cuba_window
    project = window.model.project
    node_id = project.node("P").id
    model = project.node("P").model.replace(
        "dgi/dt = -gi/taui : volt", "dgi/dt = -gi/taui + sqrt(gi/mV - 1)*mV/ms : volt"
    )
    window.model.set_field(node_id, "model", model)
    window.model.set_field(node_id, "method", "euler")
    before = window.model.project.model_dump()
    [error] = run_and_wait(qtbot, window)
    assert isinstance(error, RunError)
    assert error.node_id == node_id
    assert "NaN" in error.message or "nan" in error.message.lower()
    problems = [d for d in window.problems.diagnostics if d.message.startswith("The run failed")]
    assert [d.node_id for d in problems] == [node_id]
    assert "Run failed" in window.run_status.label.text()
    assert window.model.project.model_dump() == before  # the user's work is untouched
    assert not window.runner.running

    window.model.undo_stack.undo()
    window.model.undo_stack.undo()
    window.model.set_project_field("run.duration", "10*ms")
    [results] = run_and_wait(qtbot, window)
    assert results.completed
    assert not [d for d in window.problems.diagnostics if "run failed" in d.message]


def test_a_compile_failure_is_reported_and_the_next_run_works(
    qtbot, cuba_window, prompts, monkeypatch
):
    window = cuba_window
    window.model.set_project_field("run.duration", "10*ms")

    def broken(self, operation):
        raise RuntimeError("the C compiler exited with status 1")

    monkeypatch.setattr(NumpyTarget, "compile", broken)
    [error] = run_and_wait(qtbot, window)
    assert "the C compiler exited with status 1" in str(error)
    reported = [d.message for d in window.problems.diagnostics]
    reported += [summary for _, summary, _ in prompts.errors]
    assert any("C compiler" in text for text in reported)
    assert not window.runner.running

    monkeypatch.undo()
    [results] = run_and_wait(qtbot, window)
    assert results.completed


def test_run_settings_are_applied_as_one_undo_step(window, prompts):
    prompts.settings_answer = RunSettings(duration="50*ms", dt="0.05*ms", seed=3, target="numpy")
    steps = window.model.undo_stack.count()
    assert window.edit_run_settings()
    assert window.model.project.run.duration == "50*ms"
    assert window.model.project.run.seed == 3
    assert window.model.undo_stack.count() == steps + 1
    window.model.undo_stack.undo()
    assert window.model.project.run == RunSettings()
    prompts.settings_answer = None  # cancelled
    assert not window.edit_run_settings()


def test_results_export_to_hdf5_and_csv_and_plots_to_png_and_svg(
    qtbot, cuba_window, prompts, tmp_path
):
    window = cuba_window
    window.model.set_project_field("run.duration", "20*ms")
    [results] = run_and_wait(qtbot, window)

    prompts.results_answer = (tmp_path / "cuba.h5", "hdf5")
    assert window.export_results_dialog()
    saved = Results.load(tmp_path / "cuba.h5")
    np.testing.assert_array_equal(saved["spikes"].t, results["spikes"].t)
    with h5py.File(tmp_path / "cuba.h5") as file:
        assert "monitors/trace/variables/v" in file

    prompts.results_answer = (tmp_path / "tables" / "cuba.csv", "csv")
    (tmp_path / "tables").mkdir()
    assert window.export_results_dialog()
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "cuba_rate.csv",
        "cuba_spikes.csv",
        "cuba_trace.csv",
    ]

    for name in ("plots.png", "plots.svg"):
        prompts.image_answer = tmp_path / name
        assert window.export_plots_dialog(), prompts.errors
        assert (tmp_path / name).stat().st_size > 1000
    assert "<svg" in (tmp_path / "plots.svg").read_text()

    prompts.results_answer = (tmp_path / "missing" / "cuba.h5", "hdf5")
    assert not window.export_results_dialog()
    assert prompts.errors[-1][1] == "Cannot write cuba.h5"


def test_hiding_a_panel_is_a_project_setting(qtbot, cuba_window):
    window = cuba_window
    window.model.set_project_field("run.duration", "5*ms")
    run_and_wait(qtbot, window)
    trace_id = window.model.project.node("trace").id
    window.model.set_field(trace_id, "plot.visible", False)
    assert not window.plots.panel("trace").visible
    window.plots.visibility_changed.emit(trace_id, True)  # the Panels menu's toggle
    assert window.model.project.node("trace").plot.visible


def test_closing_the_window_during_a_run_stops_it_and_ends_the_thread(qtbot, cuba_window):
    window = cuba_window
    window.model.set_project_field("run.duration", "100*second")
    window.action_run.trigger()
    qtbot.waitUntil(lambda: window.run_status.spikes > 0, timeout=RUN_TIMEOUT_MS)
    assert window.close()
    assert not window.runner.running


@pytest.mark.skipif(compiler_problem() is not None, reason="no compiled code here")
def test_a_run_on_the_cython_target_compiles_in_the_worker_and_gives_numpys_spikes(
    qtbot, cuba_window
):
    window = cuba_window
    window.model.set_project_field("run.duration", "30*ms")
    window.model.set_project_field("run.target", "cython")
    [results] = run_and_wait(qtbot, window)
    assert results.provenance.target_used == "cython"
    on_numpy = run(window.model.project, target="numpy")
    raster = window.plots.panel("spikes").data()
    np.testing.assert_array_equal(raster.i, on_numpy["spikes"].i)
    np.testing.assert_array_equal(raster.t, on_numpy["spikes"].t)
