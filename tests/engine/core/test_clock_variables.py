"""A clock's variables and attributes as Brian 2 exposes them (Clock.variables, t, dt, t_, dt_)."""

import pytest

from engine.core import Clock, Network
from engine.groups import NeuronGroup
from engine.units import DIMENSIONLESS, ms, second


def test_a_clock_has_the_variables_t_dt_timestep_and_N():
    clock = Clock(dt=0.5 * ms, name="half")
    variables = clock.variables
    assert sorted(variables) == ["N", "dt", "t", "timestep"]
    assert variables["t"].dim is second.dim
    assert variables["dt"].dim is second.dim
    assert variables["timestep"].dim is DIMENSIONLESS
    assert variables["N"].get_value() == 1
    assert all(variables[name].read_only for name in ("t", "dt", "timestep"))


def test_clock_variables_follow_the_clock():
    clock = Clock(dt=0.5 * ms, name="follow")
    Network(NeuronGroup(1, "v : 1", clock=clock)).run(2 * ms)
    assert clock.variables["t"].get_value()[0] == 2e-3
    assert clock.variables["timestep"].get_value()[0] == 4
    assert clock.variables["dt"].get_value()[0] == 0.5e-3
    assert clock.t == 2 * ms
    assert clock.t_ == 2e-3


def test_dt_can_be_set_with_or_without_units():
    clock = Clock(dt=0.5 * ms, name="settable")
    clock.dt_ = 0.002
    assert clock.dt == 2 * ms
    clock.dt = 0.25 * ms
    assert clock.dt_ == 0.25e-3
    with pytest.raises(ValueError, match="positive"):
        clock.dt_ = -1.0


def test_the_time_of_a_clock_is_read_only():
    clock = Clock(dt=0.5 * ms, name="fixed_time")
    with pytest.raises(TypeError, match="time of clock 'fixed_time' is read-only: it moves"):
        clock.t = 1 * ms
    with pytest.raises(TypeError, match="read-only"):
        clock.t_ = 0.001
    assert clock.t == 0 * ms


def test_new_attributes_of_a_clock_need_add_attribute():
    clock = Clock(dt=0.5 * ms, name="labelled")
    with pytest.raises(AttributeError, match=r"call labelled.add_attribute\('label'\) first"):
        clock.label = "fast"
    clock.add_attribute("label")
    clock.label = "fast"
    assert clock.label == "fast"
    with pytest.raises(AttributeError, match="it already has an attribute of that name"):
        clock.add_attribute("dt")
