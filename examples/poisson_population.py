"""A population driven by Poisson inputs

200 leaky integrate-and-fire neurons, each receiving about 100 Poisson spike trains and a
background of 1000 more. At 250 ms the input rate steps from 10 Hz to 15 Hz, and the
population's rate follows within a few milliseconds.

Notes: Each input spike moves v up by w_in; with many inputs the membrane potential fluctuates
around a mean set by the total input rate, and the neurons fire when the fluctuations reach the
threshold: an irregular, Poisson-like output. Raising the input rate by half raises the output
rate several times, because the mean moves up to the threshold. The two ways of making Poisson
input: a PoissonGroup with Synapses (each input a neuron you can record or connect) and a
PoissonInput (no neurons, only their summed effect: much faster for big inputs). Try: change
rate_high, or w_in.

Exported by SpikeCanvas 0.1.0 from poisson_population.spikecanvas. It runs with plain Python:

    python poisson_population.py

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
n_inputs = 1000  # number of Poisson inputs
n_neurons = 200  # number of neurons
rate_low = 10*Hz  # input rate before the step
rate_high = 15*Hz  # input rate after the step
t_step = 250*ms  # time of the step
p_in = 0.1  # connection probability from the inputs
w_in = 0.5*mV  # effect of one input spike
taum = 20*ms  # membrane time constant
El = -70*mV  # resting potential
Vt = -50*mV  # threshold
Vr = -65*mV  # reset potential


# -- Groups --------------------------------------------------------------------------------------

# inputs: Poisson spike sources
# Independent Poisson trains; their rate steps up at t_step.
inputs = PoissonGroup(
    int(n_inputs),
    "rate_low + (rate_high - rate_low)*(t > t_step)",
    name="inputs",
)

# neurons: a group of neurons
neurons = NeuronGroup(
    int(n_neurons),
    "dv/dt = (El - v)/taum : volt (unless refractory)",
    threshold="v > Vt",
    reset="v = Vr",
    refractory=2*ms,
    method="exact",
    name="neurons",
)
neurons.v = "El + rand()*(Vt - El)"


# -- Synapses ------------------------------------------------------------------------------------

# feedforward: synapses from inputs to neurons
# Each neuron gets about 100 of the inputs.
feedforward = Synapses(inputs, neurons, on_pre="v += w_in", name="feedforward")
feedforward.connect(p=p_in)


# -- Inputs --------------------------------------------------------------------------------------

# background: Poisson input added to neurons.v
# Independent background: 1000 more inputs at 2 Hz, simulated in bulk.
background = PoissonInput(neurons, "v", N=1000, rate=2*Hz, weight=0.15*mV)


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# rate: records the population rate of neurons
rate = PopulationRateMonitor(neurons, name="rate")

# trace: records v of neurons
trace = StateMonitor(neurons, ["v"], record=0, name="trace")


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
        3,
        1,
        sharex=True,
        squeeze=False,
        figsize=(8, 6.05),
        height_ratios=[3, 2, 2],
        layout="constrained",
    )
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 5*ms.
    values, label = shown(rate.smooth_rate(window="flat", width=5*ms)[: len(rate.t)], "rate")
    ax.plot(rate.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Population rate (smoothed over 5 ms)", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # The first 20 recorded elements, one colour each.
    values, label = shown(trace.v[:20], "v")
    ax.set_prop_cycle(color=colours)
    ax.plot(trace.t / ms, values.T, linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("v of neuron 0", fontsize=10)

    axes[-1, 0].set_xlim(0, 500.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "poisson_population.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
