"""The measures of a sweep's trial: one number per measure, computed from a run's `Results`.

A sweep definition asks for each measure as ``{"measure": NAME, "node": NODE, **options}``,
or in the form of `engine.project.sweep.definition.MeasureRef` (``ref.model_dump()``:
``{"measure", "node", "variable", "options": {...}}``, an empty ``variable`` meaning none);
`compute` returns its value as a `Measured` (the number, its unit and, when the number is
NaN, why). Each measure is a pure function of one monitor's data, the time simulated and its
options: nothing else of the run is read, so a worker computes them from its own results.

The node
--------
``node`` is a node's *name* (as the project's expressions use them, e.g. ``P``), not its id:
names are what a user types on the command line and sees in the table. It is either

* the name of a monitor node of the kind the measure needs (``spikes`` for a SpikeMonitor), or
* for the measures of a SpikeMonitor or a PopulationRateMonitor, the name of the group it
  records (``P``): the group's first monitor of that kind, in the project's order, is used,
  so that a sweep can say "the mean rate of P" without naming a monitor. A StateMonitor
  measure names its monitor: several often record one group (different variables, elements).

A monitor of the wrong kind, a group no monitor of that kind records, or a recorded variable
the monitor does not have, are refused with a `MeasureError` carrying the measure, the node
and the option at fault; `check` finds the same problems in a project before it is run.

Undefined values
----------------
A value that is not defined for the data (a CV of inter-spike intervals without a neuron that
fired three times, a spectrum of a constant rate...) is NaN, never an exception: `Measured.note`
says why, in words, and is empty for a defined value.

=================  ===========================  ===========================================
measure            monitor kind (options)       definition
=================  ===========================  ===========================================
``spike_count``    SpikeMonitor                 the number of spikes recorded
``mean_rate``      SpikeMonitor                 spikes / (N × T), in Hz: N the recorded
                                                group's size, T the time simulated
``cv_isi``         SpikeMonitor                 the mean over neurons with ≥ 2 inter-spike
                                                intervals of std(ISI) / mean(ISI)
``fano_factor``    SpikeMonitor (``window``)    the mean over neurons that fired of the
                                                variance / mean of their spike counts in
                                                consecutive windows
``synchrony``      StateMonitor (``variable``)  Golomb's χ of the recorded elements
``spectrum_peak``  PopulationRateMonitor        the frequency of the largest peak of the
                   (``min_frequency``,          rate's power spectrum, 0 Hz excluded
                   ``max_frequency``)
``mean``           StateMonitor (``variable``)  the mean of every sample of every element
``std``            StateMonitor (``variable``)  the standard deviation of those samples
``final``          StateMonitor (``variable``)  the mean over elements of the last sample
=================  ===========================  ===========================================

The docstring of each function gives the exact definition and why it was chosen.
Option values are numbers in SI base units (seconds, hertz) or text with a unit
(``"10*ms"``), read by the engine's constant evaluator (nothing typed is executed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.equations import evaluate_constant
from engine.project.analysis.spectrum import SpectrumError, power_spectrum
from engine.project.document import MONITOR_KINDS, Project
from engine.project.errors import ProjectError
from engine.project.monitor_data import MonitorData, RateData, SpikeData, StateData
from engine.project.results import Results
from engine.units import Hz, get_unit_for_display, second
from engine.units.quantity import get_dimensions, have_same_dimensions

__all__ = [
    "MEASURES",
    "MeasureError",
    "MeasureSpec",
    "Measured",
    "OptionSpec",
    "check",
    "compute",
    "cv_isi",
    "fano_factor",
    "final",
    "mean",
    "mean_rate",
    "spectrum_peak",
    "spike_count",
    "std",
    "synchrony",
]


@dataclass(frozen=True)
class Measured:
    """The value of one measure of one trial.

    Attributes
    ----------
    value
        The number, in `unit` (SI base units); NaN when it is not defined for the data.
    unit
        The display string of its unit (``"Hz"``, ``"V"``, ``"1"`` for a pure number).
    note
        Why `value` is NaN (empty when it is defined).
    """

    value: float
    unit: str = "1"
    note: str = ""

    @property
    def defined(self) -> bool:
        """Whether `value` is a number (not NaN)."""
        return not math.isnan(self.value)


class MeasureError(ProjectError, ValueError):
    """A measure that cannot be computed as asked: its place and what is wrong.

    Attributes
    ----------
    measure
        The measure's name as asked.
    node
        The node asked for (None when the request has none).
    option
        The option at fault (None when it is the measure or the node).
    message
        What is wrong.
    """

    def __init__(
        self, message: str, measure: str, node: str | None = None, option: str | None = None
    ) -> None:
        self.message = message
        self.measure = measure
        self.node = node
        self.option = option
        super().__init__(str(self))

    def __str__(self) -> str:
        place = [f"measure '{self.measure}'"]
        place += [f"node '{self.node}'"] if self.node is not None else []
        place += [f"option '{self.option}'"] if self.option is not None else []
        return f"{', '.join(place)}: {self.message}"


@dataclass(frozen=True)
class OptionSpec:
    """An option of a measure.

    Attributes
    ----------
    name
        Its key in the request.
    kind
        ``"time"`` (seconds), ``"frequency"`` (hertz) or ``"variable"`` (the name of a
        variable the monitor records).
    default
        Its value when the request does not give it (None: the option must be given).
    doc
        What it is, in words.
    """

    name: str
    kind: str
    default: float | str | None
    doc: str


@dataclass(frozen=True)
class MeasureSpec:
    """A measure in the registry `MEASURES`.

    Attributes
    ----------
    name
        Its name in sweep definitions.
    kind
        The kind of monitor node it reads (``"SpikeMonitor"``, ``"StateMonitor"``,
        ``"PopulationRateMonitor"``).
    function
        Called as ``function(data, duration, **options)`` with the monitor's data, the time
        simulated in seconds and every option (defaults filled in).
    unit
        The unit of its values (``"Hz"``; ``"1"`` for a pure number), or None when it is the
        unit of the recorded variable (`mean`, `std`, `final`).
    options
        Its options.
    doc
        One line saying what it is (for a column's tooltip or the command line's help).
    """

    name: str
    kind: str
    function: Callable[..., Measured]
    unit: str | None
    options: tuple[OptionSpec, ...]
    doc: str


# -- spikes -------------------------------------------------------------------------------------


def spike_count(data: SpikeData, duration: float) -> Measured:
    """Return the number of spikes recorded (as a float, like every measure)."""
    return Measured(float(data.num_spikes), "1")


def mean_rate(data: SpikeData, duration: float) -> Measured:
    """Return the mean firing rate per neuron: spikes / (N × T), in Hz.

    N is the size of the recorded group (every neuron counts, silent or not) and T the time
    simulated (``duration``), so that the rate of a stopped run is that of the time it ran.
    """
    if data.source_size <= 0:
        return Measured(math.nan, "Hz", f"the group '{data.source}' has no neurons")
    if duration <= 0:
        return Measured(math.nan, "Hz", "no time was simulated")
    return Measured(data.num_spikes / (data.source_size * duration), "Hz")


def _trains(data: SpikeData) -> list[np.ndarray]:
    """Return each neuron's spike times, sorted, for the neurons that fired."""
    if not len(data.i):
        return []
    order = np.lexsort((data.t, data.i))  # by neuron, then by time
    i, t = data.i[order], data.t[order]
    return np.split(t, np.flatnonzero(np.diff(i)) + 1)


