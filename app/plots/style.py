"""Colours and axis styling of the plot panels, derived from the application's palette.

pyqtgraph draws white on black by default; the panels follow the window's palette instead
(light or dark), with curve colours chosen to read well on its background.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from app.colors import mix

__all__ = ["AXIS_WIDTH", "PlotStyle"]

#: Width of every left axis, in pixels: equal widths line up the linked time axes.
AXIS_WIDTH = 72

# Tableau-like colours, distinct for the colour-blind-ish and readable on each background.
_LIGHT_CURVES = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2")
_DARK_CURVES = ("#6cb4ee", "#ff6b6b", "#7bd67b", "#ffb74d", "#c39bd3", "#d7a98c", "#f5a3d3")
# Shades of a density image: the faintest one (a share of the way from the background to the
# spike colour) and the curve from it to the darkest (below 1: the low counts a little darker).
_FAINTEST = 0.15
_GAMMA = 0.8


@dataclass(frozen=True)
class PlotStyle:
    """The colours the panels paint with."""

    dark: bool
    background: QtGui.QColor
    foreground: QtGui.QColor
    muted: QtGui.QColor
    spikes: QtGui.QColor
    crosshair: QtGui.QColor
    curves: tuple[QtGui.QColor, ...]

    @classmethod
    def from_palette(cls, palette: QtGui.QPalette) -> PlotStyle:
        """Return the style that fits ``palette`` (dark when its base colour is dark)."""
        role = QtGui.QPalette.ColorRole
        background = palette.color(role.Base)
        text = palette.color(role.Text)
        dark = background.lightness() < 128
        return cls(
            dark=dark,
            background=background,
            foreground=text,
            muted=mix(text, background, 0.45),
            # Rasters are traditionally black dots: the text colour, a touch softer.
            spikes=mix(text, background, 0.1),
            crosshair=mix(text, background, 0.35),
            curves=tuple(QtGui.QColor(c) for c in (_DARK_CURVES if dark else _LIGHT_CURVES)),
        )

    def curve_pen(self, index: int) -> QtGui.QPen:
        """Return the pen of the ``index``-th curve of a panel (colours repeat)."""
        return pg.mkPen(self.curves[index % len(self.curves)], width=1)

    def lookup_table(self) -> np.ndarray:
        """Return a 256-entry RGB table from the background (no spike) to the spike colour.

        Entry 0 is the background; any other starts at a faint shade (lone spikes stay
        visible) and grows almost linearly, so that denser stretches read darker.
        """
        t = np.linspace(0.0, 1.0, 256)[:, None]
        t = np.where(t > 0, _FAINTEST + (1 - _FAINTEST) * t**_GAMMA, 0.0)
        low = np.array(self.background.getRgb()[:3], float)
        high = np.array(self.spikes.getRgb()[:3], float)
        return (low + (high - low) * t).round().astype(np.uint8)

    def style_plot(self, plot: pg.PlotItem) -> None:
        """Give ``plot`` this style's axes, grid and title colours."""
        plot.hideButtons()  # the auto-range "A" button would fight the view that follows the run
        plot.showGrid(x=True, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(self.muted))
            axis.setTextPen(pg.mkPen(self.foreground))
        plot.getAxis("left").setWidth(AXIS_WIDTH)
        plot.titleLabel.setAttr("color", self.foreground.name())

    def crosshair_pen(self) -> QtGui.QPen:
        """Return the pen of the crosshair's vertical line."""
        return pg.mkPen(self.crosshair, width=1, style=QtCore.Qt.PenStyle.DashLine)
