"""A plot widget's scene as image bytes: PNG or SVG, for the plot panels' and the sweep's exports.

pyqtgraph 0.14's SVG exporter fails on the closed paths Qt 6 writes (pyqtgraph issue #3495),
so both formats are rendered from the scene with Qt's own painters. The bytes are written by
the caller as every output is (`engine.outputs`): Qt's file writers would write in place and
report neither a full disk nor, for SVG, any failure at all.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

__all__ = ["IMAGE_SUFFIXES", "image_suffix", "png_bytes", "render_image"]

#: The image files plots are saved as.
IMAGE_SUFFIXES = (".png", ".svg")

#: PNGs have twice the screen's pixels: crisp text and lines in documents.
PNG_SCALE = 2


def image_suffix(path: Path, what: str) -> str:
    """Return the suffix of ``path`` (``.png``, ``.svg``) where ``what`` is to be saved.

    Raises
    ------
    ValueError
        If it is not one of `IMAGE_SUFFIXES`, saying to use one.
    """
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ValueError(
            f"Cannot save {what} as '{path.suffix or path.name}': use a .png or .svg file"
        )
    return suffix


def render_image(
    graphics: pg.GraphicsLayoutWidget,
    background: QtGui.QColor,
    suffix: str,
    title: str,
    item: QtWidgets.QGraphicsItem | None = None,
) -> bytes:
    """Return the plots of ``graphics`` as a ``.png`` or ``.svg`` image (empty if it failed).

    With ``item`` (one plot of the layout), only the part of the scene it covers.
    """
    source = (item or graphics.ci).sceneBoundingRect()
    if suffix == ".png":
        return _png(graphics, background, source)
    return _svg(graphics, background, title, source)


def _png(
    graphics: pg.GraphicsLayoutWidget, background: QtGui.QColor, source: QtCore.QRectF
) -> bytes:
    image = QtGui.QImage(
        (source.size() * PNG_SCALE).toSize(), QtGui.QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(PNG_SCALE)
    image.fill(background)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    graphics.scene().render(painter, QtCore.QRectF(QtCore.QPointF(), source.size()), source)
    painter.end()
    return png_bytes(image)


def png_bytes(image: QtGui.QImage) -> bytes:
    """Return ``image`` encoded as PNG (empty if Qt could not encode it)."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.11 takes the format as str; the stubs (of 6.10) say bytes.
    saved = image.save(buffer, "PNG")  # type: ignore[call-overload]  # see above
    return bytes(buffer.data()) if saved else b""


def _svg(
    graphics: pg.GraphicsLayoutWidget,
    background: QtGui.QColor,
    title: str,
    source: QtCore.QRectF,
) -> bytes:
    target = QtCore.QRectF(QtCore.QPointF(), source.size())
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QtSvg.QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(source.size().toSize())
    generator.setViewBox(target)
    generator.setTitle(title)
    painter = QtGui.QPainter(generator)
    painter.fillRect(target, background)
    graphics.scene().render(painter, target, source)
    painter.end()
    return bytes(buffer.data())
