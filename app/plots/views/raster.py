"""The raster of a selection of a SpikeMonitor's neurons, on the run's time axis."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg

from app.plots.panel import Panel, format_value
from app.plots.viewbox import TimeViewBox
from app.plots.views.base import AnalysisView, Choice, Table, ViewContext
from engine.project.analysis import Selection, select_neurons, selected_spikes

__all__ = ["SelectionView", "ordinal", "selection_from_options", "selection_options"]

_TICK = 0.4  # half a tick's height, in rows (as the raster's)
_LABELLED_ROWS = 6  # the neuron axis names about this many rows


def ordinal(number: int) -> str:
    """Return ``2nd``, ``3rd``, ``11th``, ``25th``... for ``number``."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def selection_from_options(options: dict[str, str]) -> Selection:
    """Return the selection the view's text options describe.

    Raises
    ------
    ValueError
        If an option is not a whole number, or the selection is invalid.
    """
    try:
        first = int(options.get("first", "0") or 0)
        last_text = options.get("last", "")
        last = int(last_text) if last_text else None
        step = int(options.get("step", "1") or 1)
    except ValueError:
        raise ValueError("the range and step of the neurons must be whole numbers") from None
    return Selection(first, last, step, options.get("order", "index") or "index")


def selection_options(selection: Selection) -> dict[str, str]:
    """Return the view's options (texts, as the project keeps them) of a selection."""
    return {
        "first": str(selection.first),
        "last": "" if selection.last is None else str(selection.last),
        "step": str(selection.step),
        "order": selection.order,
    }


class SelectionView(AnalysisView):
    """A raster of the selected neurons only, one row each, on the shared time axis.

    The options ``first``, ``last``, ``step`` and ``order`` (`selection_from_options`) choose
    the neurons; with ``order = "rate"`` the rows are sorted by the spikes so far (the most
    active on top).
    """

    name = "raster"
    label = "Raster of a selection of neurons…"
    panel_kind = "raster"
    timed = True
    min_interval = 0.1  # ticks of a selection are cheap; the raster redraws at 30 Hz

    @classmethod
    def choices(cls, panel: Panel[Any], context: ViewContext) -> list[Choice]:
        """Return the presets (sorted by rate; every k-th of many) and the custom selection."""
        found = [Choice(cls.name, "Raster sorted by rate", {"order": "rate"})]
        size = panel.source_size
        if size > 200:  # a few hundred rows stay readable
            step = max(2, size // 200)
            label = f"Raster of every {ordinal(step)} neuron"
            found.append(Choice(cls.name, label, {"step": str(step)}))
        found.append(Choice(cls.name, cls.label, {}, ask=True))
        return found

    def _new_plot(self) -> pg.PlotItem:
        plot = pg.PlotItem(viewBox=TimeViewBox())
        self.style.style_plot(plot)
        return plot

    def _build(self) -> None:
        self.curve = pg.PlotCurveItem(
            connect="pairs", pen=pg.mkPen(self.style.spikes, width=1), skipFiniteCheck=True
        )
        self.plot.addItem(self.curve)
        self.plot.setLabel("bottom", "time", units="s")
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.neurons = np.zeros(0, np.int64)
        self.times = np.zeros(0)
        self.rows = np.zeros(0, np.int64)
        self.problem = ""
        try:
            self.selection = selection_from_options(self.options)
        except ValueError as error:
            self.selection = Selection()
            self.problem = str(error)
        order = "sorted by rate" if self.selection.order == "rate" else "by index"
        self.plot.setLabel("left", f"neuron ({order})")

    def describe(self) -> str:
        """Return which neurons are shown, and how they are ordered."""
        s = self.selection
        parts = []
        if s.first > 0 or s.last is not None:
            last = "the last" if s.last is None else str(s.last)
            parts.append(f"neurons {s.first} to {last}")
        if s.step > 1:
            parts.append(f"every {ordinal(s.step)} neuron")
        if s.order == "rate":
            parts.append("sorted by rate")
        text = f"raster of {', '.join(parts) or 'every neuron'} ({len(self.neurons)} shown)"
        return f"{text}: {self.problem}" if self.problem else text

    def reset_range(self) -> None:
        """Show every selected row."""
        self.plot.setYRange(-0.5, max(len(self.neurons), 1) - 0.5, padding=0)

    def draw(self) -> None:
        """Select the neurons (the order by rate from the spikes so far) and draw their ticks."""
        data = self.panel.data()
        size = max(self.panel.source_size, int(data.i.max()) + 1 if len(data.i) else 0)
        neurons = select_neurons(data.i, size, self.selection)
        if len(neurons) != len(self.neurons):
            self.neurons = neurons
            self.reset_range()
        self.neurons = neurons
        self.times, self.rows = selected_spikes(data.i, data.t, neurons)
        x = np.repeat(self.times, 2)
        y = np.empty(2 * len(self.rows))
        y[0::2] = self.rows - _TICK
        y[1::2] = self.rows + _TICK
        self.curve.setData(x, y)
        every = max(1, len(neurons) // _LABELLED_ROWS)
        ticks = [(row, str(neurons[row])) for row in range(0, len(neurons), every)]
        self.plot.getAxis("left").setTicks([ticks])

    def table(self) -> Table:
        """Return the selected spikes: row, neuron and time."""
        neurons = self.neurons[self.rows] if len(self.rows) else np.zeros(0, np.int64)
        return ["row", "i", "t [s]"], [self.rows, neurons, self.times]

    def value_text(self, x: float, y: float) -> str:
        """Return the neuron of the row under the cursor."""
        row = round(y)
        if not 0 <= row < len(self.neurons):
            return ""
        return f"neuron {int(self.neurons[row])} (row {row}) at {format_value(x, 's')}"
