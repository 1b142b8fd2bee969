"""The compiled schedule: a whole network's steps in one C loop, with numpy's exact results.

On the cython target, a network whose objects all run compiled code simulates
chunks of steps in C, returning to Python between chunks (reports, stop requests, state
checks). Every comparison with numpy here is exact: the schedule runs the same compiled loops
the step-by-step run calls, in the same order, and grows records and queues as numpy does.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    EngineError,
    Network,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    mV,
    network_operation,
    prefs,
    second,
    seed,
    start_scope,
)
from engine.codegen.cython import build as cython_build
from engine.core.variables import DynamicArray

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)


def cuba(delays: str | None = "rand()*3*ms", neurons: int = 800):
    """A small CUBA network with delays, subgroup monitors and rates: (objects, monitors)."""
    G = NeuronGroup(
        neurons,
        """dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt""",
        threshold="v > -50*mV",
        reset="v = -60*mV",
        refractory=5 * ms,
        method="exact",
        namespace={"El": -49 * mV, "taum": 20 * ms, "taue": 5 * ms, "taui": 10 * ms},
    )
    G.v = "-60*mV + rand()*10*mV"
    excitatory = Synapses(G, G, "w : volt", on_pre="ge += w")
    excitatory.connect("i < 0.8*N_pre", p=0.05)
    excitatory.w = "1.62*mV * (0.5 + rand())"
    inhibitory = Synapses(G, G, on_pre="gi -= 9*mV", delay=1 * ms)
    inhibitory.connect("i >= 0.8*N_pre", p=0.05)
    if delays is not None:
        excitatory.delay = delays
    spikes = SpikeMonitor(G)
    part = SpikeMonitor(G[100:300], variables=["v", "ge"])
    counting = SpikeMonitor(G[10:20], record=False)
    rate = PopulationRateMonitor(G[50:400])
    objects = [G, excitatory, inhibitory, spikes, part, counting, rate]

    def monitors():
        return {
            "i": spikes.i[:],
            "t": spikes.t_[:],
            "part i": part.i[:],
            "part v": part.v_[:],
            "part ge": part.ge_[:],
            "counts": counting.count[:],
            "rate": rate.rate_[:],
            "rate t": rate.t_[:],
            "v": G.v_[:],
            "w": excitatory.w_[:],
        }

    return objects, monitors


def simulate(target: str, build=cuba, durations=(60 * ms,), **run_options):
    """Run a network built by ``build`` on ``target``: its monitors' arrays and the network."""
    start_scope()
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    seed(7)
    objects, monitors = build()
    net = Network(*objects)
    for duration in durations:
        net.run(duration, **run_options)
    return {name: np.asarray(values) for name, values in monitors().items()}, net


def assert_same(first: dict, second: dict) -> None:
    assert first.keys() == second.keys()
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


@pytest.mark.parametrize("delays", [None, "2*ms", "rand()*3*ms"])
def test_a_network_of_compiled_steps_runs_in_one_compiled_loop_with_numpys_results(delays):
    on_numpy, _ = simulate("numpy", lambda: cuba(delays))
    on_cython, net = simulate("cython", lambda: cuba(delays))
    assert net.compiled_schedule is not None
    assert net.compiled_schedule.available
    assert len(on_numpy["i"]) > 300  # the network is active: records and queues grew in C
    assert_same(on_numpy, on_cython)


def noisy():
    """Noise, random resets and refractoriness, traces and rates: (objects, monitors)."""
    G = NeuronGroup(
        300,
        """dv/dt = (I - v)/tau + sigma*xi/sqrt(tau) : volt (unless refractory)
        I : volt
        tau : second""",
        threshold="v > 10*mV",
        reset="v = -rand()*5*mV",
        refractory="2*ms + rand()*ms",
        method="euler",
        namespace={"sigma": 3 * mV},
    )
    G.I = "11*mV + i*0.01*mV"
    G.tau = "(5 + 10*rand())*ms"
    S = Synapses(G, G, "w : 1", on_pre="v += w*mV")
    S.connect(p=0.05)
    S.w = "rand() - 0.5"
    spikes = SpikeMonitor(G[20:250], variables=["v"])
    trace = StateMonitor(G, ["v", "I"], record=[0, 7, 299])
    synaptic = StateMonitor(S, "w", record=[0, 5])
    rate = PopulationRateMonitor(G)
    everything = StateMonitor(G, "tau", record=True, dt=1 * ms)  # another clock

    def monitors():
        return {
            "i": spikes.i[:],
            "t": spikes.t_[:],
            "spike v": spikes.v_[:],
            "trace v": trace.v_[:],
            "trace I": trace.I_[:],
            "trace t": trace.t_[:],
            "w": synaptic.w[:],
            "rate": rate.rate_[:],
        }

    return [G, S, spikes, trace, synaptic, rate], monitors, everything


