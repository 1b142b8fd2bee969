"""Port labels stay drawn on a card after any edit (they vanished until the next zoom)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.canvas.card import CardItem
from engine.project import Diagnostic

CUBA = Path(__file__).parents[3] / "examples" / "cuba.spikecanvas"


def settle() -> None:
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def label_images(canvas, node_id: str) -> dict[str, QtGui.QImage]:
    """The port labels of a node's card as the canvas draws them on screen, by label."""
    viewer = canvas.graph.viewer()
    item = canvas.node_item(node_id)
    card: CardItem = item.view
    texts = [card.get_input_text_item(p.view) for p in item.input_ports()]
    texts += [card.get_output_text_item(p.view) for p in item.output_ports()]
    settle()
    return {
        text.toPlainText(): viewer.viewport()
        .grab(viewer.mapFromScene(text.sceneBoundingRect()).boundingRect())
        .toImage()
        for text in texts
    }


def ink(image: QtGui.QImage, background: QtGui.QColor) -> int:
    """How many pixels of the image differ clearly from the card's background (text drawn)."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 60:
                count += 1
    return count


def assert_labels_drawn(before: dict, after: dict, card: CardItem) -> None:
    assert after.keys() == before.keys()
    background = QtGui.QColor(*card._theme.card)
    for label, image in after.items():
        # Drawn before (a word has far more ink than the edge of its port), and unchanged.
        assert ink(before[label], background) > 40, f"the label '{label}' was never drawn"
        assert image == before[label], f"the label '{label}' is not drawn as before the edit"


def test_port_labels_stay_after_an_inspector_edit(window, qtbot):
    assert window.open_file(CUBA)
    node_id = window.model.project.node("P").id
    window.canvas.select([node_id])
    before = label_images(window.canvas, node_id)
    assert set(before) == {"input", "spikes"}

    editor = window.inspector.editor("N")
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    qtbot.keyClicks(editor, "3000")
    qtbot.keyClick(editor, QtCore.Qt.Key.Key_Return)
    assert window.model.node(node_id).N == "3000"

    assert_labels_drawn(
        before, label_images(window.canvas, node_id), window.canvas.node_item(node_id).view
    )


EDITS = {
    "a field": lambda model, node: model.set_field(node, "on_pre", "ge += 2*we"),
    "the name": lambda model, node: model.rename(node, "Exc"),
    "an undo": lambda model, node: (
        model.set_field(node, "on_pre", "ge += 2*we"),
        model.undo_stack.undo(),
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_synapse_port_labels_stay_after_every_kind_of_edit(cuba, model, edit):
    before = label_images(cuba, "Ce")
    assert set(before) == {"pre", "post", "record"}
    EDITS[edit](model, "Ce")
    assert_labels_drawn(before, label_images(cuba, "Ce"), cuba.node_item("Ce").view)


def test_port_labels_stay_when_problems_come_and_go(cuba, model):
    before = label_images(cuba, "P")
    problem = Diagnostic("P", "model", None, None, None, "something", "error")
    cuba.set_diagnostics([problem])
    cuba.set_diagnostics([])
    assert_labels_drawn(before, label_images(cuba, "P"), cuba.node_item("P").view)
