"""Brian 2's synapse-free examples on the engine and on Brian 2, side by side.

The examples of chapter 5 of the Brian 2 documentation that simulate NeuronGroups only are
scripts below, written once with ``from SIMULATOR import *`` and run by both simulators
(``side_by_side.py``): the engine in this process, Brian 2.9.0 (numpy target) in background
processes started once for the module. Model text as in the seed documentation and
``tests/engine/data/example_models.toml``; plotting is left out, and long examples are shortened
(fewer neurons or a shorter run, said where it is done) so that the module takes seconds.

Not here: the examples with Synapses (such as ``adaptive_threshold`` and ``Izhikevich_2003``,
compared in ``test_network_examples_vs_brian2.py`` and ``test_synapse_examples_vs_brian2.py``);
those with SpatialNeuron (not in the engine); ``COBAHH_approximated`` and
``Jansen_Rit_1995_single_column`` (not compared yet); ``compare_GSL_to_conventional`` (GSL),
``modelfitting_sbi`` and ``opencv_movie`` (other packages); the ``multiprocessing`` and
``standalone`` examples (about devices and processes; their one-line models are covered by the
tutorial). The input objects are compared in ``test_inputs_vs_brian2.py``.

Tolerances:
* Deterministic examples: identical spike counts per neuron and every spike time within one dt;
  recorded traces within 1e-9 relative. Brian itself does not promise bitwise reproducibility
  (rounding depends on how a formula is arranged), so a threshold crossing within rounding
  error of a step boundary may move by one step; 1e-9 leaves room for rounding accumulated over
  thousands of steps, nothing more. Where a model amplifies rounding (chaotic or excitable
  dynamics over many spikes) a looser tolerance is stated next to the comparison.
* Stochastic examples: the random streams differ (the engine draws from PCG64, Brian from
  numpy's legacy generator), so statistics are compared, each tolerance justified where used.
"""

from __future__ import annotations

import models
import numpy as np
import pytest
from reference import side_by_side

DT_MS = 0.1

# -- the examples --------------------------------------------------------------------------------

IF_CURVE_LIF = (
    """
from SIMULATOR import *
n = 1000"""
    + models.IF_CURVE_LIF
    + """monitor = SpikeMonitor(group)
run(duration)
result = {"spikes": spikes(monitor), "rate": floats(monitor.count / duration, Hz)}
"""
)

# Shortened from 2 s to 300 ms (the first spikes come at 4.1 ms, the slowest neuron fires
# about every 11 ms).
IF_CURVE_HODGKIN_HUXLEY = """
from SIMULATOR import *
num_neurons = 100
duration = 300*ms
# Parameters
area = 20000*umetre**2
Cm = 1*ufarad*cm**-2 * area
gl = 5e-5*siemens*cm**-2 * area
El = -65*mV
EK = -90*mV
ENa = 50*mV
g_na = 100*msiemens*cm**-2 * area
g_kd = 30*msiemens*cm**-2 * area
VT = -63*mV
# The model
eqs = Equations('''
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
''')
# Threshold and refractoriness are only used for spike counting
group = NeuronGroup(num_neurons, eqs,
                    threshold='v > -40*mV',
                    refractory='v > -40*mV',
                    method='exponential_euler')
group.v = El
group.I = '0.7*nA * i / num_neurons'
monitor = SpikeMonitor(group)
trace = StateMonitor(group, ['v', 'm', 'n', 'h'], record=[50, 99])
run(duration)
result = {"spikes": spikes(monitor), "v": floats(trace.v, mV), "m": floats(trace.m),
          "n": floats(trace.n), "h": floats(trace.h)}
"""  # noqa: E501 - equations are one line each

NON_RELIABILITY = """
from SIMULATOR import *
seed(11)
N = 25
tau = 20*ms
sigma = .015
eqs_neurons = '''
dx/dt = (1.1 - x) / tau + sigma * (2 / tau)**.5 * xi : 1 (unless refractory)
'''
neurons = NeuronGroup(N, model=eqs_neurons, threshold='x > 1', reset='x = 0',
                      refractory=5*ms, method='euler')
spikes_ = SpikeMonitor(neurons)
run(500*ms)
result = {"spikes": spikes(spikes_)}
"""

RELIABILITY = """
from SIMULATOR import *
seed(12)
# The common noisy input
N = 25
tau_input = 5*ms
neuron_input = NeuronGroup(1, 'dx/dt = -x / tau_input + (2 /tau_input)**.5 * xi : 1')
# The noisy neurons receiving the same input
tau = 10*ms
sigma = .015
eqs_neurons = '''
dx/dt = (0.9 + .5 * I - x) / tau + sigma * (2 / tau)**.5 * xi : 1
I : 1 (linked)
'''
neurons = NeuronGroup(N, model=eqs_neurons, threshold='x > 1',
                      reset='x = 0', refractory=5*ms, method='euler')
neurons.x = 'rand()'
neurons.I = linked_var(neuron_input, 'x') # input.x is continuously fed into neurons.I
spikes_ = SpikeMonitor(neurons)
inputs = StateMonitor(neuron_input, 'x', record=0)
linked = StateMonitor(neurons, 'I', record=[0, 24])
run(500*ms)
result = {"spikes": spikes(spikes_), "input": floats(inputs.x[0]), "linked": floats(linked.I)}
"""

PHASE_LOCKING = """
from SIMULATOR import *
seed(13)
tau = 20*ms
n = 100
b = 1.2 # constant current mean, the modulation varies
freq = 10*Hz
eqs = '''
dv/dt = (-v + a * sin(2 * pi * freq * t) + b) / tau : 1
a : 1
'''
neurons = NeuronGroup(n, model=eqs, threshold='v > 1', reset='v = 0',
                      method='euler')
neurons.v = 'rand()'
neurons.a = '0.05 + 0.7*i/n'
S = SpikeMonitor(neurons)
trace = StateMonitor(neurons, 'v', record=50)
run(1000*ms)
result = {"spikes": spikes(S), "v": floats(trace.v[0]), "a": floats(neurons.a)}
"""

