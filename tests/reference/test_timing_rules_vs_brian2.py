"""Brian 2's timing rules (brian2_features.md §17b), checked on the engine and on Brian 2.

Small scripts, each written once with ``from SIMULATOR import *`` and run by both simulators
(``side_by_side.py``): when monitors sample, what they see in which slot of a step, how rates are
computed, clocks of different dt, ``run_regularly`` with its own dt, custom events with
``run_on_event`` and EventMonitor, continued runs, ``store()``/``restore()``, ``seed``. Every
script is deterministic (or seeded and compared only with itself), so results must agree: times
exactly (up to the rounding of ``t/ms``), values within 1e-9 relative (Brian does not promise
bitwise reproducibility: rounding depends on how a formula is arranged).
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import side_by_side

DT_MS = 0.1

MONITOR_SLOTS = """
from SIMULATOR import *
tau = 10*ms
G = NeuronGroup(1, 'dv/dt = (1-v)/tau : 1', threshold='v>0.8', reset='v = 0', method='exact')
G.v = 0.5
start = StateMonitor(G, 'v', record=0)
after_thresholds = StateMonitor(G, 'v', record=0, when='after_thresholds')
after_resets = StateMonitor(G, 'v', record=0, when='after_resets')
end = StateMonitor(G, 'v', record=0, when='end')
spikemon = SpikeMonitor(G)
run(20*ms)
samples = len(start.t)
start.record_single_timestep()
result = {"samples": samples, "spikes": spikes(spikemon), "t": floats(start.t, ms),
          "start": floats(start.v[0]), "after_thresholds": floats(after_thresholds.v[0]),
          "after_resets": floats(after_resets.v[0]), "end": floats(end.v[0]),
          "t_after_thresholds": floats(after_thresholds.t, ms)}
"""

POPULATION_RATE = """
from SIMULATOR import *
G = NeuronGroup(4, '''dv/dt = speed : 1
                      speed : Hz''', threshold='v > 0.9', reset='v = 0', method='euler')
G.speed = [2.5, 2.5, 1.25, 0]*kHz  # v rises by 0.25, 0.25, 0.125, 0 per step
R = PopulationRateMonitor(G)
S = SpikeMonitor(G)
run(5*ms)
result = {"t": floats(R.t, ms), "rate": floats(R.rate, Hz), "spikes": spikes(S),
          "smooth": floats(R.smooth_rate(window='flat', width=0.5*ms), Hz)}
"""

MULTIPLE_CLOCKS = """
from SIMULATOR import *
eqs = 'dv/dt = (1-v)/(10*ms) : 1'
fast = NeuronGroup(1, eqs, method='exact')
slow = NeuronGroup(1, eqs, method='exact', dt=0.3*ms)
odd = NeuronGroup(1, eqs, method='exact', dt=0.4*ms)  # 3 ms is not a multiple of 0.4 ms
Mfast = StateMonitor(fast, 'v', record=0)
Mcoarse = StateMonitor(fast, 'v', record=0, dt=1*ms)
Mslow = StateMonitor(slow, 'v', record=0)
Modd = StateMonitor(odd, 'v', record=0)
run(3*ms)
run(3*ms)
result = {name: {"t": floats(M.t, ms), "v": floats(M.v[0])}
          for name, M in [("fast", Mfast), ("coarse", Mcoarse), ("slow", Mslow), ("odd", Modd)]}
"""

RUN_REGULARLY = """
from SIMULATOR import *
G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', method='exact')
G.run_regularly('v += 1 + i', dt=1*ms)
H = NeuronGroup(1, 'dv/dt = (1-v)/(10*ms) : 1', method='exact')
H.run_regularly('v *= 0.5', dt=0.5*ms, when='end')
MG = StateMonitor(G, 'v', record=True)
MH = StateMonitor(H, 'v', record=0)
run(5*ms)
result = {"t": floats(MG.t, ms), "G": floats(MG.v), "H": floats(MH.v[0])}
"""

# The neuron G of the custom_events example; its Poisson input (Synapses from a PoissonGroup)
# is replaced by a regular one from run_regularly, to keep it deterministic.
CUSTOM_EVENTS = """
from SIMULATOR import *
eqs_G = '''
dv/dt = (g-v)/(50*ms) : 1
dg/dt = -g/(10*ms) : 1
allow_gspike : boolean
'''
G = NeuronGroup(1, eqs_G, threshold='v>1',
                reset='v = 0; g = 0; allow_gspike = True;',
                events={'gspike': 'g>1 and allow_gspike',
                        'end_gspike': 'g<1 and not allow_gspike'})
