"""LIF neuron: membrane potential and the f–I curve

A hundred leaky integrate-and-fire neurons, each driven by a constant input of its own, from
none to twice the threshold. The raster is the f–I curve turned on its side: the higher a
neuron's index, the stronger its drive and the faster it fires.

Notes: The membrane relaxes exponentially towards v0 with time constant tau. A neuron fires
only if v0 is above the threshold Vt (here neurons 50 and up); then it takes tau·ln(v0/(v0−Vt))
to climb from the reset to the threshold, plus the refractory period, so the rate is f =
1/(t_ref + tau·ln(v0/(v0−Vt))). Notice how steeply the rate rises just above threshold and how
the refractory period caps it at 1/t_ref. Try: change tau or t_ref and watch the curve bend.

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
    refractory=t_ref,
    method="exact",
    name="neurons",
)
neurons.v = Vr
neurons.v0 = "v0_max * i / (n_neurons - 1)"


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=np.array([40, 60, 99]), name="trace")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(1*second, report="text")


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
    ax.set_title("Spikes (neuron index = drive)")

    ax = axes[1, 0]
    unit = Quantity(trace.v).get_best_unit()
    ax.plot(trace.t / ms, (trace.v / unit).T)
    ax.set_ylabel("v" if unit.is_dimensionless else "v (" + str(unit) + ")")
    ax.set_title("Membrane potential of neurons 40, 60 and 99")

    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "lif_fi_curve.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
