"""Help → User Guide: the guide, found locally and read in a window of SpikeCanvas's own.

The guide is ``docs/user-guide.md`` with its pictures in ``docs/images``. ``setup.py`` installs
the ``docs/`` folder as the package data ``app.docs``, so an installed wheel has it as well as a
source checkout. The window renders the Markdown with Qt's own reader (`QtWidgets.QTextBrowser`),
so no browser or Markdown viewer is needed; it lists the sections, finds text, follows links
between the guide's pages, and hands web links to the desktop.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

import app

__all__ = [
    "GUIDE_NAME",
    "ONLINE_DOCS",
    "GuideWindow",
    "Heading",
    "docs_dir",
    "slug",
    "user_guide_path",
]

#: The documentation online, for an installation that somehow lacks its docs.
ONLINE_DOCS = "https://github.com/spikecanvas/spikecanvas/tree/main/docs"
#: The guide's file name in the docs folder.
GUIDE_NAME = "user-guide.md"
# Pictures never grow past their own size; they shrink to the page's width less this margin.
_IMAGE_MARGIN = 24


def docs_dir() -> Path | None:
    """Return the folder holding the user guide, or None if this installation has none.

    The installed package data ``app.docs`` (a wheel, or an editable install) wins; a source
    checkout's ``docs/`` folder is used when the editable install predates that package data.
    """
    try:
        spec = importlib.util.find_spec("app.docs")
    except ModuleNotFoundError:
        spec = None
    # A data-only package (no __init__.py): its folders are its search locations.
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(folder) / GUIDE_NAME).is_file():
            return Path(folder)
    checkout = Path(app.__file__).resolve().parents[1]
    # The checkout's marker keeps an unrelated site-packages/docs from being taken.
    if (checkout / "pyproject.toml").is_file() and (checkout / "docs" / GUIDE_NAME).is_file():
        return checkout / "docs"
    return None


def user_guide_path() -> Path | None:
    """Return the local user guide (``user-guide.md``), or None if there is none."""
    folder = docs_dir()
    return folder / GUIDE_NAME if folder is not None else None


def slug(title: str) -> str:
    """Return a heading's anchor as Markdown sites make it: ``The window`` -> ``the-window``.

    Lower case; punctuation other than ``-`` and ``_`` dropped; spaces become ``-``.
    """
    kept = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return kept.replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    """A heading of the page shown: its level (1 = title), text, and block in the document."""

    level: int
    text: str
    block: int


class GuideWindow(QtWidgets.QMainWindow):
    """The user guide in a window: the sections on the left, the page on the right.

    Parameters
    ----------
    path
        The Markdown page to show first (the guide).
    parent
        The parent widget (the main window); the guide stays a window of its own.

    Attributes
    ----------
    browser
        The page.
    contents
        The sections of the page (its headings below the title), to click.
    search
        Finds text in the page: Enter for the next match, Shift+Enter for the previous.
    """

    def __init__(self, path: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_window")
        self.setWindowFlag(QtCore.Qt.WindowType.Window, True)
        self.setWindowTitle("SpikeCanvas User Guide")
        self._home = QtCore.QUrl.fromLocalFile(str(path))
        self._headings: list[Heading] = []
        self._fitted_width = -1

        self.browser = QtWidgets.QTextBrowser()
        self.browser.setObjectName("guide_text")
        # Links are ours to follow: sections by their anchor, pages here, the web outside.
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow_link)
        self.browser.sourceChanged.connect(self._page_loaded)
        self.browser.document().setUndoRedoEnabled(False)
        self.browser.viewport().installEventFilter(self)

        self.contents = QtWidgets.QTreeWidget()
        self.contents.setObjectName("guide_contents")
        self.contents.setHeaderHidden(True)
        self.contents.setIndentation(14)
        self.contents.itemClicked.connect(self._section_clicked)
        self.contents.itemActivated.connect(self._section_clicked)

        splitter = QtWidgets.QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        self.setCentralWidget(splitter)

        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("guide_search")
        self.search.setPlaceholderText("Find in the guide (Enter: next, Shift+Enter: previous)")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self.search.returnPressed.connect(self.find_next)
        self.search.textEdited.connect(self._search_edited)
        self.search.installEventFilter(self)
        self.found = QtWidgets.QLabel()
        self.found.setObjectName("guide_found")

        toolbar = self.addToolBar("Guide")
        toolbar.setObjectName("guide_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        pixmap = QtWidgets.QStyle.StandardPixmap
        self.action_back = toolbar.addAction(
            style.standardIcon(pixmap.SP_ArrowBack), "Back", self.browser.backward
        )
        self.action_back.setShortcut(QtGui.QKeySequence.StandardKey.Back)
        self.action_forward = toolbar.addAction(
            style.standardIcon(pixmap.SP_ArrowForward), "Forward", self.browser.forward
        )
        self.action_forward.setShortcut(QtGui.QKeySequence.StandardKey.Forward)
        self.action_home = toolbar.addAction(
            style.standardIcon(pixmap.SP_DirHomeIcon), "Guide", self.go_home
        )
        self.action_home.setToolTip("Back to the start of the user guide")
        self.browser.backwardAvailable.connect(self.action_back.setEnabled)
        self.browser.forwardAvailable.connect(self.action_forward.setEnabled)
        self.action_back.setEnabled(False)
        self.action_forward.setEnabled(False)
        toolbar.addSeparator()
        toolbar.addWidget(self.search)
        toolbar.addWidget(self.found)
        find = QtGui.QAction("Find", self)
        find.setShortcut(QtGui.QKeySequence.StandardKey.Find)
        find.triggered.connect(self._focus_search)
        self.addAction(find)

        self._fit_timer = QtCore.QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(80)
        self._fit_timer.timeout.connect(self._fit_images)

        self.resize(1100, 800)
        self.browser.setSource(self._home)

    # -- the page -----------------------------------------------------------------------------

    @property
    def headings(self) -> list[Heading]:
        """The headings of the page shown, in order."""
        return list(self._headings)

    def go_home(self) -> None:
        """Show the start of the guide."""
        if self.browser.source() != self._home:
            self.browser.setSource(self._home)
        self.browser.verticalScrollBar().setValue(0)

    def show_section(self, title_or_anchor: str) -> bool:
        """Scroll to the section with this heading (or anchor, ``running-a-network``).

        Returns whether the page has such a section.
        """
        wanted = title_or_anchor.strip()
        for heading in self._headings:
            if wanted in (heading.text, slug(heading.text)):
                self._mark_in_contents(heading.text)
                if self._fit_timer.isActive():  # pictures about to change size: do it now
                    self._fit_timer.stop()
                    self._fit_images()
                block = self.browser.document().findBlockByNumber(heading.block)
                self.browser.setTextCursor(QtGui.QTextCursor(block))
                self.browser.scrollToAnchor(slug(heading.text))
                return True
        return False

    def follow_link(self, url: QtCore.QUrl) -> None:
        """Follow a link of the page: a section, another page of the guide, or the web."""
        source = self.browser.source()
        target = source.resolved(url) if url.isRelative() else url
        if target.isLocalFile():
            path = Path(target.toLocalFile())  # without the fragment
            if path == Path(source.toLocalFile()):
                self.show_section(target.fragment())
                return
            if path.suffix == ".md" and path.is_file():
                self.browser.setSource(QtCore.QUrl.fromLocalFile(str(path)))
                if target.fragment():
                    self.show_section(target.fragment())
                return
        QtGui.QDesktopServices.openUrl(target)

    # -- finding -------------------------------------------------------------------------------

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) match of the search text, wrapping around the page."""
        text = self.search.text()
        if not text:
            self.found.clear()
            return False
        flags = QtGui.QTextDocument.FindFlag(0)
        if backward:
            flags |= QtGui.QTextDocument.FindFlag.FindBackward
        found = self.browser.find(text, flags)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(
                QtGui.QTextCursor.MoveOperation.End
                if backward
                else QtGui.QTextCursor.MoveOperation.Start
            )
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text, flags)
        self.found.setText("" if found else "  Not found")
        return found

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_edited(self, text: str) -> None:
        # Search as the user types, from the start of the current match.
        cursor = self.browser.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.browser.setTextCursor(cursor)
        if text:
            self.find_next()
        else:
            self.found.clear()

    # -- Qt events -----------------------------------------------------------------------------

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """Shift+Enter in the search box finds backwards; a resized page refits its pictures."""
        if watched is self.search and isinstance(event, QtGui.QKeyEvent):
            shift = event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier
            enter = event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
            if event.type() == QtCore.QEvent.Type.KeyPress and enter and shift:
                self.find_next(backward=True)
                return True
        if watched is self.browser.viewport() and event.type() == QtCore.QEvent.Type.Resize:
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    # -- helpers ------------------------------------------------------------------------------

    def _page_loaded(self, _url: QtCore.QUrl) -> None:
        self._fitted_width = -1
        self._fit_images()
        _wrap_code(self.browser.document())
        self._headings = _headings(self.browser.document())
        _name_headings(self.browser.document(), self._headings)
        self.contents.clear()
        parents: dict[int, QtWidgets.QTreeWidgetItem] = {}
        for heading in self._headings:
            if heading.level == 1:
                self.setWindowTitle(f"{heading.text} — SpikeCanvas")
                continue
            parent = next(
                (parents[level] for level in range(heading.level - 1, 1, -1) if level in parents),
                None,
            )
            item = QtWidgets.QTreeWidgetItem([heading.text])
            item.setData(0, QtCore.Qt.ItemDataRole.UserRole, heading.text)
            if parent is None:
                self.contents.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents[heading.level] = item
            for deeper in [level for level in parents if level > heading.level]:
                del parents[deeper]
        self.contents.expandToDepth(0)

    def _section_clicked(self, item: QtWidgets.QTreeWidgetItem, _column: int = 0) -> None:
        self.show_section(item.data(0, QtCore.Qt.ItemDataRole.UserRole))

    def _mark_in_contents(self, title: str) -> None:
        role = QtCore.Qt.ItemDataRole.UserRole
        items = QtWidgets.QTreeWidgetItemIterator(self.contents)
        while items.value() is not None:
            item = items.value()
            if item.data(0, role) == title:
                blocked = self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(blocked)
                self.contents.scrollToItem(item)
                return
            items += 1

    def _fit_images(self) -> None:
        """Shrink pictures wider than the page to its width (never enlarge them)."""
        document = self.browser.document()
        width = self.browser.viewport().width() - 2 * int(document.documentMargin())
        width -= _IMAGE_MARGIN
        if width == self._fitted_width or width <= 0:
            return
        self._fitted_width = width
        changes = []
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat():
                    changes.append((fragment.position(), fragment.length(), image))
                fragments += 1
            block = block.next()
        cursor = QtGui.QTextCursor(document)
        cursor.beginEditBlock()  # one change for the layout, not one per picture
        for position, length, image in changes:
            picture = document.resource(
                QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(image.name())
            )
            if not isinstance(picture, (QtGui.QPixmap, QtGui.QImage)) or picture.isNull():
                continue
            natural = picture.width() / picture.devicePixelRatio()
            scale = min(1.0, width / natural)
            image.setWidth(natural * scale)
            image.setHeight(picture.height() / picture.devicePixelRatio() * scale)
            cursor.setPosition(position)
            cursor.setPosition(position + length, QtGui.QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)
        cursor.endEditBlock()


