"""Value fields check units as the user types, commit what fits and refuse the rest."""

import pytest

from app.inspector import QuantityField
from app.model import quantity_rules as rules
from app.model.quantity_rules import check


@pytest.mark.parametrize(
    ("text", "rule", "fits"),
    [
        ("10*ms", rules.TIME, True),
        ("10*mV", rules.TIME, False),
        ("taum", rules.TIME, True),  # a constant of CUBA
        ("2*taum + 1*ms", rules.TIME, True),
        ("taum", rules.RUN_TIME, False),  # run settings come before constants
        ("-1*ms", rules.TIME, False),
        ("4000", rules.COUNT, True),
        ("1.5", rules.COUNT, False),
        ("0", rules.COUNT, False),
        ("0.02", rules.PROBABILITY, True),
        ("2", rules.PROBABILITY, False),
        ("exp(-abs(i - j)/10)", rules.PROBABILITY, True),  # an expression: the validator's
        ("v > -40*mV", rules.REFRACTORY, True),
        ("5*mV", rules.REFRACTORY, False),
        ("Vr + 5*mV", rules.ANY, True),
        ("10*Hz", rules.RATE, True),
        ("10*ms", rules.RATE, False),
        ("[1, 2]*ms", rules.SPIKE_TIMES, True),
        ("[1, 2]*mV", rules.SPIKE_TIMES, False),
        ("[0, 1", rules.INDICES, False),
        ("10*", rules.TIME, False),
        ("nonsense", rules.TIME, False),
        ("", rules.OPTIONAL_TIME, True),
        ("", rules.TIME, False),
    ],
)
def test_rules(cuba, text, rule, fits):
    problem = check(text, rule, cuba.project)
    assert (problem is None) is fits, problem


def test_a_wrong_unit_is_refused_as_typed(qtbot, cuba):
    field = QuantityField(rules.TIME, lambda: cuba.project)
    qtbot.addWidget(field)
    committed = []
    field.committed.connect(committed.append)
    qtbot.keyClicks(field, "10*mV")
    assert not field.is_valid
    assert "unit V" in field.problem
    assert "border" in field.styleSheet()
    assert field.message_label.messages
    assert "10*mV" not in committed

    field.clear()
    qtbot.keyClicks(field, "10*ms")
    assert field.is_valid
    assert committed[-1] == "10*ms"
    assert field.styleSheet() == ""


def test_the_inspector_commits_valid_values_only(qtbot, inspector, cuba):
    inspector.show_node("P")
    field = inspector.editor("dt")
    qtbot.keyClicks(field, "10*mV")
    assert cuba.node("P").dt == ""  # refused: not a time
    assert "unit V" in field.problem
    assert "not applied" in field.message_label.messages[0]
    field.clear()
    qtbot.keyClicks(field, "0.05*ms")
    assert cuba.node("P").dt == "0.05*ms"
    assert field.problem is None
    cuba.undo_stack.undo()
    assert field.text() == ""


def test_expressions_are_accepted_where_the_document_allows_them(qtbot, inspector, cuba):
    inspector.show_node("P")
    field = inspector.editor("refractory")
    field.clear()
    qtbot.keyClicks(field, "v > Vt + 5*mV")  # a condition of the model's variables
    assert cuba.node("P").refractory == "v > Vt + 5*mV"
    assert field.problem is None


def test_constants_added_later_are_accepted(qtbot, inspector, cuba):
    from engine.project import Constant

    inspector.show_node("P")
    field = inspector.editor("dt")
    qtbot.keyClicks(field, "dt_fine")
    assert "could not be resolved" in field.problem
    constants = [*cuba.project.constants, Constant(name="dt_fine", value="0.05*ms")]
    cuba.set_project_field("constants", constants)
    assert field.problem is None
    assert cuba.node("P").dt == "dt_fine"
