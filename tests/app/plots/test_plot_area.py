"""The plot area: a panel per monitor, a shared time axis, a crosshair, images, live data."""

import numpy as np
import pytest
from PySide6 import QtCore

from app.plots import PLACEHOLDER, PlotArea
from engine.project.document import PlotSettings
from engine.project.results import RateData, Recorded, SpikeData, StateData


def chunk_of_everything(t0, n=5):
    """One report's data of the `project` fixture: n samples from t0, a spike per sample."""
    t = t0 + np.arange(n) * 1e-3
    return {
        "spikes": SpikeData(
            node_id="sp",
            name="spikes",
            source="G",
            source_size=10,
            i=np.arange(n, dtype=np.int32) % 10,
            t=t,
        ),
        "trace": StateData(
            node_id="st",
            name="trace",
            source="G",
            source_size=10,
            t=t,
            record=np.array([0, 1], np.int32),
            variables={
                "v": Recorded(np.vstack([t, -t]), "V"),
                "w": Recorded(np.vstack([t, t]) * 2, "1"),
            },
        ),
        "rate": RateData(
            node_id="ra", name="rate", source="G", source_size=10, t=t, rate=np.full(n, 5.0)
        ),
    }


def shown_plots(area):
    layout = area.graphics.ci
    return [layout.getItem(row, 0) for row in range(layout.layout.rowCount())]


def test_without_a_project_the_area_invites_to_run(area):
    assert area._stack.currentWidget() is area._placeholder
    assert area._placeholder.text() == PLACEHOLDER
    assert area.panels == []
    with pytest.raises(KeyError):
        area.panel("spikes")


def test_setup_makes_a_titled_panel_per_monitor_in_node_order(area, project):
    area.setup(project)
    assert [(p.name, p.kind, p.node_id) for p in area.panels] == [
        ("spikes", "SpikeMonitor", "sp"),
        ("trace", "StateMonitor", "st"),
        ("rate", "PopulationRateMonitor", "ra"),
    ]
    assert area.panel("trace") is area.panels[1]
    titles = [p.plots[0].titleLabel.text for p in area.panels]
    assert titles == ["Raster", "Traces", "rate (smoothed over 1 ms)"]
    assert area.panel("spikes").source_size == 10  # from the project, before any data
    assert area._stack.currentWidget() is area.graphics
    assert area.redraw_timer.isActive()
    assert area.redraw_timer.interval() == 33


def test_hidden_panels_are_not_in_the_layout(area, project):
    area.setup(project)
    rate = area.panel("rate")
    assert not rate.visible
    trace = area.panel("trace")
    assert shown_plots(area) == [area.panel("spikes").plots[0], *trace.plots]
    area.set_panel_visible("st", False)
    assert shown_plots(area) == [area.panel("spikes").plots[0]]
    area.set_panel_visible("ra", True)
    assert shown_plots(area) == [area.panel("spikes").plots[0], rate.plots[0]]
    assert rate.plots[0].getAxis("bottom").labelText == "time"  # the lowest names the axis


def test_toggling_a_panel_in_the_panels_menu_emits_visibility_changed(area, project, qtbot):
    area.setup(project)
    actions = area.panels_menu.actions()
    assert [(a.text(), a.isChecked()) for a in actions] == [
        ("Raster", True),
        ("Traces", True),
        ("rate", False),
    ]
    with qtbot.waitSignal(area.visibility_changed) as signal:
        actions[0].trigger()
    assert signal.args == ["sp", False]
    assert not area.panel("spikes").visible
    assert area.panel("spikes").plots[0] not in shown_plots(area)
    # Programmatic changes are not the user's: no signal.
    with qtbot.assertNotEmitted(area.visibility_changed):
        area.set_panel_visible("sp", True)
    assert actions[0].isChecked()


def test_the_sliding_window_follows_the_time_reached(area, project):
    area.setup(project)
    assert area.window == pytest.approx(0.1)  # the first monitor window: "win" = 100 ms
    assert area.window_box.currentText() == "Last 100 ms"
    plot = area.panel("spikes").plots[0]
    area.redraw()
    assert plot.vb.viewRange()[0] == pytest.approx([0.0, 0.1])  # not yet 100 ms in: [0, w]
    area.set_time(0.35)
    area.redraw()
    assert plot.vb.viewRange()[0] == pytest.approx([0.25, 0.35])
    area.set_window(None)
    assert area.window_box.currentText() == "Whole run"
    assert plot.vb.viewRange()[0] == pytest.approx([0.0, 0.5])  # the run's duration


def test_all_time_axes_are_linked(area, project):
    area.setup(project)
    spikes, (v, w) = area.panel("spikes").plots[0], area.panel("trace").plots
    assert v.vb.linkedView(0) is spikes.vb
    assert w.vb.linkedView(0) is spikes.vb
    spikes.setXRange(0.2, 0.3, padding=0)
    for plot in (v, w):  # lined up to the pixel
        assert plot.vb.viewRange()[0] == pytest.approx([0.2, 0.3], abs=0.1 / 400)


def test_panning_stops_following_the_run_until_reset_view(area, project):
    area.setup(project)
    plot = area.panel("spikes").plots[0]
    plot.vb.sigRangeChangedManually.emit([True, False])  # what a mouse drag emits
    plot.setXRange(0.0, 0.02, padding=0)
    area.set_time(0.3)
    area.redraw()
    assert not area.following
    assert plot.vb.viewRange()[0] == pytest.approx([0.0, 0.02])
    area.reset_button.click()
    assert area.following
    assert plot.vb.viewRange()[0] == pytest.approx([0.2, 0.3])


