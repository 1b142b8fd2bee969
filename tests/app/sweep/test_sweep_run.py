"""Running a sweep from its window: in the background, a live plot, cancel, trials, exports.

The tests share one `LocalCluster` of 2 worker processes (module scope; the window takes it
as ``client``): starting one takes seconds. The ``small`` project's trials take a fraction of
a second each.
"""

from __future__ import annotations

import csv
import logging
import math
import time

import numpy as np
import pytest
from distributed import Client, LocalCluster
from PySide6 import QtCore

from app.run.collector import gui_thread_collector
from engine.project.runner import run
from engine.project.sweep import MeasureRef, Parameter, Sweep
from engine.project.sweep.apply import trial_project
from engine.project.sweep.store import load_sweep
from engine.project.sweep.table_csv import points_rows, trials_header

# Each test waits for real worker processes; the timeout allows for 2 cores shared with CI.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

TIMEOUT_MS = 120_000
MEASURES = [
    MeasureRef(measure="spike_count", node="spikes"),
    MeasureRef(measure="mean", node="trace", variable="v"),
]


@pytest.fixture(scope="module")
def client(qapp):
    # distributed logs its life cycle at INFO; only its warnings and errors are of interest.
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    # The client's threads live through the module's tests, not only while a sweep runs: no
    # garbage collection may happen in them, where it would destroy the Qt objects of earlier
    # tests' windows and deadlock (see app.run.collector). The GUI thread collects instead.
    collector = gui_thread_collector()
    collector.hold()
    try:
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster, set_as_default=False) as connected,
        ):
            yield connected
    finally:
        collector.release()
        logger.setLevel(level)


def with_sweep(model, **fields) -> Sweep:
    """Give the model's project one sweep called ``s`` (MEASURES by default); return it."""
    sweep = Sweep(name="s", **{"measures": MEASURES, **fields})
    model.project.sweeps = [sweep]
    return sweep


def run_to_end(qtbot, dialog) -> None:
    """Click Run Sweep and wait until the sweep has ended."""
    qtbot.mouseClick(dialog.run_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.runner.running
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=TIMEOUT_MS)


def spike_count(results) -> int:
    return len(results.monitors["spikes"].t)


def test_a_sweep_runs_in_the_background_and_the_plot_fills_in(qtbot, model, make_dialog, client):
    model.project.run.duration = "200*ms"  # trials long enough to be seen arriving
    with_sweep(model, parameters=[Parameter(name="I", values="1.2, 1.5, 2")], repeats=2)
    dialog = make_dialog(model, client=client)
    # The GUI thread's own timer: it ticks on while the sweep runs if nothing blocks it.
    ticks: list[float] = []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    shown: list[int] = []  # points with statistics, as each trial arrived
    dialog.runner.progressed.connect(lambda _: shown.append(len(dialog.plot.statistics)))
    started = time.monotonic()
    run_to_end(qtbot, dialog)
    ended = time.monotonic()
    timer.stop()
    table = dialog.table
    assert table is not None
    assert table.status == "completed"
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 6
    assert dialog.status_label.text().startswith("Completed: 6 of 6 trials ran, in ")
    # The plot filled in trial by trial: one report per trial, points appearing as they end.
    assert len(shown) == 6
    assert shown == sorted(shown)
    assert shown[0] == 1
    assert shown[-1] == 3
    # Responsive: the timer kept ticking all along. The sweep takes ~3 s here and the longest
    # gap between ticks was ~40 ms; a GUI thread blocked by the sweep would leave one gap as
    # long as the sweep. 1 s allows for 2 cores shared with busy worker processes.
    during = [t for t in ticks if started <= t <= ended]
    assert ended - started > 1.5  # long enough for the gap to tell
    assert max(np.diff([started, *during, ended])) < 1.0
    # What is drawn is the table's statistics: mean ± std over the 2 repeats of each point.
    assert dialog.plot.statistics == {s.point: s for s in table.points}
    [scatter] = dialog.plot.scatters
    x, y = scatter.getData()
    assert list(x) == [1.2, 1.5, 2.0]
    assert list(y) == [s.mean[0] for s in table.points]  # spike_count, the first measure
    assert dialog.plot.plot_item.getAxis("bottom").labelText == "I"
    # Once a sweep has run, the estimate uses its trials' times.
    assert "the median of the last sweep's 6 trials" in dialog.estimate_label.text()


