"""How a node looks on the canvas: a card with a coloured header, ports, and key facts.

`CardItem` replaces NodeGraphQt's default node drawing (a dark box sized to its text) with a
fixed-width card that follows the application's palette: the header carries the kind's icon
and category colour and the node's name (editable in place, by NodeGraphQt's text item); the
ports sit below it; the node's key facts (`app.canvas.facts`) fill the bottom. A node with
problems is outlined in red (errors) or amber (warnings).
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from app.canvas.nodegraph import NodeItem
from app.canvas.theme import ERROR_COLOR, WARNING_COLOR, CanvasTheme

__all__ = ["CARD_WIDTH", "HEADER_HEIGHT", "CardItem"]

CARD_WIDTH = 196.0
HEADER_HEIGHT = 30.0
_ICON_SIZE = 18
_PADDING = 9.0
_PORT_TOP = 4.0  # gap between the header and the first port row
_RADIUS = 6.0
_FACT_SPACING = 1.0


def _font(point_size: float, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont(QtWidgets.QApplication.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


class CardItem(NodeItem):
    """The graphics item of one node: a card drawn in the canvas's theme."""

    # NodeItem's size (NodeGraphQt has no type information).
    _width: float
    _height: float

    def __init__(self, name: str = "node", parent: QtWidgets.QGraphicsItem | None = None):
        super().__init__(name, parent)
        self._theme = CanvasTheme.from_palette(QtWidgets.QApplication.palette())
        self._facts: list[str] = []
        self._problem: str | None = None  # "error", "warning" or None
        self._tooltip = ""
        self._messages: list[str] = []
        self._facts_item = QtWidgets.QGraphicsSimpleTextItem(self)
        self._facts_item.setFont(_font(8.5))
        self._facts_item.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)
        self.text_item.setFont(_font(10, bold=True))

    # -- what the card shows ----------------------------------------------------------------

    @property
    def facts(self) -> list[str]:
        """The lines of key facts under the ports."""
        return list(self._facts)

    @property
    def facts_text(self) -> str:
        """The facts as drawn (lines elided to the card's width), for tests."""
        return self._facts_item.text()

    @property
    def problem(self) -> str | None:
        """``"error"``, ``"warning"`` or None: how the card is outlined."""
        return self._problem

    def set_facts(self, lines: list[str]) -> None:
        """Show these lines of key facts (re-laying out the card if their number changed)."""
        if lines != self._facts:
            self._facts = list(lines)
            self.draw_node()

    @property
    def icon(self) -> str:
        """The path of the node's icon (NodeGraphQt's ``icon`` property)."""
        return self._properties["icon"]

    @icon.setter
    def icon(self, path: str | None = None) -> None:
        # NodeGraphQt loads the icon as a bitmap at its natural size and scales it down, which
        # blurs an SVG; render it at twice the drawn size instead, sharp on high-DPI screens.
        self._properties["icon"] = path
        if not path:
            return
        ratio = 2.0
        pixmap = QtGui.QIcon(path).pixmap(QtCore.QSize(_ICON_SIZE, _ICON_SIZE) * ratio)
        pixmap.setDevicePixelRatio(ratio)
        self.icon_item.setPixmap(pixmap)

    def set_tooltip(self, text: str) -> None:
        """Set the card's tooltip (rich text); problems are appended by `set_problem`."""
        self._tooltip = text
        self._apply_tooltip()

    def set_problem(self, level: str | None, messages: list[str] | None = None) -> None:
        """Outline the card for ``level`` (``"error"``, ``"warning"``, None) and list messages."""
        self._problem = level
        self._messages = list(messages or [])
        self._apply_tooltip()
        self.update()

    def set_theme(self, theme: CanvasTheme) -> None:
        """Paint with ``theme`` from now on."""
        self._theme = theme
        self.draw_node()

    def _apply_tooltip(self) -> None:
        text = self._tooltip
        messages = self._messages
        if messages and self._problem:
            rgb = ERROR_COLOR if self._problem == "error" else WARNING_COLOR
            items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
            text += f'<hr/><div style="color: rgb{rgb}"><ul style="margin: 0">{items}</ul></div>'
        self.setToolTip(text)

    # -- layout (replaces NodeGraphQt's, horizontal layout only) ------------------------------

    def _tooltip_disable(self, state: bool) -> None:
        # NodeGraphQt writes its own tooltip (name and Python type) on every redraw; ours stays.
        self._apply_tooltip()

    def _add_port(self, port: QtWidgets.QGraphicsItem) -> QtWidgets.QGraphicsItem:
        port = super()._add_port(port)
        # NodeGraphQt caches port labels in device coordinates, and a QGraphicsTextItem does
        # not drop that cache when its font changes (every redraw of the card set it): the
        # label then painted as blank until a zoom dropped every cache. A label is a few
        # glyphs: draw it anew each time.
        label = self._input_items.get(port) or self._output_items.get(port)
        label.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.NoCache)
        return port

    def _draw_node_horizontal(self) -> None:
        theme = self._theme
        port_font = _font(8.5)
        text_colour = QtGui.QColor(*theme.text)
        for items in (self._input_items, self._output_items):
            for port, text in items.items():
                if text.font() != port_font:  # setting it re-lays the text out
                    text.setFont(port_font)
                if text.defaultTextColor() != text_colour:
                    text.setDefaultTextColor(text_colour)
                text.setVisible(port.isVisible() and port.display_name)
        self.text_item.setDefaultTextColor(QtGui.QColor(*theme.header_text))

        inputs = [p for p in self.inputs if p.isVisible()]
        outputs = [p for p in self.outputs if p.isVisible()]
        rows = max(len(inputs), len(outputs))
        port_height = (inputs or outputs)[0].boundingRect().height() if rows else 0.0
        ports_height = rows * (port_height + 1) + (_PORT_TOP if rows else 0.0)

        metrics = QtGui.QFontMetricsF(self._facts_item.font())
        usable = CARD_WIDTH - 2 * _PADDING
        lines = [
            metrics.elidedText(line, QtCore.Qt.TextElideMode.ElideRight, usable)
            for line in self._facts
        ]
        self._facts_item.setText("\n".join(lines))
        self._facts_item.setBrush(QtGui.QColor(*theme.muted_text))
        facts_height = self._facts_item.boundingRect().height() if lines else 0.0

        top = HEADER_HEIGHT + ports_height
        height = top + facts_height + (_PADDING if lines else _PADDING / 2)
        if (self._width, self._height) != (CARD_WIDTH, height):
            # Before the change: the scene repaints the area the card leaves too.
            self.prepareGeometryChange()
            self._width, self._height = CARD_WIDTH, height

        self.align_label()
        self.align_icon()
        self.align_ports(v_offset=HEADER_HEIGHT + _PORT_TOP)
        self._facts_item.setPos(_PADDING, top + (2.0 if rows else 6.0))
        self._apply_tooltip()
        self.update()

    def _align_label_horizontal(self, h_offset: float, v_offset: float) -> None:
        rect = self.text_item.boundingRect()
        x = _PADDING + _ICON_SIZE + 4.0
        self.text_item.setPos(x + h_offset, (HEADER_HEIGHT - rect.height()) / 2 + v_offset)

    def _align_icon_horizontal(self, h_offset: float, v_offset: float) -> None:
        y = (HEADER_HEIGHT - _ICON_SIZE) / 2
        self.icon_item.setPos(_PADDING + h_offset - 1.0, y + v_offset)

    def set_proxy_mode(self, mode: bool) -> None:
        """Hide the small print when zoomed far out (NodeGraphQt hides the rest)."""
        super().set_proxy_mode(mode)
        self._facts_item.setVisible(not mode)

    # -- painting ------------------------------------------------------------------------------

    def _paint_horizontal(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionGraphicsItem,
        widget: QtWidgets.QWidget | None,
    ) -> None:
        theme = self._theme
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        rect = self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5)
        card = QtGui.QPainterPath()
        card.addRoundedRect(rect, _RADIUS, _RADIUS)

        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.fillPath(card, QtGui.QColor(*theme.card))

        # The header: the card's shape cut at the header's height, in the category colour.
        header = QtGui.QPainterPath()
        header.addRect(QtCore.QRectF(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT))
        painter.fillPath(card.intersected(header), QtGui.QColor(*self.color[:3]))

        if self._problem is not None:
            rgb = ERROR_COLOR if self._problem == "error" else WARNING_COLOR
            pen = QtGui.QPen(QtGui.QColor(*rgb), 2.5)
        elif self.selected:
            pen = QtGui.QPen(QtGui.QColor(*theme.selection), 2.0)
        else:
            pen = QtGui.QPen(QtGui.QColor(*theme.card_border), 1.0)
        pen.setCosmetic(False)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.setPen(pen)
        painter.drawPath(card)
        if self._problem is not None and self.selected:
            # Selected and in trouble: the selection shows as a second, inner outline.
            inner = QtGui.QPainterPath()
            inner.addRoundedRect(rect.adjusted(3, 3, -3, -3), _RADIUS - 2, _RADIUS - 2)
            painter.setPen(QtGui.QPen(QtGui.QColor(*theme.selection), 1.5))
            painter.drawPath(inner)
        painter.restore()
