"""LIF neuron: membrane potential and the f–I curve

A hundred leaky integrate-and-fire neurons, each driven by a constant input of its own, from
none to twice the threshold. The raster is the f–I curve turned on its side: the higher a
neuron's index, the stronger its drive and the faster it fires.

Notes: The membrane relaxes exponentially towards v0 with time constant tau. A neuron fires
only if v0 is above the threshold Vt (here neurons 50 and up); then it takes tau·ln(v0/(v0−Vt))
to climb from the reset to the threshold, plus the refractory period, so the rate is f =
1/(t_ref + tau·ln(v0/(v0−Vt))). Notice how steeply the rate rises just above threshold and how
the refractory period caps it at 1/t_ref. Try: change tau or t_ref and watch the curve bend.

Sweep: the project holds the sweep 'drive' (Run → Sweep…, or on the command line 'spikecanvas
sweep examples/lif_fi_curve.spikecanvas --sweep drive --out drive.h5 --plot drive.png'). It
runs the model 13 times, with v0_max from 0 to 60 mV, and plots the mean rate of the hundred
neurons against v0_max. The single run shows the f–I curve of one neuron, one drive per neuron;
the sweep shows that of the population whose drives are spread evenly from 0 to v0_max: zero
until v0_max passes the threshold, then rising ever more slowly as more of the neurons near the
cap of 1/t_ref. The f–I panel draws the single run's curve directly: each neuron's rate against
its drive v0.

Exported by SpikeCanvas 0.1.0 from lif_fi_curve.spikecanvas. It runs with plain Python:

    python lif_fi_curve.py

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
tau = 10*ms  # membrane time constant
Vt = 10*mV  # threshold (above rest, which is 0 mV)
Vr = 0*mV  # reset potential
t_ref = 5*ms  # refractory period
v0_max = 20*mV  # drive of the last neuron


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Neuron i is driven towards v0 = v0_max·i/(N−1): from no drive to twice threshold.
neurons_model = """\
dv/dt = (v0 - v)/tau : volt (unless refractory)
v0 : volt"""
neurons = NeuronGroup(
    int(n_neurons),
    neurons_model,
    threshold="v > Vt",
    reset="v = Vr",
    refractory="t_ref",
    method="exact",
    name="neurons",
)
neurons.v = Vr
neurons.v0 = "v0_max * i / (n_neurons - 1)"


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# f_I: records the spikes of neurons
f_I = SpikeMonitor(neurons, name="f_I")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=np.array([40, 60, 99]), name="trace")


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
    ax.set_title("Spikes (neuron index = drive)", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(f_I.t / second, f_I.i - 0.4, f_I.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Each neuron's drive and rate", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Membrane potential of neurons 40, 60 and 99", fontsize=10)

    axes[-1, 0].set_xlim(0, 1.0)
    axes[-1, 0].set_xlabel("time (s)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "lif_fi_curve.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
