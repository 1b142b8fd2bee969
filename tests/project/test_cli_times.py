"""Times on the command line as people type them: ``--duration 100ms``, ``"100 ms"``, ``0.1s``.

Each is read by the engine's safe evaluator (never ``eval``) after a ``*`` is put between the
number and the unit; what is not a time gets a message that says how to write one.
"""

from __future__ import annotations

import re

import pytest

from engine.project import Edge, NeuronGroupNode, Project, RunSettings, SpikeMonitorNode, save
from engine.project.cli import EXIT_OK, EXIT_USAGE, build_parser, main, parse_time
from engine.project.results import Results

FORMS = {
    "100ms": ("100*ms", 0.1),
    "100 ms": ("100*ms", 0.1),
    "0.1s": ("0.1*second", 0.1),
    "100*ms": ("100*ms", 0.1),
    "1 second": ("1*second", 1.0),
    "2.5e-3 s": ("2.5e-3*second", 2.5e-3),
    " 20 msecond ": ("20*msecond", 0.02),
    "3 sec": ("3*second", 3.0),
    ".5s": (".5*second", 0.5),
    "2*50*ms": ("2*50*ms", 0.1),
}


@pytest.mark.parametrize(("typed", "expected"), FORMS.items(), ids=FORMS)
def test_each_way_of_typing_a_duration_is_read(typed, expected):
    text, seconds = expected
    assert parse_time(typed) == text
    arguments = build_parser().parse_args(["run", "p.spikecanvas", "--duration", typed])
    assert arguments.duration == text
    from engine.equations import evaluate_constant

    assert float(evaluate_constant(text)) == pytest.approx(seconds)


NOT_TIMES = {
    "100": "'100' is not a duration (it has no unit)",
    "5 mV": "'5 mV' is not a duration (it has unit V)",
    "100 foo": "'100 foo' is not a duration: 'foo' is not a unit of time",
    "ten ms": "'ten ms' is not a duration",
    "__import__('os')": "'__import__('os')' is not a duration",
    "-5ms": "'-5ms' is negative",
    "inf*second": "'inf*second' is not a finite duration",
}


@pytest.mark.parametrize(("typed", "message"), NOT_TIMES.items(), ids=NOT_TIMES)
def test_what_is_not_a_time_says_how_to_write_one(typed, message, capsys):
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        parse_time(typed)
    assert str(caught.value).startswith(message)
    assert main(["run", "p.spikecanvas", f"--duration={typed}"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err
    if "negative" not in message:
        assert "write e.g. 100ms, '100 ms', 0.1s or 100*ms" in err


def test_a_run_lasts_what_was_typed(tmp_path):
    project = Project(
        run=RunSettings(duration="1*ms", target="numpy"),
        nodes=[
            NeuronGroupNode(
                id="g",
                name="G",
                N="2",
                model="dv/dt = 1/(5*ms) : 1",
                threshold="v > 1",
                reset="v = 0",
            ),
            SpikeMonitorNode(id="m", name="spikes"),
        ],
        edges=[Edge(source="g", target="m", role="record")],
    )
    path, out = tmp_path / "p.spikecanvas", tmp_path / "r.h5"
    save(project, path)
    assert main(["run", str(path), "--duration", "12 ms", "--out", str(out), "--quiet"]) == EXIT_OK
    results = Results.load(out)
    assert results.project.run.duration == "12*ms"
    assert results.provenance.simulated == pytest.approx(0.012)
    assert len(results["spikes"].t) == 4  # each neuron crosses 1 at 5 ms and 10 ms
