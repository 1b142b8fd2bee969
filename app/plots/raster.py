"""The raster of a SpikeMonitor: a tick per spike, neuron index over time.

Spikes are drawn as one `pyqtgraph.PlotCurveItem` with ``connect='pairs'`` (a vertical tick
from ``i - 0.4`` to ``i + 0.4`` at each spike time), measured to be several times cheaper than
a scatter plot. Only the spikes in (and a little around) the visible time range are handed to
it.

Ticks only work while they rarely overlap: a tick is at least a pixel wide and tall, so when
there are more visible spikes than `RasterPanel.crowding` times the pixels of the plot (4000
neurons over a few seconds, in a small panel), they merge into a black block that hides what
the network does. Beyond that density — or beyond `RasterPanel.image_threshold` visible spikes,
where ticks also get slow (~0.6 s per frame for 1e6) — the panel draws an image: a 2-D
histogram of the visible spikes with about one bin per pixel, shaded by the number of spikes
in each bin, whose cost does not grow with the number of spikes. Its shades are scaled to a
high percentile of the counts rather than their maximum, so one crowded bin does not wash out
the rest, and the bulk of the activity never saturates: bursts show darker than the
background activity around them, at any zoom.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from app.plots.buffers import Buffer
from app.plots.panel import Panel, format_value
from engine.project.plotting import MonitorNode
from engine.project.results import Recorded, SpikeData

__all__ = ["RasterPanel"]

_TICK = 0.4  # half the height of a tick, in neurons
_MARGIN = 0.25  # ticks are prepared this fraction of the visible width beyond each side
_FEW_NEURONS = 10  # up to this many neurons, the axis labels each one
_NEAR_PIXELS = 4  # a spike this close to the cursor (in pixels) is "at" the cursor
# The darkest shade of the image is for bins with at least this percentile of the counts of
# the bins that hold spikes: the few bins above it share the darkest shade.
_TOP_PERCENTILE = 99.0


class RasterPanel(Panel[SpikeData]):
    """A spike raster: y is the neuron index (0 at the bottom), x the time in seconds.

    Attributes
    ----------
    image_threshold
        Above this many spikes in the visible time range, the raster is drawn as an image
        (set it on an instance to change one panel).
    crowding
        Above this many visible spikes per pixel of the plot, ticks would merge into a block:
        the raster is drawn as an image.
    mode
        What is drawn: ``"ticks"`` or ``"image"``.
    curve
        The ticks.
    image
        The 2-D histogram (its ``image`` holds the counts: time bins x neuron bins).
    """

    panel: ClassVar[str] = "raster"
    stretch: ClassVar[int] = 3
    image_threshold: int = 200_000
    crowding: float = 0.05

    def _build(self, node: MonitorNode) -> None:
        self._i = Buffer(np.int32)
        self._t = Buffer(np.float64)
        self._variables: dict[str, tuple[Buffer, str]] = {}
        self.mode = "ticks"
        self._drawn: tuple[Any, ...] = ()  # what the items show, to skip identical redraws
        self._size_shown = -1
        plot = self._new_plot()
        plot.setLabel("left", "neuron")
        # Neuron indices are whole numbers: no "(x0.001)" scaling of a one-neuron axis.
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.setLabel("bottom", "time", units="s")
        self.curve = pg.PlotCurveItem(
            connect="pairs", pen=pg.mkPen(self.style.spikes, width=1), skipFiniteCheck=True
        )
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setLookupTable(self.style.lookup_table())
        self.image.hide()
        plot.addItem(self.image)
        plot.addItem(self.curve)
        # The visible slice (and the image's bins) depend on the view: redraw when it changes.
        plot.vb.sigXRangeChanged.connect(self._view_changed)
        plot.vb.sigYRangeChanged.connect(self._view_changed)
        plot.vb.sigResized.connect(self._view_changed)

    @property
    def plot(self) -> pg.PlotItem:
        """The panel's one plot item."""
        return self.plots[0]

    def _view_changed(self, *_: object) -> None:
        self.dirty = True

    def reset_values_range(self) -> None:
        """Show every neuron again after the user zoomed or panned the neuron axis."""
        self.plot.setYRange(-0.5, max(self.source_size, 1) - 0.5, padding=0)

    # -- data -----------------------------------------------------------------------------------

    def append(self, chunk: SpikeData) -> None:
        """Store a chunk of spikes (sorted by time, continuing the previous chunk)."""
        self._take_source(chunk)
        self._i.append(chunk.i)
        self._t.append(chunk.t)
        for name, recorded in chunk.variables.items():
            if name not in self._variables:
                self._variables[name] = (Buffer(recorded.values.dtype), recorded.unit)
            self._variables[name][0].append(recorded.values)
        self.dirty = True

    def data(self) -> SpikeData:
        """Return every spike received so far (copies)."""
        return SpikeData(
            **self._identity(),
            i=self._i.values.copy(),
            t=self._t.values.copy(),
            variables={
                name: Recorded(buffer.values.copy(), unit)
                for name, (buffer, unit) in self._variables.items()
            },
        )

    # -- drawing --------------------------------------------------------------------------------

    def visible_range(self) -> tuple[float, float]:
        """Return the time range the panel shows, in seconds."""
        x0, x1 = self.plot.vb.viewRange()[0]
        return float(x0), float(x1)

    def redraw(self) -> None:
        """Draw the spikes of the visible time range, as ticks or as an image."""
        if self.source_size != self._size_shown:
            self._size_shown = self.source_size
            size = max(self.source_size, 1)
            self.reset_values_range()
            # A few neurons: one tick each (the automatic ticks would fall between them).
            few = [[(k, str(k)) for k in range(size)]] if size <= _FEW_NEURONS else None
            self.plot.getAxis("left").setTicks(few)
        self.dirty = False  # the neuron range just set is part of what is drawn now
        x0, x1 = self.visible_range()
        t = self._t.values
        first = int(np.searchsorted(t, x0, side="left"))
        last = int(np.searchsorted(t, x1, side="right"))
        if last - first > min(self.image_threshold, self._crowded_count()):
            self._draw_image(x0, x1, first, last)
        else:
            self._draw_ticks(x0, x1)

    def _crowded_count(self) -> float:
        """Return how many visible spikes make ticks merge: `crowding` times the pixels."""
        vb = self.plot.vb
        y0, y1 = vb.viewRange()[1]
        rows = min(vb.height(), max(y1 - y0, 1.0))  # a row of pixels, or a neuron if taller
        return self.crowding * max(vb.width(), 1.0) * max(rows, 1.0)

    def _draw_ticks(self, x0: float, x1: float) -> None:
        margin = (x1 - x0) * _MARGIN
        t = self._t.values
        first = int(np.searchsorted(t, x0 - margin, side="left"))
        last = int(np.searchsorted(t, x1 + margin, side="right"))
        key = ("ticks", first, last, len(t))
        if self._drawn == key:
            return
        self._drawn = key
        times = t[first:last]
        neurons = self._i.values[first:last]
        x = np.repeat(times, 2)
        y = np.empty(2 * len(neurons))
        y[0::2] = neurons - _TICK
        y[1::2] = neurons + _TICK
        self.curve.setData(x, y)
        if self.mode != "ticks":
            self.mode = "ticks"
            self.image.hide()
            self.curve.show()

    def _draw_image(self, x0: float, x1: float, first: int, last: int) -> None:
        vb = self.plot.vb
        time_bins = int(np.clip(vb.width(), 16, 4096))
        size = max(self.source_size, int(self._i.values[first:last].max()) + 1)
        # One bin per row of pixels over the neurons in view (the user may have zoomed them).
        y0, y1 = vb.viewRange()[1]
        shown = float(np.clip(y1 - y0, 1.0, size))
        neuron_bins = int(np.clip(round(size * min(vb.height(), shown) / shown), 1, size))
        key = ("image", first, last, time_bins, neuron_bins, x0, x1)
        if self._drawn == key:
            return
        self._drawn = key
        t = self._t.values[first:last]
        i = self._i.values[first:last].astype(np.int64)
        column = ((t - x0) * (time_bins / (x1 - x0))).astype(np.int64)
        np.clip(column, 0, time_bins - 1, out=column)  # a spike exactly at x1
        row = i * neuron_bins // size
        counts = np.bincount(column * neuron_bins + row, minlength=time_bins * neuron_bins)
        counts = counts.reshape(time_bins, neuron_bins).astype(np.float32)
        self.image.setImage(counts, levels=(0.0, _top_level(counts)))
        self.image.setRect(QtCore.QRectF(x0, -0.5, x1 - x0, size))
        if self.mode != "image":
            self.mode = "image"
            self.curve.hide()
            self.curve.setData([], [])  # free the ticks' path
            self.image.show()

    def value_text(self, t: float, y: float) -> str:
        """Return the neuron under the cursor, and the time of its spike there if it has one."""
        neuron = round(y)
        if not 0 <= neuron < max(self.source_size, 1):
            return ""
        text = f"neuron {neuron}"
        x0, x1 = self.visible_range()
        width = max(self.plot.vb.width(), 1.0)
        near = _NEAR_PIXELS * (x1 - x0) / width
        times = self._t.values
        first, last = np.searchsorted(times, [t - near, t + near])
        hits = np.flatnonzero(self._i.values[first:last] == neuron)
        if len(hits):
            closest = times[first + hits][np.argmin(np.abs(times[first + hits] - t))]
            text += f", spike at {format_value(float(closest), 's')}"
        return text


def _top_level(counts: np.ndarray) -> float:
    """Return the count drawn in the darkest shade: a high percentile of the non-empty bins.

    The maximum would let one crowded bin wash out every other; a percentile keeps the bulk of
    the activity in the graded shades, so denser stretches stay darker than sparser ones.
    """
    filled = counts[counts > 0]
    if filled.size == 0:
        return 1.0
    return max(float(np.percentile(filled, _TOP_PERCENTILE)), 1.0)
