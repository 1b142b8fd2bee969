"""Colour arithmetic shared by the views that derive their colours from the Qt palette."""

from __future__ import annotations

from PySide6 import QtGui

__all__ = ["mix"]


def mix(a: QtGui.QColor, b: QtGui.QColor, t: float) -> QtGui.QColor:
    """Return ``a`` moved a fraction ``t`` towards ``b``."""
    return QtGui.QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )
