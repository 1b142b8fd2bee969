"""The live plot of a sweep, fed trial by trial (no Dask: trials made by hand).

The statistics are those of the engine's table (`point_statistics`): the mean and the sample
standard deviation (ddof=1) over the completed repeats with a defined value.
"""

from __future__ import annotations

import math

import numpy as np

from app.sweep.live_plot import SweepPlot
from app.sweep.partial import PartialTable
from engine.project.sweep.axes import axis_of
from engine.project.sweep.points import Point
from engine.project.sweep.table import MeasureValue, TrialResult

NAN = math.nan


def trial(index, point, repeat, values, value, status="completed") -> TrialResult:
    return TrialResult(
        index=index,
        point=point,
        repeat=repeat,
        seed=None,
        values=values,
        measures=(MeasureValue(value, "Hz"),),
        status=status,
        error="'v' became NaN" if status == "failed" else "",
    )


A = (("I", "1.0"),)
B = (("I", "2.0"),)
C = (("I", "3.0"),)
POINTS = [Point(0, A), Point(1, B), Point(2, C)]


def make_plot(qtbot) -> SweepPlot:
    plot = SweepPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    return plot


def test_partial_statistics_are_over_the_completed_defined_repeats_so_far():
    table = PartialTable(1)
    table.extend([trial(0, 0, 0, A, 2.0), trial(1, 0, 1, A, 4.0)])
    table.add(trial(2, 1, 0, B, NAN, "failed"))
    table.add(trial(3, 1, 1, B, NAN))  # completed, but the measure is undefined
    table.add(trial(4, 2, 0, C, 5.0))
    stats = table.statistics()
    assert stats[0].mean == (3.0,)
    assert stats[0].std == (math.sqrt(2.0),)  # ((2-3)² + (4-3)²) / (2 - 1) = 2
    assert stats[0].n == (2,)
    assert math.isnan(stats[1].mean[0])
    assert stats[1].n == (0,)
    assert stats[2].mean == (5.0,)
    assert math.isnan(stats[2].std[0])  # one value: no spread
    assert table.units() == ("Hz",)
    # Point 1 is not "failed": one of its trials completed (its measure is undefined).
    assert table.failed_points() == set()
    assert [t.index for t in table.failed()] == [2]


def test_the_line_plot_draws_means_with_error_bars_and_failed_points(qtbot):
    plot = make_plot(qtbot)
    plot.set_sweep(["I"], ["mean_rate(spikes)"], POINTS, ["Hz"])
    table = PartialTable(1)
    table.extend([trial(0, 0, 0, A, 2.0), trial(1, 0, 1, A, 4.0), trial(4, 2, 0, C, 5.0)])
    table.add(trial(2, 1, 0, B, NAN, "failed"))
    plot.show_statistics(table.statistics(), {1})
    plot.redraw()
    [scatter] = plot.scatters
    x, y = scatter.getData()
    assert list(x) == [1.0, 3.0]
    assert list(y) == [3.0, 5.0]
    bars = [item for item in plot.plot_item.items if type(item).__name__ == "ErrorBarItem"]
    [bar] = bars
    assert list(bar.opts["top"]) == [math.sqrt(2.0), 0.0]  # no spread drawn for one repeat
    failed_x, failed_y = plot.failed_scatter.getData()
    assert list(failed_x) == [2.0]
    assert list(failed_y) == [3.0]  # at the lowest mean shown
    assert plot.plot_item.getAxis("left").labelText == "mean_rate(spikes) [Hz]"


def test_a_heat_map_leaves_cells_without_a_value_empty(qtbot):
    points = [
        Point(k, (("I", i), ("tau", t)))
        for k, (i, t) in enumerate((i, t) for i in ("1.0", "2.0") for t in ("5.0*ms", "10.0*ms"))
    ]
    plot = make_plot(qtbot)
    plot.set_sweep(["I", "tau"], ["spike_count(spikes)"], points)
    assert plot.heat_map
    table = PartialTable(1)
    table.add(trial(0, 0, 0, points[0].values, 3.0))
    table.add(trial(3, 3, 0, points[3].values, 7.0))
    plot.show_statistics(table.statistics())
    plot.redraw()
    image = plot.image.image
    assert image[0, 0] == 3.0  # row: tau = 5 ms, column: I = 1
    assert image[1, 1] == 7.0
    assert np.isnan(image[1, 0])
    assert np.isnan(image[0, 1])
    assert plot.color_bar.levels() == (3.0, 7.0)


def test_random_points_are_one_cloud_not_a_curve_each(qtbot):
    points = [Point(k, (("I", f"{1 + k / 10!r}"), ("tau", f"{5 + k!r}*ms"))) for k in range(12)]
    plot = make_plot(qtbot)
    plot.set_sweep(["I", "tau"], ["spike_count(spikes)"], points)
    plot.y_box.setCurrentIndex(0)  # against I alone
    table = PartialTable(1)
    table.extend(trial(k, k, 0, p.values, float(k)) for k, p in enumerate(points))
    plot.show_statistics(table.statistics())
    plot.redraw()
    assert len(plot.scatters) == 1
    assert len(plot.scatters[0].getData()[0]) == 12
    assert plot.plot_item.legend is None


def test_an_axis_of_values_in_different_units_is_in_si_units():
    same = axis_of("tau", [Point(0, (("tau", "5.0*ms"),)), Point(1, (("tau", "10.0*ms"),))])
    assert same.numbers == (5.0, 10.0)
    assert same.label == "tau [ms]"
    mixed = axis_of("tau", [Point(0, (("tau", "5.0*ms"),)), Point(1, (("tau", "0.5*second"),))])
    assert mixed.numbers == (0.005, 0.5)
    assert mixed.label == "tau [s]"
