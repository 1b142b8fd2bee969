"""A sweep's HDF5 file: everything a sweep gave is read back, and a crafted file is refused.

The sweeps run on an in-process Dask cluster (one worker thread): the file does not depend on
where the trials ran, and it starts in a fraction of the time of worker processes.
"""

from __future__ import annotations

import dataclasses
import json
import math

import h5py
import numpy as np
import pytest
from distributed import Client, LocalCluster

from engine.project.errors import InvalidProjectError, ResultsFileError
from engine.project.fileio import dumps
from engine.project.runner import run
from engine.project.sweep import MeasureRef, Parameter, Sweep, SweepError
from engine.project.sweep.apply import trial_project
from engine.project.sweep.run import run_sweep
from engine.project.sweep.store import (
    SWEEP_FORMAT_VERSION,
    SweepFileError,
    load_sweep,
    save_sweep,
)
from engine.project.validate import validate

pytestmark = pytest.mark.timeout(120)

MEASURES = [
    MeasureRef(measure="spike_count", node="spikes"),
    MeasureRef(measure="mean", node="trace", variable="v"),
]


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


def swept(project, **fields):
    project = project.model_copy(deep=True)
    parameters = [Parameter(name="I", values="1.2, 2, 50")]
    project.sweeps = [
        Sweep(name="s", parameters=parameters, measures=MEASURES, repeats=2, seed=3, **fields)
    ]
    return project


@pytest.fixture
def saved(small, client, tmp_path):
    """A sweep that kept its trials' data, saved: (project, table, path)."""
    project = swept(small, keep_data=True)
    table = run_sweep(project, "s", client=client)
    path = tmp_path / "sweep.h5"
    save_sweep(path, project, table)
    return project, table, path


def same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def test_a_saved_sweep_loads_as_it_was(saved):
    project, table, path = saved
    record = load_sweep(path)
    assert dumps(record.project) == dumps(project)
    assert record.sweep == project.sweeps[0]
    loaded = record.table
    assert (loaded.sweep, loaded.parameters, loaded.measures, loaded.units) == (
        table.sweep,
        table.parameters,
        table.measures,
        table.units,
    )
    assert (loaded.status, loaded.wall_time, loaded.provenance) == (
        table.status,
        table.wall_time,
        table.provenance,
    )
    assert loaded.provenance.workers == 1
    assert loaded.provenance.cluster == "client"
    for a, b in zip(loaded.trials, table.trials, strict=True):
        # The data is copied from the run's image into the file and out again: the bytes
        # differ, what they hold does not (compared below).
        assert dataclasses.replace(a, data=None) == dataclasses.replace(b, data=None)
    for a, b in zip(loaded.points, table.points, strict=True):
        assert a.point == b.point
        assert a.n == b.n
        assert all(same(x, y) for x, y in zip(a.mean + a.std, b.mean + b.std, strict=True))


def test_kept_trial_data_is_the_trials_run(saved):
    project, _table, path = saved
    trial = load_sweep(path).table.trials[3]
    assert trial.status == "completed"
    results = trial.results()
    again = run(trial_project(project, trial))
    assert np.array_equal(results["spikes"].i, again["spikes"].i)
    assert np.array_equal(results["spikes"].t, again["spikes"].t)
    assert results["spikes"].num_spikes == trial.measures[0].value


def test_data_is_kept_only_when_asked(small, client, tmp_path):
    project = swept(small)
    table = run_sweep(project, "s", client=client)
    assert all(t.data is None for t in table.trials)
    save_sweep(tmp_path / "s.h5", project, table)
    with h5py.File(tmp_path / "s.h5") as file:
        assert "trials" not in file
    with pytest.raises(ValueError, match="was not kept"):
        load_sweep(tmp_path / "s.h5").table.trials[0].results()


def test_a_failed_trial_is_kept_with_its_error_and_what_it_recorded(small, client, tmp_path):
    small.node("G").model = "dv/dt = (sqrt(I) - v)/tau : 1"  # NaN for a negative I
    project = swept(small, keep_data=True)
    project.sweeps[0].parameters = [Parameter(name="I", values="2.25, -1")]
    table = run_sweep(project, "s", client=client)
    save_sweep(tmp_path / "s.h5", project, table)
    loaded = load_sweep(tmp_path / "s.h5").table
    assert [t.status for t in loaded.trials] == ["completed"] * 2 + ["failed"] * 2
    assert "'v' became NaN" in loaded.trials[2].error
    assert loaded.trials[2].error == table.trials[2].error
    assert loaded.trials[2].error_place == table.trials[2].error_place == "'G', model, line 1"
    assert math.isnan(loaded.trials[2].measures[0].value)
    assert loaded.trials[2].measures[0].note == "the trial failed"
    # What the failed run recorded, for a post-mortem: its traces hold the NaN.
    recorded = loaded.trials[2].results()
    assert recorded.provenance.status == "failed"
    assert "'v' became NaN" in recorded.provenance.error
    assert np.isnan(recorded["trace"].variables["v"].values).any()


