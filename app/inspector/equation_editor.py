"""A code editor for model text: equations, thresholds, resets, on_pre/on_post code.

`EquationEditor` is a plain-text editor with line numbers, syntax colours
(`app.inspector.highlighter`) and the validator's diagnostics drawn in place: a wavy underline
from each problem's column to its end column (red for errors, amber for warnings), a marker in
the line-number gutter, the message as a tooltip over the underline and in a `MessageLine`
that the form shows under the editor.

The editor does not know the model. It emits `committed` with its text when the user pauses
typing or leaves the editor, and the owner stores it; the owner calls `set_value` when the
model's text changes (undo, an edit elsewhere), which replaces the text only when it differs
from what is shown — so committing never moves the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from app.inspector.feedback import MessageLine, severity_color, worst_severity
from app.inspector.field_base import FieldFeedback, ProjectUndoKeys
from app.inspector.highlighter import ModelHighlighter

if TYPE_CHECKING:
    from engine.project import Diagnostic

__all__ = ["EquationEditor", "ProblemRange"]

#: Milliseconds of no typing after which the text is committed to the model.
COMMIT_DELAY_MS = 300


@dataclass(frozen=True)
class ProblemRange:
    """Where a problem is underlined: 1-based line, columns ``[column, end_column)``."""

    line: int
    column: int
    end_column: int
    severity: str
    message: str


class _LineNumbers(QtWidgets.QWidget):
    """The gutter: line numbers, and a dot on each line with a problem."""

    def __init__(self, editor: EquationEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        self._editor.paint_gutter(event)


class EquationEditor(ProjectUndoKeys, FieldFeedback, QtWidgets.QPlainTextEdit):
    """A multi-line editor of model text with line numbers, colours and diagnostics.

    Parameters
    ----------
    lines
        How many lines it shows at least; it grows with its text up to ``max_lines``.
    max_lines
        How many lines it shows at most before it scrolls.
    parent
        The parent widget.

    Attributes
    ----------
    undo_stack
        The project's undo stack: Ctrl+Z/Ctrl+Shift+Z in the editor undo there (None: the
        editor's own undo).
    message_label
        The label that shows the messages of its problems; the owner places it.

    Signals
    -------
    committed(str)
        The text, after the user paused typing or left the editor.
    """

    committed = QtCore.Signal(str)

    def __init__(
        self, lines: int = 4, max_lines: int = 14, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.message_label = MessageLine()
        self._min_lines, self._max_lines = max(1, lines), max(lines, max_lines)
        self._ranges: list[ProblemRange] = []
        self._shown = ""  # the text last set from the model or committed
        self._setting = False

        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        # Docks are narrow: long equations wrap (under their line number) rather than scroll.
        self.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._visual_lines = 1
        self.setTabChangesFocus(True)  # model text never needs a tab; Tab moves on, as in forms
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self.highlighter = ModelHighlighter(self.document(), self.palette())

        self._gutter = _LineNumbers(self)
        self.blockCountChanged.connect(self._layout_changed)
        self.updateRequest.connect(self._update_gutter)
        self._layout_changed()

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.commit_now)
        self.textChanged.connect(self._text_changed)

    # -- value --------------------------------------------------------------------------------

    def value(self) -> str:
        """Return the text shown."""
        return self.toPlainText()

    def set_value(self, text: str) -> None:
        """Show ``text`` from the model; nothing happens if it is what is shown already."""
        self._shown = text
        if text == self.toPlainText():
            return
        self._timer.stop()
        cursor = self.textCursor()
        line, column = cursor.blockNumber(), cursor.positionInBlock()
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False
        # Keep the cursor where it was (undo usually changes one spot).
        block = self.document().findBlockByNumber(min(line, self.blockCount() - 1))
        cursor = QtGui.QTextCursor(block)
        cursor.setPosition(block.position() + min(column, block.length() - 1))
        self.setTextCursor(cursor)
        self._apply_ranges()

    def commit_now(self) -> None:
        """Commit the text at once if it changed since it was last committed or set."""
        self._timer.stop()
        text = self.toPlainText()
        if text != self._shown:
            self._shown = text
            self.committed.emit(text)

    @property
    def pending(self) -> bool:
        """Whether typed text waits to be committed."""
        return self._timer.isActive()

    # -- diagnostics ---------------------------------------------------------------------------

    def set_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Mark the problems (the diagnostics of this field) in the text."""
        self._diagnostics = list(diagnostics)
        several = self._min_lines > 1 or self.blockCount() > 1
        self.message_label.show_messages(
            [(d.severity, _located(d) if several else d.message) for d in self._diagnostics]
        )
        self._apply_ranges()

    def problem_ranges(self) -> list[ProblemRange]:
        """Return where problems are underlined (after clipping to the text)."""
        return list(self._ranges)

    def focus_at(self, line: int | None = None, column: int | None = None) -> None:
        """Focus the editor with the cursor at 1-based ``line`` and ``column`` (when given)."""
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        if line is None:
            return
        block = self.document().findBlockByNumber(max(0, min(line, self.blockCount()) - 1))
        offset = max(0, min((column or 1) - 1, block.length() - 1))
        cursor = QtGui.QTextCursor(block)
        cursor.setPosition(block.position() + offset)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- Qt events --------------------------------------------------------------------------

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        """Commit what was typed when the user leaves the editor."""
        self.commit_now()
        super().focusOutEvent(event)

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        """Show the message of the problem under the mouse as a tooltip."""
        if event.type() == QtCore.QEvent.Type.ToolTip and isinstance(event, QtGui.QHelpEvent):
            message = self.message_at(event.pos())
            if message:
                QtWidgets.QToolTip.showText(event.globalPos(), message, self.viewport())
            else:
                QtWidgets.QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def message_at(self, pos: QtCore.QPoint) -> str:
        """Return the messages of the problems at viewport position ``pos`` ('' if none)."""
        cursor = self.cursorForPosition(pos)
        line, column = cursor.blockNumber() + 1, cursor.positionInBlock() + 1
        found = [
            r.message
            for r in self._ranges
            if r.line == line and r.column <= column <= max(r.end_column, r.column + 1)
        ]
        return "\n".join(dict.fromkeys(found))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Recolour after a palette change (light/dark switch)."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
            self._apply_ranges()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Keep the gutter along the left edge."""
        super().resizeEvent(event)
        self._count_visual_lines()
        rect = self.contentsRect()
        self._gutter.setGeometry(
            QtCore.QRect(rect.left(), rect.top(), self.gutter_width(), rect.height())
        )

    def sizeHint(self) -> QtCore.QSize:
        """As tall as the text (within the line limits), as wide as a form allows."""
        lines = min(max(self._visual_lines, self._min_lines), self._max_lines)
        metrics = QtGui.QFontMetrics(self.font())
        margins = self.contentsMargins()
        height = (
            lines * metrics.lineSpacing()
            + 2 * int(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 2
        )
        return QtCore.QSize(320, height)

    def minimumSizeHint(self) -> QtCore.QSize:
        """Never shorter than the lines it shows."""
        return QtCore.QSize(120, self.sizeHint().height())

    # -- gutter --------------------------------------------------------------------------------

    def gutter_width(self) -> int:
        """Width of the line-number gutter: the digits of the last line and a marker.

        One-line fields (a threshold) have no gutter until they get a second line.
        """
        if self._min_lines == 1 and self.blockCount() == 1:
            return 0
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(digits, 1)

    def paint_gutter(self, event: QtGui.QPaintEvent) -> None:
        """Paint line numbers and problem markers (called by the gutter widget)."""
        palette = self.palette()
        painter = QtGui.QPainter(self._gutter)
        painter.fillRect(event.rect(), palette.color(QtGui.QPalette.ColorRole.AlternateBase))
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        worst: dict[int, str] = {}
        for problem in self._ranges:
            if worst.get(problem.line) != "error":
                worst[problem.line] = problem.severity
        number_color = palette.color(QtGui.QPalette.ColorRole.PlaceholderText)
        current = self.textCursor().blockNumber()
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self._gutter.width()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                line = block.blockNumber() + 1
                if line in worst:
                    painter.setPen(QtCore.Qt.PenStyle.NoPen)
                    painter.setBrush(severity_color(worst[line], palette))
                    painter.drawEllipse(QtCore.QRectF(3, top + height / 2 - 2.5, 5, 5))
                painter.setPen(
                    palette.color(QtGui.QPalette.ColorRole.Text)
                    if block.blockNumber() == current
                    else number_color
                )
                painter.drawText(
                    0, top, width - 4, height, QtCore.Qt.AlignmentFlag.AlignRight, str(line)
                )
            block = block.next()
            top = bottom
        painter.end()

    def _layout_changed(self, *_: object) -> None:
        width = self.gutter_width()
        self.setViewportMargins(width, 0, 0, 0)
        self._gutter.setVisible(width > 0)
        rect = self.contentsRect()
        self._gutter.setGeometry(QtCore.QRect(rect.left(), rect.top(), width, rect.height()))
        self.updateGeometry()

    def _update_gutter(self, rect: QtCore.QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    # -- helpers ------------------------------------------------------------------------------

    def _text_changed(self) -> None:
        if not self._setting:
            self._timer.start()
        self._count_visual_lines()
        self._gutter.update()

    def _count_visual_lines(self) -> None:
        """Grow or shrink with the lines shown (wrapped lines count), within the limits."""
        lines, block = 0, self.document().firstBlock()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        if lines != self._visual_lines:
            self._visual_lines = lines
            self.updateGeometry()

    def _apply_ranges(self) -> None:
        """Compute where each problem is in the current text and underline it."""
        document = self.document()
        ranges: list[ProblemRange] = []
        selections: list[QtWidgets.QTextEdit.ExtraSelection] = []
        palette = self.palette()
        for d in self._diagnostics:
            line = getattr(d, "line", None)
            if line is None or not 1 <= line <= self.blockCount():
                continue
            block = document.findBlockByNumber(line - 1)
            length = len(block.text())
            column = getattr(d, "column", None)
            end = getattr(d, "end_column", None)
            if column is None:  # the whole line
                start, stop = 1, length + 1
            else:
                start = max(1, min(column, length))
                stop = end if end is not None and end > start else start + 1
                stop = min(stop, length + 1)
            if stop <= start:
                if length == 0:
                    continue
                start, stop = max(1, length), length + 1
            severity = getattr(d, "severity", "error")
            ranges.append(ProblemRange(line, start, stop, severity, d.message))
            selection = QtWidgets.QTextEdit.ExtraSelection()
            cursor = QtGui.QTextCursor(block)
            cursor.setPosition(block.position() + start - 1)
            cursor.setPosition(block.position() + stop - 1, QtGui.QTextCursor.MoveMode.KeepAnchor)
            color = severity_color(severity, palette)
            fmt = QtGui.QTextCharFormat()
            fmt.setUnderlineStyle(QtGui.QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(color)
            tint = QtGui.QColor(color)
            tint.setAlpha(40)
            fmt.setBackground(tint)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self._ranges = ranges
        self.setExtraSelections(selections)
        self._set_border(worst_severity(self._diagnostics))
        self._gutter.update()

    def _set_border(self, severity: str | None) -> None:
        if severity is None:
            self.setStyleSheet("")
            return
        color = severity_color(severity, self.palette()).name()
        self.setStyleSheet(f"QPlainTextEdit {{ border: 1px solid {color}; border-radius: 2px; }}")


def _located(diagnostic: Diagnostic) -> str:
    """Return a diagnostic's message, prefixed by its line when the text has several."""
    line = getattr(diagnostic, "line", None)
    message = diagnostic.message
    return f"Line {line}: {message}" if line is not None else message
