"""Research scripts of the kind Brian 2's users write, for `test_research_scripts_vs_brian2.py`.

Each models something from the literature with the features such scripts combine — several
groups, plasticity, linked variables, multiple runs, store/restore, network operations,
explicit networks, preferences — and is written once with ``from SIMULATOR import *``. Every
random choice is drawn with numpy's global generator after ``np.random.seed``, which both
simulators leave alone, so the two runs simulate the same network with the same inputs and
deterministic results can be compared spike for spike.
"""

from __future__ import annotations

# Vogels, Sprekeler et al. (2011): inhibitory plasticity balances excitation. 80 excitatory and
# 20 inhibitory LIF neurons with conductances; the I->E synapses follow the symmetric iSTDP rule
# with a target rate rho0, so the excitatory rate is driven towards it.
VOGELS_ISTDP = """
from SIMULATOR import *
np.random.seed(11)
N_E, N_I = 80, 20
tau_m, tau_e, tau_i = 20*ms, 5*ms, 10*ms
El, Ee, Ei, Vt, Vr = -60*mV, 0*mV, -80*mV, -50*mV, -60*mV
tau_stdp, eta, rho0 = 20*ms, 0.01, 10*Hz
alpha = 2*rho0*tau_stdp
G = NeuronGroup(N_E + N_I, '''dv/dt = (El - v + ge*(Ee - v) + gi*(Ei - v))/tau_m : volt (unless refractory)
                              dge/dt = -ge/tau_e : 1
                              dgi/dt = -gi/tau_i : 1''',
                threshold='v > Vt', reset='v = Vr', refractory=5*ms, method='euler')
G.v = (-60 + 10*np.random.rand(N_E + N_I))*mV
E, I = G[:N_E], G[N_E:]
cells = np.random.choice(100*5000, 4000, replace=False)  # (input, step) pairs, each once
inputs = SpikeGeneratorGroup(100, cells % 100, (cells // 100)*0.1*ms)
feed = Synapses(inputs, G, on_pre='ge += 0.12')
feed.connect(i=np.random.randint(0, 100, 2000), j=np.random.randint(0, N_E + N_I, 2000))
pre, post = np.nonzero(np.random.rand(N_E, N_E + N_I) < 0.2)
exc = Synapses(E, G, on_pre='ge += 0.03')
exc.connect(i=pre, j=post)
pre, post = np.nonzero(np.random.rand(N_I, N_E) < 0.3)
inh = Synapses(I, E, '''w : 1
                        dApre/dt = -Apre/tau_stdp : 1 (event-driven)
                        dApost/dt = -Apost/tau_stdp : 1 (event-driven)''',
               on_pre='''gi += w
                         Apre += 1.
                         w = clip(w + (Apost - alpha)*eta, 0, 1)''',
               on_post='''Apost += 1.
                          w = clip(w + Apre*eta, 0, 1)''')
inh.connect(i=pre, j=post)
inh.w = 0.05
M = SpikeMonitor(G)
run(500*ms)
result = {"spikes": spikes(M), "w": floats(inh.w)}
"""  # noqa: E501 - an equation is one line

# Tsodyks & Markram (1997): short-term depression and facilitation of one synapse each, driven
# by a regular train then a recovery spike; the postsynaptic conductance and u, x recorded.
TSODYKS_MARKRAM = """
from SIMULATOR import *
times = np.r_[np.arange(10)*25, 600]
source = SpikeGeneratorGroup(2, np.r_[np.zeros(11, int), np.ones(11, int)], np.r_[times, times]*ms)
target = NeuronGroup(2, 'dg/dt = -g/(3*ms) : 1', method='exact')
S = Synapses(source, target, '''dx/dt = (1 - x)/tau_d : 1 (event-driven)
                                du/dt = (U - u)/tau_f : 1 (event-driven)
                                U : 1
                                tau_d : second
                                tau_f : second''',
             on_pre='''u += U*(1 - u)
                       g_post += u*x
                       x -= u*x''')
S.connect(j='i')
S.x = 1
S.U = [0.5, 0.1]
S.u = 'U'
S.tau_d = [800, 100]*ms
S.tau_f = [10, 1000]*ms
M = StateMonitor(target, 'g', record=True, dt=1*ms)
run(700*ms)
result = {"g": floats(M.g), "u": floats(S.u), "x": floats(S.x)}
"""

