"""The sweep editor: choosing parameters, values checked as typed, saving into the project.

No sweep runs here (no Dask): these are the editor's fields, the engine's checks shown at
them, and the sweep as one undoable edit of the document.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.sweep.choices import measure_choices, parameter_choices
from engine.project.fileio import dumps, loads
from engine.project.sweep import MeasureRef, Parameter, Sweep


def type_into(qtbot, field: QtWidgets.QLineEdit, text: str) -> None:
    """Replace the text of ``field`` as a user does: select all, type."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def choose(qtbot, box: QtWidgets.QComboBox, text: str) -> None:
    """Choose ``text`` in an editable combo box by typing it, as a user may."""
    edit = box.lineEdit()
    type_into(qtbot, edit, text)


def settle(qtbot, dialog) -> None:
    """Wait for the editor's delayed check of what was typed."""
    qtbot.waitUntil(lambda: not dialog.editor._timer.isActive(), timeout=2000)


def test_the_choices_are_the_projects_constants_fields_and_monitors_measures(small):
    assert parameter_choices(small) == [
        "tau", "I", "w", "G.N", "G.dt", "P.N", "P.rates", "S.delay", "S.connect.p",
        "trace.dt", "run.dt", "run.duration",
    ]  # fmt: skip
    # S.connect.n is not offered: S connects by p, so n has no value (nor unit) to check.
    labels = [(r.measure, r.node, r.variable) for r in measure_choices(small)]
    assert ("mean_rate", "spikes", "") in labels
    assert ("mean", "trace", "v") in labels
    assert ("spectrum_peak", "rate", "") in labels
    assert all(node in ("spikes", "trace", "rate") for _, node, _ in labels)


