"""The inspector's forms: one per node kind, the project's, kept in sync with the model."""

import pytest
from pydantic import BaseModel
from PySide6 import QtCore

from app.inspector import Inspector
from app.inspector.feedback import MessageLabel
from app.inspector.fields import NameField
from app.inspector.tables import ConstantsField, InitialValuesField
from app.model import ProjectModel
from engine.project import Constant, Diagnostic, load
from engine.project.document import NODE_KINDS
from tests.app.conftest import CUBA

# Plot smoothing only means something for a population rate.
# plot.view and plot.view_options are chosen in the plot area's Views menu.
NOT_SHOWN = {"id", "kind", "position", "plot.view", "plot.view_options"}
ONLY_RATE = {"plot.smoothing"}


def document_fields(kind: str) -> set[str]:
    """Every field of a node kind, dotted for sub-models (``connect.p``, ``plot.window``)."""
    fields = set()
    for name, info in NODE_KINDS[kind].model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields |= {f"{name}.{sub}" for sub in annotation.model_fields}
        else:
            fields.add(name)
    fields -= NOT_SHOWN
    if kind != "PopulationRateMonitor":
        fields -= ONLY_RATE
    return fields


@pytest.fixture
def empty(qtbot, qapp):
    model = ProjectModel()
    widget = Inspector(model)
    qtbot.addWidget(widget)
    widget.show()
    return model, widget


@pytest.mark.parametrize("kind", list(NODE_KINDS))
def test_every_kind_has_a_form_with_every_field(empty, kind):
    model, inspector = empty
    node_id = model.add_node(kind)
    inspector.show_node(node_id)
    assert inspector.current_node_id() == node_id
    assert set(inspector.fields()) == document_fields(kind)
    node = model.node(node_id)
    assert inspector.editor("name").text() == node.name
    for field in inspector.fields():
        assert inspector.editor(field).isVisibleTo(inspector), field


def test_the_project_form_edits_run_settings_undoably(qtbot, inspector, cuba):
    inspector.show_node(None)
    assert inspector.current_node_id() is None
    duration = inspector.editor("run.duration")
    assert duration.text() == "200*ms"
    duration.clear()
    qtbot.keyClicks(duration, "1*second")
    assert cuba.project.run.duration == "1*second"
    qtbot.keyClicks(inspector.editor("run.dt"), "x")  # "0.1*msx": refused
    assert cuba.project.run.dt == "0.1*ms"
    seed = inspector.editor("run.seed")
    seed.clear()
    qtbot.keyClicks(seed, "42")
    assert cuba.project.run.seed == 42
    seed.clear()
    qtbot.keyClicks(seed, "")
    inspector.editor("run.target").setCurrentText("numpy")
    assert cuba.project.run.target == "numpy"
    for _ in range(3):
        cuba.undo_stack.undo()
    assert cuba.project.run.duration == "200*ms"
    assert duration.text() == "200*ms"
    assert cuba.project.run.seed == 1
    assert inspector.editor("run.target").currentText() == "auto"


def test_constants_are_added_edited_and_removed_undoably(qtbot, inspector, cuba):
    inspector.show_node(None)
    constants = inspector.editor("constants")
    assert isinstance(constants, ConstantsField)
    table = constants.table
    assert table.rowCount() == len(cuba.project.constants)
    before = list(cuba.project.constants)

    constants.add_row()
    row = table.rowCount() - 1
    table.item(row, 0).setText("tau_s")
    assert [c.name for c in cuba.project.constants] == [c.name for c in before]  # no value yet
    table.item(row, 1).setText("3*ms")
    assert cuba.project.constants[-1] == Constant(name="tau_s", value="3*ms")

    table.item(0, 1).setText("25*ms")
    assert cuba.project.constants[0].value == "25*ms"

    table.item(1, 0).setText("taum")  # a name used twice: refused, with the reason
    assert cuba.project.constants[1].name == "taue"
    assert "twice" in constants.message_label.messages[0]
    table.item(1, 0).setText("taue")

    table.selectRow(row)
    constants.remove_selected()
    assert [c.name for c in cuba.project.constants] == [c.name for c in before]

    while cuba.undo_stack.canUndo():
        cuba.undo_stack.undo()
    assert cuba.project.constants == before
    assert constants.value() == before


def test_constants_diagnostics_mark_their_row(inspector, cuba, runner):
    inspector.show_node(None)
    constants = list(cuba.project.constants)
    constants[0] = Constant(name="taum", value="20*mV/ms/ms")  # not wrong by itself
    constants[1] = Constant(name="taue", value="5*nonsense")
    cuba.set_project_field("constants", constants)
    runner.validate_now()
    table = inspector.editor("constants").table
    assert "nonsense" in table.item(1, 1).toolTip()
    assert table.item(0, 1).toolTip() == ""
    inspector.focus_field("constants.taue")
    assert table.currentRow() == 1