BRETTE_GERSTNER_2005 = """
from SIMULATOR import *
# Parameters
C = 281 * pF
gL = 30 * nS
taum = C / gL
EL = -70.6 * mV
VT = -50.4 * mV
DeltaT = 2 * mV
Vcut = VT + 5 * DeltaT
# Pick an electrophysiological behaviour
tauw, a, b, Vr = 144*ms, 4*nS, 0.0805*nA, -70.6*mV # Regular spiking (as in the paper)
eqs = '''
dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
dw/dt = (a*(vm - EL) - w)/tauw : amp
I : amp
'''
neuron = NeuronGroup(1, model=eqs, threshold='vm>Vcut',
                     reset="vm=Vr; w+=b", method='euler')
neuron.vm = EL
trace = StateMonitor(neuron, 'vm', record=0)
spikes_ = SpikeMonitor(neuron)
run(20 * ms)
neuron.I = 1*nA
run(100 * ms)
neuron.I = 0*nA
run(20 * ms)
result = {"spikes": spikes(spikes_), "t": floats(trace.t, ms), "vm": floats(trace[0].vm, mV)}
"""

# The eight parameter sets of the example; each is simulated as in its sim() function.
NAUD_ET_AL_2008 = """
from SIMULATOR import *
patterns = {
    "tonic spiking": dict(c_m=200*pF, g_l=10*nS, e_l=-70.0*mV, v_t=-50.0*mV, d_t=2.0*mV,
                          a=2.0*nS, tau_w=30.0*ms, b=0.0*pA, v_r=-58.0*mV, i_stim=500*pA),
    "adaptation": dict(c_m=200*pF, g_l=12*nS, e_l=-70.0*mV, v_t=-50.0*mV, d_t=2.0*mV,
                       a=2.0*nS, tau_w=300.0*ms, b=60.0*pA, v_r=-58.0*mV, i_stim=500*pA),
    "initial burst": dict(c_m=130*pF, g_l=18*nS, e_l=-58.0*mV, v_t=-50.0*mV, d_t=2.0*mV,
                          a=4.0*nS, tau_w=150.0*ms, b=120.0*pA, v_r=-50.0*mV, i_stim=400*pA),
    "regular bursting": dict(c_m=200*pF, g_l=10*nS, e_l=-58.0*mV, v_t=-50.0*mV, d_t=2.0*mV,
                             a=2.0*nS, tau_w=120.0*ms, b=100.0*pA, v_r=-46.0*mV,
                             i_stim=210*pA),
    "delayed accelerating": dict(c_m=200*pF, g_l=12*nS, e_l=-70.0*mV, v_t=-50.0*mV,
                                 d_t=2.0*mV, a=-10.0*nS, tau_w=300.0*ms, b=0.0*pA,
                                 v_r=-58.0*mV, i_stim=300*pA),
    "delayed regular bursting": dict(c_m=100*pF, g_l=10*nS, e_l=-65.0*mV, v_t=-50.0*mV,
                                     d_t=2.0*mV, a=-10.0*nS, tau_w=90.0*ms, b=30.0*pA,
                                     v_r=-47.0*mV, i_stim=110*pA),
    "transient spiking": dict(c_m=100*pF, g_l=10*nS, e_l=-65.0*mV, v_t=-50.0*mV, d_t=2.0*mV,
                              a=10.0*nS, tau_w=90.0*ms, b=100.0*pA, v_r=-47.0*mV,
                              i_stim=180*pA),
    "irregular spiking": dict(c_m=100*pF, g_l=12*nS, e_l=-60.0*mV, v_t=-50.0*mV,
                              d_t=2.0*mV, a=-11.0*nS, tau_w=130.0*ms, b=30.0*pA,
                              v_r=-48.0*mV, i_stim=160*pA),
}


def sim(parameters):
    eqs = '''
    dvm/dt = (g_l*(e_l - vm) + g_l*d_t*exp((vm-v_t)/d_t) + i_stim - w)/c_m : volt
    dw/dt = (a*(vm - e_l) - w)/tau_w : amp
    '''
    neuron = NeuronGroup(1, model=eqs, threshold="vm > 0*mV", reset="vm = v_r; w += b",
                         method="euler", namespace=parameters)
    neuron.vm = parameters["e_l"]
    neuron.w = 0
    states = StateMonitor(neuron, ["vm", "w"], record=True, when="thresholds")
    spike_monitor = SpikeMonitor(neuron)
    defaultclock.dt = 0.1 * ms
    run(0.6 * second)
    return {"spikes": spikes(spike_monitor), "vm": floats(states[0].vm, mV),
            "w": floats(states[0].w, nA)}


result = {}
for pattern, parameters in patterns.items():
    start_scope()
    result[pattern] = sim(parameters)
"""

HINDMARSH_ROSE_1984 = """
from SIMULATOR import *
# In the original model, time is measured in arbitrary time units
time_unit = 1*ms
defaultclock.dt = time_unit/10
x_1 = -1.6 # leftmost equilibrium point of the model without adaptation
a = 1; b = 3; c = 1; d = 5
r = 0.001; s = 4
eqs = '''
dx/dt = (y - a*x**3 + b*x**2 + I - z)/time_unit : 1
dy/dt = (c - d*x**2 - y)/time_unit : 1
dz/dt = r*(s*(x - x_1) - z)/time_unit : 1
I : 1 (constant)
'''
# We run the model with three different currents
neuron = NeuronGroup(3, eqs, method='rk4')
# Set all variables to their equilibrium point
neuron.x = x_1
neuron.y = 'c - d*x**2'
neuron.z = 'r*(s*(x - x_1))'
# Set the constant current input
neuron.I = [0.4, 2, 4]
y_start = floats(neuron.y)
# Record the "membrane potential"
mon = StateMonitor(neuron, 'x', record=True)
run(2100*time_unit)
result = {"t": floats(mon.t, ms), "x": floats(mon.x), "y_start": y_start,
          "y_end": floats(neuron.y)}
"""

