"""Brunel (2000): the phase diagram of a sparse excitatory–inhibitory network

2000 integrate-and-fire neurons, 80% excitatory and 20% inhibitory, each receiving inputs from
a random tenth of the others with a 1.5 ms delay and from independent Poisson inputs (Brunel
2000). Two numbers decide how the network fires: the relative strength of inhibition g and the
external rate; its sweep maps the states over both.

Notes: Brunel (2000) found four states of this network. With weak inhibition (g below 4, where
the 20% of inhibitory neurons no longer outweigh excitation) the neurons fire synchronously and
regularly, near their maximal rate. With inhibition dominating (g above 4) they fire
asynchronously and irregularly at modest rates when the external input is strong (nu_ext above
nu_thr, the rate that alone brings a neuron to threshold); a fast global oscillation of the
population appears as the input grows, and a slow one when the input is weak. This run (g = 5,
nu_ext = 2 nu_thr) is irregular: single neurons fire at a few tens of hertz with variable
inter-spike intervals, while the population rate oscillates. The network is Brunel's scaled
down five times (N_E = 1600 instead of 10000), with J raised to 0.5 mV so that each neuron's
mean input is the same. Try it live: set the run's duration to 5 s and its pace to 1×, start
it, and drag the g slider (Live Parameters) below 4 — within a few tens of milliseconds the
neurons fire regularly at over 200 Hz (CV about 0.2) — then back above 5; drag external.rate
(the rate of each Poisson input, 25 Hz = 2 nu_thr) down to about 12 Hz (nu_thr): the rates fall
from about 50 Hz to 10–20 Hz and the population oscillation slows from above 100 Hz to a few
tens of hertz. The CV view of the spike monitor shows the regularity, the spectrum of the rate
monitor the oscillation.

Sweep: the project holds the sweep 'phase_diagram' (Run → Sweep…, or on the command line
'spikecanvas sweep examples/brunel_2000.spikecanvas --sweep phase_diagram --out phase.h5 --csv
phase.csv --plot phase.png'). It runs 4 × 4 points — g = 3, 4, 5, 6 and nu_ext/nu_thr = 1, 2,
3, 4 — twice each with different seeds (32 runs of 300 ms, under half a minute on two cores),
and collects per run the mean rate, the CV of the inter-spike intervals, the synchrony χ of 50
membrane potentials and the frequency of the population rate's spectral peak. The heat maps
show the states: at g = 3 the rates are hundreds of hertz and the CV small (synchronous regular
firing); beyond g = 4 the rates fall to tens of hertz and the CV rises towards 1 (irregular
firing), with a spectral peak of a few tens of hertz at nu_ext = nu_thr (the slow oscillation)
and above 100 Hz at stronger input (the fast one). χ is highest at g = 3 and at weak input,
lowest at strong input with g = 4 or more.

Exported by SpikeCanvas 0.1.0 from brunel_2000.spikecanvas. It runs with plain Python:

    python brunel_2000.py

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
N_E = 1600  # excitatory neurons
N_I = 400  # inhibitory neurons
epsilon = 0.1  # connection probability
C_ext = epsilon*N_E  # external inputs per neuron (as many as excitatory ones)
tau = 20*ms  # membrane time constant
theta = 20*mV  # threshold
V_r = 10*mV  # reset potential
tau_rp = 2*ms  # refractory period
J = 0.5*mV  # excitatory weight (0.1 mV × 10000/1600 synapses in Brunel's)
D = 1.5*ms  # synaptic delay
g = 5  # relative strength of inhibition
nu_ext_over_nu_thr = 2  # external rate, relative to nu_thr
nu_thr = theta/(J*epsilon*N_E*tau)  # external rate that alone reaches theta
nu_ext = nu_ext_over_nu_thr*nu_thr  # rate of each external input


# -- Groups --------------------------------------------------------------------------------------

# neurons: a group of neurons
# Neurons 0 to N_E − 1 are excitatory, the last N_I inhibitory.
neurons = NeuronGroup(
    int(N_E + N_I),
    "dv/dt = -v/tau : volt (unless refractory)",
    threshold="v > theta",
    reset="v = V_r",
    refractory="tau_rp",
    method="exact",
    name="neurons",
)


# -- Synapses ------------------------------------------------------------------------------------

# excitatory: synapses from neurons to neurons
# From each excitatory neuron to a random tenth of all neurons.
excitatory = Synapses(neurons, neurons, on_pre="v_post += J", delay=D, name="excitatory")
excitatory.connect(condition="i < N_E", p=epsilon)

# inhibitory: synapses from neurons to neurons
# From each inhibitory neuron to a random tenth of all neurons, g times stronger than the excitatory synapses.
inhibitory = Synapses(neurons, neurons, on_pre="v_post += -g*J", delay=D, name="inhibitory")
inhibitory.connect(condition="i >= N_E", p=epsilon)


# -- Inputs --------------------------------------------------------------------------------------

# external: Poisson input added to neurons.v
# Each neuron gets C_ext independent Poisson inputs at nu_ext, each adding J.
external = PoissonInput(neurons, "v", N=int(C_ext), rate=nu_ext, weight=J)


# -- Monitors ------------------------------------------------------------------------------------

# spikes: records the spikes of neurons
spikes = SpikeMonitor(neurons, name="spikes")

# rate: records the population rate of neurons
rate = PopulationRateMonitor(neurons, name="rate")

# trace: records v of neurons
# Its plot is hidden (50 lines); it is what the sweep's synchrony χ reads.
trace = StateMonitor(
    neurons,
    ["v"],
    record=np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
     25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
     47, 48, 49]),
    name="trace",
)


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
    ax.set_ylim(-0.5, len(neurons) - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title("Spikes (inhibitory neurons on top)", fontsize=10)

    ax = axes[1, 0]
    ax.grid(True, alpha=0.15)
    # Smoothed by a sliding window of 1*ms.
    values, label = shown(rate.smooth_rate(window="flat", width=1*ms)[: len(rate.t)], "rate")
    ax.plot(rate.t / ms, values, color="#1f77b4", linewidth=1)
    ax.set_ylabel(label)
    ax.set_title("Population rate (smoothed over 1 ms)", fontsize=10)

    axes[-1, 0].set_xlim(0, 300.0)
    axes[-1, 0].set_xlabel("time (ms)")
    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:
    # the figure is saved instead.
    if plt.get_backend().lower() in ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template"):
        png = "brunel_2000.png"
        fig.savefig(png, dpi=150)
        print(f"No display: the plots are saved to {png}")
    else:
        plt.show()
