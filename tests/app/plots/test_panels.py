"""Each panel stores exactly what it is fed and draws it: rasters, traces, rates."""

import numpy as np
import pyqtgraph as pg
import pytest

from app.plots.raster import RasterPanel
from app.plots.rates import RatePanel
from app.plots.style import PlotStyle
from app.plots.traces import TracePanel
from engine.project.document import (
    PlotSettings,
    PopulationRateMonitorNode,
    SpikeMonitorNode,
    StateMonitorNode,
)
from engine.project.results import RateData, Recorded, SpikeData, StateData


@pytest.fixture
def style(qapp):
    return PlotStyle.from_palette(qapp.palette())


def spikes(i, t, size=10):
    return SpikeData(
        node_id="sp",
        name="spikes",
        source="G",
        source_size=size,
        i=np.asarray(i, np.int32),
        t=np.asarray(t, float),
    )


@pytest.fixture
def shown(qtbot):
    """Show a panel's plots in a view 800 x 400 pixels large (pixel sizes matter to rasters)."""

    views = []  # qtbot holds widgets weakly: a collected view would delete the plots with it

    def show(panel):
        view = pg.GraphicsLayoutWidget()
        views.append(view)
        qtbot.addWidget(view)
        for plot in panel.plots:
            view.addItem(plot)
            view.nextRow()
        view.resize(800, 400)
        view.show()
        qtbot.waitExposed(view)
        return panel

    return show


@pytest.fixture
def raster(style, shown):
    def make(**options):
        panel = RasterPanel(SpikeMonitorNode(id="sp", name="spikes"), style, "G", 10)
        for key, value in options.items():
            setattr(panel, key, value)
        shown(panel)
        panel.plot.setXRange(0.0, 1.0, padding=0)
        return panel

    return make


def test_a_raster_holds_the_concatenated_chunks_and_draws_a_tick_per_spike(raster):
    panel = raster()
    panel.append(spikes([3, 1], [0.010, 0.020]))
    panel.append(spikes([], []))
    panel.append(spikes([7], [0.035]))
    data = panel.data()
    np.testing.assert_array_equal(data.i, [3, 1, 7])
    np.testing.assert_array_equal(data.t, [0.010, 0.020, 0.035])
    assert (data.node_id, data.name, data.source, data.source_size) == ("sp", "spikes", "G", 10)
    assert panel.dirty
    panel.redraw()
    assert not panel.dirty
    assert panel.mode == "ticks"
    x, y = panel.curve.getData()
    np.testing.assert_array_equal(x, [0.010, 0.010, 0.020, 0.020, 0.035, 0.035])
    np.testing.assert_allclose(y, [2.6, 3.4, 0.6, 1.4, 6.6, 7.4])
    assert panel.plot.vb.viewRange()[1] == pytest.approx([-0.5, 9.5])  # every neuron


def test_append_stores_without_touching_the_plot_items(raster):
    panel = raster()
    panel.append(spikes([1], [0.5]))
    assert panel.curve.getData()[0] is None or len(panel.curve.getData()[0]) == 0


def test_a_raster_draws_only_the_spikes_around_the_visible_time_range(raster):
    panel = raster()
    panel.append(spikes(np.arange(10) % 10, np.arange(10) * 0.1))  # a spike every 100 ms
    panel.plot.setXRange(0.4, 0.6, padding=0)  # and a quarter of that width each side
    panel.redraw()
    x, _ = panel.curve.getData()
    np.testing.assert_allclose(np.unique(x), [0.4, 0.5, 0.6])


def test_beyond_the_threshold_the_raster_is_an_image_of_the_visible_spikes(raster):
    panel = raster(image_threshold=1000)
    rng = np.random.default_rng(1)
    t = np.sort(rng.uniform(0.0, 2.0, 5000))
    panel.append(spikes(rng.integers(0, 10, 5000), t))
    panel.plot.setXRange(0.5, 1.5, padding=0)
    panel.redraw()
    assert panel.mode == "image"
    assert panel.image.isVisible()
    assert not panel.curve.isVisible()
    counts = panel.image.image
    visible = np.count_nonzero((t >= 0.5) & (t <= 1.5))
    assert counts.sum() == visible
    assert counts.shape[1] == 10  # a row per neuron: fewer neurons than pixels
    # Zoomed in below the threshold: ticks again.
    panel.plot.setXRange(0.5, 0.6, padding=0)
    panel.redraw()
    assert panel.mode == "ticks"
    assert panel.curve.isVisible()
    assert not panel.image.isVisible()


def test_the_raster_says_which_neuron_and_spike_are_under_the_cursor(raster):
    panel = raster()
    panel.append(spikes([4], [0.250]))
    assert panel.value_text(0.2501, 4.2) == "neuron 4, spike at 250 ms"
    assert panel.value_text(0.6, 4.0) == "neuron 4"
    assert panel.value_text(0.25, 12.0) == ""  # above the group


