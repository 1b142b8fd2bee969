"""Analysis views chosen per panel: what the Views menu offers, the numbers shown, live, exports.

Each view is compared with the engine's analysis functions (`engine.project.analysis`) applied
to the same run's results: the window must show exactly those numbers.
"""

import math
from pathlib import Path

import numpy as np
import pytest

from engine.project import load
from engine.project.analysis import (
    current_values,
    cv_per_neuron,
    fi_curve,
    histogram,
    interspike_intervals,
    per_neuron_values,
    phase_trajectory,
    power_spectrum,
    rates_per_neuron,
)
from engine.project.runner import run

EXAMPLES = Path(__file__).parents[3] / "examples"


def _run(name, duration, project=None, chunks=None):
    project = project or load(EXAMPLES / f"{name}.spikecanvas")
    report = None if chunks is None else (lambda p: chunks.append((p.t, p.data)))
    return run(project, report=report, duration=duration, seed=1, report_period="0*ms")


@pytest.fixture(scope="module")
def lif():
    return _run("lif_fi_curve", "1*second")


def _menu_action(area, panel_title, label):
    """Return the action ``label`` of the Views menu's submenu of a panel, as a user finds it."""
    for action in area.views_menu.actions():
        menu = action.menu()
        if menu is not None and menu.title() == panel_title:
            for entry in menu.actions():
                if entry.text() == label:
                    return entry
            raise AssertionError(f"no '{label}' in {[a.text() for a in menu.actions()]}")
    raise AssertionError(f"no submenu '{panel_title}'")


def _choose(area, qtbot, panel_title, label):
    _menu_action(area, panel_title, label).trigger()
    qtbot.wait(1)  # the menu is rebuilt by a zero-delay timer
    return next(p for p in area.panels if p.title == panel_title)


def test_each_panel_offers_the_views_of_its_kind(area, lif):
    area.show_results(lif)
    submenus = {a.menu().title(): a.menu() for a in area.views_menu.actions() if a.menu()}
    spikes = [a.text() for a in submenus["Spikes (neuron index = drive)"].actions()]
    title = "Membrane potential of neurons 40, 60 and 99"
    traces = [a.text() for a in submenus[title].actions()]
    assert spikes == [
        "Values over time",
        "ISI histogram",
        "CV distribution",
        "Firing-rate histogram",
        "Raster sorted by rate",  # 100 neurons: no "every k-th" preset (from 200 on)
        "Raster of a selection of neurons…",
        "f–I curve: rate against v0",  # v0 = v0_max * i / (n_neurons - 1) in the project
        "",  # a separator
        "Save view as image…",
        "Save view data as CSV…",
    ]
    # One recorded variable: no phase plane, a histogram of its current values.
    assert traces[:2] == ["Values over time", "Histogram of current v"]
    assert area.views_button.isEnabled()


def test_isi_cv_and_rate_histograms_show_the_engines_numbers(area, qtbot, lif):
    area.show_results(lif)
    data = lif.monitors["spikes"]
    title = "Spikes (neuron index = drive)"
    panel = _choose(area, qtbot, title, "ISI histogram")
    assert panel.view is not None
    assert panel.view.name == "isi"
    # The view replaces the raster in the layout; the trace keeps the time axis.
    assert panel.view.plot in area._laid_out
    assert panel.plots[0] not in area._laid_out
    expected = histogram(interspike_intervals(data.i, data.t), panel.view.bins)
    assert np.array_equal(panel.view.result.counts, expected.counts)
    assert np.array_equal(panel.view.result.edges, expected.edges)

    panel = _choose(area, qtbot, title, "CV distribution")
    expected = histogram(cv_per_neuron(data.i, data.t, 100), panel.view.bins)
    assert np.array_equal(panel.view.result.counts, expected.counts)
    # The LIF neurons have no noise: every firing neuron is regular (CV ~ 0; a spike time
    # rounded to the 0.1 ms grid makes an interval differ by at most one step).
    assert expected.edges[-1] < 0.02

    panel = _choose(area, qtbot, title, "Firing-rate histogram")
    rates = rates_per_neuron(data.i, 100, 1.0)
    assert np.array_equal(panel.view.result.counts, histogram(rates, panel.view.bins).counts)
    assert panel.view.result.total == 100  # silent neurons count, at 0 Hz
    assert panel.view.result.counts[0] == np.count_nonzero(rates < panel.view.result.edges[1])


