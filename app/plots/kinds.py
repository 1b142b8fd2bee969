"""Which panel draws the data of each monitor kind: its description says (`KindInfo.plot`)."""

from __future__ import annotations

from app.kinds import KINDS
from app.plots.panel import Panel
from app.plots.raster import RasterPanel
from app.plots.rates import RatePanel
from app.plots.traces import TracePanel

__all__ = ["PANELS", "has_panel", "panel_class"]

#: The kinds of panel, by the name kinds' descriptions give them.
PANELS: dict[str, type[Panel]] = {cls.panel: cls for cls in (RasterPanel, TracePanel, RatePanel)}


def panel_class(kind: str) -> type[Panel] | None:
    """Return the panel class that draws what a node of ``kind`` records (None: no panel)."""
    info = KINDS.get(kind)
    if info is None or info.plot is None:
        return None
    return PANELS[info.plot]


def has_panel(kind: str) -> bool:
    """Whether nodes of ``kind`` get a panel in the plots (monitors do)."""
    return panel_class(kind) is not None