# The model is chaotic: shortened from 200 neurons and 3 s + 1 s at 0.01 ms to 20 neurons and
# 100 ms + 100 ms, before rounding differences can grow to a whole step.
TOUBOUL_BRETTE_2008 = """
from SIMULATOR import *
defaultclock.dt = 0.01*ms
C = 281*pF
gL = 30*nS
EL = -70.6*mV
VT = -50.4*mV
DeltaT = 2*mV
tauw = 40*ms
a = 4*nS
b = 0.08*nA
I = .8*nA
Vcut = VT + 5 * DeltaT # practical threshold condition
N = 20
eqs = '''
dvm/dt=(gL*(EL-vm)+gL*DeltaT*exp((vm-VT)/DeltaT)+I-w)/C : volt
dw/dt=(a*(vm-EL)-w)/tauw : amp
Vr:volt
'''
neuron = NeuronGroup(N, model=eqs, threshold='vm > Vcut',
                     reset="vm = Vr; w += b", method='euler')
neuron.vm = EL
neuron.w = a * (neuron.vm - EL)
neuron.Vr = linspace(-48.3 * mV, -47.7 * mV, N) # bifurcation parameter
init_time = 100*ms
run(init_time)
states = StateMonitor(neuron, "w", record=True, when='start')
spikes_ = SpikeMonitor(neuron)
run(100 * ms)
# Get the values of Vr and w for each spike
Vr = neuron.Vr[spikes_.i]
w = states.w[spikes_.i, int_((spikes_.t-init_time)/defaultclock.dt)]
result = {"spikes": spikes(spikes_), "Vr": floats(Vr, mV), "w": floats(w, nA),
          "t0": floats(states.t[0], ms)}
"""

# Shortened from 220 ms to 100 ms (a few oscillation periods).
MORRIS_LECAR_1981 = """
from SIMULATOR import *
defaultclock.dt = 0.01*ms
g_L = 2*mS
g_Ca = 4*mS
g_K = 8*mS
V_L = -50*mV
V_Ca = 100*mV
V_K = -70*mV
lambda_n__max = 1.0/(15*ms)
V_1 = 10*mV
V_2 = 15*mV # Note that Figure caption says -15 which seems to be a typo
V_3 = -1*mV
V_4 = 14.5*mV
C = 20*uF
eqs = '''
dV/dt = (-g_L*(V - V_L) - g_Ca*m_inf*(V - V_Ca) - g_K*n*(V - V_K) + I)/C : volt
dn/dt = lambda_n*(n_inf - n) : 1
m_inf = 0.5*(1 + tanh((V - V_1)/V_2)) : 1
n_inf = 0.5*(1 + tanh((V - V_3)/V_4)) : 1
lambda_n = lambda_n__max*cosh((V - V_3)/(2*V_4)) : Hz
I : amp
'''
neuron = NeuronGroup(17, eqs, method='exponential_euler')
neuron.I = (np.arange(17)*25+100)*uA
neuron.V = V_L
neuron.n = 'n_inf'
n_start = floats(neuron.n)
mon = StateMonitor(neuron, ['V', 'n'], record=True)
run_time = 100*ms
run(run_time)
result = {"V": floats(mon.V, mV), "n": floats(mon.n), "n_start": n_start}
"""

# Shortened from 100 ms to 25 ms (two spikes).
WANG_BUSZAKI_1996 = """
from SIMULATOR import *
defaultclock.dt = 0.01*ms
Cm = 1*uF # /cm**2
Iapp = 2*uA
gL = 0.1*msiemens
EL = -65*mV
ENa = 55*mV
EK = -90*mV
gNa = 35*msiemens
gK = 9*msiemens
eqs = '''
dv/dt = (-gNa*m**3*h*(v-ENa)-gK*n**4*(v-EK)-gL*(v-EL)+Iapp)/Cm : volt
m = alpha_m/(alpha_m+beta_m) : 1
alpha_m = 0.1/mV*10*mV/exprel(-(v+35*mV)/(10*mV))/ms : Hz
beta_m = 4*exp(-(v+60*mV)/(18*mV))/ms : Hz
dh/dt = 5*(alpha_h*(1-h)-beta_h*h) : 1
alpha_h = 0.07*exp(-(v+58*mV)/(20*mV))/ms : Hz
beta_h = 1./(exp(-0.1/mV*(v+28*mV))+1)/ms : Hz
dn/dt = 5*(alpha_n*(1-n)-beta_n*n) : 1
alpha_n = 0.01/mV*10*mV/exprel(-(v+34*mV)/(10*mV))/ms : Hz
beta_n = 0.125*exp(-(v+44*mV)/(80*mV))/ms : Hz
'''
neuron = NeuronGroup(1, eqs, method='exponential_euler')
neuron.v = -70*mV
neuron.h = 1
M = StateMonitor(neuron, 'v', record=0)
run(25*ms)
result = {"v": floats(M[0].v, mV)}
"""