def test_a_heat_map_over_two_parameters_has_their_values_on_its_axes(
    qtbot, model, make_dialog, client
):
    with_sweep(
        model,
        parameters=[
            Parameter(name="I", values="1.2, 2, 3"),
            Parameter(name="tau", values="5*ms, 10*ms"),
        ],
    )
    dialog = make_dialog(model, client=client)
    run_to_end(qtbot, dialog)
    plot = dialog.plot
    assert plot.heat_map  # two parameters: a heat map over them at first
    image = plot.image.image
    assert image.shape == (2, 3)  # rows: tau, columns: I
    table = dialog.table
    for stats in table.points:  # points: I slowest, then tau (a grid in the parameters' order)
        i, j = divmod(stats.point, 2)
        assert image[j, i] == stats.mean[0]
    bottom = plot.plot_item.getAxis("bottom")._tickLevels[0]
    left = plot.plot_item.getAxis("left")._tickLevels[0]
    assert [text for _, text in bottom] == ["1.2", "2", "3"]
    assert [text for _, text in left] == ["5", "10"]
    assert plot.plot_item.getAxis("left").labelText == "tau [ms]"
    assert plot.color_bar is not None
    # The same measure against one parameter: a curve per value of the other.
    plot.y_box.setCurrentIndex(0)
    assert not plot.heat_map
    assert len(plot.scatters) == 2


def test_a_failed_trial_is_listed_with_its_error_and_marked(qtbot, model, make_dialog, client):
    model.project.node("g").model = "dv/dt = (sqrt(I) - v)/tau : 1"  # NaN for a negative I
    with_sweep(model, parameters=[Parameter(name="I", values="2.25, -1, 4")])
    dialog = make_dialog(model, client=client)
    run_to_end(qtbot, dialog)
    assert dialog.status_label.text().startswith("Completed: 3 of 3 trials ran, 1 failed, in")
    assert dialog.failures.count() == 1
    text = dialog.failures.item(0).text()
    assert text.startswith("trial 1 (I=-1.0, repeat 1): ")
    assert "'v' became NaN" in text
    assert dialog.plot.failed == {1}
    x, _ = dialog.plot.failed_scatter.getData()
    assert list(x) == [-1.0]
    [scatter] = dialog.plot.scatters
    assert list(scatter.getData()[0]) == [2.25, 4.0]  # no mean where every trial failed


def test_cancel_stops_the_sweep_at_once(qtbot, model, make_dialog, client):
    model.project.run.duration = "2*second"  # ~0.5 s a trial: time to cancel the others
    with_sweep(model, parameters=[Parameter(name="I", values="1.2:2:12")])
    dialog = make_dialog(model, client=client)
    qtbot.mouseClick(dialog.run_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() >= 1, timeout=TIMEOUT_MS)
    assert dialog.cancel_button.isEnabled()
    clicked = time.monotonic()
    qtbot.mouseClick(dialog.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Cancelling…"
    assert not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=TIMEOUT_MS)
    # The sweep returns within about a second (`run_sweep`'s promise); 3 s for busy cores.
    assert time.monotonic() - clicked < 3.0
    table = dialog.table
    assert table.status == "cancelled"
    assert table.count("cancelled") >= 8  # 1 done when clicked, at most 3 more ran
    assert dialog.status_label.text().startswith("Cancelled: ")
    assert dialog.run_button.isEnabled()


def click_point(qtbot, dialog, point: int) -> None:
    """Click point ``point`` of the live plot with the mouse."""
    dialog.plot.redraw()
    # The view fits its range to new items lazily: take the spot's place once it stays put.
    places: list = [None]

    def settled() -> bool:
        places.append(dialog.plot.spot_position(point))
        return places[-1] is not None and places[-1] == places[-2]

    qtbot.waitUntil(settled, timeout=5000)
    position = places[-1]
    qtbot.mouseClick(
        dialog.plot.graphics.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=position
    )