def test_the_fi_view_draws_rate_against_the_per_neuron_drive(area, qtbot, lif):
    area.show_results(lif)
    panel = _choose(area, qtbot, "Spikes (neuron index = drive)", "f–I curve: rate against v0")
    view = panel.view
    values, unit = per_neuron_values(lif.project, "neurons", "v0")
    parameter, rate = fi_curve(values, lif.monitors["spikes"].i, 1.0)
    assert unit == "V"
    assert view.unit == "V"
    assert np.array_equal(view.parameter, parameter)
    assert np.array_equal(view.rate, rate)
    x, y = view.curve.getData()
    assert np.array_equal(x, parameter)
    assert np.array_equal(y, rate)
    # The notes' formula: f = 1/(t_ref + tau ln(v0/(v0 - Vt))), 83.8 Hz at v0 = 20 mV; a 1 s
    # run counts whole spikes and the threshold is crossed on the 0.1 ms grid: within 2 Hz.
    expected = 1 / (5e-3 + 10e-3 * math.log(20 / (20 - 10)))
    assert abs(rate[-1] - expected) <= 2.0
    assert rate[parameter <= 0.01].max() == 0.0  # below threshold, silent


def test_the_spectrum_view_finds_brunel_hakims_oscillation(area, qtbot):
    results = _run("brunel_hakim", "200*ms")
    area.show_results(results)
    panel = _choose(area, qtbot, "Population rate", "Power spectrum")
    data = results.monitors["rate"]
    expected = power_spectrum(data.t, data.rate)
    assert np.array_equal(panel.view.spectrum.power, expected.power)
    assert panel.view.peak == expected.peak()
    # Brunel & Hakim (1999): the sparse inhibitory network oscillates at ~100-200 Hz here
    # (the 200 ms run resolves 5 Hz).
    assert 100 <= panel.view.peak <= 250
    assert "peak at" in panel.view.title_text()


def test_the_phase_plane_draws_each_cells_trajectory(area, qtbot):
    project = load(EXAMPLES / "izhikevich_patterns.spikecanvas")
    project.node("v_trace").variables = ["v", "u"]  # the example records v only
    results = _run("izhikevich_patterns", "300*ms", project=project)
    area.show_results(results)
    panel = _choose(area, qtbot, "Membrane potential", "Phase plane: u against v")
    data = results.monitors["v_trace"]
    assert len(panel.view.curves) == 4  # one per recorded cell
    for row, curve in enumerate(panel.view.curves):
        x, y = curve.getData()
        ex, ey = phase_trajectory(data, "v", "u", row)
        assert np.array_equal(x, ex)
        assert np.array_equal(y, ey)
    header, columns = panel.view.table()
    assert header == ["t [s]", "element", "v [V]", "u [V]"]
    assert len(columns[0]) == 4 * len(data.t)


def test_the_stdp_weight_histogram_counts_the_current_weights(area, qtbot):
    results = _run("stdp", "2*second")
    area.show_results(results)
    panel = area.panel("all_weights")  # the example shows its histogram
    assert panel.visible
    assert panel.settings.view == "values"
    assert panel.view.plot in area._laid_out
    # Drawn with the whole run's data once the view's throttle lets it.
    qtbot.waitUntil(lambda: panel.view.result.counts.sum() == 1000, timeout=5000)
    weights = current_values(results.monitors["all_weights"], "w")
    assert len(weights) == 1000  # every synapse
    assert np.array_equal(panel.view.result.counts, histogram(weights, panel.view.bins).counts)


