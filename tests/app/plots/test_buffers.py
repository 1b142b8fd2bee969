"""Growable buffers and the plot settings' texts: plain numpy, no Qt."""

import numpy as np
import pytest

from app.model.quantity_rules import constant_values
from app.plots.buffers import Buffer
from app.plots.settings import seconds, source_of
from engine.project.document import (
    Constant,
    Edge,
    NeuronGroupNode,
    Project,
    SpikeMonitorNode,
)
from engine.project.plotting import flat_window_length, smooth_flat


def test_a_buffer_keeps_every_appended_value_in_order_across_growth():
    buffer = Buffer(np.float64)
    chunks = [np.arange(k * 700, (k + 1) * 700, dtype=float) for k in range(5)]
    for chunk in chunks:
        buffer.append(chunk)
    assert len(buffer) == 3500
    assert buffer.capacity >= 3500
    np.testing.assert_array_equal(buffer.values, np.concatenate(chunks))


def test_a_buffer_grows_by_doubling_so_appends_are_amortised():
    buffer = Buffer(np.int32)
    capacities = set()
    for k in range(10_000):
        buffer.append([k])
        capacities.add(buffer.capacity)
    assert sorted(capacities) == [1024, 2048, 4096, 8192, 16384]
    assert buffer.values.dtype == np.int32
    np.testing.assert_array_equal(buffer.values, np.arange(10_000))


def test_a_two_dimensional_buffer_appends_columns_to_every_row():
    buffer = Buffer(np.float64, rows=2)
    buffer.append(np.array([[1.0, 2.0], [10.0, 20.0]]))
    buffer.append(np.zeros((2, 0)))  # an empty chunk changes nothing
    buffer.append(np.full((2, 2000), 5.0))
    assert len(buffer) == 2002
    np.testing.assert_array_equal(buffer.values[:, :3], [[1.0, 2.0, 5.0], [10.0, 20.0, 5.0]])
    assert buffer.values.shape == (2, 2002)


def test_a_buffer_refuses_values_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"\(2, n\)"):
        Buffer(np.float64, rows=2).append(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"\(n,\)"):
        Buffer(np.float64).append(np.zeros((3, 4)))


def test_clear_forgets_the_values():
    buffer = Buffer(np.float64)
    buffer.append([1.0, 2.0])
    buffer.clear()
    assert len(buffer) == 0
    assert buffer.values.shape == (0,)


def test_time_texts_use_the_constants_and_anything_invalid_means_none():
    project = Project(
        constants=[Constant(name="tau", value="10*ms"), Constant(name="w", value="2*tau")]
    )
    constants = constant_values(project)
    assert seconds("w", constants) == pytest.approx(0.02)
    assert seconds("200*ms") == pytest.approx(0.2)
    for text in ("", "  ", "nonsense*", "unknown", "5*mV", "-1*ms", "0*ms", "3", "1/0"):
        assert seconds(text, constants) is None, text


def test_the_source_of_a_monitor_is_its_recorded_group_and_its_size():
    group = NeuronGroupNode(id="g", name="G", N="n_total")
    monitor = SpikeMonitorNode(id="m", name="M")
    project = Project(
        constants=[Constant(name="n_total", value="40")],
        nodes=[group, monitor],
        edges=[Edge(source="g", target="m", role="record")],
    )
    assert source_of(project, "m", constant_values(project)) == ("G", 40)
    assert source_of(project, "m", {}) == ("G", 0)  # N cannot be computed: unknown size
    assert source_of(Project(nodes=[monitor]), "m", {}) == ("", 0)


def test_flat_windows_are_odd_and_centred_like_brian2():
    assert flat_window_length(2e-3, 1e-4) == 21
    assert flat_window_length(2e-4, 1e-4) == 3
    assert flat_window_length(1e-4, 1e-4) == 1  # half a window rounds to even, as in Brian 2
    assert flat_window_length(0.0, 1e-4) == 1


def test_smoothing_a_constant_rate_keeps_it_away_from_the_ends():
    rate = np.full(100, 8.0)
    smoothed = smooth_flat(rate, 1e-4, 1e-3)  # an 11-sample window
    np.testing.assert_allclose(smoothed[5:-5], 8.0)
    # Beyond the ends the rate counts as zero (np.convolve's 'same', as Brian 2): 6/11 of it.
    assert smoothed[0] == pytest.approx(8.0 * 6 / 11)
    assert smoothed[-1] == pytest.approx(8.0 * 6 / 11)


def test_smoothing_a_step_ramps_linearly_over_the_window():
    rate = np.r_[np.zeros(50), np.full(50, 11.0)]
    smoothed = smooth_flat(rate, 1e-4, 1e-3)  # 11 samples: the step spreads over 11 samples
    np.testing.assert_allclose(smoothed[40:45], 0.0)
    np.testing.assert_allclose(smoothed[45:56], np.arange(1, 12, dtype=float), atol=1e-12)
    np.testing.assert_allclose(smoothed[56:95], 11.0)


def test_smoothing_equals_brian2s_convolution():
    rng = np.random.default_rng(0)
    rate = rng.exponential(10.0, 5000)
    n = flat_window_length(2e-3, 1e-4)
    expected = np.convolve(rate, np.ones(n) / n, mode="same")
    np.testing.assert_allclose(smooth_flat(rate, 1e-4, 2e-3), expected, atol=1e-9)