G.run_on_event('gspike', 'allow_gspike = False')
G.run_on_event('end_gspike', 'allow_gspike = True')
G.run_regularly('g += 0.5', dt=4.5*ms)
Mstate = StateMonitor(G, ('v', 'g'), record=True)
Mgspike = EventMonitor(G, 'gspike', 'g')
Mend = EventMonitor(G, 'end_gspike')
Mspike = SpikeMonitor(G, 'v')
G.allow_gspike = True
run(300*ms)
result = {"gspike": spikes(Mgspike), "g_at_gspike": floats(Mgspike.g),
          "end_gspike": spikes(Mend), "spikes": spikes(Mspike), "v_at_spike": floats(Mspike.v),
          "v": floats(Mstate.v[0]), "g": floats(Mstate.g[0])}
"""

CONTINUED_RUNS = """
from SIMULATOR import *
eqs = '''
dv/dt = (v0 - v)/(10*ms) : 1 (unless refractory)
v0 : 1
'''


def simulate(durations):
    start_scope()
    G = NeuronGroup(3, eqs, threshold='v>1', reset='v=0', refractory=2*ms, method='exact')
    G.v0 = [1.5, 2, 3]
    M = StateMonitor(G, 'v', record=True)
    S = SpikeMonitor(G)
    for duration in durations:
        run(duration)
    return {"spikes": spikes(S), "t": floats(M.t, ms), "v": floats(M.v), "end": floats(G.t, ms)}


result = {"once": simulate([20*ms]), "twice": simulate([10*ms, 10*ms]),
          "uneven": simulate([5*ms, 7.3*ms, 7.7*ms])}
"""

STORE_RESTORE = """
from SIMULATOR import *
seed(21)
eqs = '''
dv/dt = (v0 - v)/(10*ms) + sigma*xi*(10*ms)**-0.5 : 1
v0 : 1
sigma : 1
'''
G = NeuronGroup(10, eqs, threshold='v>1', reset='v=0', method='euler')
G.v0 = '1 + 0.1*i'
G.sigma = '0.3*(i % 2)'  # odd neurons are noisy, even ones deterministic
S = SpikeMonitor(G)
M = StateMonitor(G, 'v', record=[0, 1])
store()
run(20*ms)
first = {"spikes": spikes(S), "v": floats(M.v)}
restore(restore_random_state=True)
restored = {"spikes": len(S.t), "samples": len(M.t), "v": floats(G.v)}
run(20*ms)
second = {"spikes": spikes(S), "v": floats(M.v)}
restore()
run(20*ms)
third = {"spikes": spikes(S), "v": floats(M.v)}
result = {"first": first, "restored": restored, "second": second, "third": third}
"""

DEFAULTS = """
from SIMULATOR import *
G = NeuronGroup(2, '''dv/dt = -v/(10*ms) : volt
                      flag : boolean
                      count : integer''', threshold='v > 1*volt', refractory=1*ms,
                method='exact')
result = {"v": floats(G.v, volt), "lastspike": floats(G.lastspike, second),
          "not_refractory": [bool(x) for x in G.not_refractory[:]],
          "flag": [bool(x) for x in G.flag[:]], "count": [int(x) for x in G.count[:]]}
"""

SEED = """
from SIMULATOR import *


def noisy(number):
    start_scope()
    if number is not None:
        seed(number)
    G = NeuronGroup(20, 'dv/dt = (1.2 - v)/(10*ms) + 0.3*xi*(10*ms)**-0.5 : 1',
                    threshold='v>1', reset='v=0', method='euler')
    G.v = 'rand()'
    S = SpikeMonitor(G)
    run(20*ms)
    return spikes(S)


