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
try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots (pip install matplotlib for them).")
else:
    fig, axes = plt.subplots(2, 1, sharex=True, squeeze=False, figsize=(8, 5.5))

    ax = axes[0, 0]
    ax.plot(spikes.t / ms, spikes.i, ".k", markersize=2)
    ax.set_ylabel("neuron index")
    ax.set_title("Spikes")

    ax = axes[1, 0]
    unit = Quantity(trace.v).get_best_unit()
    ax.plot(trace.t / ms, (trace.v / unit).T)
    ax.set_ylabel("v" if unit.is_dimensionless else "v (" + str(unit) + ")")
    ax.set_title("v of neurons 0 and 5")

    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "gap_junctions.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
