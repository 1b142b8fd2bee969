"""A slider moved during a run changes the running network, and the run records it."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from engine.project.live_parameters import LiveParameter
from tests.app.conftest import CUBA

RUN_TIMEOUT_MS = 120_000


def rate(results, start, end):
    """Spikes per neuron per second of the group P between ``start`` and ``end`` (seconds)."""
    t = results["spikes"].t
    return np.count_nonzero((t >= start) & (t < end)) / (4000 * (end - start))


def test_moving_a_slider_during_a_run_raises_the_rate_and_is_kept(qtbot, window):
    assert window.open_file(CUBA)
    model = window.model
    model.set_project_field(
        "live_parameters", [LiveParameter(name="we", minimum="0*mV", maximum="4*mV")]
    )
    model.set_project_field("run.duration", "1*second")
    model.set_project_field("run.target", "numpy")
    row = window.live_panel.rows["we"]
    moved: list = []
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)

    def move_once(progress):
        if progress.t > 0.2 and not moved:
            moved.append(progress.t)
            row.slider.setValue(row.slider.maximum())  # as a user drags it to 4 mV

    window.runner.progressed.connect(move_once)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    [results] = ended
    assert results.completed
    [change] = results.changes
    assert (change.name, change.value) == ("we", "4.0*mV")
    assert moved[0] <= change.t < moved[0] + 0.1  # from the next chunk on
    assert rate(results, change.t + 0.05, 1.0) > 2 * rate(results, 0.0, change.t)
    # Kept (the panel's default): the constant holds the live value, one undo step.
    assert next(c.value for c in model.project.constants if c.name == "we") == "4.0*mV"
    assert "Live changes: we = 4.0*mV at" in window.statusBar().currentMessage()


def test_a_change_the_run_refuses_is_shown_at_its_slider(qtbot, window):
    assert window.open_file(CUBA)
    model = window.model
    # Every constant of CUBA is read by model text, so each may change live: a constant that
    # sets the network's structure is made, the size of P.
    constants = [*model.project.constants]
    model.set_project_field("run.duration", "2*second")
    model.set_project_field("run.target", "numpy")
    n = type(constants[0])(name="n_p", value="4000")
    model.set_project_field("constants", [*constants, n])
    model.set_field(model.project.node("P").id, "N", "n_p")
    model.set_project_field(
        "live_parameters", [LiveParameter(name="n_p", minimum="1000", maximum="8000")]
    )
    started: list = []
    window.runner.progressed.connect(started.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(started), timeout=RUN_TIMEOUT_MS)
    row = window.live_panel.rows["n_p"]
    row.slider.setValue(10)
    assert "Stop the run, change it, and run again" in row.message.text()
    window.action_stop.trigger()
    qtbot.waitUntil(lambda: not window.runner.running, timeout=RUN_TIMEOUT_MS)
    # Refused: nothing to keep.
    assert next(c.value for c in model.project.constants if c.name == "n_p") == "4000"


def test_pace_slows_a_run_to_real_time(qtbot, window):
    assert window.open_file(CUBA)
    window.model.set_project_field("run.duration", "300*ms")
    window.model.set_project_field("run.target", "numpy")
    window.pace_box.setCurrentIndex(window.pace_box.findData(1.0))
    ended: list = []
    window.runner.finished.connect(ended.append)
    timer = QtCore.QElapsedTimer()
    timer.start()
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    # At 1x real time, 300 ms of network take at least 300 ms (a lower bound only: timings
    # are never an upper bound in tests).
    assert timer.elapsed() >= 300
    assert ended[0].completed


def test_export_script_after_a_run_with_changes_offers_to_replay_them(
    qtbot, window, prompts, tmp_path
):
    from engine.project.export import export_script

    assert window.open_file(CUBA)
    model = window.model
    model.set_project_field(
        "live_parameters", [LiveParameter(name="we", minimum="0*mV", maximum="4*mV")]
    )
    model.set_project_field("run.duration", "300*ms")
    model.set_project_field("run.target", "numpy")
    row = window.live_panel.rows["we"]
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.progressed.connect(
        lambda progress: row.slider.setValue(80) if progress.t > 0.1 else None
    )
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    [results] = ended
    assert [c.value for c in results.changes][:1] == ["3.2*mV"]

    prompts.export_answer = (tmp_path / "replay.py", "engine")
    assert window.export_script_dialog()
    assert ("export changes", len(results.changes)) in prompts.asked
    # The script of the run: the project as it ran (we was 1.62 mV then), with the changes.
    assert (tmp_path / "replay.py").read_text(encoding="utf-8") == export_script(
        results.project, "engine", filename=model.path, changes=results.changes
    )
    prompts.changes_answer = False  # the project as it is now (we kept at 3.2 mV)
    prompts.export_answer = (tmp_path / "now.py", "engine")
    assert window.export_script_dialog()
    assert (tmp_path / "now.py").read_text(encoding="utf-8") == export_script(
        model.project, "engine", filename=model.path
    )
    prompts.changes_answer = None  # cancelled: nothing written
    prompts.export_answer = (tmp_path / "none.py", "engine")
    assert not window.export_script_dialog()
    assert not (tmp_path / "none.py").exists()


def test_a_run_whose_live_values_were_kept_can_be_continued(qtbot, window):
    assert window.open_file(CUBA)
    model = window.model
    model.set_project_field(
        "live_parameters", [LiveParameter(name="we", minimum="0*mV", maximum="4*mV")]
    )
    model.set_project_field("run.duration", "300*ms")
    model.set_project_field("run.target", "numpy")
    row = window.live_panel.rows["we"]
    window.runner.progressed.connect(
        lambda progress: row.slider.setValue(60) if progress.t > 0.1 else None
    )
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    assert next(c.value for c in model.project.constants if c.name == "we") == "2.4*mV"
    # The project now holds what the simulation ran with at its end: it may go on.
    assert window.action_continue.isEnabled()
    # Changing a constant by hand still means another network.
    model.set_project_field(
        "constants",
        [
            c if c.name != "wi" else c.model_copy(update={"value": "-5*mV"})
            for c in model.project.constants
        ],
    )
    assert not window.action_continue.isEnabled()
