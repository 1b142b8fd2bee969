"""Validation of a project's sweeps: each problem with its place ``sweeps.<name>...``."""

from __future__ import annotations

import pytest

from engine.project import Project, validate
from engine.project.sweep import MAX_TRIALS, MeasureRef, Parameter, Sweep


def problems(project: Project) -> list[tuple[str | None, str]]:
    return [(d.field, d.message) for d in validate(project) if d.severity == "error"]


def with_sweep(project: Project, **definition) -> Project:
    definition.setdefault("name", "s")
    project.sweeps.append(Sweep(**definition))
    return project


def one(project: Project) -> tuple[str | None, str]:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_sweep_has_no_problem(small):
    project = with_sweep(
        small,
        parameters=[Parameter(name="I", values="1:2:3"), Parameter(name="w", values=["1*mV"])],
        repeats=3,
        measures=[
            MeasureRef(measure="mean_rate", node="G"),
            MeasureRef(measure="mean", node="trace", variable="v"),
            MeasureRef(measure="spectrum_peak", node="P"),
        ],
    )
    assert validate(project) == []


@pytest.mark.parametrize(
    ("parameter", "place", "message"),
    [
        (Parameter(name="nothing", values="1"), "name", "there is no constant 'nothing'"),
        (Parameter(name="H.N", values="1"), "name", "there is no node 'H'"),
        (Parameter(name="G.model", values="1"), "name", "'G.model' cannot be swept"),
        (Parameter(name="G.threshold", values="1"), "name", "use a constant in it"),
        (Parameter(name="spikes.record", values="1"), "name", "has no field that can be swept"),
        (Parameter(name="run.seed", values="1"), "name", "the run settings that can: run.dt"),
        (Parameter(name="w", values="1*ms, 2*ms"), "values", "does not have the unit of 'w'"),
        (Parameter(name="I", values="1*mV"), "values", "(a plain number)"),
        (Parameter(name="P.rates", values="1*second"), "values", "(in Hz)"),
        (Parameter(name="G.N", values="0, 10"), "values", "0.0 is too small"),
        (Parameter(name="G.N", values="2.5"), "values", "is not a whole number"),
        (Parameter(name="G.N", values="10*mV"), "values", "does not have the unit"),
        (Parameter(name="S.connect.p", values="0.5, 1.5"), "values", "1.5 is too large"),
        (Parameter(name="run.dt", values="0*ms:1*ms:3"), "values", "must be above 0"),
        (Parameter(name="I", values="1:2:1"), "values", "a range needs at least 2"),
        (Parameter(name="I", values=""), "values", "there are no values"),
    ],
)
def test_a_parameter_problem_is_placed_at_the_parameter(small, parameter, place, message):
    first = Parameter(name="tau", values="10*ms")
    field, found = one(with_sweep(small, parameters=[first, parameter]))
    assert field == f"sweeps.s.parameters[1].{place}"
    assert message in found


def test_the_same_parameter_twice_is_refused(small):
    twice = [Parameter(name="I", values="1"), Parameter(name=" I", values="2")]
    assert one(with_sweep(small, parameters=twice)) == (
        "sweeps.s.parameters[1].name",
        "'I' is already varied by parameters[0]",
    )


def test_a_parameter_whose_current_value_is_broken_cannot_be_checked(small):
    small.constants[2].value = "1*mV + 1*ms"
    found = problems(with_sweep(small, parameters=[Parameter(name="w", values="1*mV")]))
    assert ("sweeps.s.parameters[0].name", found[-1][1]) in found
    assert "cannot be evaluated" in found[-1][1]


@pytest.mark.parametrize(
    ("settings", "place", "message"),
    [
        ({"repeats": 0}, "repeats", "repeats must be at least 1, not 0"),
        ({"repeats": MAX_TRIALS}, "", f"the most is {MAX_TRIALS}"),
        ({"samples": 0, "seed": 1}, "samples", "samples must be at least 1"),
        ({"samples": 3}, "seed", "random samples need a seed"),
        ({"samples": 3, "seed": 1, "combination": "zip"}, "combination", "the combination is grid"),
        ({"combination": "zip"}, "combination", "as many values each, not 2, 3"),
    ],
)
def test_a_sweep_problem_is_placed_at_its_setting(small, settings, place, message):
    values = ("1:2", "3:4") if settings.get("samples") is not None else ("1, 2", "1, 2, 3")
    parameters = [Parameter(name="I", values=values[0]), Parameter(name="G.N", values=values[1])]
    field, found = one(with_sweep(small, parameters=parameters, **settings))
    assert field == ("sweeps.s." + place).rstrip(".")
    assert message in found


@pytest.mark.parametrize(
    ("measure", "place", "message"),
    [
        (MeasureRef(measure="loudness", node="G"), "measure", "there is no such measure"),
        (MeasureRef(measure="mean_rate", node="nobody"), "node", "'nobody'"),
        (MeasureRef(measure="mean_rate", node="P"), "node", "SpikeMonitor"),
        (MeasureRef(measure="mean", node="trace", variable="u"), "variable", "records: v"),
        (MeasureRef(measure="mean_rate", node="G", variable="v"), "variable", "not an option"),
        (
            MeasureRef(measure="fano_factor", node="G", options={"window": "5*mV"}),
            "options.window",
            "is not a time",
        ),
    ],
)
def test_a_measure_problem_is_placed_at_the_measure(small, measure, place, message):
    ok = MeasureRef(measure="spike_count", node="spikes")
    field, found = one(with_sweep(small, measures=[ok, measure]))
    assert field == f"sweeps.s.measures[1].{place}"
    assert message in found


def test_two_sweeps_of_one_name_are_refused(small):
    small.sweeps += [Sweep(name="s"), Sweep(name="s")]
    assert one(small) == ("sweeps[1].name", "the sweep name 's' is used twice")


@pytest.mark.parametrize(
    "name",
    ["G.__class__", "G.__dict__.N", "run.__class__", "G.initial.v", "G.N.real", "S.connect", ""],
)
def test_names_reaching_for_anything_else_than_a_sweepable_field_are_refused(small, name):
    # Only the fields listed as sweepable are ever read or set: no attribute is looked up
    # from a name in a file.
    small.sweeps.append(
        Sweep.model_construct(
            name="s", parameters=[Parameter.model_construct(name=name, values="1")]
        )
    )
    field, found = one(small)
    assert field == "sweeps.s.parameters[0].name"
    assert "cannot be swept" in found or "there is no" in found


def test_huge_counts_are_refused_without_being_expanded(small):
    huge = [Parameter(name="I", values="1:2")]
    field, found = one(with_sweep(small, parameters=huge, samples=10**30, seed=1))
    assert field == "sweeps.s"
    assert f"the most is {MAX_TRIALS}" in found
    many = [Parameter(name=f"G.N{k}", values="1") for k in range(40)]
    field, found = one(with_sweep(Project(), name="t", parameters=many))
    assert (field, found) == ("sweeps.t.parameters", "40 parameters: a sweep varies at most 32")
