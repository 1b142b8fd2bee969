"""Adaptive threshold

One neuron driven by a 500 Hz Poisson spike train, with a threshold that rises at every spike
and relaxes back: spike-frequency adaptation without any adaptation current.

Notes: The membrane potential v jumps with each input spike and leaks back to 0 with tau_m = 10
ms; the neuron fires when v crosses vt. Each spike raises vt by 3 mV, and vt relaxes back to 10
mV with tau_t = 15 ms. After a spike the neuron is harder to excite, so spikes come at
irregular but spaced intervals, about 70 per second. Watch the trace: the threshold climbs
during a burst of input and each spike happens where v meets it. Try: set dvt_spike to 0 mV and
compare the rate.

Exported by SpikeCanvas 0.1.0 from adaptive_threshold.spikecanvas. It runs with plain Python:

    python adaptive_threshold.py

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
tau_m = 10*ms  # membrane time constant
tau_t = 15*ms  # time constant of the threshold's relaxation
vt_rest = 10*mV  # threshold at rest
dvt_spike = 3*mV  # threshold increase at each spike
w = 3*mV  # effect of one input spike on v


# -- Groups --------------------------------------------------------------------------------------

# input: Poisson spike sources
# One Poisson spike train.
input = PoissonGroup(1, 500*Hz, name="input")

# neuron: a group of neurons
# The threshold vt jumps by dvt_spike at each spike, then relaxes back.
neuron_model = """\
dv/dt = -v/tau_m : volt
dvt/dt = (vt_rest - vt)/tau_t : volt"""
neuron_reset = """\
v = 0*mV
vt += dvt_spike"""
neuron = NeuronGroup(
    1,
    neuron_model,
    threshold="v > vt",
    reset=neuron_reset,
    method="exact",
    name="neuron",
)
neuron.vt = vt_rest


# -- Synapses ------------------------------------------------------------------------------------

# excitation: synapses from input to neuron
# Each input spike raises v by w.
excitation = Synapses(input, neuron, on_pre="v += w", name="excitation")
excitation.connect()


# -- Monitors ------------------------------------------------------------------------------------

# trace: records v, vt of neuron
trace = StateMonitor(neuron, ["v", "vt"], record=0, name="trace")

# crossings: records the spikes of neuron
crossings = SpikeMonitor(neuron, variables=["v"], name="crossings")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(2*second, report="text")


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
        height_ratios=[2, 2, 3],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("v and the threshold vt", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.vt[:20], "vt")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / second, values.T, linewidth=1)
    ax.set_ylabel(label)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(
        crossings.t / second, crossings.i - 0.4, crossings.i + 0.4, color="#1a1a1a", linewidth=0.8,
    )
    ax.set_ylim(-0.5, len(neuron) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    axes[-1, 0].set_xlim(0, 2.0)
    axes[-1, 0].set_xlabel("time (s)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "adaptive_threshold.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
