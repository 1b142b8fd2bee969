"""Thumbnails of projects: a small picture of what a real run recorded, drawn by the panels.

`make_thumbnail` runs a project headless with its own run settings (duration, seed, target)
and `render_thumbnail` draws what one of its monitors recorded with the plot area's own panel
(`RasterPanel`, `TracePanel`, `RatePanel`), in the light Fusion palette whatever the desktop's
theme, so a thumbnail looks like the top panel of the application after the same run. The
axes, titles and labels are left out: at thumbnail size they would hide the activity.

The monitor drawn is `thumbnail_monitor`'s choice: the first visible one in node order — the
panel the plot area shows at the top. ``scripts/make_thumbnails.py`` writes the thumbnails of
the bundled examples (``examples/thumbnails/NAME.png``) with these functions.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from app.model.quantity_rules import constant_values
from app.plots.kinds import has_panel, panel_class
from app.plots.scene_image import png_bytes
from app.plots.settings import seconds, source_of
from app.plots.style import PlotStyle
from engine.outputs import write_bytes
from engine.project.document import Project
from engine.project.plotting import MonitorNode, is_monitor
from engine.project.results import Results
from engine.project.runner import run

__all__ = ["SIZE", "make_thumbnail", "render_thumbnail", "thumbnail_monitor", "thumbnail_style"]

#: The size of a thumbnail, in pixels (width, height).
SIZE = (320, 200)

_MARGIN = 6  # pixels between the data and the picture's edge


def thumbnail_monitor(project: Project) -> MonitorNode | None:
    """Return the monitor node a thumbnail shows, or None if the project has no monitor.

    That is the first monitor whose panel is visible, in node order (the plot area's top
    panel), or the first monitor if every panel is hidden.
    """
    monitors = [node for node in project.nodes if is_monitor(node) and has_panel(node.kind)]
    visible = [node for node in monitors if node.plot.visible]
    shown = visible or monitors
    return shown[0] if shown else None


def thumbnail_style() -> PlotStyle:
    """Return the style of thumbnails: the light Fusion palette, the same on every machine."""
    fusion = QtWidgets.QStyleFactory.create("Fusion")
    try:
        return PlotStyle.from_palette(fusion.standardPalette())
    finally:
        fusion.deleteLater()


def render_thumbnail(
    results: Results, size: tuple[int, int] = SIZE, style: PlotStyle | None = None
) -> QtGui.QImage:
    """Draw what the `thumbnail_monitor` of ``results.project`` recorded, as a ``size`` image.

    The time axis spans the whole run. Needs a ``QApplication``.

    Raises
    ------
    ValueError
        If the project has no monitor, or the results hold nothing of it.
    """
    project = results.project
    node = thumbnail_monitor(project)
    if node is None:
        raise ValueError("The project has no monitor: there is nothing to draw")
    data = results.monitors.get(node.name)
    if data is None:
        raise ValueError(f"The results hold nothing recorded by '{node.name}'")
    style = style or thumbnail_style()
    constants = constant_values(project)
    source, source_size = source_of(project, node.id, constants)
    panel_kind = panel_class(node.kind)
    assert panel_kind is not None, "thumbnail_monitor finds only nodes with a panel"
    panel = panel_kind(node, style, source, source_size, constants)
    panel.append(data)
    plot = panel.plots[0]  # a trace panel's first variable
    plot.layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)

    width, height = size
    view = pg.GraphicsView(background=style.background)
    try:
        view.resize(width, height)
        view.setCentralItem(plot)
        plot.setGeometry(QtCore.QRectF(0, 0, width, height))
        end = max(results.provenance.simulated, seconds(project.run.duration, constants) or 0.0)
        if end > 0:
            plot.setXRange(0.0, end, padding=0)
        panel.redraw()  # labels the axes and titles the plot on the first data...
        _strip(plot)  # ...which a thumbnail leaves out: the data take the whole picture
        panel.redraw()  # at the plot's final size (a raster's image bins by pixel)
        plot.vb.updateAutoRange()
        image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(style.background)
        painter = QtGui.QPainter(image)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            target = QtCore.QRectF(0, 0, width, height)
            view.scene().render(painter, target, target)
        finally:
            painter.end()
    finally:
        # pyqtgraph widgets left alive until Python exits crash PySide6 (docs: stack notes).
        view.close()
        view.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    return image


def _strip(plot: pg.PlotItem) -> None:
    """Hide the axes (with their grid) and the title of ``plot``."""
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.setTitle(None)
    plot.layout.activate()


def make_thumbnail(
    project: Project,
    path: str | Path,
    *,
    size: tuple[int, int] = SIZE,
    duration: str | None = None,
    target: str | None = None,
) -> Results:
    """Run ``project`` headless and save the thumbnail of what it recorded as a PNG at ``path``.

    The run uses the project's own settings (its seed: the same project gives the same
    picture); ``duration`` and ``target`` override them (tests run short). The file is
    replaced only once the new image is complete. Returns the results of the run.

    Raises
    ------
    BuildError, RunError
        If the project cannot be built or run.
    ValueError
        If the project has no monitor.
    OSError
        If the file cannot be written.
    """
    results = run(project, duration=duration, target=target)
    data = png_bytes(render_thumbnail(results, size))
    if not data:
        raise OSError(f"Could not draw the image '{path}'")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)  # as every output is written (`engine.outputs`)
    return results
