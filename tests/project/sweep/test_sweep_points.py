"""Expanding a sweep: points of a grid, a zip and random samples; trials and their seeds."""

from __future__ import annotations

import numpy as np
import pytest

from engine.project.sweep import (
    MAX_TRIALS,
    Parameter,
    Point,
    Sweep,
    SweepError,
    points,
    trial_seed,
    trials,
)


def sweep(*parameters: tuple[str, str | list[str]], **settings) -> Sweep:
    return Sweep(
        name="s",
        parameters=[Parameter(name=n, values=v) for n, v in parameters],
        **settings,
    )


def test_a_grid_is_the_product_with_the_first_parameter_slowest(small):
    found = points(sweep(("I", "1, 2"), ("G.N", "10:30:3")), small)
    assert [p.values for p in found] == [
        (("I", "1.0"), ("G.N", "10")),
        (("I", "1.0"), ("G.N", "20")),
        (("I", "1.0"), ("G.N", "30")),
        (("I", "2.0"), ("G.N", "10")),
        (("I", "2.0"), ("G.N", "20")),
        (("I", "2.0"), ("G.N", "30")),
    ]
    assert [p.index for p in found] == list(range(6))


def test_a_zip_takes_the_values_side_by_side(small):
    found = points(sweep(("I", "1, 2, 3"), ("tau", "5*ms:15*ms:3"), combination="zip"), small)
    assert [p.as_dict() for p in found] == [
        {"I": "1.0", "tau": "5.0*ms"},
        {"I": "2.0", "tau": "10.0*ms"},
        {"I": "3.0", "tau": "15.0*ms"},
    ]


def test_a_zip_of_unequal_lengths_is_refused(small):
    with pytest.raises(SweepError, match="as many values each, not 2, 3") as caught:
        points(sweep(("I", "1, 2"), ("tau", "1*ms, 2*ms, 3*ms"), combination="zip"), small)
    assert caught.value.field == "combination"


def test_a_sweep_without_parameters_has_one_point_the_project_as_it_is(small):
    assert points(sweep(), small) == [Point(0, ())]


def test_random_samples_are_drawn_again_identically_from_the_seed(small):
    sampled = sweep(
        ("I", "1:2"),
        ("tau", "log:1*ms:100*ms"),
        ("G.N", "5:8"),
        ("w", "1*mV, 2*mV"),
        samples=50,
        seed=3,
    )
    first, again = points(sampled, small), points(sampled, small)
    assert first == again
    assert len(first) == 50
    other = points(sampled.model_copy(update={"seed": 4}), small)
    assert other != first
    values = {name: [p.as_dict()[name] for p in first] for name in ("I", "tau", "G.N", "w")}
    assert all(1 <= float(v) <= 2 for v in values["I"])
    taus = [float(v.removesuffix("*ms")) for v in values["tau"]]
    assert all(1 <= t <= 100 for t in taus)
    assert set(values["G.N"]) <= {"5", "6", "7", "8"}
    assert len(set(values["G.N"])) > 1
    assert set(values["w"]) == {"1.0*mV", "2.0*mV"}
    # Fewer samples are the first of more: each point is drawn in turn.
    assert points(sampled.model_copy(update={"samples": 10}), small) == first[:10]


def test_random_samples_need_a_seed(small):
    with pytest.raises(SweepError, match="need a seed") as caught:
        points(sweep(("I", "1:2"), samples=3), small)
    assert caught.value.field == "seed"


def test_each_point_repeats_with_its_own_deterministic_seed(small):
    swept = sweep(("I", "1, 2, 3"), repeats=4, seed=11)
    found = trials(swept, small)
    assert [(t.index, t.point.index, t.repeat) for t in found[:5]] == [
        (0, 0, 0),
        (1, 0, 1),
        (2, 0, 2),
        (3, 0, 3),
        (4, 1, 0),
    ]
    seeds = [t.seed for t in found]
    assert len(set(seeds)) == 12
    assert seeds == [t.seed for t in trials(swept, small)]
    # The documented derivation, and its range (a project's seed is 32 bits).
    assert found[5].seed == int(
        np.random.SeedSequence(11, spawn_key=(1, 1)).generate_state(1, np.uint32)[0]
    )
    assert found[5].seed == trial_seed(11, 1, 1)
    assert all(0 <= s < 2**32 for s in seeds)


def test_without_a_sweep_seed_the_trials_derive_from_the_run_seed_or_have_none(small):
    swept = sweep(("I", "1, 2"), repeats=2)
    assert [t.seed for t in trials(swept, small)] == [
        trial_seed(7, p, r) for p in (0, 1) for r in (0, 1)
    ]
    small.run.seed = None
    assert [t.seed for t in trials(swept, small)] == [None] * 4


def test_a_size_range_must_give_whole_numbers(small):
    with pytest.raises(SweepError, match="not a whole number") as caught:
        points(sweep(("G.N", "1:10:3")), small)
    assert caught.value.field == "parameters[0].values"


def test_the_number_of_trials_is_limited_before_any_point_is_made(small):
    # 1000 x 1000 points would be a million objects: refused from the counts alone.
    huge = sweep(("I", "1:2:1000"), ("tau", "1*ms:2*ms:1000"))
    with pytest.raises(SweepError, match=f"1000000 trials .* the most is {MAX_TRIALS}"):
        points(huge, small)
    with pytest.raises(SweepError, match="the most is"):
        points(sweep(("I", "1, 2"), repeats=MAX_TRIALS), small)
