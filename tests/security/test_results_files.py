"""Results files are data, checked before use (issue 18, item 2).

`Results.load` reads an HDF5 file anyone may have made. These tests craft such files with h5py
— recorded indices outside the recorded node, NaN, infinite and negative times, arrays of the
wrong type or shape, monitors that are not in the stored project, oversized or malformed
attributes, links to other files, data kept outside the file, virtual datasets, unknown
filters, decompression bombs, truncated and foreign files — and check that each ends in a
`ResultsFileError` that names the file and the place in it, never in another error or a crash.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from engine.core.hdf5_checks import BOMB_BYTES, MAX_RATIO
from engine.project import (
    Edge,
    NeuronGroupNode,
    PopulationRateMonitorNode,
    Project,
    ResultsFileError,
    SpikeMonitorNode,
    StateMonitorNode,
)
from engine.project.results import (
    Provenance,
    RateData,
    Recorded,
    Results,
    SpikeData,
    StateData,
)


def results(samples: int = 200) -> Results:
    project = Project(
        title="recorded",
        nodes=[
            NeuronGroupNode(id="e", name="E", N="10", model="dv/dt = -v/(10*ms) : volt"),
            SpikeMonitorNode(id="se", name="spikes", variables=["v"]),
            StateMonitorNode(id="st", name="trace", variables=["v"], record="[0, 3]"),
            PopulationRateMonitorNode(id="r", name="rate"),
        ],
        edges=[
            Edge(source="e", target="se", role="record"),
            Edge(source="e", target="st", role="record"),
            Edge(source="e", target="r", role="record"),
        ],
    )
    provenance = Provenance(
        engine_version="0.1.0",
        seed=7,
        seed_drawn=False,
        target="numpy",
        target_used="numpy",
        dt=1e-4,
        duration=0.02,
        simulated=0.02,
        status="completed",
        wall_time=0.1,
        build_time=0.01,
        date="2024-01-02T03:04:05Z",
        numpy_version=np.__version__,
        python_version="3.11.7",
    )
    generator = np.random.default_rng(0)
    t = np.arange(samples) * 1e-4
    spikes = SpikeData(
        "se",
        "spikes",
        "E",
        10,
        i=generator.integers(0, 10, 30).astype(np.int32),
        t=np.sort(generator.uniform(0, 0.02, 30)),
        variables={"v": Recorded(generator.normal(size=30) * 1e-3, "V")},
    )
    trace = StateData(
        "st",
        "trace",
        "E",
        10,
        t=t,
        record=np.array([0, 3], np.int32),
        variables={"v": Recorded(np.vstack([np.sin(t), np.cos(t)]) * 1e-3, "V")},
    )
    rate = RateData("r", "rate", "E", 10, t=t, rate=generator.poisson(1, samples) / 1e-3)
    return Results(project, provenance, {m.name: m for m in (spikes, trace, rate)})


def saved(tmp_path: Path, craft: Callable[[h5py.File], Any] | None = None) -> Path:
    path = tmp_path / "run.h5"
    results().save(path)
    if craft is not None:
        with h5py.File(path, "r+") as file:
            craft(file)
    return path


def refused(path: Path, *parts: str) -> ResultsFileError:
    with pytest.raises(ResultsFileError) as caught:
        Results.load(path)
    message = str(caught.value)
    assert f"'{path}' cannot be read as SpikeCanvas results" in message
    for part in parts:
        assert part in message
    assert caught.value.filename == str(path)
    return caught.value


def replace(key: str, values: Any, **options: Any) -> Callable[[h5py.File], None]:
    def craft(file: h5py.File) -> None:
        attributes = dict(file[key].attrs)
        del file[key]
        file.create_dataset(key, data=values, **options)
        file[key].attrs.update(attributes)

    return craft


def changed(key: str, change: Callable[[np.ndarray], Any]) -> Callable[[h5py.File], None]:
    def craft(file: h5py.File) -> None:
        values = file[key][()]
        replace(key, change(values))(file)

    return craft


def at(index: Any, value: Any) -> Callable[[np.ndarray], np.ndarray]:
    def change(values: np.ndarray) -> np.ndarray:
        values = values.copy()
        values[index] = value
        return values

    return change


def attribute(key: str, value: Any, where: str = "/") -> Callable[[h5py.File], None]:
    def craft(file: h5py.File) -> None:
        file[where].attrs[key] = value

    return craft


def provenance(**changes: Any) -> Callable[[h5py.File], None]:
    def craft(file: h5py.File) -> None:
        data = json.loads(file.attrs["provenance"])
        data.update(changes)
        file.attrs["provenance"] = json.dumps(data)

    return craft


CRAFTED = {
    # recorded elements within the recorded node, times finite and not negative
    "spike-index": (
        changed("monitors/spikes/i", at(0, 10)),
        "'monitors/spikes/i' holds the index 10, outside its source 'E' (10 elements)",
    ),
    "spike-index-negative": (changed("monitors/spikes/i", at(3, -1)), "holds the index -1"),
    "spike-index-huge": (
        changed("monitors/spikes/i", lambda a: a.astype(np.int64) + 2**40),
        "holds the index 1099511627",
    ),
    "spike-index-floats": (
        changed("monitors/spikes/i", lambda a: a.astype(float)),
        "'monitors/spikes/i' is not an array of numbers",
    ),
    "spike-time-nan": (
        changed("monitors/spikes/t", at(0, np.nan)),
        "'monitors/spikes/t' holds the time nan; times must be finite and not negative",
    ),
    "spike-time-negative": (changed("monitors/spikes/t", at(0, -1.0)), "the time -1.0"),
    "spike-time-infinite": (changed("monitors/spikes/t", at(-1, np.inf)), "the time inf"),
    "spike-lengths": (changed("monitors/spikes/t", lambda a: a[:-1]), "different lengths"),
    "spike-variable-2d": (
        changed("monitors/spikes/variables/v", lambda a: np.vstack([a, a])),
        "not one value per spike",
    ),
    "record-index": (
        changed("monitors/trace/record", at(1, 12)),
        "'monitors/trace/record' holds the index 12",
    ),
    "sample-time-nan": (changed("monitors/trace/t", at(5, np.nan)), "the time nan"),
    "trace-shape": (
        changed("monitors/trace/variables/v", lambda a: a[:, :-1]),
        "has shape (2, 199), not (2, 200)",
    ),
    "rate-nan": (changed("monitors/rate/rate", at(0, np.nan)), "negative, NaN or infinite"),
    "rate-negative": (changed("monitors/rate/rate", at(0, -5.0)), "negative, NaN or infinite"),
    "rate-time": (changed("monitors/rate/t", at(0, -np.inf)), "the time -inf"),
    # types: numbers only, never text, records or references
    "text-values": (
        replace("monitors/trace/t", np.array([b"a"] * 200)),
        "'monitors/trace/t' is not an array of numbers (it holds text)",
    ),
    "compound-values": (
        replace("monitors/rate/rate", np.zeros(200, dtype=[("a", "f8"), ("b", "i4")])),
        "'monitors/rate/rate' holds records of several fields",
    ),
    "complex-values": (
        replace("monitors/rate/rate", np.zeros(200, dtype=complex)),
        "'monitors/rate/rate' holds values of type 'complex128', not numbers",
    ),
    "reference-values": (
        lambda f: replace("monitors/rate/rate", np.array([f.ref] * 200, dtype=h5py.ref_dtype))(f),
        "'monitors/rate/rate' holds references",
    ),
    "variable-name": (
        lambda f: f.move("monitors/spikes/variables/v", "monitors/spikes/variables/v w"),
        "holds 'v w', not a variable name",
    ),
    "variables-not-a-group": (
        lambda f: (
            f.__delitem__("monitors/spikes/variables"),
            f.create_dataset("monitors/spikes/variables", data=np.zeros(30)),
        ),
        "'monitors/spikes/variables' is not a group",
    ),
    # attributes: types and sizes, and the monitors of the stored project only
    "source-size-negative": (
        attribute("source_size", -1, "monitors/spikes"),
        "no valid 'source_size' (-1)",
    ),
    "source-size-huge": (
        attribute("source_size", 2**40, "monitors/spikes"),
        "no valid 'source_size'",
    ),
    "source-size-text": (
        attribute("source_size", "10", "monitors/spikes"),
        "the attribute 'source_size' of 'monitors/spikes' is not a whole number",
    ),
    "kind-array": (
        attribute("kind", np.arange(3), "monitors/rate"),
        "the attribute 'kind' of 'monitors/rate' is not text",
    ),
    "unit-too-long": (
        attribute("unit", "V" * 300, "monitors/trace/variables/v"),
        "the attribute 'unit' of 'monitors/trace/variables/v' is longer than 256 bytes",
    ),
    "node-id": (
        attribute("node_id", "other", "monitors/spikes"),
        "'monitors/spikes' is not the data of a SpikeMonitor node 'spikes' (id 'other')",
    ),
    "kind-of-another-node": (
        attribute("kind", "StateMonitor", "monitors/rate"),
        "'monitors/rate' is not the data of a StateMonitor node 'rate'",
    ),
    "monitor-not-in-project": (
        lambda f: f.move("monitors/rate", "monitors/elsewhere"),
        "is not the data of a PopulationRateMonitor node 'elsewhere'",
    ),
    "provenance-nan": (provenance(dt=float("nan")), "damaged"),
    "provenance-negative": (
        provenance(simulated=-1.0),
        "the provenance's 'simulated' is -1.0; it must be a finite time, not negative",
    ),
    "provenance-huge": (attribute("provenance", " " * 2**21), "is longer than 1.0 MiB"),
    "provenance-deep": (attribute("provenance", "[" * 100_000), "nested too deeply"),
    "version-text": (
        attribute("format_version", "1"),
        "the attribute 'format_version' of the file is not a whole number",
    ),
    "project-array": (
        lambda f: (
            f.__delitem__("project"),
            f.create_dataset("project", data=["{}", "{}"], dtype=h5py.string_dtype()),
        ),
        "'project' holds (2,) texts, not one",
    ),
    "project-opaque": (
        lambda f: (f.__delitem__("project"), f.create_dataset("project", data=np.void(b"\xff"))),
        "'project' holds values of type '|V1', not numbers",
    ),
    "project-bytes-not-utf8": (
        lambda f: (
            f.__delitem__("project"),
            f.create_dataset("project", data=b"\xff\xfe", dtype=h5py.string_dtype("ascii")),
        ),
        "'project' is not UTF-8 text",
    ),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_results_file_is_refused_with_the_place(tmp_path, case):
    craft, problem = CRAFTED[case]
    refused(saved(tmp_path, craft), problem)


# -- files that are not plain data ----------------------------------------------------------------


def test_an_external_link_is_refused(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as file:
        file["t"] = np.zeros(200)

    def craft(file):
        del file["monitors/rate/t"]
        file["monitors/rate/t"] = h5py.ExternalLink(str(other), "/t")

    refused(saved(tmp_path, craft), "'monitors/rate/t' is an external link", "other.h5")


def test_a_soft_link_is_refused(tmp_path):
    def craft(file):
        del file["monitors/rate/rate"]
        file["monitors/rate/rate"] = h5py.SoftLink("/monitors/rate/t")

    refused(saved(tmp_path, craft), "'monitors/rate/rate' is a soft link")


def test_external_storage_is_refused(tmp_path):
    raw = tmp_path / "raw.bin"
    raw.write_bytes(np.zeros(200).tobytes())

    def craft(file):
        del file["monitors/rate/rate"]
        file.create_dataset(
            "monitors/rate/rate", (200,), np.float64, external=[(str(raw), 0, 1600)]
        )

    refused(saved(tmp_path, craft), "'monitors/rate/rate' keeps its data in other files")


def test_a_virtual_dataset_is_refused(tmp_path):
    source = tmp_path / "source.h5"
    with h5py.File(source, "w") as file:
        file["rate"] = np.zeros(200)
    layout = h5py.VirtualLayout((200,), np.float64)
    layout[:] = h5py.VirtualSource(str(source), "rate", (200,))

    def craft(file):
        del file["monitors/rate/rate"]
        file.create_virtual_dataset("monitors/rate/rate", layout)

    refused(saved(tmp_path, craft), "'monitors/rate/rate' is a virtual dataset")


def test_an_unknown_filter_is_refused(tmp_path):
    craft = replace("monitors/spikes/i", np.arange(30, dtype=np.int32) % 10, scaleoffset=0)
    refused(saved(tmp_path, craft), "'monitors/spikes/i' is stored with the HDF5 filter 6")


def test_a_group_linked_into_itself_is_refused(tmp_path):
    def craft(file):
        file["monitors/rate/again"] = file["monitors"]

    refused(saved(tmp_path, craft), "links back to a group already seen")


@pytest.mark.parametrize("written", [True, False], ids=["compressed-zeros", "unwritten-chunks"])
def test_a_decompression_bomb_is_refused_before_anything_is_read(tmp_path, monkeypatch, written):
    chunk = 2**20  # float64 values: 8 MiB
    count = 6 * 2**30 // (8 * chunk)
    compressed = zlib.compress(bytes(8 * chunk), 9)

    def craft(file):
        del file["monitors/rate/rate"]
        dataset = file.create_dataset(
            "monitors/rate/rate",
            shape=(count * chunk,),
            dtype=np.float64,
            chunks=(chunk,),
            compression="gzip",
        )
        if written:  # each chunk 8 MiB of zeros, compressed once, about 8 kB in the file
            for k in range(count):
                dataset.id.write_direct_chunk((k * chunk,), compressed)

    path = saved(tmp_path, craft)
    size = path.stat().st_size
    assert size < 8 * 2**20
    assert MAX_RATIO * size < 6 * 2**30
    assert BOMB_BYTES < 6 * 2**30
    reads = []
    original = h5py.Dataset.__getitem__

    def spy(self, item):
        reads.append(self.name)
        return original(self, item)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", spy)
    refused(path, "out of proportion to the file's size", "monitors/rate/rate")
    assert reads == []


def test_one_dataset_linked_under_many_names_counts_once_per_name(tmp_path):
    chunk = 2**18  # 2 MiB of zeros per name, a few kilobytes in the file

    def craft(file):
        variables = file.create_group("monitors/rate/variables")
        dataset = variables.create_dataset(
            "x0", data=np.zeros(chunk), chunks=(chunk,), compression="gzip"
        )
        for k in range(1, 1 + BOMB_BYTES // (8 * chunk)):
            variables[f"x{k}"] = dataset

    refused(saved(tmp_path, craft), "out of proportion to the file's size")


def test_well_compressed_data_of_a_reasonable_size_is_read(tmp_path):
    """Recordings of zeros compress about 1000 to 1: below the bomb limit they are data."""
    original = results(samples=1_000_000)
    for array in (
        original["trace"].t,
        original["trace"].variables["v"].values,
        original["rate"].t,
        original["rate"].rate,
    ):
        array[:] = 0.0
    path = tmp_path / "zeros.h5"
    original.save(path)
    declared = 8 * 5 * 1_000_000
    assert declared > MAX_RATIO * path.stat().st_size
    loaded = Results.load(path)
    np.testing.assert_array_equal(loaded["trace"].variables["v"].values, 0.0)
    assert loaded["trace"].t.shape == (1_000_000,)


def test_results_saved_by_a_run_load_back_unchanged(tmp_path):
    original = results()
    path = tmp_path / "run.h5"
    original.save(path)
    loaded = Results.load(path)
    assert list(loaded.monitors) == ["spikes", "trace", "rate"]
    np.testing.assert_array_equal(loaded["spikes"].i, original["spikes"].i)
    np.testing.assert_array_equal(
        loaded["trace"].variables["v"].values, original["trace"].variables["v"].values
    )
    np.testing.assert_array_equal(loaded["rate"].rate, original["rate"].rate)


# -- files that are not results -------------------------------------------------------------------


def test_a_truncated_file_is_refused(tmp_path):
    path = saved(tmp_path)
    data = path.read_bytes()
    for length in (0, 100, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:length])
        refused(path)


def test_damaged_bytes_give_a_results_file_error_or_checked_results(tmp_path):
    path = saved(tmp_path)
    original = path.read_bytes()
    generator = np.random.default_rng(11)
    outcomes = {"refused": 0, "read": 0}
    for _ in range(40):
        data = bytearray(original)
        # Half of the damage in the first 8 kB, where HDF5 keeps most of its metadata.
        end = 8192 if generator.random() < 0.5 else len(data)
        start = int(generator.integers(0, min(end, len(data)) - 16))
        data[start : start + 16] = generator.integers(0, 256, 16, dtype=np.uint8).tobytes()
        path.write_bytes(bytes(data))
        try:
            Results.load(path)
        except ResultsFileError:
            outcomes["refused"] += 1
        else:
            outcomes["read"] += 1
    assert outcomes["refused"] > 0
    assert outcomes["read"] > 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "it is not an HDF5 file"), (b"garbage" * 1000, "it is not an HDF5 file")],
    ids=["empty", "garbage"],
)
def test_a_file_that_is_not_hdf5_is_refused(tmp_path, content, problem):
    path = tmp_path / "run.h5"
    path.write_bytes(content)
    refused(path, problem)


def test_a_folder_or_a_pipe_is_refused_without_waiting(tmp_path):
    refused(tmp_path, "it is a folder")
    pipe = tmp_path / "pipe.h5"
    os.mkfifo(pipe)
    refused(pipe, "not a regular file")
