"""Izhikevich neurons: four firing patterns

Four Izhikevich model neurons get the same constant input but different parameters (a, c, d),
and fire in four classic cortical patterns: regular spiking, intrinsic bursting, chattering and
fast spiking.

Notes: Izhikevich's model has two variables: the membrane potential v, with a quadratic
upstroke, and a recovery variable u that builds up with each spike (by d) and decays at rate a.
Regular spiking (neuron 0): a large d gives strong adaptation, so the intervals lengthen.
Intrinsic bursting (1): a higher reset c gives an initial burst, then single spikes. Chattering
(2): an even higher reset and small d give repeated bursts. Fast spiking (3): a fast recovery
(a = 0.1) gives high-frequency firing without adaptation. Try: change the input I, or give
neuron 0 the parameters of another one. The phase-plane panel draws each neuron's trajectory in
(v, u): a pattern is a shape of loop.

Exported by SpikeCanvas 0.1.0 from izhikevich_patterns.spikecanvas. It runs with plain Python:

    python izhikevich_patterns.py

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
I = 10*mV  # input (in Izhikevich's units: mV per ms)
b = 0.2  # sensitivity of the recovery variable to v
v_peak = 30*mV  # spike peak: v is reset when it gets there


# -- Groups --------------------------------------------------------------------------------------

# cells: a group of neurons
# Neuron 0: regular spiking; 1: intrinsically bursting; 2: chattering; 3: fast spiking.
cells_model = """\
dv/dt = (0.04*v**2/mV + 5*v + 140*mV - u + I)/ms : volt
du/dt = a*(b*v - u)/ms : volt
a : 1 (constant)
c : volt (constant)
d : volt (constant)"""
cells_reset = """\
v = c
u += d"""
cells = NeuronGroup(
    4,
    cells_model,
    threshold="v >= v_peak",
    reset=cells_reset,
    method="euler",
    name="cells",
)
cells.a = "0.02 + 0.08*int(i == 3)"
cells.c = "-65*mV + 10*mV*int(i == 1) + 15*mV*int(i == 2)"
cells.d = "8*mV - 4*mV*int(i == 1) - 6*mV*int(i >= 2)"
cells.v = -65*mV
cells.u = "b*v"


# -- Monitors ------------------------------------------------------------------------------------

# v_trace: records v of cells
v_trace = StateMonitor(cells, ["v"], record=True, name="v_trace")

# spikes: records the spikes of cells
spikes = SpikeMonitor(cells, name="spikes")

# phase: records v, u of cells
phase = StateMonitor(cells, ["v", "u"], record=True, name="phase")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(300*ms, report="text")


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
        figsize=(8, 7.55),
        height_ratios=[2, 3, 2, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(v_trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(v_trace.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title(
        "Membrane potential" + (f" (showing 20 of {len(v_trace.v)})" if len(v_trace.v) > 20 else ""), fontsize=10,
    )

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(cells) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(phase.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(phase.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title(
        "Trajectories" + (f" (showing 20 of {len(phase.v)})" if len(phase.v) > 20 else ""), fontsize=10,
    )

    ax = axes[3, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(phase.u[:20], "u")
    ax.set_prop_cycle(color=colours)
    ax.plot(phase.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)

    axes[-1, 0].set_xlim(0, 300.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "izhikevich_patterns.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
