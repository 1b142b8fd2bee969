"""Clocks count steps; time is always a whole number of steps."""

import pytest

from engine.core import Clock, Network, defaultclock
from engine.groups import NeuronGroup
from engine.units import DimensionMismatchError, ms, second, us


def test_time_is_steps_times_dt():
    clock = Clock(dt=0.1 * ms)
    clock.set_interval(0.0, 1.0)
    for _ in range(12345):
        clock.advance()
    assert clock.t_ == 12345 * 0.1e-3  # not an accumulated sum
    assert clock.end_step == 10000


def test_dt_needs_a_time_unit():
    with pytest.raises(DimensionMismatchError):
        Clock(dt=0.1)
    with pytest.raises(ValueError, match="positive"):
        Clock(dt=-1 * ms)


def test_a_start_time_between_steps_rounds_up():
    clock = Clock(dt=1 * ms)
    clock.set_interval(2.5e-3, 10e-3)
    assert clock.timestep[0] == 3


def test_changing_dt_between_runs_requires_a_multiple():
    group = NeuronGroup(1, "v : 1")
    net = Network(group)
    net.run(1 * ms)
    defaultclock.dt = 0.5 * ms
    net.run(1 * ms)  # 1 ms is a multiple of 0.5 ms
    assert net.t == 2 * ms
    defaultclock.dt = 0.3 * ms
    with pytest.raises(ValueError, match="not a multiple"):
        net.run(1 * ms)


def test_clock_repr_and_units():
    clock = Clock(dt=50 * us, name="fast")
    assert repr(clock) == "Clock(dt=50. * usecond, name='fast')"
    assert clock.dt == 50 * us
    assert clock.t == 0 * second
