"""The power spectrum of a population rate (shared with the sweep measure spectrum_peak)."""

import numpy as np
import pytest

from engine.project.analysis import power_spectrum
from engine.project.analysis.spectrum import SpectrumError
from engine.project.monitor_data import RateData
from engine.project.sweep.measures import spectrum_peak


def _sine(frequency: float, duration: float = 1.0, dt: float = 1e-4):
    t = np.arange(round(duration / dt)) * dt
    return t, 10.0 + 5.0 * np.sin(2 * np.pi * frequency * t)


def test_a_sine_rate_peaks_at_its_frequency():
    t, rate = _sine(180.0)  # Brunel-Hakim's oscillation is near 180 Hz
    spectrum = power_spectrum(t, rate)
    # 10000 samples 0.1 ms apart: frequencies k / (10000 * 0.1 ms), 1 Hz apart, up to 5 kHz.
    assert spectrum.resolution == pytest.approx(1.0, rel=1e-12)
    assert spectrum.frequencies[-1] == pytest.approx(5000.0, rel=1e-12)
    assert spectrum.peak() == 180.0  # an exact frequency of the grid
    assert spectrum.peak(0, 100) is not None
    assert spectrum.peak(0, 100) != 180.0


def test_the_mean_is_removed():
    t, rate = _sine(50.0)
    # With the Hann window a little of the peak leaks into 1 Hz, none of the 10 Hz mean into 0.
    assert power_spectrum(t, rate).power[0] < 1e-6 * power_spectrum(t, rate).power.max()


def test_a_constant_rate_has_no_peak():
    t = np.arange(100) * 1e-3
    assert power_spectrum(t, np.full(100, 7.0)).peak() is None


def test_too_few_or_unordered_samples_have_no_spectrum():
    with pytest.raises(SpectrumError, match="at least 4 samples"):
        power_spectrum([0, 1, 2], [1, 2, 3])
    with pytest.raises(SpectrumError, match="increasing times"):
        power_spectrum([0, 0, 0, 0], [1, 2, 3, 4])


def test_spectrum_peak_is_the_peak_of_this_spectrum():
    t, rate = _sine(37.0)
    data = RateData(node_id="r", name="r", source="G", source_size=1, t=t, rate=rate)
    assert spectrum_peak(data, 1.0).value == power_spectrum(t, rate).peak() == 37.0
