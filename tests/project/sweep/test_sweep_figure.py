"""A sweep's table as a figure: a curve with error bars, a heat map."""

from __future__ import annotations

import math

import pytest

from engine.project.sweep.figure import sweep_figure
from engine.project.sweep.table import (
    MeasureValue,
    PointStatistics,
    SweepTable,
    TrialResult,
    point_statistics,
)


def table(values, measures, repeats=1, parameters=("we",)):
    """A table of one trial per repeat of each point, with the given measure values."""
    trials = []
    for point, (texts, rows) in enumerate(zip(values, measures, strict=True)):
        for repeat in range(repeats):
            value = rows[repeat]
            trials.append(
                TrialResult(
                    len(trials),
                    point,
                    repeat,
                    None,
                    tuple(zip(parameters, texts, strict=True)),
                    (MeasureValue(value, "Hz"),),
                    "failed" if math.isnan(value) else "completed",
                )
            )
    return SweepTable(
        sweep="s",
        parameters=parameters,
        measures=("mean_rate(P)",),
        units=("Hz",),
        trials=tuple(trials),
        points=point_statistics(trials, 1),
        status="completed",
    )


def test_a_curve_with_error_bars_over_the_repeats():
    swept = table([("1.0*mV",), ("2.0*mV",)], [[1.0, 3.0], [5.0, 5.0]], repeats=2)
    figure = sweep_figure(swept)
    (ax,) = figure.axes
    line = ax.lines[0]
    assert list(line.get_xdata()) == [1.0, 2.0]
    assert list(line.get_ydata()) == [2.0, 5.0]  # the means over the repeats
    assert ax.get_xlabel() == "we [mV]"
    assert ax.get_ylabel() == "mean_rate(P) [Hz]"
    bars = ax.collections[0].get_segments()  # one vertical segment per point: mean ± std
    assert [tuple(s[:, 1]) for s in bars] == [
        pytest.approx((2.0 - math.sqrt(2), 2.0 + math.sqrt(2))),
        (5.0, 5.0),
    ]


def test_a_heat_map_over_a_grid_of_two_parameters_with_a_failed_point():
    texts = [(a, b) for a in ("1", "2") for b in ("10.0*Hz", "20.0*Hz", "30.0*Hz")]
    values = [[1.0], [2.0], [3.0], [4.0], [math.nan], [6.0]]
    swept = table(texts, values, parameters=("g", "rate"))
    figure = sweep_figure(swept)
    ax = figure.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (2, 3)  # rows: g (the first parameter), columns: rate
    assert image[0].tolist() == [1.0, 2.0, 3.0]
    assert image.mask[1].tolist() == [False, True, False]  # the failed point has no value
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10", "20", "30"]
    assert ax.get_xlabel() == "rate [Hz]"
    assert "1 failed of 6 trials" in figure.get_suptitle()


def test_zipped_points_are_drawn_against_the_first_parameter():
    texts = [("1", "10.0*Hz"), ("2", "20.0*Hz")]
    swept = table(texts, [[1.0], [2.0]], parameters=("g", "rate"))
    ax = sweep_figure(swept, grid=False).axes[0]
    assert not ax.images
    assert list(ax.lines[0].get_xdata()) == [1.0, 2.0]


def test_a_table_without_measures_says_so():
    empty = SweepTable("s", ("we",), (), (), (), (PointStatistics(0, (), (), (), ()),), "completed")
    assert sweep_figure(empty).axes[0].texts[0].get_text() == "no measures to draw"
