"""STDP: spike-timing-dependent plasticity

One conductance-based neuron receives 1000 Poisson inputs at 15 Hz through synapses whose
weights change with the relative timing of input and output spikes (Song, Miller & Abbott
2000). Starting from uniformly random weights, the weights drift apart, towards 0 or towards
the maximum gmax.

Notes: Each synapse keeps two traces: Apre grows at each input spike and Apost at each output
spike, both decaying in 20 ms. An output spike shortly after an input spike strengthens that
synapse (by Apre); an input spike shortly after an output spike weakens it (by Apost, which is
negative). Inputs that happen to help fire the neuron get stronger, and the others weaker:
competition, which makes the weights bimodal. The histogram panel shows the 1000 weights at
each second, live: within 20 s they spread from their uniform start towards 0 and gmax, and by
100 s (a few seconds of wall time) the distribution is bimodal — about a quarter of the weights
below a tenth of gmax, a fifth above nine tenths, few in between. Watch the weight traces drift
and the output rate settle. Try: a symmetric rule (dApost = −dApre), or depression 20% stronger
than potentiation (1.2 instead of 1.05), and watch the upper mode disappear.

Exported by SpikeCanvas 0.1.0 from stdp.spikecanvas. It runs with plain Python:

    python stdp.py

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
n_inputs = 1000  # number of inputs
F = 15*Hz  # input rate
taum = 10*ms  # membrane time constant
Ee = 0*mV  # excitatory reversal potential
vt = -54*mV  # threshold
vr = -60*mV  # reset
El = -74*mV  # resting potential
taue = 5*ms  # synaptic time constant
taupre = 20*ms  # time constant of the presynaptic trace
taupost = taupre  # time constant of the postsynaptic trace
gmax = 0.01  # maximal weight (in units of the leak conductance)
dApre = 0.01*gmax  # potentiation step
dApost = -dApre*taupre/taupost*1.05  # depression step (5% stronger)


# -- Groups --------------------------------------------------------------------------------------

# inputs: Poisson spike sources
# 1000 independent Poisson trains.
inputs = PoissonGroup(int(n_inputs), F, name="inputs")

# neuron: a group of neurons
neuron_model = """\
dv/dt = (ge*(Ee - v) + El - v)/taum : volt
dge/dt = -ge/taue : 1"""
neuron = NeuronGroup(
    1,
    neuron_model,
    threshold="v > vt",
    reset="v = vr",
    method="euler",
    name="neuron",
)
neuron.v = vr


# -- Synapses ------------------------------------------------------------------------------------

# plastic: synapses from inputs to neuron
# Pre before post strengthens (Apre), post before pre weakens (Apost); depression is slightly stronger than potentiation.
plastic_model = """\
w : 1
dApre/dt = -Apre/taupre : 1 (event-driven)
dApost/dt = -Apost/taupost : 1 (event-driven)"""
plastic_on_pre = """\
ge += w
Apre += dApre
w = clip(w + Apost, 0, gmax)"""
plastic_on_post = """\
Apost += dApost
w = clip(w + Apre, 0, gmax)"""
plastic = Synapses(
    inputs,
    neuron,
    model=plastic_model,
    on_pre=plastic_on_pre,
    on_post=plastic_on_post,
    name="plastic",
)
plastic.connect()
plastic.w = "rand()*gmax"


# -- Monitors ------------------------------------------------------------------------------------

# weights: records w of plastic
weights = StateMonitor(
    plastic,
    ["w"],
    record=np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    dt=10*ms,
    name="weights",
)

# all_weights: records w of plastic
# The histogram of the 1000 weights at the last second recorded: it spreads from the uniform start towards the two bounds and becomes bimodal.
all_weights = StateMonitor(plastic, ["w"], record=True, dt=1*second, name="all_weights")

# output: records the population rate of neuron
output = PopulationRateMonitor(neuron, name="output")

# trace: records v of neuron
# Sampled each millisecond: 100 s at every step would be a million points.
trace = StateMonitor(neuron, ["v"], record=0, dt=1*ms, name="trace")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(100*second, report="text")


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
        4,
        1,
        sharex=True,
        squeeze=False,
        figsize=(8, 6.8),
        height_ratios=[2, 2, 2, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(weights.w[:20], "w")
    ax.set_prop_cycle(color=colours)
    ax.plot(weights.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Weights of synapses 0–19", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(all_weights.w[:20], "w")
    ax.set_prop_cycle(color=colours)
    ax.plot(all_weights.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title(
        "The weights, each second" + (f" (showing 20 of {len(all_weights.w)})" if len(all_weights.w) > 20 else ""), fontsize=10,
    )

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 250*ms.
    values, label = shown(output.smooth_rate(window="flat", width=250*ms)[: len(output.t)], "rate")
    ax.plot(output.t / second, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Output rate (smoothed over 250 ms)", fontsize=10)

    ax = axes[3, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Membrane potential", fontsize=10)

    axes[-1, 0].set_xlim(0, 100.0)
    axes[-1, 0].set_xlabel("time (s)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "stdp.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
