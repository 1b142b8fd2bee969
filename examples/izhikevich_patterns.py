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
neuron 0 the parameters of another one.

Exported by SpikeCanvas 0.1.0 from izhikevich_patterns.spikecanvas. It runs with plain Python:

    python izhikevich_patterns.py

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


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(300*ms, report="text")


# -- Plots ---------------------------------------------------------------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots (pip install matplotlib for them).")
else:
    fig, axes = plt.subplots(2, 1, sharex=True, squeeze=False, figsize=(8, 5.5))

    ax = axes[0, 0]
    unit = Quantity(v_trace.v).get_best_unit()
    ax.plot(v_trace.t / ms, (v_trace.v / unit).T)
    ax.set_ylabel("v" if unit.is_dimensionless else "v (" + str(unit) + ")")
    ax.set_title("Membrane potential")

    ax = axes[1, 0]
    ax.plot(spikes.t / ms, spikes.i, ".k", markersize=2)
    ax.set_ylabel("neuron index")
    ax.set_title("Spikes")

    axes[-1, 0].set_xlabel("time (ms)")
    fig.tight_layout()
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "izhikevich_patterns.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