def cv_isi(data: SpikeData, duration: float) -> Measured:
    """Return the mean over neurons of the coefficient of variation of inter-spike intervals.

    For each neuron with at least 2 intervals (3 spikes), CV = std(ISI) / mean(ISI), the
    standard deviation with ``ddof=0`` (the usual definition in spike train analysis, e.g.
    Softky & Koch 1993: 0 for a regular train, 1 for a Poisson process); the measure is the
    unweighted mean over those neurons, so each neuron's irregularity counts once whatever its
    rate. A neuron with a single interval is left out: its CV would be 0 by construction, not
    because it fires regularly. NaN when no neuron has 2 intervals.
    """
    cvs = []
    for train in _trains(data):
        if len(train) >= 3:
            isi = np.diff(train)
            average = float(np.mean(isi))
            if average > 0:
                cvs.append(float(np.std(isi)) / average)
    if not cvs:
        return Measured(math.nan, "1", "no neuron has 2 inter-spike intervals (3 spikes)")
    return Measured(float(np.mean(cvs)), "1")


def fano_factor(data: SpikeData, duration: float, window: float = 0.1) -> Measured:
    """Return the mean over neurons of the Fano factor of their spike counts in time windows.

    The time simulated is cut into K = floor(T / window) consecutive windows from 0 (the rest,
    shorter than a window, is left out so that every count is over the same time). For each
    neuron that fired in them, F = var / mean of its K counts (the variance with ``ddof=1``,
    unbiased, so that F is 1 on average for a Poisson process at any K); the measure is the
    mean of F over those neurons. This is the single-neuron count variability of the
    literature (1 for Poisson firing, below 1 for regular firing); correlations between
    neurons are what `synchrony` measures. NaN with fewer than 2 windows or no spike in them.

    The default window, 100 ms, is long against the intervals of neurons firing at a few Hz:
    in windows much shorter than the interval a neuron's counts are almost all 0 or 1, and F
    is then close to 1 - rate × window whatever the process, saying nothing of irregularity.
    """
    if not window > 0:
        raise ValueError("the window must be a positive time")
    windows = math.floor(duration / window + 1e-9)  # a duration of exactly K windows is K
    if windows < 2:
        return Measured(
            math.nan, "1", f"the run ({duration:g} s) is shorter than 2 windows of {window:g} s"
        )
    inside = data.t < windows * window
    # The same tolerance as for K: a spike at a window's start (a multiple of dt, rounded)
    # belongs to that window, not to the one before.
    bins = np.minimum((data.t[inside] / window + 1e-9).astype(np.int64), windows - 1)
    size = max(data.source_size, int(data.i.max()) + 1 if len(data.i) else 0)
    counts = np.zeros((size, windows))
    np.add.at(counts, (data.i[inside], bins), 1)
    fired = counts.sum(axis=1) > 0
    if not fired.any():
        return Measured(math.nan, "1", "no spike in the windows")
    counts = counts[fired]
    factors = counts.var(axis=1, ddof=1) / counts.mean(axis=1)
    return Measured(float(np.mean(factors)), "1")


