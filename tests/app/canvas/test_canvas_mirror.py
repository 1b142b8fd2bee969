"""The canvas shows the model's document, and follows every edit, undo and redo."""

import pytest

from app.canvas.nodes import ID_PROPERTY, NODE_CLASSES
from engine.project import Project, dumps


def test_the_canvas_mirrors_a_loaded_project(cuba, model, mirrors):
    project = model.project
    items = cuba.graph.all_nodes()
    assert len(items) == len(project.nodes) == 6
    assert len(cuba.graph.viewer().all_pipes()) == len(project.edges) == 7
    for node in project.nodes:
        item = cuba.node_item(node.id)
        assert isinstance(item, NODE_CLASSES[node.kind])
        assert item.name() == node.name
        assert tuple(item.view.xy_pos) == tuple(node.position)
    mirrors(cuba, model)


def test_the_document_id_is_a_hidden_node_property(cuba):
    item = cuba.node_item("Ce")
    assert item.get_property(ID_PROPERTY) == "Ce" == item.document_id
    widget_types = cuba.graph.model.get_node_common_properties(item.type_)
    assert widget_types[ID_PROPERTY]["widget_type"] == 0  # NodePropWidgetEnum.HIDDEN


def test_cards_show_key_facts(cuba):
    assert cuba.node_item("P").view.facts == [
        "4000 neurons · exact",
        "dv/dt = (ge+gi-(v-El))/taum",
        "spikes when v>Vt",
    ]
    assert cuba.node_item("Ce").view.facts[0] == "on_pre: ge += we"
    assert cuba.node_item("trace").view.facts == ["records v", "of [0, 1]"]


def test_replacing_the_project_rebuilds_the_canvas(cuba, model, mirrors):
    model.replace(Project())
    assert cuba.graph.all_nodes() == []
    assert cuba.graph.viewer().all_pipes() == []
    mirrors(cuba, model)


def round_trip(canvas, model, mirrors, edit):
    """Apply ``edit`` (one undo step), checking the canvas after it, its undo and its redo."""
    before = dumps(model.project)
    steps = model.undo_stack.count()
    edit()
    assert model.undo_stack.count() == steps + 1
    assert dumps(model.project) != before
    mirrors(canvas, model)
    model.undo_stack.undo()
    assert dumps(model.project) == before
    mirrors(canvas, model)
    model.undo_stack.redo()
    mirrors(canvas, model)


EDITS = {
    "add": lambda m: m.add_node("PoissonGroup", position=(-300, 50)),
    "remove": lambda m: m.remove_nodes(["Ce"]),
    "remove several": lambda m: m.remove_nodes(["P", "rate"]),
    "connect": None,  # needs a monitor first: see the test
    "disconnect": lambda m: m.disconnect(m.project.edges[0]),
    "move": lambda m: m.move_nodes({"P": (-40, 60), "spikes": (520, -20)}),
    "rename": lambda m: m.rename("P", "neurons"),
    "field": lambda m: m.set_field("P", "N", "8000"),
    "paste": lambda m: m.paste_data(m.copy_data(["P", "Ce"])),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_model_edit_and_its_undo_redo_show_on_the_canvas(cuba, model, mirrors, edit):
    if edit == "connect":
        # Two steps: add a monitor (checked as "add"), then the connection itself.
        monitor = model.add_node("StateMonitor", position=(800, 0), variables=["ge"])
        round_trip(cuba, model, mirrors, lambda: model.connect("Ce", monitor))
    else:
        round_trip(cuba, model, mirrors, lambda: EDITS[edit](model))


def test_a_field_change_updates_the_card(cuba, model):
    model.set_field("P", "N", "8000")
    assert cuba.node_item("P").view.facts[0] == "8000 neurons · exact"
    model.set_field("Ce", "on_pre", "ge += 2*we")
    assert cuba.node_item("Ce").view.facts[0] == "on_pre: ge += 2*we"
    model.undo_stack.undo()
    assert cuba.node_item("Ce").view.facts[0] == "on_pre: ge += we"


def test_recurrent_loops_are_shown(canvas, model, mirrors):
    e = model.add_node("NeuronGroup", name="E")
    s = model.add_node("Synapses", name="EE", position=(250, 0))
    model.connect(e, s)
    model.connect(s, e)  # E -> EE -> E
    mirrors(canvas, model)
    assert not canvas.graph.acyclic()


def test_nodes_of_every_kind_can_be_shown(canvas, model, mirrors):
    for k, kind in enumerate(NODE_CLASSES):
        model.add_node(kind, position=(k * 220, 0))
    mirrors(canvas, model)
    for item in canvas.graph.all_nodes():
        assert item.view.facts, item.KIND
