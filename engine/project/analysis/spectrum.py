"""The power spectrum of a population rate (the oscillation of Brunel & Hakim's network).

The sweep measure `engine.project.sweep.measures.spectrum_peak` and the window's spectrum view
compute the same spectrum, here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["MIN_SAMPLES", "Spectrum", "SpectrumError", "power_spectrum"]

#: The fewest samples a spectrum is computed from.
MIN_SAMPLES = 4


class SpectrumError(ValueError):
    """Samples that have no spectrum (too few, or not at increasing times); says why."""


@dataclass(frozen=True, eq=False)
class Spectrum:
    """A periodogram: power at each frequency from 0 Hz to the Nyquist frequency.

    Attributes
    ----------
    frequencies
        In Hz, ``k / (n dt)`` for ``k = 0 .. n // 2``.
    power
        |FFT|² of the windowed rate minus its mean, in Hz² (the rate's unit squared); its
        scale depends on the number of samples: compare the shape, not the level, of spectra
        of runs of different lengths.
    """

    frequencies: np.ndarray
    power: np.ndarray

    @property
    def resolution(self) -> float:
        """The spacing of the frequencies, 1 / (n dt): the inverse of the time recorded."""
        return float(self.frequencies[1]) if len(self.frequencies) > 1 else float("nan")

    def peak(self, low: float = 0.0, high: float = float("inf")) -> float | None:
        """Return the frequency of the largest power above 0 Hz within [low, high].

        None when no frequency lies in the range, or the power is 0 there (a constant rate).
        """
        band = (self.frequencies > 0) & (self.frequencies >= low) & (self.frequencies <= high)
        if not band.any() or not self.power[band].max() > 0:
            return None
        return float(self.frequencies[band][np.argmax(self.power[band])])


def power_spectrum(t: ArrayLike, rate: ArrayLike) -> Spectrum:
    """Return the power spectrum of a rate sampled at the times ``t`` (seconds, evenly spaced).

    The spectrum is the periodogram of the rate minus its mean, with a Hann window (which keeps
    the leakage of a strong peak from hiding a weaker one): |FFT|² at the frequencies
    k / (n dt) for the n samples dt apart (dt the mean spacing of their times), so the
    **resolution is 1 / (n dt), the inverse of the time recorded** (1 Hz for 1 s).

    Raises
    ------
    SpectrumError
        With fewer than `MIN_SAMPLES` samples, or times that do not increase.
    """
    times = np.asarray(t, dtype=np.float64)
    values = np.asarray(rate, dtype=np.float64)
    if len(values) < MIN_SAMPLES:
        raise SpectrumError(f"a spectrum needs at least {MIN_SAMPLES} samples of the rate")
    # The mean spacing: the rounding errors of single differences would shift every frequency.
    dt = float(times[-1] - times[0]) / (len(times) - 1)
    if not dt > 0:
        raise SpectrumError("the rate's samples are not at increasing times")
    frequencies = np.fft.rfftfreq(len(values), dt)
    power = np.abs(np.fft.rfft((values - values.mean()) * np.hanning(len(values)))) ** 2
    return Spectrum(frequencies, power)
