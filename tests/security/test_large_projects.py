"""A project of 20,000 nodes is loaded, validated and planned in seconds, not hours.

Loading, validation and the project's lookups once scanned every node or edge for each node or
edge (quadratic: about 25 minutes for 20,000 nodes). The bounds below are generous for a slow
shared machine (they take 10 to 30 s there) and still far below a quadratic run. The lookups
they rely on are checked to stay right when a project is edited in place.
"""

from __future__ import annotations

import copy
import pickle
import time

import pytest

from engine.project import fileio
from engine.project.document import (
    Edge,
    NeuronGroupNode,
    Project,
    SpikeMonitorNode,
    SynapsesNode,
    TimedArrayNode,
)
from engine.project.plan import plan
from engine.project.topology import add_edge, add_node, remove_edge, remove_node, rename_node
from engine.project.validate import validate

MODEL = "dv/dt = -v/(10*ms) : 1"
BOUND = 90.0  # seconds, for load + validate of 20,000 nodes


def _group(k: int) -> NeuronGroupNode:
    return NeuronGroupNode(id=f"g{k}", name=f"g{k}", N="10", model=MODEL, threshold="v > 1")


def groups_and_monitors(count: int) -> Project:
    """``count`` NeuronGroups, each recorded by its own SpikeMonitor."""
    nodes, edges = [], []
    for k in range(count):
        nodes += [_group(k), SpikeMonitorNode(id=f"m{k}", name=f"m{k}")]
        edges.append(Edge(source=f"g{k}", target=f"m{k}", role="record"))
    return Project(nodes=nodes, edges=edges)


def chain(count: int) -> Project:
    """``count`` NeuronGroups, each connected to the next by a Synapses node."""
    nodes, edges = [_group(0)], []
    for k in range(1, count):
        nodes += [_group(k), SynapsesNode(id=f"s{k}", name=f"s{k}", on_pre="v += 0.5")]
        edges.append(Edge(source=f"g{k - 1}", target=f"s{k}", role="pre"))
        edges.append(Edge(source=f"s{k}", target=f"g{k}", role="post"))
    return Project(nodes=nodes, edges=edges)


def _load_and_validate(project: Project) -> tuple[float, list]:
    text = fileio.dumps(project)
    start = time.perf_counter()
    loaded = fileio.loads(text)
    found = validate(loaded)
    return time.perf_counter() - start, found


@pytest.mark.slow
@pytest.mark.parametrize("make", [groups_and_monitors, chain], ids=["monitors", "chain"])
def test_twenty_thousand_nodes_load_and_validate_in_seconds(make):
    project = make(10_000)
    assert len(project.nodes) >= 19_999
    seconds, found = _load_and_validate(project)
    assert found == []  # every node checked, none wrong
    assert seconds < BOUND


@pytest.mark.slow
def test_twenty_thousand_nodes_are_planned_in_seconds():
    project = chain(10_000)
    start = time.perf_counter()
    steps = plan(project)
    assert time.perf_counter() - start < 30
    assert sum(step.callee == "connect" for step in steps) == 9_999


def test_validation_grows_linearly_with_the_size():
    # Four times the nodes take about four times as long (the quadratic version took more
    # than ten times as long); 8 leaves room for a noisy shared machine.
    small, _ = _load_and_validate(chain(300))
    large, _ = _load_and_validate(chain(1200))
    assert large < 8 * max(small, 0.05)


def test_many_timed_arrays_are_checked_for_use_at_once():
    nodes = [TimedArrayNode(id=f"t{k}", name=f"t{k}", values="[0, 1]") for k in range(2000)]
    nodes.append(NeuronGroupNode(id="G", name="G", model="dv/dt = (t7(t) - v)/(10*ms) : 1"))
    found = validate(Project(nodes=nodes))
    unused = {d.node_id for d in found if d.message.startswith("No model uses")}
    assert "t7" not in unused
    assert len(unused) == 1999


# -- the lookups stay right after edits -----------------------------------------------------------


@pytest.fixture
def project():
    return chain(5)


def test_node_finds_by_id_then_by_name(project):
    assert project.node("g3").id == "g3"
    project.nodes.append(NeuronGroupNode(id="named_by_id", name="g0_alias"))
    assert project.node("g0_alias").id == "named_by_id"
    with pytest.raises(KeyError, match="no node 'nothing'"):
        project.node("nothing")


def test_lookups_follow_renames_removals_and_additions(project):
    assert [n.id for n in project.sources("s2", "pre")] == ["g1"]
    rename_node(project, "g1", "first")
    assert project.node("first").id == "g1"
    with pytest.raises(KeyError):
        project.node("g1_old_name_that_never_was")
    remove_node(project, "g4")
    with pytest.raises(KeyError):
        project.node("g4")
    assert project.targets("s4", "post") == []
    add_node(project, NeuronGroupNode(id="g4", name="again"))
    add_edge(project, "s4", "g4", "post")
    assert [n.name for n in project.targets("s4", "post")] == ["again"]


def test_an_edge_removed_and_another_added_between_lookups_is_seen(project):
    # Same length before and after: the index must notice the change of contents.
    assert [n.id for n in project.targets("s3", "post")] == ["g3"]
    edge = next(e for e in project.edges if e.source == "s3" and e.role == "post")
    remove_edge(project, edge)
    project.edges.append(Edge(source="s3", target="g0", role="post"))
    assert [n.id for n in project.targets("s3", "post")] == ["g0"]
    project.edges[-1] = Edge(source="s3", target="g1", role="post")
    assert [n.id for n in project.targets("s3", "post")] == ["g1"]


def test_a_node_replaced_in_place_is_found(project):
    assert project.node("g2").name == "g2"
    position = [n.id for n in project.nodes].index("g2")
    project.nodes[position] = NeuronGroupNode(id="other", name="other")
    assert project.node("other").name == "other"
    with pytest.raises(KeyError):
        project.node("g2")


def test_lists_replaced_whole_are_seen(project):
    project.node("g1")
    project.nodes = [NeuronGroupNode(id="x", name="y")]
    assert project.node("y").id == "x"
    with pytest.raises(KeyError):
        project.node("g1")


def test_copies_are_equal_and_independent(project):
    project.node("g1")
    project.sources("s1", "pre")
    copies = [copy.deepcopy(project), project.model_copy(deep=True)]
    copies.append(pickle.loads(pickle.dumps(project)))
    for other in copies:
        assert other == project
        assert other.node("g1") == project.node("g1")
        assert other.node("g1") is not project.node("g1")
    shallow = project.model_copy()
    shallow.nodes = shallow.nodes[:1]
    assert project.node("g3").id == "g3"
    with pytest.raises(KeyError):
        shallow.node("g3")
    assert fileio.loads(fileio.dumps(project)) == project
