"""Tutorial 1 of Brian 2, "Introduction to Brian part 1: Neurons", on the engine and on Brian 2.

Every cell that runs a simulation (plotting left out) is a script below, written once with
``from SIMULATOR import *`` and run by both simulators (``side_by_side.py``): the engine in this
process, Brian 2.9.0 (numpy target) in background processes started once for the module. Model
text as in the seed documentation (chapter 2.1) and ``tests/engine/data/example_models.toml``.

Tolerances:
* Deterministic cells: identical spike counts per neuron, every spike time within one dt, and
  recorded traces within 1e-9 relative. Brian itself does not promise bitwise reproducibility
  (rounding depends on how a formula is arranged), so a threshold crossing within rounding error
  of a step boundary may move by one step; 1e-9 leaves room for rounding accumulated over
  thousands of steps and nothing more.
* Stochastic cells: the random streams differ (the engine draws from PCG64, Brian from numpy's
  legacy generator), so statistics are compared, each tolerance justified where it is used.
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import side_by_side

DT_MS = 0.1

# -- the cells -----------------------------------------------------------------------------------

MISSING_TAU = """
from SIMULATOR import *
eqs = '''
dv/dt = 1-v : 1
'''
G = NeuronGroup(1, eqs)
chain = []
try:
    run(100*ms)
except Exception as error:
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
result = {"raised": [type(error).__name__ for error in chain],
          "unit_error": any(isinstance(error, DimensionMismatchError) for error in chain)}
"""

SIMPLE_MODEL = """
from SIMULATOR import *
tau = 10*ms
eqs = '''
dv/dt = (1-v)/tau : 1
'''
G = NeuronGroup(1, eqs)
run(100*ms)
automatic = float(G.v[0])

start_scope()
G = NeuronGroup(1, eqs, method='exact')
before = float(G.v[0])
run(100*ms)
result = {"automatic": automatic, "before": before, "after": float(G.v[0])}
"""

STATE_MONITOR = """
from SIMULATOR import *
tau = 10*ms
eqs = '''
dv/dt = (1-v)/tau : 1
'''
G = NeuronGroup(1, eqs, method='exact')
M = StateMonitor(G, 'v', record=True)
run(30*ms)
everything = floats(M.v)

start_scope()
G = NeuronGroup(1, eqs, method='exact')
M = StateMonitor(G, 'v', record=0)
run(30*ms)
result = {"record_true": everything, "t": floats(M.t, ms), "v": floats(M.v[0])}
"""

SINE_EULER = """
from SIMULATOR import *
tau = 10*ms
eqs = '''
dv/dt = (sin(2*pi*100*Hz*t)-v)/tau : 1
'''
# Change to Euler method because exact integrator doesn't work here
G = NeuronGroup(1, eqs, method='euler')
M = StateMonitor(G, 'v', record=0)
G.v = 5 # initial value
run(60*ms)
result = {"t": floats(M.t, ms), "v": floats(M.v[0])}
"""

SPIKES = """
from SIMULATOR import *
tau = 10*ms
eqs = '''
dv/dt = (1-v)/tau : 1
'''
G = NeuronGroup(1, eqs, threshold='v>0.8', reset='v = 0', method='exact')
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G)
run(50*ms)
result = {"spikes": spikes(spikemon), "v": floats(statemon.v[0])}
"""

REFRACTORY = """
from SIMULATOR import *
tau = 10*ms
eqs = '''
dv/dt = (1-v)/tau : 1 (unless refractory)
'''
G = NeuronGroup(1, eqs, threshold='v>0.8', reset='v = 0', refractory=5*ms, method='exact')
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G)
run(50*ms)
result = {"spikes": spikes(spikemon), "v": floats(statemon.v[0])}
"""

REFRACTORY_WITHOUT_CLAMP = """
from SIMULATOR import *
tau = 5*ms
eqs = '''
dv/dt = (1-v)/tau : 1
'''
G = NeuronGroup(1, eqs, threshold='v>0.8', reset='v = 0', refractory=15*ms, method='exact')
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G)
run(50*ms)
result = {"spikes": spikes(spikemon), "v": floats(statemon.v[0])}
"""

MULTIPLE_NEURONS = """
from SIMULATOR import *
seed(2024)
N = 100
tau = 10*ms
eqs = '''
dv/dt = (2-v)/tau : 1
'''
G = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', method='exact')
G.v = 'rand()'
initial = floats(G.v)
spikemon = SpikeMonitor(G)
run(50*ms)
result = {"initial": initial, "spikes": spikes(spikemon)}
"""

PARAMETERS = """
from SIMULATOR import *
N = 100
tau = 10*ms
v0_max = 3.
duration = 1000*ms
eqs = '''
dv/dt = (v0-v)/tau : 1 (unless refractory)
v0 : 1
'''
G = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', refractory=5*ms, method='exact')
M = SpikeMonitor(G)
G.v0 = 'i*v0_max/(N-1)'
run(duration)
result = {"spikes": spikes(M), "count": M.count[:].tolist(), "v0": floats(G.v0),
          "rate": floats(M.count/duration, Hz)}
