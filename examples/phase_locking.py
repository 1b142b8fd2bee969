"""Phase locking to a periodic input

A hundred integrate-and-fire neurons, each driven by the same 10 Hz sinusoid on top of a
constant drive, with an amplitude growing with the neuron's index. They start at random
potentials; the more strongly modulated ones soon fire at the same phase of every cycle.

Notes: Without modulation, each neuron would fire at its own regular rate, set by b and tau, at
a phase depending on where it started. The sinusoid speeds up the approach to threshold in one
half of the cycle and slows it in the other: spikes are pulled towards the same phase, and
beyond some amplitude the neuron locks, firing one spike (or a fixed pattern of spikes) per
cycle whatever its start. In the raster, the top neurons line up in vertical stripes ten times
a second; the bottom ones drift. Try: change freq, or b.

Exported by SpikeCanvas 0.1.0 from phase_locking.spikecanvas. It runs with plain Python:

    python phase_locking.py

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
tau = 20*ms  # membrane time constant
b = 1.2  # constant drive (threshold is 1)
freq = 10*Hz  # frequency of the sinusoidal input


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Neuron i gets a sinusoidal input of amplitude a = 0.05 + 0.7·i/N on a constant drive b.
neurons_model = """\
dv/dt = (-v + a*sin(2*pi*freq*t) + b)/tau : 1
a : 1 (constant)"""
neurons = NeuronGroup(
    int(n_neurons),
    neurons_model,
    threshold="v > 1",
    reset="v = 0",
    method="euler",
    name="neurons",
)
neurons.v = "rand()"
neurons.a = "0.05 + 0.7*i/n_neurons"


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=50, name="trace")


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
    ax.vlines(spikes.t / second, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes (neuron index = amplitude)", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("v of neuron 50", fontsize=10)

    axes[-1, 0].set_xlim(0, 1.0)
    axes[-1, 0].set_xlabel("time (s)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "phase_locking.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
