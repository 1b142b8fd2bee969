"""The analysis views of a StateMonitor: a phase plane, a histogram of current values."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pyqtgraph as pg

from app.plots.panel import Panel, format_value
from app.plots.views.base import AnalysisView, Choice, Table, ViewContext, axis_label
from app.plots.views.histograms import HistogramView
from engine.project.analysis import current_values, phase_trajectory
from engine.project.results import StateData

__all__ = ["PhasePlaneView", "ValuesView"]

_MAX_TRAJECTORIES = 10  # more overlapping trajectories say nothing


class PhasePlaneView(AnalysisView):
    """Two recorded variables against each other: each element's trajectory, drawn live.

    The options ``x`` and ``y`` name the variables; the first `_MAX_TRAJECTORIES` recorded
    elements get a trajectory each, with a dot where they are now.
    """

    name = "phase"
    label = "Phase plane"
    panel_kind = "traces"
    min_interval = 0.1  # few samples to copy: a trajectory may move smoothly

    @classmethod
    def choices(cls, panel: Panel[Any], context: ViewContext) -> list[Choice]:
        """Return one choice per pair of recorded variables (x the first listed)."""
        return [
            Choice(cls.name, f"Phase plane: {y} against {x}", {"x": x, "y": y})
            for x, y in combinations(context.variables, 2)
        ]

    def _build(self) -> None:
        self.curves: list[pg.PlotDataItem] = []
        self.heads = pg.ScatterPlotItem(size=8, pen=None)
        self.plot.addItem(self.heads)
        self.plot.vb.setAutoVisible(x=True, y=True)
        self.data: StateData | None = None
        self.problem = ""
        self._labelled = False

    def describe(self) -> str:
        """Return which variables, and how many of the elements."""
        text = f"phase plane {self.options.get('y', '?')} against {self.options.get('x', '?')}"
        if self.problem:
            return f"{text}: {self.problem}"
        if self.data is not None and len(self.data.record) > _MAX_TRAJECTORIES:
            return f"{text} (showing {_MAX_TRAJECTORIES} of {len(self.data.record)})"
        return text

    def draw(self) -> None:
        """Draw every shown element's trajectory so far and its current point."""
        data = self.panel.data()
        x, y = self.options.get("x", ""), self.options.get("y", "")
        missing = [name for name in (x, y) if name not in data.variables]
        if not len(data.t) or missing:
            self.problem = f"'{missing[0]}' is not recorded" if missing and len(data.t) else ""
            return
        self.problem = ""
        self.data = data
        if not self._labelled:
            self._labelled = True
            axis_label(self.plot, "bottom", x, data.variables[x].unit)
            axis_label(self.plot, "left", y, data.variables[y].unit)
        rows = min(len(data.record), _MAX_TRAJECTORIES)
        while len(self.curves) < rows:
            curve = pg.PlotDataItem(pen=self.style.curve_pen(len(self.curves)))
            self.plot.addItem(curve)
            self.curves.append(curve)
        heads = []
        for row, curve in enumerate(self.curves):
            xs, ys = phase_trajectory(data, x, y, row)
            curve.setData(xs, ys)
            heads.append(
                {"pos": (xs[-1], ys[-1]), "brush": self.style.curves[row % len(self.style.curves)]}
            )
        self.heads.setData(heads)

    def table(self) -> Table:
        """Return each shown element's samples: time, element, x and y."""
        x, y = self.options.get("x", ""), self.options.get("y", "")
        data = self.data
        if data is None:
            return ["t [s]", "element", x, y], [np.zeros(0)] * 4
        rows = min(len(data.record), _MAX_TRAJECTORIES)
        t = np.tile(data.t, rows)
        element = np.repeat(np.asarray(data.record[:rows]), len(data.t))
        xs = np.concatenate([phase_trajectory(data, x, y, r)[0] for r in range(rows)])
        ys = np.concatenate([phase_trajectory(data, x, y, r)[1] for r in range(rows)])
        header = ["t [s]", "element"]
        for name in (x, y):
            unit = data.variables[name].unit
            header.append(name if unit in ("", "1") else f"{name} [{unit}]")
        return header, [t, element, xs, ys]

    def value_text(self, x: float, y: float) -> str:
        """Return the point under the cursor, in the variables' units."""
        if self.data is None:
            return ""
        names = self.options.get("x", ""), self.options.get("y", "")
        units = [self.data.variables[name].unit for name in names]
        return f"{names[0]} {format_value(x, units[0])}, {names[1]} {format_value(y, units[1])}"


class ValuesView(HistogramView):
    """The histogram of a variable's current values across the recorded elements (live).

    Of a synapse variable recorded for every synapse, e.g. STDP's weights ``w``, this is the
    distribution of the weights as the run goes. The option ``variable`` names it.
    """

    name = "values"
    label = "Histogram of current values"
    panel_kind = "traces"
    counted = "elements"

    @classmethod
    def choices(cls, panel: Panel[Any], context: ViewContext) -> list[Choice]:
        """Return one choice per recorded variable."""
        return [
            Choice(cls.name, f"Histogram of current {name}", {"variable": name})
            for name in context.variables
        ]

    def _build(self) -> None:
        self._unit = "1"
        super()._build()

    def describe(self) -> str:
        """Return which variable."""
        return f"histogram of current {self.options.get('variable', '?')}"

    def quantity(self) -> tuple[str, str]:
        """Return the variable and its unit (known from the first data)."""
        return self.options.get("variable", "value"), self._unit

    def values(self) -> np.ndarray:
        """Return the variable's last sample of each recorded element."""
        data = self.panel.data()
        name = self.options.get("variable", "")
        if name not in data.variables:
            return np.zeros(0)
        if data.variables[name].unit != self._unit:
            self._unit = data.variables[name].unit
            axis_label(self.plot, "bottom", name, self._unit)
        return current_values(data, name)
