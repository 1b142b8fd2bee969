"""Help → User Guide: the guide opens locally, in a window of the app, with its pictures."""

import re
from pathlib import Path

from PySide6 import QtCore, QtGui

from app.help import ONLINE_DOCS, GuideWindow, docs_dir, slug, user_guide_path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "user-guide.md"


def menu_action(window, menu_title: str, action_text: str):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    actions = {a.text().replace("&", ""): a for a in menus[menu_title].actions()}
    return actions[action_text]


class UrlCatcher(QtCore.QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @QtCore.Slot(QtCore.QUrl)
    def open(self, url):
        self.urls.append(url)


def images(viewer: GuideWindow) -> list[QtGui.QTextImageFormat]:
    found = []
    block = viewer.browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                found.append(char_format.toImageFormat())
            fragments += 1
        block = block.next()
    return found


def current_line(viewer: GuideWindow) -> str:
    return viewer.browser.textCursor().block().text()


def guide_viewer(qtbot) -> GuideWindow:
    viewer = GuideWindow(GUIDE)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


# -- finding the guide ---------------------------------------------------------------------------


def test_the_guide_is_found_locally_with_its_pictures():
    folder = docs_dir()
    assert folder is not None
    assert user_guide_path() == folder / "user-guide.md"
    assert (folder / "images" / "step-01-new-project.png").is_file()


def test_headings_become_anchors_as_on_markdown_sites():
    assert slug("A first network in ten steps") == "a-first-network-in-ten-steps"
    assert slug("Equations and units") == "equations-and-units"
    assert slug("A time step too large for the method: NaN") == (
        "a-time-step-too-large-for-the-method-nan"
    )


# -- the Help menu ---------------------------------------------------------------------------------


def test_help_user_guide_opens_the_guide_in_a_window_of_the_app(window, qtbot):
    menu_action(window, "Help", "User Guide").trigger()
    viewer = window.findChild(GuideWindow)
    qtbot.waitExposed(viewer)
    assert viewer.windowTitle() == "SpikeCanvas user guide — SpikeCanvas"
    assert viewer.browser.source().toLocalFile() == str(user_guide_path())
    assert viewer.browser.document().toPlainText().startswith("SpikeCanvas user guide")
    assert (
        window.action_user_guide.shortcut().matches(
            QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.HelpContents)
        )
        == QtGui.QKeySequence.SequenceMatch.ExactMatch
    )


def test_the_guide_window_is_opened_once_and_raised_again(window, qtbot):
    first = window.show_user_guide()
    first.close()
    second = window.show_user_guide()
    assert second is first
    assert second.isVisible()
    assert len(window.findChildren(GuideWindow)) == 1


def test_without_a_local_guide_the_online_docs_open(window, monkeypatch):
    monkeypatch.setattr("app.main_window.user_guide_path", lambda: None)
    catcher = UrlCatcher()
    QtGui.QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        assert window.show_user_guide() is None
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("https")
    assert [u.toString() for u in catcher.urls] == [ONLINE_DOCS]


# -- the guide window ---------------------------------------------------------------------------


def test_every_picture_of_the_guide_is_shown(qtbot):
    viewer = guide_viewer(qtbot)
    shown = images(viewer)
    assert len(shown) == len(re.findall(r"!\[", GUIDE.read_text(encoding="utf-8")))
    for image in shown:
        picture = viewer.browser.document().resource(
            QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(image.name())
        )
        assert isinstance(picture, (QtGui.QPixmap, QtGui.QImage)), image.name()
        assert not picture.isNull(), image.name()


def test_pictures_shrink_to_the_width_of_the_page(qtbot):
    viewer = guide_viewer(qtbot)
    viewer.resize(700, 600)
    qtbot.waitUntil(
        lambda: all(0 < i.width() <= viewer.browser.viewport().width() for i in images(viewer))
    )
    # The main window's picture (1400 px wide) keeps its proportions.
    (main,) = [i for i in images(viewer) if i.name() == "images/main-window.png"]
    assert abs(main.width() / main.height() - 1400 / 900) < 0.01


def test_the_contents_list_the_sections_and_a_click_shows_one(qtbot):
    viewer = guide_viewer(qtbot)
    items = viewer.contents.findItems(
        "Troubleshooting", QtCore.Qt.MatchFlag.MatchExactly | QtCore.Qt.MatchFlag.MatchRecursive
    )
    assert [item.text(0) for item in items] == ["Troubleshooting"]
    steps = viewer.contents.findItems(
        "A first network in ten steps", QtCore.Qt.MatchFlag.MatchExactly
    )
    assert steps[0].childCount() == 10  # the steps, one level down
    viewer.contents.scrollToItem(items[0])
    position = viewer.contents.visualItemRect(items[0]).center()
    qtbot.mouseClick(viewer.contents.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=position)
    assert current_line(viewer) == "Troubleshooting"
    assert viewer.browser.verticalScrollBar().value() > 0


def test_find_selects_the_next_match_and_wraps_around(qtbot):
    viewer = guide_viewer(qtbot)
    viewer.search.setFocus()
    qtbot.keyClicks(viewer.search, "seed")
    assert viewer.browser.textCursor().selectedText().lower() == "seed"
    first = viewer.browser.textCursor().position()
    count = viewer.browser.document().toPlainText().lower().count("seed")  # case-insensitive
    assert count > 2
    qtbot.keyClick(viewer.search, QtCore.Qt.Key.Key_Return)
    assert viewer.browser.textCursor().position() > first
    for _ in range(count - 1):
        qtbot.keyClick(viewer.search, QtCore.Qt.Key.Key_Return)
    assert viewer.browser.textCursor().position() == first  # wrapped around to the first
    shift = QtCore.Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(viewer.search, QtCore.Qt.Key.Key_Return, shift)
    assert viewer.browser.textCursor().position() > first  # backwards, round to the last
    viewer.search.clear()
    qtbot.keyClicks(viewer.search, "no such words in the guide")
    assert viewer.found.text().strip() == "Not found"


def test_links_to_sections_and_pages_open_in_the_guide_window(qtbot):
    viewer = guide_viewer(qtbot)
    viewer.follow_link(QtCore.QUrl("#common-mistakes-and-the-errors-they-produce"))
    assert current_line(viewer) == "Common mistakes and the errors they produce"
    viewer.follow_link(QtCore.QUrl("file-format.md"))
    assert viewer.browser.source().fileName() == "file-format.md"
    assert viewer.contents.topLevelItemCount() > 0
    viewer.action_back.trigger()
    assert viewer.browser.source().fileName() == "user-guide.md"
    viewer.follow_link(QtCore.QUrl("file-format.md"))
    viewer.action_home.trigger()
    assert viewer.browser.source().fileName() == "user-guide.md"


def test_web_links_open_in_the_desktop_browser(qtbot):
    viewer = guide_viewer(qtbot)
    catcher = UrlCatcher()
    QtGui.QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        viewer.follow_link(QtCore.QUrl("https://brian2.readthedocs.io"))
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("https")
    assert [u.toString() for u in catcher.urls] == ["https://brian2.readthedocs.io"]
    assert viewer.browser.source().fileName() == "user-guide.md"