# An f-I curve of a Hodgkin-Huxley neuron measured the way scripts do it without a group per
# current: one neuron, store() once, then restore() and run for each current.
HH_FI_STORE_RESTORE = """
from SIMULATOR import *
area = 20000*umetre**2
Cm, gl, El = 1*ufarad*cm**-2*area, 5e-5*siemens*cm**-2*area, -65*mV
EK, ENa = -90*mV, 50*mV
g_na, g_kd, VT = 100*msiemens*cm**-2*area, 30*msiemens*cm**-2*area, -63*mV
eqs = '''
dv/dt = (gl*(El - v) - g_na*(m*m*m)*h*(v - ENa) - g_kd*(n*n*n*n)*(v - EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV - v + VT)/(4*mV))/ms*(1 - m) - 0.28*(mV**-1)*5*mV/exprel((v - VT - 40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV - v + VT)/(5*mV))/ms*(1. - n) - .5*exp((10.*mV - v + VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV - v + VT)/(18.*mV))/ms*(1. - h) - 4./(1 + exp((40.*mV - v + VT)/(5.*mV)))/ms*h : 1
I : amp
'''
neuron = NeuronGroup(1, eqs, threshold='v > -40*mV', refractory='v > -40*mV', method='exponential_euler')
neuron.v = El
M = SpikeMonitor(neuron)
store()
counts = []
for current in [0.1, 0.2, 0.4, 0.7, 1.0]*nA:
    restore()
    neuron.I = current
    run(200*ms)
    counts.append(int(M.num_spikes))
result = {"counts": counts, "last_t": floats(M.t, ms)}
"""  # noqa: E501 - an equation is one line

# Naud et al. (2008): firing patterns of the adaptive exponential integrate-and-fire model, one
# neuron per pattern with per-neuron parameters (tonic, adapting, bursting, irregular-ish).
ADEX_PATTERNS = """
from SIMULATOR import *
C, gL, EL, VT, DeltaT = 200*pF, 10*nS, -70*mV, -50*mV, 2*mV
eqs = '''
dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
dw/dt = (a*(vm - EL) - w)/tauw : amp
a : siemens
b : amp
tauw : second
Vr : volt
I : amp
'''
G = NeuronGroup(4, eqs, threshold='vm > 0*mV', reset='vm = Vr; w += b', method='euler')
G.a = [0, 2, -0.5, 2]*nS
G.b = [0, 0, 7, 40]*pA
G.tauw = [30, 300, 300, 100]*ms
G.Vr = [-58, -58, -46, -46]*mV
G.vm = EL
G.I = [500, 500, 210, 250]*pA
M = SpikeMonitor(G)
S = StateMonitor(G, 'w', record=True, dt=1*ms)
run(400*ms)
result = {"spikes": spikes(M), "w": floats(S.w, pA)}
"""

# A stimulus protocol driven from Python: a network operation steps the input current up every
# 50 ms, as scripts do for staircase protocols, and another one counts spikes per step.
NETWORK_OPERATION_STAIRCASE = """
from SIMULATOR import *
G = NeuronGroup(5, '''dv/dt = (I*(1 + 0.1*i) - v)/(10*ms) : 1
                      I : 1''', threshold='v > 1', reset='v = 0', method='exact')
per_step = []
@network_operation(dt=50*ms)
def staircase(t):
    if t > 0*ms:
        per_step.append(int(M.num_spikes))
    G.I = 0.8 + 0.1*int(t/(50*ms) + 0.5)
M = SpikeMonitor(G)
run(400*ms)
result = {"spikes": spikes(M), "per_step": per_step, "I": floats(G.I)}
"""

# Two-compartment neurons as two groups (Pinsky & Rinzel style coupling): the dendrite group
# links to the soma's voltage, the soma sums the coupling current from the dendrite by
# a linked variable too.
LINKED_COMPARTMENTS = """
from SIMULATOR import *
N = 4
soma = NeuronGroup(N, '''dv/dt = (-v + g_c*(v_d - v) + I)/(10*ms) : 1
                         v_d : 1 (linked)
                         I : 1''', threshold='v > 1', reset='v = 0', method='euler')
dend = NeuronGroup(N, '''dv/dt = (-v + g_c*(v_s - v) + J)/(30*ms) : 1
                         v_s : 1 (linked)
                         J : 1''', method='euler')
g_c = 0.3
soma.v_d = linked_var(dend, 'v')
dend.v_s = linked_var(soma.v)
soma.I = 'i*0.4'
dend.J = 1.5
M = SpikeMonitor(soma)
S = StateMonitor(dend, 'v', record=True, dt=1*ms)
run(200*ms)
result = {"spikes": spikes(M), "dend": floats(S.v)}
"""