"""

STOCHASTIC = """
from SIMULATOR import *
seed(1234)
N = 100
tau = 10*ms
v0_max = 3.
duration = 1000*ms
sigma = 0.2
eqs = '''
dv/dt = (v0-v)/tau+sigma*xi*tau**-0.5 : 1 (unless refractory)
v0 : 1
'''
G = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', refractory=5*ms, method='euler')
M = SpikeMonitor(G)
G.v0 = 'i*v0_max/(N-1)'
run(duration)
result = {"count": M.count[:].tolist(), "v0": floats(G.v0)}
"""

_END_OF_TUTORIAL_CELL = """
from SIMULATOR import *
seed(4321)
N = 1000
tau = 10*ms
vr = -70*mV
vt0 = -50*mV
delta_vt0 = 5*mV
tau_t = 100*ms
sigma = 0.5*(vt0-vr)
v_drive = 2*(vt0-vr)
duration = 100*ms
eqs = '''
dv/dt = (v_drive+vr-v)/tau + sigma*xi*tau**-0.5 : volt
dvt/dt = (vt0-vt)/tau_t : volt
'''
reset = '''
v = vr
vt += delta_vt0
'''
G = NeuronGroup(N, eqs, threshold='v>vt', reset=reset, refractory=5*ms, method='euler')
spikemon = SpikeMonitor(G)
G.v = 'rand()*(vt0-vr)+vr'
G.vt = vt0
run(duration)
"""
END_OF_TUTORIAL = (
    _END_OF_TUTORIAL_CELL
    + """
result = {"spikes": spikes(spikemon), "vt": floats(G.vt, mV), "v": floats(G.v, mV)}
"""
)

# The same cell with its last line (the population rate histogram), which uses len(spikemon).
END_OF_TUTORIAL_HISTOGRAM = (
    _END_OF_TUTORIAL_CELL
    + """
