"""Messages come and go without moving the form: a click lands on the field the user aimed at.

Each field keeps a line for its messages at all times; the focused field's messages that do
not fit in it are shown whole in a balloon over the form, which lets clicks through.
"""

import pytest
from PySide6 import QtCore, QtWidgets

WRONG_UNIT = "dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)\ndge/dt = -ge/taue : amp"


def positions(inspector):
    """Return where each field of the form shown is, in the coordinates of the form's page."""
    QtWidgets.QApplication.processEvents()  # lay the form out as a user would see it
    page = inspector.findChild(QtWidgets.QWidget, "inspector_page")
    return {
        field: inspector.editor(field).mapTo(page, QtCore.QPoint(0, 0)).y()
        for field in inspector.fields()
    }


def retype(qtbot, editor, text):
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def test_a_refused_value_and_its_fix_leave_every_field_in_place(qtbot, inspector, cuba):
    inspector.show_node("P")
    refractory = inspector.editor("refractory")
    before = positions(inspector)

    retype(qtbot, refractory, "10 ms")
    qtbot.wait(20)
    assert refractory.problem is not None
    assert refractory.message_label.messages  # the message is there...
    assert positions(inspector) == before  # ...and nothing moved for it

    retype(qtbot, refractory, "10*ms")
    qtbot.wait(20)
    assert cuba.node("P").refractory == "10*ms"
    assert refractory.message_label.messages == []
    assert positions(inspector) == before


def test_a_diagnostic_of_the_validator_leaves_every_field_in_place(qtbot, inspector, cuba, runner):
    inspector.show_node("P")
    before = positions(inspector)
    equations = inspector.editor("model")
    cuba.set_field("P", "model", WRONG_UNIT)
    runner.validate_now()
    assert equations.message_label.messages  # "... different units ..."
    assert positions(inspector) == before

    cuba.undo_stack.undo()
    runner.validate_now()
    assert equations.message_label.messages == []
    assert positions(inspector) == before


def test_the_border_of_a_refused_value_does_not_change_the_field_height(qtbot, inspector):
    inspector.show_node(None)
    duration = inspector.editor("run.duration")
    height = duration.height()
    retype(qtbot, duration, "10 ms")
    qtbot.wait(20)
    assert "border" in duration.styleSheet()
    assert duration.height() == height


def test_the_focused_field_shows_its_whole_message_over_the_form(qtbot, inspector):
    inspector.show_node("P")
    refractory = inspector.editor("refractory")
    retype(qtbot, refractory, "10 ms")
    qtbot.wait(20)
    line = refractory.message_label
    assert not line.fits  # too long for its line: elided there...
    balloon = inspector.balloon
    assert balloon.isVisible()
    assert balloon.line is line  # ...and whole in the balloon
    [message] = balloon.messages
    assert "multiply them: '10*ms'" in message
    assert "not applied" in message

    # The balloon covers the field below, yet a click there reaches that field.
    page = inspector.findChild(QtWidgets.QWidget, "inspector_page")
    method = inspector.editor("method")
    point = method.mapTo(page, method.rect().center())
    assert balloon.geometry().contains(point)
    under = page.childAt(point)
    assert under is method or method.isAncestorOf(under)

    inspector.editor("dt").setFocus()
    qtbot.wait(20)
    assert not balloon.isVisible()
    assert refractory.message_label.messages  # the message stays, in its line


@pytest.mark.parametrize("width", [300, 700])
def test_a_short_message_needs_no_balloon(qtbot, inspector, width):
    inspector.resize(width, 900)
    inspector.show_node(None)
    qtbot.wait(20)
    duration = inspector.editor("run.duration")
    duration.message_label.show_messages([("warning", "Long")])
    duration.setFocus()
    qtbot.wait(20)
    assert duration.message_label.fits
    assert not inspector.balloon.isVisible()