ROTHMAN_MANIS_2003 = """
from SIMULATOR import *
neuron_type = 'type1c'
Ipulse = 250*pA
C = 12*pF
Eh = -43*mV
EK = -70*mV # -77*mV in mod file
El = -65*mV
ENa = 50*mV
nf = 0.85 # proportion of n vs p kinetics
zss = 0.5 # steady state inactivation of glt
temp = 22. # temperature in degree celcius
q10 = 3. ** ((temp - 22) / 10.)
# hcno current (octopus cell)
frac = 0.0
qt = 4.5 ** ((temp - 33.) / 10.)
# Maximal conductances of different cell types in nS
maximal_conductances = dict(
    type1c=(1000, 150, 0, 0, 0.5, 0, 2),
    type1t=(1000, 80, 0, 65, 0.5, 0, 2),
    type12=(1000, 150, 20, 0, 2, 0, 2),
    type21=(1000, 150, 35, 0, 3.5, 0, 2),
    type2=(1000, 150, 200, 0, 20, 0, 2),
    type2o=(1000, 150, 600, 0, 0, 40, 2) # octopus cell
)
gnabar, gkhtbar, gkltbar, gkabar, ghbar, gbarno, gl = [
    x * nS for x in maximal_conductances[neuron_type]]
# Classical Na channel
eqs_na = '''
ina = gnabar*m**3*h*(ENa-v) : amp
dm/dt=q10*(minf-m)/mtau : 1
dh/dt=q10*(hinf-h)/htau : 1
minf = 1./(1+exp(-(vu + 38.) / 7.)) : 1
hinf = 1./(1+exp((vu + 65.) / 6.)) : 1
mtau =  ((10. / (5*exp((vu+60.) / 18.) + 36.*exp(-(vu+60.) / 25.))) + 0.04)*ms : second
htau =  ((100. / (7*exp((vu+60.) / 11.) + 10.*exp(-(vu+60.) / 25.))) + 0.6)*ms : second
'''
# KHT channel (delayed-rectifier K+)
eqs_kht = '''
ikht = gkhtbar*(nf*n**2 + (1-nf)*p)*(EK-v) : amp
dn/dt=q10*(ninf-n)/ntau : 1
dp/dt=q10*(pinf-p)/ptau : 1
ninf =   (1 + exp(-(vu + 15) / 5.))**-0.5 : 1
pinf =  1. / (1 + exp(-(vu + 23) / 6.)) : 1
ntau =  ((100. / (11*exp((vu+60) / 24.) + 21*exp(-(vu+60) / 23.))) + 0.7)*ms : second
ptau = ((100. / (4*exp((vu+60) / 32.) + 5*exp(-(vu+60) / 22.))) + 5)*ms : second
'''
# Ih channel (subthreshold adaptive, non-inactivating)
eqs_ih = '''
ih = ghbar*r*(Eh-v) : amp
dr/dt=q10*(rinf-r)/rtau : 1
rinf = 1. / (1+exp((vu + 76.) / 7.)) : 1
rtau = ((100000. / (237.*exp((vu+60.) / 12.) + 17.*exp(-(vu+60.) / 14.))) + 25.)*ms : second
'''
# KLT channel (low threshold K+)
eqs_klt = '''
iklt = gkltbar*w**4*z*(EK-v) : amp
dw/dt=q10*(winf-w)/wtau : 1
dz/dt=q10*(zinf-z)/ztau : 1
winf = (1. / (1 + exp(-(vu + 48.) / 6.)))**0.25 : 1
zinf = zss + ((1.-zss) / (1 + exp((vu + 71.) / 10.))) : 1
wtau = ((100. / (6.*exp((vu+60.) / 6.) + 16.*exp(-(vu+60.) / 45.))) + 1.5)*ms : second
ztau = ((1000. / (exp((vu+60.) / 20.) + exp(-(vu+60.) / 8.))) + 50)*ms : second
'''
# Ka channel (transient K+)
eqs_ka = '''
ika = gkabar*a**4*b*c*(EK-v): amp
da/dt=q10*(ainf-a)/atau : 1
db/dt=q10*(binf-b)/btau : 1
dc/dt=q10*(cinf-c)/ctau : 1
ainf = (1. / (1 + exp(-(vu + 31) / 6.)))**0.25 : 1
binf = 1. / (1 + exp((vu + 66) / 7.))**0.5 : 1
cinf = 1. / (1 + exp((vu + 66) / 7.))**0.5 : 1
atau = ((100. / (7*exp((vu+60) / 14.) + 29*exp(-(vu+60) / 24.))) + 0.1)*ms : second
btau = ((1000. / (14*exp((vu+60) / 27.) + 29*exp(-(vu+60) / 24.))) + 1)*ms : second
ctau = ((90. / (1 + exp((-66-vu) / 17.))) + 10)*ms : second
'''
# Leak
eqs_leak = '''
ileak = gl*(El-v) : amp
'''
# h current for octopus cells
eqs_hcno = '''
ihcno = gbarno*(h1*frac + h2*(1-frac))*(Eh-v) : amp
dh1/dt=(hinfno-h1)/tau1 : 1
dh2/dt=(hinfno-h2)/tau2 : 1
hinfno = 1./(1+exp((vu+66.)/7.)) : 1
tau1 = bet1/(qt*0.008*(1+alp1))*ms : second
tau2 = bet2/(qt*0.0029*(1+alp2))*ms : second
alp1 = exp(1e-3*3*(vu+50)*9.648e4/(8.315*(273.16+temp))) : 1
bet1 = exp(1e-3*3*0.3*(vu+50)*9.648e4/(8.315*(273.16+temp))) : 1
alp2 = exp(1e-3*3*(vu+84)*9.648e4/(8.315*(273.16+temp))) : 1
bet2 = exp(1e-3*3*0.6*(vu+84)*9.648e4/(8.315*(273.16+temp))) : 1
'''
eqs = '''
dv/dt = (ileak + ina + ikht + iklt + ika + ih + ihcno + I)/C : volt
vu = v/mV : 1  # unitless v
I : amp
'''
eqs += eqs_leak + eqs_ka + eqs_na + eqs_ih + eqs_klt + eqs_kht + eqs_hcno
neuron = NeuronGroup(1, eqs, method='exponential_euler')
neuron.v = El
run(50*ms)
rest = float(neuron.v[0] / mV)
# Go to rest
M = StateMonitor(neuron, 'v', record=0)
neuron.I = Ipulse
run(100*ms)
result = {"rest": rest, "v": floats(M[0].v, mV)}
"""

# 500 paths per parameter set instead of one each, and 1 s instead of 10 s, so that the
# statistics of the process can be compared; the model is the example's.
ORNSTEIN_UHLENBECK = """
from SIMULATOR import *
seed(14)
N = NeuronGroup(
    1000,
    '''
    tau : second
    sigma : 1
    dy/dt = -y/tau + sqrt(2*sigma**2/tau)*xi : 1
    ''',
    method="euler"
)
N.tau = np.repeat([1, 0.1], 500) * second
N.sigma = np.repeat([0.1, 0.31622], 500)
N.y = 1
M = StateMonitor(N, "y", record=True, dt=10*ms)
run(1 * second)
y = np.asarray(M.y)
result = {"t": floats(M.t, second),
          "mean": [y[:500].mean(axis=0).tolist(), y[500:].mean(axis=0).tolist()],
          "var": [y[:500].var(axis=0).tolist(), y[500:].var(axis=0).tolist()]}
"""

