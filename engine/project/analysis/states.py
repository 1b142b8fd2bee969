"""What a StateMonitor recorded, for the phase plane and the histogram of current values."""

from __future__ import annotations

import numpy as np

from engine.project.monitor_data import StateData

__all__ = ["current_values", "phase_trajectory"]


def _variable(data: StateData, variable: str) -> np.ndarray:
    recorded = data.variables.get(variable)
    if recorded is None:
        known = ", ".join(data.variables) or "none"
        raise KeyError(f"'{data.name}' does not record '{variable}' (it records: {known})")
    return np.asarray(recorded.values, dtype=np.float64)


def phase_trajectory(
    data: StateData, x: str, y: str, row: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return the samples of variables ``x`` and ``y`` of one recorded element, in time order.

    ``row`` is the element's position among the recorded ones (``data.record[row]`` is its
    index in the group).

    Raises
    ------
    KeyError
        If a variable is not recorded.
    IndexError
        If ``row`` is not a recorded element's position.
    """
    xs, ys = _variable(data, x), _variable(data, y)
    if not 0 <= row < xs.shape[0]:
        raise IndexError(f"'{data.name}' records {xs.shape[0]} elements: there is no row {row}")
    return xs[row], ys[row]


def current_values(data: StateData, variable: str) -> np.ndarray:
    """Return the last sample of ``variable`` of every recorded element (empty before any).

    For a monitor of a synapse variable recording every synapse (a weight ``w``), these are
    the current values across synapses, whose histogram shows e.g. STDP's bimodal weights.

    Raises
    ------
    KeyError
        If the variable is not recorded.
    """
    values = _variable(data, variable)
    if values.ndim != 2 or values.shape[1] == 0:
        return np.zeros(0)
    return values[:, -1].copy()