def test_choosing_a_parameter_and_typing_values_counts_the_trials(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    editor = dialog.editor
    qtbot.mouseClick(editor.add_button, QtCore.Qt.MouseButton.LeftButton)
    row = editor.rows[-1]
    choose(qtbot, row.name_box, "I")
    # The field says what the values of I are before anything is typed.
    assert row.values_edit.placeholderText().startswith("plain numbers (now 1.5)")
    type_into(qtbot, row.values_edit, "1.2, 1.5, 2")
    settle(qtbot, dialog)
    assert editor.problems == {}
    assert editor.count_label.text() == "Trials: 3 (3 points × 1 repeat)"
    editor.repeats_spin.setValue(4)
    settle(qtbot, dialog)
    assert editor.count_label.text() == "Trials: 12 (3 points × 4 repeats)"
    qtbot.mouseClick(editor.add_button, QtCore.Qt.MouseButton.LeftButton)
    second = editor.rows[-1]
    choose(qtbot, second.name_box, "w")
    type_into(qtbot, second.values_edit, "log:0.1*mV:1*mV:3")
    settle(qtbot, dialog)
    assert editor.count_label.text() == "Trials: 36 (9 points × 4 repeats)"  # a grid: 3 × 3
    assert dialog.run_button.isEnabled()


def test_a_bad_range_shows_its_error_at_the_field_and_no_count(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    editor = dialog.editor
    row = editor.add_parameter("I")
    type_into(qtbot, row.values_edit, "1*mV:2*mV:3")  # I is a plain number
    settle(qtbot, dialog)
    assert editor.problems == {
        "parameters[0].values": "1.0*mV does not have the unit of 'I' (a plain number)"
    }
    assert row.error.isVisible()
    assert row.error.text() == "1.0*mV does not have the unit of 'I' (a plain number)"
    assert "border" in row.values_edit.styleSheet()  # the field itself is marked
    assert editor.count_label.text() == "Trials: — (correct the fields in red)"
    assert not dialog.run_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, row.values_edit, "1:2:1")
    settle(qtbot, dialog)
    assert row.error.text() == (
        "'1:2:1' has 1 value(s): a range needs at least 2 (write a single value without ':')"
    )
    type_into(qtbot, row.values_edit, "1:2:5")
    settle(qtbot, dialog)
    assert not row.error.isVisible()
    assert row.values_edit.styleSheet() == ""
    assert editor.count_label.text() == "Trials: 5 (5 points × 1 repeat)"


def test_a_new_parameter_is_not_an_error_before_its_values_are_typed(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    editor = dialog.editor
    qtbot.mouseClick(editor.add_button, QtCore.Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    [row] = editor.rows
    assert row.name == "tau"  # the first parameter not varied yet
    # The engine finds no values (the sweep cannot run), but nothing is red yet.
    assert editor.problems == {
        "parameters[0].values": "there are no values: write a list (1*mV, 2*mV) or a range "
        "(start:stop:n)"
    }
    assert not row.error.isVisible()
    assert row.values_edit.styleSheet() == ""
    assert editor.count_label.text() == "Trials: — (type the values of each parameter)"
    assert not dialog.run_button.isEnabled()


def test_a_field_that_cannot_be_swept_is_refused_at_the_name(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    row = dialog.editor.add_parameter("G.model", "1, 2")
    settle(qtbot, dialog)
    message = dialog.editor.problems["parameters[0].name"]
    assert message.startswith("'G.model' cannot be swept")
    assert message in row.error.text()


def test_zip_of_unequal_lists_and_a_bad_seed_are_shown_at_their_fields(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    editor = dialog.editor
    editor.add_parameter("I", "1, 2, 3")
    editor.add_parameter("tau", "10*ms, 20*ms")
    editor.combination_box.setCurrentIndex(editor.combination_box.findData("zip"))
    type_into(qtbot, editor.seed_edit, "-4")
    settle(qtbot, dialog)
    assert editor.seed_error.text() == "the seed is a whole number from 0 to 4294967295"
    type_into(qtbot, editor.seed_edit, "12")
    settle(qtbot, dialog)
    assert editor.problems == {
        "combination": "zipped parameters need as many values each, not 3, 2"
    }
    assert editor.combination_error.isVisible()


def test_a_measure_of_a_missing_monitor_is_shown_at_the_measures(qtbot, model, make_dialog):
    sweep = Sweep(
        name="s",
        parameters=[Parameter(name="I", values="1, 2")],
        measures=[MeasureRef(measure="mean_rate", node="nowhere")],
    )
    model.project.sweeps = [sweep]
    dialog = make_dialog(model)
    assert dialog.editor.original == sweep
    assert "mean_rate(nowhere): no SpikeMonitor is called 'nowhere'" in (
        dialog.editor.measures_error.text()
    )
    dialog.editor.set_measure_checked("mean_rate(nowhere)", False)
    settle(qtbot, dialog)
    assert dialog.editor.problems == {}


def test_saving_puts_the_sweep_in_the_project_and_undo_takes_it_back(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    editor = dialog.editor
    type_into(qtbot, editor.name_edit, "fI")
    row = editor.add_parameter("I")
    type_into(qtbot, row.values_edit, "1.2:2:3")
    editor.set_measure_checked("mean_rate(spikes)")
    editor.repeats_spin.setValue(2)
    type_into(qtbot, editor.seed_edit, "5")
    settle(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, QtCore.Qt.MouseButton.LeftButton)
    expected = Sweep(
        name="fI",
        parameters=[Parameter(name="I", values="1.2:2:3")],
        repeats=2,
        seed=5,
        # spike_count(spikes) is ticked for a new sweep: the first measure offered.
        measures=[
            MeasureRef(measure="spike_count", node="spikes"),
            MeasureRef(measure="mean_rate", node="spikes"),
        ],
    )
    assert model.project.sweeps == [expected]
    assert model.undo_stack.undoText() == "save sweep 'fI'"
    assert [dialog.sweep_box.itemText(k) for k in range(dialog.sweep_box.count())] == [
        "fI",
        "New sweep",
    ]
    # Saved with the project: its file text holds the sweep, read back the same.
    assert loads(dumps(model.project)).sweeps == [expected]
    # A second edit is a second step (saves never merge).
    editor.repeats_spin.setValue(3)
    settle(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, QtCore.Qt.MouseButton.LeftButton)
    assert model.project.sweeps[0].repeats == 3
    assert model.undo_stack.count() == 2
    model.undo_stack.undo()
    assert model.project.sweeps == [expected]
    assert editor.repeats_spin.value() == 2  # the fields show the sweep as it is again
    model.undo_stack.undo()
    assert model.project.sweeps == []
    # The window follows: the sweep it shows is a new one again.
    assert dialog.editor.original is None
    assert dialog.sweep_box.currentText() == "New sweep"
    model.undo_stack.redo()
    assert model.project.sweeps == [expected]


def test_run_sweep_in_the_run_menu_opens_the_window_on_the_project(window):
    [action] = [a for a in window.run_menu.actions() if a.text() == "S&weep…"]
    action.trigger()
    dialog = window.findChild(QtWidgets.QDialog, "sweep_dialog")
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.editor.project is window.model.project
    action.trigger()  # one window per main window, raised again
    assert len(window.findChildren(QtWidgets.QDialog, "sweep_dialog")) == 1


def test_the_choices_follow_the_network_as_it_is_edited(qtbot, model, make_dialog):
    dialog = make_dialog(model)
    row = dialog.editor.add_parameter("I", "1, 2")
    constants = [c.model_dump() for c in model.project.constants]
    model.set_project_field("constants", [*constants, {"name": "g", "value": "2*nS"}])

    def offered() -> list[str]:
        return [row.name_box.itemText(k) for k in range(row.name_box.count())]

    qtbot.waitUntil(lambda: "g" in offered(), timeout=2000)
    assert offered()[:4] == ["tau", "I", "w", "g"]
    assert row.name == "I"  # what was chosen stays


def test_a_sweeps_measures_keep_their_order_through_the_editor(qtbot, model, make_dialog):
    # The columns of the sweep's table follow the order of its measures: the editor must not
    # sort them into the order it offers measures in.
    measures = [
        MeasureRef(measure="mean", node="trace", variable="v"),
        MeasureRef(measure="spike_count", node="spikes"),
    ]
    sweep = Sweep(name="s", parameters=[Parameter(name="I", values="1, 2")], measures=measures)
    dialog = make_dialog(model)
    dialog.editor.load(sweep)
    dialog.editor.set_measure_checked("cv_isi(spikes)")  # a third one, ticked now: last
    settle(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, QtCore.Qt.MouseButton.LeftButton)
    assert model.project.sweeps[0].measures == [
        *measures,
        MeasureRef(measure="cv_isi", node="spikes"),
    ]
