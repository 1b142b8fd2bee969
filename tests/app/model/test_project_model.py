"""Editing a project through the model: every edit is one undo step, undone and redone exactly."""

from pathlib import Path

import pytest

from app.model import MIME_NODES, FieldError, ProjectModel
from engine.project import Constant, Edge, Project, dumps, load
from engine.project.topology import TopologyError

EXAMPLES = Path(__file__).parents[3] / "examples"


@pytest.fixture
def model(qapp):
    return ProjectModel()


@pytest.fixture
def cuba(qapp):
    model = ProjectModel()
    model.replace(load(EXAMPLES / "cuba.spikecanvas"), EXAMPLES / "cuba.spikecanvas")
    return model


class Recorder:
    """Every signal of a model, in order, as (signal name, arguments)."""

    NAMES = (
        "node_added",
        "node_removed",
        "node_changed",
        "edge_added",
        "edge_removed",
        "project_changed",
        "project_replaced",
    )

    def __init__(self, model: ProjectModel):
        self.events: list[tuple] = []
        for name in self.NAMES:
            getattr(model, name).connect(lambda *args, name=name: self.events.append((name, *args)))


def undo_redo_round_trip(model: ProjectModel, edit) -> None:
    """Check that ``edit`` is one undo step that undoes and redoes to identical documents."""
    before = dumps(model.project)
    steps = model.undo_stack.count()
    edit()
    after = dumps(model.project)
    assert after != before
    assert model.undo_stack.count() == steps + 1
    model.undo_stack.undo()
    assert dumps(model.project) == before
    model.undo_stack.redo()
    assert dumps(model.project) == after


# -- every edit kind --------------------------------------------------------------------------


def test_adding_a_node_is_one_undoable_step(model):
    undo_redo_round_trip(model, lambda: model.add_node("NeuronGroup", (10, 20)))
    (node,) = model.project.nodes
    assert (node.kind, node.name, node.position) == ("NeuronGroup", "neurons", (10.0, 20.0))


def test_new_nodes_get_fresh_names(model):
    ids = [model.add_node("NeuronGroup") for _ in range(3)]
    assert [model.node(i).name for i in ids] == ["neurons", "neurons_2", "neurons_3"]
    assert len(set(ids)) == 3


def test_removing_nodes_takes_their_edges_and_undo_puts_everything_back_in_place(cuba):
    undo_redo_round_trip(cuba, lambda: cuba.remove_nodes(["P"]))
    assert not any("P" in (e.source, e.target) for e in cuba.project.edges)


def test_moving_nodes_is_one_step(cuba):
    undo_redo_round_trip(cuba, lambda: cuba.move_nodes({"P": (5, 6), "Ce": (7, 8)}))


def test_connecting_and_disconnecting(cuba):
    monitor = cuba.add_node("SpikeMonitor")
    undo_redo_round_trip(cuba, lambda: cuba.connect("P", monitor))
    assert cuba.project.edges[-1] == Edge(source="P", target=monitor, role="record")
    edge = cuba.project.edges[0]
    undo_redo_round_trip(cuba, lambda: cuba.disconnect(edge))


def test_disconnect_undo_restores_the_edge_order(cuba):
    before = list(cuba.project.edges)
    cuba.disconnect(before[0])
    cuba.undo_stack.undo()
    assert cuba.project.edges == before


def test_changing_fields(cuba):
    undo_redo_round_trip(cuba, lambda: cuba.set_field("P", "threshold", "v > -55*mV"))
    undo_redo_round_trip(cuba, lambda: cuba.set_field("Ce", "connect.p", "0.05"))
    undo_redo_round_trip(cuba, lambda: cuba.set_field("P", "initial", {"v": "-60*mV"}))


def test_renaming(cuba):
    undo_redo_round_trip(cuba, lambda: cuba.rename("P", "population"))
    assert cuba.node("P").name == "population"  # the id stays


def test_project_fields(cuba):
    undo_redo_round_trip(cuba, lambda: cuba.set_project_field("run.duration", "1*second"))
    constants = [*cuba.project.constants, Constant(name="extra", value="3*mV")]
    undo_redo_round_trip(cuba, lambda: cuba.set_project_field("constants", constants))


def test_pasting(cuba):
    data = cuba.copy_data(["P", "Ce"])
    undo_redo_round_trip(cuba, lambda: cuba.paste_data(data))


# -- refused edits change nothing ---------------------------------------------------------------


def refused(model: ProjectModel, edit, error: type[Exception], match: str | None = None) -> None:
    before, steps = dumps(model.project), model.undo_stack.count()
    with pytest.raises(error, match=match):
        edit()
    assert dumps(model.project) == before
    assert model.undo_stack.count() == steps


def test_invalid_connections_are_refused_with_the_reason(cuba):
    monitor = cuba.add_node("PopulationRateMonitor")
    refused(cuba, lambda: cuba.connect(monitor, "P"), TopologyError, "cannot be connected")
    refused(cuba, lambda: cuba.connect("Ce", monitor), TopologyError)
    refused(cuba, lambda: cuba.connect("P", "Ce"), TopologyError, "twice")


def test_invalid_names_are_refused(cuba):
    refused(cuba, lambda: cuba.rename("P", "Ce"), TopologyError, "already used")
    refused(cuba, lambda: cuba.rename("P", "2x"), TopologyError)
    refused(cuba, lambda: cuba.rename("P", "taum"), TopologyError, "already used")
    refused(cuba, lambda: cuba.add_node("NeuronGroup", name="Ce"), TopologyError, "already used")


