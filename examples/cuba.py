"""CUBA: a balanced network of current-based LIF neurons

4000 leaky integrate-and-fire neurons, 80% excitatory and 20% inhibitory, randomly connected
with probability 0.02. Synaptic currents decay exponentially (Vogels & Abbott 2005, benchmark 2
of Brette et al. 2007).

Notes: Excitation and inhibition balance: the neurons fire irregularly at a few Hz although
each receives about 80 synapses. The resting potential El is above the threshold, so a neuron
alone would fire regularly; the inhibition, four times stronger per synapse than the
excitation, holds the population back, and the membrane potential wanders below the threshold,
crossing it at random moments. The raster shows no structure and the population rate only
noise. Try: set the duration to 2 seconds, run, and move the we and wi sliders of the Live
Parameters panel while it runs. Raise we to 3-4 mV, or weaken wi towards -3 mV: the balance
breaks, the rate doubles or triples and the population fires in synchronous waves (the rate
plot turns spiky). Strengthen wi towards -20 mV: the network calms down. Each change holds from
the next report on; File > Export Script then offers a script of the run with the changes at
their times.

Exported by SpikeCanvas 0.1.0 from cuba.spikecanvas. It runs with plain Python:

    python cuba.py

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
taum = 20*ms  # membrane time constant
taue = 5*ms  # excitatory synaptic time constant
taui = 10*ms  # inhibitory synaptic time constant
Vt = -50*mV  # spike threshold
Vr = -60*mV  # reset potential
El = -49*mV  # resting potential (above threshold: neurons fire without input)
we = (60*0.27/10)*mV  # excitatory synaptic weight
wi = (-20*4.5/10)*mV  # inhibitory synaptic weight


# -- Groups --------------------------------------------------------------------------------------

# P: a group of neurons
# The whole population; the first 3200 neurons are excitatory.
P_model = """\
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt"""
P = NeuronGroup(
    4000,
    P_model,
    threshold="v>Vt",
    reset="v = Vr",
    refractory=5*ms,
    method="exact",
    name="P",
)
P.v = "Vr + rand() * (Vt - Vr)"


# -- Synapses ------------------------------------------------------------------------------------

# Ce: synapses from P to P
# Excitatory synapses
Ce = Synapses(P, P, on_pre="ge += we", name="Ce")
Ce.connect(condition="i<3200", p=0.02)

# Ci: synapses from P to P
# Inhibitory synapses
Ci = Synapses(P, P, on_pre="gi += wi", name="Ci")
Ci.connect(condition="i>=3200", p=0.02)


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of P
spikes = SpikeMonitor(P, name="spikes")

# trace: records v of P
trace = StateMonitor(P, ["v"], record=np.array([0, 1]), name="trace")

# rate: records the population rate of P
rate = PopulationRateMonitor(P, name="rate")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(200*ms, report="text")


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
        figsize=(8, 6.05),
        height_ratios=[3, 2, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(P) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Membrane potential", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 2*ms.
    values, label = shown(rate.smooth_rate(window="flat", width=2*ms)[: len(rate.t)], "rate")
    ax.plot(rate.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Population rate (smoothed over 2 ms)", fontsize=10)

    axes[-1, 0].set_xlim(0, 200.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "cuba.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
