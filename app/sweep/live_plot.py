"""The live plot of a sweep: a measure against a parameter, or a heat map over two.

It is given the sweep's planned points first (`set_sweep`: the axes know every value before a
trial ends), then the points' statistics as trials arrive (`show_statistics`,
`app.sweep.partial`). A line plot draws, for each combination of the other parameters, the
mean over the completed repeats of each point with error bars of ± one standard deviation
(none while a point has fewer than 2 values); a heat map colours each cell by that mean. Points
whose trials all failed are red crosses. Clicking a point (or a cell) emits `point_clicked`.

Drawing is throttled: statistics are stored, and a timer redraws at most ten times a second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from app.plots.scene_image import image_suffix, render_image
from app.plots.style import PlotStyle
from engine.outputs import write_bytes
from engine.project.sweep.axes import Axis, axis_of
from engine.project.sweep.points import Point
from engine.project.sweep.table import PointStatistics

__all__ = ["NO_SECOND", "SweepPlot"]

#: The choice of the second parameter that makes a line plot (not a heat map).
NO_SECOND = "(none: a line plot)"
_REDRAW_MS = 100
#: More combinations of the other parameters than this (random points): one cloud of points,
#: not a curve (and a legend entry) each.
_MAX_CURVES = 8
_FAILED_BRUSH = "#d62728"


def _tick(axis: Axis, index: int) -> str:
    """Return the label of a heat map's row or column: its number (the unit is the axis's)."""
    number = axis.numbers[index]
    return axis.texts[index] if math.isnan(number) else f"{number:g}"


class SweepPlot(QtWidgets.QWidget):
    """A measure of a sweep against one parameter, or a heat map over two.

    Signals
    -------
    point_clicked(int)
        A point (or a heat map's cell) was clicked: the point's index.
    """

    point_clicked = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.style_ = PlotStyle.from_palette(self.palette())
        self.measure_box = QtWidgets.QComboBox(objectName="plot_measure")
        self.x_box = QtWidgets.QComboBox(objectName="plot_x")
        self.y_box = QtWidgets.QComboBox(objectName="plot_y")
        for box in (self.measure_box, self.x_box, self.y_box):
            box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._choice_changed)
        controls = QtWidgets.QHBoxLayout()
        controls.addWidget(QtWidgets.QLabel("Plot"))
        controls.addWidget(self.measure_box)
        controls.addWidget(QtWidgets.QLabel("against"))
        controls.addWidget(self.x_box)
        controls.addWidget(QtWidgets.QLabel("and"))
        controls.addWidget(self.y_box)
        controls.addStretch(1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("sweep_plot_view")
        self.graphics.setBackground(self.style_.background)
        self.graphics.setMinimumHeight(220)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.graphics, 1)
        self.plot_item: pg.PlotItem = self.graphics.addPlot()
        self.style_.style_plot(self.plot_item)
        self.image: pg.ImageItem | None = None
        self.color_bar: pg.ColorBarItem | None = None
        #: The clickable points of the line plot (one scatter per curve).
        self.scatters: list[pg.ScatterPlotItem] = []
        self.failed_scatter: pg.ScatterPlotItem | None = None
        self._parameters: list[str] = []
        self._measures: list[str] = []
        self._units: list[str] = []
        self._points: list[Point] = []
        self._statistics: dict[int, PointStatistics] = {}
        self._failed: set[int] = set()
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._dirty = False
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(_REDRAW_MS)
        self._timer.timeout.connect(self._redraw_if_dirty)
        self.graphics.scene().sigMouseClicked.connect(self._scene_clicked)
        self._show_message("Run the sweep to see its measures here")

    # -- data -----------------------------------------------------------------------------------

    def set_sweep(
        self,
        parameters: Sequence[str],
        measures: Sequence[str],
        points: Sequence[Point],
        units: Sequence[str] = (),
    ) -> None:
        """Prepare for a sweep: its parameters, measure labels and planned points."""
        self._parameters = list(parameters)
        self._measures = list(measures)
        self._units = list(units) or [""] * len(measures)
        self._points = list(points)
        self._statistics = {}
        self._failed = set()
        for box, items in (
            (self.measure_box, self._measures),
            (self.x_box, self._parameters),
            (self.y_box, [NO_SECOND, *self._parameters]),
        ):
            box.blockSignals(True)
            box.clear()
            box.addItems(items)
            box.blockSignals(False)
        # Two parameters or more: a heat map over the first two shows them all at once.
        if len(self._parameters) >= 2:
            self.y_box.setCurrentIndex(2)
        self.redraw()
        self._timer.start()

    def set_units(self, units: Sequence[str]) -> None:
        """Set the measures' units (known once trials have given them)."""
        if list(units) != self._units:
            self._units = list(units)
            self._dirty = True

    def show_statistics(
        self, statistics: Mapping[int, PointStatistics], failed: set[int] | None = None
    ) -> None:
        """Show these points' statistics (drawn at the next redraw).

        ``failed`` are the points whose trials all failed (drawn as red crosses).
        """
        self._statistics = dict(statistics)
        self._failed = set(failed or ())
        self._dirty = True

    @property
    def statistics(self) -> dict[int, PointStatistics]:
        """The statistics shown (or about to be), by point."""
        return dict(self._statistics)

    @property
    def failed(self) -> set[int]:
        """The points shown as failed."""
        return set(self._failed)

    def stop_updates(self) -> None:
        """Draw what is stored and stop the redraw timer (the sweep has ended)."""
        self._timer.stop()
        self.redraw()

    # -- choices --------------------------------------------------------------------------------

    @property
    def measure(self) -> int:
        """The index of the measure plotted."""
        return self.measure_box.currentIndex()

    @property
    def heat_map(self) -> bool:
        """Whether the plot is a heat map (two parameters chosen)."""
        second = self.y_box.currentText()
        return second not in ("", NO_SECOND) and second != self.x_box.currentText()

    def _choice_changed(self, *_: object) -> None:
        self.redraw()

    # -- drawing --------------------------------------------------------------------------------

    def _redraw_if_dirty(self) -> None:
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        """Draw the chosen plot from the statistics stored."""
        self._dirty = False
        self._clear()
        if not self._points or not self._measures or self.measure < 0:
            self._show_message("Run the sweep to see its measures here")
            return
        if not self._parameters:
            self._show_message("The sweep varies no parameter: see its table")
            return
        if self.heat_map:
            self._draw_heat_map()
        else:
            self._draw_lines()

    def _clear(self) -> None:
        if self.color_bar is not None:
            self.graphics.removeItem(self.color_bar)
            self.color_bar = None
        self.plot_item.clear()
        self.plot_item.setTitle(None)
        legend = self.plot_item.legend
        if legend is not None:
            legend.scene().removeItem(legend) if legend.scene() is not None else None
            self.plot_item.legend = None
        for name in ("bottom", "left"):
            self.plot_item.getAxis(name).setTicks(None)
        self.image = None
        self.scatters = []
        self.failed_scatter = None
        self._cells = {}

    def _show_message(self, text: str) -> None:
        self.plot_item.setTitle(text)

    def _measure_label(self) -> str:
        label = self._measures[self.measure]
        unit = self._units[self.measure] if self.measure < len(self._units) else ""
        return f"{label} [{unit}]" if unit not in ("", "1") else label

    def _draw_lines(self) -> None:
        x_name = self.x_box.currentText()
        axis = axis_of(x_name, self._points)
        others = [p for p in self._parameters if p != x_name]
        groups: dict[tuple[str, ...], list[Point]] = {}
        for point in self._points:
            values = point.as_dict()
            groups.setdefault(tuple(values[o] for o in others), []).append(point)
        joined = len(groups) > _MAX_CURVES  # random points: (nearly) every point its own
        if joined:
            groups = {(): list(self._points)}
            self.plot_item.setTitle(f"each point with its own values of {', '.join(others)}")
            others = []
        if len(groups) > 1:
            self.plot_item.addLegend(offset=(10, 10), labelTextColor=self.style_.foreground)
        k = self.measure
        drawn: list[float] = []
        for number, (key, members) in enumerate(groups.items()):
            rows = []
            for point in members:
                stats = self._statistics.get(point.index)
                if stats is None or stats.n[k] == 0:
                    continue
                place = axis.number(point.as_dict()[x_name])
                rows.append((place, stats.mean[k], stats.std[k], point.index))
            rows.sort()
            colour = self.style_.curves[number % len(self.style_.curves)]
            name = ", ".join(f"{o}={v}" for o, v in zip(others, key, strict=True)) or None
            x = np.array([r[0] for r in rows], dtype=float)
            y = np.array([r[1] for r in rows], dtype=float)
            spread = np.array([0.0 if math.isnan(r[2]) else r[2] for r in rows], dtype=float)
            drawn += list(y)
            if not joined:  # a line joins the points of one curve, not unrelated ones
                curve = pg.PlotDataItem(x, y, pen=pg.mkPen(colour, width=1.5), name=name)
                self.plot_item.addItem(curve)
            if len(rows) and np.any(spread > 0):
                bars = pg.ErrorBarItem(
                    x=x, y=y, top=spread, bottom=spread, beam=0.0, pen=pg.mkPen(colour)
                )
                self.plot_item.addItem(bars)
            scatter = pg.ScatterPlotItem(
                x=x,
                y=y,
                data=[r[3] for r in rows],
                size=9,
                brush=pg.mkBrush(colour),
                pen=pg.mkPen(self.style_.background),
                hoverable=True,
                tip=self._tip,
            )
            scatter.sigClicked.connect(self._points_clicked)
            self.plot_item.addItem(scatter)
            self.scatters.append(scatter)
        self._draw_failed(
            [(axis.number(p.as_dict()[x_name]), p.index) for p in self._points],
            min(drawn) if drawn else 0.0,
        )
        self.plot_item.setLabel("bottom", axis.label)
        self.plot_item.setLabel("left", self._measure_label())
        self.plot_item.enableAutoRange()

    def _tip(self, x: float, y: float, data: object) -> str:
        return f"point {data}: {y:.4g}\n(click: open this trial's run)"

    def _draw_failed(self, places: list[tuple[float, int]], y: float) -> None:
        failed = [(x, index) for x, index in places if index in self._failed]
        if not failed:
            return
        self.failed_scatter = pg.ScatterPlotItem(
            x=[x for x, _ in failed],
            y=[y] * len(failed),
            data=[index for _, index in failed],
            symbol="x",
            size=12,
            brush=pg.mkBrush(_FAILED_BRUSH),
            pen=pg.mkPen(_FAILED_BRUSH),
            name="failed",
        )
        self.failed_scatter.sigClicked.connect(self._points_clicked)
        self.plot_item.addItem(self.failed_scatter)

    def _draw_heat_map(self) -> None:
        x_axis = axis_of(self.x_box.currentText(), self._points)
        y_axis = axis_of(self.y_box.currentText(), self._points)
        k = self.measure
        sums = np.zeros((len(y_axis.texts), len(x_axis.texts)))
        counts = np.zeros_like(sums)
        failed: list[tuple[float, float]] = []
        for point in self._points:
            values = point.as_dict()
            cell = (x_axis.index(values[x_axis.name]), y_axis.index(values[y_axis.name]))
            self._cells.setdefault(cell, []).append(point.index)
            stats = self._statistics.get(point.index)
            if stats is not None and stats.n[k] > 0:
                sums[cell[1], cell[0]] += stats.mean[k]
                counts[cell[1], cell[0]] += 1
            elif point.index in self._failed:
                failed.append((cell[0] + 0.5, cell[1] + 0.5))
        with np.errstate(invalid="ignore", divide="ignore"):
            grid = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        defined = grid[np.isfinite(grid)]
        low, high = (float(defined.min()), float(defined.max())) if defined.size else (0.0, 1.0)
        if high <= low:
            high = low + (abs(low) or 1.0) * 1e-6
        self.image = pg.ImageItem(axisOrder="row-major")
        # Levels given: no cell may have a value yet (NaN cells are drawn empty).
        self.image.setImage(grid, autoLevels=False, levels=(low, high))
        self.image.setRect(QtCore.QRectF(0, 0, len(x_axis.texts), len(y_axis.texts)))
        self.plot_item.addItem(self.image)
        self.color_bar = pg.ColorBarItem(
            values=(low, high), colorMap="viridis", label=self._measure_label(), rounding=1e-12
        )
        self.color_bar.setImageItem(self.image)
        self.graphics.addItem(self.color_bar, row=0, col=1)
        for name, axis in (("bottom", x_axis), ("left", y_axis)):
            ticks = [(i + 0.5, _tick(axis, i)) for i in range(len(axis.texts))]
            self.plot_item.getAxis(name).setTicks([ticks])
        self.plot_item.setLabel("bottom", x_axis.label)
        self.plot_item.setLabel("left", y_axis.label)
        if len(self._parameters) > 2:
            self.plot_item.setTitle("each cell: the mean over the other parameters' values")
        if failed:
            self.failed_scatter = pg.ScatterPlotItem(
                x=[x for x, _ in failed],
                y=[y for _, y in failed],
                symbol="x",
                size=14,
                brush=pg.mkBrush(_FAILED_BRUSH),
                pen=pg.mkPen(_FAILED_BRUSH),
            )
            self.plot_item.addItem(self.failed_scatter)
        self.plot_item.setRange(
            xRange=(0, len(x_axis.texts)), yRange=(0, len(y_axis.texts)), padding=0
        )

    # -- clicks ---------------------------------------------------------------------------------

    def _points_clicked(self, _item: object, spots: Sequence[object], *_: object) -> None:
        if spots:
            self.point_clicked.emit(int(spots[0].data()))  # type: ignore[attr-defined]  # a SpotItem

    def _scene_clicked(self, event: object) -> None:
        """Open the (first) point of a heat map's cell that was clicked."""
        if self.image is None or not self._cells:
            return
        position = self.plot_item.vb.mapSceneToView(event.scenePos())  # type: ignore[attr-defined]  # a MouseClickEvent
        cell = (math.floor(position.x()), math.floor(position.y()))
        points = self._cells.get(cell)
        if points:
            self.point_clicked.emit(points[0])

    def spot_position(self, point: int) -> QtCore.QPoint | None:
        """Return where point ``point`` is drawn, in the view's viewport coordinates."""
        view = self.plot_item.vb
        found: QtCore.QPointF | None = None
        for scatter in [*self.scatters, self.failed_scatter]:
            if scatter is None:
                continue
            for spot in scatter.points():
                if spot.data() == point:
                    found = view.mapViewToScene(spot.pos())
        if found is None:
            for cell, points in self._cells.items():
                if point in points:
                    found = view.mapViewToScene(QtCore.QPointF(cell[0] + 0.5, cell[1] + 0.5))
        if found is None:
            return None
        return self.graphics.mapFromScene(found)

    # -- export ---------------------------------------------------------------------------------

    def export_image(self, path: str | Path) -> None:
        """Save the plot as PNG or SVG, by the file's suffix.

        Raises
        ------
        ValueError
            If the suffix is neither ``.png`` nor ``.svg``.
        OSError
            If the file cannot be written.
        """
        path = Path(path)
        suffix = image_suffix(path, "the plot")
        self.redraw()
        image = render_image(self.graphics, self.style_.background, suffix, "SpikeCanvas sweep")
        if not image:
            raise OSError(f"Could not draw the image '{path}'")
        write_bytes(path, image)  # written safely, as every output (`engine.outputs`)