def test_values_that_do_not_fit_a_field_are_refused(cuba):
    refused(cuba, lambda: cuba.set_field("P", "threshold", 3), FieldError)
    refused(cuba, lambda: cuba.set_field("P", "no_such_field", "x"), FieldError, "no field")
    refused(cuba, lambda: cuba.set_field("P", "kind", "Synapses"), FieldError, "cannot be changed")
    refused(cuba, lambda: cuba.set_project_field("run.target", "gpu"), FieldError)
    refused(cuba, lambda: cuba.add_node("Neuron"), FieldError, "no node kind")
    clash = [*cuba.project.constants, Constant(name="P", value="1")]
    refused(cuba, lambda: cuba.set_project_field("constants", clash), FieldError, "already used")


def test_pasting_something_else_is_refused(cuba):
    refused(cuba, lambda: cuba.paste_data({"text": "hello"}), FieldError, "no SpikeCanvas nodes")
    bad = {"nodes": [{"kind": "NeuronGroup", "id": "x", "name": "x", "N": [5]}]}
    refused(cuba, lambda: cuba.paste_data(bad), FieldError, "no valid SpikeCanvas nodes")


# -- typing, signals, state ---------------------------------------------------------------------


def test_typing_into_a_field_is_one_undo_step(cuba):
    original = cuba.node("P").threshold
    for text in ("v", "v>", "v>V", "v>Vt+1*mV"):
        cuba.set_field("P", "threshold", text)
    assert cuba.undo_stack.count() == 1
    cuba.undo_stack.undo()
    assert cuba.node("P").threshold == original


def test_edits_of_different_fields_are_separate_steps(cuba):
    cuba.set_field("P", "threshold", "v > 0*mV")
    cuba.set_field("P", "reset", "v = 0*mV")
    assert cuba.undo_stack.count() == 2


def test_setting_the_same_value_is_no_edit(cuba):
    cuba.set_field("P", "threshold", cuba.node("P").threshold)
    cuba.move_nodes({"P": cuba.node("P").position})
    assert cuba.undo_stack.count() == 0


def test_signals_tell_views_what_changed_also_on_undo(cuba):
    recorder = Recorder(cuba)
    cuba.set_field("P", "threshold", "v > 0*mV")
    cuba.undo_stack.undo()
    assert recorder.events == [("node_changed", "P", "threshold")] * 2
    recorder.events.clear()
    cuba.remove_nodes(["Ci"])
    kinds = [event[0] for event in recorder.events]
    assert kinds[-1] == "node_removed"
    assert set(kinds[:-1]) == {"edge_removed"}
    recorder.events.clear()
    cuba.undo_stack.undo()
    kinds = [event[0] for event in recorder.events]
    assert kinds[0] == "node_added"
    assert set(kinds[1:]) == {"edge_added"}


def test_modified_follows_the_undo_stack_and_saving(cuba, tmp_path):
    assert not cuba.modified
    cuba.set_field("P", "threshold", "v > 0*mV")
    assert cuba.modified
    cuba.mark_saved(tmp_path / "mine.spikecanvas")
    assert not cuba.modified
    assert cuba.path == tmp_path / "mine.spikecanvas"
    cuba.undo_stack.undo()
    assert cuba.modified  # back to a state that is not on disk


def test_replacing_the_project_forgets_the_history(cuba):
    cuba.set_field("P", "threshold", "v > 0*mV")
    cuba.replace(Project())
    assert cuba.undo_stack.count() == 0
    assert not cuba.modified
    assert cuba.path is None


def test_the_document_is_never_shared_with_commands(cuba):
    """Changing a node after adding it must not change what undo/redo puts back."""
    node_id = cuba.add_node("NeuronGroup", N="10")
    cuba.set_field(node_id, "N", "20")
    cuba.undo_stack.undo()
    cuba.undo_stack.undo()
    cuba.undo_stack.redo()
    assert cuba.node(node_id).N == "10"


# -- clipboard ----------------------------------------------------------------------------------


def test_pasted_nodes_keep_their_settings_with_fresh_ids_names_and_their_edges(cuba):
    data = cuba.copy_data(["P", "Ce", "Ci"])
    new = cuba.paste_data(data, offset=(100, 0))
    copies = [cuba.node(i) for i in new]
    assert [c.name for c in copies] == ["P_2", "Ce_2", "Ci_2"]
    assert not {"P", "Ce", "Ci"} & set(new)
    assert copies[0].model == cuba.node("P").model
    assert copies[0].position == (cuba.node("P").position[0] + 100, cuba.node("P").position[1])
    copied_edges = [e for e in cuba.project.edges if e.source in new or e.target in new]
    assert {(cuba.node(e.source).name, cuba.node(e.target).name, e.role) for e in copied_edges} == {
        ("P_2", "Ce_2", "pre"),
        ("Ce_2", "P_2", "post"),
        ("P_2", "Ci_2", "pre"),
        ("Ci_2", "P_2", "post"),
    }


def test_copied_data_is_plain_json(cuba):
    import json

    data = cuba.copy_data(["P", "Ce"])
    assert json.loads(json.dumps(data)) == data
    assert MIME_NODES.startswith("application/")


def test_rewiring_a_pipe_to_another_group_is_one_step(cuba):
    other = cuba.add_node("NeuronGroup")
    old = next(e for e in cuba.project.edges if e.target == "Ce" and e.role == "pre")
    new = Edge(source=other, target="Ce", role="pre")
    undo_redo_round_trip(cuba, lambda: cuba.rewire([old], [new]))
    assert new in cuba.project.edges
    assert old not in cuba.project.edges


def test_a_rewiring_that_ends_invalid_changes_nothing(cuba):
    old = next(e for e in cuba.project.edges if e.target == "Ce" and e.role == "pre")
    second = Edge(source="P", target="Ci", role="pre")  # Ci already has its pre group
    refused(cuba, lambda: cuba.rewire([old], [second]), TopologyError)