# -- state variables ----------------------------------------------------------------------------


def _values(data: StateData, variable: str) -> tuple[np.ndarray, str]:
    recorded = data.variables[variable]  # checked by `compute`
    return np.asarray(recorded.values, dtype=np.float64), recorded.unit


def synchrony(data: StateData, duration: float, variable: str = "v") -> Measured:
    """Return Golomb's synchrony measure χ of a recorded variable (usually ``v``).

    χ² = Var_t(mean_i V_i(t)) / mean_i Var_t(V_i(t)) over the recorded elements i and the
    samples t (variances over time, ``ddof=0``): 1 when every element follows the same trace,
    about 1/√N for N independent ones (Golomb & Rinzel 1993; Golomb 2007, Scholarpedia
    "Neuronal synchrony measures"). NaN with fewer than 2 elements or 2 samples, or when no
    element's value changes.
    """
    values, _ = _values(data, variable)
    if values.shape[0] < 2:
        return Measured(math.nan, "1", "χ needs at least 2 recorded elements")
    if values.shape[1] < 2:
        return Measured(math.nan, "1", "χ needs at least 2 samples")
    individual = float(np.mean(np.var(values, axis=1)))
    if not individual > 0:
        return Measured(math.nan, "1", f"'{variable}' does not change in any recorded element")
    population = float(np.var(np.mean(values, axis=0)))
    return Measured(math.sqrt(population / individual), "1")


