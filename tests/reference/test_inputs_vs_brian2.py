"""Input stimuli side by side with Brian 2: spike generators, timed arrays, Poisson sources.

Scripts written once with ``from SIMULATOR import *`` and run by both simulators
(``side_by_side.py``). Deterministic results must agree: spike times exactly (up to the
rounding of ``t/ms``), traces within 1e-9 relative. Random ones (PoissonGroup, PoissonInput)
come from different generators, so only their statistics can agree: each is compared with the
other simulator's and with its expected value, within five standard deviations of the
difference (a chance failure has probability below 1e-6).
"""

from __future__ import annotations

import numpy as np
import pytest
from reference import side_by_side

DT_MS = 0.1

SPIKE_GENERATOR = """
from SIMULATOR import *
# Spikes of one step in increasing neuron order (Brian 2 emits them by time, the engine by
# neuron; both orders agree here), a period, then replacement spikes after the first run.
G = SpikeGeneratorGroup(4, [0, 1, 2, 3, 1], [0.5, 1.0, 1.04, 2.3, 3.0]*ms, period=4*ms)
SG = SpikeMonitor(G)
RG = PopulationRateMonitor(G)
run(10*ms)
G.set_spikes([3, 2, 0], [10.2, 10.2, 11.75]*ms)
run(5*ms)
periodic = {"spikes": spikes(SG), "rate": floats(RG.rate, Hz)}

start_scope()
H = SpikeGeneratorGroup(2, [0, 1, 0], [1.04, 6.02, 6.07]*ms)
SH = SpikeMonitor(H)
run(5*ms)
defaultclock.dt = 0.05*ms
run(5*ms)
new_dt = spikes(SH)
defaultclock.dt = 0.1*ms

start_scope()
K = SpikeGeneratorGroup(2, [0, 1, 0, 1], [0.5, 1.5, 2.5, 3.5]*ms, period=5*ms)
SK = SpikeMonitor(K)
run(3*ms)
store()
run(7*ms)
before = spikes(SK)
restore()
run(7*ms)
after = spikes(SK)

start_scope()
# Times near step boundaries: a thousandth of a step of grace below each boundary.
L = SpikeGeneratorGroup(5, [0, 1, 2, 3, 4], [1.04, 1.0998, 1.09995, 0.2999999, 3*0.1]*ms)
SL = SpikeMonitor(L)
run(2*ms)
rounding = spikes(SL)
result = {"periodic": periodic, "new_dt": new_dt, "before": before, "after": after,
          "rounding": rounding}
"""

TIMED_ARRAY = """
from SIMULATOR import *
ta = TimedArray([1, 2, 3, 4, 5]*mV, dt=0.1*ms)
called = floats(ta(np.array([0, 0.05, 0.1, 0.2937, 0.2938, 0.2999, 0.35, 0.4, 1.0, -0.1])*ms), mV)
grid = TimedArray(np.array([[0.2, 1.5], [1.5, 0.2], [0.5, 0.9]]), dt=5*ms)
called_2d = floats(grid(7*ms, np.array([0, 1, 1])))

# Brian 2's documentation example, with fixed levels: 3 ms of a level, 2 ms of none.
stimulus = TimedArray(np.hstack([[c, c, c, 0, 0] for c in [0.4, 1.6, 0.8, 2.5]]), dt=1*ms)
G = NeuronGroup(3, '''dv/dt = (-v + I)/(10*ms) : 1
                      I = stimulus(t)*(1 + 0.2*i) : 1''', threshold='v > 0.5', reset='v = 0')
MG = StateMonitor(G, 'v', record=True)
SG = SpikeMonitor(G)
# Called directly in the equation, integrated with Euler.
H = NeuronGroup(1, 'dv/dt = (-v + stimulus(t))/(10*ms) : 1', method='euler')
MH = StateMonitor(H, 'v', record=0)
# Two columns: even neurons get the first, odd ones the second.
K = NeuronGroup(4, '''dv/dt = (-v + I)/(5*ms) : 1
                      I = grid(t, i % 2) : 1''')
MK = StateMonitor(K, 'v', record=True)
# An array whose dt is no multiple of the group's (0.3 ms / 0.1 ms = 2.9999999999999996):
# not constant over a step, so both simulators integrate with Euler, not exactly.
slow = TimedArray(np.array([0.0, 1.0, 0.5, 2.0]), dt=0.3*ms)
P = NeuronGroup(1, '''dv/dt = (-v + I)/(1*ms) : 1
                      I = slow(t) : 1''')
MP = StateMonitor(P, 'v', record=0)
# Thresholds and resets that call it.
gate = TimedArray([0, 0, 1, 1, 0, 1], dt=0.1*ms)
level = TimedArray([5, 6, 7, 8, 9, 10]*mV, dt=0.1*ms)
Q = NeuronGroup(1, 'u : volt', threshold='gate(t) > 0.5', reset='u = level(t)')
SQ = SpikeMonitor(Q, 'u')
run(25*ms)
result = {"called": called, "called_2d": called_2d, "v": floats(MG.v), "spikes": spikes(SG),
          "direct": floats(MH.v[0]), "grid": floats(MK.v), "slow": floats(MP.v[0]),
          "gated": spikes(SQ), "gated_u": floats(Q.u, mV)}
"""

