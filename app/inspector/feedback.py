"""How the inspector shows problems: severity colours that suit the palette, a message label.

Every editor of the inspector marks its problems the same way — a red (error) or amber
(warning) underline or border, and the messages in a `MessageLabel` under the editor — so the
colours live here, derived from the widget's palette to stay readable in light and dark themes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6 import QtCore, QtGui, QtWidgets

__all__ = [
    "MessageLabel",
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


class MessageLabel(QtWidgets.QLabel):
    """The messages of an editor's problems, one per line, coloured by severity.

    Hidden while there is nothing to say, so a form without problems stays compact.
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
        palette = self.palette()
        lines = []
        for severity, message in self._messages:
            color = severity_color(severity, palette).name()
            mark = "●" if severity == "error" else "▲"
            lines.append(f'<span style="color:{color}">{mark}</span>&nbsp;{html.escape(message)}')
        self.setText("<br>".join(lines))
        self.setVisible(True)
