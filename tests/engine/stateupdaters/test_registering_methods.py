"""Integration methods are registered once per name, as in Brian 2."""

from __future__ import annotations

import pytest

from engine import NeuronGroup, ms, run
from engine.stateupdaters import ExplicitStateUpdater, StateUpdateMethod, euler, rk4


@pytest.mark.parametrize("name", ["euler", "Euler", "rk4"])
def test_a_method_cannot_be_registered_under_a_builtin_name(name):
    with pytest.raises(ValueError, match=f"named '{name.lower()}' is already registered"):
        StateUpdateMethod.register(name, rk4 if name == "euler" else euler)
    assert StateUpdateMethod.stateupdaters["euler"] is euler  # unchanged


def test_a_name_is_registered_once_even_for_the_same_method():
    StateUpdateMethod.register("euler_once", euler)
    with pytest.raises(ValueError, match="register yours under another name"):
        StateUpdateMethod.register("euler_once", euler)


def test_a_registered_method_integrates_groups_that_name_it():
    midpoint = ExplicitStateUpdater("k = dt*f(x, t)\nx_new = x + dt*f(x + k/2, t + dt/2)")
    StateUpdateMethod.register("midpoint_for_groups", midpoint)
    group = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="midpoint_for_groups")
    group.v = 1
    run(0.1 * ms)
    # One midpoint step of -v/tau with h = dt/tau = 0.01: 1 - h + h**2/2.
    assert group.v[0] == pytest.approx(1 - 0.01 + 0.01**2 / 2, rel=1e-14)
    assert group.state_updater.method_name == "midpoint_for_groups"


def test_only_integration_methods_can_be_registered():
    with pytest.raises(TypeError, match="Can only register StateUpdateMethod objects"):
        StateUpdateMethod.register("three", 3)