POISSON_GROUP = """
from SIMULATOR import *
seed(5)
P = PoissonGroup(1000, 20*Hz)
Q = PoissonGroup(200, np.repeat([10, 100], 100)*Hz)
stimulus = TimedArray(np.tile([100., 0.], 5)*Hz, dt=100*ms)  # the documentation's example
R = PoissonGroup(200, rates='stimulus(t)')
half = PoissonGroup(4, rates='(i % 2)*10*kHz*int(t >= 0.5*ms)')
SP, SQ, SR, SH = SpikeMonitor(P), SpikeMonitor(Q), SpikeMonitor(R), SpikeMonitor(half[1:])
run(1*second)
r_blocks = np.floor(np.asarray(SR.t/ms)/100 + 1e-9).astype(int)  # 100 ms blocks
h_times = np.asarray(SH.t/ms)
result = {"P": int(SP.num_spikes), "Q_slow": int(SQ.count[:100].sum()),
          "Q_fast": int(SQ.count[100:].sum()), "R_on": int(np.sum(r_blocks % 2 == 0)),
          "R_off": int(np.sum(r_blocks % 2 == 1)),
          "half": {"i": np.asarray(SH.i[:], dtype=int)[h_times < 2].tolist(),
                   "t": floats(h_times[h_times < 2])}}
"""

POISSON_INPUT = """
from SIMULATOR import *
# rate*dt = 1 (10 kHz at 0.1 ms): every input fires at every step, exactly.
G = NeuronGroup(6, 'dv/dt = -v/(10*ms) : volt', method='exact')
first = PoissonInput(G[:3], 'v', 5, 10*kHz, 0.1*mV)
stimulus = TimedArray([1, 0, 2]*mV, dt=0.5*ms)
second_ = PoissonInput(G[3:], 'v', 2, 10*kHz, 'stimulus(t)')
MG = StateMonitor(G, 'v', record=True)
H = NeuronGroup(1, 'dv/dt = 0*volt/ms : volt (unless refractory)', threshold='v > 2.5*mV',
                reset='v = 0*mV', refractory=0.2*ms)
clamped = PoissonInput(H, 'v', 1, 10*kHz, 1*mV)
MH = StateMonitor(H, 'v', record=0)
seed(3)
K = NeuronGroup(20000, 'x : 1')
noisy = PoissonInput(K, 'x', 1000, 100*Hz, 1)
run(2*ms)
x = np.asarray(K.x[:])
result = {"v": floats(MG.v, mV), "clamped": floats(MH.v[0], mV), "mean": float(x.mean()),
          "var": float(x.var())}
"""

NETWORK_OPERATION = """
from SIMULATOR import *
G = NeuronGroup(3, '''dv/dt = (-v + active)/(10*ms) : 1
                      active : 1''', method='exact')
times = []


@network_operation(dt=2*ms)
def switch(t):
    G.active_ = 0
    G.active_[(int(t/ms + 0.5)//2) % 3] = 1
    times.append(float(t/ms))


@network_operation(when='end')
def cap():
    G.v_[G.v_ > 0.1] = 0.1


M = StateMonitor(G, 'v', record=True)
run(10*ms)
# G.active is the object's on/off flag in both simulators: the variable is G.active_.
result = {"times": times, "v": floats(M.v), "active": floats(G.active_)}
"""

