"""The summary of a run counts every group whose spikes are known, and times compiling apart.

A group recorded only by a PopulationRateMonitor (the STDP example's one neuron) used to be
missing from the summary, so a neuron firing at 40 Hz showed "0 spikes". And the first
compiled run's compile time was counted as simulation time.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from engine.project import load
from engine.project.results import Provenance, RateData, Results, spikes_from_rate
from engine.project.runner import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def cuba_results() -> Results:
    project = load(EXAMPLES / "cuba.spikecanvas")
    project.run.target = "numpy"
    return run(project, duration="30*ms")


def test_a_population_rate_gives_back_the_number_of_spikes(cuba_results):
    spikes = cuba_results["spikes"].num_spikes
    assert spikes > 100
    rate = cuba_results["rate"]
    assert isinstance(rate, RateData)
    assert spikes_from_rate(rate, cuba_results.provenance.dt) == spikes


def test_a_group_recorded_by_a_rate_monitor_only_is_counted_from_its_rate(cuba_results):
    spikes = cuba_results["spikes"].num_spikes
    without_spikes = dataclasses.replace(
        cuba_results,
        monitors={k: v for k, v in cuba_results.monitors.items() if k != "spikes"},
    )
    [group] = without_spikes.summary().groups
    assert (group.group, group.monitor, group.kind) == ("P", "rate", "PopulationRateMonitor")
    assert group.spikes == spikes
    assert group.rate == pytest.approx(spikes / (4000 * 0.03))


def test_a_group_with_a_spike_monitor_is_counted_once_from_its_spikes(cuba_results):
    [group] = cuba_results.summary().groups
    assert (group.monitor, group.kind) == ("spikes", "SpikeMonitor")
    assert group.spikes == cuba_results["spikes"].num_spikes


def test_the_stdp_example_s_neuron_is_in_the_summary_with_its_spikes():
    project = load(EXAMPLES / "stdp.spikecanvas")
    project.run.target = "numpy"
    results = run(project, duration="1*second")
    [group] = results.summary().groups
    assert (group.group, group.monitor, group.size) == ("neuron", "output", 1)
    assert 10 < group.rate < 100  # the example's notes: it fires at tens of Hz
    assert group.spikes == round(group.rate * 1.0)
    assert f"{group.spikes}" in str(results.summary())


def provenance(**changes) -> Provenance:
    values = {
        "engine_version": "0.1.0",
        "seed": 7,
        "seed_drawn": False,
        "target": "cython",
        "target_used": "cython",
        "dt": 1e-4,
        "duration": 1.0,
        "simulated": 1.0,
        "status": "completed",
        "wall_time": 3.0,
        "build_time": 0.02,
        "date": "2024-01-02T03:04:05Z",
        "numpy_version": "2.0",
        "python_version": "3.11.7",
    }
    values.update(changes)
    return Provenance(**values)


def test_the_speed_leaves_compiling_out_and_the_text_says_how_long_it_took(cuba_results):
    results = dataclasses.replace(cuba_results, provenance=provenance(compile_time=2.5))
    summary = results.summary()
    assert summary.compile_time == 2.5
    assert summary.run_time == pytest.approx(0.5)
    assert summary.speed == pytest.approx(2.0)
    assert "1 s simulated in 500 ms (2x real time), after compiling for 2.5 s" in str(summary)


def test_a_run_without_compiling_says_nothing_of_it(cuba_results):
    results = dataclasses.replace(cuba_results, provenance=provenance())
    summary = results.summary()
    assert summary.compile_time == 0
    assert summary.speed == pytest.approx(1 / 3)
    assert "compiling" not in str(summary)


def test_provenance_written_before_compile_time_existed_still_loads():
    old = dataclasses.asdict(provenance())
    del old["compile_time"]
    loaded = Provenance.from_json(json.dumps(old))
    assert loaded.compile_time == 0.0
    assert loaded == provenance()


def test_a_saved_compile_time_round_trips(tmp_path, cuba_results):
    results = dataclasses.replace(cuba_results, provenance=provenance(compile_time=1.25))
    results.save(tmp_path / "r.h5")
    assert Results.load(tmp_path / "r.h5").provenance.compile_time == 1.25
    assert not math.isnan(Results.load(tmp_path / "r.h5").summary().speed)
