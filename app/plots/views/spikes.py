"""The analysis views of a SpikeMonitor: intervals, their CVs, rates per neuron, f–I."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg

from app.plots.panel import Panel, format_value
from app.plots.views.base import AnalysisView, Choice, Table, ViewContext, axis_label
from app.plots.views.histograms import HistogramView
from engine.project.analysis import (
    cv_per_neuron,
    fi_curve,
    interspike_intervals,
    rates_per_neuron,
)
from engine.project.results import SpikeData

__all__ = ["CvView", "FiView", "IsiView", "RatesView", "duration_of"]


def duration_of(panel: Panel[Any], data: SpikeData) -> float:
    """Return the time simulated so far (seconds): what the run reached, or the last spike."""
    if panel.time_reached > 0:
        return float(panel.time_reached)
    return float(data.t.max()) if len(data.t) else 0.0


class IsiView(HistogramView):
    """The histogram of every inter-spike interval, all neurons pooled."""

    name = "isi"
    label = "ISI histogram"
    panel_kind = "raster"
    counted = "intervals"

    def quantity(self) -> tuple[str, str]:
        """Return intervals, in seconds."""
        return "inter-spike interval", "s"

    def values(self) -> np.ndarray:
        """Return every interval so far."""
        data = self.panel.data()
        return interspike_intervals(data.i, data.t)


class CvView(HistogramView):
    """The histogram of each neuron's CV of its intervals (neurons with 2 intervals or more)."""

    name = "cv"
    label = "CV distribution"
    panel_kind = "raster"
    counted = "neurons"

    def quantity(self) -> tuple[str, str]:
        """Return the CV, a pure number."""
        return "CV of inter-spike intervals", "1"

    def values(self) -> np.ndarray:
        """Return each neuron's CV (NaN, left out, below 2 intervals)."""
        data = self.panel.data()
        return cv_per_neuron(data.i, data.t, data.source_size)


class RatesView(HistogramView):
    """The histogram of the firing rates of the neurons (silent ones count, at 0 Hz)."""

    name = "rates"
    label = "Firing-rate histogram"
    panel_kind = "raster"
    counted = "neurons"

    def quantity(self) -> tuple[str, str]:
        """Return rates, in hertz."""
        return "firing rate", "Hz"

    def values(self) -> np.ndarray:
        """Return each neuron's spikes over the time simulated so far."""
        data = self.panel.data()
        return rates_per_neuron(data.i, data.source_size, duration_of(self.panel, data))


class FiView(AnalysisView):
    """Each neuron's rate against a parameter its initial value sets per neuron (f–I curve).

    The option ``parameter`` names the variable (``v0``, ``I``); its values come from the
    project (`ViewContext.parameters`).
    """

    name = "fi"
    label = "f–I curve"
    panel_kind = "raster"

    @classmethod
    def choices(cls, panel: Panel[Any], context: ViewContext) -> list[Choice]:
        """Return one choice per per-neuron parameter of the recorded group."""
        return [
            Choice(cls.name, f"f–I curve: rate against {name}", {"parameter": name})
            for name in context.parameters
        ]

    def _build(self) -> None:
        self.curve = pg.PlotDataItem(
            pen=self.style.curve_pen(0),
            symbol="o",
            symbolSize=4,
            symbolPen=None,
            symbolBrush=self.style.curves[0],
        )
        self.plot.addItem(self.curve)
        self.plot.setLabel("left", "firing rate", units="Hz")
        self.parameter = np.zeros(0)
        self.rate = np.zeros(0)
        self.unit = "1"
        self.problem = ""
        self._values: np.ndarray | None = None

    def describe(self) -> str:
        """Return the parameter against which the rate is drawn."""
        text = f"f–I curve (rate against {self.options.get('parameter', '?')})"
        return f"{text}: {self.problem}" if self.problem else text

    def _parameter_values(self) -> np.ndarray | None:
        if self._values is not None:
            return self._values
        name = self.options.get("parameter", "")
        context = self.panel.context
        compute = context.parameters.get(name) if context is not None else None
        if compute is None:
            self.problem = f"'{name}' is not set per neuron in the recorded group"
            return None
        try:
            self._values, self.unit = compute()
        except ValueError as error:
            self.problem = str(error)
            return None
        axis_label(self.plot, "bottom", name, self.unit)
        return self._values

    def draw(self) -> None:
        """Draw each neuron's rate so far against its parameter."""
        values = self._parameter_values()
        if values is None:
            return
        data = self.panel.data()
        self.parameter, self.rate = fi_curve(values, data.i, duration_of(self.panel, data))
        if np.isfinite(self.rate).all():
            self.curve.setData(self.parameter, self.rate)

    def table(self) -> Table:
        """Return the parameter and the rate of each neuron, by increasing parameter."""
        name = self.options.get("parameter", "parameter")
        suffix = "" if self.unit in ("", "1") else f" [{self.unit}]"
        return [f"{name}{suffix}", "rate [Hz]"], [self.parameter, self.rate]

    def value_text(self, x: float, y: float) -> str:
        """Return the neuron whose parameter is nearest ``x``, and its rate."""
        if not len(self.parameter):
            return ""
        k = int(np.argmin(np.abs(self.parameter - x)))
        name = self.options.get("parameter", "")
        return (
            f"{name} = {format_value(float(self.parameter[k]), self.unit)}: "
            f"{format_value(float(self.rate[k]), 'Hz')}"
        )
