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
try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots (pip install matplotlib for them).")
else:
    fig, axes = plt.subplots(3, 1, sharex=True, squeeze=False, figsize=(8, 7.5))

    ax = axes[0, 0]
    unit = Quantity(trace.v).get_best_unit()
    ax.plot(trace.t / ms, (trace.v / unit).T)
    ax.set_ylabel("v" if unit.is_dimensionless else "v (" + str(unit) + ")")
    ax.set_title("v and the threshold vt: v")

    ax = axes[1, 0]
    unit = Quantity(trace.vt).get_best_unit()
    ax.plot(trace.t / ms, (trace.vt / unit).T)
    ax.set_ylabel("vt" if unit.is_dimensionless else "vt (" + str(unit) + ")")
    ax.set_title("v and the threshold vt: vt")

    ax = axes[2, 0]
    ax.plot(crossings.t / ms, crossings.i, ".k", markersize=2)
    ax.set_ylabel("neuron index")
    ax.set_title("Spikes")

    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "adaptive_threshold.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