# Groups on their own clocks: a fast group at 0.05 ms, a slow one at 0.5 ms driven by it
# through synapses, a run_regularly every millisecond, and a monitor on a clock of its own.
MULTIPLE_CLOCKS = """
from SIMULATOR import *
fast = NeuronGroup(3, 'dv/dt = (1.2 + 0.1*i - v)/(5*ms) : 1', threshold='v > 1', reset='v = 0',
                   method='exact', dt=0.05*ms)
slow = NeuronGroup(3, '''dv/dt = -v/(20*ms) : 1
                         kicks : integer''', threshold='v > 1', reset='v = 0', method='exact', dt=0.5*ms)
S = Synapses(fast, slow, on_pre='v += 0.3', delay=1*ms)
S.connect(j='i')
slow.run_regularly('v += 0.01', dt=1*ms)
Ms = SpikeMonitor(slow)
Mf = SpikeMonitor(fast)
V = StateMonitor(slow, 'v', record=True, dt=2*ms)
run(100*ms)
result = {"slow": spikes(Ms), "fast": spikes(Mf), "v": floats(V.v), "t": floats(V.t, ms)}
"""  # noqa: E501 - an equation is one line

# Electrical coupling through gap junctions, summed onto each neuron (Brian's documented
# pattern, here with a numpy-drawn ring of unequal conductances and a parameter scan over runs
# of an explicit Network with its own store/restore).
GAP_JUNCTION_SCAN = """
from SIMULATOR import *
np.random.seed(3)
N = 10
G = NeuronGroup(N, '''dv/dt = (v0 - v + Igap)/(10*ms) : 1
                      Igap : 1
                      v0 : 1''', threshold='v > 1', reset='v = 0', method='exact')
G.v0 = np.linspace(1.05, 1.3, N)
G.v = np.random.rand(N)
S = Synapses(G, G, '''w : 1
                      Igap_post = w*(v_pre - v_post) : 1 (summed)''')
S.connect(i=np.arange(N), j=(np.arange(N) + 1) % N)
S.connect(i=(np.arange(N) + 1) % N, j=np.arange(N))
M = SpikeMonitor(G)
net = Network(G, S, M)
net.store('start')
counts = {}
for scale in [0.0, 0.5, 2.0]:
    net.restore('start')
    S.w = scale*np.random.rand(len(S))
    net.run(300*ms)
    counts[str(scale)] = np.bincount(np.asarray(M.i), minlength=N).tolist()
result = {"counts": counts, "last": spikes(M)}
"""

# The classic STDP pairing protocol (Bi & Poo 1998): one synapse per time difference, 60
# pairings at 1 Hz each, the weight change against the pre-post interval.
STDP_PAIRING = """
from SIMULATOR import *
taupre = taupost = 20*ms
Apre, Apost = 0.01, -0.0105
delays = np.arange(-50, 51, 10)*ms
n = len(delays)
pairs = 60
pre_times = np.tile(np.arange(pairs)*1000 + 100, n)*ms
pre_idx = np.repeat(np.arange(n), pairs)
post_times = pre_times + np.repeat(delays, pairs)
pre = SpikeGeneratorGroup(n, pre_idx, pre_times)
post = SpikeGeneratorGroup(n, pre_idx, post_times)
S = Synapses(pre, post, '''w : 1
                          dapre/dt = -apre/taupre : 1 (event-driven)
                          dapost/dt = -apost/taupost : 1 (event-driven)''',
             on_pre='''apre += Apre
                       w = w + apost''',
             on_post='''apost += Apost
                        w = w + apre''')
S.connect(j='i')
S.w = 0.5
run(pairs*second + 200*ms)
result = {"dw": floats(S.w - 0.5)}
"""

# Wilson & Cowan (1972): excitatory and inhibitory population rates as two groups of one
# element each, coupled by linked variables, driven by a TimedArray pulse; explicit Network
# run in two parts with a dt change between them.
WILSON_COWAN = """
from SIMULATOR import *
stimulus = TimedArray(np.r_[np.zeros(50), 2*np.ones(100), np.zeros(150)], dt=1*ms)
sigmoid_eqs = '''
drE/dt = (-rE + 1/(1 + exp(-(wEE*rE - wEI*rI_l + stimulus(t) - thE)/0.2)))/(10*ms) : 1
rI_l : 1 (linked)
'''
E = NeuronGroup(1, sigmoid_eqs, method='rk4')
I = NeuronGroup(1, '''drI/dt = (-rI + 1/(1 + exp(-(wIE*rE_l - wII*rI - thI)/0.2)))/(20*ms) : 1
                      rE_l : 1 (linked)''', method='rk4')
E.rI_l = linked_var(I, 'rI')
I.rE_l = linked_var(E, 'rE')
wEE, wEI, wIE, wII, thE, thI = 12., 10., 10., 2., 2.8, 4.
ME = StateMonitor(E, 'rE', record=0)
MI = StateMonitor(I, 'rI', record=0)
net = Network(E, I, ME, MI)
net.run(150*ms)
defaultclock.dt = 0.05*ms
net.run(150*ms)
result = {"rE": floats(ME.rE[0][::20]), "rI": floats(MI.rI[0][::20]), "n": len(ME.t)}
"""