def _wrap_code(document: QtGui.QTextDocument) -> None:
    """Let code blocks wrap, so that long messages need no sideways scrolling."""
    cursor = QtGui.QTextCursor(document)
    cursor.beginEditBlock()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().nonBreakableLines():
            cursor.setPosition(block.position())
            wrapping = QtGui.QTextBlockFormat()
            wrapping.setNonBreakableLines(False)
            cursor.mergeBlockFormat(wrapping)
        block = block.next()
    cursor.endEditBlock()


def _name_headings(document: QtGui.QTextDocument, headings: list[Heading]) -> None:
    """Give each heading its anchor (``#the-window``), as Markdown sites do."""
    cursor = QtGui.QTextCursor(document)
    cursor.beginEditBlock()
    for heading in headings:
        block = document.findBlockByNumber(heading.block)
        cursor.setPosition(block.position())
        cursor.setPosition(block.position() + block.length() - 1, cursor.MoveMode.KeepAnchor)
        anchor = QtGui.QTextCharFormat()
        anchor.setAnchor(True)
        anchor.setAnchorNames([slug(heading.text)])
        cursor.mergeCharFormat(anchor)
    cursor.endEditBlock()


def _headings(document: QtGui.QTextDocument) -> list[Heading]:
    headings = []
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            headings.append(Heading(level, block.text().strip(), block.blockNumber()))
        block = block.next()
    return headings
