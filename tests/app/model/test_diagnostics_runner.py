"""Live diagnostics: validation shortly after edits, held back while a run goes on."""

from __future__ import annotations

from app.model import DiagnosticsRunner, ProjectModel


def test_an_edit_is_validated_after_the_delay(qtbot):
    model = ProjectModel()
    runner = DiagnosticsRunner(model, delay_ms=10)
    model.add_node("NeuronGroup", (0, 0), name="G", model="dv/dt = -v/tau : volt")
    with qtbot.waitSignal(runner.diagnostics_changed, timeout=2000) as signal:
        pass
    assert any("tau" in d.message for d in signal.args[0])


def test_a_paused_runner_validates_what_changed_once_resumed(qtbot):
    model = ProjectModel()
    runner = DiagnosticsRunner(model, delay_ms=10)
    runner.set_paused(True)
    model.add_node("NeuronGroup", (0, 0), name="G", model="dv/dt = -v/tau : volt")
    qtbot.wait(50)
    assert runner.diagnostics == []
    assert not runner.pending
    with qtbot.waitSignal(runner.diagnostics_changed, timeout=2000):
        runner.set_paused(False)
    assert any("tau" in d.message for d in runner.diagnostics)


def test_resuming_without_changes_does_not_validate(qtbot):
    model = ProjectModel()
    runner = DiagnosticsRunner(model, delay_ms=10)
    runner.set_paused(True)
    runner.set_paused(False)
    assert not runner.pending
