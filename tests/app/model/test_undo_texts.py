"""Edit → Undo names the edit in the words of the window: "Undo change of Duration".

Fields are named by the labels the inspector shows them with (one home for both:
`app.model.field_labels`), node kinds as the palette names them; never by the document's
dotted names ("run.duration") or class names ("NeuronGroup").
"""

import pytest
from PySide6 import QtCore, QtWidgets

from app.inspector.form_specs import FORMS
from app.model.field_labels import has_label
from engine.project.document import RunSettings
from tests.app.conftest import CUBA


@pytest.fixture
def cuba_window(window):
    assert window.open_file(CUBA)
    return window


def undo_text(window):
    return window.action_undo.text().replace("&", "")


def redo_text(window):
    return window.action_redo.text().replace("&", "")


def form_label(window, field):
    """Return the label the inspector shows next to (or above) the editor of ``field``."""
    editor = window.inspector.editor(field)
    labels = [
        label.text()
        for label in window.inspector.findChildren(QtWidgets.QLabel)
        if label.buddy() is editor
    ]
    assert len(labels) == 1, field
    return labels[0]


def type_into(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize("kind", [k for k in FORMS if k is not None] + [None])
def test_every_field_of_every_form_has_a_label_for_its_undo_text(kind):
    for section in FORMS[kind]:
        for spec in section.fields:
            assert has_label(kind, spec.field), (kind, spec.field)


def test_a_run_setting_is_named_by_its_label(qtbot, cuba_window):
    window = cuba_window
    window.inspector.show_node(None)
    type_into(qtbot, window.inspector.editor("run.duration"), "1*second")
    assert window.model.project.run.duration == "1*second"
    assert undo_text(window) == "Undo change of Duration"
    assert undo_text(window) == f"Undo change of {form_label(window, 'run.duration')}"
    window.action_undo.trigger()
    assert redo_text(window) == "Redo change of Duration"

    type_into(qtbot, window.inspector.editor("run.dt"), "0.05*ms")
    assert undo_text(window) == f"Undo change of {form_label(window, 'run.dt')}"
    assert undo_text(window) == "Undo change of Time step (dt)"


def test_a_node_field_is_named_by_its_label_and_the_node(qtbot, cuba_window):
    window = cuba_window
    window.canvas.select(["P"])
    threshold = window.inspector.editor("threshold")
    threshold.setFocus()
    threshold.selectAll()
    qtbot.keyClicks(threshold, "v > Vt + 1*mV")
    window.inspector.editor("N").setFocus()  # leaving the editor commits its text
    qtbot.waitUntil(lambda: window.model.node("P").threshold == "v > Vt + 1*mV", timeout=2000)
    assert undo_text(window) == "Undo change of Threshold of 'P'"
    assert undo_text(window) == f"Undo change of {form_label(window, 'threshold')} of 'P'"

    window.canvas.select(["Ce"])
    type_into(qtbot, window.inspector.editor("connect.p"), "0.05")
    assert undo_text(window) == "Undo change of Probability (p) of 'Ce'"
    assert undo_text(window) == f"Undo change of {form_label(window, 'connect.p')} of 'Ce'"


def test_constants_and_run_settings_from_the_dialog(qtbot, cuba_window, prompts):
    window = cuba_window
    window.inspector.show_node(None)
    table = window.inspector.editor("constants").table
    table.item(0, 1).setText("25*ms")  # taum, as typed into its cell
    assert window.model.project.constants[0].value == "25*ms"
    assert undo_text(window) == "Undo change of Constants"

    prompts.settings_answer = RunSettings(duration="1*second", dt="0.1*ms", seed=1)
    assert window.edit_run_settings()
    assert undo_text(window) == "Undo change of Run settings"


def test_rename_add_delete_and_connect(qtbot, cuba_window):
    window = cuba_window
    window.canvas.select(["P"])
    name = window.inspector.editor("name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "E")
    qtbot.keyClick(name, QtCore.Qt.Key.Key_Return)
    assert window.model.node("P").name == "E"
    assert undo_text(window) == "Undo rename 'P' to 'E'"

    group = window.add_node_at_centre("NeuronGroup")
    group_name = window.model.node(group).name
    assert undo_text(window) == f"Undo add neuron group '{group_name}'"
    poisson = window.add_node_at_centre("PoissonGroup")
    assert undo_text(window) == f"Undo add Poisson group '{window.model.node(poisson).name}'"
    monitor = window.add_node_at_centre("SpikeMonitor")
    monitor_name = window.model.node(monitor).name

    window.model.connect(group, monitor)
    assert undo_text(window) == f"Undo connect '{group_name}' to '{monitor_name}'"

    window.canvas.select([group])
    window.action_delete.trigger()
    assert undo_text(window) == f"Undo delete '{group_name}'"
    window.action_undo.trigger()
    assert redo_text(window) == f"Redo delete '{group_name}'"


def test_showing_and_hiding_a_panel_says_which(qtbot, cuba_window):
    window = cuba_window
    window.model.set_field("spikes", "plot.visible", False)
    assert undo_text(window) == "Undo hide the panel of 'spikes'"
    window.model.set_field("spikes", "plot.visible", True)
    assert undo_text(window) == "Undo show the panel of 'spikes'"
    window.action_undo.trigger()
    assert undo_text(window) == "Undo hide the panel of 'spikes'"