def _samples(data: StateData, variable: str, what: str) -> tuple[np.ndarray, str, str]:
    values, unit = _values(data, variable)
    note = "" if values.size else f"no sample of '{variable}' was recorded: no {what}"
    return values, unit, note


def mean(data: StateData, duration: float, variable: str) -> Measured:
    """Return the mean of a recorded variable over every element and sample, in its unit."""
    values, unit, note = _samples(data, variable, "mean")
    return Measured(float(np.mean(values)) if values.size else math.nan, unit, note)


def std(data: StateData, duration: float, variable: str) -> Measured:
    """Return the standard deviation (``ddof=0``) of every sample of every recorded element.

    The samples are pooled: the spread across elements and over time together.
    """
    values, unit, note = _samples(data, variable, "standard deviation")
    return Measured(float(np.std(values)) if values.size else math.nan, unit, note)


def final(data: StateData, duration: float, variable: str) -> Measured:
    """Return the mean over recorded elements of the variable's last sample, in its unit."""
    values, unit, note = _samples(data, variable, "final value")
    return Measured(float(np.mean(values[:, -1])) if values.size else math.nan, unit, note)


# -- population rate ----------------------------------------------------------------------------


def spectrum_peak(
    data: RateData, duration: float, min_frequency: float = 0.0, max_frequency: float = math.inf
) -> Measured:
    """Return the frequency of the largest peak of the population rate's power spectrum.

    The spectrum is `engine.project.analysis.spectrum.power_spectrum`: the periodogram of the
    rate minus its mean, with a Hann window, whose **resolution is 1 / (n dt), the inverse of
    the time recorded** (1 Hz for 1 s). The largest
    value over the frequencies above 0 Hz (the mean removed) and within [``min_frequency``,
    ``max_frequency``] gives the peak. NaN with fewer than 4 samples, no frequency in the
    range, or a constant rate.
    """
    try:
        spectrum = power_spectrum(data.t, data.rate)
    except SpectrumError as error:
        return Measured(math.nan, "Hz", str(error))
    frequencies = spectrum.frequencies
    band = (frequencies > 0) & (frequencies >= min_frequency) & (frequencies <= max_frequency)
    if not band.any():
        return Measured(
            math.nan,
            "Hz",
            f"no frequency of the spectrum (resolution {frequencies[1]:g} Hz, up to "
            f"{frequencies[-1]:g} Hz) lies between {min_frequency:g} and {max_frequency:g} Hz",
        )
    peak = spectrum.peak(min_frequency, max_frequency)
    if peak is None:
        return Measured(math.nan, "Hz", "the rate is constant: its spectrum has no peak")
    return Measured(peak, "Hz")


# -- the registry -------------------------------------------------------------------------------

_VARIABLE = OptionSpec("variable", "variable", None, "the recorded variable")

