"""Fixtures of the canvas tests: a canvas on a model, and a mouse that drags on it."""

from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtTest

from app.canvas.canvas import Canvas
from app.canvas.ports import port_for
from app.model import ProjectModel
from engine.project import load

EXAMPLES = Path(__file__).parents[3] / "examples"
LEFT = QtCore.Qt.MouseButton.LeftButton


@pytest.fixture
def model(qapp):
    return ProjectModel()


@pytest.fixture
def canvas(qtbot, model):
    canvas = Canvas(model)
    qtbot.addWidget(canvas.widget)
    canvas.widget.resize(1000, 700)
    canvas.widget.show()
    qtbot.waitExposed(canvas.widget)
    return canvas


@pytest.fixture
def cuba(canvas, model):
    """The canvas showing the bundled CUBA example."""
    model.replace(load(EXAMPLES / "cuba.spikecanvas"))
    return canvas


class Mouse:
    """Drags on the canvas with real mouse events, the way a user does."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.viewer = canvas.graph.viewer()
        self.viewport = self.viewer.viewport()

    def point(self, scene_pos: QtCore.QPointF) -> QtCore.QPoint:
        return self.viewer.mapFromScene(scene_pos)

    def port_centre(self, port) -> QtCore.QPointF:
        view = port.view if hasattr(port, "view") else port
        return view.sceneBoundingRect().center()

    def drag(self, start: QtCore.QPointF, end: QtCore.QPointF, steps: int = 8) -> None:
        """Press at scene point ``start``, move to ``end`` in steps, release there."""
        a, b = self.point(start), self.point(end)
        QtTest.QTest.mousePress(self.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, a)
        for k in range(1, steps + 1):
            p = a + (b - a) * (k / steps)
            QtCore.QCoreApplication.sendEvent(self.viewport, _move_event(p))
        QtTest.QTest.mouseRelease(self.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, b)


def _move_event(point: QtCore.QPoint) -> QtGui.QMouseEvent:
    # QTest.mouseMove sends no button state; a drag needs the left button held.
    return QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        QtCore.QPointF(point),
        QtCore.QPointF(point),
        QtCore.Qt.MouseButton.NoButton,
        LEFT,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )


@pytest.fixture
def mouse(canvas):
    return Mouse(canvas)


def shown(canvas: Canvas) -> dict:
    """What the canvas shows: nodes (kind, name, position), connections and drawn pipes."""
    items = canvas.graph.all_nodes()
    nodes = {i.document_id: (i.KIND, i.name(), tuple(i.view.xy_pos)) for i in items}
    connections = {
        (i.document_id, out.name(), other.node().document_id, other.name())
        for i in items
        for out in i.output_ports()
        for other in out.connected_ports()
    }
    ids = {i.view.id: i.document_id for i in items}
    pipes = sorted(
        (
            ids[p.output_port.node.id],
            p.output_port.name,
            ids[p.input_port.node.id],
            p.input_port.name,
        )
        for p in canvas.graph.viewer().all_pipes()
    )
    return {"nodes": nodes, "connections": connections, "pipes": pipes}


def expected(model: ProjectModel) -> dict:
    """What the canvas should show for the model's document."""
    project = model.project
    nodes = {n.id: (n.kind, n.name, tuple(n.position)) for n in project.nodes}
    connections = {
        (
            e.source,
            port_for(project.node(e.source).kind, "out", e.role).name,
            e.target,
            port_for(project.node(e.target).kind, "in", e.role).name,
        )
        for e in project.edges
    }
    return {"nodes": nodes, "connections": connections, "pipes": sorted(connections)}


def assert_mirrors(canvas: Canvas, model: ProjectModel) -> None:
    """The canvas shows exactly the document, and NodeGraphQt's undo stack is untouched."""
    assert shown(canvas) == expected(model)
    assert canvas.graph.undo_stack().count() == 0


@pytest.fixture
def mirrors():
    """``mirrors(canvas, model)`` asserts that the canvas shows exactly the document."""
    return assert_mirrors
