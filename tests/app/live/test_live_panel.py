"""The Live Parameters panel: sliders that edit constants between runs and the run during one."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from app.live.panel import LiveParametersPanel
from app.model.project_model import ProjectModel
from engine.project import load
from engine.project.live_parameters import LiveParameter
from tests.app.conftest import CUBA, EXAMPLES

WE = LiveParameter(name="we", minimum="0*mV", maximum="3*mV", step="0.1*mV")


@pytest.fixture
def model():
    project = load(CUBA)
    project.live_parameters = [WE]
    return ProjectModel(project)


@pytest.fixture
def panel(qtbot, model):
    widget = LiveParametersPanel(model)
    qtbot.addWidget(widget)
    widget.resize(400, 500)
    widget.show()
    return widget


def constant(model, name):
    return next(c.value for c in model.project.constants if c.name == name)


def test_a_slider_shows_its_constants_value_in_its_range(panel, model):
    row = panel.rows["we"]
    # CUBA's we is (60*0.27/10)*mV = 1.62 mV: position 16 (1.6 mV) of 0..30.
    assert row.slider.maximum() == 30
    assert row.slider.value() == 16
    assert row.value_edit.text() == "1.62"
    assert row.unit_label.text() == "mV"
    assert "0 … 3 mV" in row.range_label.text()


def test_between_runs_a_slider_edits_the_constant_in_one_undo_step(qtbot, panel, model):
    row = panel.rows["we"]
    row.slider.setSliderDown(True)
    for position in (17, 18, 20):  # dragging: the document changes only on release
        row.slider.setValue(position)
    assert constant(model, "we") == "(60*0.27/10)*mV"
    row.slider.setSliderDown(False)
    assert constant(model, "we") == "2.0*mV"
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_Right)  # keyboard moves apply at once
    assert constant(model, "we") == "2.1*mV"
    assert model.undo_stack.count() == 1  # consecutive moves of one constant merge
    model.undo_stack.undo()
    assert constant(model, "we") == "(60*0.27/10)*mV"
    assert panel.rows["we"].slider.value() == 16  # the slider follows the document


def test_a_typed_value_takes_the_sliders_unit_unless_it_names_one(qtbot, panel, model):
    row = panel.rows["we"]
    row.value_edit.setFocus()
    row.value_edit.setText("0.5")
    qtbot.keyClick(row.value_edit, QtCore.Qt.Key.Key_Return)
    assert constant(model, "we") == "0.5*mV"
    row.value_edit.setText("800*uvolt")
    qtbot.keyClick(row.value_edit, QtCore.Qt.Key.Key_Return)
    assert constant(model, "we") == "800.0*uvolt"
    row.value_edit.setText("fast")
    qtbot.keyClick(row.value_edit, QtCore.Qt.Key.Key_Return)
    assert "is not a value" in row.message.text()
    assert constant(model, "we") == "800.0*uvolt"


def test_adding_a_slider_checks_its_range_and_is_undoable(qtbot, panel, model):
    panel.name_box.setCurrentText("wi")
    panel.minimum_edit.setText("-20*mV")
    panel.maximum_edit.setText("0*nA")
    qtbot.mouseClick(panel.add_button, QtCore.Qt.MouseButton.LeftButton)
    assert "'0*nA' has the unit nA; 'wi' is in V" in panel.add_message.text()
    assert [p.name for p in model.project.live_parameters] == ["we"]
    panel.maximum_edit.setText("0*mV")
    qtbot.mouseClick(panel.add_button, QtCore.Qt.MouseButton.LeftButton)
    assert [p.name for p in model.project.live_parameters] == ["we", "wi"]
    assert set(panel.rows) == {"we", "wi"}
    assert panel.rows["wi"].slider.maximum() == 100  # no step: a hundredth of the range
    assert panel.name_box.findText("wi") == -1  # one slider per constant
    model.undo_stack.undo()
    assert set(panel.rows) == {"we"}


def test_a_slider_is_removed_with_its_button(qtbot, panel, model):
    qtbot.mouseClick(panel.rows["we"].remove_button, QtCore.Qt.MouseButton.LeftButton)
    assert model.project.live_parameters == []
    assert panel.rows == {}
    assert panel.empty_label.isVisibleTo(panel)


def test_during_a_run_a_slider_changes_the_run_not_the_document(qtbot, panel, model):
    asked = []
    panel.change_requested.connect(lambda name, text: asked.append((name, text)))
    panel.set_running(True)
    row = panel.rows["we"]
    row.slider.setSliderDown(True)
    row.slider.setValue(20)  # while dragging: each position is sent to the run
    row.slider.setValue(25)
    row.slider.setSliderDown(False)
    assert asked == [("we", "2.0*mV"), ("we", "2.5*mV")]
    assert constant(model, "we") == "(60*0.27/10)*mV"
    panel.end_run()  # kept (the default): one undo step sets the last live value
    assert constant(model, "we") == "2.5*mV"
    model.undo_stack.undo()
    assert constant(model, "we") == "(60*0.27/10)*mV"


def test_live_values_are_dropped_if_the_user_does_not_keep_them(qtbot, panel, model):
    panel.keep_box.setChecked(False)
    panel.set_running(True)
    panel.rows["we"].slider.setValue(5)
    panel.end_run()
    assert constant(model, "we") == "(60*0.27/10)*mV"
    assert panel.rows["we"].slider.value() == 16  # back to the document's value
    assert model.undo_stack.count() == 0


def test_a_refused_change_is_shown_at_its_slider_and_not_kept(qtbot, panel, model):
    panel.set_running(True)
    panel.rows["we"].slider.setValue(5)
    panel.show_refusal("we", "'we' cannot change now")
    assert panel.rows["we"].message.text() == "'we' cannot change now"
    panel.end_run()
    assert constant(model, "we") == "(60*0.27/10)*mV"


def test_the_new_sliders_fields_suggest_a_range_in_the_constants_unit(panel):
    panel.name_box.setCurrentText("taum")  # 20*ms
    assert (panel.minimum_edit.placeholderText(), panel.maximum_edit.placeholderText()) == (
        "0*ms",
        "40*ms",
    )
    panel.name_box.setCurrentText("Vt")  # -50*mV
    assert (panel.minimum_edit.placeholderText(), panel.maximum_edit.placeholderText()) == (
        "-100*mV",
        "0*mV",
    )


def test_a_node_field_slider_edits_the_field_and_changes_the_run(qtbot):
    from engine.project import Edge, PoissonGroupNode, Project, SpikeMonitorNode

    project = Project(
        nodes=[
            PoissonGroupNode(id="p", name="P", N="5", rates="20*Hz"),
            SpikeMonitorNode(id="s", name="spikes"),
        ],
        edges=[Edge(source="p", target="s", role="record")],
        live_parameters=[LiveParameter(name="P.rates", minimum="0*Hz", maximum="100*Hz")],
    )
    model = ProjectModel(project)
    panel = LiveParametersPanel(model)
    qtbot.addWidget(panel)
    assert panel.name_box.findText("P.rates") == -1  # it has its slider
    row = panel.rows["P.rates"]
    assert row.slider.value() == 20
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_Right)
    assert model.project.node("P").rates == "21.0*Hz"
    asked = []
    panel.change_requested.connect(lambda name, text: asked.append((name, text)))
    panel.set_running(True)
    row.slider.setValue(50)
    assert asked == [("P.rates", "50.0*Hz")]
    assert panel.end_run()  # kept: the field holds the last live value
    assert model.project.node("P").rates == "50.0*Hz"
    model.undo_stack.undo()
    assert model.project.node("P").rates == "21.0*Hz"


def test_brunels_sliders_move_g_and_the_rate_of_its_poisson_input(qtbot):
    model = ProjectModel(load(EXAMPLES / "brunel_2000.spikecanvas"))
    panel = LiveParametersPanel(model)
    qtbot.addWidget(panel)
    assert set(panel.rows) == {"g", "external.rate"}
    assert panel.name_box.findText("external.weight") >= 0  # J: a slider may be added
    rate = panel.rows["external.rate"]
    assert rate.slider.value() == 25  # nu_ext = 2 nu_thr = 25 Hz, in steps of 1 Hz
    asked = []
    panel.change_requested.connect(lambda name, text: asked.append((name, text)))
    panel.set_running(True)
    rate.slider.setValue(12)
    assert asked == [("external.rate", "12.0*Hz")]
