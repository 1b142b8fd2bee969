"""Synfire chain: a pulse packet travels through ten groups

Ten groups of 100 noisy integrate-and-fire neurons, each group connected to all neurons of the
next one (Diesmann, Gewaltig & Aertsen 1999). A packet of 85 synchronous input spikes at 50 ms
starts a volley that propagates along the chain, staying synchronous.

Notes: Each neuron fires rarely and irregularly on its own, from its noisy background input.
But when a whole group fires within a few milliseconds, its 100 synapses onto each neuron of
the next group bring it to threshold at nearly the same time: the volley moves on, about half a
millisecond per group, and its spread shrinks instead of growing. This is how precise spike
timing can survive many synaptic stages. Try: weaken weight (say 3*mV) and the volley dies out
after a few groups.

Exported by SpikeCanvas 0.1.0 from synfire_chain.spikecanvas. It runs with plain Python:

    python synfire_chain.py

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
n_groups = 10  # groups in the chain
group_size = 100  # neurons per group
Vr = -70*mV  # resting and reset potential
Vt = -55*mV  # threshold
taum = 10*ms  # membrane time constant
taupsp = 0.325*ms  # time constant of the synaptic current
weight = 4.86*mV  # synaptic weight


# -- Groups --------------------------------------------------------------------------------------

# packet: neurons spiking at given times
# 85 input spikes around 50 ms, one per input neuron.
packet = SpikeGeneratorGroup(
    85,
    np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
     25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
     47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
     69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84]),
    np.array([48.72, 52.52, 49.18, 51.0, 49.76, 49.14, 49.79, 49.05, 50.46, 50.09, 51.52, 50.7, 51.1,
     50.43, 48.57, 49.3, 50.95, 49.09, 49.54, 49.91, 50.03, 50.56, 50.78, 49.88, 50.3, 48.26,
     50.39, 50.15, 50.82, 49.26, 51.62, 49.37, 49.67, 50.59, 50.36, 49.44, 49.73, 51.43, 49.48,
     48.78, 49.57, 50.74, 50.63, 49.64, 47.48, 49.41, 50.18, 48.65, 49.0, 50.67, 50.21, 51.22,
     49.22, 50.06, 48.38, 49.33, 49.85, 49.61, 47.9, 48.9, 48.95, 52.1, 50.86, 48.48, 49.94,
     48.84, 50.49, 49.51, 51.28, 51.74, 50.33, 50.24, 48.11, 50.0, 51.16, 50.27, 49.82, 50.91,
     51.05, 49.7, 49.97, 50.12, 51.89, 51.35, 50.52])*ms,
    name="packet",
)

# chain: a group of neurons
# Ten groups of 100 neurons; neuron i is in group i // 100. The noise xi stands for the background input of the cortex.
chain_model = """\
dV/dt = (-(V - Vr) + x)/taum : volt
dx/dt = (-x + y)/taupsp : volt
dy/dt = -y/taupsp + 25.27*mV/ms + 39.24*mV/ms**0.5*xi : volt"""
chain = NeuronGroup(
    int(n_groups*group_size),
    chain_model,
    threshold="V > Vt",
    reset="V = Vr",
    refractory=1*ms,
    method="euler",
    name="chain",
)
chain.V = "Vr + rand()*(Vt - Vr)"


# -- Synapses ------------------------------------------------------------------------------------

# to_first: synapses from packet to chain
# Every input neuron to every neuron of the first group.
to_first = Synapses(packet, chain, on_pre="y += weight", name="to_first")
to_first.connect(condition="j < group_size")

# links: synapses from chain to chain
# All-to-all from each group to the next.
links = Synapses(chain, chain, on_pre="y += weight", name="links")
links.connect(
    j="k for k in range((i//group_size + 1)*group_size, (i//group_size + 2)*group_size) if i < N_pre - group_size",
)


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of chain
spikes = SpikeMonitor(chain, name="spikes")

# rate: records the population rate of chain
rate = PopulationRateMonitor(chain, name="rate")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(100*ms, report="text")


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

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(chain) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes (groups of 100, bottom to top)", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 0.5*ms.
    values, label = shown(rate.smooth_rate(window="flat", width=0.5*ms)[: len(rate.t)], "rate")
    ax.plot(rate.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Population rate (smoothed over 500 µs)", fontsize=10)

    axes[-1, 0].set_xlim(0, 100.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "synfire_chain.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