def test_changes_from_elsewhere_and_undo_update_the_form(inspector, cuba):
    inspector.show_node("P")
    cuba.set_field("P", "threshold", "v > -55*mV")
    assert inspector.editor("threshold").toPlainText() == "v > -55*mV"
    cuba.set_field("P", "initial", {"v": "Vr", "ge": "0*mV"})
    table = inspector.editor("initial")
    assert table.rows() == [["v", "Vr"], ["ge", "0*mV"]]
    cuba.undo_stack.undo()
    assert table.rows() == [["v", "Vr + rand() * (Vt - Vr)"]]
    cuba.undo_stack.undo()
    assert inspector.editor("threshold").toPlainText() == "v>Vt"


def test_initial_values_are_edited_in_the_table(qtbot, inspector, cuba, runner):
    inspector.show_node("P")
    field = inspector.editor("initial")
    assert isinstance(field, InitialValuesField)
    field.add_row()
    table = field.table
    table.item(1, 0).setText("ge")
    table.item(1, 1).setText("3*ms")  # wrong unit: the validator says so, at the row
    assert cuba.node("P").initial == {"v": "Vr + rand() * (Vt - Vr)", "ge": "3*ms"}
    runner.validate_now()
    assert "unit" in table.item(1, 1).toolTip()
    inspector.focus_field("initial.ge")
    assert table.currentRow() == 1


def test_a_bad_name_is_refused_with_the_reason(qtbot, inspector, cuba):
    inspector.show_node("Ce")
    name = inspector.editor("name")
    assert isinstance(name, NameField)
    name.selectAll()
    qtbot.keyClicks(name, "Ci")
    name.commit_now()
    assert "already used" in name.problem
    assert cuba.node("Ce").name == "Ce"
    name.selectAll()
    qtbot.keyClicks(name, "2x")
    name.commit_now()
    assert cuba.node("Ce").name == "Ce"
    name.selectAll()
    qtbot.keyClicks(name, "exc")
    name.commit_now()
    assert cuba.node("Ce").name == "exc"
    assert name.problem is None
    cuba.undo_stack.undo()
    assert name.text() == "Ce"


def test_node_level_diagnostics_are_shown_above_the_form(inspector, cuba, runner):
    inspector.show_node("Ce")
    edges = [e for e in cuba.project.edges if e.target == "Ce" and e.role == "pre"]
    cuba.disconnect(edges[0])
    runner.validate_now()
    banner = inspector.findChild(MessageLabel, "node_problems")
    assert any("not connected" in m for m in banner.messages)
    assert banner.isVisible()


def test_removing_the_shown_node_shows_the_project(inspector, cuba):
    inspector.show_node("Ce")
    cuba.remove_nodes(["Ce"])
    assert inspector.current_node_id() is None
    assert "run.dt" in inspector.fields()
    cuba.undo_stack.undo()
    inspector.show_node("Ce")
    assert inspector.editor("on_pre").toPlainText() == "ge += we"


def test_diagnostics_of_other_nodes_are_not_shown(inspector):
    inspector.show_node("P")
    inspector.set_diagnostics(
        [
            Diagnostic("Ce", "on_pre", 1, 1, 3, "elsewhere", "error"),
            Diagnostic("P", "threshold", 1, 1, 2, "here", "warning"),
        ]
    )
    assert inspector.editor("threshold").diagnostics[0].message == "here"
    assert inspector.editor("model").diagnostics == []


def test_unknown_fields_raise(inspector):
    inspector.show_node("P")
    with pytest.raises(KeyError):
        inspector.editor("on_pre")


def test_pending_text_goes_to_its_own_node(qtbot, inspector, cuba):
    inspector.show_node("P")
    editor = inspector.editor("notes")
    editor.setFocus()
    qtbot.keyClicks(editor, " More.")
    inspector.show_node("Ce")  # before the pause that commits
    assert " More." in cuba.node("P").notes
    assert cuba.node("Ce").notes == "Excitatory synapses"
    assert cuba.project.notes.startswith("Excitation")


def test_a_state_monitor_tells_missing_connection_from_record_problems(qtbot, empty):
    model, inspector = empty
    monitor = model.add_node("StateMonitor", variables=["v"])
    inspector.show_node(monitor)
    inspector.set_diagnostics(
        [
            Diagnostic(monitor, "record", None, None, None, "not connected", "error"),
            Diagnostic(monitor, "record", 1, 2, 3, "index outside", "error"),
        ]
    )
    assert [d.message for d in inspector.editor("record").diagnostics] == ["index outside"]
    banner = inspector.findChild(MessageLabel, "node_problems")
    assert banner.messages == ["not connected"]


def test_a_resize_just_before_the_inspector_is_destroyed_is_harmless(qtbot):
    # A resize queues the update of the message balloon; a window closed at once destroyed
    # the balloon first, and the queued update then raised from Qt's event loop.
    inspector = Inspector(ProjectModel(load(CUBA)))
    inspector.show()
    qtbot.waitExposed(inspector)
    inspector.resize(500, 400)
    inspector.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    qtbot.wait(50)  # the queued update would run here
