"""Sweeps in project files: saved and loaded with the project, strictly, as data."""

from __future__ import annotations

import json

import pytest

from engine.project import ProjectFileError, dumps, load, loads, save
from engine.project.document import FORMAT_VERSION
from engine.project.sweep import MeasureRef, Parameter, Sweep


def a_sweep() -> Sweep:
    return Sweep(
        name="fI",
        notes="an f-I curve",
        parameters=[
            Parameter(name="I", values="log:1:100:5"),
            Parameter(name="G.N", values=["10", "20"]),
        ],
        combination="grid",
        seed=12,
        repeats=3,
        measures=[MeasureRef(measure="fano_factor", node="G", options={"window": "10*ms"})],
        keep_data=True,
    )


def test_a_project_with_a_sweep_is_saved_and_loaded_identically(small, tmp_path):
    small.sweeps.append(a_sweep())
    path = tmp_path / "swept.spikecanvas"
    save(small, path)
    assert load(path) == small
    assert json.loads(path.read_text())["sweeps"][0]["parameters"][0] == {
        "name": "I",
        "values": "log:1:100:5",
    }


def test_a_project_without_sweeps_is_written_as_before_them(small):
    # Files without sweeps stay readable by the versions before sweeps (same format version).
    data = json.loads(dumps(small))
    assert "sweeps" not in data
    assert data["format_version"] == FORMAT_VERSION == 1
    assert loads(dumps(small)).sweeps == []


def mutated(small, change) -> str:
    small.sweeps.append(a_sweep())
    data = json.loads(dumps(small))
    change(data["sweeps"][0])
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda s: s.update(colour="red"), "sweeps[0].colour", "unknown field"),
        (lambda s: s["parameters"][0].update(scale="log"), "sweeps[0].parameters[0].scale", ""),
        (lambda s: s["measures"][0].update(weight=1), "sweeps[0].measures[0].weight", ""),
        (lambda s: s.update(repeats="3"), "sweeps[0].repeats", "integer"),
        (lambda s: s.update(repeats=True), "sweeps[0].repeats", "integer"),
        (lambda s: s.update(combination="product"), "sweeps[0].combination", "'grid' or 'zip'"),
        (lambda s: s.update(seed=-1), "sweeps[0].seed", "greater than or equal to 0"),
        (lambda s: s.update(name="import os"), "sweeps[0].name", "not a valid name"),
        (lambda s: s.pop("name"), "sweeps[0].name", "this field is missing"),
        (lambda s: s["parameters"][0].update(values=[1, None]), "sweeps[0].parameters[0]", ""),
    ],
)
def test_a_broken_sweep_in_a_file_is_refused_at_its_place(small, change, path, message):
    with pytest.raises(ProjectFileError) as caught:
        loads(mutated(small, change))
    places = {(p.path, p.message) for p in caught.value.problems}
    assert any(p.startswith(path) and message in m for p, m in places), places


def test_a_key_written_twice_in_a_sweep_is_refused(small):
    text = mutated(small, lambda s: None).replace('"repeats": 3', '"repeats": 3, "repeats": 4')
    with pytest.raises(ProjectFileError) as caught:
        loads(text)
    assert [p.path for p in caught.value.problems] == ["sweeps[0].repeats"]


def test_values_in_a_file_are_text_never_evaluated(small):
    # Code-like text is kept as text by the loader and refused, with its place, by validation.
    from engine.project import validate

    hostile = "__import__('os').system('touch pwned')"
    project = loads(mutated(small, lambda s: s["parameters"][0].update(values=hostile)))
    assert project.sweeps[0].parameters[0].values == hostile
    found = [(d.field, d.message) for d in validate(project)]
    assert found[0][0] == "sweeps.fI.parameters[0].values"
    assert "is not a value" in found[0][1]