def test_the_table_must_be_of_the_projects_sweep(saved, tmp_path):
    project, table, _ = saved
    changed = project.model_copy(deep=True)
    changed.sweeps[0].repeats = 3
    with pytest.raises(SweepError, match="as it is now"):
        save_sweep(tmp_path / "other.h5", changed, table)
    assert not (tmp_path / "other.h5").exists()


# -- crafted files -------------------------------------------------------------------------------


def altered(path, change):
    with h5py.File(path, "r+") as file:
        change(file)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.attrs.__setitem__("format", "spikecanvas-results"), "not a SpikeCanvas sweep"),
        (
            lambda f: f.attrs.__setitem__("format_version", SWEEP_FORMAT_VERSION + 1),
            "newer SpikeCanvas",
        ),
        (lambda f: f.attrs.__setitem__("sweep", "t"), "no sweep called 't'"),
        (lambda f: f.attrs.__setitem__("status", "exec('x')"), "neither 'completed'"),
        (lambda f: f.attrs.__setitem__("wall_time", -1.0), "not a time"),
        (lambda f: _replace(f, "sweep", json.dumps({"name": "s"})), "not the project's sweep"),
        (lambda f: _replace(f, "table/seed", np.arange(6)), "'table/seed' is not that"),
        (lambda f: _replace(f, "table/measures", np.zeros((6, 3))), "shape"),
        (lambda f: _replace(f, "table/run_time", np.full(6, np.inf)), "not a time"),
        (lambda f: _replace(f, "table/seed_used", np.full(6, 2**40)), "not a seed"),
        (lambda f: _replace(f, "table/text", "[]"), "not the table's text"),
        (lambda f: _text(f, status=["completed"] * 5 + ["__import__"]), "table's text"),
        (lambda f: _text(f, values=[["1"]] * 6), "values of trial 0"),
        (lambda f: _text(f, notes=[[]] * 6), "notes are not 6 rows"),
        (lambda f: f["trials"].move("3", "03"), "'trials/03' is not the data of a trial"),
        (lambda f: f["trials"].move("3", "6"), "'trials/6' is not the data of a trial"),
        (lambda f: f["trials"].__setitem__("7", h5py.SoftLink("/table")), "soft link"),
        (lambda f: f["trials/3"].__setitem__("x", h5py.ExternalLink("/etc/passwd", "/")), "ext"),
        (lambda f: f.attrs.__setitem__("provenance", '{"workers": "all"}'), "provenance"),
    ],
)
def test_a_crafted_file_is_refused_with_its_place(saved, change, message):
    path = altered(saved[2], change)
    with pytest.raises(SweepFileError, match=message) as caught:
        load_sweep(path)
    assert isinstance(caught.value, ResultsFileError)  # the app reports both alike
    assert caught.value.filename == str(path)


def test_a_crafted_trial_is_refused_when_it_is_read(saved):
    path = altered(saved[2], lambda f: _replace(f, "trials/1/monitors/spikes/i", np.array([99])))
    trial = load_sweep(path).table.trials[1]
    with pytest.raises(ResultsFileError, match="trial 1"):
        trial.results()


def test_code_in_the_stored_project_is_data_never_run(saved, tmp_path):
    marker = tmp_path / "pwned"

    def payload(file):
        project = json.loads(file["project"][()])
        project["nodes"][0]["N"] = f"__import__('os').system('touch {marker}')"
        _replace(file, "project", json.dumps(project))

    record = load_sweep(altered(saved[2], payload))
    problems = [d for d in validate(record.project) if d.severity == "error"]
    assert [(d.node_id, d.field) for d in problems] == [("g", "N")]
    with pytest.raises(InvalidProjectError):
        run(record.project)
    assert not marker.exists()


def test_a_stored_project_that_is_not_a_project_is_refused(saved):
    def payload(file):
        project = json.loads(file["project"][()])
        project["nodes"][0]["__class__"] = "os.system"
        _replace(file, "project", json.dumps(project))

    with pytest.raises(SweepFileError, match="project stored in it"):
        load_sweep(altered(saved[2], payload))


def test_other_files_are_refused(tmp_path, saved):
    with pytest.raises(SweepFileError, match="no such file"):
        load_sweep(tmp_path / "none.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(SweepFileError, match="not an HDF5 file"):
        load_sweep(tmp_path / "text.h5")
    truncated = tmp_path / "cut.h5"
    truncated.write_bytes(saved[2].read_bytes()[:2000])
    with pytest.raises(SweepFileError):
        load_sweep(truncated)


def _replace(file, key, value):
    del file[key]
    if isinstance(value, str):
        file.create_dataset(key, data=value, dtype=h5py.string_dtype())
    else:
        file.create_dataset(key, data=value)


def _text(file, **changes):
    words = json.loads(file["table/text"][()])
    words.update(changes)
    _replace(file, "table/text", json.dumps(words))
