"""How a run's monitors are shown: the rules every drawing of them follows, without Qt.

The window draws its panels with pyqtgraph (``app.plots``); ``spikecanvas run --plot`` and
`engine.project.figure` draw the same panels with matplotlib. Both follow the rules here, so a
picture of a run reads the same wherever it is drawn:

- a value with a simple unit (``V``, ``A``, ``Hz``, ``s``) is shown with the SI prefix that
  suits the largest value on its axis (`si_prefix`: membrane potentials in mV, conductances in
  nS), as pyqtgraph's axes choose it; compound units (``V/s``) are shown as they are, since a
  prefix would change their meaning;
- axis labels read ``v (mV)`` (`axis_label`); times are ``time (ms)`` or ``time (s)``;
- a panel's title is its plot settings' title or the monitor's name, and says when a
  population rate is smoothed (``rate (smoothed over 5 ms)``) or when only the first
  `MAX_CURVES` of the recorded elements are drawn (`panel_title`);
- a population rate is smoothed with a flat window of ``plot.smoothing``, as Brian 2's
  ``smooth_rate('flat', width)`` (`smooth_flat`);
- the panels shown are the visible ones, or every monitor when all are hidden
  (`shown_monitors`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Protocol, SupportsFloat, TypeGuard

import numpy as np
import numpy.typing as npt

from engine.equations import evaluate_constant
from engine.project.constants import constant_values
from engine.project.document import MONITOR_KINDS, Project
from engine.project.node_base import NodeBase, PlotSettings
from engine.units import DimensionMismatchError, have_same_dimensions, second

__all__ = [
    "CURVE_COLOURS",
    "MAX_CURVES",
    "PANEL_STRETCH",
    "SI_PREFIXES",
    "SPIKE_COLOUR",
    "MonitorNode",
    "axis_label",
    "constant_values",
    "flat_window_length",
    "format_value",
    "is_monitor",
    "panel_title",
    "plot_seconds",
    "shown_monitors",
    "shown_unit",
    "si_prefix",
    "smooth_flat",
]

#: The SI prefixes from 1e-24 (y) to 1e24 (Y), one per power of 1000; the middle one is none.
SI_PREFIXES = "yzafpnµm kMGTPEZY"
_NO_PREFIX = SI_PREFIXES.index(" ")
#: The most curves a trace panel draws per variable (the first recorded elements).
MAX_CURVES = 20
#: The colours of the curves of a panel, in order, on a light background (the window's).
CURVE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2")
#: The colour of spikes in a raster on a light background: the text's, a touch softer.
SPIKE_COLOUR = "#1a1a1a"
#: Relative heights of the plots of each kind of panel (a raster is taller).
PANEL_STRETCH = {"SpikeMonitor": 3, "StateMonitor": 2, "PopulationRateMonitor": 2}


# -- units ------------------------------------------------------------------------------------


def si_prefix(largest: float) -> tuple[float, str]:
    """Return the factor and SI prefix that show values up to ``largest`` (in SI units) best.

    The prefix is the power of 1000 just below ``|largest|``, so the values shown lie within
    ``[1, 1000)`` at the largest: 0.07 gives ``(1000.0, "m")``, 1.5 gives ``(1.0, "")``.
    Zero, infinities and NaN give no prefix. This is the rule of pyqtgraph's axes, which
    the window uses.

    Returns
    -------
    (factor, prefix)
        Multiply SI values by ``factor`` to show them with the unit prefixed by ``prefix``.
    """
    if not math.isfinite(largest) or abs(largest) < 1e-25:
        return 1.0, ""
    power = math.floor(math.log(abs(largest)) / math.log(1000))
    power = max(-_NO_PREFIX, min(_NO_PREFIX, power))
    return 10.0 ** (-3 * power), SI_PREFIXES[power + _NO_PREFIX].strip()


def shown_unit(unit: str, values: Any) -> tuple[float, str]:
    """Return the factor and the unit text with which ``values`` (SI, of ``unit``) are shown.

    Parameters
    ----------
    unit
        The display text of the values' SI unit, as `engine.project.results.Recorded` has it
        (``"V"``, ``"Hz"``, ``"V/s"``; ``"1"`` or ``""`` for dimensionless values).
    values
        The values (any shape); their largest magnitude decides the prefix.

    Returns
    -------
    (factor, text)
        ``(1000.0, "mV")`` for membrane potentials; ``(1.0, "V/s")`` for a compound unit;
        ``(1.0, "")`` for dimensionless values.
    """
    if unit in ("", "1"):
        return 1.0, ""
    if not unit.isalpha():  # a prefix on 'V/s' or 'm^-2' would change its meaning
        return 1.0, unit
    magnitudes = np.abs(np.asarray(values, dtype=float))
    finite = magnitudes[np.isfinite(magnitudes)]
    factor, prefix = si_prefix(float(finite.max()) if finite.size else 0.0)
    return factor, prefix + unit


def axis_label(name: str, unit_text: str) -> str:
    """Return an axis label: ``"v (mV)"``, or just the name when there is no unit."""
    return f"{name} ({unit_text})" if unit_text else name


def format_value(value: float, unit: str) -> str:
    """Return one value with its unit, prefixed for a simple unit: ``"5 ms"``, ``"-52.1 mV"``."""
    if not math.isfinite(value):
        return str(value)
    if unit in ("", "1"):
        return f"{value:.4g}"
    if not unit.isalpha():
        return f"{value:.4g} {unit}"
    factor, prefix = si_prefix(value)
    return f"{value * factor:.4g} {prefix}{unit}"


# -- plot settings ------------------------------------------------------------------------------


def plot_seconds(text: str, constants: Mapping[str, object] | None = None) -> float | None:
    """Return a plot setting's time (``"5*ms"``, ``"2*tau"``) in seconds, or None.

    None for an empty text and for one that is not a positive time: a plot setting in error
    (which the validator reports) means "no smoothing" or "the whole run".
    """
    if not text.strip():
        return None
    try:
        value = evaluate_constant(text, constants or {})
        if not have_same_dimensions(value, second) or not isinstance(value, SupportsFloat):
            return None
        result = float(value)
    except (ValueError, TypeError, DimensionMismatchError):
        return None
    return result if math.isfinite(result) and result > 0 else None


class MonitorNode(Protocol):
    """What a monitor node has for its panel (every monitor kind's model has these fields)."""

    id: str
    name: str
    kind: str
    plot: PlotSettings


def is_monitor(node: NodeBase) -> TypeGuard[MonitorNode]:
    """Return whether ``node`` is of a monitor kind (and so has a panel)."""
    return node.kind in MONITOR_KINDS


def shown_monitors(project: Project) -> list[MonitorNode]:
    """Return the monitor nodes whose panels are shown: the visible ones, or all if none is."""
    monitors = [node for node in project.nodes if is_monitor(node)]
    visible = [node for node in monitors if node.plot.visible]
    return visible or monitors


def panel_title(
    node: MonitorNode,
    smoothing: float | None = None,
    recorded: int = 0,
    max_curves: int = MAX_CURVES,
) -> str:
    """Return the title of a monitor's panel.

    Parameters
    ----------
    node
        The monitor node: its plot settings' title, or else its name.
    smoothing
        The width of a population rate's smoothing window in seconds (None: not smoothed).
    recorded
        How many elements a StateMonitor recorded: beyond ``max_curves`` the title says how
        many of them are drawn.
    """
    title = node.plot.title.strip() or node.name
    if smoothing is not None:
        return f"{title} (smoothed over {format_value(smoothing, 's')})"
    if recorded > max_curves:
        return f"{title} (showing {max_curves} of {recorded})"
    return title


# -- smoothing ----------------------------------------------------------------------------------


def flat_window_length(width: float, dt: float) -> int:
    """Return the number of samples of a flat window ``width`` seconds wide (odd, at least 1).

    As Brian 2 does, ``width / (2 dt)`` is rounded and the window is ``2 * that + 1`` samples
    long, centred on each sample.
    """
    if not dt > 0 or not width > 0:
        return 1
    return 2 * round(width / (2 * dt)) + 1


def smooth_flat(values: np.ndarray, dt: float, width: float) -> np.ndarray:
    """Return ``values`` averaged over a centred flat window of ``width`` seconds.

    The same as ``np.convolve(values, np.ones(n) / n, mode='same')`` with ``n =
    flat_window_length(width, dt)`` (Brian 2's ``smooth_rate('flat', width)``; beyond the ends
    the signal counts as zero), computed from a cumulative sum in O(len(values)) whatever
    the width.

    Parameters
    ----------
    values
        Samples every ``dt`` seconds.
    dt
        The sampling interval, in seconds.
    width
        The window's width, in seconds.
    """
    values = np.asarray(values, dtype=np.float64)
    n = flat_window_length(width, dt)
    if n == 1 or len(values) == 0:
        return values.copy()
    half = n // 2
    sums: npt.NDArray[np.float64] = np.cumsum(
        np.concatenate([np.zeros(half + 1), values, np.zeros(half)])
    )
    return (sums[n:] - sums[:-n]) / n
