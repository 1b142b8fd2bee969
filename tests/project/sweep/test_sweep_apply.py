"""Applying a point: a new project with the values set, that validates and runs as typed."""

from __future__ import annotations

import numpy as np
import pytest

from engine.project import validate
from engine.project.runner import run
from engine.project.sweep import (
    Parameter,
    Point,
    Sweep,
    SweepError,
    apply,
    apply_trial,
    points,
    trials,
)


def test_apply_sets_constants_node_fields_and_run_settings_in_a_copy(small):
    before = small.model_copy(deep=True)
    point = Point(
        0,
        (
            ("I", "2.0"),
            ("w", "0.5*mV"),
            ("G.N", "20"),
            ("S.connect.p", "0.25"),
            ("P.rates", "40.0*Hz"),
            ("run.dt", "0.05*ms"),
        ),
    )
    swept = apply(small, point, seed=99)
    assert small == before  # the original is untouched
    assert {c.name: c.value for c in swept.constants} == {
        "tau": "10*ms",
        "I": "2.0",
        "w": "0.5*mV",
    }
    assert swept.node("G").N == "20"
    assert swept.node("S").connect.p == "0.25"
    assert swept.node("P").rates == "40.0*Hz"
    assert swept.run.dt == "0.05*ms"
    assert swept.run.seed == 99
    assert validate(swept) == []


def test_every_point_of_a_sweep_gives_a_valid_project(small):
    sweep = Sweep(
        name="s",
        parameters=[
            Parameter(name="tau", values="log:1*ms:100*ms:3"),
            Parameter(name="S.delay", values="0*ms:2*ms:3"),
            Parameter(name="S.connect.p", values="0.5:1:3"),
        ],
    )
    for point in points(sweep, small):
        assert validate(apply(small, point)) == [], point


def test_apply_refuses_a_point_naming_a_field_that_cannot_be_swept(small):
    with pytest.raises(SweepError, match="'G.model' cannot be swept"):
        apply(small, Point(0, (("G.model", "dv/dt = 0 : 1"),)))


def test_a_trial_runs_exactly_as_the_project_edited_by_hand(small):
    sweep = Sweep(
        name="s",
        parameters=[Parameter(name="I", values="1.2, 2"), Parameter(name="G.N", values="4, 8")],
        repeats=2,
        seed=5,
    )
    trial = trials(sweep, small)[7]  # I = 2, N = 8, the second repeat
    assert trial.point.as_dict() == {"I": "2.0", "G.N": "8"}
    assert trial.repeat == 1
    by_hand = small.model_copy(deep=True)
    by_hand.constants[1].value = "2.0"
    by_hand.node("G").N = "8"
    by_hand.run.seed = trial.seed
    swept, edited = run(apply_trial(small, trial)), run(by_hand)
    # The same model, the same seed: the very same spikes, bit for bit.
    assert len(edited["spikes"].i) > 0
    np.testing.assert_array_equal(swept["spikes"].i, edited["spikes"].i)
    np.testing.assert_array_equal(swept["spikes"].t, edited["spikes"].t)
    # The seed matters (initial potentials are random): another repeat differs.
    other = run(apply_trial(small, trials(sweep, small)[6]))
    assert not np.array_equal(other["spikes"].t, edited["spikes"].t)
