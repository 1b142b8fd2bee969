"""The palette's category headings are titles: they never hide their kinds."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from app.kinds import CATEGORIES, KINDS
from app.palette import Palette

LEFT = QtCore.Qt.MouseButton.LeftButton


@pytest.fixture
def palette(qtbot):
    palette = Palette()
    qtbot.addWidget(palette)
    palette.resize(240, 600)
    palette.show()
    qtbot.waitExposed(palette)
    return palette


def heading(palette: Palette, category: str):
    tree = palette.tree
    (found,) = [
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == category.upper()
    ]
    return found


def shown_kinds(palette: Palette) -> list[str]:
    """The kinds a user can see (and double-click) in the palette, in order."""
    tree = palette.tree
    return [kind for kind in palette.kinds() if tree.visualItemRect(palette.item(kind)).isValid()]


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_double_clicking_a_heading_keeps_its_kinds_in_view(palette, qtbot, category):
    before = shown_kinds(palette)
    assert before == list(KINDS)
    title = heading(palette, category)
    centre = palette.tree.visualItemRect(title).center()
    qtbot.mouseClick(palette.tree.viewport(), LEFT, pos=centre)
    qtbot.mouseDClick(palette.tree.viewport(), LEFT, pos=centre)
    assert title.isExpanded()
    assert shown_kinds(palette) == before


def test_the_left_key_does_not_fold_a_category_away(palette, qtbot):
    tree = palette.tree
    tree.setFocus()
    tree.setCurrentItem(palette.item("NeuronGroup"))
    for _ in range(2):  # the first press goes to the heading, the second would fold it
        qtbot.keyClick(tree, QtCore.Qt.Key.Key_Left)
    assert shown_kinds(palette) == list(KINDS)


def test_double_clicking_a_heading_adds_no_node(palette, qtbot):
    centre = palette.tree.visualItemRect(heading(palette, "Neurons")).center()
    with qtbot.assertNotEmitted(palette.kind_activated):
        qtbot.mouseDClick(palette.tree.viewport(), LEFT, pos=centre)


def test_clicking_a_heading_does_not_make_it_look_chosen(palette, qtbot):
    tree = palette.tree
    tree.setCurrentItem(palette.item("Synapses"))
    title = heading(palette, "Inputs")
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualItemRect(title).center())
    assert tree.currentItem() is palette.item("Synapses")
