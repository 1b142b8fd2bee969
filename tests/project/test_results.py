"""Results of a run: plain data, an HDF5 file that round-trips, clear errors for other files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import h5py
import numpy as np
import pytest

from engine.project import (
    Edge,
    NeuronGroupNode,
    PopulationRateMonitorNode,
    Project,
    ProjectError,
    ResultsFileError,
    SpikeMonitorNode,
    StateMonitorNode,
    dumps,
)
from engine.project.results import (
    RESULTS_FORMAT_VERSION,
    Provenance,
    RateData,
    Recorded,
    Results,
    SpikeData,
    StateData,
    concatenate,
)


def provenance(**changes) -> Provenance:
    values = {
        "engine_version": "0.1.0",
        "seed": 7,
        "seed_drawn": False,
        "target": "auto",
        "target_used": "numpy",
        "dt": 1e-4,
        "duration": 0.5,
        "simulated": 0.5,
        "status": "completed",
        "wall_time": 0.25,
        "build_time": 0.01,
        "date": "2024-01-02T03:04:05Z",
        "numpy_version": np.__version__,
        "python_version": "3.11.7",
        "platform": "Linux",
    }
    values.update(changes)
    return Provenance(**values)


def project() -> Project:
    return Project(
        title="two groups",
        nodes=[
            NeuronGroupNode(id="e", name="E", N="10", model="dv/dt = -v/(10*ms) : volt"),
            NeuronGroupNode(id="i", name="I", N="4", model="dv/dt = -v/(10*ms) : volt"),
            SpikeMonitorNode(id="se", name="spikes_e", variables=["v"]),
            SpikeMonitorNode(id="si", name="spikes_i"),
            StateMonitorNode(id="st", name="trace", variables=["v"], record="[0, 3]"),
            PopulationRateMonitorNode(id="r", name="rate"),
        ],
        edges=[
            Edge(source="e", target="se", role="record"),
            Edge(source="i", target="si", role="record"),
            Edge(source="e", target="st", role="record"),
            Edge(source="e", target="r", role="record"),
        ],
    )


def results(**provenance_changes) -> Results:
    rng = np.random.default_rng(0)
    n = 25
    spikes_e = SpikeData(
        "se",
        "spikes_e",
        "E",
        10,
        i=rng.integers(0, 10, n).astype(np.int32),
        t=np.sort(rng.uniform(0, 0.5, n)),
        variables={"v": Recorded(rng.normal(size=n) * 1e-3, "V")},
    )
    spikes_i = SpikeData(
        "si", "spikes_i", "I", 4, i=np.array([0, 3, 3], np.int32), t=np.array([0.1, 0.2, 0.3])
    )
    t = np.arange(5000) * 1e-4
    trace = StateData(
        "st",
        "trace",
        "E",
        10,
        t=t,
        record=np.array([0, 3], np.int32),
        variables={"v": Recorded(np.vstack([np.sin(t), np.cos(t)]) * 1e-3, "V")},
    )
    rate = RateData("r", "rate", "E", 10, t=t, rate=rng.poisson(1, len(t)) / (10 * 1e-4))
    monitors = {m.name: m for m in (spikes_e, spikes_i, trace, rate)}
    return Results(project(), provenance(**provenance_changes), monitors)


def assert_same(a: Results, b: Results) -> None:
    assert dumps(a.project) == dumps(b.project)
    assert a.provenance == b.provenance
    assert list(a.monitors) == list(b.monitors)
    for name, first in a.monitors.items():
        second = b.monitors[name]
        assert type(first) is type(second)
        assert (first.node_id, first.name, first.source, first.source_size) == (
            second.node_id,
            second.name,
            second.source,
            second.source_size,
        )
        for key in ("i", "t", "record", "rate"):
            if hasattr(first, key):
                np.testing.assert_array_equal(getattr(first, key), getattr(second, key))
                assert getattr(first, key).dtype == getattr(second, key).dtype
        for variable, recorded in getattr(first, "variables", {}).items():
            other = second.variables[variable]
            np.testing.assert_array_equal(recorded.values, other.values)
            assert recorded.unit == other.unit


# -- round trip --------------------------------------------------------------------------------


def test_results_round_trip_through_hdf5(tmp_path):
    original = results(seed_drawn=True, status="stopped", simulated=0.3)
    path = tmp_path / "run.h5"
    original.save(path)
    loaded = Results.load(path)
    assert_same(original, loaded)
    assert loaded["spikes_e"].i.dtype == np.int32
    assert loaded["spikes_e"].t.dtype == np.float64
    assert loaded["trace"].variables["v"].values.shape == (2, 5000)
    assert not loaded.completed
    assert loaded.provenance.seed_drawn


def test_the_file_follows_the_documented_layout(tmp_path):
    path = tmp_path / "run.h5"
    results().save(path)
    with h5py.File(path, "r") as file:
        assert file.attrs["format"] == "spikecanvas-results"
        assert file.attrs["format_version"] == RESULTS_FORMAT_VERSION
        assert json.loads(file.attrs["provenance"])["seed"] == 7
        assert file["project"].asstr()[()] == dumps(project())
        assert list(file["monitors"]) == ["spikes_e", "spikes_i", "trace", "rate"]
        spikes = file["monitors/spikes_e"]
        assert dict(spikes.attrs) == {
            "kind": "SpikeMonitor",
            "node_id": "se",
            "source": "E",
            "source_size": 10,
        }
        assert spikes["i"].dtype == np.int32
        assert spikes["t"].attrs["unit"] == "s"
        assert spikes["variables/v"].attrs["unit"] == "V"
        assert file["monitors/trace/variables/v"].shape == (2, 5000)
        assert file["monitors/rate/rate"].attrs["unit"] == "Hz"


def test_empty_monitors_round_trip(tmp_path):
    empty = Results(
        project(),
        provenance(simulated=0.0, status="stopped"),
        {
            "spikes_e": SpikeData(
                "se", "spikes_e", "E", 10, variables={"v": Recorded(np.zeros(0), "V")}
            ),
            "trace": StateData(
                "st",
                "trace",
                "E",
                10,
                record=np.array([0, 3], np.int32),
                variables={"v": Recorded(np.zeros((2, 0)), "V")},
            ),
            "rate": RateData("r", "rate", "E", 10),
        },
    )
    empty.save(tmp_path / "empty.h5")
    assert_same(empty, Results.load(tmp_path / "empty.h5"))


def test_saving_over_a_file_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "run.h5"
    results().save(path)
    before = path.read_bytes()

    def broken(self, file):
        file.attrs["format"] = "half written"
        raise OSError("disk full")

    monkeypatch.setattr(Results, "_write", broken)
    with pytest.raises(OSError, match="disk full"):
        results(seed=8).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["run.h5"]


def test_saving_into_a_missing_folder_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        results().save(tmp_path / "nowhere" / "run.h5")


# -- files that are not results ------------------------------------------------------------------


def write_then(tmp_path: Path, change) -> Path:
    path = tmp_path / "run.h5"
    results().save(path)
    with h5py.File(path, "r+") as file:
        change(file)
    return path


def load_error(path) -> ResultsFileError:
    with pytest.raises(ResultsFileError) as caught:
        Results.load(path)
    assert isinstance(caught.value, ProjectError)
    return caught.value


def test_a_file_that_is_not_hdf5_is_refused(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("not a results file")
    error = load_error(path)
    assert "is not an HDF5 file" in str(error)
    assert str(path) in str(error)


def test_a_missing_file_is_refused(tmp_path):
    assert "no such file" in str(load_error(tmp_path / "missing.h5"))


def test_an_hdf5_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as file:
        file["data"] = np.arange(3)
    assert "not a SpikeCanvas results file" in str(load_error(path))


def test_a_file_of_a_newer_format_asks_for_an_update(tmp_path):
    path = write_then(tmp_path, lambda f: f.attrs.__setitem__("format_version", 99))
    message = str(load_error(path))
    assert "newer SpikeCanvas" in message
    assert "99" in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.__delitem__("monitors/spikes_e/i"), "monitors/spikes_e/i' is missing"),
        (lambda f: f.attrs.__setitem__("provenance", "{"), "damaged"),
        (lambda f: f.attrs.__setitem__("provenance", '{"seed": 1}'), "provenance has no"),
        (lambda f: f["monitors/rate"].attrs.__setitem__("kind", "Oscilloscope"), "unknown kind"),
        (lambda f: f.__delitem__("project"), "damaged"),
        (
            lambda f: (
                f.__delitem__("monitors/spikes_i/t"),
                f.create_dataset("monitors/spikes_i/t", data=["a", "b", "c"]),
            ),
            "not an array of numbers",
        ),
        (
            lambda f: (
                f.__delitem__("monitors/spikes_i/t"),
                f.create_dataset("monitors/spikes_i/t", data=[0.1]),
            ),
            "different lengths",
        ),
        (
            lambda f: (
                f.__delitem__("monitors/trace/variables/v"),
                f.create_dataset("monitors/trace/variables/v", data=np.zeros((3, 5000))),
            ),
            "has shape (3, 5000)",
        ),
    ],
    ids=[
        "missing-dataset",
        "bad-json",
        "incomplete-provenance",
        "kind",
        "no-project",
        "text",
        "length",
        "shape",
    ],
)
def test_a_damaged_file_is_refused_with_the_reason(tmp_path, change, message):
    error = load_error(write_then(tmp_path, change))
    assert message in str(error)


def test_the_stored_project_is_checked_like_a_project_file(tmp_path):
    def replace_project(file):
        del file["project"]
        text = '{"format_version": 1, "nodes": [{"kind": "Eval", "name": "x"}]}'
        file.create_dataset("project", data=text, dtype=h5py.string_dtype())

    message = str(load_error(write_then(tmp_path, replace_project)))
    assert "the project stored in it cannot be read" in message
    assert "unknown node kind 'Eval'" in message


# -- summary and chunks ----------------------------------------------------------------------------


def test_the_summary_counts_spikes_and_mean_rates_per_group():
    summary = results(simulated=0.5, wall_time=0.25).summary()
    assert [(g.group, g.monitor, g.size, g.spikes) for g in summary.groups] == [
        ("E", "spikes_e", 10, 25),
        ("I", "spikes_i", 4, 3),
    ]
    assert summary.groups[0].rate == pytest.approx(25 / (10 * 0.5))
    assert summary.groups[1].rate == pytest.approx(3 / (4 * 0.5))
    assert summary.simulated == 0.5
    assert summary.wall_time == 0.25
    assert summary.speed == pytest.approx(2.0)
    text = str(summary)
    assert "spikes_e" in text
    assert "5 Hz" in text
    assert "500 ms simulated in 250 ms (2x real time): completed" in text


def test_the_summary_of_a_run_that_simulated_nothing_has_no_rates():
    summary = results(simulated=0.0, wall_time=0.0, status="stopped").summary()
    assert math.isnan(summary.groups[0].rate)
    assert math.isnan(summary.speed)
    assert "n/a" in str(summary)


def test_spike_counts_per_neuron():
    data = results()["spikes_i"]
    np.testing.assert_array_equal(data.counts, [1, 0, 0, 2])
    assert data.num_spikes == len(data) == 3


def test_chunks_concatenate_along_time():
    full = results()
    trace = full["trace"]
    chunks = [
        StateData(
            "st",
            "trace",
            "E",
            10,
            t=trace.t[a:b],
            record=trace.record,
            variables={"v": Recorded(trace.variables["v"].values[:, a:b], "V")},
        )
        for a, b in ((0, 10), (10, 10), (10, 5000))
    ]
    joined = concatenate(chunks)
    np.testing.assert_array_equal(joined.t, trace.t)
    np.testing.assert_array_equal(joined.variables["v"].values, trace.variables["v"].values)
    assert joined.variables["v"].unit == "V"
    spikes = full["spikes_e"]
    halves = [
        SpikeData(
            "se",
            "spikes_e",
            "E",
            10,
            i=spikes.i[s],
            t=spikes.t[s],
            variables={"v": Recorded(spikes.variables["v"].values[s], "V")},
        )
        for s in (slice(0, 7), slice(7, None))
    ]
    joined = concatenate(halves)
    np.testing.assert_array_equal(joined.i, spikes.i)
    np.testing.assert_array_equal(joined.variables["v"].values, spikes.variables["v"].values)
    with pytest.raises(ValueError, match="same monitor"):
        concatenate([spikes, full["spikes_i"]])
    with pytest.raises(ValueError, match="at least one"):
        concatenate([])


def test_an_unknown_monitor_is_named_in_the_error():
    with pytest.raises(KeyError, match="monitors: spikes_e, spikes_i, trace, rate"):
        results()["nothing"]
