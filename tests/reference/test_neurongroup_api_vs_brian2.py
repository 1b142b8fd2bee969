"""Everyday NeuronGroup and monitor behaviour that Brian 2 scripts rely on, side by side.

Small scripts, each written once with ``from SIMULATOR import *`` and run by both simulators
(``side_by_side.py``): setting and indexing variables, the functions of model code, every
integration method, exact integration of coupled linear equations, refractoriness given as an
expression, monitor accessors, subgroups, explicit networks, ``Equations`` objects, storing to a
file, changing dt between runs, noise variables. Deterministic results must agree within 1e-9
relative (Brian does not promise bitwise reproducibility: rounding depends on how a formula is
arranged) and spike times within one dt.
"""

from __future__ import annotations

import numpy as np
import pytest
from models import CUBA_MODEL
from reference import side_by_side

DT_MS = 0.1

SETTING_VARIABLES = """
from SIMULATOR import *
v_rest = -65*mV
G = NeuronGroup(10, '''v : volt
                       g : siemens
                       x : 1''')
G.v = 'v_rest + i*mV'
G.g = '(1 + i)*nS'
G.x = 'i*2'
G.x['i >= 3'] = 'v/mV'
G.v[:2] = [1, 2]*mV
G.x[G.v > -58*mV] = -1
H = G[3:7]
H.g = 'i*0.5*nS'
result = {"v": floats(G.v, mV), "g": floats(G.g, nS), "x": floats(G.x),
          "subgroup_i": floats(H.i), "subgroup_v": floats(H.v, mV), "slice": floats(G.v[3:5], mV)}
"""

FUNCTIONS = """
from SIMULATOR import *
G = NeuronGroup(7, '''x : 1
    y = clip(x, -1, 1) + sign(x) + floor(x*1.5) + ceil(x) + abs(x) + int(x > 0) : 1
    z = sqrt(abs(x)) + log(1 + abs(x)) + exp(-x) + sin(x) + cos(x) + tan(x/10) : 1
    w = arcsin(x/10) + arccos(x/10) + arctan(x) + sinh(x/3) + cosh(x/3) + tanh(x) : 1
    u = log10(3 + x) + exprel(x) + int(x) + x % 1.5 + x**3 + x//2 : 1
    ''')
G.x = [-2.5, -1, -0.3, 0, 0.3, 1.7, 3]
result = {"y": floats(G.y), "z": floats(G.z), "w": floats(G.w), "u": floats(G.u)}
"""

INTEGER_AND_BOOLEAN = """
from SIMULATOR import *
G = NeuronGroup(4, '''dv/dt = (2 - v)/(10*ms) : 1
                      n : integer
                      half : 1
                      floordiv : integer
                      odd : boolean''', threshold='v > 1',
                reset='v = 0; n += 1; half = n/2; floordiv = n//2; odd = (n % 2) == 1',
                method='exact')
G.n = 'i'
run(30*ms)
result = {"n": [int(x) for x in G.n[:]], "half": floats(G.half),
          "floordiv": [int(x) for x in G.floordiv[:]], "odd": [bool(x) for x in G.odd[:]]}
"""

# A FitzHugh-Nagumo-like model: nonlinear, so every explicit method gives its own numbers.
METHODS = """
from SIMULATOR import *
eqs = '''
dv/dt = (v - v**3/3 - w + I)/(1*ms) : 1
dw/dt = 0.08*(v + 0.7 - 0.8*w)/(1*ms) : 1
I : 1
'''
result = {}
for method in ['euler', 'rk2', 'rk4', 'heun', 'milstein']:
    start_scope()
    G = NeuronGroup(3, eqs, method=method, threshold='v > 1.5', reset='w += 0.1',
                    refractory=2*ms)
    G.I = [0.3, 0.5, 0.8]
    G.v = -1
    M = StateMonitor(G, ['v', 'w'], record=True)
    S = SpikeMonitor(G)
    run(100*ms)
    result[method] = {"v": floats(M.v), "w": floats(M.w), "spikes": spikes(S)}
"""

# The neuron model of the CUBA example (its synapses left out): three coupled linear
# equations that 'exact' integrates with a matrix exponential.
CUBA_NEURONS = (
    """
from SIMULATOR import *"""
    + CUBA_MODEL
    + """P = NeuronGroup(50, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exact')
P.v = 'Vr + (i/50.)*(Vt-Vr)'
P.ge = '(i % 7)*mV'
P.gi = '-(i % 5)*2*mV'
S = SpikeMonitor(P)
M = StateMonitor(P, ['v', 'ge', 'gi'], record=[0, 13, 49])
run(100*ms)
result = {"spikes": spikes(S), "v": floats(M.v, mV), "ge": floats(M.ge, mV),
          "gi": floats(M.gi, mV)}
"""
)

