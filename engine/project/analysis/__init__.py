"""Analysis of a run's monitor data for the window's analysis views: plain numbers, no Qt.

One module per kind of analysis, each a set of pure functions of numpy arrays (or of the
engine's `MonitorData`) that the views of `app.plots` call on the data received so far:

- `engine.project.analysis.histogram`: histograms with their bin edges;
- `engine.project.analysis.spikes`: inter-spike intervals, their CV, firing rates per neuron;
- `engine.project.analysis.spectrum`: the power spectrum of a population rate (also used by
  the sweep measure `spectrum_peak`);
- `engine.project.analysis.states`: the trajectory of two recorded variables (a phase plane)
  and the current values of a variable across its elements;
- `engine.project.analysis.selection`: a raster's selection of neurons (range, every k-th,
  sorted by rate);
- `engine.project.analysis.fi`: per-neuron parameters set by an initial-value expression
  (``v0 = v0_max*i/(N-1)``) and the rate of each neuron against them (an f–I curve);
- `engine.project.analysis.table`: an analysis' table written as CSV.
"""

from engine.project.analysis.fi import fi_curve, per_neuron_parameters, per_neuron_values
from engine.project.analysis.histogram import Histogram, histogram
from engine.project.analysis.selection import Selection, select_neurons, selected_spikes
from engine.project.analysis.spectrum import Spectrum, power_spectrum
from engine.project.analysis.spikes import (
    cv_per_neuron,
    interspike_intervals,
    rates_per_neuron,
    spike_trains,
)
from engine.project.analysis.states import current_values, phase_trajectory
from engine.project.analysis.table import write_table

__all__ = [
    "Histogram",
    "Selection",
    "Spectrum",
    "current_values",
    "cv_per_neuron",
    "fi_curve",
    "histogram",
    "interspike_intervals",
    "per_neuron_parameters",
    "per_neuron_values",
    "phase_trajectory",
    "power_spectrum",
    "rates_per_neuron",
    "select_neurons",
    "selected_spikes",
    "spike_trains",
    "write_table",
]
