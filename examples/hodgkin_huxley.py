"""Hodgkin–Huxley neurons: action potentials and the f–I curve

A hundred Hodgkin–Huxley neurons (Traub & Miles' cortical parameters), each with a constant
input current of its own, from none to 0.7 nA. Above a threshold current they fire real action
potentials, whose shape comes from the sodium and potassium channels rather than from a reset
rule.

Notes: Each spike is the sodium activation m opening fast, the membrane shooting up towards
ENa, then the slower sodium inactivation h and potassium activation n bringing it back down
below rest. The threshold here only counts spikes (v crossing −40 mV); there is no reset: the
refractory condition 'v > −40 mV' keeps a spike from being counted twice while v is above it.
The raster shows the f–I curve: no spikes below about 0.02 nA (neurons 0–2), then a rate that
grows with the current. Try: record m, n and h too to see the channels open and close, or lower
g_kd.

Sweep: the project holds the sweep 'current' (Run → Sweep…, or on the command line 'spikecanvas
sweep examples/hodgkin_huxley.spikecanvas --sweep current --out current.h5 --plot
current.png'). It runs the model 11 times, with I_max from 0.02 to 2 nA on a logarithmic scale,
and plots the mean rate of the hundred neurons and the regularity of their firing (the CV of
their inter-spike intervals) against I_max. The single run shows the f–I curve of one neuron,
one current per neuron; the sweep shows that of a population whose currents are spread evenly
from 0 to I_max. The CV stays near 0: without noise, each neuron fires like a clock at any
current. The f–I panel draws the single run's curve directly: each neuron's rate against its
current I.

Exported by SpikeCanvas 0.1.0 from hodgkin_huxley.spikecanvas. It runs with plain Python:

    python hodgkin_huxley.py

and needs SpikeCanvas's simulation engine (the ``engine`` package, installed with SpikeCanvas).
If matplotlib is installed, it then plots what the monitors recorded, in a window when there is
a display and into a PNG file otherwise.
"""

from engine import *
import numpy as np


# -- Settings ------------------------------------------------------------------------------------
# The same seed gives the same random numbers, hence the same initial values, synapses and spikes.
seed(1)
defaultclock.dt = 0.1*ms


# -- Constants -----------------------------------------------------------------------------------
n_neurons = 100  # number of neurons
area = 20000*umetre**2  # membrane area
Cm = 1*ufarad*cm**-2 * area  # membrane capacitance
gl = 5e-5*siemens*cm**-2 * area  # leak conductance
El = -65*mV  # leak reversal potential
EK = -90*mV  # potassium reversal potential
ENa = 50*mV  # sodium reversal potential
g_na = 100*msiemens*cm**-2 * area  # maximal sodium conductance
g_kd = 30*msiemens*cm**-2 * area  # maximal potassium conductance
VT = -63*mV  # shifts the gating curves
I_max = 0.7*nA  # current of the last neuron


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Neuron i gets a constant current I = I_max·i/(N−1).
neurons_model = """\
dv/dt = (gl*(El - v) - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK) + I)/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32/mV*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 0.28/mV*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.032/mV*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
I : amp (constant)"""
neurons = NeuronGroup(
    int(n_neurons),
    neurons_model,
    threshold="v > -40*mV",
    refractory="v > -40*mV",
    method="exponential_euler",
    name="neurons",
)
neurons.v = El
neurons.I = "I_max * i / (n_neurons - 1)"


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# f_I: records the spikes of neurons
f_I = SpikeMonitor(neurons, name="f_I")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=np.array([30, 99]), name="trace")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(1*second, report="text")


# -- Plots ---------------------------------------------------------------------------------------
# As SpikeCanvas's window draws them: a panel per monitor, values with the SI
# prefix that suits them (membrane potentials in mV).


def shown(values, name):
    """Return values (a quantity) as numbers to plot, and the axis label with their unit."""
    numbers = np.asarray(values, dtype=float)
    dimensions = get_dimensions(values)
    if dimensions.is_dimensionless:
        return numbers, name
    unit = str(get_unit(dimensions))
    finite = np.abs(numbers[np.isfinite(numbers)])
    largest = finite.max() if finite.size else 0.0
    if unit.isalpha() and largest >= 1e-25:  # no prefix on compound units (V/s)
        power = int(np.clip(np.floor(np.log(largest) / np.log(1000)), -8, 8))
        numbers = numbers * 10.0 ** (-3 * power)
        unit = "yzafpnµm kMGTPEZY"[power + 8].strip() + unit
    return numbers, f"{name} ({unit})"


try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots (pip install matplotlib for them).")
else:
    fig, axes = plt.subplots(
        3,
        1,
        sharex=True,
        squeeze=False,
        figsize=(8, 6.8),
        height_ratios=[3, 3, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / second, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes (neuron index = current)", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(f_I.t / second, f_I.i - 0.4, f_I.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Each neuron's current and rate", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Membrane potential of neurons 30 and 99", fontsize=10)

    axes[-1, 0].set_xlim(0, 1.0)
    axes[-1, 0].set_xlabel("time (s)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "hodgkin_huxley.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
