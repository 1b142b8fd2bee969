"""How fast NeuronGroups simulate, next to Brian 2 measured in the same run: prints only.

Run with ``make benchmark`` (or
``pytest -m benchmark -s tests/benchmarks/test_neurongroup_speed.py``).
Timings vary by tens of percent on shared machines; compare figures from one run only.

Each case is one script, run once by each simulator in a fresh process, both on the numpy code
target: the engine with this interpreter, Brian 2.9.0 with the reference environment's
(``tests/reference/brian2_env.py``). Printed per simulator:

* loop: the simulation loop of ``Network.run``: the elapsed time both simulators give to the
  ``report`` callback at the end of a run (the steps only, without preparation and code
  generation);
* run: the whole ``net.run(...)`` call (preparation, code generation and the loop);
* process: the whole process, from the interpreter's start to its end (imports, model setup,
  the run, writing the result);
* the number of spikes, which must be the same for the deterministic models.
"""

import pytest
from benchmarks.side_by_side_timing import SIMULATORS, measure, print_side_by_side, run_script

# The IF_curve_LIF example's neuron (exact integration, refractoriness with clamp), N neurons.
LIF = """
N = {size}
duration = 1*second
tau = 10*ms
eqs = '''
dv/dt = (v0 - v) / tau : volt (unless refractory)
v0 : volt
'''
group = NeuronGroup(N, eqs, threshold='v > 10*mV', reset='v = 0*mV',
                    refractory=5*ms, method='exact')
group.v = 0*mV
group.v0 = '20*mV * i / (N-1)'
spikes = SpikeMonitor(group)
"""

# The COBAHH example's neuron (exponential Euler, exprel), without its synapses: the
# conductances start from the example's random values and decay. Random initial values: the
# spike counts of the two simulators are close, not equal.
COBAHH = """
N = 4000
duration = 200*ms
area = 20000*umetre**2
Cm = (1*ufarad*cm**-2) * area
gl = (5e-5*siemens*cm**-2) * area
El = -60*mV
EK = -90*mV
ENa = 50*mV
g_na = (100*msiemens*cm**-2) * area
g_kd = (30*msiemens*cm**-2) * area
VT = -63*mV
taue = 5*ms
taui = 10*ms
Ee = 0*mV
Ei = -80*mV
eqs = Equations('''
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
''')
group = NeuronGroup(N, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                    method='exponential_euler')
seed(1)
group.v = 'El + (randn() * 5 - 5)*mV'
group.ge = '(randn() * 1.5 + 4) * 10.*nS'
group.gi = '(randn() * 12 + 20) * 10.*nS'
spikes = SpikeMonitor(group)
"""

CASES = {
    "LIF, 4000 neurons, 1 s": LIF.format(size=4000),
    "LIF, 40 000 neurons, 1 s": LIF.format(size=40000),
    "COBAHH neurons (no synapses), 4000, 200 ms": COBAHH,
}


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("case", list(CASES))
def test_print_neurongroup_simulation_times(case):
    results = {
        label: measure(package, run_script(package, CASES[case]))
        for label, package in SIMULATORS.items()
    }
    print_side_by_side(
        f"{case}, dt = 0.1 ms, numpy target (seconds of wall time)",
        results,
        [("loop", ".2f"), ("run", ".2f"), ("process", ".2f"), ("spikes", "d")],
        ratios=("loop", "run", "process"),
    )
