"""A node added from the palette has a valid, unused name from the first moment, of every kind."""

from __future__ import annotations

import builtins

import pytest
from PySide6 import QtCore

from app.model import ProjectModel
from app.model.default_names import default_name, name_is_reserved
from engine.project import Constant, Project, export_script, validate
from engine.project.document import NODE_KINDS

LEFT = QtCore.Qt.MouseButton.LeftButton


def add_from_palette(window, qtbot, kind: str) -> str:
    """Double-click ``kind`` in the palette, as a user does; return the new node's id."""
    tree = window.node_palette.tree
    item = window.node_palette.item(kind)
    tree.scrollToItem(item)
    centre = tree.visualItemRect(item).center()
    before = {n.id for n in window.model.project.nodes}
    qtbot.mouseClick(tree.viewport(), LEFT, pos=centre)
    qtbot.mouseDClick(tree.viewport(), LEFT, pos=centre)
    (added,) = [n.id for n in window.model.project.nodes if n.id not in before]
    return added


def name_problems(project: Project) -> list[str]:
    """What the validator says about the names of nodes and constants."""
    return [
        f"{d.field}: {d.message}"
        for d in validate(project)
        if d.field is not None and (d.field == "name" or d.field.endswith(".name"))
    ]


@pytest.mark.parametrize("kind", list(NODE_KINDS))
def test_a_new_node_of_every_kind_is_validly_named_even_twice(window, qtbot, kind):
    first = add_from_palette(window, qtbot, kind)
    second = add_from_palette(window, qtbot, kind)
    project = window.model.project
    names = [project.node(first).name, project.node(second).name]
    assert name_problems(project) == []
    assert names[0] != names[1]
    assert not set(names) & set(dir(builtins))  # an exported script is Python


@pytest.mark.parametrize("kind", list(NODE_KINDS))
def test_names_already_used_by_constants_and_nodes_are_skipped(window, qtbot, kind):
    # The names a fresh project would give, then taken by constants and by other nodes.
    fresh = ProjectModel()
    usual = [fresh.node(fresh.add_node(kind)).name for _ in range(3)]
    taken = Project(
        constants=[Constant(name=usual[0], value="1"), Constant(name=usual[1], value="2")]
    )
    other = next(k for k in NODE_KINDS if k != kind)
    taken.nodes.append(NODE_KINDS[other](name=usual[2]))
    window.model.replace(taken)
    added = window.model.node(add_from_palette(window, qtbot, kind)).name
    assert added not in usual
    assert name_problems(window.model.project) == []


def test_a_network_of_default_names_exports_to_a_script(qapp):
    model = ProjectModel()
    source = model.add_node("PoissonGroup")
    for monitor in ("SpikeMonitor", "PopulationRateMonitor"):
        model.connect(source, model.add_node(monitor))
    assert [d.message for d in validate(model.project) if d.severity == "error"] == []
    script = export_script(model.project)
    assert f'name="{model.node(source).name}"' in script


@pytest.mark.parametrize("reserved", ["poisson", "exp", "ms", "pi", "t", "N", "run", "print"])
def test_a_reserved_word_is_never_a_default_name(reserved):
    assert name_is_reserved(reserved)
    assert not name_is_reserved("neurons")


def test_a_kind_whose_word_is_reserved_gets_a_numbered_name(monkeypatch):
    from app.model import default_names

    # As if the language had a function of the kind's own word: its numbered forms stay free.
    monkeypatch.setitem(default_names.BASE_NAMES, "PoissonGroup", "poisson")
    name = default_name(Project(), "PoissonGroup")
    assert name == "poisson_2"
    assert name_problems(Project(nodes=[NODE_KINDS["PoissonGroup"](name=name)])) == []
