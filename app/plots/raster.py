"""The raster of a SpikeMonitor: a tick per spike, neuron index over time.

Spikes are drawn as one `pyqtgraph.PlotCurveItem` with ``connect='pairs'`` (a vertical tick
from ``i - 0.4`` to ``i + 0.4`` at each spike time), measured to be several times cheaper than
a scatter plot. Only the spikes in (and a little around) the visible time range are handed to
it. Beyond `RasterPanel.image_threshold` visible spikes even that gets slow (~0.6 s per frame
for 1e6 ticks), so the panel switches to an image: a 2-D histogram of the visible spikes with
about one time bin per pixel, whose cost does not grow with the number of spikes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from app.plots.buffers import Buffer
from app.plots.panel import Panel, format_value
from engine.project.results import Recorded, SpikeData

__all__ = ["RasterPanel"]

_TICK = 0.4  # half the height of a tick, in neurons
_MARGIN = 0.25  # ticks are prepared this fraction of the visible width beyond each side
_FEW_NEURONS = 10  # up to this many neurons, the axis labels each one
_NEAR_PIXELS = 4  # a spike this close to the cursor (in pixels) is "at" the cursor


class RasterPanel(Panel):
    """A spike raster: y is the neuron index (0 at the bottom), x the time in seconds.

    Attributes
    ----------
    image_threshold
        Above this many spikes in the visible time range, the raster is drawn as an image
        (set it on an instance to change one panel).
    mode
        What is drawn: ``"ticks"`` or ``"image"``.
    curve
        The ticks.
    image
        The 2-D histogram (its ``image`` holds the counts: time bins x neuron bins).
    """

    kind: ClassVar[str] = "SpikeMonitor"
    stretch: ClassVar[int] = 3
    image_threshold: int = 200_000

    def _build(self, node: Any) -> None:
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
        plot.vb.sigResized.connect(self._view_changed)

    @property
    def plot(self) -> pg.PlotItem:
        """The panel's one plot item."""
        return self.plots[0]

    def _view_changed(self, *_: object) -> None:
        self.dirty = True

    # -- data -----------------------------------------------------------------------------------

    def append(self, chunk: SpikeData) -> None:  # type: ignore[override]
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
        self.dirty = False
        if self.source_size != self._size_shown:
            self._size_shown = self.source_size
            size = max(self.source_size, 1)
            self.plot.setYRange(-0.5, size - 0.5, padding=0)
            # A few neurons: one tick each (the automatic ticks would fall between them).
            few = [[(k, str(k)) for k in range(size)]] if size <= _FEW_NEURONS else None
            self.plot.getAxis("left").setTicks(few)
        x0, x1 = self.visible_range()
        t = self._t.values
        first = int(np.searchsorted(t, x0, side="left"))
        last = int(np.searchsorted(t, x1, side="right"))
        if last - first > self.image_threshold:
            self._draw_image(x0, x1, first, last)
        else:
            self._draw_ticks(x0, x1)

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
        neuron_bins = int(np.clip(min(size, vb.height()), 1, size))
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
        self.image.setImage(counts, levels=(0.0, max(float(counts.max()), 1.0)))
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
