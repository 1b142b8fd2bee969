"""network_operation / NetworkOperation: Python code called at every step of its clock."""

import numpy as np
import pytest

from engine.core import EngineError, Network, run, stop
from engine.groups import NeuronGroup
from engine.input import NetworkOperation, network_operation
from engine.monitors import StateMonitor
from engine.units import Quantity, ms, second


def test_a_decorated_function_runs_at_every_step_of_the_magic_run():
    calls = []

    @network_operation
    def count():
        calls.append(len(calls))

    run(1 * ms)
    assert calls == list(range(10))
    assert isinstance(count, NetworkOperation)
    assert count.__name__ == "count"


def test_a_function_of_one_argument_receives_the_time_on_its_own_clock():
    times = []

    @network_operation(dt=1 * ms)
    def record(t):
        times.append(t)

    run(5 * ms)
    assert all(isinstance(t, Quantity) and t.dim == second.dim for t in times)
    assert np.allclose([t / ms for t in times], [0, 1, 2, 3, 4])


def test_when_and_order_place_it_in_the_step():
    group = NeuronGroup(1, "dv/dt = 1/ms : 1", method="euler")
    seen = {}
    first = NetworkOperation(lambda: seen.setdefault("start", float(group.v[0])))
    last = NetworkOperation(lambda: seen.setdefault("end", float(group.v[0])), when="end")
    Network(group, first, last).run(0.1 * ms)
    assert seen == {"start": 0.0, "end": pytest.approx(0.1)}
    ordered = [
        NetworkOperation(lambda: None, order=2, name="late"),
        NetworkOperation(lambda: None, order=1, name="early"),
    ]
    assert [obj.name for obj in Network(ordered).sorted_objects] == ["early", "late"]


def test_it_can_change_a_model_between_steps():
    # Brian 2's example: switch the input of one neuron on every 1 ms.
    group = NeuronGroup(3, "dv/dt = active/ms : 1\nactive : 1", method="euler")

    @network_operation(dt=1 * ms)
    def switch(t):
        group.active_ = 0
        group.active_[round(t / ms) % 3] = 1

    monitor = StateMonitor(group, "v", record=True)
    run(3 * ms)
    assert np.allclose(group.v, [1, 1, 1])
    assert np.allclose(monitor.v[:, 10], [1, 0, 0])


def test_bound_methods_can_be_operations():
    class Simulation:
        def __init__(self):
            self.steps = 0
            self.times = []
            self.operation = NetworkOperation(self.update, dt=0.5 * ms)
            self.timed = NetworkOperation(self.update_at, dt=1 * ms)
            self.network = Network(self.operation, self.timed)

        def update(self):
            self.steps += 1

        def update_at(self, t):
            self.times.append(float(t / ms))

    simulation = Simulation()
    simulation.network.run(2 * ms)
    assert simulation.steps == 4
    assert simulation.times == [0.0, 1.0]


def test_an_explicit_network_runs_only_the_operations_given_to_it():
    calls = []
    operation = NetworkOperation(lambda: calls.append(1))
    Network(NeuronGroup(1, "v : 1")).run(1 * ms)
    assert calls == []
    Network(operation).run(1 * ms)
    assert len(calls) == 10


def test_an_operation_may_stop_the_run():
    @network_operation
    def halt(t):
        if t >= 0.5 * ms:
            stop()

    group = NeuronGroup(1, "v : 1")
    monitor = StateMonitor(group, "v", record=0)
    run(10 * ms)
    # The step in which stop() is called is completed (the monitor still records it).
    assert np.allclose(monitor.t / ms, [0, 0.1, 0.2, 0.3, 0.4, 0.5])


def test_errors_in_the_function_name_the_operation_and_the_time():
    def broken(t):
        if t > 0.25 * ms:
            raise RuntimeError("no more input")

    operation = NetworkOperation(broken, name="feeder")
    with pytest.raises(EngineError, match=r"'feeder'.*RuntimeError at t = 300. us: no more input"):
        Network(operation).run(1 * ms)


def test_functions_with_other_arguments_are_refused():
    with pytest.raises(TypeError, match="'two' cannot be a network operation: .* takes 2"):

        @network_operation
        def two(a, b):
            pass

    with pytest.raises(TypeError, match="first argument of 'method' is 'self'"):

        @network_operation
        def method(self):
            pass

    class Model:
        def three(self, a, b):
            pass

    with pytest.raises(TypeError, match="method 'three' .* takes 3 arguments"):
        NetworkOperation(Model().three)
    with pytest.raises(TypeError, match="needs a function"):
        NetworkOperation(42)
    with pytest.raises(TypeError, match="keyword arguments only"):
        network_operation(1 * ms)


def test_callables_without_code_are_called_without_arguments():
    calls = []

    class Counter:
        def __call__(self):
            calls.append(1)

    Network(NetworkOperation(Counter())).run(0.3 * ms)
    assert calls == [1, 1, 1]
    assert "networkoperation" in repr(NetworkOperation(print))
