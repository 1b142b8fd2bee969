"""Single precision (``prefs.core.default_float_dtype = float32``) on both targets.

State variables are stored as float32, as in Brian 2; times (``lastspike``, ``lastupdate``,
recorded times, spike times) keep the clock's double precision, as in Brian 2 (a float32 time
no longer tells 0.1 ms steps apart after about 400 s). Code computes in double precision and
rounds what it stores: compiled code reads a ``float`` into a ``double``, and the numpy target
loads float32 values as doubles, so both targets store the same numbers, bit for bit (numpy
would otherwise compute ``float32_array*1.0001`` in single precision). Summed variables are
summed in doubles and rounded once on both targets.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    EventMonitor,
    Network,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    prefs,
    start_scope,
)
from engine.codegen.cython import build as cython_build

TARGETS = [
    "numpy",
    pytest.param(
        "cython",
        marks=pytest.mark.skipif(
            cython_build.compiler_problem() is not None, reason="no compiler for compiled code"
        ),
    ),
]


@pytest.fixture(autouse=True)
def _single_precision():
    prefs.core.default_float_dtype = np.float32


def model(target: str) -> dict[str, np.ndarray]:
    """A network with every kind of code; returns its final state and recordings."""
    start_scope()
    prefs.codegen.target = target
    prefs.core.default_float_dtype = np.float32
    defaultclock.dt = 0.1 * ms
    neurons = NeuronGroup(
        6,
        """dv/dt = (1.2 - v + I)/(7*ms) : 1 (unless refractory)
           dw/dt = (v - w)/(3*ms) : 1
           I : 1
           x : 1
           y = v*w/3 + 0.1 : 1""",
        threshold="v > 1",
        reset="v = 0.1/3; x += y",
        refractory=1 * ms,
        method="exact",
    )
    neurons.v = "i/7.0"
    neurons.run_regularly("x = x*1.0001 + y/3.3 + exp(-v)/7")
    source = SpikeGeneratorGroup(30, np.arange(30), np.linspace(0.5, 4, 30) * ms)
    kicks = Synapses(source, neurons, "w_k : 1", on_pre="v_post += w_k")
    kicks.connect(j="i % 6")
    kicks.w_k = "sin(i)*0.01 + 1.0/7*0.01"
    mixing = Synapses(source, neurons, "u : 1", on_pre="u = u + v_post/3\nw_post += 0.1*u")
    mixing.connect(j="(i*5) % 6")
    summed = Synapses(neurons, neurons, "s : 1\nI_post = s*v_pre/3 : 1 (summed)")
    summed.connect()
    summed.s = "cos(i + j)/9"
    states = StateMonitor(neurons, ["v", "y"], record=True)
    spikes = SpikeMonitor(neurons, "x")
    events = EventMonitor(neurons, "spike")
    rate = PopulationRateMonitor(neurons)
    Network(neurons, source, kicks, mixing, summed, states, spikes, events, rate).run(8 * ms)
    return {
        "v": neurons.v[:],
        "w": neurons.w[:],
        "x": neurons.x[:],
        "I": neurons.I[:],
        "y": neurons.y[:],
        "lastspike": neurons.lastspike[:],
        "u": mixing.u[:],
        "recorded_v": states.v[:],
        "recorded_y": states.y[:],
        "recorded_t": states.t[:],
        "spike_t": spikes.t[:],
        "spike_x": spikes.x[:],
        "event_t": events.t[:],
        "rate_t": rate.t[:],
        "source_t": source.spike_time,
    }


SINGLE = ["v", "w", "x", "I", "y", "u", "recorded_v", "recorded_y", "spike_x"]
DOUBLE = ["lastspike", "recorded_t", "spike_t", "event_t", "rate_t", "source_t"]


@pytest.mark.parametrize("target", TARGETS)
def test_state_variables_are_single_and_times_double_precision_as_in_brian2(target):
    result = model(target)
    for name in SINGLE:
        assert np.asarray(result[name]).dtype == np.float32, name
    for name in DOUBLE:
        assert np.asarray(result[name]).dtype == np.float64, name
    assert len(result["spike_t"]) > 0


def test_both_targets_store_the_same_single_precision_numbers():
    if cython_build.compiler_problem() is not None:
        pytest.skip("no compiler for compiled code")
    on_numpy, on_cython = model("numpy"), model("cython")
    for name, values in on_numpy.items():
        assert np.array_equal(np.asarray(values), np.asarray(on_cython[name])), name


@pytest.mark.parametrize("target", TARGETS)
def test_code_computes_in_double_precision_and_rounds_what_it_stores(target):
    prefs.codegen.target = target
    group = NeuronGroup(3, "v : 1")
    group.v = [0.1, 1 / 3, 7.7]
    start = group.v[:].copy()
    group.run_regularly("v = v*1.0001 + 1e-9")
    Network(group).run(0.1 * ms)
    # The float32 value, as a double, times 1.0001 plus 1e-9 in double, rounded once (numpy
    # in single precision would round 1e-9 away and give a different last bit for 1/3).
    expected = (start.astype(np.float64) * 1.0001 + 1e-9).astype(np.float32)
    assert np.array_equal(group.v[:], expected)


@pytest.mark.parametrize("target", TARGETS)
def test_a_summed_variable_is_summed_in_double_precision_and_rounded_once(target):
    prefs.codegen.target = target
    neurons = NeuronGroup(1, "I : 1")
    inputs = NeuronGroup(1000, "a : 1")
    inputs.a = "1e-4 + i*1e-9"
    summed = Synapses(inputs, neurons, "I_post = a_pre : 1 (summed)")
    summed.connect()
    Network(neurons, inputs, summed).run(0.1 * ms)
    values = inputs.a[:].astype(np.float64)
    assert neurons.I[0] == np.float32(np.sum(values))