def test_random_numbers_and_traces_are_drawn_and_recorded_in_the_compiled_loop_as_on_numpy():
    on_numpy, _ = simulate("numpy", lambda: noisy()[:2])
    on_cython, net = simulate("cython", lambda: noisy()[:2])
    assert net.compiled_schedule is not None
    assert len(on_numpy["i"]) > 100
    assert on_numpy["trace v"].shape == (3, 600)
    assert_same(on_numpy, on_cython)


def test_objects_on_several_clocks_run_compiled_when_the_network_would_run_them():
    def three_clocks():
        objects, monitors, everything = noisy()
        # 0.25 ms is no multiple of 0.1 ms: its steps fall between the others' (and on them
        # every 0.5 ms, within Clock.epsilon_dt)
        between = StateMonitor(objects[0], "v", record=[3], dt=0.25 * ms)
        return [*objects, everything, between], lambda: {
            **monitors(),
            "tau": everything.tau_[:],
            "tau t": everything.t_[:],
            "between": between.v_[:],
            "between t": between.t_[:],
        }

    on_numpy, _ = simulate("numpy", three_clocks)
    on_cython, net = simulate("cython", three_clocks, durations=(20 * ms, 0 * ms, 40 * ms))
    assert net.compiled_schedule is not None
    assert on_numpy["tau"].shape[1] == 60
    assert on_numpy["between"].shape[1] == 240
    assert_same(on_numpy, on_cython)


def test_continued_runs_and_a_restored_state_continue_exactly():
    whole, _ = simulate("numpy", durations=(50 * ms,))
    pieces, net = simulate("cython", durations=(20 * ms, 0 * ms, 30 * ms))
    assert net.compiled_schedule is not None
    assert_same(whole, pieces)

    start_scope()
    prefs.codegen.target = "cython"
    seed(7)
    objects, monitors = cuba()
    net = Network(*objects)
    net.run(20 * ms)
    net.store()
    net.run(30 * ms)
    first = monitors()
    net.restore()
    net.run(30 * ms)
    assert_same({k: v[-5:] for k, v in first.items()}, {k: v[-5:] for k, v in monitors().items()})


def test_a_chunk_ends_after_its_wall_time_budget_but_always_does_one_step():
    _, net = simulate("cython", durations=(1 * ms,))
    schedule, clock = net.compiled_schedule, defaultclock
    clock.set_interval(float(net.t), float(net.t) + 0.01)
    before = int(clock.timestep[0])
    assert schedule.run(50, 0.0) == 1
    assert int(clock.timestep[0]) == before + 1
    assert schedule.run(50, 60.0) == 50
    assert int(clock.timestep[0]) == before + 51


def test_reports_arrive_and_a_stop_request_ends_the_run_between_chunks():
    start_scope()
    prefs.codegen.target = "cython"
    objects, monitors = cuba()
    net = Network(*objects)
    reports = []

    def report(elapsed, completed, start, duration):
        reports.append(completed)
        if len(reports) == 3:
            net.stop()

    net.run(100 * second, report=report, report_period=0.01 * second)
    assert net.compiled_schedule is not None
    assert len(reports) == 4  # start, two during the run, and the end after the stop
    assert 0 < reports[-1] < 0.1
    assert float(net.t) == pytest.approx(reports[-1] * 100, rel=1e-6)
    assert len(monitors()["t"]) > 0
    assert monitors()["t"].max() < float(net.t)


def test_a_network_operation_makes_the_network_run_step_by_step_with_the_same_results():
    def with_operation():
        objects, monitors = cuba()
        calls = []
        objects.append(network_operation(dt=1 * ms)(lambda: calls.append(1)))
        return objects, lambda: {**monitors(), "calls": np.array(calls)}

    on_numpy, _ = simulate("numpy", with_operation)
    on_cython, net = simulate("cython", with_operation)
    assert net.compiled_schedule is None
    assert_same(on_numpy, on_cython)


def test_a_nan_in_a_compiled_run_is_reported_with_the_variable():
    def exploding():
        G = NeuronGroup(10, "dv/dt = -sqrt(v)/ms : 1", method="euler")
        G.v = 1
        return [G], dict

    for target in ("numpy", "cython"):
        with pytest.raises(EngineError, match="'v'"):
            simulate(target, exploding, durations=(10 * ms,))


def test_a_failure_to_grow_records_stops_the_run_with_the_error_and_keeps_the_records(
    monkeypatch,
):
    start_scope()
    prefs.codegen.target = "cython"
    objects, monitors = cuba()
    net = Network(*objects)
    resize = DynamicArray.resize

    def failing(self, length):
        if length > 1000:
            raise MemoryError("no room for 1000 records")
        resize(self, length)

    monkeypatch.setattr(DynamicArray, "resize", failing)
    with pytest.raises(EngineError, match="MemoryError .*no room"):
        net.run(500 * ms)
    assert net.compiled_schedule is not None
    recorded = monitors()
    assert 0 < len(recorded["i"]) <= 1000
    assert len(recorded["i"]) == len(recorded["t"])
