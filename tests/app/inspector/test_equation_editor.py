"""The equation editor: typing reaches the document, diagnostics are underlined where they are."""

from PySide6 import QtCore

from app.inspector import EquationEditor

WRONG_UNIT = "dv/dt = (El - v)/taum : amp"


def show_model(qtbot, inspector):
    inspector.show_node("P")
    editor = inspector.editor("model")
    assert isinstance(editor, EquationEditor)
    return editor


def retype(qtbot, editor, text):
    """Select everything and type ``text`` as a user would, then leave a pause."""
    editor.setFocus()
    editor.selectAll()
    for number, line in enumerate(text.split("\n")):
        if number:  # QTest types no newline characters: press Return
            qtbot.keyClick(editor, QtCore.Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)
    qtbot.waitUntil(lambda: not editor.pending, timeout=2000)


def test_typing_changes_the_document(qtbot, inspector, cuba):
    editor = show_model(qtbot, inspector)
    retype(qtbot, editor, "dv/dt = -v/taum : volt")
    assert cuba.node("P").model == "dv/dt = -v/taum : volt"


def test_a_wrong_unit_is_underlined_after_one_validation_cycle(qtbot, inspector, cuba, runner):
    editor = show_model(qtbot, inspector)
    retype(qtbot, editor, WRONG_UNIT)
    with qtbot.waitSignal(runner.diagnostics_changed, timeout=2000):
        pass  # the runner's own debounced cycle
    [problem] = [r for r in editor.problem_ranges() if r.severity == "error"]
    assert problem.line == 1
    assert WRONG_UNIT[problem.column - 1 : problem.end_column - 1] == "El - v"
    assert "different units" in problem.message
    assert any("different units" in m for m in editor.message_label.messages)
    assert len(editor.extraSelections()) == 1
    # The message is the tooltip over the underline.
    cursor = editor.textCursor()
    cursor.setPosition(problem.column)  # inside "El - v"
    assert "different units" in editor.message_at(editor.cursorRect(cursor).center())

    retype(qtbot, editor, "dv/dt = (El - v)/taum : volt")
    runner.validate_now()
    assert editor.problem_ranges() == []
    assert editor.message_label.messages == []
    assert editor.styleSheet() == ""


def test_an_unknown_name_is_underlined_on_its_line(qtbot, inspector, cuba, runner):
    editor = show_model(qtbot, inspector)
    text = "dv/dt = (ge+gi-(v-El))/taum : volt\ndge/dt = -ge/taue : volt\ndgi/dt = -gi/tau : volt"
    retype(qtbot, editor, text)
    runner.validate_now()
    problems = editor.problem_ranges()
    assert [(p.line, p.column, p.end_column) for p in problems] == [(3, 14, 17)]
    assert "'tau'" in problems[0].message
    assert "Did you mean" in problems[0].message


def test_whole_line_and_warning_underlines(qtbot):
    from engine.project import Diagnostic

    editor = EquationEditor(lines=3)
    qtbot.addWidget(editor)
    editor.set_value("x = 1 : 1\ny = 2 : 1")
    editor.set_diagnostics(
        [
            Diagnostic("n", "model", 2, None, None, "line problem", "warning"),
            Diagnostic("n", "model", None, None, None, "somewhere", "error"),
        ]
    )
    [line] = editor.problem_ranges()
    assert (line.line, line.column, line.end_column, line.severity) == (2, 1, 10, "warning")
    assert editor.message_label.messages == ["Line 2: line problem", "somewhere"]


def test_setting_the_same_text_keeps_cursor_and_editor_history(qtbot):
    editor = EquationEditor()
    qtbot.addWidget(editor)
    editor.set_value("dv/dt = -v/tau : volt")
    cursor = editor.textCursor()
    cursor.setPosition(5)
    editor.setTextCursor(cursor)
    editor.set_value("dv/dt = -v/tau : volt")
    assert editor.textCursor().position() == 5


def test_undo_restores_the_text_shown(qtbot, inspector, cuba):
    editor = show_model(qtbot, inspector)
    before = cuba.node("P").model
    retype(qtbot, editor, "dv/dt = -v/taum : volt")
    assert cuba.node("P").model != before
    cuba.undo_stack.undo()
    assert editor.toPlainText() == before
    cuba.undo_stack.redo()
    assert editor.toPlainText() == "dv/dt = -v/taum : volt"


def test_ctrl_z_in_the_editor_undoes_in_the_project(qtbot, inspector, cuba):
    editor = show_model(qtbot, inspector)
    before = cuba.node("P").model
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "x : 1")  # not yet committed
    qtbot.keyClick(editor, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert cuba.node("P").model == before
    assert editor.toPlainText() == before
    assert not cuba.undo_stack.canUndo()


def test_focus_field_puts_the_cursor_at_the_problem(qtbot, inspector):
    inspector.show_node("P")
    inspector.focus_field("model", line=2, column=5)
    editor = inspector.editor("model")
    cursor = editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (2, 5)
    assert editor.hasFocus()
