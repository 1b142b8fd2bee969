"""Editing the graph keeps a project consistent, and refused edits say why and change nothing."""

from __future__ import annotations

import pytest

from engine.project import (
    Edge,
    NeuronGroupNode,
    PoissonInputNode,
    Project,
    SpikeGeneratorGroupNode,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
    dumps,
)
from engine.project.topology import (
    TopologyError,
    add_edge,
    add_node,
    remove_edge,
    remove_node,
    rename_node,
    role_between,
    unique_name,
)


@pytest.fixture
def project():
    return Project(
        nodes=[
            NeuronGroupNode(id="E", name="E"),
            NeuronGroupNode(id="I", name="I"),
            SpikeGeneratorGroupNode(id="G", name="G"),
            SynapsesNode(id="S", name="S"),
            SpikeMonitorNode(id="M", name="M"),
            StateMonitorNode(id="V", name="V"),
            PoissonInputNode(id="P", name="P"),
        ]
    )


@pytest.mark.parametrize(
    ("source", "target", "role"),
    [
        ("E", "S", "pre"),
        ("G", "S", "pre"),
        ("S", "I", "post"),
        ("E", "M", "record"),
        ("S", "V", "record"),
        ("P", "E", "drive"),
    ],
)
def test_the_role_of_a_connection_follows_from_the_kinds(project, source, target, role):
    assert role_between(project, source, target) == role
    assert add_edge(project, source, target) == Edge(source=source, target=target, role=role)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("E", "I", "a NeuronGroup ('E') cannot be connected to a NeuronGroup ('I')"),
        ("S", "M", "a Synapses ('S') cannot be connected to a SpikeMonitor ('M')"),
        ("M", "E", "a SpikeMonitor ('M') cannot be connected to a NeuronGroup ('E')"),
        ("P", "G", "a PoissonInput ('P') cannot be connected to a SpikeGeneratorGroup ('G')"),
    ],
)
def test_connections_between_unfitting_kinds_are_refused(project, source, target, message):
    before = dumps(project)
    with pytest.raises(TopologyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_edge(project, source, target)
    assert dumps(project) == before


def test_synapses_have_one_presynaptic_and_one_postsynaptic_group(project):
    add_edge(project, "E", "S")
    add_edge(project, "S", "I")
    with pytest.raises(TopologyError, match="'S' can have only one presynaptic group"):
        add_edge(project, "G", "S")
    with pytest.raises(TopologyError, match="'S' can have only one postsynaptic group"):
        add_edge(project, "S", "E")
    with pytest.raises(TopologyError, match="the same edge appears twice"):
        add_edge(project, "E", "S")


def test_a_group_may_feed_synapses_onto_itself(project):
    add_edge(project, "E", "S")
    add_edge(project, "S", "E")  # recurrent: allowed
    assert len(project.edges) == 2


def test_a_monitor_records_one_object_and_an_input_drives_one_group(project):
    add_edge(project, "E", "M")
    with pytest.raises(TopologyError, match="'M' can have only one recorded object"):
        add_edge(project, "I", "M")
    add_edge(project, "P", "E")
    with pytest.raises(TopologyError, match="'P' can have only one target group"):
        add_edge(project, "P", "I")


def test_removing_a_node_removes_its_edges_and_returns_what_undo_needs(project):
    add_edge(project, "E", "S")
    add_edge(project, "S", "I")
    add_edge(project, "E", "M")
    node, index, edges = remove_node(project, "S")
    assert (node.name, index) == ("S", 3)
    assert [e.role for e in edges] == ["pre", "post"]
    assert [e.role for e in project.edges] == ["record"]
    add_node(project, node, index)
    for edge in edges:
        add_edge(project, edge.source, edge.target, edge.role)
    assert [n.id for n in project.nodes][3] == "S"


def test_removing_an_edge_that_is_not_there_is_an_error(project):
    with pytest.raises(TopologyError, match="there is no 'pre' edge"):
        remove_edge(project, Edge(source="E", target="S", role="pre"))


def test_names_stay_unique_and_valid(project):
    assert unique_name(project, "E") == "E_2"
    assert unique_name(project, "exc neurons") == "exc_neurons"
    assert unique_name(project, "2nd") == "n_2nd"
    assert unique_name(project, "class") == "class_node"
    add_node(project, NeuronGroupNode(name="E_2"))
    assert unique_name(project, "E") == "E_3"
    assert unique_name(project, "E_2") == "E_3"


def test_adding_a_node_with_a_used_name_or_id_is_refused(project):
    with pytest.raises(TopologyError, match="the name 'E' is already used"):
        add_node(project, NeuronGroupNode(name="E"))
    with pytest.raises(TopologyError, match="a node with id 'E' already exists"):
        add_node(project, NeuronGroupNode(id="E", name="E9"))


def test_renaming_keeps_edges_and_refuses_bad_names(project):
    add_edge(project, "E", "S")
    rename_node(project, "E", "excitatory")
    assert project.node("E").name == "excitatory"
    assert project.sources("S", "pre")[0].name == "excitatory"
    with pytest.raises(TopologyError, match="already used"):
        rename_node(project, "E", "I")
    with pytest.raises(TopologyError, match="not a valid name"):
        rename_node(project, "E", "two words")
    assert project.node("E").name == "excitatory"
