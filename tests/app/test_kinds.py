"""Each kind has one description for the window, consistent with the engine's spec of it.

A kind registered from outside the packages (``tests/toy_kind.py``) appears in the palette,
the inspector's forms, the plots' choice of panels and the canvas's facts.
"""

from __future__ import annotations

import pytest
from toy_kind import KIND, ToySourceNode, registered_toy

from app.canvas.facts import node_facts
from app.canvas.ports import INPUTS, OUTPUTS
from app.inspector.form_specs import FORMS
from app.kinds import CATEGORIES, KINDS, icon_path
from app.model.default_names import BASE_NAMES, default_name
from app.palette import Palette
from app.plots.kinds import PANELS, has_panel, panel_class
from engine.project import Project, kinds

SPECS = kinds.specs()


@pytest.fixture
def toy():
    with registered_toy(window=True) as spec:
        yield spec


def test_every_kind_of_the_engine_has_one_description():
    assert set(KINDS) == {spec.kind for spec in SPECS}
    assert all(kind == info.kind for kind, info in KINDS.items())
    assert {info.category for info in KINDS.values()} == set(CATEGORIES)
    # The palette's order: by category, kinds within a category in the registry's order.
    order = list(CATEGORIES)
    assert list(KINDS) == sorted(KINDS, key=lambda kind: order.index(KINDS[kind].category))


def test_default_names_are_the_engine_specs():
    assert {spec.kind: spec.default_name for spec in SPECS} == BASE_NAMES


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_ports_carry_exactly_the_edges_a_kind_takes(spec):
    for ports, end in ((INPUTS[spec.kind], "target"), (OUTPUTS[spec.kind], "source")):
        roles = [role for port in ports for role in sorted(port.roles)]
        assert sorted(roles) == sorted(e.role for e in spec.edges if e.end == end)
        for port in ports:
            # A port of edges the node can have only one of takes one pipe.
            single = {bool(kinds.one_of(spec.kind, role, end)) for role in port.roles}
            assert single == {not port.multi}, port.name
        assert len({port.name for port in ports}) == len(ports)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_monitors_and_only_monitors_have_a_plot_panel(spec):
    info = KINDS[spec.kind]
    assert has_panel(spec.kind) == (spec.data is not None)
    if info.plot is not None:
        assert panel_class(spec.kind) is PANELS[info.plot]


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_a_kinds_own_labels_are_of_fields_its_form_shows(spec):
    shown = {field.field: field.label for section in FORMS[spec.kind] for field in section.fields}
    for field, label in KINDS[spec.kind].labels.items():
        assert shown[field] == label


def test_a_toy_kind_is_in_the_palette_with_its_category(qtbot, toy):
    palette = Palette()
    qtbot.addWidget(palette)
    shown = palette.kinds()
    assert shown.index(KIND) == shown.index("TimedArray") + 1  # the last of the inputs
    assert palette.item(KIND).parent().text(0) == "INPUTS"
    assert palette.item(KIND).text(0) == "Toy source"
    assert icon_path(KIND).name == "PoissonGroup.svg"


def test_a_toy_kind_has_its_form_facts_and_default_name(toy):
    toys, notes = FORMS[KIND]
    assert notes.title == "Notes"
    assert [(spec.field, spec.label) for spec in toys.fields] == [
        ("N", "Size (N)"),
        ("rate", "Toy rate"),
    ]
    assert node_facts(ToySourceNode(name="t", N="5")) == ["5 toys at 50*Hz"]
    assert default_name(Project(), KIND) == "toy"
    assert not has_panel(KIND)


def test_without_the_toy_kind_the_window_lists_the_usual_kinds(qtbot):
    with registered_toy(window=True):
        pass
    assert KIND not in KINDS
    assert KIND not in FORMS
    palette = Palette()
    qtbot.addWidget(palette)
    assert palette.kinds() == list(KINDS)
