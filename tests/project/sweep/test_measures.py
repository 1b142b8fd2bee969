"""The measures of a sweep's trial (`engine.project.sweep.measures`).

Each measure is checked on constructed results whose answer is known exactly (regular spike
trains, identical traces, a sinusoidal rate) or statistically (Poisson trains, independent
noise, with tolerances justified from the sample size), on undefined cases (NaN with a note),
on requests it must refuse (with the place at fault), and once on a real run against numbers
computed here directly from the monitor arrays.
"""

import itertools
import math
from typing import Any

import numpy as np
import pytest
from models import every_node_kind

from engine.project import (
    Edge,
    NeuronGroupNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
)
from engine.project.results import Provenance, RateData, Recorded, Results, SpikeData, StateData
from engine.project.runner import run
from engine.project.sweep.measures import MEASURES, Measured, MeasureError, check, compute


def provenance(simulated: float) -> Provenance:
    return Provenance(
        engine_version="0.1.0",
        seed=1,
        seed_drawn=False,
        target="numpy",
        target_used="numpy",
        dt=1e-4,
        duration=simulated,
        simulated=simulated,
        status="completed",
        wall_time=0.1,
        build_time=0.01,
        date="2026-01-01T00:00:00Z",
        numpy_version=np.__version__,
        python_version="3.11",
    )


def results(simulated: float, *monitors: SpikeData | StateData | RateData) -> Results:
    """Results of a run of ``simulated`` seconds holding ``monitors`` (the project is not read)."""
    return Results(Project(), provenance(simulated), {m.name: m for m in monitors})


def spikes(i, t, size: int, name: str = "spikes", source: str = "G") -> SpikeData:
    return SpikeData(
        "id-" + name,
        name,
        source,
        size,
        i=np.asarray(i, dtype=np.int32),
        t=np.asarray(t, dtype=np.float64),
    )


def states(values, unit: str = "V", variable: str = "v", name: str = "trace") -> StateData:
    values = np.asarray(values, dtype=np.float64)
    return StateData(
        "id-" + name,
        name,
        "G",
        values.shape[0],
        t=np.arange(values.shape[1]) * 1e-4,
        record=np.arange(values.shape[0], dtype=np.int32),
        variables={variable: Recorded(values, unit)},
    )


def rates(rate, dt: float = 1e-4, name: str = "rate") -> RateData:
    rate = np.asarray(rate, dtype=np.float64)
    return RateData("id-" + name, name, "G", 100, t=np.arange(len(rate)) * dt, rate=rate)


def measure(res: Results, name: str, node: str, **options) -> Measured:
    return compute(res, {"measure": name, "node": node, **options})


def value_unit(measured: Measured) -> tuple[Any, str]:
    return measured.value, measured.unit


# -- spikes -------------------------------------------------------------------------------------

# Regular trains: 4 neurons of a group of 5 (neuron 4 is silent), each firing every 2**-7 s
# (7.8125 ms, 128 Hz) from its own offset, for exactly 1 s. Powers of two are exact in binary,
# so every interval is exactly the same float and the CV is exactly 0.
PERIOD = 2.0**-7
REGULAR = [
    (k, offset * 2.0**-10 + n * PERIOD) for k, offset in enumerate((0, 1, 2, 5)) for n in range(128)
]


def regular() -> Results:
    i, t = zip(*sorted(REGULAR, key=lambda s: s[1]), strict=True)
    return results(1.0, spikes(i, t, size=5))


def test_count_and_rate_of_regular_trains_are_exact():
    res = regular()
    assert measure(res, "spike_count", "spikes") == Measured(512.0, "1")
    # 512 spikes / (5 neurons x 1 s): the silent neuron counts in the group's size.
    assert measure(res, "mean_rate", "spikes") == Measured(512 / 5, "Hz")


def test_cv_of_regular_trains_is_exactly_zero():
    assert measure(regular(), "cv_isi", "spikes") == Measured(0.0, "1")


