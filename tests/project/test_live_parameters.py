"""A project's live parameters: sliders of constants, their numbers, checks and file form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.project import load
from engine.project.errors import ProjectFileError
from engine.project.fileio import dumps, loads
from engine.project.live_parameters import (
    MAX_POSITIONS,
    LiveParameter,
    LiveParameterError,
    slider,
)
from engine.project.validate import validate

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"


@pytest.fixture
def cuba():
    return load(CUBA)


def test_a_slider_covers_its_range_in_steps_in_the_unit_of_its_minimum(cuba):
    we = slider(LiveParameter(name="we", minimum="0*mV", maximum="2*mV", step="0.05*mV"), cuba)
    assert (we.minimum, we.maximum, we.step, we.unit) == (0.0, 2.0, 0.05, "mV")
    assert we.positions == 41
    assert [we.value(k) for k in (0, 1, 3, 40)] == [0.0, 0.05, 0.15, 2.0]  # 0.15, not 0.1500...2
    assert we.text(we.value(3)) == "0.15*mV"
    assert we.position(1.62) == 32  # the nearest: 1.6
    assert we.value(99) == 2.0  # clipped to the range
    # A maximum in another unit of the same dimension is converted.
    other = slider(LiveParameter(name="we", minimum="500*uvolt", maximum="0.002*volt"), cuba)
    assert (other.minimum, other.maximum, other.unit) == (500.0, 2000.0, "uvolt")
    assert other.positions == 101  # no step: a hundredth of the range
    assert other.value(1) == 515.0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "zz"}, "name", "there is no constant 'zz' (constants: taum, taue,"),
        ({"minimum": "1*nA"}, "minimum", "'1*nA' has the unit nA; 'we' is in V"),
        ({"maximum": "2"}, "maximum", "'2' has no unit"),
        ({"maximum": "-1*mV"}, "maximum", "the maximum must be above the minimum"),
        ({"step": "-0.1*mV"}, "step", "the step must be positive"),
        ({"step": "1*nvolt"}, "step", f"more than {MAX_POSITIONS} positions"),
        ({"minimum": "__import__('os')"}, "minimum", "is not a value"),
    ],
)
def test_a_slider_that_cannot_be_is_refused_at_its_field(cuba, fields, field, message):
    parameter = LiveParameter(**{"name": "we", "minimum": "0*mV", "maximum": "2*mV", **fields})
    with pytest.raises(LiveParameterError, match=re.escape(message)) as caught:
        slider(parameter, cuba)
    assert caught.value.field == field


def test_validate_places_each_problem_at_its_slider(cuba):
    cuba.live_parameters = [
        LiveParameter(name="we", minimum="0*mV", maximum="2*mV"),
        LiveParameter(name="wi", minimum="0*mV", maximum="-30*mV"),
        LiveParameter(name="we", minimum="0*mV", maximum="1*mV"),
    ]
    problems = [(d.field, d.severity) for d in validate(cuba)]
    assert ("live_parameters.wi.maximum", "error") in problems
    assert ("live_parameters.we.name", "error") in problems  # the second slider of we
    assert not any(f == "live_parameters.we.minimum" for f, _ in problems)


def test_sliders_are_saved_with_the_project_and_absent_when_there_are_none(cuba):
    cuba.live_parameters = []
    assert "live_parameters" not in json.loads(dumps(cuba))  # older versions read it
    cuba.live_parameters = [LiveParameter(name="we", minimum="0*mV", maximum="2*mV", step="")]
    text = dumps(cuba)
    assert json.loads(text)["live_parameters"] == [
        {"name": "we", "minimum": "0*mV", "maximum": "2*mV", "step": ""}
    ]
    assert loads(text).live_parameters == cuba.live_parameters


def test_a_slider_with_an_unknown_key_is_refused_when_the_file_is_read(cuba):
    data = json.loads(dumps(cuba))
    data["live_parameters"] = [{"name": "we", "minimum": "0*mV", "maximum": "1*mV", "x": 1}]
    with pytest.raises(ProjectFileError, match="live_parameters"):
        loads(json.dumps(data))


def test_a_slider_of_a_constant_the_build_uses_is_a_warning(cuba):
    cuba.constants.append(type(cuba.constants[0])(name="n_p", value="4000"))
    cuba.node("P").N = "n_p"
    cuba.live_parameters = [LiveParameter(name="n_p", minimum="1000", maximum="8000")]
    [diagnostic] = [d for d in validate(cuba) if d.field and d.field.startswith("live_")]
    assert (diagnostic.field, diagnostic.severity) == ("live_parameters.n_p.name", "warning")
    assert "'n_p' cannot change during a run: 'P' uses it in N" in diagnostic.message
    assert diagnostic.message.endswith("The slider changes it between runs only.")


def test_the_cuba_example_has_live_sliders_for_its_weights(cuba):
    assert [(p.name, p.minimum, p.maximum) for p in cuba.live_parameters] == [
        ("we", "0*mV", "4*mV"),
        ("wi", "-20*mV", "0*mV"),
    ]
    # Valid, and both may change during a run (no warning either).
    assert not [d for d in validate(cuba) if (d.field or "").startswith("live_parameters")]
    assert "Live Parameters" in cuba.notes


def poisson_project():
    from engine.project import Edge, PoissonGroupNode, Project, SpikeMonitorNode

    return Project(
        nodes=[
            PoissonGroupNode(id="p", name="P", N="5", rates="20*Hz"),
            PoissonGroupNode(id="q", name="Q", N="5", rates="20*Hz*(t > 10*ms)"),
            SpikeMonitorNode(id="s", name="spikes"),
        ],
        edges=[Edge(source="p", target="s", role="record")],
    )


def test_a_node_field_a_run_may_change_can_have_a_slider():
    project = poisson_project()
    rates = slider(LiveParameter(name="P.rates", minimum="0*Hz", maximum="100*Hz"), project)
    assert (rates.minimum, rates.maximum, rates.unit, rates.positions) == (0.0, 100.0, "Hz", 101)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("P.N", "'P.N' cannot change during a run: besides constants, only the rates of a"),
        ("Q.rates", "Q.rates"),  # model text over time: its constants may change instead
        ("R.rates", "there is no node 'R'"),
    ],
)
def test_other_node_fields_cannot_have_a_slider(name, message):
    with pytest.raises(LiveParameterError, match=re.escape(message)) as caught:
        slider(LiveParameter(name=name, minimum="0*Hz", maximum="1*Hz"), poisson_project())
    assert caught.value.field == "name"


def test_a_slider_name_is_a_constant_or_one_node_field():
    with pytest.raises(ValueError, match="name"):
        LiveParameter(name="P.rates.x", minimum="0*Hz", maximum="1*Hz")
    with pytest.raises(ValueError, match="name"):
        LiveParameter(name="__import__('os')", minimum="0*Hz", maximum="1*Hz")


def test_a_slider_of_a_constant_in_error_adds_nothing_to_the_constants_error(cuba):
    next(c for c in cuba.constants if c.name == "we").value = "1*mV + 1*ms"
    fields = [d.field for d in validate(cuba) if d.severity == "error"]
    assert fields == ["constants.we"]  # not live_parameters.we.name as well
