"""The node kinds are one registry: every table of the project layer is read from it.

A kind registered from outside the package (the toy kind of ``tests/toy_kind.py``) reaches
the document and its loader, the editing rules, the plan, the build and the exported script.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
import toy_kind
from toy_kind import KIND, ToySourceNode, registered_toy

import engine
from engine.project import ProjectFileError, dumps, export_script, kinds, loads
from engine.project.build import build
from engine.project.checks.context import CheckContext
from engine.project.document import EDGE_ROLES, GROUP_KINDS, MONITOR_KINDS, NODE_KINDS, Project
from engine.project.kinds import DATA_CLASSES, Stage
from engine.project.plan import plan
from engine.project.topology import add_edge, connection_problem, role_between
from engine.project.validate import validate

SPECS = kinds.specs()


@pytest.fixture
def toy():
    with registered_toy() as spec:
        yield spec


def every_kind() -> Project:
    """One node of each kind, each connected as its kind needs."""
    project = Project(nodes=[spec.document(id=spec.kind, name=spec.default_name) for spec in SPECS])
    for source, target, role in [
        ("NeuronGroup", "Synapses", "pre"),
        ("Synapses", "NeuronGroup", "post"),
        ("PoissonInput", "NeuronGroup", "drive"),
        ("NeuronGroup", "SpikeMonitor", "record"),
        ("NeuronGroup", "StateMonitor", "record"),
        ("PoissonGroup", "PopulationRateMonitor", "record"),
    ]:
        add_edge(project, source, target, role)
    project.node("PoissonInput").target_var = "v"
    project.node("NeuronGroup").model = "dv/dt = -v/(10*ms) : 1"
    project.node("StateMonitor").variables = ["v"]
    return project


def test_every_kind_of_the_document_has_one_spec_in_order():
    assert list(NODE_KINDS) == [spec.kind for spec in SPECS]
    assert [NODE_KINDS[spec.kind] for spec in SPECS] == [spec.document for spec in SPECS]
    assert len({spec.document for spec in SPECS}) == len(SPECS)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_a_spec_names_what_the_engine_and_scripts_call(spec):
    assert spec.document.model_fields["kind"].default == spec.kind
    # The exported script calls the class by this name after `from engine import *`.
    assert getattr(engine, spec.engine_name) is spec.engine_class
    assert spec.section == spec.stage.section


def test_default_names_are_distinct_identifiers():
    names = [spec.default_name for spec in SPECS]
    assert len(set(names)) == len(names)
    assert all(name.isidentifier() and not name.startswith("_") for name in names)


def test_monitors_name_the_data_they_record():
    assert [spec.kind for spec in SPECS if spec.data is not None] == list(MONITOR_KINDS)
    assert set(MONITOR_KINDS) == set(kinds.kinds_in(Stage.MONITORS))
    for spec in SPECS:
        if spec.data is not None:
            assert spec.data.kind == spec.kind
            assert DATA_CLASSES[spec.kind] is spec.data


def test_each_kind_has_each_end_of_a_role_at_most_once():
    for spec in SPECS:
        ends = [(end.role, end.end) for end in spec.edges]
        assert len(set(ends)) == len(ends), spec.kind
        assert {role for role, _ in ends} <= set(kinds.ROLES), spec.kind


def test_the_edge_table_is_read_from_the_kinds_ends():
    for role, (sources, targets) in EDGE_ROLES.items():
        assert sources == tuple(s.kind for s in SPECS if s.end(role, "source")), role
        assert targets == tuple(s.kind for s in SPECS if s.end(role, "target")), role
    # What one end refuses of the other: only a StateMonitor records synapses.
    recorders = [s.kind for s in SPECS if kinds.edge_fits("Synapses", s.kind, "record")]
    assert recorders == ["StateMonitor"]


def test_every_kind_plans_its_nodes_by_stage_in_document_order():
    project = every_kind()
    project.nodes.reverse()  # the stages, not the document, decide what comes first
    created = [step for step in plan(project) if step.action == "create"]
    expected = sorted(reversed(SPECS), key=lambda spec: spec.stage)
    assert [step.kind for step in created] == [spec.kind for spec in expected]
    assert [step.callee for step in created] == [spec.engine_name for spec in expected]


def test_the_exported_script_describes_every_kind_in_its_section():
    script = export_script(every_kind())
    for spec in SPECS:
        assert f"# -- {spec.section} " in script
    assert "# synapses: synapses from neurons to neurons" in script
    assert "# trace: records v of neurons" in script


def test_a_toy_kind_reaches_the_loader_and_leaves_no_trace(toy):
    project = Project(nodes=[ToySourceNode(id="toy", name="toy", N="3")])
    text = dumps(project)
    assert json.loads(text)["nodes"][0]["kind"] == KIND
    loaded = loads(text)
    assert isinstance(loaded.node("toy"), ToySourceNode)
    assert loaded == project
    assert KIND in NODE_KINDS
    assert list(GROUP_KINDS)[-1] == KIND


def test_without_the_toy_kind_its_files_are_refused():
    with registered_toy():
        text = dumps(Project(nodes=[ToySourceNode(id="toy", name="toy")]))
    assert KIND not in NODE_KINDS
    assert KIND not in GROUP_KINDS
    with pytest.raises(ProjectFileError, match=f"unknown node kind '{KIND}'"):
        loads(text)


def test_a_toy_kind_connects_as_its_edge_ends_say(toy):
    project = Project(
        nodes=[
            ToySourceNode(id="toy", name="toy"),
            NODE_KINDS["Synapses"](id="S", name="S"),
            NODE_KINDS["PoissonInput"](id="P", name="P"),
        ]
    )
    assert role_between(project, "toy", "S") == "pre"
    assert role_between(project, "S", "toy") == "post"
    assert role_between(project, "P", "toy") is None  # it takes no drive
    assert "cannot be connected" in connection_problem(project, "P", "toy", "drive")


def test_a_toy_kind_plans_builds_and_exports_as_its_spec_says(toy):
    project = Project(
        nodes=[
            NODE_KINDS["SpikeMonitor"](id="M", name="M"),
            ToySourceNode(id="toy", name="toy", N="3"),
        ]
    )
    add_edge(project, "toy", "M")
    created = [(s.kind, s.callee, s.target) for s in plan(project) if s.action == "create"]
    assert created == [(KIND, "PoissonGroup", "toy"), ("SpikeMonitor", "SpikeMonitor", "M")]
    assert len(build(project).objects["toy"]) == 3
    script = export_script(project)
    assert "# -- Groups " in script
    assert "# toy: toy spike sources" in script


def test_a_toy_kind_without_checks_has_the_checks_every_node_has(toy):
    project = Project(
        nodes=[
            NODE_KINDS["SpikeMonitor"](id="M", name="M"),
            ToySourceNode(id="toy", name="toy", N="3"),
        ]
    )
    add_edge(project, "toy", "M")
    assert toy.check is None
    assert validate(project) == []
    project.nodes.append(ToySourceNode(id="again", name="toy", N="3"))
    found = {(d.node_id, d.field, d.severity) for d in validate(project)}
    assert found == {("again", "name", "error"), ("again", None, "warning")}


def test_a_kind_s_checks_are_found_in_the_registry_and_run_after_what_they_refer_to():
    seen = []

    def check(node: ToySourceNode, ctx: CheckContext) -> None:
        target = ctx.connected(node, "drive", False, "a target group")
        seen.append((node.name, target.name if target is not None else None, sorted(ctx.proxies)))
        ctx.add(node, "rate", "checked by the kind", severity="warning")

    driving = kinds.EdgeEnd("drive", "source", one="target group")
    checked = dataclasses.replace(toy_kind.SPEC, check=check, stage=Stage.INPUTS, edges=(driving,))
    kinds.register(checked)
    try:
        project = Project(
            nodes=[
                ToySourceNode(id="toy", name="toy"),
                NODE_KINDS["NeuronGroup"](id="G", name="G", model="v : 1"),
            ]
        )
        add_edge(project, "toy", "G", "drive")
        found = validate(project)
        project.edges.clear()
        unconnected = validate(project)
    finally:
        kinds.unregister(KIND)
    # The group's proxy exists when the input is checked: its stage comes first.
    assert seen == [("toy", "G", ["G"]), ("toy", None, ["G"])]
    assert [(d.field, d.message) for d in found if d.node_id == "toy"] == [
        ("rate", "checked by the kind")
    ]
    assert [(d.field, d.message) for d in unconnected if d.node_id == "toy"] == [
        ("drive", "'toy' is not connected to a target group: connect it on the canvas"),
        ("rate", "checked by the kind"),
    ]
