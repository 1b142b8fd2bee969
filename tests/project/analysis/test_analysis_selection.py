"""A raster's selection of neurons: a range, every k-th, sorted by rate."""

import numpy as np
import pytest

from engine.project.analysis import Selection, select_neurons, selected_spikes

# Neuron 3 fires 3 times, neuron 1 twice, neuron 5 once; neurons 0, 2, 4 never (6 neurons).
SPIKE_I = np.array([3, 1, 3, 5, 1, 3])
SPIKE_T = np.array([0.001, 0.002, 0.003, 0.004, 0.005, 0.006])


def test_a_range_and_a_step_select_every_kth_neuron_from_the_first():
    assert list(select_neurons(SPIKE_I, 6, Selection())) == [0, 1, 2, 3, 4, 5]
    assert list(select_neurons(SPIKE_I, 6, Selection(first=1, last=4))) == [1, 2, 3, 4]
    assert list(select_neurons(SPIKE_I, 6, Selection(first=1, step=2))) == [1, 3, 5]
    # A last neuron beyond the group is the group's last.
    assert list(select_neurons(SPIKE_I, 6, Selection(first=4, last=100))) == [4, 5]


def test_sorted_by_rate_the_most_active_neuron_is_the_top_row():
    rows = select_neurons(SPIKE_I, 6, Selection(order="rate"))
    # Silent neurons first, in index order (a stable sort), then 5, 1 and 3 by spike count.
    assert list(rows) == [0, 2, 4, 5, 1, 3]


def test_the_spikes_of_the_selection_are_drawn_on_their_rows():
    t, rows = selected_spikes(SPIKE_I, SPIKE_T, [1, 3])
    assert list(t) == [0.001, 0.002, 0.003, 0.005, 0.006]  # neuron 5's spike is left out
    assert list(rows) == [1, 0, 1, 0, 1]
    t, rows = selected_spikes(SPIKE_I, SPIKE_T, [])
    assert len(t) == 0
    assert len(rows) == 0


def test_invalid_selections_are_refused():
    with pytest.raises(ValueError, match="first ≤ last"):
        Selection(first=5, last=2)
    with pytest.raises(ValueError, match="at least 1"):
        Selection(step=0)
    with pytest.raises(ValueError, match="index, rate"):
        Selection(order="random")