result = {"a": noisy(3), "b": noisy(3), "c": noisy(4)}
"""

SCRIPTS = {
    "monitor_slots": MONITOR_SLOTS,
    "population_rate": POPULATION_RATE,
    "multiple_clocks": MULTIPLE_CLOCKS,
    "run_regularly": RUN_REGULARLY,
    "custom_events": CUSTOM_EVENTS,
    "continued_runs": CONTINUED_RUNS,
    "store_restore": STORE_RESTORE,
    "defaults": DEFAULTS,
    "seed": SEED,
}


brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def test_state_monitor_samples_at_step_starts_and_sees_each_slot_of_the_step(brian2_results):
    theirs, ours = brian2_results["monitor_slots"], engine("monitor_slots")
    for result in (ours, theirs):
        # duration / dt samples, the first one the initial value at t = 0; the final state
        # only through record_single_timestep().
        assert result["samples"] == 200
        assert result["t"] == pytest.approx(np.arange(201) * DT_MS, abs=1e-9)
        assert result["start"][0] == 0.5
        assert result["t_after_thresholds"] == pytest.approx(result["t"][:200], abs=1e-9)
        # In the step of the spike: integrated past the threshold (seen after the thresholds),
        # reset (seen after the resets and at the end); the next step starts from the reset.
        (k,) = np.round(np.asarray(result["spikes"]["t"]) / DT_MS).astype(int)
        assert result["start"][k] < 0.8 < result["after_thresholds"][k]
        assert result["after_resets"][k] == result["end"][k] == result["start"][k + 1] == 0
        assert max(result["start"]) < 0.8  # the supra-threshold value is never recorded
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-12)
    for slot in ("start", "after_thresholds", "after_resets", "end"):
        side_by_side.assert_same_trace(ours[slot], theirs[slot])


def test_population_rate_is_spikes_per_step_over_N_dt(brian2_results):
    theirs, ours = brian2_results["population_rate"], engine("population_rate")
    for result in (ours, theirs):
        assert len(result["t"]) == 50
        steps = np.round(np.asarray(result["spikes"]["t"]) / DT_MS).astype(int)
        expected = np.bincount(steps, minlength=50) / (4 * DT_MS * 1e-3)
        assert result["rate"] == pytest.approx(expected.tolist(), rel=1e-12)
        # Neurons 0 and 1 fire every 4th step, neuron 2 every 8th: 2 of 4 -> 5 kHz, 3 -> 7.5 kHz.
        assert result["rate"][3] == pytest.approx(5000)
        assert result["rate"][7] == pytest.approx(7500)
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-12)
    assert ours["rate"] == pytest.approx(theirs["rate"], rel=1e-12)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    side_by_side.assert_same_trace(ours["smooth"], theirs["smooth"])


@pytest.mark.parametrize("monitor", ["fast", "coarse", "slow", "odd"])
def test_clocks_with_different_dt_tick_at_their_own_times_across_two_runs(brian2_results, monitor):
    theirs = brian2_results["multiple_clocks"][monitor]
    ours = engine("multiple_clocks")[monitor]
    # Each clock ticks while its time is before the end of the run; the second run goes on
    # from there (the 0.4 ms clock does not divide 3 ms).
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-9)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    dt = {"fast": 0.1, "coarse": 1.0, "slow": 0.3, "odd": 0.4}[monitor]
    assert np.diff(theirs["t"]) == pytest.approx(np.full(len(theirs["t"]) - 1, dt), abs=1e-9)
    # The exact solution from v = 0, sampled at the monitor's times.
    exact = 1 - np.exp(-np.asarray(theirs["t"]) / 10)
    np.testing.assert_allclose(ours["v"], exact, rtol=1e-9, atol=1e-12)


def test_run_regularly_runs_its_code_with_its_own_dt_and_slot(brian2_results):
    theirs, ours = brian2_results["run_regularly"], engine("run_regularly")
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-12)
    side_by_side.assert_same_trace(ours["G"], theirs["G"])
    side_by_side.assert_same_trace(ours["H"], theirs["H"])
    for result in (ours, theirs):
        # 'start' slot, every 1 ms; the monitor, also in 'start' with order 0, sees the jump:
        # ties are broken by name ('neurongroup_run_regularly' before 'statemonitor').
        g = np.asarray(result["G"])
        jumps = np.flatnonzero(np.diff(g[0]) > 0) + 1
        assert jumps.tolist() == [10, 20, 30, 40]
        assert g[:, 0].tolist() == [1, 2]  # v += 1 + i at t = 0
        # 'end' slot, every 0.5 ms: halved after the step's integration.
        h = np.asarray(result["H"])
        assert h[1] == pytest.approx(0.5 * (1 - np.exp(-0.01)), rel=1e-12)


def test_custom_events_run_their_code_and_are_recorded_by_event_monitors(brian2_results):
    theirs, ours = brian2_results["custom_events"], engine("custom_events")
    assert len(theirs["gspike"]["t"]) > 10
    assert len(theirs["spikes"]["t"]) > 0
    for event in ("gspike", "end_gspike", "spikes"):
        side_by_side.assert_same_spikes(ours[event], theirs[event], DT_MS)
    side_by_side.assert_same_trace(ours["g_at_gspike"], theirs["g_at_gspike"])
    side_by_side.assert_same_trace(ours["v_at_spike"], theirs["v_at_spike"])
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    side_by_side.assert_same_trace(ours["g"], theirs["g"])
    for result in (ours, theirs):
        # allow_gspike alternates: every gspike is followed by one end_gspike (or a spike).
        assert min(result["g_at_gspike"]) > 1
        assert len(result["gspike"]["t"]) - len(result["end_gspike"]["t"]) <= (
            len(result["spikes"]["t"]) + 1
        )
        assert all(v > 1 for v in result["v_at_spike"])


def test_continued_runs_give_what_one_run_gives(brian2_results):
    theirs, ours = brian2_results["continued_runs"], engine("continued_runs")
    for result in (ours, theirs):
        once = result["once"]
        assert len(once["t"]) == 200
        assert once["end"] == pytest.approx(20.0)
        for pieces in ("twice", "uneven"):
            assert result[pieces]["t"] == pytest.approx(once["t"], abs=1e-9)
            assert result[pieces]["end"] == pytest.approx(once["end"])
            side_by_side.assert_same_spikes(result[pieces]["spikes"], once["spikes"], DT_MS)
            side_by_side.assert_same_trace(result[pieces]["v"], once["v"])
    side_by_side.assert_same_spikes(ours["once"]["spikes"], theirs["once"]["spikes"], DT_MS)
    side_by_side.assert_same_trace(ours["once"]["v"], theirs["once"]["v"])


def test_store_and_restore_in_memory_rerun_the_same_simulation(brian2_results):
    theirs, ours = brian2_results["store_restore"], engine("store_restore")
    for result in (ours, theirs):
        # Restoring the state at t = 0 also empties the monitors.
        assert result["restored"]["spikes"] == 0
        assert result["restored"]["samples"] == 0
        assert result["restored"]["v"] == [0.0] * 10
        # With the random state restored, the rerun is identical, noise included.
        assert result["second"] == result["first"]
        # Without it, the noisy (odd) neurons take another path; the others do not.
        third_i = np.asarray(result["third"]["spikes"]["i"])
        first_i = np.asarray(result["first"]["spikes"]["i"])
        assert result["third"]["v"][0] == result["first"]["v"][0]
        assert result["third"]["v"][1] != result["first"]["v"][1]
        assert sorted(third_i[third_i % 2 == 0]) == sorted(first_i[first_i % 2 == 0])
    # The deterministic neurons are the same in both simulators.
    deterministic = {}
    for side, result in (("engine", ours), ("Brian 2", theirs)):
        i, t = (
            np.asarray(result["first"]["spikes"]["i"]),
            np.asarray(result["first"]["spikes"]["t"]),
        )
        deterministic[side] = {"i": i[i % 2 == 0].tolist(), "t": t[i % 2 == 0].tolist()}
    side_by_side.assert_same_spikes(deterministic["engine"], deterministic["Brian 2"], DT_MS)
    side_by_side.assert_same_trace(ours["first"]["v"][0], theirs["first"]["v"][0])


def test_variables_start_at_zero_and_neurons_start_not_refractory(brian2_results):
    theirs = brian2_results["defaults"]
    assert (
        engine("defaults")
        == theirs
        == {
            "v": [0.0, 0.0],
            "lastspike": [-10000.0, -10000.0],
            "not_refractory": [True, True],
            "flag": [False, False],
            "count": [0, 0],
        }
    )


def test_seed_makes_a_noisy_simulation_reproducible(brian2_results):
    theirs, ours = brian2_results["seed"], engine("seed")
    for result in (ours, theirs):
        assert result["a"] == result["b"]
        assert result["a"] != result["c"]
        assert len(result["a"]["t"]) > 5
