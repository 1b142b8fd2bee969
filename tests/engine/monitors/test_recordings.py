"""A monitor's recordings read as attributes: with units, or plain (``_``), always a copy."""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.monitors import EventMonitor, PopulationRateMonitor, SpikeMonitor, StateMonitor
from engine.units import Hz, Quantity, ms, second


def recorded():
    group = NeuronGroup(
        3, "dv/dt = 1/((i + 1)*ms) : 1", threshold="v > 1 - 1e-9", reset="v = 0", method="euler"
    )
    monitors = {
        "spikes": SpikeMonitor(group),
        "rate": PopulationRateMonitor(group),
        "state": StateMonitor(group, "v", record=True),
    }
    Network(group, *monitors.values()).run(5 * ms)
    return monitors


# (monitor, attribute with units, its dimensions): the plain attribute is the name with "_".
WITH_UNITS = [("spikes", "t", second.dim), ("rate", "t", second.dim), ("rate", "rate", Hz.dim)]
WITH_UNITS += [("state", "t", second.dim)]


@pytest.mark.parametrize(("monitor", "name", "dim"), WITH_UNITS)
def test_values_with_units_and_without(monitor, name, dim):
    mon = recorded()[monitor]
    with_units = getattr(mon, name)
    plain = getattr(mon, name + "_")
    assert isinstance(with_units, Quantity)
    assert with_units.dim is dim
    assert type(plain) is np.ndarray
    assert len(plain) > 0
    np.testing.assert_array_equal(np.asarray(with_units), plain)
    np.testing.assert_array_equal(plain, mon.variables[name].get_value())


@pytest.mark.parametrize(
    ("monitor", "name"),
    [*((m, n) for m, n, _ in WITH_UNITS), *((m, n + "_") for m, n, _ in WITH_UNITS)],
)
def test_each_read_is_a_copy_the_monitor_keeps_its_own(monitor, name):
    mon = recorded()[monitor]
    values = getattr(mon, name)
    before = np.array(values, copy=True)
    values[...] = 0
    np.testing.assert_array_equal(np.asarray(getattr(mon, name)), before)


def test_indices_and_counts_of_events_are_plain_arrays():
    spikes = recorded()["spikes"]
    assert type(spikes.i) is np.ndarray
    assert type(spikes.count) is np.ndarray
    assert spikes.count.tolist() == np.bincount(spikes.i, minlength=3).tolist()


@pytest.mark.parametrize("name", ["t", "t_", "i", "count"])
def test_recordings_cannot_be_set(name):
    spikes = recorded()["spikes"]
    with pytest.raises(AttributeError, match=f"'{name}' of 'SpikeMonitor' object has no setter"):
        setattr(spikes, name, np.zeros(3))


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (EventMonitor, "t"),
        (EventMonitor, "t_"),
        (EventMonitor, "i"),
        (EventMonitor, "count"),
        (PopulationRateMonitor, "rate"),
        (PopulationRateMonitor, "rate_"),
        (StateMonitor, "t"),
    ],
)
def test_each_recording_is_documented(cls, name):
    assert getattr(cls, name).__doc__
