"""A view drawn as a histogram: bars of counts over bins, and its table."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pyqtgraph as pg

from app.plots.panel import format_value
from app.plots.views.base import AnalysisView, Table, axis_label
from engine.project.analysis import Histogram, histogram

__all__ = ["HistogramView"]


class HistogramView(AnalysisView):
    """A histogram of one value per neuron, interval or element: its `values` decide which.

    Attributes
    ----------
    bars
        The bars (a step curve filled down to 0).
    result
        The histogram drawn last.
    """

    #: What is counted, for the y axis (``neurons``, ``intervals``).
    counted: ClassVar[str] = "count"
    #: The number of bins.
    bins: ClassVar[int] = 40

    def _build(self) -> None:
        colour = self.style.curves[0]
        fill = pg.mkColor(colour)
        fill.setAlpha(110)
        self.bars = pg.PlotDataItem(
            stepMode="center", fillLevel=0, brush=fill, pen=pg.mkPen(colour, width=1)
        )
        self.plot.addItem(self.bars)
        self.result = histogram([], self.bins)
        self._summary = ""
        self.plot.setLabel("left", self.counted)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        axis_label(self.plot, "bottom", *self.quantity())

    def quantity(self) -> tuple[str, str]:
        """Return the name and unit of the values counted (the x axis)."""
        raise NotImplementedError

    def values(self) -> np.ndarray:
        """Return the values to count (NaN are left out)."""
        raise NotImplementedError

    def draw(self) -> None:
        """Count the values in bins and draw the bars."""
        values = self.values()
        self.result = histogram(values, self.bins)
        self.bars.setData(self.result.edges, self.result.counts)
        finite = values[np.isfinite(values)]
        self._summary = (
            f"n = {len(finite)}, mean {format_value(float(np.mean(finite)), self.quantity()[1])}"
            if len(finite)
            else "no values yet"
        )

    def title_text(self) -> str:
        """Return the panel's title, the view and how many values it counts."""
        text = super().title_text()
        return f"{text} ({self._summary})" if getattr(self, "_summary", "") else text

    def table(self) -> Table:
        """Return the bins (start, end) and their counts."""
        name, unit = self.quantity()
        suffix = "" if unit in ("", "1") else f" [{unit}]"
        result: Histogram = self.result
        return (
            [f"{name} from{suffix}", f"{name} to{suffix}", self.counted],
            [result.edges[:-1], result.edges[1:], result.counts],
        )

    def value_text(self, x: float, y: float) -> str:
        """Return the bin under the cursor and its count."""
        edges = self.result.edges
        k = int(np.searchsorted(edges, x, side="right")) - 1
        if not 0 <= k < len(self.result.counts):
            return ""
        unit = self.quantity()[1]
        low, high = format_value(float(edges[k]), unit), format_value(float(edges[k + 1]), unit)
        return f"{low} to {high}: {int(self.result.counts[k])} {self.counted}"
