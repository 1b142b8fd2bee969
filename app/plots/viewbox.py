"""The view of every plot panel: the mouse wheel zooms time, and values only when asked.

pyqtgraph's wheel zooms both axes at once; on a raster that pushes neurons out of the view at
the first turn, and a trace loses its peaks. Panels share a time axis and are read along it,
so the wheel zooms time only; with Ctrl (or Shift) held it zooms the values (neurons, volts,
rates) only. Over an axis the wheel zooms that axis, as in pyqtgraph. *Reset view* undoes
both (`app.plots.plot_area.PlotArea.reset_view`).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6 import QtCore

__all__ = ["VALUE_ZOOM_MODIFIERS", "TimeViewBox"]

#: Held with the wheel, these zoom the values instead of time.
VALUE_ZOOM_MODIFIERS = (
    QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
)

_TIME, _VALUES = 0, 1  # pyqtgraph's axis numbers


class TimeViewBox(pg.ViewBox):
    """A `pyqtgraph.ViewBox` whose wheel zooms time, or the values with Ctrl or Shift."""

    def wheelEvent(self, ev: Any, axis: int | None = None) -> None:
        """Zoom time about the cursor; the values instead while Ctrl or Shift is held."""
        if axis is None:
            axis = _VALUES if ev.modifiers() & VALUE_ZOOM_MODIFIERS else _TIME
        super().wheelEvent(ev, axis)