#: Every measure, by name.
MEASURES: dict[str, MeasureSpec] = {
    spec.name: spec
    for spec in (
        MeasureSpec("spike_count", "SpikeMonitor", spike_count, "1", (), "number of spikes"),
        MeasureSpec("mean_rate", "SpikeMonitor", mean_rate, "Hz", (), "mean rate per neuron"),
        MeasureSpec("cv_isi", "SpikeMonitor", cv_isi, "1", (), "mean CV of inter-spike intervals"),
        MeasureSpec(
            "fano_factor",
            "SpikeMonitor",
            fano_factor,
            "1",
            (OptionSpec("window", "time", 0.1, "the width of the counting windows"),),
            "mean Fano factor of spike counts",
        ),
        MeasureSpec(
            "synchrony",
            "StateMonitor",
            synchrony,
            "1",
            (OptionSpec("variable", "variable", "v", "the recorded variable"),),
            "Golomb's synchrony χ",
        ),
        MeasureSpec(
            "spectrum_peak",
            "PopulationRateMonitor",
            spectrum_peak,
            "Hz",
            (
                OptionSpec("min_frequency", "frequency", 0.0, "the lowest frequency searched"),
                OptionSpec("max_frequency", "frequency", math.inf, "the highest one"),
            ),
            "frequency of the rate's spectral peak",
        ),
        MeasureSpec("mean", "StateMonitor", mean, None, (_VARIABLE,), "mean of a variable"),
        MeasureSpec("std", "StateMonitor", std, None, (_VARIABLE,), "std of a variable"),
        MeasureSpec("final", "StateMonitor", final, None, (_VARIABLE,), "final mean of a variable"),
    )
}

_UNITS = {"time": (second, "100*ms"), "frequency": (Hz, "40*Hz")}


def _spec(measure: str, node: str | None) -> MeasureSpec:
    spec = MEASURES.get(measure)
    if spec is None:
        known = ", ".join(MEASURES)
        raise MeasureError(f"there is no such measure (measures: {known})", measure, node)
    return spec


