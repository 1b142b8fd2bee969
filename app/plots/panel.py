"""The common part of every plot panel: one monitor node, its plot items, its data so far.

A panel is created from a monitor node of the project and fed the chunks of that monitor as a
run goes. `Panel.append` only stores a chunk (O(chunk), no plot item is touched, so it is cheap
whatever the redraw rate); `Panel.redraw` brings the plot items up to date and is called by the
plot area's timer, in the GUI thread, only when the panel is `dirty`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pyqtgraph as pg

from app.plots.style import PlotStyle
from app.plots.viewbox import TimeViewBox
from engine.project.document import PlotSettings
from engine.project.plotting import MonitorNode
from engine.project.results import MonitorData

if TYPE_CHECKING:
    from app.plots.views import AnalysisView, ViewContext

__all__ = ["Panel", "format_value"]


def format_value(value: float, unit: str) -> str:
    """Return ``value`` with its unit, with an SI prefix for a simple unit (``-52.1 mV``).

    A compound unit (``V/s``, ``m^-2``) is written as it is: a prefix would change its meaning.
    Dimensionless values (unit ``"1"``) have no unit.
    """
    if not math.isfinite(value):
        return str(value)
    if unit in ("", "1"):
        return f"{value:.4g}"
    if unit.isalpha():
        return pg.siFormat(value, precision=4, suffix=unit)
    return f"{value:.4g} {unit}"


#: The engine's data type of the monitor a panel draws.
D = TypeVar("D", bound=MonitorData)


class Panel(Generic[D]):
    """The plots of one monitor node (the base of the raster, trace and rate panels).

    Parameters
    ----------
    node
        The monitor node (a ``SpikeMonitorNode``, ...): its id, name and plot settings.
    style
        The colours to paint with.
    source, source_size
        The name and size of the recorded node, as far as the project tells (the first chunk
        of data tells for sure).
    constants
        The values of the project's constants (for the texts of the plot settings).

    Attributes
    ----------
    node_id, name
        The monitor node's.
    kind
        The monitor node's kind (``"SpikeMonitor"``, ...).
    visible
        Whether the panel is shown (hidden panels are out of the layout).
    dirty
        Whether something changed since the last `redraw`.
    plots
        The panel's plot items, top to bottom (a trace panel has one per variable).
    view
        The analysis view shown instead of the plots (`app.plots.views`), or None.
    context
        What its views need of the project (set by the plot area).
    time_reached
        The simulated time the run reached (seconds; the duration of rates so far).
    """

    #: The name kinds give this kind of panel in their descriptions (`app.kinds.KindInfo.plot`).
    panel: ClassVar[str] = ""
    #: Relative height of each of the panel's plots in the layout.
    stretch: ClassVar[int] = 2

    def __init__(
        self,
        node: MonitorNode,
        style: PlotStyle,
        source: str = "",
        source_size: int = 0,
        constants: Mapping[str, object] | None = None,
    ) -> None:
        self.node_id: str = node.id
        self.name: str = node.name
        self.kind: str = node.kind
        self.source = source
        self.source_size = source_size
        self.style = style
        self.visible = True
        self.dirty = True
        self.plots: list[pg.PlotItem] = []
        self.view: AnalysisView | None = None
        self.context: ViewContext | None = None
        self.time_reached = 0.0
        self.settings = PlotSettings()
        # The view the node's settings last asked for: a view chosen in the window since then
        # stays when other settings change (until the node asks for another one).
        self._asked_view: tuple[str, dict[str, str]] = ("", {})
        self._constants: Mapping[str, object] = constants or {}
        self._build(node)
        self.apply_settings(node.plot, constants)

    def _build(self, node: MonitorNode) -> None:
        """Create the panel kind's buffers and plot items (before its settings apply)."""
        raise NotImplementedError

    # -- settings -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The panel's title: the plot settings' title, or the node's name."""
        return self.settings.title or self.name

    def apply_settings(
        self, settings: PlotSettings, constants: Mapping[str, object] | None = None
    ) -> None:
        """Take new plot settings (the title and what a panel kind uses of the rest)."""
        shown = self.settings.view, dict(self.settings.view_options)
        self.settings = settings.model_copy()
        if constants is not None:
            self._constants = constants
        self.visible = settings.visible
        self.dirty = True
        self.update_title()
        asked = settings.view, dict(settings.view_options)
        if asked != self._asked_view:
            self._asked_view = asked
            self.set_view(*asked)
        elif asked != shown:  # the view chosen in the window stays
            self.settings = self.settings.model_copy(
                update={"view": shown[0], "view_options": shown[1]}
            )

    # -- analysis views -------------------------------------------------------------------------

    def set_view(self, name: str, options: Mapping[str, str] | None = None) -> None:
        """Show analysis view ``name`` with ``options`` instead of the plots ("": the plots).

        A view this panel does not have shows the plots. The settings keep the choice.
        """
        from app.plots.views import ViewContext, make_view  # they import this module

        options = dict(options or {})
        if self.context is None:
            self.context = ViewContext()
        if self.view is not None and self.view.name == name and self.view.options == options:
            return
        self.view = make_view(self, name, options) if name else None
        if (self.settings.view, self.settings.view_options) != (name, options):
            self.settings = self.settings.model_copy(
                update={"view": name if self.view else "", "view_options": options}
            )
        self.dirty = True

    @property
    def shown_plots(self) -> list[pg.PlotItem]:
        """The plot items laid out: the analysis view's, or the panel's own."""
        return [self.view.plot] if self.view is not None else self.plots

    def refresh(self) -> None:
        """Bring what is shown up to date: the view (throttled) or the plots (`redraw`)."""
        if self.view is not None:
            self.view.update()
        else:
            self.redraw()

    def title_text(self) -> str:
        """Return the text shown above the panel (the title, and what a panel kind adds)."""
        return self.title

    def update_title(self) -> None:
        """Show `title_text` above the panel's first plot."""
        if self.plots:
            self.plots[0].setTitle(self.title_text(), size="10pt")

    def _new_plot(self) -> pg.PlotItem:
        plot = pg.PlotItem(viewBox=TimeViewBox())
        self.style.style_plot(plot)
        self.plots.append(plot)
        return plot

    # -- data -----------------------------------------------------------------------------------

    def append(self, chunk: D) -> None:
        """Store a chunk of the monitor's data (no drawing: that is `redraw`'s job)."""
        raise NotImplementedError

    def data(self) -> D:
        """Return everything received so far, as the engine's data type of the monitor."""
        raise NotImplementedError

    def _identity(self) -> dict[str, Any]:
        """Return the fields every `MonitorData` of this panel starts with."""
        return {
            "node_id": self.node_id,
            "name": self.name,
            "source": self.source,
            "source_size": self.source_size,
        }

    def _take_source(self, chunk: MonitorData) -> None:
        if chunk.source_size != self.source_size or chunk.source != self.source:
            self.source = chunk.source
            self.source_size = chunk.source_size

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Bring the plot items up to date with the data and the visible range."""
        raise NotImplementedError

    def reset_values_range(self) -> None:
        """Show every value again after the user zoomed or panned them (autorange)."""
        for plot in self.plots:
            plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis)

    def value_text(self, t: float, y: float) -> str:
        """Return what the panel shows at time ``t`` (seconds) and height ``y``, for the crosshair.

        ``y`` is in the coordinates of the plot under the cursor (a neuron index for a raster).
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} ({self.kind})>"
