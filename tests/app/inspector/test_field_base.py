"""Every editor of a form shows its problems, refusals and undo keys the same way.

What they share lives in one place (`app.inspector.field_base`): the validator's diagnostics go
to the editor's message line; a value the model refused is said there, and stays marked only
where the editor keeps it as a draft (a name, a value with units, table rows); the undo keys of
text editors go to the project's undo stack, after what was typed is committed.
"""

import pytest
from PySide6 import QtCore, QtGui

from app.inspector import EquationEditor, QuantityField
from app.inspector.fields import (
    CheckField,
    ChoiceField,
    NameField,
    NotesField,
    SeedField,
    TextField,
    VariablesField,
)
from app.inspector.tables import ConstantsField, InitialValuesField
from app.model import quantity_rules as rules
from engine.project import Diagnostic

EDITORS = {
    "text": TextField,
    "name": lambda: NameField(lambda: []),
    "notes": NotesField,
    "choice": lambda: ChoiceField(["a", "b"]),
    "check": CheckField,
    "variables": VariablesField,
    "seed": SeedField,
    "quantity": lambda: QuantityField(rules.TIME),
    "equations": EquationEditor,
    "initial values": InitialValuesField,
    "constants": ConstantsField,
}


def warning(message: str) -> Diagnostic:
    return Diagnostic("n1", "field", None, None, None, message, "warning")


@pytest.mark.parametrize("make", EDITORS.values(), ids=list(EDITORS))
def test_every_editor_shows_its_fields_diagnostics_under_it_and_forgets_them(qtbot, make):
    editor = make()
    qtbot.addWidget(editor)

    editor.set_diagnostics([warning("Looks odd")])
    assert editor.message_label.messages == ["Looks odd"]
    assert [d.message for d in editor.diagnostics] == ["Looks odd"]

    editor.set_diagnostics([])
    assert editor.message_label.messages == []


def test_a_refused_name_stays_marked_until_the_models_name_is_shown(qtbot):
    field = NameField(lambda: [])
    qtbot.addWidget(field)
    field.set_value("exc")

    field.reject("The name 'N' is a unit")
    assert field.problem == "The name 'N' is a unit"
    assert field.message_label.messages == ["The name 'N' is a unit (the name is not changed)"]
    field.set_diagnostics([warning("Looks odd")])  # the refusal still comes first
    assert field.message_label.messages == ["The name 'N' is a unit (the name is not changed)"]

    field.set_value("exc")
    assert field.problem is None
    assert field.message_label.messages == ["Looks odd"]


def test_a_refused_title_is_said_once_and_kept_by_no_one(qtbot):
    field = TextField()
    qtbot.addWidget(field)

    field.reject("Too long")
    assert field.message_label.messages == ["Too long"]
    assert field.problem is None
    assert field.toolTip() == ""  # no border, no tooltip: nothing is kept as a draft


@pytest.mark.parametrize(
    "make", [TextField, NotesField, EquationEditor], ids=["text", "notes", "equations"]
)
def test_undo_in_a_text_editor_commits_the_typing_then_undoes_in_the_project(qtbot, make):
    editor = make()
    qtbot.addWidget(editor)
    stack = QtGui.QUndoStack()
    stack.push(QtGui.QUndoCommand("an edit"))
    editor.undo_stack = stack
    committed: list[object] = []
    editor.committed.connect(committed.append)

    qtbot.keyClicks(editor, "ab")
    qtbot.keyClick(editor, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)

    assert committed[-1] == "ab"  # what was typed reached the model first
    assert stack.index() == 0  # then the project's last edit was undone...
    text = editor.text() if isinstance(editor, TextField) else editor.toPlainText()
    assert text == "ab"  # ...not the typing, in the editor's own history
