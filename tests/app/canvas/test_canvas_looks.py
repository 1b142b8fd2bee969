"""How the canvas looks: icons, problem outlines, facts, and light and dark palettes."""

import re

import pytest
from PySide6 import QtGui, QtSvg

from app.canvas.facts import first_line, node_facts
from app.canvas.theme import CanvasTheme
from app.kinds import CATEGORIES, KINDS, icon_path
from engine.project import validate
from engine.project.document import NODE_KINDS
from engine.project.validate import Diagnostic


@pytest.mark.parametrize("kind", list(NODE_KINDS))
def test_every_kind_has_a_24_pixel_icon_in_its_category_colour(qapp, kind):
    path = icon_path(kind)
    renderer = QtSvg.QSvgRenderer(str(path))
    assert renderer.isValid()
    assert renderer.defaultSize() == QtGui.QImage(24, 24, QtGui.QImage.Format.Format_ARGB32).size()
    tile = re.search(r'<rect [^>]*fill="(#[0-9a-f]{6})"', path.read_text()).group(1)
    assert QtGui.QColor(tile).getRgb()[:3] == CATEGORIES[KINDS[kind].category]


def diagnostic(node_id, message, severity="error", field="model", line=1):
    return Diagnostic(node_id, field, line, 1, 2, message, severity)


def test_diagnostics_outline_nodes_and_explain_in_the_tooltip(cuba):
    cuba.set_diagnostics(
        [
            diagnostic("P", "unknown name 'gx'"),
            diagnostic("P", "unused variable", "warning"),
            diagnostic("rate", "nothing to plot", "warning", field=None, line=None),
            diagnostic(None, "run.dt is too large"),  # not about a node: ignored here
        ]
    )
    p, rate, ce = (cuba.node_item(i).view for i in ("P", "rate", "Ce"))
    assert (p.problem, rate.problem, ce.problem) == ("error", "warning", None)
    assert "model (line 1): unknown name &#x27;gx&#x27;" in p.toolTip()
    assert "nothing to plot" in rate.toolTip()
    cuba.set_diagnostics([])
    assert p.problem is None
    assert "unknown name" not in p.toolTip()


def test_the_validators_diagnostics_land_on_the_right_node(cuba, model):
    model.set_field("Ce", "on_pre", "ge += nonsense_name")
    cuba.set_diagnostics(validate(model.project))
    assert cuba.node_item("Ce").view.problem == "error"
    assert cuba.node_item("P").view.problem is None


def test_the_canvas_follows_light_and_dark_palettes(cuba):
    light = QtGui.QPalette(QtGui.QColor(240, 240, 240))
    dark = QtGui.QPalette(QtGui.QColor(45, 45, 48))
    cuba.widget.setPalette(light)
    card = cuba.node_item("P").view
    assert not card._theme.dark
    assert QtGui.QColor(*card._theme.card).lightness() > 200
    cuba.widget.setPalette(dark)
    assert card._theme.dark
    assert QtGui.QColor(*card._theme.card).lightness() < 100
    assert cuba.widget.grab().toImage().pixelColor(2, 2).lightness() < 100


def test_a_theme_keeps_text_readable_on_its_cards(qapp):
    for window in ((240, 240, 240), (45, 45, 48)):
        theme = CanvasTheme.from_palette(QtGui.QPalette(QtGui.QColor(*window)))
        card = QtGui.QColor(*theme.card).lightness()
        for text in (theme.text, theme.muted_text):
            assert abs(QtGui.QColor(*text).lightness() - card) > 90


def test_facts_of_every_kind_are_short_lines(qapp):
    for kind, cls in NODE_KINDS.items():
        lines = node_facts(cls(name="x"))
        assert 1 <= len(lines) <= 3, kind
        assert all(line and "\n" not in line for line in lines), kind


def test_first_line_skips_blank_lines_and_tidies_spaces():
    assert first_line("\n   dv/dt  =  -v/tau : volt\nx = 1") == "dv/dt = -v/tau : volt"
    assert first_line("  \n") == ""


def test_long_facts_are_elided_to_the_card(canvas, model):
    node_id = model.add_node("NeuronGroup", model="dv/dt = " + " + ".join(["v"] * 60) + " : 1")
    card = canvas.node_item(node_id).view
    drawn = card.facts_text.splitlines()[1]
    assert drawn.endswith("…")
    assert len(drawn) < len(card.facts[1])