def test_a_raster_of_a_few_neurons_labels_each_one_with_its_index(style, shown):
    panel = shown(RasterPanel(SpikeMonitorNode(id="sp", name="spikes"), style, "G", 1))
    panel.append(spikes([0, 0], [0.1, 0.2], size=1))
    panel.redraw()
    axis = panel.plot.getAxis("left")
    assert "x0.001" not in axis.labelString()  # no SI scaling of a ±0.5 range
    assert axis._tickLevels == [[(0, "0")]]  # pyqtgraph keeps fixed ticks there
    assert panel.plot.vb.viewRange()[1] == pytest.approx([-0.5, 0.5])


def state_chunk(t, v, unit="V"):
    v = np.asarray(v, float)
    return StateData(
        node_id="st",
        name="trace",
        source="G",
        source_size=100,
        t=np.asarray(t, float),
        record=np.arange(v.shape[0], dtype=np.int32),
        variables={"v": Recorded(v, unit)},
    )


def test_trace_curves_hold_every_sample_of_their_element(style):
    panel = TracePanel(StateMonitorNode(id="st", name="trace", variables=["v"]), style)
    panel.append(state_chunk([0.0, 0.001], [[-0.070, -0.069], [-0.060, -0.061]]))
    panel.append(state_chunk([0.002], [[-0.068], [-0.062]]))
    panel.redraw()
    assert len(panel.curves["v"]) == 2
    for row, expected in enumerate(([-0.070, -0.069, -0.068], [-0.060, -0.061, -0.062])):
        x, y = panel.curves["v"][row].getOriginalDataset()
        np.testing.assert_array_equal(x, [0.0, 0.001, 0.002])
        np.testing.assert_array_equal(y, expected)
    data = panel.data()
    assert data.variables["v"].unit == "V"
    assert data.variables["v"].values.shape == (2, 3)
    # The axis shows volts with an SI prefix (mV for these values).
    axis = panel.plots[0].getAxis("left")
    assert axis.labelText == "v"
    assert axis.labelUnits == "V"
    assert panel.value_text(0.0011, 0.0) == "v [0] -69 mV, [1] -61 mV"


def test_traces_draw_at_most_max_curves_and_say_so_in_the_title(style):
    node = StateMonitorNode(
        id="st", name="trace", variables=["v"], plot=PlotSettings(title="Potentials")
    )
    panel = TracePanel(node, style)
    panel.max_curves = 3
    panel.append(state_chunk([0.0, 0.001], np.zeros((8, 2)), unit="1"))
    panel.redraw()
    assert len(panel.curves["v"]) == 3
    assert panel.plots[0].titleLabel.text == "Potentials (showing 3 of 8)"
    assert panel.plots[0].getAxis("left").labelUnits == ""  # dimensionless: no unit
    assert len(panel.data().record) == 8


def test_a_trace_panel_stacks_one_plot_per_variable(style):
    node = StateMonitorNode(id="st", name="trace", variables=["v", "ge"])
    panel = TracePanel(node, style)
    assert len(panel.plots) == 2
    assert [p.getAxis("left").labelText for p in panel.plots] == ["v", "ge"]


def rates(t, rate):
    return RateData(
        node_id="ra",
        name="rate",
        source="G",
        source_size=10,
        t=np.asarray(t, float),
        rate=np.asarray(rate, float),
    )


def test_a_rate_panel_draws_the_smoothed_rate_and_keeps_the_raw_one(style):
    node = PopulationRateMonitorNode(id="ra", name="rate", plot=PlotSettings(smoothing="0.5*ms"))
    panel = RatePanel(node, style)
    assert panel.smoothing == pytest.approx(5e-4)
    t = np.arange(40) * 1e-4
    raw = np.r_[np.zeros(20), np.full(20, 50.0)]
    panel.append(rates(t[:25], raw[:25]))
    panel.append(rates(t[25:], raw[25:]))
    panel.redraw()
    x, y = panel.curve.getOriginalDataset()
    np.testing.assert_array_equal(x, t)
    # A 5-sample flat window: the step becomes a ramp of 10 Hz per sample.
    np.testing.assert_allclose(y[16:24], [0, 0, 10, 20, 30, 40, 50, 50], atol=1e-12)
    np.testing.assert_array_equal(panel.data().rate, raw)
    assert panel.value_text(19.6e-4, 0.0) == "rate 30 Hz"
    assert panel.plots[0].titleLabel.text == "rate (smoothed over 500 µs)"


def test_without_smoothing_the_rate_is_drawn_raw(style):
    panel = RatePanel(PopulationRateMonitorNode(id="ra", name="rate"), style)
    panel.append(rates([0.0, 1e-4, 2e-4], [0.0, 100.0, 0.0]))
    panel.redraw()
    np.testing.assert_array_equal(panel.curve.getOriginalDataset()[1], [0.0, 100.0, 0.0])
    panel.apply_settings(PlotSettings(smoothing="not a time"))
    assert panel.smoothing is None