def test_clicking_a_point_opens_its_kept_trial(qtbot, model, make_dialog, client):
    with_sweep(model, parameters=[Parameter(name="I", values="1.2, 2")], keep_data=True)
    dialog = make_dialog(model, client=client)
    run_to_end(qtbot, dialog)
    click_point(qtbot, dialog, 1)
    window = dialog.trial_window
    assert window is not None
    assert window.isVisible()
    trial = dialog.table.trials[1]
    assert window.trial == trial
    assert window.heading.text().startswith("<b>trial 1 (I=2.0, repeat 1)</b>, kept by the sweep")
    # The same spikes as the project run alone with the trial's value and seed.
    alone = run(trial_project(model.project, trial))
    assert spike_count(window.results) == spike_count(alone) == trial.measures[0].value
    assert np.array_equal(window.results.monitors["spikes"].t, alone.monitors["spikes"].t)
    assert [p.name for p in window.plots.panels] == ["spikes", "trace", "rate"]


def test_a_trial_whose_data_was_not_kept_is_run_again(qtbot, model, make_dialog, client):
    with_sweep(model, parameters=[Parameter(name="I", values="1.2, 2")], repeats=2)
    dialog = make_dialog(model, client=client)
    run_to_end(qtbot, dialog)
    click_point(qtbot, dialog, 0)
    window = dialog.trial_window
    assert "running it again" in window.heading.text()
    qtbot.waitUntil(lambda: window.results is not None, timeout=TIMEOUT_MS)
    trial = window.trial
    assert trial.point == 0
    assert trial.data is None
    alone = run(trial_project(model.project, trial))
    assert spike_count(window.results) == spike_count(alone) == trial.measures[0].value
    assert np.array_equal(window.results.monitors["spikes"].i, alone.monitors["spikes"].i)
    assert window.heading.text().startswith("<b>trial 0 (I=1.2, repeat 1)</b>, run again")


def test_the_table_plot_and_sweep_file_are_exported(qtbot, model, make_dialog, client, tmp_path):
    with_sweep(model, parameters=[Parameter(name="I", values="1.2, 2")], repeats=2)
    dialog = make_dialog(model, client=client)
    assert not dialog.action_export_trials.isEnabled()  # nothing to export before a run
    run_to_end(qtbot, dialog)
    table = dialog.table
    dialog.answers = [
        tmp_path / "trials.csv",
        tmp_path / "points.csv",
        tmp_path / "plot.png",
        tmp_path / "plot.svg",
        tmp_path / "sweep.h5",
    ]
    for action in (
        dialog.action_export_trials,
        dialog.action_export_points,
        dialog.action_export_plot,
        dialog.action_export_plot,
        dialog.action_export_file,
    ):
        assert action.isEnabled()
        action.trigger()
    assert dialog.errors == []
    assert [title for title, _, _ in dialog.asked] == [
        "Export the trials table",
        "Export the points table",
        "Export the plot",
        "Export the plot",
        "Export the sweep file",
    ]
    with open(tmp_path / "trials.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == trials_header(table)
    assert len(rows) == 1 + 4
    with open(tmp_path / "points.csv", newline="") as file:
        assert next(csv.reader(file)) == points_rows(table)[0]
    png = (tmp_path / "plot.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in (tmp_path / "plot.svg").read_text()
    record = load_sweep(tmp_path / "sweep.h5")
    assert record.sweep == model.project.sweeps[0]
    assert [t.measures for t in record.table.trials] == [t.measures for t in table.trials]
    assert dialog.status_label.text() == f"Wrote {tmp_path / 'sweep.h5'}"


def test_one_trial_is_timed_on_demand_for_the_estimate(qtbot, model, make_dialog):
    with_sweep(model, parameters=[Parameter(name="I", values="1.2:2:8")], repeats=2)
    dialog = make_dialog(model)
    dialog.editor.workers_spin.setValue(2)
    assert dialog.estimate_label.text().startswith("Time: press Time One Trial")
    qtbot.mouseClick(dialog.time_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.estimate_label.text().startswith("Timing one trial")
    qtbot.waitUntil(lambda: not dialog.timer.running, timeout=TIMEOUT_MS)
    seconds = dialog.trial_seconds
    assert seconds is not None
    assert 0 < seconds < 60
    text = dialog.estimate_label.text()
    assert text.startswith("Time: about ")
    assert "with 2 workers" in text
    assert "one trial timed now" in text
    assert math.isfinite(seconds)
