"""A value the project refuses stays in its field, said to be not applied, until the user acts.

The project keeps its last valid value; the field keeps the text typed (a draft) and says so
when the user leaves the field, and again when the user selects another node and comes back.
Esc or Ctrl+Z in the field take the draft back; an undo that changes the field's value (or a
fix) ends it.
"""

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from tests.app.conftest import CUBA


@pytest.fixture
def cuba_window(window):
    assert window.open_file(CUBA)
    return window


def click_node(qtbot, window, node_id):
    """Click the node's card on the canvas, as a user selects it."""
    view = window.canvas.widget
    item = window.canvas.node_item(node_id).view
    corner = view.mapFromScene(item.sceneBoundingRect().topLeft())
    qtbot.mouseClick(
        view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=corner + QtCore.QPoint(30, 8)
    )
    qtbot.waitUntil(lambda: window.inspector.current_node_id() == node_id, timeout=2000)


def click_background(qtbot, window):
    """Click an empty spot of the canvas: nothing is selected, the project form shows."""
    view = window.canvas.widget
    qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5, 5))
    qtbot.waitUntil(lambda: window.inspector.current_node_id() is None, timeout=2000)


def type_into(qtbot, field, text):
    qtbot.mouseClick(field, QtCore.Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)


def assert_draft(field, text, kept):
    assert field.text() == text
    assert field.problem is not None
    [message] = field.message_label.messages
    assert "not applied" in message
    assert f"keeps '{kept}'" in message


def test_a_refused_value_survives_leaving_the_field_and_the_node(qtbot, cuba_window):
    window = cuba_window
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "10 ms")
    assert_draft(field, "10 ms", "5*ms")

    window.canvas.widget.setFocus()  # the user leaves the field for the canvas
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=2000)
    assert_draft(field, "10 ms", "5*ms")
    assert window.model.node("P").refractory == "5*ms"

    click_node(qtbot, window, "Ce")
    click_node(qtbot, window, "P")  # back: the typed text and its message are there again
    field = window.inspector.editor("refractory")
    assert_draft(field, "10 ms", "5*ms")
    assert window.model.node("P").refractory == "5*ms"

    field.setFocus()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Escape)  # takes the text back
    assert field.text() == "5*ms"
    assert field.problem is None
    assert field.message_label.messages == []
    click_node(qtbot, window, "Ce")
    click_node(qtbot, window, "P")
    assert window.inspector.editor("refractory").text() == "5*ms"


def test_a_refused_run_setting_comes_back_with_the_project_form(qtbot, cuba_window):
    window = cuba_window
    click_background(qtbot, window)
    duration = window.inspector.editor("run.duration")
    type_into(qtbot, duration, "10 ms")
    qtbot.keyClick(duration, QtCore.Qt.Key.Key_Tab)  # on to the next field
    assert_draft(duration, "10 ms", "200*ms")

    click_node(qtbot, window, "P")
    click_background(qtbot, window)
    assert_draft(window.inspector.editor("run.duration"), "10 ms", "200*ms")
    assert window.model.project.run.duration == "200*ms"


def test_fixing_the_text_applies_it_and_ends_the_draft(qtbot, cuba_window):
    window = cuba_window
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "10 ms")
    click_node(qtbot, window, "Ce")
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "10*ms")
    assert window.model.node("P").refractory == "10*ms"
    assert field.message_label.messages == []
    click_node(qtbot, window, "Ce")
    click_node(qtbot, window, "P")
    assert window.inspector.editor("refractory").text() == "10*ms"
    assert window.inspector.editor("refractory").problem is None


def test_ctrl_z_in_the_field_takes_back_the_draft_not_an_earlier_edit(qtbot, cuba_window):
    window = cuba_window
    click_node(qtbot, window, "P")
    size = window.inspector.editor("N")
    type_into(qtbot, size, "4001")
    assert window.model.node("P").N == "4001"
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "10 ms")
    steps = window.model.undo_stack.index()

    qtbot.keyClick(field, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "5*ms"
    assert field.problem is None
    assert window.model.undo_stack.index() == steps
    assert window.model.node("P").N == "4001"


def test_an_undo_that_changes_the_value_ends_the_draft(qtbot, cuba_window):
    window = cuba_window
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "6*ms")
    type_into(qtbot, field, "10 ms")
    click_node(qtbot, window, "Ce")
    window.action_undo.trigger()  # Edit → Undo: the refractory period is 5*ms again
    assert window.model.node("P").refractory == "5*ms"
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    assert field.text() == "5*ms"
    assert field.problem is None


def test_esc_in_a_field_with_a_draft_does_not_reach_the_window(qtbot, cuba_window):
    window = cuba_window
    click_node(qtbot, window, "P")
    field = window.inspector.editor("refractory")
    type_into(qtbot, field, "10 ms")
    # Before a key reaches a widget, Qt asks it whether it wants the key over a shortcut.
    event = QtGui.QKeyEvent(
        QtCore.QEvent.Type.ShortcutOverride,
        QtCore.Qt.Key.Key_Escape,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(field, event)
    assert event.isAccepted()  # the field keeps Esc (Run → Stop's shortcut elsewhere)
