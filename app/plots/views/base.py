"""What every analysis view of a panel has: its plot, its throttled update, its table.

An analysis view draws numbers computed from everything a panel has received so far
(`engine.project.analysis`): a histogram of inter-spike intervals instead of the raster, a
spectrum instead of the rate... It is fed by its panel, which stores each chunk as usual; the
plot area's ~30 Hz timer asks it to `update` whenever the panel is dirty, and it recomputes
at most every `AnalysisView.min_interval` seconds — longer when computing took long (a few
times its cost), so that a view over millions of spikes never takes more than a small share of
the GUI thread however the data arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pyqtgraph as pg

from app.plots.style import PlotStyle

if TYPE_CHECKING:
    from app.plots.panel import Panel

__all__ = ["AnalysisView", "Choice", "Table", "ViewContext", "axis_label"]

#: A view's table: column names (with units) and the columns.
Table = tuple[list[str], list[np.ndarray]]


@dataclass(frozen=True)
class Choice:
    """A view a user may choose for a panel: its name, options and the menu's label."""

    view: str
    label: str
    options: Mapping[str, str] = field(default_factory=dict)
    #: Whether the options are asked of the user when it is chosen (a dialog).
    ask: bool = False


@dataclass
class ViewContext:
    """What a view may need of the project beyond its panel's data.

    Attributes
    ----------
    parameters
        The per-neuron parameters of the recorded group (`engine.project.analysis.fi`): name
        -> a function returning the values and their unit (computed when first asked).
    variables
        The variables the monitor records (of a StateMonitor), in the node's order.
    """

    parameters: dict[str, Callable[[], tuple[np.ndarray, str]]] = field(default_factory=dict)
    variables: list[str] = field(default_factory=list)


def axis_label(plot: pg.PlotItem, side: str, name: str, unit: str) -> None:
    """Label an axis with a name and a unit, letting pyqtgraph prefix a simple unit (mV)."""
    if unit in ("", "1"):
        plot.setLabel(side, name)
        plot.getAxis(side).enableAutoSIPrefix(False)
    elif unit.isalpha():
        plot.setLabel(side, name, units=unit)
    else:
        plot.setLabel(side, f"{name} ({unit})")


class AnalysisView:
    """The base of the views: a plot of its own (not on the time axis) and a throttle.

    Parameters
    ----------
    panel
        The panel whose data it analyses.
    options
        The view's choices (`engine.project.node_base.PlotSettings.view_options`).

    Attributes
    ----------
    plot
        The view's plot item (laid out instead of the panel's plots).
    updates
        How many times the view recomputed (tests count them).
    """

    #: The view's name in the project (`engine.project.node_base.PlotView`).
    name: ClassVar[str] = ""
    #: What the view menu calls it.
    label: ClassVar[str] = ""
    #: The panels it applies to (`Panel.panel`: ``"raster"``, ``"rate"``, ``"traces"``).
    panel_kind: ClassVar[str] = ""
    #: The shortest time between two updates (seconds): 4 a second is live enough for
    #: numbers over the whole run, which change slowly.
    min_interval: ClassVar[float] = 0.25
    #: Whether the view's x axis is the run's time (linked with the other panels').
    timed: ClassVar[bool] = False

    def __init__(self, panel: Panel[Any], options: Mapping[str, str]) -> None:
        self.panel = panel
        self.options = dict(options)
        self.style: PlotStyle = panel.style
        self.updates = 0
        self._next = 0.0
        self.plot = self._new_plot()
        self._build()
        self.plot.setTitle(self.title_text(), size="10pt")

    @classmethod
    def choices(cls, panel: Panel[Any], context: ViewContext) -> list[Choice]:
        """Return the ways this view can be chosen for ``panel`` (none: not for it)."""
        return [Choice(cls.name, cls.label)]

    def _new_plot(self) -> pg.PlotItem:
        plot = pg.PlotItem()
        self.style.style_plot(plot)
        return plot

    def _build(self) -> None:
        """Create the view's plot items."""
        raise NotImplementedError

    def title_text(self) -> str:
        """Return the text above the view: the panel's title and what the view shows."""
        return f"{self.panel.title} — {self.describe()}"

    def reset_range(self) -> None:
        """Show everything again after the user zoomed or panned (the values' autorange)."""
        self.plot.vb.enableAutoRange()

    def describe(self) -> str:
        """Return what the view shows, in a few words (``ISI histogram``)."""
        return self.label

    def update(self, force: bool = False) -> bool:
        """Recompute and draw, unless the last update was too recent; return whether it did.

        The panel stays dirty while an update is due, so the plot area's timer comes back.
        """
        now = time.monotonic()
        if not force and now < self._next:
            return False
        self.panel.dirty = False
        self.draw()
        cost = time.monotonic() - now
        self.updates += 1
        # A few times the cost: a view that takes 50 ms then draws at most every 0.25-0.4 s.
        self._next = now + max(self.min_interval, 8 * cost)
        self.plot.setTitle(self.title_text(), size="10pt")
        return True

    def draw(self) -> None:
        """Compute the view's numbers from the panel's data and draw them."""
        raise NotImplementedError

    def table(self) -> Table:
        """Return what the view shows as a table, for its CSV export."""
        raise NotImplementedError

    def value_text(self, x: float, y: float) -> str:
        """Return what the view shows at ``x``, ``y`` (its coordinates), for the readout."""
        return ""