SCRIPTS = {
    "spike_generator": SPIKE_GENERATOR,
    "timed_array": TIMED_ARRAY,
    "poisson_group": POISSON_GROUP,
    "poisson_input": POISSON_INPUT,
    "network_operation": NETWORK_OPERATION,
}

brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def same_spikes_exactly(ours, theirs):
    """Same neurons in the same order, at the same times (within rounding of t/ms)."""
    assert ours["i"] == theirs["i"]
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-9)


@pytest.mark.parametrize("part", ["periodic", "new_dt", "before", "after", "rounding"])
def test_spike_generators_emit_the_same_spikes(brian2_results, part):
    theirs, ours = brian2_results["spike_generator"], engine("spike_generator")
    if part == "periodic":
        same_spikes_exactly(ours[part]["spikes"], theirs[part]["spikes"])
        assert ours[part]["rate"] == pytest.approx(theirs[part]["rate"], rel=1e-12)
        # 5 spikes in each of the periods from 0 and 4 ms, 3 in the one cut at 10 ms; then 3.
        assert len(ours[part]["spikes"]["t"]) == 16
    else:
        same_spikes_exactly(ours[part], theirs[part])
    if part == "after":
        assert ours["after"] == ours["before"]


def test_timed_arrays_give_the_same_values_and_traces(brian2_results):
    theirs, ours = brian2_results["timed_array"], engine("timed_array")
    assert ours["called"] == theirs["called"] == [1, 1, 2, 3, 4, 4, 4, 5, 5, 1]
    assert ours["called_2d"] == theirs["called_2d"] == [1.5, 0.2, 0.2]
    for trace in ("v", "direct", "grid", "slow"):
        side_by_side.assert_same_trace(ours[trace], theirs[trace])
    same_spikes_exactly(ours["spikes"], theirs["spikes"])
    assert len(theirs["spikes"]["t"]) > 3
    same_spikes_exactly(ours["gated"], theirs["gated"])
    assert ours["gated_u"] == pytest.approx(theirs["gated_u"])


def test_poisson_groups_fire_at_the_same_rates(brian2_results):
    theirs, ours = brian2_results["poisson_group"], engine("poisson_group")
    # Spike counts are binomial: (number of neuron-steps) * p, sd sqrt(n*p*(1-p)).
    expected = {
        "P": (1000 * 10000, 20e-4),
        "Q_slow": (100 * 10000, 10e-4),
        "Q_fast": (100 * 10000, 100e-4),
        "R_on": (200 * 5000, 100e-4),
    }
    for name, (trials, p) in expected.items():
        mean, sd = trials * p, np.sqrt(trials * p * (1 - p))
        for result in (ours, theirs):
            assert abs(result[name] - mean) < 5 * sd, name
        side_by_side.assert_close_statistic(ours[name], theirs[name], 5 * np.sqrt(2) * sd, name)
    assert ours["R_off"] == theirs["R_off"] == 0
    same_spikes_exactly(ours["half"], theirs["half"])  # rate*dt = 1 or 0: no chance involved
    assert len(ours["half"]["t"]) == 15 * 2


def test_poisson_inputs_add_the_same_amounts(brian2_results):
    theirs, ours = brian2_results["poisson_input"], engine("poisson_input")
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    side_by_side.assert_same_trace(ours["clamped"], theirs["clamped"])
    # 20 steps of Binomial(1000, 0.01): mean 200, variance 198. Sample of 20000: the mean has
    # sd 0.0995, the variance about 198*sqrt(2/20000) = 1.98 (counts are nearly normal). Brian
    # 2 draws from the normal approximation, the engine the exact binomial: same moments.
    for result in (ours, theirs):
        assert abs(result["mean"] - 200) < 5 * 0.0995
        assert abs(result["var"] - 198) < 5 * 1.98
    side_by_side.assert_close_statistic(ours["mean"], theirs["mean"], 5 * 0.141, "mean")
    side_by_side.assert_close_statistic(ours["var"], theirs["var"], 5 * 2.8, "variance")


def test_network_operations_have_the_same_effects(brian2_results):
    theirs, ours = brian2_results["network_operation"], engine("network_operation")
    assert ours["times"] == theirs["times"] == [0, 2, 4, 6, 8]
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    assert ours["active"] == theirs["active"] == [0, 1, 0]  # (8 ms // 2 ms) % 3 = 1
