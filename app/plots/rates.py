"""The population rate of a PopulationRateMonitor, optionally smoothed.

The raw rate of one time step (spikes of the step / (N dt)) jumps between 0 and large values;
a flat window of a few milliseconds (the plot setting ``smoothing``) shows the trend, computed
like Brian 2's ``smooth_rate('flat', width)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pyqtgraph as pg

from app.plots.buffers import Buffer
from app.plots.panel import Panel, format_value
from app.plots.settings import seconds
from engine.project.document import PlotSettings
from engine.project.plotting import MonitorNode, smooth_flat
from engine.project.results import RateData

__all__ = ["RatePanel"]


class RatePanel(Panel[RateData]):
    """The rate of a group over time, in Hz.

    Attributes
    ----------
    smoothing
        The width of the flat smoothing window in seconds, or None for the raw rate.
    curve
        The rate drawn.
    """

    panel: ClassVar[str] = "rate"

    def _build(self, node: MonitorNode) -> None:
        self._t = Buffer(np.float64)
        self._rate = Buffer(np.float64)
        self.smoothing: float | None = None
        self._shown = np.zeros(0)
        plot = self._new_plot()
        plot.setLabel("left", "rate", units="Hz")
        plot.setLabel("bottom", "time", units="s")
        plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis)
        plot.vb.setAutoVisible(y=True)
        self.curve = pg.PlotDataItem(
            pen=self.style.curve_pen(0),
            autoDownsample=True,
            downsampleMethod="peak",
            clipToView=True,
            skipFiniteCheck=True,
        )
        plot.addItem(self.curve)

    def apply_settings(
        self, settings: PlotSettings, constants: Mapping[str, object] | None = None
    ) -> None:
        """Take new plot settings, including the smoothing width."""
        if constants is not None:
            self._constants = constants
        self.smoothing = seconds(settings.smoothing, self._constants)
        super().apply_settings(settings, constants)  # after: the title shows the smoothing

    def title_text(self) -> str:
        """Return the title, and the smoothing window if there is one."""
        if self.smoothing is None:
            return self.title
        return f"{self.title} (smoothed over {format_value(self.smoothing, 's')})"

    # -- data -----------------------------------------------------------------------------------

    def append(self, chunk: RateData) -> None:
        """Store a chunk of rate samples."""
        self._take_source(chunk)
        self._t.append(chunk.t)
        self._rate.append(chunk.rate)
        self.dirty = True

    def data(self) -> RateData:
        """Return every (raw) rate sample received so far (copies)."""
        return RateData(
            **self._identity(),
            t=self._t.values.copy(),
            rate=self._rate.values.copy(),
        )

    def shown_rate(self) -> np.ndarray:
        """Return the rate as drawn: smoothed over `smoothing` if set, else the raw rate."""
        t, rate = self._t.values, self._rate.values
        if self.smoothing is None or len(t) < 2:
            return rate
        return smooth_flat(rate, float(t[1] - t[0]), self.smoothing)

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the rate (smoothed over the whole run so far: O(samples), no convolution)."""
        self.dirty = False
        self._shown = self.shown_rate()
        self.curve.setData(self._t.values, self._shown)

    def value_text(self, t: float, y: float) -> str:
        """Return the rate drawn at the sample nearest ``t``."""
        times = self._t.values
        if len(times) == 0 or len(self._shown) != len(times):
            return ""
        k = int(np.clip(np.searchsorted(times, t), 0, len(times) - 1))
        if k > 0 and abs(times[k - 1] - t) <= abs(times[k] - t):
            k -= 1
        return f"rate {format_value(float(self._shown[k]), 'Hz')}"
