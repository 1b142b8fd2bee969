"""``(unless refractory)`` typed before the refractory period: a warning that says what to do.

The user guide's ten steps type the equations (with the flag) before the refractory period.
Until the period is set, the project is valid — the flag clamps nothing, as in Brian 2 — and
validation, ``spikecanvas validate`` and ``spikecanvas run`` say, at the equation's line, to
set a refractory period or remove the flag (they used to fail with ``not_refractory``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.groups.neurongroup import RefractoryFlagWarning
from engine.project import (
    Edge,
    NeuronGroupNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    save,
    validate,
)
from engine.project.cli import EXIT_OK, main
from engine.project.runner import run

MODEL = "x : 1\ndv/dt = (1.5 - v)/(10*ms) : 1  (unless refractory)"
MESSAGE = (
    "'v' is clamped with (unless refractory), but 'neurons' has no refractory period: set one "
    "(e.g. 5*ms), or remove the flag"
)


def project(refractory: str = "") -> Project:
    """The guide's step 4 with the equations typed, before the refractory period."""
    return Project(
        run=RunSettings(duration="20*ms", seed=1, target="numpy"),
        nodes=[
            NeuronGroupNode(
                id="n",
                name="neurons",
                N="2",
                model=MODEL,
                threshold="v > 1",
                reset="v = 0",
                refractory=refractory,
            ),
            SpikeMonitorNode(id="s", name="spikes"),
        ],
        edges=[Edge(source="n", target="s", role="record")],
    )


def test_validation_warns_at_the_flag_and_says_what_to_do():
    (diagnostic,) = validate(project())
    assert diagnostic.severity == "warning"
    assert (diagnostic.node_id, diagnostic.field) == ("n", "model")
    assert diagnostic.message == MESSAGE
    line = MODEL.splitlines()[1]
    assert diagnostic.line == 2
    flag = line[diagnostic.column - 1 : diagnostic.end_column - 1]
    assert flag == "(unless refractory)"


def test_with_a_refractory_period_the_warning_goes():
    assert validate(project("5*ms")) == []


def test_the_project_runs_and_the_engine_warns_in_the_same_words():
    with pytest.warns(RefractoryFlagWarning, match=r"set one \(e\.g\. 5\*ms\)"):
        results = run(project(), lambda progress: None)
    assert len(results["spikes"].t) > 0


def test_the_command_line_reports_it_at_its_place_and_runs(tmp_path, capsys):
    path = tmp_path / "step4.spikecanvas"
    save(project(), path)
    assert main(["validate", str(path)]) == EXIT_OK
    column = MODEL.splitlines()[1].index("(unless") + 1
    assert capsys.readouterr().out.strip() == (
        f"{path}: node 'neurons', model, line 2, column {column}: warning: {MESSAGE}"
    )
    # A run, as from a shell (where Python's own warning filters apply).
    finished = subprocess.run(
        [sys.executable, "-m", "engine", "run", str(path), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == EXIT_OK
    assert finished.stderr.strip() == f"spikecanvas: warning: {MESSAGE} (line 2 of the model)"
