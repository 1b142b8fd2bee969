"""Brunel–Hakim: fast oscillations from sparse inhibition

5000 noisy integrate-and-fire neurons inhibit each other through sparse random connections with
a 2 ms delay (Brunel & Hakim 1999). Each neuron fires rarely and irregularly, yet the
population rate oscillates at well over 100 Hz.

Notes: Look at the two plots together. In the raster, single neurons fire only a few times per
second, at random. The population rate, however, oscillates: when many neurons fire, the
delayed inhibition arrives 2 ms later and silences the population, then it recovers — a period
of a few synaptic delays. Oscillations of the whole with irregular parts are what the EEG and
LFP record. Try: change delta and watch the period follow, or make J smaller and the
oscillation fades. The spectrum panel shows the oscillation as a peak of the population rate's
power spectrum.

Exported by SpikeCanvas 0.1.0 from brunel_hakim.spikecanvas. It runs with plain Python:

    python brunel_hakim.py

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
n_neurons = 5000  # number of neurons
Vr = 10*mV  # reset potential
theta = 20*mV  # threshold
tau = 20*ms  # membrane time constant
delta = 2*ms  # synaptic delay
taurefr = 2*ms  # refractory period
C = 1000  # mean number of inputs per neuron
J = 0.1*mV  # inhibitory weight
muext = 25*mV  # mean external drive
sigmaext = 1*mV  # noise of the external drive


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Each neuron gets a noisy external drive whose mean (25 mV) is above threshold.
neurons = NeuronGroup(
    int(n_neurons),
    "dV/dt = (-V + muext + sigmaext*sqrt(tau)*xi)/tau : volt",
    threshold="V > theta",
    reset="V = Vr",
    refractory="taurefr",
    method="euler",
    name="neurons",
)
neurons.V = Vr


# -- Synapses ------------------------------------------------------------------------------------

# inhibition: synapses from neurons to neurons
# Sparse random inhibition, delayed by 2 ms.
inhibition = Synapses(neurons, neurons, on_pre="V += -J", delay=delta, name="inhibition")
inhibition.connect(p=C/n_neurons)


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# rate: records the population rate of neurons
rate = PopulationRateMonitor(neurons, name="rate")

# spectrum: records the population rate of neurons
spectrum = PopulationRateMonitor(neurons, name="spectrum")


# -- Run -----------------------------------------------------------------------------------------
# run() simulates every object defined above (Brian 2's 'magic' network).
run(200*ms, report="text")


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

    ax = axes[0, 0]
    ax.grid(True, alpha=0.15)
    ax.vlines(spikes.t / ms, spikes.i - 0.4, spikes.i + 0.4, color="#1a1a1a", linewidth=0.8)
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 0.5*ms.
    values, label = shown(rate.smooth_rate(window="flat", width=0.5*ms)[: len(rate.t)], "rate")
    ax.plot(rate.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Population rate (smoothed over 500 µs)", fontsize=10)

    ax = axes[2, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 0.5*ms.
    values, label = shown(
        spectrum.smooth_rate(window="flat", width=0.5*ms)[: len(spectrum.t)], "rate",
    )
    ax.plot(spectrum.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Oscillation (smoothed over 500 µs)", fontsize=10)

    axes[-1, 0].set_xlim(0, 200.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "brunel_hakim.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