def test_fano_factor_of_regular_trains_is_exactly_zero():
    # 2**-3 s windows hold exactly 16 periods: every neuron fires 16 times in each window.
    value = measure(regular(), "fano_factor", "spikes", window=2.0**-3)
    assert value == Measured(0.0, "1")


def test_a_group_name_means_its_first_monitor_of_the_kind():
    res = regular()
    assert measure(res, "spike_count", "G") == measure(res, "spike_count", "spikes")


def test_a_request_in_the_form_of_a_sweep_definition():
    # `MeasureRef.model_dump()`: the options nested, an empty variable for none.
    res = regular()
    request = {
        "measure": "fano_factor",
        "node": "G",
        "variable": "",
        "options": {"window": "125*ms"},
    }
    assert compute(res, request) == Measured(0.0, "1")
    with pytest.raises(MeasureError, match="given twice") as caught:
        compute(res, {**request, "window": 0.125})
    assert caught.value.option == "window"


def poisson(seed: int, neurons: int = 50, rate: float = 20.0, duration: float = 100.0) -> Results:
    """Independent Poisson trains (exponential intervals) of ``neurons`` neurons."""
    rng = np.random.default_rng(seed)
    i, t = [], []
    for k in range(neurons):
        times = np.cumsum(rng.exponential(1 / rate, int(rate * duration * 1.5)))
        times = times[times < duration]
        i.append(np.full(len(times), k))
        t.append(times)
    order = np.argsort(np.concatenate(t), kind="stable")
    return results(
        duration, spikes(np.concatenate(i)[order], np.concatenate(t)[order], size=neurons)
    )


def test_poisson_trains_have_cv_and_fano_factor_near_one():
    res = poisson(seed=2026)
    # 50 neurons x ~2000 intervals: the mean CV's standard deviation is about
    # 1/sqrt(100000) = 0.003 (0.0033 measured over 30 seeds); 0.02 is 6 of them.
    assert measure(res, "cv_isi", "spikes").value == pytest.approx(1.0, abs=0.02)
    # 1000 windows of 100 ms, ~2 spikes each: each neuron's F has a standard deviation of about
    # sqrt(2/1000) = 0.045, the mean over 50 neurons 0.0063 (0.0061 measured over 30 seeds);
    # 0.03 is about 5 of them.
    assert measure(res, "fano_factor", "spikes", window="100*ms").value == pytest.approx(
        1.0, abs=0.03
    )
    # The rate is that of the process: 20 Hz within the count's Poisson error (sqrt(100000)
    # spikes of 100000, 0.3%); 2% is 6 of them.
    assert measure(res, "mean_rate", "spikes").value == pytest.approx(20.0, rel=0.02)


def test_no_spike_gives_nan_with_a_note_not_an_error():
    res = results(1.0, spikes([], [], size=3))
    assert measure(res, "spike_count", "spikes").value == 0.0
    assert measure(res, "mean_rate", "spikes").value == 0.0  # defined: the group was silent
    for name in ("cv_isi", "fano_factor"):
        value = measure(res, name, "spikes")
        assert math.isnan(value.value)
        assert not value.defined
        assert value.note


def test_a_neuron_needs_two_intervals_for_a_cv():
    one = measure(results(1.0, spikes([0], [0.5], size=3)), "cv_isi", "spikes")
    assert math.isnan(one.value)
    assert "3 spikes" in one.note
    # Two spikes give one interval: its CV would be 0 by construction, so still undefined.
    two = measure(results(1.0, spikes([0, 0], [0.2, 0.5], size=3)), "cv_isi", "spikes")
    assert math.isnan(two.value)


def test_fano_factor_needs_two_windows():
    value = measure(results(0.15, spikes([0], [0.01], size=1)), "fano_factor", "spikes")
    assert math.isnan(value.value)
    assert "2 windows" in value.note
    # A run of exactly 2 windows is enough: one spike in the first gives counts (1, 0),
    # variance 0.5 (ddof=1) over mean 0.5.
    value = measure(results(0.2, spikes([0], [0.01], size=1)), "fano_factor", "spikes")
    assert value.value == pytest.approx(1.0, abs=1e-12)


