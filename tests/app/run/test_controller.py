"""The run controller: one run at a time in a worker thread; stop at once; continue a network."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.run import RunController, RunState
from app.run.controller import same_network
from app.run.worker import MIN_REPORT_PERIOD, UnexpectedError
from engine.project import BuildError, load
from engine.project.live_parameters import LiveParameter
from engine.project.results import Results
from engine.project.sweep import Sweep

CUBA = Path(__file__).resolve().parents[3] / "examples" / "cuba.spikecanvas"
TIMEOUT_MS = 120_000


@pytest.fixture
def cuba():
    project = load(CUBA)
    project.run.duration = "10*ms"
    return project


@pytest.fixture
def controller(qtbot):
    controller = RunController()
    yield controller
    assert controller.shutdown()


def wait_for_end(qtbot, controller) -> object:
    ended: list = []
    controller.finished.connect(ended.append)
    controller.failed.connect(ended.append)
    qtbot.waitUntil(lambda: bool(ended), timeout=TIMEOUT_MS)
    return ended[0]


def test_a_run_reports_progress_in_the_gui_thread_and_ends_idle(qtbot, controller, cuba):
    threads: list = []
    states: list = []
    controller.progressed.connect(lambda p: threads.append(threading.current_thread()))
    controller.state_changed.connect(states.append)
    controller.start(cuba)
    assert controller.running
    results = wait_for_end(qtbot, controller)
    assert isinstance(results, Results)
    assert results.completed
    assert threads
    assert set(threads) == {threading.main_thread()}
    assert states == [RunState.RUNNING, RunState.IDLE]
    assert not controller.running


def test_the_run_uses_a_copy_of_the_project(qtbot, controller, cuba):
    controller.start(cuba)
    cuba.run.duration = "1*second"  # the user edits on while it runs
    results = wait_for_end(qtbot, controller)
    assert results.provenance.simulated == pytest.approx(0.01)


def test_reports_come_at_most_every_20_ms_however_often_the_project_asks(qtbot, controller, cuba):
    cuba.run.report_period = "1*us"  # every step: 100 reports for 10 ms
    reports: list = []
    controller.progressed.connect(reports.append)
    controller.start(cuba)
    results = wait_for_end(qtbot, controller)
    wall = results.provenance.wall_time
    assert len(reports) <= 2 + wall / MIN_REPORT_PERIOD
    assert results.project.run.report_period == "0.02*second"


def test_a_report_period_that_is_not_a_time_is_reported_not_clamped(qtbot, controller, cuba):
    cuba.run.report_period = "5*mV"
    controller.start(cuba)
    error = wait_for_end(qtbot, controller)
    assert isinstance(error, BuildError)
    assert error.field == "run.report_period"


def test_a_second_start_while_running_is_refused(qtbot, controller, cuba):
    controller.start(cuba)
    with pytest.raises(RuntimeError, match="stop it first"):
        controller.start(cuba)
    wait_for_end(qtbot, controller)


def test_stop_ends_the_run_with_what_was_recorded(qtbot, controller, cuba):
    cuba.run.duration = "100*second"
    controller.progressed.connect(lambda p: controller.stop() if p.t > 0 else None)
    controller.start(cuba)
    results = wait_for_end(qtbot, controller)
    assert results.provenance.status == "stopped"
    assert results["spikes"].num_spikes > 0
    assert not controller.stop()  # nothing left to stop


def test_continue_needs_the_same_network(qtbot, controller, cuba):
    assert not controller.can_continue(cuba)
    controller.start(cuba)
    wait_for_end(qtbot, controller)
    moved = cuba.model_copy(deep=True)
    moved.nodes[0].position = (500.0, 500.0)
    moved.run.duration = "5*ms"
    assert controller.can_continue(moved)
    controller.start(moved, resume=True)
    results = wait_for_end(qtbot, controller)
    assert results.provenance.simulated == pytest.approx(0.015)
    other = cuba.model_copy(deep=True)
    other.run.seed = 2
    with pytest.raises(RuntimeError, match="cannot be continued"):
        controller.start(other, resume=True)


def test_a_failure_is_reported_and_cannot_be_continued(qtbot, controller, cuba):
    cuba.nodes[0].model += "\ndx/dt = -x/undefined_tau : 1"
    controller.start(cuba)
    error = wait_for_end(qtbot, controller)
    assert isinstance(error, BuildError)
    assert "undefined_tau" in error.message
    assert not controller.can_continue(cuba)
    assert controller.state is RunState.IDLE


def test_an_unexpected_error_carries_its_traceback(qtbot, controller, cuba, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("app.run.worker.Simulation", bug)
    controller.start(cuba)
    error = wait_for_end(qtbot, controller)
    assert isinstance(error, UnexpectedError)
    assert str(error) == "ZeroDivisionError: a bug"
    assert "Traceback" in error.details


SLIDER = LiveParameter(name="we", minimum="0*mV", maximum="1*mV")


@pytest.mark.parametrize(
    ("change", "same"),
    [
        (lambda p: setattr(p.nodes[0], "position", (1.0, 2.0)), True),
        (lambda p: setattr(p.nodes[0], "notes", "new words"), True),
        (lambda p: setattr(p.run, "duration", "1*second"), True),
        (lambda p: setattr(p, "description", "other"), True),
        (lambda p: setattr(p.run, "dt", "0.05*ms"), False),
        (lambda p: setattr(p.run, "seed", 9), False),
        (lambda p: setattr(p.nodes[0], "N", "100"), False),
        (lambda p: p.edges.pop(), False),
        (lambda p: setattr(p.constants[0], "value", "1*mV"), False),
        # What the window does around runs: sweeps of the network, sliders of its constants.
        (lambda p: p.sweeps.append(Sweep(name="s")), True),
        (
            lambda p: p.live_parameters.append(LiveParameter(name="we", minimum="0", maximum="1")),
            True,
        ),
    ],
)
def test_same_network_ignores_layout_words_and_duration_only(cuba, change, same):
    other = cuba.model_copy(deep=True)
    change(other)
    assert same_network(cuba, other) is same


def test_during_a_run_garbage_is_collected_in_the_gui_thread_only(qtbot, controller, cuba):
    # A collection in the worker thread could destroy GUI objects there and deadlock PySide.
    import gc

    from app.run.collector import gui_thread_collector

    seen: list[bool] = []
    controller.progressed.connect(lambda progress: seen.append(gc.isenabled()))
    assert gc.isenabled()
    controller.start(cuba)
    assert not gc.isenabled()
    assert gui_thread_collector().timer.isActive()
    wait_for_end(qtbot, controller)
    assert seen
    assert not any(seen)
    assert gc.isenabled()
    assert not gui_thread_collector().held


def test_the_gui_thread_collector_collects_what_is_due(qapp):
    import gc

    from app.run.collector import GuiThreadCollector

    collector = GuiThreadCollector()
    collector.hold()
    try:
        for _ in range(gc.get_threshold()[0] + 100):
            cycle = []
            cycle.append(cycle)
        assert gc.get_count()[0] > gc.get_threshold()[0]
        collector.collect_if_due()
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        collector.release()
    assert gc.isenabled()