def test_appended_data_is_drawn_at_the_next_redraw_only(area, project):
    area.setup(project)
    area.redraw()
    area.append(chunk_of_everything(0.0))
    spikes = area.panel("spikes")
    assert spikes.dirty
    assert spikes.curve.getData()[0].size == 0
    area.append(chunk_of_everything(0.005))
    area.append({"unknown_monitor": chunk_of_everything(0.0)["rate"]})  # ignored
    area.redraw()
    assert len(spikes.curve.getData()[0]) == 20  # 10 spikes, 2 points each
    np.testing.assert_allclose(area.panel("trace").data().t, np.arange(10) * 1e-3)
    assert len(area.panel("rate").data().rate) == 10  # hidden panels also keep their data


def test_the_crosshair_shows_the_time_and_the_values_under_the_cursor(area, project):
    area.setup(project)
    area.set_window(None)
    area.append(chunk_of_everything(0.0, n=200))
    area.redraw()
    v_plot = area.panel("trace").plots[0]
    scene_pos = v_plot.vb.mapViewToScene(QtCore.QPointF(0.1, 0.0))
    text = area.move_crosshair(scene_pos)
    assert text == "t = 100 ms  ·  Traces: v [0] 100 mV, [1] -100 mV; w [0] 0.2, [1] 0.2"
    assert area.crosshair_text == text
    assert area.readout.text() == text
    lines = [area._lines[p] for p in shown_plots(area)]
    assert all(line.isVisible() and line.value() == pytest.approx(0.1) for line in lines)
    raster = area.panel("spikes").plots[0]
    text = area.move_crosshair(raster.vb.mapViewToScene(QtCore.QPointF(0.003, 3.0)))
    assert text == "t = 3 ms  ·  Raster: neuron 3, spike at 3 ms"
    assert area.move_crosshair(QtCore.QPointF(-50, -50)) == ""  # outside every panel
    assert not any(line.isVisible() for line in lines)


def test_update_settings_changes_the_title_smoothing_window_and_visibility(area, project):
    area.setup(project)
    rate_node = project.node("ra")
    rate_node.plot = PlotSettings(visible=True, title="Rate", smoothing="", window="20*ms")
    area.update_settings(rate_node)
    rate = area.panel("rate")
    assert rate.visible
    assert rate.plots[0] in shown_plots(area)
    assert rate.smoothing is None
    assert rate.plots[0].titleLabel.text == "Rate"
    assert area.window == pytest.approx(0.02)
    assert area.window_box.currentText() == "Last 20 ms"
    assert [a.text() for a in area.panels_menu.actions()][2] == "Rate"


def test_export_image_writes_png_and_svg_of_the_visible_panels(area, project, tmp_path):
    area.setup(project)
    area.append(chunk_of_everything(0.0, n=50))
    area.export_image(tmp_path / "plots.png")
    png = (tmp_path / "plots.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) > 1000
    area.export_image(tmp_path / "plots.svg")
    svg = (tmp_path / "plots.svg").read_text()
    assert "<svg" in svg
    assert "Raster" in svg
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        area.export_image(tmp_path / "plots.jpg")


def test_the_save_button_asks_through_a_replaceable_question(area, project, tmp_path):
    area.setup(project)
    asked = []
    area.ask_image_path = lambda parent, suggested: asked.append(suggested) or tmp_path / "out"
    area.save_button.click()
    assert asked == ["plots.png"]
    assert (tmp_path / "out.png").stat().st_size > 0


def test_clear_goes_back_to_the_placeholder(area, project):
    area.setup(project)
    area.clear()
    assert area.panels == []
    assert area.panels_menu.actions() == []
    assert area._stack.currentWidget() is area._placeholder
    assert not area.redraw_timer.isActive()


def test_live_chunks_of_a_real_run_add_up_to_its_results(area, cuba_run):
    results, chunks = cuba_run
    area.setup(results.project)
    assert len(chunks) > 3
    for t, data in chunks:
        area.append(data)
        area.set_time(t)
        area.redraw()
    for name in ("spikes", "trace", "rate"):
        live, final = area.panel(name).data(), results[name]
        assert type(live) is type(final)
        assert (live.node_id, live.source, live.source_size) == (
            final.node_id,
            final.source,
            final.source_size,
        )
        np.testing.assert_array_equal(live.t, final.t)
    np.testing.assert_array_equal(area.panel("spikes").data().i, results["spikes"].i)
    np.testing.assert_array_equal(area.panel("rate").data().rate, results["rate"].rate)
    np.testing.assert_array_equal(area.panel("trace").data().record, results["trace"].record)
    np.testing.assert_array_equal(
        area.panel("trace").data().variables["v"].values, results["trace"].variables["v"].values
    )
    # Whole run (CUBA's monitors set no window): the axis spans the 50 ms run.
    assert area.panel("spikes").plots[0].vb.viewRange()[0] == pytest.approx([0.0, 0.05])
    assert area.panel("spikes").plots[0].vb.viewRange()[1] == pytest.approx([-0.5, 3999.5])


def test_show_results_draws_a_finished_run_at_once(area, cuba_run):
    results, _ = cuba_run
    area.show_results(results)
    spikes = area.panel("spikes")
    assert spikes.data().num_spikes == results["spikes"].num_spikes
    assert len(spikes.curve.getData()[0]) == 2 * results["spikes"].num_spikes
    assert not any(panel.dirty for panel in area.panels)


def test_plot_area_is_a_plain_widget_to_embed(qtbot):
    widget = PlotArea()
    qtbot.addWidget(widget)
    widget.clear()  # harmless without a project
    widget.redraw()
    assert widget.x_range() is None