weights = list(ones(len(spikemon))/(N*defaultclock.dt))
counts, edges = np.histogram(spikemon.t/ms, 100, weights=np.asarray(weights, dtype=float))
result = {"instantaneous_rate": counts.tolist(), "spikes": len(spikemon.t)}
"""
)

CELLS = {
    "missing_tau": MISSING_TAU,
    "simple_model": SIMPLE_MODEL,
    "state_monitor": STATE_MONITOR,
    "sine_euler": SINE_EULER,
    "spikes": SPIKES,
    "refractory": REFRACTORY,
    "refractory_without_clamp": REFRACTORY_WITHOUT_CLAMP,
    "multiple_neurons": MULTIPLE_NEURONS,
    "parameters": PARAMETERS,
    "stochastic": STOCHASTIC,
    "end_of_tutorial": END_OF_TUTORIAL,
    "end_of_tutorial_histogram": END_OF_TUTORIAL_HISTOGRAM,
}


brian2_results, engine = side_by_side.fixtures_for(CELLS)


# -- deterministic cells: identical results ------------------------------------------------------


def test_a_dimensionally_inconsistent_equation_fails_with_a_unit_error_in_both(brian2_results):
    theirs, ours = brian2_results["missing_tau"], engine("missing_tau")
    assert theirs["unit_error"], theirs["raised"]
    assert ours["unit_error"], ours["raised"]


def test_the_simple_model_relaxes_to_the_documented_value(brian2_results):
    theirs, ours = brian2_results["simple_model"], engine("simple_model")
    # The tutorial prints "Before v = 0.0" and "After v = 0.9999546000702376" (1 - exp(-10)).
    assert theirs == {"automatic": 0.9999546000702376, "before": 0.0, "after": 0.9999546000702376}
    assert ours["before"] == theirs["before"]
    assert ours["automatic"] == pytest.approx(theirs["automatic"], rel=1e-12)
    assert ours["after"] == pytest.approx(theirs["after"], rel=1e-12)


def test_state_monitor_records_the_exact_solution_at_every_step_start(brian2_results):
    theirs, ours = brian2_results["state_monitor"], engine("state_monitor")
    assert len(theirs["t"]) == 300  # 30 ms / 0.1 ms; the first sample is the initial value
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-12)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    side_by_side.assert_same_trace(ours["record_true"], theirs["record_true"])
    analytic = 1 - np.exp(-np.asarray(theirs["t"]) / 10)
    np.testing.assert_allclose(ours["v"], analytic, rtol=1e-9, atol=1e-12)


def test_sine_input_integrated_with_euler_gives_the_same_trace(brian2_results):
    theirs, ours = brian2_results["sine_euler"], engine("sine_euler")
    assert len(theirs["v"]) == 600
    assert theirs["v"][0] == 5
    side_by_side.assert_same_trace(ours["v"], theirs["v"])


def test_threshold_and_reset_give_spikes_at_16_0_32_1_and_48_2_ms(brian2_results):
    theirs, ours = brian2_results["spikes"], engine("spikes")
    assert theirs["spikes"]["t"] == pytest.approx([16.0, 32.1, 48.2], abs=1e-9)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    # The supra-threshold value is never recorded: v(16.0 ms) = 0.79810, v(16.1 ms) = 0.
    assert ours["v"][160] == pytest.approx(0.798103482005, rel=1e-9)
    assert ours["v"][161] == 0


def test_refractoriness_with_unless_refractory_clamps_v_for_5_ms(brian2_results):
    theirs, ours = brian2_results["refractory"], engine("refractory")
    assert theirs["spikes"]["t"] == pytest.approx([16.0, 37.0], abs=1e-9)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])


def test_refractoriness_without_clamp_only_delays_the_next_spike(brian2_results):
    theirs, ours = brian2_results["refractory_without_clamp"], engine("refractory_without_clamp")
    assert theirs["spikes"]["t"] == pytest.approx([8.0, 23.0, 38.0], abs=1e-9)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])


def test_per_neuron_parameters_give_the_deterministic_f_I_curve_of_5273_spikes(brian2_results):
    theirs, ours = brian2_results["parameters"], engine("parameters")
    assert len(theirs["spikes"]["t"]) == 5273
    assert ours["v0"] == pytest.approx(theirs["v0"], rel=1e-15)
    assert ours["count"] == theirs["count"]
    assert ours["rate"] == pytest.approx(theirs["rate"], rel=1e-12)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)


# -- cells with random numbers: statistics -------------------------------------------------------


def test_neurons_with_random_initial_values_fire_regularly_from_their_own_start(brian2_results):
    theirs, ours = brian2_results["multiple_neurons"], engine("multiple_neurons")
    tau, dt = 10.0, DT_MS
    for result in (ours, theirs):
        initial = np.asarray(result["initial"])
        assert initial.shape == (100,)
        assert np.all((initial >= 0) & (initial < 1))
        i, t = np.asarray(result["spikes"]["i"]), np.asarray(result["spikes"]["t"])
        # After the first spike the dynamics no longer depend on the random start: every
        # interval is the same whole number of steps (v rises from 0 past 1 in 6.93 ms).
        intervals = np.concatenate([np.diff(t[i == k]) for k in range(100)])
        assert intervals == pytest.approx(np.full(intervals.size, 7.0), abs=1e-9)
        # The first spike is where the exact solution from the recorded start crosses 1
        # (within one dt: the crossing may fall within rounding error of a step boundary).
        first = np.array([t[i == k][0] for k in range(100)])
        crossing = tau * np.log(2 - initial)  # 2 - (2 - v0) exp(-t/tau) = 1
        assert np.all(np.abs(first - (np.ceil(crossing / dt) - 1) * dt) <= dt * (1 + 1e-6))
    # Each neuron fires 7 or 8 times, depending on its start: the total is 700 + (number of
    # 8s), binomial over 100 neurons; 4 combined standard errors of the two totals.
    counts = [np.bincount(r["spikes"]["i"], minlength=100) for r in (ours, theirs)]
    eights = [np.mean(c == 8) for c in counts]
    assert all(set(np.unique(c)) <= {7, 8} for c in counts)
    error = np.sqrt(sum(p * (1 - p) * 100 for p in eights))
    side_by_side.assert_close_statistic(
        counts[0].sum(), counts[1].sum(), 4 * max(error, 1), "total spikes"
    )


def test_noisy_f_I_curve_agrees_neuron_by_neuron_within_four_standard_errors(brian2_results):
    theirs, ours = brian2_results["stochastic"], engine("stochastic")
    assert ours["v0"] == pytest.approx(theirs["v0"], rel=1e-15)
    v0 = np.asarray(theirs["v0"])
    difference = np.asarray(ours["count"]) - np.asarray(theirs["count"])
    # Paired test: neuron k has the same v0 on both sides, so the count differences are
    # independent with mean 0; their sum over sqrt(sum of squares) is about N(0, 1). Checked
    # separately below threshold (v0 < 1: spikes only through noise, tests the noise scaling)
    # and above (tests drift, threshold and refractoriness).
    for name, part in (("below threshold", v0 < 1), ("above threshold", v0 >= 1)):
        d = difference[part]
        spread = np.sqrt(np.sum(d**2))
        z = d.sum() / spread if spread else 0.0
        assert abs(z) < 4, f"{name}: spike counts differ by {d.sum()} (z = {z:.2f})"
    # Noise lets neurons just below threshold fire: the f-I curve is sigmoidal on both sides.
    for result in (ours, theirs):
        count = np.asarray(result["count"])
        assert count[(v0 > 0.8) & (v0 < 1)].sum() > 0
        assert count[v0 < 0.3].sum() == 0


def test_end_of_tutorial_adaptive_threshold_population_has_the_same_statistics(brian2_results):
    theirs, ours = brian2_results["end_of_tutorial"], engine("end_of_tutorial")
    n = 1000
    counts = [np.bincount(r["spikes"]["i"], minlength=n) for r in (ours, theirs)]
    # Neurons are independent and identically distributed: the standard error of a total is
    # sqrt(N * variance of a neuron's count); 4 combined standard errors.
    error = np.sqrt(sum(n * c.var() for c in counts))
    side_by_side.assert_close_statistic(
        counts[0].sum(), counts[1].sum(), 4 * error, "total spikes in 100 ms"
    )
    # Time course (the initial synchronous volley, then adaptation): 10 ms bins; a bin holds
    # at most two spikes per neuron (5 ms refractoriness), so its variance is at most its
    # count: 4 * sqrt(a + b) bounds the difference of two independent bins.
    bins = [np.histogram(r["spikes"]["t"], bins=10, range=(0, 100))[0] for r in (ours, theirs)]
    for k, (a, b) in enumerate(zip(*bins, strict=True)):
        side_by_side.assert_close_statistic(a, b, 4 * np.sqrt(a + b), f"spikes in bin {k}")
    # The threshold adapts by 5 mV per spike and relaxes with 100 ms: compare its final mean
    # over the 1000 neurons, within 4 combined standard errors of the mean.
    vt = [np.asarray(r["vt"]) for r in (ours, theirs)]
    error = np.sqrt(sum(x.var() / n for x in vt))
    side_by_side.assert_close_statistic(vt[0].mean(), vt[1].mean(), 4 * error, "mean vt (mV)")
    assert all(x.min() >= -50 - 1e-9 for x in vt)  # vt never falls below vt0


def test_end_of_tutorial_histogram_weighs_spikes_with_len_of_the_spike_monitor(brian2_results):
    theirs = brian2_results["end_of_tutorial_histogram"]
    ours = engine("end_of_tutorial_histogram")
    for result in (ours, theirs):
        # 100 bins; each spike weighs 1/(N dt): the bins add up to spikes / (1000 * 0.1 ms).
        assert len(result["instantaneous_rate"]) == 100
        total = result["spikes"] / (1000 * 1e-4)
        assert sum(result["instantaneous_rate"]) == pytest.approx(total, rel=1e-9)
