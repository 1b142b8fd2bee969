"""Models and projects that several test modules use (``from models import ...``).

* Parts of Brian 2's example scripts, as text for scripts that both simulators run
  (``tests/reference``, ``tests/benchmarks``): the model text is the Brian 2 documentation's, so
  that the engine and Brian 2 simulate the same thing, and each part is written once here.
* Small SpikeCanvas projects (``tests/project``).

``tests`` is on the import path of the test run (``pythonpath`` in pyproject.toml).
"""

from pathlib import Path

from engine.project import (
    Connect,
    Constant,
    Edge,
    NeuronGroupNode,
    PoissonGroupNode,
    PoissonInputNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeGeneratorGroupNode,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
    TimedArrayNode,
)

__all__ = [
    "COBAHH_MODEL",
    "COBAHH_NETWORK",
    "CUBA_MODEL",
    "CUBA_NETWORK",
    "CUBA_PROJECT",
    "IF_CURVE_LIF",
    "every_node_kind",
]

# -- Brian 2's examples, as script text ------------------------------------------------------------

# "Example: CUBA" (benchmark 2 of Brette et al. 2007): the parameters and the equations of its
# leaky integrate-and-fire neurons with current-based synapses.
CUBA_MODEL = """
taum = 20*ms
taue = 5*ms
taui = 10*ms
Vt = -50*mV
Vr = -60*mV
El = -49*mV
eqs = '''
dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
"""

# CUBA's network: 4000 neurons P with random initial potentials; synapses Ce from the first
# 3200 (excitatory) and Ci from the last 800 (inhibitory) to all, with p = 0.02.
CUBA_NETWORK = """
P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0*mV
P.gi = 0*mV
we = (60*0.27/10)*mV # excitatory synaptic weight (voltage)
wi = (-20*4.5/10)*mV # inhibitory synaptic weight
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<3200', p=0.02)
Ci.connect('i>=3200', p=0.02)
"""

# "Example: COBAHH" (benchmark 3): the parameters and the equations of its Hodgkin-Huxley
# neurons with conductance-based synapses (minus signs lost in the documentation's PDF restored).
COBAHH_MODEL = """
# Parameters
area = 20000*umetre**2
Cm = (1*ufarad*cm**-2) * area
gl = (5e-5*siemens*cm**-2) * area
El = -60*mV
EK = -90*mV
ENa = 50*mV
g_na = (100*msiemens*cm**-2) * area
g_kd = (30*msiemens*cm**-2) * area
VT = -63*mV
# Time constants
taue = 5*ms
taui = 10*ms
# Reversal potentials
Ee = 0*mV
Ei = -80*mV
we = 6*nS # excitatory synaptic weight
wi = 67*nS # inhibitory synaptic weight
# The model
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
"""

# COBAHH's network: 4000 neurons P, synapses Ce from the first 3200 and Ci from the last 800
# to all with p = 0.02, and random initial values.
COBAHH_NETWORK = """
P = NeuronGroup(4000, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                method='exponential_euler')
Pe = P[:3200]
Pi = P[3200:]
Ce = Synapses(Pe, P, on_pre='ge+=we')
Ci = Synapses(Pi, P, on_pre='gi+=wi')
Ce.connect(p=0.02)
Ci.connect(p=0.02)
# Initialization
P.v = 'El + (randn() * 5 - 5)*mV'
P.ge = '(randn() * 1.5 + 4) * 10.*nS'
P.gi = '(randn() * 12 + 20) * 10.*nS'
"""

# "Example: IF_curve_LIF": a group of n leaky neurons (the script defines n first), each driven
# to its own potential v0 (exact integration, refractoriness with clamp), for 1 s.
IF_CURVE_LIF = """
duration = 1*second
tau = 10*ms
eqs = '''
dv/dt = (v0 - v) / tau : volt (unless refractory)
v0 : volt
'''
group = NeuronGroup(n, eqs, threshold='v > 10*mV', reset='v = 0*mV',
                    refractory=5*ms, method='exact')
group.v = 0*mV
group.v0 = '20*mV * i / (n-1)'
"""

# -- projects ----------------------------------------------------------------------------------

CUBA_PROJECT = Path(__file__).resolve().parents[1] / "examples" / "cuba.spikecanvas"


def every_node_kind() -> Project:
    """Return a small network using every node kind, without a problem.

    Deterministic except the Poisson parts: a timed array drives neurons ``G``; a spike
    generator ``SG`` reaches them through synapses ``S`` with per-synapse delays; a Poisson input
    ``PI`` drives ``G.x``; a Poisson group ``PG``; spike, state and rate monitors.
    """
    return Project(
        run=RunSettings(duration="20*ms", seed=3),
        constants=[Constant(name="tau", value="10*ms"), Constant(name="w", value="0.3")],
        nodes=[
            TimedArrayNode(id="ta", name="drive", values="[0, 2, 0]", dt="5*ms"),
            NeuronGroupNode(
                id="g",
                name="G",
                N="3",
                model="dv/dt = (drive(t) - v)/tau : 1\nx : 1",
                threshold="v > 1",
                reset="v = 0",
                refractory="2*ms",
                initial={"x": "i*0.5", "v": "0.1"},
            ),
            SpikeGeneratorGroupNode(
                id="sg", name="SG", N="2", indices="[0, 1, 0]", times="[1, 3.5, 7]*ms"
            ),
            PoissonGroupNode(id="pg", name="PG", N="5", rates="i*20*Hz"),
            SynapsesNode(
                id="s",
                name="S",
                model="weight : 1",
                on_pre="v_post += weight",
                delay="j*1*ms",
                connect=Connect(i="[0, 1]", j="[2, 1]"),
                initial={"weight": "w"},
            ),
            PoissonInputNode(
                id="pi", name="PI", target_var="x", N="10", rate="5*Hz", weight="0.01"
            ),
            SpikeMonitorNode(id="m1", name="spikes", variables=["x"]),
            StateMonitorNode(id="m2", name="trace", variables=["v"], record="True"),
            StateMonitorNode(id="m3", name="weights", variables=["weight"], record="[0, 1]"),
            PopulationRateMonitorNode(id="m4", name="rate"),
        ],
        edges=[
            Edge(source="sg", target="s", role="pre"),
            Edge(source="s", target="g", role="post"),
            Edge(source="pi", target="g", role="drive"),
            Edge(source="g", target="m1", role="record"),
            Edge(source="g", target="m2", role="record"),
            Edge(source="s", target="m3", role="record"),
            Edge(source="pg", target="m4", role="record"),
        ],
    )
