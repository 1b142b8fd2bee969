"""New nodes land in free space near where they are wanted, never on top of another card."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6 import QtCore, QtGui

from app.palette import kind_mime_data

CUBA = Path(__file__).parents[3] / "examples" / "cuba.spikecanvas"
LEFT = QtCore.Qt.MouseButton.LeftButton
MIXED = ["NeuronGroup", "Synapses", "NeuronGroup", "PoissonGroup", "SpikeMonitor"] * 2


def cards(canvas) -> dict[str, QtCore.QRectF]:
    """Each node's card as drawn, by node name."""
    return {item.name(): item.view.sceneBoundingRect() for item in canvas.graph.all_nodes()}


def overlaps(canvas) -> list[tuple[str, str]]:
    found = cards(canvas)
    return [(a, b) for a, b in itertools.combinations(found, 2) if found[a].intersects(found[b])]


def visible(canvas) -> QtCore.QRectF:
    viewer = canvas.graph.viewer()
    return viewer.mapToScene(viewer.viewport().rect()).boundingRect()


def drop(canvas, kind: str, at: QtCore.QPointF) -> None:
    """Drop the palette's drag data of ``kind`` on the canvas at scene point ``at``."""
    viewer = canvas.graph.viewer()
    point = viewer.mapFromScene(at)
    data = kind_mime_data(kind)
    copy, none = QtCore.Qt.DropAction.CopyAction, QtCore.Qt.KeyboardModifier.NoModifier
    for event in (
        QtGui.QDragEnterEvent(point, copy, data, LEFT, none),
        QtGui.QDragMoveEvent(point, copy, data, LEFT, none),
        QtGui.QDropEvent(QtCore.QPointF(point), copy, data, LEFT, none),
    ):
        QtCore.QCoreApplication.sendEvent(viewer.viewport(), event)
        assert event.isAccepted()


def test_nodes_added_in_a_row_at_the_centre_do_not_overlap(canvas, model):
    first = canvas.add_node_at("NeuronGroup", canvas.view_center())
    centre = visible(canvas).center()
    assert canvas.node_item(first).view.sceneBoundingRect().contains(centre)
    for kind in MIXED:
        canvas.add_node_at(kind, canvas.view_center())
    assert len(model.project.nodes) == len(MIXED) + 1
    assert overlaps(canvas) == []
    # Near the centre: the first few, at least, are all in view.
    shown = [r for r in cards(canvas).values() if visible(canvas).contains(r)]
    assert len(shown) >= 6


def test_the_second_node_goes_beside_the_first(canvas, model):
    first = canvas.add_node_at("NeuronGroup", canvas.view_center())
    second = canvas.add_node_at("Synapses", canvas.view_center())
    a = canvas.node_item(first).view.sceneBoundingRect()
    b = canvas.node_item(second).view.sceneBoundingRect()
    assert b.left() > a.right()  # to the right: pipes run left to right
    assert abs(b.top() - a.top()) < a.height()


def test_new_nodes_avoid_the_cards_of_an_opened_project(cuba, model):
    for kind in MIXED:
        cuba.add_node_at(kind, cuba.view_center())
    assert overlaps(cuba) == []


def test_palette_double_clicks_in_a_row_do_not_stack_nodes(window, qtbot):
    tree = window.node_palette.tree
    for kind in MIXED:
        item = window.node_palette.item(kind)
        tree.scrollToItem(item)
        centre = tree.visualItemRect(item).center()
        qtbot.mouseClick(tree.viewport(), LEFT, pos=centre)
        qtbot.mouseDClick(tree.viewport(), LEFT, pos=centre)
    assert len(window.model.project.nodes) == len(MIXED)
    assert overlaps(window.canvas) == []


def test_drops_on_the_same_spot_land_beside_each_other(canvas, model):
    at = visible(canvas).center()
    for kind in MIXED[:5]:
        drop(canvas, kind, at)
    assert len(model.project.nodes) == 5
    assert overlaps(canvas) == []
    rects = list(cards(canvas).values())
    assert rects[0].contains(at)  # the first lands under the cursor
    for rect in rects[1:]:  # the others near it
        assert QtCore.QLineF(rect.center(), at).length() < 600


def test_a_drop_on_free_space_lands_under_the_cursor(cuba, model):
    free = visible(cuba).bottomLeft() + QtCore.QPointF(150, -60)
    assert not any(r.contains(free) for r in cards(cuba).values())
    drop(cuba, "SpikeMonitor", free)
    rect = cuba.node_item(model.project.nodes[-1].id).view.sceneBoundingRect()
    assert rect.contains(free)
