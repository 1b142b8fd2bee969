"""Dense rasters stay readable, and the mouse wheel zooms time without clipping the neurons.

A raster of 4000 neurons over seconds in a small panel has more spikes than pixels: drawn as
ticks it is a black block. It is drawn as a density image instead, whose shades show where the
network fires more. The wheel zooms the shared time axis only; Ctrl+wheel (or Shift) zooms the
values, and *Reset view* shows every neuron again.
"""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.plots.raster import RasterPanel
from app.plots.style import PlotStyle
from engine.project.document import SpikeMonitorNode
from engine.project.results import SpikeData

NEURONS = 4000
DURATION = 5.0
BLOCK = 0.1  # seconds: the rate alternates between blocks
HIGH, LOW = 10.0, 4.0  # Hz per neuron


def structured_spikes(seed=1):
    """Spikes of 4000 neurons for 5 s, at 10 Hz in even 100-ms blocks and 4 Hz in odd ones."""
    rng = np.random.default_rng(seed)
    times, neurons = [], []
    for block in range(round(DURATION / BLOCK)):
        rate = HIGH if block % 2 == 0 else LOW
        n = rng.poisson(NEURONS * rate * BLOCK)
        times.append(rng.uniform(block * BLOCK, (block + 1) * BLOCK, n))
        neurons.append(rng.integers(0, NEURONS, n))
    t = np.concatenate(times)
    order = np.argsort(t, kind="stable")
    return SpikeData(
        node_id="sp",
        name="spikes",
        source="E",
        source_size=NEURONS,
        i=np.concatenate(neurons)[order].astype(np.int32),
        t=t[order],
    )


@pytest.fixture
def style(qapp):
    return PlotStyle.from_palette(qapp.palette())


@pytest.fixture
def small_raster(qtbot, style):
    """A raster panel in a small view (600 x 170 pixels), as in a dock of a laptop's window."""
    panel = RasterPanel(SpikeMonitorNode(id="sp", name="spikes"), style, "E", NEURONS)
    view = pg.GraphicsLayoutWidget()
    view.setBackground(style.background)  # as in the plot area
    qtbot.addWidget(view)
    view.addItem(panel.plot)
    view.resize(600, 170)
    view.show()
    qtbot.waitExposed(view)
    panel.plot.setXRange(0.0, DURATION, padding=0)
    return panel, view


def ink(view, plot, style):
    """Return the data area of ``plot`` as 0 (background) .. 1 (spike colour), per pixel."""
    image = view.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    pixels = (
        np.frombuffer(image.constBits(), np.uint8)
        .reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3][..., ::-1]
        .astype(float)
    )  # BGRA in memory: take RGB
    area = view.mapFromScene(plot.vb.sceneBoundingRect()).boundingRect().adjusted(2, 2, -2, -2)
    pixels = pixels[area.top() : area.bottom(), area.left() : area.right()]
    background = np.array(style.background.getRgb()[:3], float)
    spikes = np.array(style.spikes.getRgb()[:3], float)
    share = (pixels - background) @ (spikes - background) / np.sum((spikes - background) ** 2)
    return np.clip(share, 0.0, 1.0)


def test_a_dense_raster_is_not_a_black_block_and_shows_where_it_fires_more(
    qtbot, small_raster, style
):
    panel, view = small_raster
    data = structured_spikes()
    assert len(data.t) < panel.image_threshold  # few enough to be drawn as ticks before
    panel.append(data)
    panel.redraw()
    qtbot.wait(20)
    shades = ink(view, panel.plot, style)

    # Each column of pixels is a stretch of time; skip those that straddle two blocks.
    columns = (np.arange(shades.shape[1]) + 0.5) / shades.shape[1] * DURATION
    phase = (columns / BLOCK) % 1.0
    inside = (phase > 0.15) & (phase < 0.85)
    high = inside & (np.floor(columns / BLOCK) % 2 == 0)
    low = inside & (np.floor(columns / BLOCK) % 2 == 1)
    dense, sparse = shades[:, high].mean(), shades[:, low].mean()

    assert np.mean(shades > 0.9) < 0.1  # not saturated: few pixels in the darkest shade
    assert dense < 0.75  # the densest stretches still have room to look denser
    assert sparse > 0.05  # the sparse ones are not blank either
    assert dense - sparse > 0.1  # and the two are told apart


def test_a_sparse_raster_keeps_its_ticks(qtbot, small_raster):
    panel, _ = small_raster
    panel.append(
        SpikeData(
            node_id="sp",
            name="spikes",
            source="E",
            source_size=NEURONS,
            i=np.arange(50, dtype=np.int32) * 80,
            t=np.linspace(0.1, 4.9, 50),
        )
    )
    panel.redraw()
    assert panel.mode == "ticks"


# -- the mouse wheel ------------------------------------------------------------------------


@pytest.fixture
def running_area(area, project):
    """The plot area of the `project` fixture, with spikes of its 10 neurons over 500 ms."""
    area.setup(project)
    t = np.linspace(0.0, 0.5, 200)
    area.append(
        {
            "spikes": SpikeData(
                node_id="sp",
                name="spikes",
                source="G",
                source_size=10,
                i=(np.arange(200) % 10).astype(np.int32),
                t=t,
            )
        }
    )
    area.set_time(0.5)
    area.redraw()
    return area


def turn_wheel(area, plot, modifiers=QtCore.Qt.KeyboardModifier.NoModifier):
    """Turn the mouse wheel one notch (towards the user: zoom in) over the middle of ``plot``."""
    view = area.graphics
    pos = QtCore.QPointF(view.mapFromScene(plot.vb.sceneBoundingRect().center()))
    event = QtGui.QWheelEvent(
        pos,
        QtCore.QPointF(view.viewport().mapToGlobal(pos.toPoint())),
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, 120),
        QtCore.Qt.MouseButton.NoButton,
        modifiers,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(view.viewport(), event)


@pytest.mark.parametrize("panel_name", ["spikes", "trace"])
def test_the_wheel_zooms_time_only(running_area, panel_name):
    area = running_area
    plot = area.panel(panel_name).plots[0]
    x_before, y_before = plot.vb.viewRange()
    turn_wheel(area, plot)
    x_after, y_after = plot.vb.viewRange()
    assert x_after[1] - x_after[0] < 0.9 * (x_before[1] - x_before[0])  # zoomed in on time
    assert y_after == pytest.approx(y_before)  # every neuron (value) still in view
    assert not area.following


@pytest.mark.parametrize(
    "modifier",
    [QtCore.Qt.KeyboardModifier.ControlModifier, QtCore.Qt.KeyboardModifier.ShiftModifier],
)
def test_ctrl_or_shift_and_the_wheel_zoom_the_neurons_and_reset_view_shows_all_again(
    running_area, modifier
):
    area = running_area
    plot = area.panel("spikes").plots[0]
    x_before, y_before = plot.vb.viewRange()
    turn_wheel(area, plot, modifier)
    x_after, y_after = plot.vb.viewRange()
    assert x_after == pytest.approx(x_before)
    assert y_after[1] - y_after[0] < 0.9 * (y_before[1] - y_before[0])

    area.reset_button.click()
    assert plot.vb.viewRange()[1] == pytest.approx([-0.5, 9.5])  # every neuron again
    assert area.following
