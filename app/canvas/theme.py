"""Colours of the canvas, derived from the application's palette (light or dark).

NodeGraphQt paints a fixed dark theme; SpikeCanvas follows the system's palette instead, so the
canvas background, grid, node cards and pipes are computed here from a `QPalette`. Node header
colours come from the node kind's category (`app.kinds.CATEGORIES`) in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtGui

from app.colors import mix

__all__ = ["ERROR_COLOR", "WARNING_COLOR", "CanvasTheme"]

#: Outline of a node with an error, and of one with only warnings.
ERROR_COLOR = (220, 50, 47)
WARNING_COLOR = (230, 160, 20)

RGB = tuple[int, int, int]


def _rgb(color: QtGui.QColor) -> RGB:
    return (color.red(), color.green(), color.blue())


@dataclass(frozen=True)
class CanvasTheme:
    """The colours (RGB tuples) the canvas paints with."""

    dark: bool
    background: RGB
    grid: RGB
    grid_major: RGB
    card: RGB
    card_border: RGB
    text: RGB
    muted_text: RGB
    header_text: RGB
    pipe: RGB
    selection: RGB

    @classmethod
    def from_palette(cls, palette: QtGui.QPalette) -> CanvasTheme:
        """Return the theme that fits ``palette`` (dark when its window colour is dark)."""
        role = QtGui.QPalette.ColorRole
        window = palette.color(role.Window)
        text = palette.color(role.WindowText)
        dark = window.lightness() < 128
        # The canvas sits a little away from the window colour so that it reads as a surface,
        # and the cards a little the other way so that they stand out from it.
        if dark:
            background = window.darker(125)
            card = mix(window, QtGui.QColor("white"), 0.06)
        else:
            background = mix(window, QtGui.QColor("white"), 0.45)
            card = QtGui.QColor("white")
        return cls(
            dark=dark,
            background=_rgb(background),
            grid=_rgb(mix(background, text, 0.06)),
            grid_major=_rgb(mix(background, text, 0.12)),
            card=_rgb(card),
            card_border=_rgb(mix(card, text, 0.28)),
            text=_rgb(text),
            muted_text=_rgb(mix(text, card, 0.35)),
            header_text=(255, 255, 255),
            pipe=_rgb(mix(background, text, 0.5)),
            selection=_rgb(palette.color(role.Highlight)),
        )
