"""Gap junctions synchronise oscillators

Ten integrate-and-fire neurons that would each fire regularly on their own, started at
different phases and coupled all-to-all by gap junctions (electrical synapses). Within a few
cycles they fire together.

Notes: A gap junction passes a current proportional to the difference of the two membrane
potentials, in both directions. The model writes it as a summed variable: Igap of each neuron
is the sum of w·(v_pre − v_post) over its synapses, computed at every time step. An integrate-
and-fire neuron has no spike shape, only a reset, so the junction would pass only the reset's
pull downwards, which keeps the neurons apart. The real spike passes through too, as a small
depolarising 'spikelet' in the partners: here on_pre adds it (w·spike_height). Each spikelet
advances the neurons that are close to the threshold, and soon all fire in the same time step.
Try: set spike_height to 0 (this is then Brian 2's gap junction example) and the neurons keep
firing out of phase.

Exported by SpikeCanvas 0.1.0 from gap_junctions.spikecanvas. It runs with plain Python:

    python gap_junctions.py

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
n_neurons = 10  # number of neurons
v0 = 1.05  # drive: above the threshold 1, so each neuron fires alone
tau = 10*ms  # membrane time constant
w_gap = 0.02  # gap junction conductance (relative to the leak)
spike_height = 0.5  # height of a spike above the threshold, felt as a spikelet


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Each neuron alone would fire regularly; they start at different phases.
neurons_model = """\
dv/dt = (v0 - v + Igap)/tau : 1
Igap : 1  # gap junction current"""
neurons = NeuronGroup(
    int(n_neurons),
    neurons_model,
    threshold="v > 1",
    reset="v = 0",
    method="exact",
    name="neurons",
)
neurons.v = "i*1.0/(n_neurons - 1)"


# -- Synapses ------------------------------------------------------------------------------------

# gaps: synapses from neurons to neurons
# Electrical coupling: a current proportional to the voltage difference, summed over all partners, plus the spikelet of each spike.
gaps_model = """\
w : 1  # gap junction conductance
Igap_post = w*(v_pre - v_post) : 1 (summed)"""
gaps = Synapses(neurons, neurons, model=gaps_model, on_pre="v_post += w*spike_height", name="gaps")
gaps.connect()
gaps.w = w_gap


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=np.array([0, 5]), name="trace")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(500*ms, report="text")


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
        2,
        1,
        sharex=True,
        squeeze=False,
        figsize=(8, 4.55),
        height_ratios=[3, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("v of neurons 0 and 5", fontsize=10)

    axes[-1, 0].set_xlim(0, 500.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "gap_junctions.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