EXPREL_FUNCTION = """
from SIMULATOR import *
# Dummy group to evaluate the rate equation at various points
eqs = '''v : volt
         # opening rate from the HH model
         alpha_simple = 0.32*(mV**-1)*(-50*mV-v)/
                        (exp((-50*mV-v)/(4*mV))-1.)/ms : Hz
         alpha_improved = 0.32*(mV**-1)*4*mV/exprel((-50*mV-v)/(4*mV))/ms : Hz'''
neuron = NeuronGroup(1000, eqs)
# Use voltage values around the problematic point
neuron.v = np.linspace(-50 - .5e-6, -50 + .5e-6, len(neuron))*mV
result = {"v": floats(neuron.v + 50*mV, nvolt), "simple": floats(neuron.alpha_simple, Hz),
          "improved": floats(neuron.alpha_improved, Hz)}
"""

# simulate(method, dt) of the example at dt = 1 ms, with 20 000 independent paths in one group
# instead of one path, so that the law of X(1 s) can be compared: the engine's noise is not
# numpy's legacy stream, so the example's bit-exact Wiener path cannot be reproduced.
STOCHASTIC_ODES = """
from SIMULATOR import *
X0 = 1
mu = 0.5/second # drift
sigma = 0.1/second #diffusion
runtime = 1*second


def simulate(method, dt):
    G = NeuronGroup(20000, 'dX/dt = (mu - 0.5*second*sigma**2)*X + X*sigma*xi*second**.5: 1',
                    dt=dt, method=method)
    G.X = X0
    mon = StateMonitor(G, 'X', record=[0])
    net = Network(G, mon)
    net.run(runtime)
    return {"X": floats(G.X), "t": floats(mon.t_[:]), "X0": floats(mon.X[0][:3])}


result = {}
for number, method in enumerate(['milstein', 'heun']):
    seed(15 + number)
    result[method] = simulate(method, 1*ms)
"""

# Shortened from 2000 neurons and 5 s + 5 s to 500 neurons and 0.5 s + 0.5 s.
BRETTE_2004 = """
from SIMULATOR import *
N = 500
tau = 100*ms
freq = 1/tau
eqs = '''
dv/dt = (-v + a + 2*sin(2*pi*t/tau))/tau : 1
a : 1
'''
neurons = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', method='euler')
neurons.a = linspace(2, 4, N)
run(0.5*second)
S = SpikeMonitor(neurons)
run(0.5*second)
i, t = S.it
result = {"spikes": spikes(S), "phase": floats((t % tau)/tau), "a": floats(neurons.a[i])}
"""

BRETTE_GUIGON_2003 = """
from SIMULATOR import *
seed(16)
N = 500
tau = 33*ms
taux = 20*ms
sigma = 0.02
eqs_input = '''
dx/dt = -x/taux + (2/taux)**.5*xi : 1
'''
eqs = '''
dv/dt = (v*I + 1)/tau + sigma*(2/tau)**.5*xi : 1
I = 0.5 + 3*p*B : 1
B = 2./(1 + exp(-2*x)) - 1 : 1 (shared)
p : 1
x : 1 (linked)
'''
input = NeuronGroup(1, eqs_input, method='euler')
neurons = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', method='euler')
neurons.p = '1.0*i/N'
neurons.v = 'rand()'
neurons.x = linked_var(input, 'x')
M = StateMonitor(neurons, 'B', record=0)
X = StateMonitor(input, 'x', record=0)
S = SpikeMonitor(neurons)
run(1000*ms)
result = {"spikes": spikes(S), "B": floats(M[0].B), "x": floats(X[0].x)}
"""

PLATKIEWICZ_BRETTE_2011 = """
from SIMULATOR import *
seed(17)
N = 200 # 200 neurons to get more statistics, only one is shown
duration = 1*second
# --Biophysical parameters
ENa = 60*mV
EL = -70*mV
vT = -55*mV
Vi = -63*mV
tauh = 5*ms
tau = 5*ms
ka = 5*mV
ki = 6*mV
a = ka / ki
tauI = 5*ms
mu = 15*mV
sigma = 6*mV / sqrt(tauI / (tauI + tau))
eqs = '''
dv/dt=(EL-v+mu+sigma*I)/tau : volt
dtheta/dt=(vT+a*clip(v-Vi, 0*mV, inf*mV)-theta)/tauh : volt
dI/dt=-I/tauI+(2/tauI)**.5*xi : 1 # Ornstein-Uhlenbeck
'''
neurons = NeuronGroup(N, eqs, threshold="v>theta", reset='v=EL',
                      refractory=5*ms)
neurons.v = EL
neurons.theta = vT
neurons.I = 0
S = SpikeMonitor(neurons, variables='theta')
run(duration)
result = {"spikes": spikes(S), "theta": floats(S.theta, mV), "v": floats(neurons.v, mV)}
"""

MODELS = {
    "IF_curve_LIF": IF_CURVE_LIF,
    "IF_curve_Hodgkin_Huxley": IF_CURVE_HODGKIN_HUXLEY,
    "non_reliability": NON_RELIABILITY,
    "reliability": RELIABILITY,
    "phase_locking": PHASE_LOCKING,
    "Brette_Gerstner_2005": BRETTE_GERSTNER_2005,
    "Naud_et_al_2008": NAUD_ET_AL_2008,
    "Hindmarsh_Rose_1984": HINDMARSH_ROSE_1984,
    "Touboul_Brette_2008": TOUBOUL_BRETTE_2008,
    "Morris_Lecar_1981": MORRIS_LECAR_1981,
    "Wang_Buszaki_1996": WANG_BUSZAKI_1996,
    "Rothman_Manis_2003": ROTHMAN_MANIS_2003,
    "Ornstein_Uhlenbeck": ORNSTEIN_UHLENBECK,
    "exprel_function": EXPREL_FUNCTION,
    "stochastic_odes": STOCHASTIC_ODES,
    "Brette_2004": BRETTE_2004,
    "Brette_Guigon_2003": BRETTE_GUIGON_2003,
    "Platkiewicz_Brette_2011": PLATKIEWICZ_BRETTE_2011,
}


