"""Inter-spike intervals, their CV and firing rates per neuron, on spike trains known by hand."""

import math

import numpy as np
import pytest

from engine.project.analysis import (
    cv_per_neuron,
    histogram,
    interspike_intervals,
    rates_per_neuron,
    spike_trains,
)
from engine.project.monitor_data import SpikeData
from engine.project.sweep.measures import cv_isi

# Neuron 0 fires regularly every 10 ms; neuron 1 at 0, 10, 30 ms (intervals 10 and 20 ms);
# neuron 2 once; neuron 3 never. Spikes are given sorted by time, as a monitor records them.
SPIKE_I = np.array([0, 1, 2, 0, 1, 0, 0, 1])
SPIKE_T = np.array([0.000, 0.000, 0.005, 0.010, 0.010, 0.020, 0.030, 0.030])


def test_spike_trains_give_each_neurons_times_including_silent_neurons():
    trains = spike_trains(SPIKE_I, SPIKE_T, size=4)
    assert [list(train) for train in trains] == [
        [0.0, 0.01, 0.02, 0.03],
        [0.0, 0.01, 0.03],
        [0.005],
        [],
    ]


def test_intervals_are_within_each_neuron_only():
    # Neuron 0: 3 intervals of 10 ms; neuron 1: 10 and 20 ms; neuron 2: none. Differences of
    # times written in decimal are exact to a few units of 1e-17 s: 1e-15 is far below a step.
    assert interspike_intervals(SPIKE_I, SPIKE_T) == pytest.approx(
        [0.01, 0.01, 0.01, 0.01, 0.02], abs=1e-15
    )


def test_no_interval_without_two_spikes():
    assert len(interspike_intervals([3], [0.1])) == 0
    assert len(interspike_intervals([], [])) == 0


def test_cv_is_zero_for_a_regular_train_and_known_for_an_irregular_one():
    cvs = cv_per_neuron(SPIKE_I, SPIKE_T, size=4)
    # Neuron 1: intervals 10 and 20 ms, mean 15, std (ddof=0) 5: CV = 1/3.
    assert cvs[0] == pytest.approx(0.0, abs=1e-12)
    assert cvs[1] == pytest.approx(1 / 3, rel=1e-12)
    assert math.isnan(cvs[2])
    assert math.isnan(cvs[3])


def test_the_mean_cv_is_the_sweep_measure_cv_isi():
    rng = np.random.default_rng(1)
    i = rng.integers(0, 20, 2000)
    t = np.sort(rng.uniform(0, 1, 2000))
    data = SpikeData(node_id="s", name="s", source="G", source_size=20, i=i, t=t, variables={})
    assert np.nanmean(cv_per_neuron(i, t, 20)) == pytest.approx(cv_isi(data, 1.0).value, rel=1e-12)


def test_rates_are_spikes_per_second_for_every_neuron():
    # 4, 3, 1 and 0 spikes in 0.5 s.
    assert list(rates_per_neuron(SPIKE_I, 4, 0.5)) == [8.0, 6.0, 2.0, 0.0]
    assert np.isnan(rates_per_neuron(SPIKE_I, 4, 0.0)).all()


def test_histogram_counts_values_in_equal_bins():
    result = histogram([0.0, 0.1, 0.2, 0.9, 1.0, np.nan], bins=2)
    assert list(result.edges) == [0.0, 0.5, 1.0]
    assert list(result.counts) == [3, 2]  # the last bin includes its right edge
    assert result.ignored == 1
    assert result.total == 5
    assert list(result.centres) == [0.25, 0.75]


def test_histogram_of_equal_values_or_none_still_has_bins():
    assert list(histogram([2.0, 2.0], bins=1).edges) == [1.5, 2.5]
    assert list(histogram([], bins=2).edges) == [0.0, 0.5, 1.0]
    with pytest.raises(ValueError, match="at least one bin"):
        histogram([1.0], bins=0)