def test_rate_of_a_run_with_no_time_is_nan():
    value = measure(results(0.0, spikes([], [], size=3)), "mean_rate", "spikes")
    assert math.isnan(value.value)
    assert value.note


# -- state variables ----------------------------------------------------------------------------


def test_identical_traces_have_synchrony_one():
    trace = np.sin(np.linspace(0, 20, 1000)) * 1e-3 - 0.065
    value = measure(results(0.1, states(np.tile(trace, (6, 1)))), "synchrony", "trace")
    assert value.value == pytest.approx(1.0, abs=1e-9)  # rounding of the means only


def test_independent_noise_has_synchrony_one_over_root_n():
    neurons, samples = 100, 20000
    noise = np.random.default_rng(21).normal(-0.06, 0.002, (neurons, samples))
    value = measure(results(2.0, states(noise)), "synchrony", "trace", variable="v")
    # chi^2 = Var(mean) / mean Var = 1/N in expectation. The numerator is a variance estimated
    # from 20000 independent samples: relative standard deviation sqrt(2/20000) = 1%, so 0.5%
    # on chi; the denominator, from 2e6 samples, is exact in comparison. 3% is 6 of them.
    assert value.value * math.sqrt(neurons) == pytest.approx(1.0, abs=0.03)


def test_synchrony_is_undefined_for_one_element_or_constant_traces():
    one = measure(results(0.1, states(np.ones((1, 50)))), "synchrony", "trace")
    assert math.isnan(one.value)
    assert "2 recorded elements" in one.note
    flat = measure(results(0.1, states(np.ones((3, 50)))), "synchrony", "trace")
    assert math.isnan(flat.value)
    assert "does not change" in flat.note


def test_mean_std_final_of_a_known_array_in_its_unit():
    # Two elements, three samples, in volts: 1, 2, 3 mV and 3, 4, 5 mV.
    res = results(0.1, states([[1e-3, 2e-3, 3e-3], [3e-3, 4e-3, 5e-3]], unit="V"))
    assert value_unit(measure(res, "mean", "trace", variable="v")) == (pytest.approx(3e-3), "V")
    # Deviations from 3 mV: -2, -1, 0, 0, 1, 2 mV: variance 10/6 mV^2 (ddof=0).
    std = measure(res, "std", "trace", variable="v")
    assert std.value == pytest.approx(math.sqrt(10 / 6) * 1e-3)
    assert std.unit == "V"
    # The last samples, 3 and 5 mV, averaged.
    assert value_unit(measure(res, "final", "trace", variable="v")) == (pytest.approx(4e-3), "V")


def test_mean_of_no_sample_is_nan_with_a_note():
    value = measure(results(0.0, states(np.zeros((2, 0)))), "final", "trace", variable="v")
    assert math.isnan(value.value)
    assert value.note
    assert value.unit == "V"


# -- population rate ----------------------------------------------------------------------------


def test_spectrum_peak_is_the_frequency_of_a_sinusoidal_rate():
    t = np.arange(10000) * 1e-4  # 1 s: the resolution is 1 Hz
    on_a_bin = measure(
        results(1.0, rates(10 + 5 * np.sin(2 * np.pi * 40 * t))), "spectrum_peak", "rate"
    )
    assert value_unit(on_a_bin) == (pytest.approx(40.0), "Hz")
    between = measure(
        results(1.0, rates(10 + 5 * np.sin(2 * np.pi * 37.3 * t))), "spectrum_peak", "rate"
    )
    assert abs(between.value - 37.3) <= 1.0  # within the resolution


def test_spectrum_peak_in_a_band():
    t = np.arange(10000) * 1e-4
    rate = 20 + 8 * np.sin(2 * np.pi * 10 * t) + 3 * np.sin(2 * np.pi * 60 * t)
    res = results(1.0, rates(rate))
    # The frequencies are k / (n dt), exact but for rounding.
    assert measure(res, "spectrum_peak", "rate").value == pytest.approx(10.0)
    assert measure(res, "spectrum_peak", "rate", min_frequency="30*Hz").value == pytest.approx(60.0)
    assert measure(res, "spectrum_peak", "rate", max_frequency=50.0).value == pytest.approx(10.0)


