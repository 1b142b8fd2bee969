"""Python functions in models: declared units, called on arrays with units, errors named."""

import numpy as np
import pytest

from engine.core import EngineError, Function, Network
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.monitors import SpikeMonitor
from engine.units import DimensionMismatchError, check_units, ms, mV, volt


@check_units(x=volt, result=volt)
def half(x):
    return x / 2


def test_a_function_declared_with_check_units_can_be_used_in_equations():
    group = NeuronGroup(3, "dv/dt = (half(v0) - v)/(5*ms) : volt\nv0 : volt", method="exact")
    group.v0 = [10, 20, 30] * mV
    Network(group).run(10 * ms)
    # v relaxes to v0/2 with tau = 5 ms; 'exact' treats half(v0) as a constant input.
    expected = np.array([5, 10, 15]) * (1 - np.exp(-2))
    assert np.allclose(group.v[:] / mV, expected)


def test_the_function_receives_quantities_and_may_compute_with_units():
    seen = []

    @check_units(x=volt, result=1)
    def in_millivolts(x):
        seen.append(x)
        return x / mV

    group = NeuronGroup(2, "v : volt\ny : 1")
    group.v = [1, 2] * mV
    group.run_regularly("y = in_millivolts(v)")
    Network(group).run(0.1 * ms)
    assert np.allclose(group.y[:], [1, 2])
    assert np.allclose(seen[0] / mV, [1, 2])


def test_functions_called_in_a_reset_see_only_the_spiking_neurons():
    sizes = []

    @check_units(x=1, result=1)
    def counted(x):
        sizes.append(np.size(x))
        return x + 1

    group = NeuronGroup(5, "n : 1", threshold="i >= 3", reset="n = counted(n)")
    Network(group).run(0.3 * ms)
    assert sizes == [2, 2, 2]
    assert list(group.n[:]) == [0, 0, 0, 3, 3]


def test_a_function_wrapped_with_its_units_and_a_boolean_result():
    above = Function(lambda x: x > 15 * mV, arg_units=[volt], return_unit=bool, name="above")
    group = NeuronGroup(3, "v0 : volt", threshold="above(v0)", namespace={"above": above})
    group.v0 = [10, 20, 30] * mV
    monitor = SpikeMonitor(group)
    Network(group, monitor).run(0.2 * ms)
    assert list(monitor.i[:]) == [1, 2, 1, 2]
    assert np.allclose(group.v0["above(v0)"] / mV, [20, 30])


def test_units_can_follow_another_argument_or_be_computed_from_the_arguments():
    @check_units(a=volt, b="a", result=lambda a, b: a * b)
    def product(a, b):
        return a * b

    group = NeuronGroup(1, "x : volt**2")
    group.x = "product(2*mV, 3*mV)"
    assert group.x[0] == pytest.approx(6e-6)
    with pytest.raises(ModelError, match="Argument 2 of 'product' should have the same unit"):
        group.x = "product(2*mV, 3*ms)"


def test_arguments_of_the_wrong_unit_are_model_errors():
    group = NeuronGroup(1, "dv/dt = (half(t) - v)/ms : volt")
    with pytest.raises(EngineError, match="Argument 1 of 'half' should have unit V"):
        Network(group).run(0.1 * ms)


def test_functions_without_declared_units_are_refused_with_a_remedy():
    def plain(x):
        return x

    group = NeuronGroup(1, "v : 1")
    with pytest.raises(ModelError, match="'plain' is a Python function without declared units"):
        group.v = "plain(1)"
    with pytest.raises(ValueError, match="give arg_units and return_unit"):
        Function(plain)


def test_a_result_of_the_wrong_unit_stops_the_run_naming_the_object_and_time():
    @check_units(x=volt, result=volt)
    def wrong(x):
        return x / mV

    group = NeuronGroup(1, "dv/dt = (wrong(v) - v)/ms : volt", method="euler", name="cells")
    with pytest.raises(EngineError) as caught:
        Network(group).run(1 * ms)
    message = str(caught.value)
    assert "Error in 'cells_stateupdater'" in message
    assert "at t = 0. s" in message
    assert isinstance(caught.value.__cause__, DimensionMismatchError)


def test_a_function_remains_callable_from_python():
    assert half(4 * mV) == 2 * mV
    wrapped = Function(half)
    assert wrapped(4 * mV) == 2 * mV
    assert not wrapped.function_spec.stateful
    assert Function(
        np.random.rand, arg_units=[], return_unit=1, stateless=False
    ).function_spec.stateful