brian2_results, engine = side_by_side.fixtures_for(MODELS)


# -- deterministic examples: identical results ---------------------------------------------------


def test_IF_curve_LIF_fires_29870_spikes_at_the_same_times(brian2_results):
    theirs, ours = brian2_results["IF_curve_LIF"], engine("IF_curve_LIF")
    assert len(theirs["spikes"]["t"]) == 29870
    assert theirs["spikes"]["t"][:7] == pytest.approx([6.9] * 7)  # neurons 993-999
    assert np.bincount(theirs["spikes"]["i"]).max() == 84
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    assert ours["rate"] == theirs["rate"]


def test_IF_curve_Hodgkin_Huxley_with_exponential_euler_and_boolean_refractoriness(
    brian2_results,
):
    theirs, ours = brian2_results["IF_curve_Hodgkin_Huxley"], engine("IF_curve_Hodgkin_Huxley")
    first = list(zip(theirs["spikes"]["i"][:2], theirs["spikes"]["t"][:2], strict=True))
    assert first == [(98, pytest.approx(4.1)), (99, pytest.approx(4.1))]
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    # Excitable dynamics amplify rounding at every spike (6e-10 relative seen after 300 ms).
    for variable in ("v", "m", "n", "h"):
        side_by_side.assert_same_trace(ours[variable], theirs[variable], rtol=1e-8)


def test_Brette_Gerstner_2005_AdEx_fires_five_spikes_across_three_runs(brian2_results):
    theirs, ours = brian2_results["Brette_Gerstner_2005"], engine("Brette_Gerstner_2005")
    assert theirs["spikes"]["t"] == pytest.approx([31.8, 45.5, 61.4, 80.1, 102.1], abs=1e-9)
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    assert len(theirs["t"]) == 1400  # 20 + 100 + 20 ms, continuous across the runs
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-9)
    side_by_side.assert_same_trace(ours["vm"], theirs["vm"])
    assert min(theirs["vm"]) == pytest.approx(-76.53, abs=0.005)


@pytest.mark.parametrize(
    "pattern",
    [
        "tonic spiking",
        "adaptation",
        "initial burst",
        "regular bursting",
        "delayed accelerating",
        "delayed regular bursting",
        "transient spiking",
        "irregular spiking",
    ],
)
def test_Naud_et_al_2008_AdEx_firing_pattern(brian2_results, pattern):
    theirs = brian2_results["Naud_et_al_2008"][pattern]
    ours = engine("Naud_et_al_2008")[pattern]
    assert len(theirs["spikes"]["t"]) > 0
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)
    # Recorded in the 'thresholds' slot: after integration, before the reset.
    assert max(theirs["vm"]) > 0
    side_by_side.assert_same_trace(ours["vm"], theirs["vm"])
    side_by_side.assert_same_trace(ours["w"], theirs["w"])


def test_Hindmarsh_Rose_1984_bursting_with_rk4(brian2_results):
    theirs, ours = brian2_results["Hindmarsh_Rose_1984"], engine("Hindmarsh_Rose_1984")
    assert len(theirs["t"]) == 21000  # 2100 time units at dt = 0.1 ms
    assert ours["y_start"] == pytest.approx(theirs["y_start"], rel=1e-15)  # 'c - d*x**2'
    side_by_side.assert_same_trace(ours["x"], theirs["x"])
    side_by_side.assert_same_trace(ours["y_end"], theirs["y_end"])
    # Bursting: the number of upward zero crossings of x grows with the current I.
    crossings = [int(np.sum(np.diff(np.sign(x)) > 0)) for x in ours["x"]]
    assert crossings == [int(np.sum(np.diff(np.sign(x)) > 0)) for x in theirs["x"]]
    assert crossings[0] < crossings[1] < crossings[2]


def test_Touboul_Brette_2008_reads_w_at_spike_times_from_a_start_slot_monitor(brian2_results):
    theirs, ours = brian2_results["Touboul_Brette_2008"], engine("Touboul_Brette_2008")
    assert theirs["t0"] == pytest.approx(100.0)  # the monitor's first sample: the second run
    assert ours["t0"] == pytest.approx(theirs["t0"])
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], 0.01)
    assert ours["Vr"] == pytest.approx(theirs["Vr"], rel=1e-12)
    side_by_side.assert_same_trace(ours["w"], theirs["w"])


def test_Morris_Lecar_1981_oscillations_with_exponential_euler(brian2_results):
    theirs, ours = brian2_results["Morris_Lecar_1981"], engine("Morris_Lecar_1981")
    assert ours["n_start"] == pytest.approx(theirs["n_start"], rel=1e-12)  # n = 'n_inf'
    side_by_side.assert_same_trace(ours["V"], theirs["V"])
    side_by_side.assert_same_trace(ours["n"], theirs["n"])


def test_Wang_Buszaki_1996_interneuron_with_exprel_rates(brian2_results):
    theirs, ours = brian2_results["Wang_Buszaki_1996"], engine("Wang_Buszaki_1996")
    assert len(theirs["v"]) == 2500  # 25 ms at dt = 0.01 ms
    side_by_side.assert_same_trace(ours["v"], theirs["v"])


def test_Rothman_Manis_2003_cochlear_neuron_rests_then_fires_on_a_current_pulse(
    brian2_results,
):
    theirs, ours = brian2_results["Rothman_Manis_2003"], engine("Rothman_Manis_2003")
    assert ours["rest"] == pytest.approx(theirs["rest"], rel=1e-9)
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    v = np.asarray(theirs["v"])
    assert np.sum((v[1:] > 0) & (v[:-1] <= 0)) > 5  # it fires during the pulse


