"""Reliability of spike timing

Two groups of 25 identical noisy neurons. The first group all receive the same fluctuating
input: their spikes line up across neurons, as if the same neuron had been stimulated 25 times.
The second group receive a constant input instead: their spikes quickly lose any alignment
(Mainen & Sejnowski 1995; Brette & Guigon 2003).

Notes: Think of the 25 neurons of a group as 25 trials of one neuron: the private noise is what
differs from trial to trial. With a constant input, small timing errors add up from spike to
spike, and after a few spikes the trials are out of step. A fluctuating input has steep rises
that push every trial across the threshold at the same moment, and so resets the timing errors:
the spike times are reproducible to about a millisecond. Neurons in vivo are reliable for
fluctuating inputs, not for constant ones. Try: increase sigma, the private noise, and see how
far reliability holds.

Exported by SpikeCanvas 0.1.0 from reliability.spikecanvas. It runs with plain Python:

    python reliability.py

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
n_neurons = 25  # neurons (trials) per group
tau_input = 5*ms  # correlation time of the stimulus
tau = 10*ms  # membrane time constant
sigma = 0.015  # private noise of each neuron


# -- Groups --------------------------------------------------------------------------------------

# stimulus: a group of neurons
# One fluctuating signal (an Ornstein–Uhlenbeck process) shared by all neurons of 'reliable'.
stimulus = NeuronGroup(
    1,
    "dx/dt = -x/tau_input + (2/tau_input)**0.5*xi : 1",
    method="euler",
    name="stimulus",
)

# reliable: a group of neurons
# Driven by the shared fluctuating stimulus, plus a small private noise.
reliable_model = """\
dx/dt = (0.9 + 0.5*I - x)/tau + sigma*(2/tau)**0.5*xi : 1
I : 1"""
reliable = NeuronGroup(
    int(n_neurons),
    reliable_model,
    threshold="x > 1",
    reset="x = 0",
    refractory=5*ms,
    method="euler",
    name="reliable",
)

# unreliable: a group of neurons
# Driven by a constant input, plus the same small private noise.
unreliable = NeuronGroup(
    int(n_neurons),
    "dx/dt = (1.1 - x)/tau + sigma*(2/tau)**0.5*xi : 1 (unless refractory)",
    threshold="x > 1",
    reset="x = 0",
    refractory=5*ms,
    method="euler",
    name="unreliable",
)


# -- Synapses ------------------------------------------------------------------------------------

# shared: synapses from stimulus to reliable
# Copies the stimulus into I of every neuron, at every time step.
shared = Synapses(stimulus, reliable, model="I_post = x_pre : 1 (summed)", name="shared")
shared.connect()


# -- Monitors ------------------------------------------------------------------------------------

# reliable_spikes: records the spikes of reliable
reliable_spikes = SpikeMonitor(reliable, name="reliable_spikes")

# unreliable_spikes: records the spikes of unreliable
unreliable_spikes = SpikeMonitor(unreliable, name="unreliable_spikes")


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
        figsize=(8, 5.3),
        height_ratios=[3, 3],
        layout="constrained",
    )

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(
        reliable_spikes.t / ms, reliable_spikes.i - 0.4, reliable_spikes.i + 0.4, color="#1a1a1a", linewidth=0.8,
    )
    ax.set_ylim(-0.5, len(reliable) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Fluctuating input: reliable timing", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(
        unreliable_spikes.t / ms, unreliable_spikes.i - 0.4, unreliable_spikes.i + 0.4, color="#1a1a1a", linewidth=0.8,
    )
    ax.set_ylim(-0.5, len(unreliable) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Constant input: unreliable timing", fontsize=10)

    axes[-1, 0].set_xlim(0, 500.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "reliability.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