REFRACTORINESS = """
from SIMULATOR import *
G = NeuronGroup(4, '''dv/dt = (2 - v)/(5*ms) : 1 (unless refractory)
                      dw/dt = -w/(20*ms) : 1 (unless refractory)
                      dz/dt = (1 - z)/(20*ms) : 1
                      ref : second''', threshold='v>1', reset='v = 0; w += 1',
                refractory='ref', method='exact')
G.ref = [0, 1, 2.55, 7]*ms
S = SpikeMonitor(G)
M = StateMonitor(G, ['v', 'w', 'z', 'not_refractory'], record=True)
run(30*ms)
result = {"spikes": spikes(S), "v": floats(M.v), "w": floats(M.w), "z": floats(M.z),
          "not_refractory": np.asarray(M.not_refractory, dtype=int).tolist()}
"""

EVENT_SCHEDULE = """
from SIMULATOR import *
G = NeuronGroup(1, 'dv/dt = 1/ms : 1', threshold='v>0.45', reset='v = 0',
                events={'half': 'v > 0.25'}, method='euler')
G.set_event_schedule('half', when='before_groups')
G.run_on_event('half', 'v += 0.01', when='before_groups')
E = EventMonitor(G, 'half', variables='v')
S = SpikeMonitor(G, variables='v')
M = StateMonitor(G, 'v', record=0)
run(2*ms)
result = {"half": spikes(E), "v_at_half": floats(E.v), "spikes": spikes(S),
          "v_at_spike": floats(S.v), "v": floats(M.v[0])}
"""

MONITOR_ACCESSORS = """
from SIMULATOR import *
G = NeuronGroup(5, 'dv/dt = (1 + 0.2*i - v)/(10*ms) : 1', threshold='v>0.9', reset='v=0',
                method='exact')
S = SpikeMonitor(G, variables='v', record=True)
M = StateMonitor(G, ['v'], record=[1, 3])
R = PopulationRateMonitor(G[2:5])
S2 = SpikeMonitor(G[3:])
run(60*ms)
i, t = S.it
i_, t_ = S.it_
result = {"i": floats(i), "t": floats(t, ms), "t_": floats(t_*1000), "count": floats(S.count),
          "num_spikes": int(S.num_spikes),
          "trains": {str(k): floats(v, ms) for k, v in S.spike_trains().items()},
          "values": {str(k): floats(v) for k, v in S.values('v').items()},
          "M1": floats(M[1].v), "M_shape": list(np.shape(M.v)), "M_t_": floats(M.t_*1000),
          "rate": floats(R.rate, Hz), "rate_": floats(R.rate_),
          "gaussian": floats(R.smooth_rate(window='gaussian', width=1*ms), Hz),
          "flat": floats(R.smooth_rate(window='flat', width=1.05*ms), Hz),
          "subgroup": spikes(S2), "subgroup_count": floats(S2.count)}
"""

SUBGROUPS = """
from SIMULATOR import *
G = NeuronGroup(10, '''dv/dt = (v0 - v)/(10*ms) : 1
                       v0 : 1''', threshold='v > 1', reset='v = 0', method='exact')
G.v0 = 1.5
G[5:].v0 = 3
sub = G[2:8]
M = StateMonitor(sub, 'v', record=[0, 5])
S = SpikeMonitor(sub)
R = PopulationRateMonitor(sub)
run(20*ms)
result = {"v": floats(M.v), "spikes": spikes(S), "rate": floats(R.rate, Hz)}
"""

NETWORK_OBJECTS = """
from SIMULATOR import *


def build():
    G = NeuronGroup(2, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0',
                    method='exact', name='neurons')
    S = SpikeMonitor(G, name='spikes')
    return Network(G, S)


net = build()
net.run(10*ms)
S = net['spikes']
M = StateMonitor(net['neurons'], 'v', record=0)
net.add(M)
net.run(10*ms)
net.remove(M)
net.run(5*ms)
result = {"spikes": spikes(S), "M_t": floats(M.t, ms), "t": float(net.t/ms)}
"""

