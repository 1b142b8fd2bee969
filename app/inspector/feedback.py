"""How the inspector shows problems: severity colours that suit the palette, message lines.

Every editor of the inspector marks its problems the same way — a red (error) or amber
(warning) underline or border, and the messages in a `MessageLine` under the editor — so the
colours live here, derived from the widget's palette to stay readable in light and dark themes.

A form must never move under the pointer: a message that appears or goes away while the user
types (or when the validator answers, a moment later) would otherwise push every field below
it, and the next click would land on the wrong field. So each editor's `MessageLine` keeps one
line of the form for its messages at all times, empty or not, and shows what does not fit in
it elided; the inspector shows the whole text in a `MessageBalloon` over the form while the
editor has the focus, without moving anything. `MessageLabel` (a wrapping label that hides
when empty) is for messages that are not under a field, such as a node's own problems.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

__all__ = [
    "MessageBalloon",
    "MessageLabel",
    "MessageLine",
    "is_dark",
    "severity_color",
    "worst_severity",
]

# (light palette, dark palette): saturated enough to be seen, not so bright it glares.
_SEVERITY_COLORS = {
    "error": ("#d32f2f", "#ff6b6b"),
    "warning": ("#b26a00", "#ffb74d"),
}


def is_dark(palette: QtGui.QPalette) -> bool:
    """Return whether ``palette`` draws light text on a dark background."""
    return palette.color(QtGui.QPalette.ColorRole.Base).lightness() < 128


def severity_color(severity: str, palette: QtGui.QPalette) -> QtGui.QColor:
    """Return the colour of problems of ``severity`` (``"error"``/``"warning"``) on ``palette``."""
    light, dark = _SEVERITY_COLORS.get(severity, _SEVERITY_COLORS["error"])
    return QtGui.QColor(dark if is_dark(palette) else light)


def worst_severity(diagnostics: Iterable[object]) -> str | None:
    """Return ``"error"`` if any diagnostic is an error, else ``"warning"`` if any, else None."""
    severities = {getattr(d, "severity", "error") for d in diagnostics}
    if "error" in severities:
        return "error"
    return "warning" if severities else None


def messages_html(messages: Sequence[tuple[str, str]], palette: QtGui.QPalette) -> str:
    """Return ``(severity, message)`` pairs as rich text: one per line, a coloured mark each."""
    lines = []
    for severity, message in messages:
        color = severity_color(severity, palette).name()
        mark = _mark(severity)
        lines.append(f'<span style="color:{color}">{mark}</span>&nbsp;{html.escape(message)}')
    return "<br>".join(lines)


def _mark(severity: str) -> str:
    return "●" if severity == "error" else "▲"


class MessageLabel(QtWidgets.QLabel):
    """Messages, one per line, coloured by severity; hidden while there is nothing to say.

    For messages that are not under a field (a node's own problems, above the form).
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_label")
        self.setWordWrap(True)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum
        )
        self._messages: list[tuple[str, str]] = []
        self.setVisible(False)

    @property
    def messages(self) -> list[str]:
        """The messages shown (plain text)."""
        return [message for _, message in self._messages]

    def show_messages(self, messages: Sequence[tuple[str, str]]) -> None:
        """Show ``(severity, message)`` pairs; an empty sequence hides the label."""
        self._messages = list(messages)
        self._render()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Recolour when the palette changes (light/dark switch)."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._render()

    def _render(self) -> None:
        if not self._messages:
            self.clear()
            self.setVisible(False)
            return
        self.setText(messages_html(self._messages, self.palette()))
        self.setVisible(True)