def test_views_fill_live_and_are_throttled(area, qtbot):
    chunks = []
    results = _run("lif_fi_curve", "1*second", chunks=chunks)
    area.setup(results.project)
    area.choose_view("spikes", "rates")
    view = area.panel("spikes").view
    assert len(chunks) > 5
    # Five checkpoints through the run (one per chunk would wait for the throttle too often).
    checkpoints = set(np.linspace(0, len(chunks) - 1, 5).astype(int))
    spikes, checked = [], 0
    for k, (t, data) in enumerate(chunks):
        area.append(data)
        area.set_time(t)
        area.redraw()
        if "spikes" in data:
            spikes.append(data["spikes"].i)
        if k in checkpoints and t > 0:
            qtbot.wait(int(view.min_interval * 1000) + 20)  # past the throttle: an update
            area.redraw()
            # The rates so far: each neuron's spikes over the time reached, all 100 neurons.
            so_far = rates_per_neuron(np.concatenate(spikes), 100, t)
            assert np.array_equal(view.result.counts, histogram(so_far, view.bins).counts)
            assert view.result.total == 100
            checked += 1
    assert checked >= 4
    assert view.updates >= checked
    # Rates are over the time reached so far; in the end exactly those of the whole run.
    expected = rates_per_neuron(results.monitors["spikes"].i, 100, 1.0)
    assert np.array_equal(view.result.counts, histogram(expected, view.bins).counts)
    # Throttled: many redraws at 30 Hz within the interval update once at most.
    before = view.updates
    for _ in range(5):
        area.panel("spikes").dirty = True
        area.redraw()
    assert view.updates - before <= 1
    assert area.panel("spikes").dirty  # still due: the timer comes back


def test_the_choice_is_signalled_and_applied_from_settings(area, qtbot, lif):
    area.show_results(lif)
    with qtbot.waitSignal(area.view_changed) as signal:
        _menu_action(area, "Spikes (neuron index = drive)", "f–I curve: rate against v0").trigger()
    assert signal.args == ["spikes", "fi", {"parameter": "v0"}]
    node = lif.project.model_copy(deep=True).node("trace")  # the fixture's stays as it is
    node.plot = node.plot.model_copy(update={"view": "values", "view_options": {"variable": "v"}})
    area.update_settings(node)
    assert area.panel("trace").view.name == "values"
    node.plot = node.plot.model_copy(update={"view": "", "view_options": {}})
    area.update_settings(node)
    assert area.panel("trace").view is None
    assert area.panel("trace").plots[0] in area._laid_out