EQUATIONS_OBJECTS = """
from SIMULATOR import *
base = Equations('dv/dt = (E - v)/tau : volt', E=-60*mV)
full = base + Equations('dx/dt = -x/tau_x : 1', tau_x=5*ms)
G = NeuronGroup(2, full, method='exact', namespace={'tau': 10*ms})
G.x = 1
G.v = -70*mV
run(5*ms)
result = {"v": floats(G.v, mV), "x": floats(G.x), "names": sorted(full.names),
          "diff_eq_names": sorted(full.diff_eq_names)}
"""

STORE_TO_FILE = """
from SIMULATOR import *
import os
import tempfile
G = NeuronGroup(3, 'dv/dt = (1 + 0.5*i - v)/(10*ms) : 1', threshold='v > 0.9', reset='v = 0',
                method='exact')
S = SpikeMonitor(G)
net = Network(G, S)
net.run(10*ms)
folder = tempfile.mkdtemp()
net.store('checkpoint', filename=os.path.join(folder, 'state.pkl'))
net.run(20*ms)
first = spikes(S)
net.restore('checkpoint', filename=os.path.join(folder, 'state.pkl'))
t_restored = float(net.t/ms)
net.run(20*ms)
result = {"first": first, "second": spikes(S), "t_restored": t_restored}
"""

DT_CHANGE = """
from SIMULATOR import *
G = NeuronGroup(1, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0',
                method='euler')
M = StateMonitor(G, 'v', record=0)
S = SpikeMonitor(G)
run(10*ms)
defaultclock.dt = 0.05*ms
run(10*ms)
defaultclock.dt = 0.2*ms
run(10*ms)
result = {"t": floats(M.t, ms), "v": floats(M.v[0]), "spikes": spikes(S)}
"""

LINKED_WITH_INDEX = """
from SIMULATOR import *
# Named, because objects of one slot and order run in the order of their names: 'a' updates
# x before 'b' reads it (default names would depend on how many groups the process made).
A = NeuronGroup(3, 'dx/dt = (i+1)/ms : 1', method='euler', name='a')
B = NeuronGroup(6, '''y : 1 (linked)
                      dz/dt = y/ms : 1''', method='euler', name='b')
B.y = linked_var(A, 'x', index=np.array([0, 0, 1, 1, 2, 2]))
M = StateMonitor(B, ['y', 'z'], record=True)
run(1*ms)
result = {"y": floats(M.y), "z": floats(M.z)}
"""

# -- smaller conveniences of Brian 2 (each was once missing from the engine) -----------------

SPIKE_MONITOR_LENGTH = """
from SIMULATOR import *
G = NeuronGroup(3, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0',
                method='exact')
S = SpikeMonitor(G)
run(20*ms)
result = {"len": len(S), "num_spikes": int(S.num_spikes)}
"""

LINKED_VAR_OF_A_VARIABLE = """
from SIMULATOR import *
A = NeuronGroup(3, 'dx/dt = (i+1)/ms : 1', method='euler')
C = NeuronGroup(3, 'w : 1 (linked)')
C.w = linked_var(A.x)
run(1*ms)
result = {"w": floats(C.w), "x": floats(A.x)}
"""

# Brian 2 documentation, "Equations": "using xi_1 several times refers to the same variable".
SHARED_NOISE_VARIABLE = """
from SIMULATOR import *
seed(8)
G = NeuronGroup(20000, '''dx/dt = -x/(10*ms) + (2/(10*ms))**0.5*xi_1 : 1
                           dy/dt = -y/(10*ms) + (2/(10*ms))**0.5*xi_1 : 1
                           dz/dt = -z/(10*ms) + (2/(10*ms))**0.5*xi_2 : 1''', method='euler')
run(50*ms)
x, y, z = np.asarray(G.x[:]), np.asarray(G.y[:]), np.asarray(G.z[:])
result = {"var": [float(x.var()), float(y.var()), float(z.var())],
          "xy": float(np.corrcoef(x, y)[0, 1]), "xz": float(np.corrcoef(x, z)[0, 1])}
"""

STATE_MONITOR_OF_EVERYTHING = """
from SIMULATOR import *
G = NeuronGroup(2, '''dv/dt = (1 - v)/tau : 1
                      tau : second
                      u = 2*v : 1''', method='exact')
G.tau = [10, 20]*ms
M = StateMonitor(G, True, record=True)
run(1*ms)
result = {"variables": sorted(M.record_variables), "u": floats(M.u)}
"""

SUBGROUP_RUN_REGULARLY = """
from SIMULATOR import *
G = NeuronGroup(10, 'v : 1')
sub = G[2:5]
sub.run_regularly('v += 1', dt=1*ms)
run(2.5*ms)
result = {"v": floats(G.v)}
"""