# Izhikevich (2003)-style pulse-coupled network with conduction delays, a numpy-drawn random
# network and a numpy-drawn thalamic input current, fixed per millisecond via a TimedArray.
IZHIKEVICH_DELAYS = """
from SIMULATOR import *
np.random.seed(7)
Ne, Ni = 80, 20
re, ri = np.random.rand(Ne), np.random.rand(Ni)
G = NeuronGroup(Ne + Ni, '''dv/dt = (0.04*v**2 + 5*v + 140 - u + I)/ms : 1
                            du/dt = a*(b*v - u)/ms : 1
                            I = thalamic(t, i) : 1
                            a : 1
                            b : 1
                            c : 1
                            d : 1''', threshold='v >= 30', reset='v = c; u += d', method='euler',
                dt=0.5*ms)
G.a = np.r_[0.02*np.ones(Ne), 0.02 + 0.08*ri]
G.b = np.r_[0.2*np.ones(Ne), 0.25 - 0.05*ri]
G.c = np.r_[-65 + 15*re**2, -65*np.ones(Ni)]
G.d = np.r_[8 - 6*re**2, 2*np.ones(Ni)]
G.v = -65
G.u = 'b*v'
thalamic = TimedArray(np.r_['1', 5*np.random.randn(400, Ne), 2*np.random.randn(400, Ni)], dt=1*ms)
weights = np.c_[0.5*np.random.rand(Ne + Ni, Ne), -np.random.rand(Ne + Ni, Ni)].T
post, pre = np.meshgrid(np.arange(Ne + Ni), np.arange(Ne + Ni))
S = Synapses(G, G, 'w : 1', on_pre='v_post += w', dt=0.5*ms)
S.connect(i=pre.ravel(), j=post.ravel())
S.w = weights.ravel()
S.delay = np.random.randint(1, 6, len(S))*ms
M = SpikeMonitor(G)
run(400*ms)
result = {"spikes": spikes(M)}
"""

# A sparse excitatory-inhibitory network with Poisson background (Brunel 2000's state AI), for
# eight seeds: the one statistical script. For each seed both simulators build the same
# network (numpy-drawn); the Poisson input comes from each simulator's own generator, so the
# mean rates of a seed differ by chance and are compared as paired statistics.
BRUNEL_POISSON = """
from SIMULATOR import *
N_E, N_I, C_E, J, g = 800, 200, 80, 0.5*mV, 5
tau, theta, Vr, D = 20*ms, 20*mV, 10*mV, 1.5*ms
nu_thr = theta/(J*C_E*tau)
rates, synapses = [], []
for k in range(1, 9):
    start_scope()
    seed(k)  # numpy's generator (the network) and the simulator's own (the Poisson input)
    G = NeuronGroup(N_E + N_I, 'dv/dt = -v/tau : volt (unless refractory)',
                    threshold='v > theta', reset='v = Vr', refractory=2*ms, method='exact')
    pre, post = np.nonzero(np.random.rand(N_E + N_I, N_E + N_I) < 0.1)
    exc = pre < N_E
    E = Synapses(G, G, on_pre='v_post += J', delay=D)
    E.connect(i=pre[exc], j=post[exc])
    I = Synapses(G, G, on_pre='v_post += -g*J', delay=D)
    I.connect(i=pre[~exc], j=post[~exc])
    P = PoissonInput(G, 'v', C_E, 2*nu_thr, J)
    M = SpikeMonitor(G)
    run(300*ms)
    rates.append(float(M.num_spikes/(N_E + N_I)/(300*ms)/Hz))
    synapses.append([len(E), len(I)])
result = {"rates": rates, "synapses": synapses}
"""

SCRIPTS = {
    "vogels_istdp": VOGELS_ISTDP,
    "tsodyks_markram": TSODYKS_MARKRAM,
    "hh_fI_store_restore": HH_FI_STORE_RESTORE,
    "adex_patterns": ADEX_PATTERNS,
    "network_operation_staircase": NETWORK_OPERATION_STAIRCASE,
    "linked_compartments": LINKED_COMPARTMENTS,
    "multiple_clocks": MULTIPLE_CLOCKS,
    "gap_junction_scan": GAP_JUNCTION_SCAN,
    "stdp_pairing": STDP_PAIRING,
    "wilson_cowan": WILSON_COWAN,
    "izhikevich_delays": IZHIKEVICH_DELAYS,
    "brunel_poisson": BRUNEL_POISSON,
}
