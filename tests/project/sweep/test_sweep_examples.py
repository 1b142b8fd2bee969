"""The sweeps of the bundled examples: valid, of the size their notes give, showing what they say.

The examples and their sweeps are written by ``scripts/make_examples.py`` (``tests/examples``
checks that the bundled files are what it writes). Trials are run here in this process with
`run_trial` — the task a Dask worker runs, given the same plain data — rather than on a cluster:
what a trial gives does not depend on where it runs (``test_sweep_run.py`` checks that against
real workers), and starting a cluster would cost more than the few trials run here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.project import load, validate
from engine.project.document import Project
from engine.project.fileio import dumps
from engine.project.sweep import Sweep, Trial, trials
from engine.project.sweep.run import run_trial
from engine.project.sweep.table import measure_label

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

#: (example, sweep): the parameters with their values (numbers, and the unit written into the
#: project), the number of trials (points × repeats) and the measures' column labels.
SWEEPS = {
    ("lif_fi_curve", "drive"): (
        {"v0_max": ([5.0 * k for k in range(13)], "mV")},  # 0 to 60 mV
        13,
        ["mean_rate(neurons)"],
    ),
    ("hodgkin_huxley", "current"): (
        {"I_max": ([0.02 * 10 ** (k / 5) for k in range(11)], "nA")},  # 0.02 to 2 nA, log
        11,
        ["mean_rate(neurons)", "cv_isi(neurons)"],
    ),
    ("brunel_2000", "phase_diagram"): (
        {"g": ([3.0, 4.0, 5.0, 6.0], ""), "nu_ext_over_nu_thr": ([1.0, 2.0, 3.0, 4.0], "")},
        32,  # 4 × 4 points, 2 repeats each
        [
            "mean_rate(neurons)",
            "cv_isi(neurons)",
            "synchrony(trace.v)",
            "spectrum_peak(rate; min_frequency=10*Hz)",
        ],
    ),
}


def example(name: str) -> Project:
    return load(EXAMPLES / f"{name}.spikecanvas")


def sweep_of(project: Project, name: str) -> Sweep:
    (found,) = [s for s in project.sweeps if s.name == name]
    return found


def run_point(project: Project, sweep: Sweep, values: dict[str, str]) -> list[float]:
    """Run the first trial of the point with ``values``; return its measures' values."""
    (trial,) = [
        t
        for t in trials(sweep, project)
        if t.point.as_dict() == values and t.repeat == 0  # one trial per point suffices
    ]
    return run_one(project, sweep, trial)


def run_one(project: Project, sweep: Sweep, trial: Trial) -> list[float]:
    requests = [ref.model_dump() for ref in sweep.measures]
    answer = run_trial(dumps(project), trial.point.values, trial.seed, requests)
    assert answer["status"] == "completed", answer["error"]
    return [value for value, _, _ in answer["measures"]]


# -- every example's sweep --------------------------------------------------------------------


def test_the_examples_with_sweeps_are_those_listed_here():
    with_sweeps = {
        (path.stem, sweep.name)
        for path in EXAMPLES.glob("*.spikecanvas")
        for sweep in load(path).sweeps
    }
    assert with_sweeps == set(SWEEPS)


@pytest.mark.parametrize(("name", "sweep_name"), list(SWEEPS))
def test_each_example_sweep_validates_and_expands_to_its_trials(name, sweep_name):
    project = example(name)
    values, count, labels = SWEEPS[name, sweep_name]
    assert validate(project) == []  # sweeps are checked by the project's validation
    sweep = sweep_of(project, sweep_name)
    planned = trials(sweep, project)
    assert len(planned) == count
    assert [ref.measure for ref in sweep.measures]  # every sweep collects something
    assert [measure_label(ref) for ref in sweep.measures] == labels
    for parameter, (numbers, unit) in values.items():
        texts = sorted({dict(t.point.values)[parameter] for t in planned}, key=number_of)
        assert {text.partition("*")[2] for text in texts} == {unit}
        # A log range's values are computed: equal to the last bits of a double.
        assert [number_of(text) for text in texts] == pytest.approx(numbers, rel=1e-12)
    # Seeds derived from the project's run seed: the sweep gives the same numbers every time.
    assert all(t.seed is not None for t in planned)
    assert len({t.seed for t in planned}) == count