SCRIPTS = {
    "setting_variables": SETTING_VARIABLES,
    "functions": FUNCTIONS,
    "integer_and_boolean": INTEGER_AND_BOOLEAN,
    "methods": METHODS,
    "cuba_neurons": CUBA_NEURONS,
    "refractoriness": REFRACTORINESS,
    "event_schedule": EVENT_SCHEDULE,
    "monitor_accessors": MONITOR_ACCESSORS,
    "subgroups": SUBGROUPS,
    "network_objects": NETWORK_OBJECTS,
    "equations_objects": EQUATIONS_OBJECTS,
    "store_to_file": STORE_TO_FILE,
    "dt_change": DT_CHANGE,
    "linked_with_index": LINKED_WITH_INDEX,
    "spike_monitor_length": SPIKE_MONITOR_LENGTH,
    "linked_var_of_a_variable": LINKED_VAR_OF_A_VARIABLE,
    "shared_noise_variable": SHARED_NOISE_VARIABLE,
    "state_monitor_of_everything": STATE_MONITOR_OF_EVERYTHING,
    "subgroup_run_regularly": SUBGROUP_RUN_REGULARLY,
}


brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def assert_same(ours, theirs):
    side_by_side.assert_same_result(ours, theirs, DT_MS)


@pytest.mark.parametrize(
    "name",
    [
        "setting_variables",
        "functions",
        "integer_and_boolean",
        "methods",
        "cuba_neurons",
        "refractoriness",
        "event_schedule",
        "monitor_accessors",
        "subgroups",
        "network_objects",
        "equations_objects",
        "store_to_file",
        "dt_change",
        "linked_with_index",
    ],
)
def test_gives_what_brian2_gives(brian2_results, name):
    theirs = brian2_results[name]
    assert_same(engine(name), theirs)


def test_every_integration_method_is_used_as_asked():
    ours = engine("methods")
    v = {method: np.asarray(ours[method]["v"]) for method in ours}
    # Euler, midpoint (rk2) and rk4 steps give different numbers; Brian's heun and milstein
    # are stochastic schemes whose deterministic part is the Euler step.
    for a, b in [("euler", "rk2"), ("euler", "rk4"), ("rk2", "rk4")]:
        assert np.max(np.abs(v[a] - v[b])) > 1e-3, (a, b)
    assert v["heun"] == pytest.approx(v["euler"], abs=1e-12)
    assert v["milstein"] == pytest.approx(v["euler"], abs=1e-12)


def test_the_length_of_a_spike_monitor_is_its_number_of_spikes(brian2_results):
    # Tutorial 1 uses it: weights=list(ones(len(spikemon))/(N*defaultclock.dt)).
    theirs = brian2_results["spike_monitor_length"]
    assert theirs == {"len": 6, "num_spikes": 6}
    assert engine("spike_monitor_length") == theirs


def test_linked_var_accepts_a_group_variable(brian2_results):
    theirs = brian2_results["linked_var_of_a_variable"]
    assert theirs["w"] == theirs["x"]
    assert_same(engine("linked_var_of_a_variable"), theirs)


def test_a_noise_variable_used_in_two_equations_is_the_same_noise(brian2_results):
    theirs, ours = brian2_results["shared_noise_variable"], engine("shared_noise_variable")
    for result in (ours, theirs):
        # Same noise, same equation, same start: x and y are identical; z is independent
        # (its correlation with x is within 4 standard errors 1/sqrt(20000) of 0).
        assert result["xy"] == pytest.approx(1, abs=1e-12)
        assert abs(result["xz"]) < 4 / np.sqrt(20000)
        # Stationary variance 1 (reached after 5 time constants, within 4 standard errors).
        assert result["var"] == pytest.approx([1, 1, 1], abs=0.01 + 4 * np.sqrt(2 / 20000))


def test_a_state_monitor_of_true_records_every_variable_and_subexpression(brian2_results):
    theirs = brian2_results["state_monitor_of_everything"]
    assert theirs["variables"] == ["tau", "u", "v"]
    assert_same(engine("state_monitor_of_everything"), theirs)


def test_subgroups_run_code_regularly(brian2_results):
    theirs = brian2_results["subgroup_run_regularly"]
    assert theirs["v"] == [0, 0, 3, 3, 3, 0, 0, 0, 0, 0]
    assert engine("subgroup_run_regularly") == theirs