def _options(spec: MeasureSpec, node: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Return every option's value (defaults filled in; times and frequencies as floats)."""
    unknown = [key for key in given if key not in {o.name for o in spec.options}]
    if unknown:
        allowed = ", ".join(o.name for o in spec.options) or "none"
        raise MeasureError(
            f"not an option of this measure (options: {allowed})", spec.name, node, unknown[0]
        )
    values: dict[str, Any] = {}
    for option in spec.options:
        value = given.get(option.name, option.default)
        if value is None:
            raise MeasureError(f"give {option.doc}", spec.name, node, option.name)
        values[option.name] = _option_value(spec, node, option, value)
    return values


def _option_value(spec: MeasureSpec, node: str, option: OptionSpec, value: Any) -> Any:
    def error(message: str) -> MeasureError:
        return MeasureError(message, spec.name, node, option.name)

    if option.kind == "variable":
        if not isinstance(value, str) or not value.isidentifier():
            raise error(f"{value!r} is not the name of a variable")
        return value
    unit, symbol = _UNITS[option.kind]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise error(f"{value!r} is not a {option.kind} (write it as e.g. '{symbol}')")
    if isinstance(value, str):
        try:
            quantity = evaluate_constant(value)
        except ValueError as problem:  # ModelError and its subclasses
            raise error(f"'{value}' cannot be read: {problem}") from None
        if not have_same_dimensions(quantity, unit):
            raise error(
                f"'{value}' is not a {option.kind} (its unit is "
                f"{get_unit_for_display(get_dimensions(quantity))}): write it as e.g. '{symbol}'"
            )
        value = float(np.asarray(quantity, dtype=np.float64))
    number = float(value)
    lowest_allowed_zero = option.kind == "frequency"
    if math.isnan(number) or number < 0 or (number == 0 and not lowest_allowed_zero):
        raise error(f"{value!r} must be a positive {option.kind}")
    if math.isinf(number) and option.kind != "frequency":
        raise error(f"{value!r} must be a finite {option.kind}")
    return number


def _resolve(spec: MeasureSpec, node: str, monitors: list[tuple[str, str, str, Any]]) -> Any:
    """Return the monitor ``node`` names among ``(name, kind, recorded node, monitor)``."""
    for name, kind, _, monitor in monitors:
        if name == node:
            if kind != spec.kind:
                raise MeasureError(
                    f"'{node}' is a {kind}; this measure needs a {spec.kind}", spec.name, node
                )
            return monitor
    if spec.kind != "StateMonitor":  # several StateMonitors may record a group: name one
        for _, kind, source, monitor in monitors:
            if kind == spec.kind and source == node:
                return monitor
        what = f"no {spec.kind} is called '{node}' or records a node called '{node}'"
    else:
        what = f"no StateMonitor is called '{node}' (name the monitor, not the group)"
    raise MeasureError(what, spec.name, node)


def _monitor(results: Results, spec: MeasureSpec, node: str) -> MonitorData:
    """Return the data of the monitor ``node`` names (see the module's "The node")."""
    monitors = [(d.name, d.kind, d.source, d) for d in results.monitors.values()]
    data: MonitorData = _resolve(spec, node, monitors)
    return data


def compute(results: Results, request: Mapping[str, Any]) -> Measured:
    """Return the value of one measure of a run.

    Parameters
    ----------
    results
        The run's results; the time simulated is ``results.provenance.simulated``.
    request
        ``{"measure": NAME, "node": NODE, **options}``, or a sweep definition's
        ``MeasureRef.model_dump()`` (see the module's docstring for the node and the options).

    Raises
    ------
    MeasureError
        If the measure, the node or an option is not one this run can give: an unknown
        measure or option, a node that is not a monitor of the kind needed nor a group one
        records, a variable the monitor does not record, an option of the wrong unit. Data
        for which the value is undefined give NaN (see `Measured.note`), not an error.
    """
    measure, node, given = _split(request)
    spec = _spec(measure, node)
    options = _options(spec, node, given)
    data = _monitor(results, spec, node)
    variable = options.get("variable")
    if variable is not None and variable not in getattr(data, "variables", {}):
        recorded = ", ".join(getattr(data, "variables", {})) or "none"
        raise MeasureError(
            f"the monitor '{data.name}' does not record '{variable}' (it records: {recorded})",
            measure,
            node,
            "variable",
        )
    result: Measured = spec.function(data, results.provenance.simulated, **options)
    return result


def _split(request: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """Return the measure, the node and the options of a request (either form)."""
    measure = request.get("measure")
    if not isinstance(measure, str):
        raise MeasureError("the request names no measure ('measure')", repr(measure))
    node = request.get("node")
    if not isinstance(node, str) or not node:
        raise MeasureError("the request names no node ('node')", measure)
    given = {k: v for k, v in request.items() if k not in ("measure", "node", "options")}
    if given.get("variable") == "":  # `MeasureRef`'s "no variable"
        del given["variable"]
    nested = request.get("options", {})
    if not isinstance(nested, Mapping):
        raise MeasureError("'options' is not a mapping of option names to values", measure, node)
    for key, value in nested.items():
        if key in given:
            raise MeasureError(
                "given twice (in the request and in its options)", measure, node, key
            )
        given[key] = value
    return measure, node, given


def check(project: Project, request: Mapping[str, Any]) -> None:
    """Check a measure against a project before any run.

    The same problems `compute` refuses are found from the document: the measure and its
    options, the node (a monitor of the kind needed, or a group one records) and the variable
    (one the monitor node records).

    Raises
    ------
    MeasureError
        As `compute` does.
    """
    measure, node, given = _split(request)
    spec = _spec(measure, node)
    options = _options(spec, node, given)
    monitor = _monitor_node(project, spec, node)
    variable = options.get("variable")
    if variable is not None and variable not in getattr(monitor, "variables", []):
        recorded = ", ".join(getattr(monitor, "variables", [])) or "none"
        raise MeasureError(
            f"the monitor '{monitor.name}' does not record '{variable}' (it records: {recorded})",
            measure,
            node,
            "variable",
        )


def _monitor_node(project: Project, spec: MeasureSpec, node: str) -> Any:
    """Return the monitor node ``node`` names in ``project`` (see the module's "The node")."""
    monitors = []
    for n in project.nodes:
        if n.kind in MONITOR_KINDS:
            sources = project.sources(n.id, "record")
            monitors.append((n.name, n.kind, sources[0].name if sources else "", n))
    return _resolve(spec, node, monitors)