def test_views_export_csv_png_and_svg(area, qtbot, lif, tmp_path):
    area.show_results(lif)
    panel = _choose(area, qtbot, "Spikes (neuron index = drive)", "ISI histogram")
    area.export_view_table("spikes", tmp_path / "isi.csv")
    lines = (tmp_path / "isi.csv").read_text().splitlines()
    assert lines[0] == "inter-spike interval from [s],inter-spike interval to [s],intervals"
    result = panel.view.result
    assert len(lines) == 1 + len(result.counts)
    first = lines[1].split(",")
    assert float(first[0]) == result.edges[0]
    assert int(first[2]) == result.counts[0]
    area.export_view_image("spikes", tmp_path / "isi.png")
    assert (tmp_path / "isi.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    area.export_view_image("spikes", tmp_path / "isi.svg")
    assert b"<svg" in (tmp_path / "isi.svg").read_bytes()
    with pytest.raises(ValueError, match="no analysis view"):
        area.export_view_table("trace", tmp_path / "trace.csv")
    with pytest.raises(ValueError, match="use a .png or .svg"):
        area.export_view_image("spikes", tmp_path / "isi.jpg")


def test_saving_from_the_menu_asks_for_a_path(area, qtbot, lif, tmp_path):
    area.show_results(lif)
    _choose(area, qtbot, "Spikes (neuron index = drive)", "CV distribution")
    suggestions = []

    def answer(parent, suggested):
        suggestions.append(suggested)
        return str(tmp_path / "cv")  # no suffix: .csv is added

    area.ask_table_path = answer
    _menu_action(area, "Spikes (neuron index = drive)", "Save view data as CSV…").trigger()
    assert suggestions == ["spikes_cv.csv"]
    assert (tmp_path / "cv.csv").read_text().startswith("CV of inter-spike intervals from,")


def test_the_readout_over_a_view_names_its_bin(area, qtbot, lif):
    area.show_results(lif)
    panel = _choose(area, qtbot, "Spikes (neuron index = drive)", "Firing-rate histogram")
    qtbot.wait(20)
    result = panel.view.result
    centre = panel.view.plot.vb.mapViewToScene(
        pg_point(float(result.centres[0]), float(result.counts[0]) / 2)
    )
    text = area.move_crosshair(centre)
    assert text.startswith("Spikes (neuron index = drive): ")
    assert text.endswith(f": {int(result.counts[0])} neurons")


def pg_point(x, y):
    from PySide6 import QtCore

    return QtCore.QPointF(x, y)


def test_a_raster_of_a_selection_shows_the_chosen_neurons_on_the_time_axis(area, qtbot, lif):
    area.show_results(lif)
    asked = []

    def answer(parent, size, options):
        asked.append(size)
        return {"first": "10", "last": "90", "step": "20", "order": "rate"}

    area.ask_selection = answer
    panel = _choose(
        area, qtbot, "Spikes (neuron index = drive)", "Raster of a selection of neurons…"
    )
    view = panel.view
    assert asked == [100]
    # Neurons 10, 30, 50, 70, 90; sorted by their spikes: the silent ones (below threshold,
    # up to neuron 49) first in index order, then 50, 70, 90 by rising drive.
    assert list(view.neurons) == [10, 30, 50, 70, 90]
    data = lif.monitors["spikes"]
    chosen = np.isin(data.i, [10, 30, 50, 70, 90])
    assert np.array_equal(view.times, data.t[chosen])
    assert np.array_equal(view.neurons[view.rows], data.i[chosen])
    # On the shared time axis, linked with the trace panel below it.
    trace = area.panel("trace").plots[0]
    assert view.plot.vb.viewRange()[0] == pytest.approx(trace.vb.viewRange()[0])
    assert "raster of neurons 10 to 90, every 20th neuron, sorted by rate (5 shown)" in (
        view.title_text()
    )
    assert panel.settings.view_options == {
        "first": "10",
        "last": "90",
        "step": "20",
        "order": "rate",
    }


def test_a_cancelled_selection_keeps_what_the_panel_shows(area, qtbot, lif):
    area.show_results(lif)
    area.ask_selection = lambda parent, size, options: None
    panel = _choose(
        area, qtbot, "Spikes (neuron index = drive)", "Raster of a selection of neurons…"
    )
    assert panel.view is None


def test_a_view_chosen_in_the_window_stays_when_other_settings_change(area, qtbot, lif):
    area.show_results(lif)
    _choose(area, qtbot, "Spikes (neuron index = drive)", "ISI histogram")
    node = lif.project.model_copy(deep=True).node("spikes")  # its settings name no view
    node.plot = node.plot.model_copy(update={"title": "Spikes"})
    area.update_settings(node)
    panel = area.panel("spikes")
    assert panel.view.name == "isi"
    assert panel.settings.view == "isi"
    assert panel.title == "Spikes"


def test_a_view_on_the_first_panel_leaves_the_others_on_the_run_s_time_axis(area, qtbot, lif):
    area.show_results(lif)
    trace = area.panel("trace").plots[0]
    assert trace.vb.linkedView(0) is area.panel("spikes").plots[0].vb  # the raster leads
    area.choose_view("spikes", "isi")
    # The trace is now the only plot on the time axis: linked to nothing (not to the raster
    # out of the layout, whose width no longer follows the window's).
    assert trace.vb.linkedView(0) is None
    area.resize(700, 500)
    qtbot.wait(50)
    area.redraw()
    assert trace.vb.viewRange()[0] == pytest.approx([0.0, 1.0])
