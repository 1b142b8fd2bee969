"""The analysis view of a PopulationRateMonitor: the power spectrum of the rate."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from app.plots.panel import format_value
from app.plots.views.base import AnalysisView, Table
from engine.project.analysis import Spectrum, power_spectrum
from engine.project.analysis.spectrum import SpectrumError

__all__ = ["SpectrumView"]

#: The frequencies shown at first (Hz): population oscillations are below ~500 Hz, while the
#: spectrum of a 0.1 ms rate goes up to 5 kHz. The user zooms out to see more.
_SHOWN = 1000.0


class SpectrumView(AnalysisView):
    """The power spectrum of the raw population rate so far, its largest peak marked.

    Attributes
    ----------
    spectrum
        The spectrum drawn last (None before there are 4 samples).
    peak
        The frequency of its largest peak above 0 Hz, or None.
    """

    name = "spectrum"
    label = "Power spectrum"
    panel_kind = "rate"

    def _build(self) -> None:
        self.curve = pg.PlotDataItem(pen=self.style.curve_pen(0), skipFiniteCheck=True)
        self.plot.addItem(self.curve)
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=self.style.crosshair_pen())
        self.marker.hide()
        self.plot.addItem(self.marker, ignoreBounds=True)
        self.plot.setLabel("bottom", "frequency", units="Hz")
        self.plot.setLabel("left", "power (Hz²)")
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.spectrum: Spectrum | None = None
        self.peak: float | None = None
        self.problem = ""
        self._ranged = False

    def reset_range(self) -> None:
        """Show the frequencies shown at first and every power again."""
        if self.spectrum is not None:
            self.plot.setXRange(0, min(_SHOWN, float(self.spectrum.frequencies[-1])), padding=0)
        self.plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis)

    def describe(self) -> str:
        """Return the view, and its peak's frequency."""
        if self.problem:
            return f"power spectrum ({self.problem})"
        if self.peak is None:
            return "power spectrum"
        return f"power spectrum (peak at {format_value(self.peak, 'Hz')})"

    def draw(self) -> None:
        """Compute the spectrum of every sample so far and draw it."""
        data = self.panel.data()
        try:
            self.spectrum = power_spectrum(data.t, data.rate)
        except SpectrumError as error:
            self.spectrum, self.peak, self.problem = None, None, str(error)
            return
        self.problem = ""
        self.peak = self.spectrum.peak()
        self.curve.setData(self.spectrum.frequencies, self.spectrum.power)
        if self.peak is not None:
            self.marker.setPos(self.peak)
            self.marker.show()
        if not self._ranged:
            self._ranged = True
            top = min(_SHOWN, float(self.spectrum.frequencies[-1]))
            self.plot.setXRange(0, top, padding=0)
            self.plot.vb.setAutoVisible(y=True)

    def table(self) -> Table:
        """Return the frequencies and the power at each."""
        if self.spectrum is None:
            return ["frequency [Hz]", "power [Hz^2]"], [np.zeros(0), np.zeros(0)]
        return ["frequency [Hz]", "power [Hz^2]"], [
            self.spectrum.frequencies,
            self.spectrum.power,
        ]

    def value_text(self, x: float, y: float) -> str:
        """Return the frequency under the cursor."""
        return f"frequency {format_value(x, 'Hz')}"
