"""Results as CSV tables: one file per monitor, numbers that read back exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from engine.project import load
from engine.project.results import RateData, Recorded, SpikeData, StateData
from engine.project.results_csv import csv_table, write_csv, write_results_csv
from engine.project.runner import run

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"


def read(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], np.array(rows[1:], dtype=float).reshape(len(rows) - 1, len(rows[0]))


@pytest.fixture(scope="module")
def results():
    return run(load(CUBA), duration="30*ms", seed=2)


def test_every_monitor_gets_its_own_file(results, tmp_path):
    written = write_results_csv(results, tmp_path / "out")
    assert [p.name for p in written] == ["spikes.csv", "trace.csv", "rate.csv"]
    prefixed = write_results_csv(results, tmp_path, prefix="cuba_")
    assert [p.name for p in prefixed] == ["cuba_spikes.csv", "cuba_trace.csv", "cuba_rate.csv"]


def test_spikes_read_back_exactly(results, tmp_path):
    data = results["spikes"]
    write_csv(data, tmp_path / "spikes.csv")
    header, table = read(tmp_path / "spikes.csv")
    assert header == ["i", "t [s]"]
    np.testing.assert_array_equal(table[:, 0].astype(np.int32), data.i)
    np.testing.assert_array_equal(table[:, 1], data.t)  # 17 digits: the same doubles


def test_a_trace_has_a_column_per_variable_and_element_with_its_unit(results, tmp_path):
    data = results["trace"]
    write_csv(data, tmp_path / "trace.csv")
    header, table = read(tmp_path / "trace.csv")
    assert header == ["t [s]"] + [f"v[{k}] [V]" for k in data.record]
    np.testing.assert_array_equal(table[:, 0], data.t)
    np.testing.assert_array_equal(table[:, 1:].T, data.variables["v"].values)


def test_rates_are_in_hertz(results, tmp_path):
    write_csv(results["rate"], tmp_path / "rate.csv")
    header, table = read(tmp_path / "rate.csv")
    assert header == ["t [s]", "rate [Hz]"]
    np.testing.assert_array_equal(table[:, 1], results["rate"].rate)


def test_empty_data_gives_a_header_only():
    data = SpikeData(node_id="m", name="m", source="G", source_size=3)
    assert csv_table(data) == (["i", "t [s]"], [data.i, data.t])


def test_an_empty_table_is_written_as_its_header(tmp_path):
    write_csv(RateData(node_id="r", name="r", source="G", source_size=2), tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_text() == "t [s],rate [Hz]\n"


def test_a_dimensionless_variable_has_no_unit_in_its_name():
    data = StateData(node_id="s", name="s", source="G", source_size=1, t=np.array([0.0]))
    data.record = np.array([4], dtype=np.int32)
    data.variables = {"w": Recorded(np.array([[0.5]]), "1")}
    assert csv_table(data)[0] == ["t [s]", "w[4]"]


def test_an_unwritable_file_raises_and_leaves_nothing_behind(results, tmp_path):
    with pytest.raises(FileNotFoundError):
        write_csv(results["rate"], tmp_path / "missing" / "rate.csv")
    assert list(tmp_path.iterdir()) == []
