"""File → Open Example: a gallery of the bundled examples, and the details of the chosen one.

Each example is a card in a list — its thumbnail (a picture of a real run, see
`app.plots.thumbnail`), title, first sentence and size — and the selected one's full
description and teaching notes fill the pane beside the list. An example whose thumbnail is
missing or cannot be read shows a placeholder instead: a picture never keeps an example from
being opened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.colors import mix
from app.files import Example

__all__ = ["CARD_THUMBNAIL", "DETAIL_THUMBNAIL", "ExamplesDialog", "load_thumbnail"]

#: Size of a thumbnail on a card, and in the detail pane (logical pixels).
CARD_THUMBNAIL = QtCore.QSize(144, 90)
DETAIL_THUMBNAIL = QtCore.QSize(320, 200)

_FACTS_SEPARATOR = "  ·  "


def load_thumbnail(
    path: Path | None, size: QtCore.QSize, ratio: float = 1.0
) -> QtGui.QPixmap | None:
    """Return the image at ``path`` scaled to fit ``size``, or None if it cannot be read.

    ``ratio`` is the screen's device pixel ratio: the pixmap gets that many pixels per logical
    pixel, so it stays sharp on high-density screens.
    """
    if path is None or not path.is_file():
        return None
    image = QtGui.QImageReader(str(path)).read()  # a null image for an unreadable file
    if image.isNull():
        return None
    scaled = image.scaled(
        size * ratio,
        QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation,
    )
    pixmap = QtGui.QPixmap.fromImage(scaled)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _placeholder(size: QtCore.QSize, palette: QtGui.QPalette, ratio: float) -> QtGui.QPixmap:
    """Return a quiet "no picture" tile of ``size``: a tinted box with a faint raster in it."""
    role = QtGui.QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    pixmap = QtGui.QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(mix(base, text, 0.05))
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    # A few rows of ticks, like a spike raster seen from afar.
    painter.setPen(QtGui.QPen(mix(base, text, 0.18), 1.5))
    rows = 5
    for row in range(rows):
        y = h * (0.3 + 0.4 * row / (rows - 1))
        for k in range(7):
            x = w * (0.2 + 0.6 * ((k * 0.137 + row * 0.291) % 1.0))
            painter.drawLine(QtCore.QPointF(x, y - 3), QtCore.QPointF(x, y + 3))
    font = painter.font()
    font.setPointSizeF(font.pointSizeF() * (0.85 if w < 200 else 1.0))
    painter.setFont(font)
    painter.setPen(mix(base, text, 0.55))
    painter.drawText(
        QtCore.QRectF(0, h * 0.72, w, h * 0.25),
        QtCore.Qt.AlignmentFlag.AlignCenter,
        "no preview",
    )
    painter.end()
    return pixmap


def _muted(palette: QtGui.QPalette) -> QtGui.QColor:
    """Return the colour of secondary text (facts, captions): text faded towards the base."""
    role = QtGui.QPalette.ColorRole
    return mix(palette.color(role.Text), palette.color(role.Base), 0.4)


def _thumbnail_label(size: QtCore.QSize) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setFixedSize(size + QtCore.QSize(2, 2))  # room for the frame
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    label.setFrameShape(QtWidgets.QFrame.Shape.Box)
    label.setLineWidth(1)
    label.setForegroundRole(QtGui.QPalette.ColorRole.Mid)  # a thin, quiet frame
    return label


def _paragraphs(text: str) -> str:
    """Return plain ``text`` as HTML paragraphs (blank lines separate them).

    A sentence starting with "Try:" — the notes' suggestions to the student — is set in bold.
    """
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    html = []
    for part in parts:
        body = re.sub(r"(^|(?<=[.!?] ))Try:", r"<b>Try:</b>", escape(part))
        html.append(f"<p>{body}</p>")
    return "".join(html)


class _Card(QtWidgets.QWidget):
    """One example in the list: thumbnail, title, first sentence, and size."""

    def __init__(
        self, example: Example, thumbnail: QtGui.QPixmap | None, placeholder: QtGui.QPixmap
    ) -> None:
        super().__init__()
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        #: Whether the example's own thumbnail is shown (False: the placeholder).
        self.has_thumbnail = thumbnail is not None
        self.thumbnail = _thumbnail_label(CARD_THUMBNAIL)
        self.thumbnail.setObjectName("example_card_thumbnail")
        self.thumbnail.setPixmap(thumbnail if thumbnail is not None else placeholder)

        self.text = QtWidgets.QLabel()
        self.text.setObjectName("example_card_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        muted = _muted(self.palette()).name()
        facts = _FACTS_SEPARATOR.join(example.facts)
        self.text.setText(
            f"<div style='font-weight:600; font-size:large'>{escape(example.title)}</div>"
            f"<div style='margin-top:3px'>{escape(example.summary)}</div>"
            + (f"<div style='margin-top:4px; color:{muted}'>{escape(facts)}</div>" if facts else "")
        )

        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 10, 8)
        layout.setSpacing(12)
        layout.addWidget(self.thumbnail, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)


class _Details(QtWidgets.QScrollArea):
    """The selected example in full: its picture, title, size, description and teaching notes."""

    def __init__(self, placeholder: QtGui.QPixmap) -> None:
        super().__init__()
        self.setObjectName("example_details")
        self._placeholder = placeholder
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundRole(QtGui.QPalette.ColorRole.Base)

        page = QtWidgets.QWidget()
        page.setBackgroundRole(QtGui.QPalette.ColorRole.Base)
        self.thumbnail = _thumbnail_label(DETAIL_THUMBNAIL)
        self.thumbnail.setObjectName("example_thumbnail")
        self.caption = QtWidgets.QLabel("Recorded in a run of the example")
        self.caption.setObjectName("example_caption")
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("example_title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.facts = QtWidgets.QLabel()
        self.facts.setObjectName("example_facts")
        self.description = QtWidgets.QLabel()
        self.description.setObjectName("example_description")
        self.notes_heading = QtWidgets.QLabel("Teaching notes")
        heading = self.notes_heading.font()
        heading.setBold(True)
        self.notes_heading.setFont(heading)
        self.notes = QtWidgets.QLabel()
        self.notes.setObjectName("example_notes")
        muted = _muted(self.palette())
        for label in (self.caption, self.facts):
            palette = label.palette()
            palette.setColor(QtGui.QPalette.ColorRole.WindowText, muted)
            label.setPalette(palette)
        for label in (self.title, self.facts, self.description, self.notes):
            label.setWordWrap(True)
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.description, self.notes):
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)

        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(4)
        layout.addWidget(self.thumbnail)
        layout.addWidget(self.caption)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.description)
        layout.addSpacing(4)
        layout.addWidget(self.notes_heading)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        self.setWidget(page)
        self.setMinimumWidth(
            DETAIL_THUMBNAIL.width() + 2 * 14 + 2 + self.verticalScrollBar().sizeHint().width()
        )
        self.show_example(None, None)

    def show_example(self, example: Example | None, picture: QtGui.QPixmap | None) -> None:
        """Show ``example`` (None: nothing) with its thumbnail ``picture`` (None: a placeholder)."""
        widgets = (self.thumbnail, self.caption, self.title, self.facts, self.description)
        for widget in widgets:
            widget.setVisible(example is not None)
        if example is None:
            self.notes_heading.hide()
            self.notes.hide()
            return
        self.thumbnail.setPixmap(picture if picture is not None else self._placeholder)
        self.caption.setVisible(picture is not None)
        self.title.setText(example.title)
        self.facts.setText(_FACTS_SEPARATOR.join(example.facts))
        self.facts.setVisible(bool(example.facts))
        self.description.setText(_paragraphs(example.description or example.summary))
        self.notes.setText(_paragraphs(example.notes))
        self.notes_heading.setVisible(bool(example.notes.strip()))
        self.notes.setVisible(bool(example.notes.strip()))
        self.verticalScrollBar().setValue(0)


class ExamplesDialog(QtWidgets.QDialog):
    """A gallery of examples to pick one from; `chosen` is the selected one.

    Opening an example opens a copy of it: the dialog only chooses.

    Attributes
    ----------
    list
        The examples, one card each, in the given order.
    cards
        The card of each example (the item widgets of `list`).
    details
        The pane that shows the selected example in full.
    """

    def __init__(
        self, examples: Sequence[Example], parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("examples_dialog")
        self.setWindowTitle("Open Example")
        self._examples = list(examples)

        intro = QtWidgets.QLabel(
            "Pick an example network to explore: each picture comes from a real run of it. "
            "You get a copy to change and run as you like; the example itself stays as it is."
        )
        intro.setWordWrap(True)

        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("examples_list")
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self._soften_selection()

        ratio = self.devicePixelRatioF()
        self._card_placeholder = _placeholder(CARD_THUMBNAIL, self.palette(), ratio)
        self.cards: list[_Card] = []
        for example in self._examples:
            item = QtWidgets.QListWidgetItem(self.list)
            item.setToolTip(example.path.name)
            card = _Card(
                example,
                load_thumbnail(example.thumbnail, CARD_THUMBNAIL, ratio),
                self._card_placeholder,
            )
            self.cards.append(card)
            self.list.setItemWidget(item, card)
        self._size_cards()
        self.list.viewport().installEventFilter(self)
        self.details = _Details(_placeholder(DETAIL_THUMBNAIL, self.palette(), ratio))
        self.list.currentRowChanged.connect(self._show_details)
        self.list.itemDoubleClicked.connect(self.accept)

        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Open
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(bool(self._examples))

        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(960, 640)
        if self._examples:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def chosen(self) -> Example | None:
        """Return the selected example (None if there is none)."""
        row = self.list.currentRow()
        return self._examples[row] if 0 <= row < len(self._examples) else None

    # -- looks ----------------------------------------------------------------------------------

    def _soften_selection(self) -> None:
        """Mark the selected card with a tint of the highlight, its text staying readable."""
        palette = self.list.palette()
        role = QtGui.QPalette.ColorRole
        for group in (QtGui.QPalette.ColorGroup.Active, QtGui.QPalette.ColorGroup.Inactive):
            tint = mix(palette.color(group, role.Highlight), palette.color(group, role.Base), 0.72)
            palette.setColor(group, role.Highlight, tint)
            palette.setColor(group, role.HighlightedText, palette.color(group, role.Text))
        self.list.setPalette(palette)

    def _size_cards(self) -> None:
        """Give each card's item the height its text needs at the list's current width."""
        width = self.list.viewport().width() - 2 * self.list.spacing()
        for row, card in enumerate(self.cards):
            # The size hint's height is for the card's narrowest width: far too tall here.
            height = max(card.heightForWidth(width), card.minimumSizeHint().height())
            self.list.item(row).setSizeHint(QtCore.QSize(width, height))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """Resize the cards with the list (their text wraps)."""
        if watched is self.list.viewport() and event.type() == QtCore.QEvent.Type.Resize:
            self._size_cards()
        return super().eventFilter(watched, event)

    def _show_details(self, row: int) -> None:
        example = self._examples[row] if 0 <= row < len(self._examples) else None
        picture = None
        if example is not None:
            picture = load_thumbnail(example.thumbnail, DETAIL_THUMBNAIL, self.devicePixelRatioF())
        self.details.show_example(example, picture)