def test_exprel_function_rates_around_the_removable_singularity(brian2_results):
    theirs, ours = brian2_results["exprel_function"], engine("exprel_function")
    assert ours["v"] == pytest.approx(theirs["v"], rel=1e-12)
    improved = np.asarray(theirs["improved"])
    # exprel is smooth through x = 0 (alpha = 1.28 kHz at -50 mV); the naive formula is not.
    assert np.all(np.abs(improved - 1280) < 1e-3)
    side_by_side.assert_same_trace(ours["improved"], theirs["improved"], rtol=1e-12)
    # The naive formula loses precision by cancellation; both evaluate it the same way, up to
    # rounding of its inputs (one unit in the last place of v - -50 mV, amplified 1e6 times).
    side_by_side.assert_same_trace(ours["simple"], theirs["simple"], rtol=1e-6)


def test_Brette_2004_phase_locking_continues_when_a_monitor_is_added(brian2_results):
    theirs, ours = brian2_results["Brette_2004"], engine("Brette_2004")
    assert min(theirs["spikes"]["t"]) >= 500  # the monitor exists only for the second run
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], DT_MS)


# -- stochastic examples: statistics -------------------------------------------------------------


def _intervals(spikes, n):
    i, t = np.asarray(spikes["i"]), np.asarray(spikes["t"])
    return np.concatenate([np.diff(t[i == k]) for k in range(n)])


def _reliability(spikes, n, start=100.0, window=1.0):
    """Mean fraction of the other neurons that fire within ``window`` ms of a spike."""
    i, t = np.asarray(spikes["i"]), np.asarray(spikes["t"])
    trains = [t[i == k] for k in range(n)]
    fractions = [
        np.mean([np.any(np.abs(trains[j] - tk) <= window) for j in range(n) if j != k])
        for k, tk in zip(i[t >= start], t[t >= start], strict=True)
    ]
    return float(np.mean(fractions))


def test_non_reliability_constant_input_gives_regular_but_unaligned_spikes(brian2_results):
    theirs, ours = brian2_results["non_reliability"], engine("non_reliability")
    intervals = [_intervals(r["spikes"], 25) for r in (ours, theirs)]
    # Every reset starts the same noisy trajectory again (a renewal process): intervals are
    # independent samples. Noise-free interval: tau*ln(11) + 5 ms = 52.96 ms.
    for x in intervals:
        assert x.mean() == pytest.approx(20 * np.log(11) + 5, abs=1.5)
    error = np.sqrt(sum(x.var() / x.size for x in intervals))
    side_by_side.assert_close_statistic(
        intervals[0].mean(), intervals[1].mean(), 4 * error, "mean interval (ms)"
    )
    # Standard error of a standard deviation: sd / sqrt(2 (n - 1)).
    error = np.sqrt(sum(x.var() / (2 * (x.size - 1)) for x in intervals))
    side_by_side.assert_close_statistic(
        intervals[0].std(), intervals[1].std(), 4 * error, "interval standard deviation (ms)"
    )
    # Without shared input, trials drift apart: few neurons fire together (reliability index
    # at most 0.11 over 40 seeds; the reliability example gives 0.57 and more).
    for result in (ours, theirs):
        assert _reliability(result["spikes"], 25) < 0.25


def _ou_statistics(x, tau, duration):
    """Mean, variance and their standard errors for a stationary unit OU process.

    The time average of x over T has variance 2 tau / T (and so has that of x**2 - 1).
    """
    x = np.asarray(x)
    error = np.sqrt(2 * tau / duration)
    return x.mean(), x.var(), error


def test_reliability_shared_input_reaches_every_neuron_through_a_linked_variable(
    brian2_results,
):
    theirs, ours = brian2_results["reliability"], engine("reliability")
    for result in (ours, theirs):
        # The linked variable is the input's x, at every step and for every neuron.
        assert np.asarray(result["linked"]) == pytest.approx(
            np.tile(result["input"], (2, 1)), abs=0
        )
        # The input is an Ornstein-Uhlenbeck process of unit variance (tau = 5 ms, 500 ms).
        mean, variance, error = _ou_statistics(result["input"], 5.0, 500.0)
        assert abs(mean) < 4 * error
        assert abs(variance - 1) < 4 * error
        # The rate follows the input: over 100 seeds, Brian 2's spike count is
        # 343 + 553 * (mean of x over the run), with a residual standard deviation of 33
        # (the count alone varies by 85 from seed to seed); 4 residual standard deviations.
        predicted = 343 + 553 * np.mean(result["input"])
        assert abs(len(result["spikes"]["t"]) - predicted) < 4 * 33
        # A shared input makes trials reliable: most neurons fire within 1 ms of each other
        # (reliability index 0.57 to 0.9 over 40 seeds; without shared input at most 0.11).
        assert _reliability(result["spikes"], 25) > 0.4


def test_phase_locking_neurons_forget_their_random_start(brian2_results):
    theirs, ours = brian2_results["phase_locking"], engine("phase_locking")
    assert ours["a"] == pytest.approx(theirs["a"], rel=1e-12)
    counts = [np.bincount(r["spikes"]["i"], minlength=100) for r in (ours, theirs)]
    # One-dimensional integrate-and-fire dynamics preserve order: two starts in [0, 1) give
    # spike counts that never differ by more than one, whatever the random values.
    assert np.max(np.abs(counts[0] - counts[1])) <= 1
    # Strongly modulated neurons (a >= 0.5) lock to the 10 Hz input: after 500 ms their rate
    # and their spike phases no longer depend on the start. The stepped dynamics can settle on
    # neighbouring orbits a few steps apart (at most 0.5 ms over 40 engine seeds; neurons just
    # below a = 0.5 may not have converged yet), so phases agree within 1 ms, counts exactly.
    late = []
    for result in (ours, theirs):
        i, t = np.asarray(result["spikes"]["i"]), np.asarray(result["spikes"]["t"])
        late.append({k: t[(i == k) & (t >= 500)] % 100 for k in range(65, 100)})
    for k in range(65, 100):
        a, b = late[0][k], late[1][k]
        assert a.size == b.size, f"neuron {k}: engine {a.size}, Brian 2 {b.size} late spikes"
        distance = np.abs(a[:, None] - b[None, :])
        distance = np.minimum(distance, 100 - distance)  # phases are circular
        message = f"neuron {k}: engine phases {np.unique(a)}, Brian 2 {np.unique(b)} (ms)"
        assert distance.min(axis=0).max() <= 1, message
        assert distance.min(axis=1).max() <= 1, message


