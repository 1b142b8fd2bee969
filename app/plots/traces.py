"""The traces of a StateMonitor: each recorded variable over time, one plot per variable.

Every recorded element gets a curve (up to `TracePanel.max_curves` per variable: hundreds of
overlapping lines say nothing and cost a lot). Curves use pyqtgraph's peak downsampling and
clip to the visible range, which keeps a million-sample trace at ~20 ms per frame instead of
~300 ms, while spikes of the membrane potential stay visible when zoomed out.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pyqtgraph as pg

from app.plots.buffers import Buffer
from app.plots.panel import Panel, format_value
from engine.project.kinds.state_monitor import StateMonitorNode
from engine.project.plotting import MonitorNode
from engine.project.results import Recorded, StateData

__all__ = ["TracePanel"]

_MAX_VALUES_SHOWN = 4  # values per variable in the crosshair's text


class TracePanel(Panel[StateData]):
    """Recorded variables over time: one plot item per variable, stacked, one curve per element.

    Attributes
    ----------
    max_curves
        The most curves drawn per variable (the first recorded elements).
    curves
        The curves drawn, by variable name (one per shown element, in record order).
    """

    panel: ClassVar[str] = "traces"
    max_curves: int = 20

    def _build(self, node: MonitorNode) -> None:
        self._t = Buffer(np.float64)
        self._record = np.zeros(0, np.int32)
        self._values: dict[str, tuple[Buffer, str]] = {}
        self.curves: dict[str, list[pg.PlotDataItem]] = {}
        self._plot_of: dict[str, pg.PlotItem] = {}
        self._labelled: set[str] = set()
        variables: list[str] = node.variables if isinstance(node, StateMonitorNode) else []
        for variable in variables or [""]:
            plot = self._new_plot()
            plot.setLabel("bottom", "time", units="s")
            if variable:
                plot.setLabel("left", variable)
                self._plot_of[variable] = plot
            # The y range follows what is visible of the curves, not the whole run.
            plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis)
            plot.vb.setAutoVisible(y=True)

    # -- data -----------------------------------------------------------------------------------

    def append(self, chunk: StateData) -> None:
        """Store a chunk of samples (every variable has one row per recorded element)."""
        self._take_source(chunk)
        if not self._values:
            self._record = np.asarray(chunk.record, np.int32).copy()
        rows = len(self._record)
        for name, recorded in chunk.variables.items():
            if name not in self._values:
                self._values[name] = (Buffer(np.float64, rows=rows), recorded.unit)
            self._values[name][0].append(recorded.values)
        self._t.append(chunk.t)
        self.dirty = True

    def data(self) -> StateData:
        """Return every sample received so far (copies)."""
        return StateData(
            **self._identity(),
            t=self._t.values.copy(),
            record=self._record.copy(),
            variables={
                name: Recorded(buffer.values.copy(), unit)
                for name, (buffer, unit) in self._values.items()
            },
        )

    # -- drawing --------------------------------------------------------------------------------

    def title_text(self) -> str:
        """Return the title, and how many of the recorded elements are drawn if not all."""
        recorded = len(self._record)
        if recorded > self.max_curves:
            return f"{self.title} (showing {self.max_curves} of {recorded})"
        return self.title

    def redraw(self) -> None:
        """Hand every sample so far to the curves (they downsample and clip to the view)."""
        self.dirty = False
        t = self._t.values
        for name, (buffer, unit) in self._values.items():
            plot = self._plot_of.get(name)
            if plot is None:  # a variable the node does not list: kept in data(), not drawn
                continue
            if name not in self._labelled:
                self._labelled.add(name)
                self._label(plot, name, unit)
                self.update_title()
            curves = self.curves.setdefault(name, [])
            values = buffer.values
            while len(curves) < min(len(values), self.max_curves):
                curve = pg.PlotDataItem(
                    pen=self.style.curve_pen(len(curves)),
                    autoDownsample=True,
                    downsampleMethod="peak",
                    clipToView=True,
                    skipFiniteCheck=True,
                )
                plot.addItem(curve)
                curves.append(curve)
            for row, curve in enumerate(curves):
                curve.setData(t, values[row])

    @staticmethod
    def _label(plot: pg.PlotItem, name: str, unit: str) -> None:
        if unit in ("", "1"):
            plot.setLabel("left", name)
        elif unit.isalpha():  # a simple unit: pyqtgraph scales it (V shown as mV)
            plot.setLabel("left", name, units=unit)
        else:
            plot.setLabel("left", f"{name} ({unit})")

    def value_text(self, t: float, y: float) -> str:
        """Return each drawn curve's value at the sample nearest ``t``, with units."""
        times = self._t.values
        if len(times) == 0:
            return ""
        k = int(np.clip(np.searchsorted(times, t), 0, len(times) - 1))
        if k > 0 and abs(times[k - 1] - t) <= abs(times[k] - t):
            k -= 1
        parts = []
        for name, (buffer, unit) in self._values.items():
            column = buffer.values[: self.max_curves, k]
            shown = [
                f"[{self._record[row]}] {format_value(float(value), unit)}"
                for row, value in enumerate(column[:_MAX_VALUES_SHOWN])
            ]
            if len(column) > _MAX_VALUES_SHOWN:
                shown.append("…")
            parts.append(f"{name} " + ", ".join(shown))
        return "; ".join(parts)