class MessageLine(QtWidgets.QWidget):
    """The messages of an editor's problems, in one line of the form that is always kept.

    The line is there, empty, while there is nothing to say, so that a message coming or going
    never moves the fields below. It shows the first message (elided if it is too long, and
    "+N more" when there are others); its tooltip, and the inspector's `MessageBalloon` while
    the editor has the focus, show them all.

    Signals
    -------
    changed()
        The messages changed.
    """

    changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_line")
        # Long messages are elided here, never allowed to widen the form.
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self._messages: list[tuple[str, str]] = []
        self._fit_height()

    @property
    def messages(self) -> list[str]:
        """The messages shown (plain text)."""
        return [message for _, message in self._messages]

    @property
    def severities(self) -> list[str]:
        """The severity of each message (``"error"`` or ``"warning"``)."""
        return [severity for severity, _ in self._messages]

    def show_messages(self, messages: Sequence[tuple[str, str]]) -> None:
        """Show ``(severity, message)`` pairs; an empty sequence leaves the line empty."""
        messages = list(messages)
        if messages == self._messages:
            return
        self._messages = messages
        self.setToolTip("\n".join(self.messages))
        self.update()
        self.changed.emit()

    def html(self) -> str:
        """Return every message as rich text (what the balloon shows)."""
        return messages_html(self._messages, self.palette())

    @property
    def fits(self) -> bool:
        """Whether the line shows every message in full (True when there is none)."""
        if len(self._messages) > 1:
            return False
        if not self._messages:
            return True
        severity, message = self._messages[0]
        return self.fontMetrics().horizontalAdvance(f"{_mark(severity)} {message}") <= self.width()

    def sizeHint(self) -> QtCore.QSize:
        """One line of text high."""
        return QtCore.QSize(0, self.height())

    def minimumSizeHint(self) -> QtCore.QSize:
        """Any width: the text is elided."""
        return QtCore.QSize(0, self.height())

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Follow the font (its height) and the palette (its colours)."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._fit_height()
        elif event.type() == QtCore.QEvent.Type.PaletteChange:
            self.update()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the first message's mark and as much of its text as fits."""
        if not self._messages:
            return
        severity, message = self._messages[0]
        metrics = self.fontMetrics()
        painter = QtGui.QPainter(self)
        try:
            baseline = (self.height() - metrics.height()) // 2 + metrics.ascent()
            mark = f"{_mark(severity)} "
            painter.setPen(severity_color(severity, self.palette()))
            painter.drawText(0, baseline, mark)
            x = metrics.horizontalAdvance(mark)
            more = f"  (+{len(self._messages) - 1} more)" if len(self._messages) > 1 else ""
            room = self.width() - x - metrics.horizontalAdvance(more)
            text = metrics.elidedText(message, QtCore.Qt.TextElideMode.ElideRight, max(room, 0))
            painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.WindowText))
            painter.drawText(x, baseline, text + more)
        finally:
            painter.end()

    def _fit_height(self) -> None:
        self.setFixedHeight(self.fontMetrics().height() + 2)


class MessageBalloon(QtWidgets.QLabel):
    """Every message of a `MessageLine`, over the form below the line, without moving it.

    It lets mouse events through, so a click on a field it covers still reaches that field.
    """

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("message_balloon")
        self.setWordWrap(True)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFrameShape(QtWidgets.QFrame.Shape.Box)
        self.setMargin(3)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QtGui.QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QtGui.QPalette.ColorRole.ToolTipText)
        self._line: MessageLine | None = None
        self.hide()

    @property
    def line(self) -> MessageLine | None:
        """The line whose messages are shown (None while hidden)."""
        return self._line if self.isVisible() else None

    @property
    def messages(self) -> list[str]:
        """The messages shown (plain text; none while hidden)."""
        line = self.line
        return line.messages if line is not None else []

    def show_for(self, line: MessageLine) -> None:
        """Show the messages of ``line`` from its place down, as wide as the line."""
        self._line = line
        self.setText(line.html())
        parent = self.parentWidget()
        assert parent is not None  # made with one
        origin = line.mapTo(parent, QtCore.QPoint(0, 0))
        width = max(line.width(), 160)
        self.setGeometry(origin.x(), origin.y(), width, self.heightForWidth(width))
        self.raise_()
        self.show()

    def dismiss(self) -> None:
        """Hide the balloon."""
        self._line = None
        self.hide()
