"""A sweep's table as CSV: trials and points read back with the same numbers, no formulas."""

import csv
import math
import os

import pytest

from engine.outputs import OutputError
from engine.project.sweep.table import MeasureValue, PointStatistics, SweepTable, TrialResult
from engine.project.sweep.table_csv import write_points_csv, write_trials_csv

RATE = 1 / 3  # a float that needs all 17 digits to come back the same


def trial(index, point, repeat, value, rate, status="completed", error=""):
    return TrialResult(
        index=index,
        point=point,
        repeat=repeat,
        seed=1000 + index,
        values=(("we", value),),
        measures=(
            MeasureValue(rate, "Hz", ""),
            MeasureValue(float("nan") if status != "completed" else 2.0, "1", ""),
        ),
        status=status,
        error=error,
        error_place="'G', model, line 1" if error else "",
        wall_time=0.25,
    )


@pytest.fixture
def table():
    hostile = '=HYPERLINK("http://x")'  # what a project's text could make an error say
    return SweepTable(
        sweep="fi",
        parameters=("we",),
        measures=("mean_rate(spikes)", "cv_isi(spikes)"),
        units=("Hz", "1"),
        trials=(
            trial(0, 0, 0, "-0.5*mV", RATE),
            trial(1, 0, 1, "-0.5*mV", 2 * RATE),
            trial(2, 1, 0, "1.0*mV", float("nan"), "failed", hostile),
        ),
        points=(
            PointStatistics(0, (("we", "-0.5*mV"),), (RATE * 1.5, 2.0), (0.1, 0.0), (2, 2)),
            PointStatistics(1, (("we", "1.0*mV"),), (math.nan, math.nan), (math.nan,) * 2, (0, 0)),
        ),
        status="completed",
    )


def read(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def test_one_row_per_trial_with_units_in_the_header(tmp_path, table):
    path = tmp_path / "trials.csv"
    write_trials_csv(table, path)
    header, *rows = read(path)
    assert header == [
        "trial", "point", "repeat", "seed", "we", "mean_rate(spikes) [Hz]", "cv_isi(spikes)",
        "status", "error", "error_place", "wall_time",
    ]  # fmt: skip
    assert len(rows) == 3
    assert [float(r[5]) for r in rows[:2]] == [RATE, 2 * RATE]  # 17 digits: exact
    assert rows[0][4] == "-0.5*mV"  # a value the sweep wrote stays a value
    assert rows[2][7] == "failed"
    assert math.isnan(float(rows[2][5]))


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(tmp_path, table):
    path = tmp_path / "trials.csv"
    write_trials_csv(table, path)
    error = read(path)[3][8]
    assert error == '\'=HYPERLINK("http://x")'


def test_one_row_per_point_with_repeat_statistics(tmp_path, table):
    path = tmp_path / "points.csv"
    write_points_csv(table, path)
    header, first, failed = read(path)
    assert header == [
        "point", "we",
        "mean_rate(spikes) [Hz] mean", "mean_rate(spikes) [Hz] std", "mean_rate(spikes) n",
        "cv_isi(spikes) mean", "cv_isi(spikes) std", "cv_isi(spikes) n",
    ]  # fmt: skip
    assert float(first[2]) == RATE * 1.5
    assert first[4] == "2"
    assert failed[4] == "0"
    assert math.isnan(float(failed[2]))


def test_a_file_that_cannot_be_written_leaves_the_previous_one(tmp_path, table):
    path = tmp_path / "trials.csv"
    path.write_text("previous")
    link = tmp_path / "link.csv"
    os.symlink(path, link)
    with pytest.raises(OutputError):
        write_trials_csv(table, link)  # engine.outputs refuses to write through a link
    assert path.read_text() == "previous"