def number_of(text: str) -> float:
    """The number of a value's text (``"0.5*mV"`` -> 0.5)."""
    return float(text.partition("*")[0])


@pytest.mark.parametrize(("name", "sweep_name"), list(SWEEPS))
def test_each_example_says_what_its_sweep_shows_and_how_to_run_it(name, sweep_name):
    project = example(name)
    command = f"spikecanvas sweep examples/{name}.spikecanvas --sweep {sweep_name} --out "
    assert command in project.notes
    assert "Run → Sweep…" in project.notes
    assert len(sweep_of(project, sweep_name).notes) > 80


# -- what the sweeps show -----------------------------------------------------------------------


def lif_mean_rate(v0_max: float) -> tuple[float, float]:
    """The lowest and highest mean rate of the LIF example's neurons with drives up to v0_max.

    As in ``tests/examples``: a neuron with drive v0 > Vt first fires after one climb from
    the reset, tau·ln(v0/(v0 − Vt)), then once per refractory period plus climb; a spike
    stamped at the start of its step can make one spike more in the second, never one less.
    """
    tau, vt, t_ref, duration, n = 10e-3, 10e-3, 5e-3, 1.0, 100
    v0 = v0_max * np.arange(n) / (n - 1)
    above = v0 > vt
    climb = tau * np.log(v0[above] / (v0[above] - vt))
    counts = np.floor((duration - climb) / (t_ref + climb)) + 1
    return counts.sum() / n / duration, (counts.sum() + above.sum()) / n / duration


def test_the_lif_sweep_gives_a_mean_rate_that_rises_with_the_drive_as_predicted():
    project = example("lif_fi_curve")
    sweep = sweep_of(project, "drive")
    drives = [10.0, 15.0, 20.0, 40.0]  # mV: at the threshold, then above it
    rates = [run_point(project, sweep, {"v0_max": f"{d}*mV"})[0] for d in drives]
    assert rates[0] == 0.0  # no drive above the threshold Vt = 10 mV: no neuron fires
    assert rates[1] < rates[2] < rates[3]
    for drive, rate in zip(drives, rates, strict=True):
        low, high = lif_mean_rate(drive * 1e-3)
        assert low <= rate <= high, drive


def test_the_hodgkin_huxley_sweep_gives_regular_firing_faster_with_more_current():
    project = example("hodgkin_huxley")
    sweep = sweep_of(project, "current")
    points = trials(sweep, project)
    measured = [run_one(project, sweep, points[k]) for k in (0, 5, 10)]  # 0.02, 0.2, 2 nA
    rates = [rate for rate, _ in measured]
    assert rates[0] < rates[1] < rates[2]
    assert 80 <= rates[2] <= 140  # the full sweep gives 109 Hz at 2 nA
    cvs = [cv for _, cv in measured]
    # "The CV stays near 0": without noise a neuron's intervals differ only by the rounding
    # of spike times to the 0.1 ms step (the full sweep: CV ≤ 0.005).
    assert all(0 <= cv < 0.02 for cv in cvs)


@pytest.mark.slow  # two runs of a 2000-neuron network, compiled on first use
def test_the_brunel_sweep_separates_synchronous_regular_from_irregular_firing():
    project = example("brunel_2000")
    sweep = sweep_of(project, "phase_diagram")
    weak = run_point(project, sweep, {"g": "3.0", "nu_ext_over_nu_thr": "2.0"})
    strong = run_point(project, sweep, {"g": "6.0", "nu_ext_over_nu_thr": "2.0"})
    rate, cv, chi, peak = weak
    # Weak inhibition (g < 4): the rate near the refractory limit of 500 Hz, regular firing
    # (two seeds: 267 Hz, CV 0.17); the wide bounds hold for any seed of the sweep.
    assert rate > 150
    assert cv < 0.3
    rate_i, cv_i, chi_i, peak_i = strong
    # Dominant inhibition: tens of hertz, irregular (two seeds: 36 Hz, CV 0.71).
    assert 10 <= rate_i <= 80
    assert cv_i > 0.5
    assert 0 < chi_i < chi < 1  # more synchrony with weak inhibition (0.39 against 0.33)
    assert peak > peak_i > 10  # the spectral peak of the synchronous state is the faster