def test_spectrum_of_a_constant_rate_is_nan():
    value = measure(results(1.0, rates(np.full(1000, 5.0))), "spectrum_peak", "rate")
    assert math.isnan(value.value)
    assert "constant" in value.note
    short = measure(results(1.0, rates([1.0, 2.0])), "spectrum_peak", "rate")
    assert math.isnan(short.value)
    assert short.note


# -- requests refused, with their place ---------------------------------------------------------


def everything() -> Results:
    return results(1.0, spikes([0], [0.1], size=2), states(np.zeros((2, 3))), rates(np.ones(8)))


@pytest.mark.parametrize(
    ("request_", "node", "option", "words"),
    [
        ({"measure": "cv_isi", "node": "trace"}, "trace", None, "needs a SpikeMonitor"),
        ({"measure": "synchrony", "node": "spikes"}, "spikes", None, "needs a StateMonitor"),
        ({"measure": "mean_rate", "node": "nowhere"}, "nowhere", None, "no SpikeMonitor"),
        # A StateMonitor measure names its monitor, not the group (several may record it).
        ({"measure": "mean", "node": "G", "variable": "v"}, "G", None, "name the monitor"),
        ({"measure": "mean", "node": "trace", "variable": "w"}, "trace", "variable", "'w'"),
        ({"measure": "mean", "node": "trace"}, "trace", "variable", "give"),
        ({"measure": "synchrony", "node": "trace", "variable": "x"}, "trace", "variable", "'x'"),
        ({"measure": "fano_factor", "node": "spikes", "window": "5*mV"}, "spikes", "window", "V"),
        ({"measure": "fano_factor", "node": "spikes", "window": 0}, "spikes", "window", "positive"),
        ({"measure": "cv_isi", "node": "spikes", "bins": 3}, "spikes", "bins", "not an option"),
        (
            {"measure": "spectrum_peak", "node": "rate", "min_frequency": "1*ms"},
            "rate",
            "min_frequency",
            "not a frequency",
        ),
    ],
)
def test_a_wrong_request_is_refused_with_its_place(request_, node, option, words):
    with pytest.raises(MeasureError) as caught:
        compute(everything(), request_)
    error = caught.value
    assert (error.measure, error.node, error.option) == (request_["measure"], node, option)
    assert words in error.message
    assert f"measure '{request_['measure']}'" in str(error)


def test_an_unknown_measure_is_refused():
    with pytest.raises(MeasureError, match="no such measure") as caught:
        compute(everything(), {"measure": "entropy", "node": "spikes"})
    assert caught.value.measure == "entropy"


def test_the_registry_says_kind_unit_and_options():
    assert MEASURES["mean_rate"].kind == "SpikeMonitor"
    assert MEASURES["mean_rate"].unit == "Hz"
    assert MEASURES["spectrum_peak"].kind == "PopulationRateMonitor"
    assert MEASURES["synchrony"].kind == "StateMonitor"
    assert MEASURES["final"].unit is None  # the recorded variable's unit
    assert [o.name for o in MEASURES["fano_factor"].options] == ["window"]


def test_check_finds_the_same_problems_in_a_project():
    project = every_node_kind()
    check(project, {"measure": "mean_rate", "node": "G"})  # G's SpikeMonitor 'spikes'
    check(project, {"measure": "synchrony", "node": "trace"})  # records v
    check(project, {"measure": "spectrum_peak", "node": "PG"})  # PG's rate monitor
    with pytest.raises(MeasureError, match="no SpikeMonitor") as caught:
        check(project, {"measure": "cv_isi", "node": "PG"})
    assert caught.value.node == "PG"
    with pytest.raises(MeasureError, match="is a PopulationRateMonitor"):
        check(project, {"measure": "cv_isi", "node": "rate"})
    with pytest.raises(MeasureError) as caught:
        check(project, {"measure": "mean", "node": "trace", "variable": "x"})
    assert caught.value.option == "variable"


