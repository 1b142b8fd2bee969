"""A connection the rules refuse says what would work, and never looks valid while dragged."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtTest

from app.canvas.advice import connection_advice, connects
from app.canvas.ports import INPUTS, OUTPUTS
from app.canvas.theme import ERROR_COLOR
from app.kinds import KINDS

LEFT = QtCore.Qt.MouseButton.LeftButton
NO_KEYS = QtCore.Qt.KeyboardModifier.NoModifier
# NodeGraphQt's colour for the pointer of a pipe over a port it takes (PipeEnum.HIGHLIGHT_COLOR).
VALID_COLOR = (232, 184, 13)


class PipeDrag:
    """A pipe dragged from one port to another with the mouse, held there until `release`."""

    def __init__(self, mouse, start_port, end_port):
        self.mouse = mouse
        self.end = mouse.point(mouse.port_centre(end_port))
        start = mouse.point(mouse.port_centre(start_port))
        QtTest.QTest.mousePress(mouse.viewport, LEFT, NO_KEYS, start)
        for k in range(1, 9):
            point = start + (self.end - start) * (k / 8)
            # QTest.mouseMove sends no button state; a drag needs the left button held.
            point = QtCore.QPointF(point)
            move = QtGui.QMouseEvent(
                QtCore.QEvent.Type.MouseMove,
                point,
                point,
                QtCore.Qt.MouseButton.NoButton,
                LEFT,
                NO_KEYS,
            )
            QtCore.QCoreApplication.sendEvent(mouse.viewport, move)

    def pixels_near_end(self, rgb: tuple[int, int, int]) -> int:
        """How many pixels around the end port are (nearly) of colour ``rgb``."""
        image = self.mouse.viewport.grab(
            QtCore.QRect(self.end - QtCore.QPoint(14, 14), QtCore.QSize(28, 28))
        )
        image = image.toImage()
        return sum(
            1
            for y in range(image.height())
            for x in range(image.width())
            if _near(image.pixelColor(x, y), rgb)
        )

    def cursor(self) -> QtCore.Qt.CursorShape:
        return self.mouse.viewport.cursor().shape()

    def release(self) -> None:
        QtTest.QTest.mouseRelease(self.mouse.viewport, LEFT, NO_KEYS, self.end)


def _near(colour: QtGui.QColor, rgb: tuple[int, int, int]) -> bool:
    return max(abs(a - b) for a, b in zip(colour.getRgb()[:3], rgb, strict=True)) < 30


@pytest.fixture
def pair(canvas, model):
    """A Poisson group and a neuron group side by side, and a Synapses node below them."""
    ids = {
        "poisson": model.add_node("PoissonGroup", position=(0, 0)),
        "neurons": model.add_node("NeuronGroup", position=(400, 0)),
        "synapses": model.add_node("Synapses", position=(200, 250)),
    }
    return {name: canvas.node_item(node_id) for name, node_id in ids.items()}


def test_a_refused_connection_says_what_would_work(canvas, model, mouse, pair):
    messages: list[str] = []
    canvas.message.connect(messages.append)
    drag = PipeDrag(mouse, pair["poisson"].get_output("spikes"), pair["neurons"].get_input("input"))
    drag.release()
    assert model.project.edges == []
    assert messages[-1].startswith("Connection refused")
    assert "through a Synapses node (spikes → pre, post → input)" in messages[-1]
    assert "use a Poisson input instead" in messages[-1]


def test_a_port_that_refuses_the_pipe_is_not_shown_as_valid_while_dragging(
    canvas, mouse, pair, qtbot
):
    with qtbot.waitSignal(canvas.message) as said:
        drag = PipeDrag(
            mouse, pair["poisson"].get_output("spikes"), pair["neurons"].get_input("input")
        )
    assert said.args[0].startswith("Cannot connect")
    assert "Synapses" in said.args[0]  # told before letting go
    assert drag.pixels_near_end(ERROR_COLOR) > 5
    assert drag.pixels_near_end(VALID_COLOR) == 0
    assert drag.cursor() == QtCore.Qt.CursorShape.ForbiddenCursor
    drag.release()
    assert drag.cursor() != QtCore.Qt.CursorShape.ForbiddenCursor


def test_a_port_that_takes_the_pipe_is_shown_as_valid(canvas, model, mouse, pair):
    messages: list[str] = []
    canvas.message.connect(messages.append)
    drag = PipeDrag(mouse, pair["poisson"].get_output("spikes"), pair["synapses"].get_input("pre"))
    assert drag.pixels_near_end(VALID_COLOR) > 5
    assert drag.pixels_near_end(ERROR_COLOR) == 0
    assert drag.cursor() != QtCore.Qt.CursorShape.ForbiddenCursor
    drag.release()
    assert len(model.project.edges) == 1
    # What the status bar says last is the connection made, not a refusal said on the way.
    assert messages[-1] == "Connected 'poisson_group' to 'synapses' (pre)"


def test_two_inputs_or_two_outputs_are_shown_as_refused(canvas, mouse, pair):
    drag = PipeDrag(
        mouse, pair["poisson"].get_output("spikes"), pair["neurons"].get_output("spikes")
    )
    assert drag.pixels_near_end(VALID_COLOR) == 0
    assert drag.cursor() == QtCore.Qt.CursorShape.ForbiddenCursor
    drag.release()


def test_rerouting_a_monitor_to_synapses_is_shown_as_valid(cuba, model, mouse):
    # The trace records P; its single input is dragged off P to the synapses' record output.
    monitor = cuba.node_item("trace").get_input("source")
    drag = PipeDrag(mouse, monitor, cuba.node_item("Ce").get_output("record"))
    assert cuba.graph.viewer().refused_port is None
    assert drag.pixels_near_end(ERROR_COLOR) == 0
    drag.release()
    assert {(e.source, e.role) for e in model.project.edges if e.target == "trace"} == {
        ("Ce", "record")
    }


# -- the advice itself, for every pair of kinds ----------------------------------------------


def unconnectable_pairs():
    return [
        (source, target)
        for source in KINDS
        for target in KINDS
        if OUTPUTS[source] and INPUTS[target] and not connects(source, target)
    ]


@pytest.mark.parametrize(("source", "target"), unconnectable_pairs())
def test_every_advice_is_a_connection_the_rules_allow(source, target):
    advice = connection_advice(source, target)
    assert advice
    labels = {info.label: kind for kind, info in KINDS.items()}
    for idea in advice.split(", or "):
        if idea.startswith("connect them through a "):
            via = labels[idea.removeprefix("connect them through a ").split(" node")[0]]
            assert connects(source, via), idea
            assert connects(via, target), idea
        elif idea.startswith("use a "):
            other = labels[idea.removeprefix("use a ").split(" instead of the ")[0]]
            replaced = labels[idea.split(" instead of the ")[1]]
            assert replaced in (source, target)
            assert connects(*((other, target) if replaced == source else (source, other))), idea
        else:
            assert "connects only to" in idea
            for label in idea.split(": ")[1].split(", "):
                assert connects(source, labels[label]), idea


def test_kinds_that_connect_need_no_advice():
    assert connects("PoissonGroup", "Synapses")
    assert connection_advice("PoissonGroup", "Synapses") == ""
