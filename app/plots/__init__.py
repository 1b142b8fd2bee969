"""Live plot panels of a simulation run: a raster, traces or a rate per monitor node.

`PlotArea` is the widget the main window shows; the panels (`RasterPanel`, `TracePanel`,
`RatePanel`) draw one monitor each, and `Buffer` keeps the data that arrives in chunks.
"""

from app.plots.buffers import Buffer
from app.plots.panel import Panel
from app.plots.plot_area import PLACEHOLDER, PlotArea
from app.plots.raster import RasterPanel
from app.plots.rates import RatePanel
from app.plots.traces import TracePanel

__all__ = ["PLACEHOLDER", "Buffer", "Panel", "PlotArea", "RasterPanel", "RatePanel", "TracePanel"]
