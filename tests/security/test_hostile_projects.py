"""No text of a project file ever runs as code: payloads in every field, through every path.

Each payload tries to create a canary file. For every field of every node kind, of the run
settings, the constants, the project, its sweep and its slider, and for every payload, the
project goes through what a user can do with a file someone sent them: open it, validate it,
run it (numpy), expand its sweep into the projects of its trials, export it as a script. The
canary must never appear; each step either works or refuses with the project layer's own
errors; and `run` refuses exactly what `validate` reports as an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from security.hostile_inputs import (
    base_data,
    base_project,
    code_problems,
    every_field,
    payloads,
    with_value,
)

from engine.project import (
    BuildError,
    InvalidProjectError,
    ProjectFileError,
    RunError,
    export_script,
    loads,
    validate,
)
from engine.project.runner import run
from engine.project.sweep import apply_trial, trials

FIELDS = every_field()


def test_the_base_project_is_valid_and_runs():
    project = base_project()
    assert [d for d in validate(project) if d.severity == "error"] == []
    assert [d.field for d in validate(project)] == []  # its sweep and slider too, no warning
    results = run(project)
    assert results["SM"].num_spikes > 0
    assert code_problems(export_script(project)) == []


def through_every_path(text: str) -> dict[str, str]:
    """Open, validate, run and export a project file's text; return what each step did."""
    try:
        project = loads(text)
    except ProjectFileError:
        return {"load": "refused"}
    errors = [d for d in validate(project) if d.severity == "error"]
    outcome = {"load": "ok", "validate": f"{len(errors)} errors"}
    refused: InvalidProjectError | None = None
    try:
        run(project, duration="1*ms")
        outcome["run"] = "ok"
    except InvalidProjectError as error:
        outcome["run"] = "refused"
        refused = error
    except RunError:
        outcome["run"] = "failed"
    if not errors:  # a sweep runs each trial's project: the first, validated and run too
        for sweep in project.sweeps:
            trial = trials(sweep, project)[0]
            trial_errors = [
                d for d in validate(apply_trial(project, trial)) if d.severity == "error"
            ]
            outcome[f"sweep {sweep.name}"] = f"{len(trial_errors)} errors"
    if errors:
        assert refused is not None, "run must refuse what validate reports"
        # The same errors, in the same words, as validation.
        assert [d.message for d in refused.diagnostics] == [d.message for d in errors]
    try:
        script = export_script(project)
    except BuildError:
        outcome["export"] = "refused"
    else:
        outcome["export"] = "ok"
        assert code_problems(script) == []
    return outcome


@pytest.mark.parametrize(("label", "place", "shape"), FIELDS, ids=[f[0] for f in FIELDS])
def test_no_payload_in_any_field_runs_and_every_step_refuses_cleanly(label, place, shape, tmp_path):
    canary = tmp_path / "canary"
    data = base_data()
    for payload in payloads(canary):
        outcome = through_every_path(json.dumps(with_value(data, place, shape, payload)))
        assert not canary.exists(), f"{label} = {payload!r} ran: {outcome}"


def test_the_reported_payload_is_refused_when_the_file_is_opened(tmp_path):
    data = base_data()
    payload = f"G\n    __import__('os').system('touch {tmp_path / 'canary'}')\n    #"
    data["nodes"][1]["initial"]["_name"] = payload
    with pytest.raises(ProjectFileError, match="initial.*'_name' starts with an underscore"):
        loads(json.dumps(data))


@pytest.mark.parametrize("key", ["_name", "_spikespace", "variables", "namespace", "i", "N"])
def test_an_initial_value_sets_only_a_variable_the_user_may_set(key):
    project = base_project()
    group = project.node("G")
    # Made without the document's checks, as a program could: build and export still refuse.
    group.__dict__["initial"] = {key: "1"}
    with pytest.raises(BuildError) as raised:
        run(project)
    assert raised.value.node_name == "G"
    assert raised.value.field == f"initial.{key}"


def test_a_script_exported_with_payloads_in_all_free_text_runs_them_as_text(tmp_path):
    """Titles, notes and plot titles accept any text: the exported script must only print it."""
    canary = tmp_path / "canary"
    text = "\n".join(payloads(canary))
    data = base_data()
    data["title"] = data["description"] = data["notes"] = text
    data["constants"][0]["notes"] = text
    for node in data["nodes"]:
        node["notes"] = text
        if "plot" in node:
            node["plot"]["title"] = text
    project = loads(json.dumps(data))
    assert [d for d in validate(project) if d.severity == "error"] == []
    script = tmp_path / "script.py"
    script.write_text(export_script(project), encoding="utf-8")
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    finished = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert not canary.exists()
    run(project)  # the same project in process
    assert not canary.exists()


@pytest.mark.parametrize(
    ("place", "value", "field"),
    [
        (("nodes", 1, "N"), "2**63", "N"),
        (("nodes", 2, "N"), "1e400", "N"),
        (("run", "report_period"), "0*second", "run.report_period"),
        (("run", "dt"), "0.1", "run.dt"),
        (("nodes", 4, "connect", "j"), "1 % 0", "connect.j"),
    ],
)
def test_what_run_used_to_refuse_alone_is_reported_by_validate(place, value, field):
    """The issue's examples of run and validate disagreeing; a seed of -1 cannot be opened."""
    project = loads(json.dumps(with_value(base_data(), place, "text", value)))
    errors = [d for d in validate(project) if d.severity == "error"]
    assert [d.field for d in errors] == [field]
    with pytest.raises(InvalidProjectError) as refused:
        run(project)
    assert [d.message for d in refused.value.diagnostics] == [errors[0].message]
    data = base_data()
    data["run"]["seed"] = -1
    with pytest.raises(ProjectFileError, match="run.seed"):
        loads(json.dumps(data))
