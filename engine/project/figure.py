"""A run's monitors drawn with matplotlib, as the window's plot panels show them.

`results_figure` draws one panel per shown monitor, top to bottom on one time axis: a raster
of ticks for a SpikeMonitor (a 2-D histogram of the spikes when there are too many to draw
one by one), one plot per variable for a StateMonitor, the (smoothed) rate for a
PopulationRateMonitor — with the titles, units and smoothing of `engine.project.plotting`,
the rules the window follows. ``spikecanvas run --plot FILE`` saves this figure.

matplotlib is used through its object interface only (a `Figure`, never ``pyplot``): no
window and no interactive backend is ever involved.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure

from engine.project.plotting import (
    CURVE_COLOURS,
    MAX_CURVES,
    PANEL_STRETCH,
    SPIKE_COLOUR,
    axis_label,
    constant_values,
    panel_title,
    plot_seconds,
    shown_monitors,
    shown_unit,
    si_prefix,
    smooth_flat,
)
from engine.project.results import RateData, Results, SpikeData, StateData

__all__ = ["IMAGE_THRESHOLD", "results_figure"]

#: Above this many spikes a raster is drawn as a 2-D histogram (as the window's raster is).
IMAGE_THRESHOLD = 200_000
_TICK = 0.4  # half the height of a tick, in neurons (the window's)
_FEW_NEURONS = 10  # up to this many neurons, the axis labels each one
_WIDTH = 8.0  # inches
_INCHES_PER_STRETCH = 0.75


def results_figure(results: Results) -> Figure:
    """Return a figure of the monitors of ``results``, as the window's plot panels show them.

    The panels are those of the monitors whose plots are visible (every monitor if all are
    hidden), in the project's order; each panel's first plot carries its title. The time
    axis covers the whole run, in seconds with the SI prefix that suits the run's length.
    """
    project = results.project
    constants = constant_values(project)
    panels: list[tuple[Any, Any, str | None]] = []  # (node, data, variable)
    for node in shown_monitors(project):
        data = results.monitors.get(node.name)
        if data is None:
            continue
        if isinstance(data, StateData):
            names: list[str | None] = [*data.variables] or [None]
            panels += [(node, data, name) for name in names]
        else:
            panels.append((node, data, None))
    ratios = [PANEL_STRETCH.get(node.kind, 2) for node, _, _ in panels] or [1]
    height = 0.8 + _INCHES_PER_STRETCH * sum(ratios)
    figure = Figure(figsize=(_WIDTH, height), layout="constrained")
    axes = figure.subplots(len(ratios), 1, sharex=True, squeeze=False, height_ratios=ratios)[:, 0]
    end = _end_time(results)
    time_factor, time_prefix = si_prefix(end)
    titled: set[str] = set()
    for ax, (node, data, variable) in zip(axes, panels, strict=False):
        ax.grid(True, alpha=0.15)
        smoothing = None
        if isinstance(data, SpikeData):
            _raster(ax, data, time_factor, end)
        elif isinstance(data, RateData):
            smoothing = plot_seconds(node.plot.smoothing, constants)
            _rate(ax, data, time_factor, smoothing)
        elif variable is not None:
            _trace(ax, data, variable, time_factor)
        if node.id not in titled:
            titled.add(node.id)
            recorded = len(data.record) if isinstance(data, StateData) else 0
            ax.set_title(panel_title(node, smoothing, recorded), fontsize=10)
    if not panels:
        axes[0].set_title("No monitor recorded anything", fontsize=10)
    axes[-1].set_xlim(0, end * time_factor if end > 0 else 1)
    axes[-1].set_xlabel(axis_label("time", f"{time_prefix}s"))
    return figure


def _end_time(results: Results) -> float:
    """Return the time the run reached, in seconds (where the whole-run view ends)."""
    ends = [results.provenance.simulated]
    ends += [float(data.t[-1]) for data in results.monitors.values() if len(data.t)]
    return max(ends)


def _raster(ax: Any, data: SpikeData, time_factor: float, end: float) -> None:
    size = max(data.source_size, int(data.i.max()) + 1 if len(data.i) else 0, 1)
    t = data.t * time_factor
    if len(t) > IMAGE_THRESHOLD:
        time_bins, neuron_bins = 1000, min(size, 400)
        counts, _, _ = np.histogram2d(
            t, data.i, bins=(time_bins, neuron_bins), range=((0, end * time_factor), (0, size))
        )
        # Square root of the counts: lone spikes stay visible next to dense bursts.
        ax.imshow(
            counts.T,
            origin="lower",
            aspect="auto",
            extent=(0, end * time_factor, -0.5, size - 0.5),
            cmap="Greys",
            norm=PowerNorm(0.5, vmin=0, vmax=max(float(counts.max()), 1.0)),
            interpolation="nearest",
        )
    else:
        ax.vlines(t, data.i - _TICK, data.i + _TICK, colors=SPIKE_COLOUR, linewidth=0.8)
    ax.set_ylim(-0.5, size - 0.5)
    if size <= _FEW_NEURONS:
        ax.set_yticks(range(size))
    ax.set_ylabel("neuron")


def _trace(ax: Any, data: StateData, variable: str, time_factor: float) -> None:
    recorded = data.variables[variable]
    values = np.asarray(recorded.values)[:MAX_CURVES]
    factor, unit = shown_unit(recorded.unit, values)
    for row, curve in enumerate(values):
        colour = CURVE_COLOURS[row % len(CURVE_COLOURS)]
        ax.plot(data.t * time_factor, curve * factor, color=colour, linewidth=1)
    ax.set_ylabel(axis_label(variable, unit))


def _rate(ax: Any, data: RateData, time_factor: float, smoothing: float | None) -> None:
    rate = np.asarray(data.rate, dtype=float)
    if smoothing is not None and len(data.t) >= 2:
        rate = smooth_flat(rate, float(data.t[1] - data.t[0]), smoothing)
    factor, unit = shown_unit("Hz", rate)
    ax.plot(data.t * time_factor, rate * factor, color=CURVE_COLOURS[0], linewidth=1)
    ax.set_ylabel(axis_label("rate", unit))