# -- a real run ---------------------------------------------------------------------------------


def small_project() -> Project:
    """Five leaky neurons driven above threshold by constant drives of their own (v0)."""
    return Project(
        run=RunSettings(duration="200*ms", seed=5, target="numpy"),
        nodes=[
            NeuronGroupNode(
                id="g",
                name="G",
                N="5",
                model="dv/dt = (v0 - v)/(10*ms) + 0.3*xi/sqrt(ms) : 1\nv0 : 1",
                threshold="v > 1",
                reset="v = 0",
                initial={"v0": "1.2 + 0.3*i", "v": "rand()"},
            ),
            SpikeMonitorNode(id="sm", name="spikes"),
            StateMonitorNode(id="st", name="trace", variables=["v"], record="True"),
            PopulationRateMonitorNode(id="pr", name="rate"),
        ],
        edges=[
            Edge(source="g", target="sm", role="record"),
            Edge(source="g", target="st", role="record"),
            Edge(source="g", target="pr", role="record"),
        ],
    )


def test_measures_of_a_real_run_agree_with_its_arrays():
    res = run(small_project())
    sp, st, pr = res["spikes"], res["trace"], res["rate"]
    assert isinstance(sp, SpikeData)
    assert isinstance(st, StateData)
    assert isinstance(pr, RateData)
    duration = res.provenance.simulated
    assert duration == pytest.approx(0.2)
    assert sp.num_spikes > 20  # the drives fire every neuron several times

    assert measure(res, "spike_count", "G").value == sp.num_spikes
    assert measure(res, "mean_rate", "G").value == pytest.approx(sp.num_spikes / (5 * duration))
    # CV from each neuron's times, written out here independently of the module.
    cvs = []
    for k in range(5):
        times = sorted(float(x) for x in sp.t[sp.i == k])
        isi = [b - a for a, b in itertools.pairwise(times)]
        if len(isi) >= 2:
            average = sum(isi) / len(isi)
            cvs.append(math.sqrt(sum((x - average) ** 2 for x in isi) / len(isi)) / average)
    assert measure(res, "cv_isi", "spikes").value == pytest.approx(sum(cvs) / len(cvs))
    # Fano factor in 20 ms windows: 10 windows, counts by neuron.
    factors = []
    for k in range(5):
        counts = np.histogram(sp.t[sp.i == k], bins=10, range=(0, 0.2))[0]
        if counts.sum():
            factors.append(counts.var(ddof=1) / counts.mean())
    fano = measure(res, "fano_factor", "spikes", window="20*ms").value
    assert fano == pytest.approx(np.mean(factors))

    v = st.variables["v"].values
    assert v.shape == (5, len(st.t))
    chi = math.sqrt(np.var(v.mean(axis=0)) / np.mean(v.var(axis=1)))
    assert measure(res, "synchrony", "trace").value == pytest.approx(chi)
    mean = measure(res, "mean", "trace", variable="v")
    assert value_unit(mean) == (pytest.approx(v.mean()), "1")
    assert measure(res, "std", "trace", variable="v").value == pytest.approx(v.std())
    assert measure(res, "final", "trace", variable="v").value == pytest.approx(v[:, -1].mean())

    # The rate's spectral peak is one of its periodogram's frequencies, in the 1/T grid.
    peak = measure(res, "spectrum_peak", "rate").value
    assert peak > 0
    assert (peak * duration) == pytest.approx(round(peak * duration))
    spectrum = np.abs(np.fft.rfft((pr.rate - pr.rate.mean()) * np.hanning(len(pr.rate)))) ** 2
    frequencies = np.fft.rfftfreq(len(pr.rate), 1e-4)
    assert peak == pytest.approx(frequencies[1:][np.argmax(spectrum[1:])])
