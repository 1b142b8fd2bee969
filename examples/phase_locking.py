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
try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots (pip install matplotlib for them).")
else:
    fig, axes = plt.subplots(2, 1, sharex=True, squeeze=False, figsize=(8, 5.5))

    ax = axes[0, 0]
    ax.plot(spikes.t / ms, spikes.i, ".k", markersize=2)
    ax.set_ylabel("neuron index")
    ax.set_title("Spikes (neuron index = amplitude)")

    ax = axes[1, 0]
    unit = Quantity(trace.v).get_best_unit()
    ax.plot(trace.t / ms, (trace.v / unit).T)
    ax.set_ylabel("v" if unit.is_dimensionless else "v (" + str(unit) + ")")
    ax.set_title("v of neuron 50")

    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "phase_locking.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
