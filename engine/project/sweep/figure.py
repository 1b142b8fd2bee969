"""A sweep's table drawn with matplotlib: each measure against the parameters.

`sweep_figure` draws one panel per measure: against one parameter, the mean over the repeats
of each point with error bars of one standard deviation (when there are repeats); over a grid
of two parameters, a heat map of the means with a colour bar; otherwise (zipped or sampled
points, more parameters) the means as points against the first parameter. A point whose
trials all failed has no value: a gap in a line, an empty (hatched) cell of a heat map.
``spikecanvas sweep --plot FILE`` saves this figure.

matplotlib is used through its object interface only (a `Figure`, never ``pyplot``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from engine.project.sweep.axes import Axis, axis_of
from engine.project.sweep.points import Point
from engine.project.sweep.table import SweepTable

__all__ = ["sweep_figure"]

_WIDTH = 6.4  # inches, one panel
_HEIGHT = 3.6
_COLOUR = "#1f77b4"


def _measure_label(label: str, unit: str) -> str:
    return f"{label} [{unit}]" if unit not in ("", "1") else label


def sweep_figure(table: SweepTable, grid: bool = True) -> Figure:
    """Return a figure of each measure of ``table`` against its parameters.

    Parameters
    ----------
    table
        The sweep's table (complete or not: points without a value are left out).
    grid
        Whether the points are the grid of the parameters (a sweep's ``combination`` is
        ``grid`` and it draws no samples): two parameters are then drawn as a heat map.
    """
    count = max(len(table.measures), 1)
    figure = Figure(figsize=(_WIDTH, _HEIGHT * count), layout="constrained")
    axes = figure.subplots(count, 1, squeeze=False)[:, 0]
    if not table.measures or not table.points:
        axes[0].text(0.5, 0.5, "no measures to draw", ha="center", va="center")
        axes[0].set_axis_off()
        return figure
    points = [Point(p.point, p.values) for p in table.points]
    axes_of = [axis_of(name, points) for name in table.parameters]
    numbers = np.array(
        [[a.number(dict(p.values)[a.name]) for a in axes_of] for p in table.points],
        dtype=np.float64,
    )
    means = np.array([p.mean for p in table.points], dtype=np.float64)
    stds = np.array([p.std for p in table.points], dtype=np.float64)
    for k, ax in enumerate(axes):
        label = _measure_label(table.measures[k], table.units[k])
        if grid and len(axes_of) == 2:
            _heat_map(figure, ax, axes_of, numbers, means[:, k], label)
        else:
            _curve(ax, axes_of, numbers, means[:, k], stds[:, k], label)
    figure.suptitle(f"sweep '{table.sweep}'" + _status(table))
    return figure


def _status(table: SweepTable) -> str:
    failed, cancelled = table.count("failed"), table.count("cancelled")
    parts = [f"{failed} failed"] if failed else []
    parts += [f"{cancelled} not run"] if cancelled else []
    return f" ({', '.join(parts)} of {len(table.trials)} trials)" if parts else ""


def _curve(
    ax: Any,
    axes_of: list[Axis],
    numbers: np.ndarray,
    mean: np.ndarray,
    std: np.ndarray,
    label: str,
) -> None:
    x = numbers[:, 0]
    order = np.argsort(x, kind="stable")
    x, mean, std = x[order], mean[order], std[order]
    lines = len(axes_of) == 1
    error = np.where(np.isnan(std), 0.0, std) if np.any(np.isfinite(std)) else None
    ax.errorbar(
        x,
        mean,
        yerr=error,
        fmt="o-" if lines else "o",
        color=_COLOUR,
        capsize=3,
        markersize=4,
    )
    ax.set_xlabel(axes_of[0].label)
    ax.set_ylabel(label)
    positive = x[np.isfinite(x)]
    if positive.size > 2 and np.all(positive > 0) and positive.max() / positive.min() > 50:
        ax.set_xscale("log")  # a log range: its points evenly spread
    ax.grid(True, alpha=0.2)


def _heat_map(
    figure: Figure,
    ax: Any,
    axes_of: list[Axis],
    numbers: np.ndarray,
    mean: np.ndarray,
    label: str,
) -> None:
    columns = list(dict.fromkeys(numbers[:, 1]))  # the second parameter varies fastest
    rows = list(dict.fromkeys(numbers[:, 0]))
    image = np.full((len(rows), len(columns)), np.nan)
    for (a, b), value in zip(numbers, mean, strict=True):
        image[rows.index(a), columns.index(b)] = value
    ax.set_facecolor("#eeeeee")  # cells without a value show the background, hatched
    ax.patch.set_hatch("//")
    shown = ax.imshow(
        np.ma.masked_invalid(image), origin="lower", aspect="auto", interpolation="nearest"
    )
    ax.set_xticks(range(len(columns)), [f"{v:g}" for v in columns])
    ax.set_yticks(range(len(rows)), [f"{v:g}" for v in rows])
    ax.set_xlabel(axes_of[1].label)
    ax.set_ylabel(axes_of[0].label)
    figure.colorbar(shown, ax=ax, label=label)
