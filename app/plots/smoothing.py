"""Smoothing of a population rate with a flat window, as Brian 2's ``smooth_rate('flat', w)``."""

from __future__ import annotations

import numpy as np

__all__ = ["flat_window_length", "smooth_flat"]


def flat_window_length(width: float, dt: float) -> int:
    """Return the number of samples of a flat window ``width`` seconds wide (odd, at least 1).

    Brian 2 rounds ``width / (2 dt)`` and makes the window ``2 * that + 1`` samples long, so the
    window is centred on each sample.
    """
    if not dt > 0 or not width > 0:
        return 1
    return 2 * round(width / (2 * dt)) + 1


def smooth_flat(values: np.ndarray, dt: float, width: float) -> np.ndarray:
    """Return ``values`` averaged over a centred flat window of ``width`` seconds.

    Equal to ``np.convolve(values, np.ones(n) / n, mode='same')`` with ``n =
    flat_window_length(width, dt)`` (what Brian 2's ``smooth_rate('flat', width)`` computes;
    beyond the ends the signal counts as zero), but in O(len(values)) whatever the width: a
    run-length sum of a cumulative sum instead of a convolution.

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
    padded = np.concatenate([np.zeros(half + 1), values, np.zeros(half)])
    sums = np.cumsum(padded)
    return (sums[n:] - sums[:-n]) / n