def test_Ornstein_Uhlenbeck_mean_and_variance_follow_the_theory(brian2_results):
    theirs, ours = brian2_results["Ornstein_Uhlenbeck"], engine("Ornstein_Uhlenbeck")
    t = np.asarray(theirs["t"])
    assert len(t) == 100  # a StateMonitor with its own dt = 10 ms over 1 s
    assert ours["t"] == pytest.approx(theirs["t"], abs=1e-12)
    n = 500  # paths per parameter set
    for k, (tau, sigma) in enumerate([(1.0, 0.1), (0.1, 0.31622)]):
        variance = sigma**2 * (1 - np.exp(-2 * t / tau))
        for sample in (10, 50, 99):  # 0.1 s, 0.5 s, 0.99 s
            # Standard errors over 500 paths: of a mean sqrt(var / n), of a variance
            # var * sqrt(2 / (n - 1)); 4 of them, side by side and against the theory.
            mean_error = np.sqrt(variance[sample] / n)
            var_error = variance[sample] * np.sqrt(2 / (n - 1))
            means = [r["mean"][k][sample] for r in (ours, theirs)]
            variances = [r["var"][k][sample] for r in (ours, theirs)]
            what = f"tau = {tau} s at t = {t[sample]:.2f} s"
            side_by_side.assert_close_statistic(*means, 4 * np.sqrt(2) * mean_error, what)
            side_by_side.assert_close_statistic(*variances, 4 * np.sqrt(2) * var_error, what)
            for mean, var in zip(means, variances, strict=True):
                assert abs(mean - np.exp(-t[sample] / tau)) < 4 * mean_error, what
                assert abs(var - variance[sample]) < 4 * var_error, what


@pytest.mark.parametrize("method", ["milstein", "heun"])
def test_stochastic_odes_geometric_brownian_motion_has_the_exact_law(brian2_results, method):
    theirs = brian2_results["stochastic_odes"][method]
    ours = engine("stochastic_odes")[method]
    for result in (ours, theirs):
        assert len(result["t"]) == 1000
        assert result["X0"][0] == 1
    # Brian reads the multiplicative noise in the Stratonovich sense: the exact solution is
    # X0 exp((mu - sigma**2/2) t + sigma W), so X(1 s) has mean exp(mu) and standard deviation
    # exp(mu) sqrt(exp(sigma**2) - 1). The Ito reading would give a mean 0.8 % lower, which the
    # 4 standard errors over 20 000 paths (0.3 %) resolve.
    mean, sd = np.exp(0.5), np.exp(0.5) * np.sqrt(np.exp(0.01) - 1)
    n = 20000
    samples = [np.asarray(r["X"]) for r in (ours, theirs)]
    side_by_side.assert_close_statistic(
        samples[0].mean(), samples[1].mean(), 4 * np.sqrt(2) * sd / np.sqrt(n), "mean of X(1 s)"
    )
    side_by_side.assert_close_statistic(
        samples[0].std(), samples[1].std(), 4 * np.sqrt(2) * sd / np.sqrt(2 * n), "sd of X(1 s)"
    )
    for x in samples:
        assert abs(x.mean() - mean) < 4 * sd / np.sqrt(n)
        assert abs(x.std() - sd) < 4 * sd / np.sqrt(2 * n)


def test_Brette_Guigon_2003_shared_subexpression_of_a_linked_input(brian2_results):
    theirs, ours = brian2_results["Brette_Guigon_2003"], engine("Brette_Guigon_2003")
    for result in (ours, theirs):
        x, b = np.asarray(result["x"]), np.asarray(result["B"])
        # B is a shared subexpression of the linked input x, recorded in the same slot.
        np.testing.assert_allclose(b, 2 / (1 + np.exp(-2 * x)) - 1, rtol=1e-12, atol=1e-15)
        # The input is an Ornstein-Uhlenbeck process of unit variance (tau = 20 ms, 1 s).
        mean, variance, error = _ou_statistics(x, 20.0, 1000.0)
        assert abs(mean) < 4 * error
        assert abs(variance - 1) < 4 * error
        # Neurons with p ~ 0 ignore the input: I = 0.5, v rises from 0 to 1 in
        # 2 tau ln(1.5) = 26.8 ms, so 37 or 38 spikes in 1 s depending on the random start;
        # the noise (about 3 ms of jitter accumulated over 37 intervals) may add or remove one.
        counts = np.bincount(result["spikes"]["i"], minlength=500)
        assert set(counts[:5].tolist()) <= {36, 37, 38, 39}


def test_Platkiewicz_Brette_2011_adaptive_threshold_with_noisy_input(brian2_results):
    theirs, ours = brian2_results["Platkiewicz_Brette_2011"], engine("Platkiewicz_Brette_2011")
    n = 200
    counts = [np.bincount(r["spikes"]["i"], minlength=n) for r in (ours, theirs)]
    # Each neuron has its own noise: counts are independent, the standard error of a total is
    # sqrt(N * variance of a neuron's count); 4 combined standard errors.
    error = np.sqrt(sum(n * c.var() for c in counts))
    side_by_side.assert_close_statistic(counts[0].sum(), counts[1].sum(), 4 * error, "spikes")
    # The threshold at spike times (recorded by the SpikeMonitor): spikes are ~100 ms apart,
    # much longer than the threshold's 5 ms time constant, so they are nearly independent.
    theta = [np.asarray(r["theta"]) for r in (ours, theirs)]
    assert all(x.size == c.sum() for x, c in zip(theta, counts, strict=True))
    error = np.sqrt(sum(x.var() / x.size for x in theta))
    side_by_side.assert_close_statistic(
        theta[0].mean(), theta[1].mean(), 4 * error, "mean threshold at spikes (mV)"
    )
    for x in theta:
        assert np.all(x >= -55 - 1e-9)  # never below vT
