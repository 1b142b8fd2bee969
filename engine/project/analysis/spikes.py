"""Spike trains per neuron: inter-spike intervals, their coefficient of variation, rates.

The functions take the arrays of a `SpikeData` (``i`` the neuron of each spike, ``t`` its
time in seconds, sorted by time as a monitor records them; any order is accepted) and the
size of the recorded group, so that silent neurons are counted too.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["cv_per_neuron", "interspike_intervals", "rates_per_neuron", "spike_trains"]


def spike_trains(i: ArrayLike, t: ArrayLike, size: int = 0) -> list[np.ndarray]:
    """Return the sorted spike times of each neuron ``0 .. max(size, max(i) + 1) - 1``.

    A neuron that did not fire has an empty train.
    """
    neurons = np.asarray(i, dtype=np.int64)
    times = np.asarray(t, dtype=np.float64)
    count = max(size, int(neurons.max()) + 1 if neurons.size else 0)
    if not neurons.size:
        return [np.zeros(0) for _ in range(count)]
    order = np.lexsort((times, neurons))  # by neuron, then by time
    starts = np.searchsorted(neurons[order], np.arange(count + 1))
    ordered = times[order]
    return [ordered[starts[k] : starts[k + 1]] for k in range(count)]


def interspike_intervals(i: ArrayLike, t: ArrayLike) -> np.ndarray:
    """Return every interval between consecutive spikes of one neuron, all neurons pooled.

    In seconds, ordered by neuron, then by time; a neuron with fewer than 2 spikes has none.
    """
    neurons = np.asarray(i, dtype=np.int64)
    times = np.asarray(t, dtype=np.float64)
    if neurons.size < 2:
        return np.zeros(0)
    order = np.lexsort((times, neurons))
    neurons, times = neurons[order], times[order]
    same = neurons[1:] == neurons[:-1]  # an interval only within one neuron's train
    intervals: np.ndarray = np.diff(times)[same]
    return intervals


def cv_per_neuron(i: ArrayLike, t: ArrayLike, size: int = 0) -> np.ndarray:
    """Return each neuron's coefficient of variation of its inter-spike intervals.

    CV = std(ISI) / mean(ISI) with ``ddof=0``, the definition of the sweep measure
    `engine.project.sweep.measures.cv_isi` (0 for a regular train, 1 for a Poisson one). NaN
    for a neuron with fewer than 2 intervals (3 spikes): a single interval has a CV of 0 by
    construction, not because the neuron fires regularly.
    """
    trains = spike_trains(i, t, size)
    cvs = np.full(len(trains), np.nan)
    for k, train in enumerate(trains):
        if len(train) >= 3:
            isi = np.diff(train)
            average = float(np.mean(isi))
            if average > 0:
                cvs[k] = float(np.std(isi)) / average
    return cvs


def rates_per_neuron(i: ArrayLike, size: int, duration: float) -> np.ndarray:
    """Return each neuron's firing rate in Hz: its number of spikes / ``duration`` (seconds).

    ``size`` neurons (at least those that fired); NaN for every neuron when no time passed.
    """
    neurons = np.asarray(i, dtype=np.int64)
    count = max(size, int(neurons.max()) + 1 if neurons.size else 0)
    spikes = np.bincount(neurons, minlength=count).astype(np.float64)
    if not duration > 0:
        return np.full(count, np.nan)
    return spikes / duration
