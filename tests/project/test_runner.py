"""Running projects: reproducible seeds, progress and live data, stop requests, located errors."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from engine import rng
from engine.codegen.targets import get_target
from engine.core.clocks import defaultclock
from engine.core.preferences import prefs
from engine.project import (
    BuildError,
    Edge,
    NeuronGroupNode,
    Project,
    RunError,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    load,
)
from engine.project.build import build
from engine.project.results import Results, concatenate
from engine.project.runner import Progress, Simulation, run
from engine.units import ms

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
DURATION = "50*ms"


@pytest.fixture(scope="module")
def cuba() -> Project:
    return load(CUBA)


@pytest.fixture(scope="module")
def reported(cuba):
    """A CUBA run reporting at every time step: its progress reports and its results."""
    reports: list[Progress] = []
    results = run(cuba, reports.append, duration=DURATION, report_period="0*second")
    return reports, results


def spikes(results: Results, name: str = "spikes") -> tuple[np.ndarray, np.ndarray]:
    data = results[name]
    return data.i, data.t


def assert_same_spikes(a: Results, b: Results) -> None:
    for x, y in zip(spikes(a), spikes(b), strict=True):
        np.testing.assert_array_equal(x, y)


def test_a_run_returns_what_every_monitor_recorded(reported):
    _, results = reported
    assert list(results.monitors) == ["spikes", "trace", "rate"]
    i, t = spikes(results)
    assert len(i) > 100
    assert i.dtype == np.int32
    assert t.dtype == np.float64
    assert t.min() >= 0
    assert t.max() < 0.05
    trace = results["trace"]
    assert trace.variables["v"].values.shape == (2, 500)
    assert trace.variables["v"].unit == "V"
    np.testing.assert_array_equal(trace.record, [0, 1])
    values = trace.variables["v"].values
    assert values.min() > -0.08
    assert values.max() < -0.049  # under threshold: sampled at step starts, after resets
    rate = results["rate"]
    assert len(rate.t) == len(rate.rate) == 500
    # The population rate counts the same spikes as the spike monitor.
    assert rate.rate.sum() * 1e-4 * 4000 == pytest.approx(len(i))
    provenance = results.provenance
    assert (provenance.seed, provenance.seed_drawn, provenance.status) == (1, False, "completed")
    assert provenance.simulated == pytest.approx(0.05)
    assert provenance.duration == pytest.approx(0.05)
    # auto: compiled code where a compiler works
    assert (provenance.dt, provenance.target) == (1e-4, "auto")
    assert provenance.target_used == get_target("auto").name
    assert provenance.date.endswith("Z")
    assert results.project.run.duration == DURATION
    summary = results.summary()
    assert summary.groups[0].spikes == len(i)
    assert summary.groups[0].rate == pytest.approx(len(i) / 4000 / 0.05)


def test_reports_at_every_step_give_the_spikes_of_a_single_plain_run(cuba, reported):
    # The run with reports (and live data fetched at each of them) is one Network.run: its
    # spikes are those of build + net.run(duration) without any report.
    _, results = reported
    built = build(cuba)
    built.network.run(50 * ms, namespace=built.namespace)
    monitor = built.objects["spikes"]
    np.testing.assert_array_equal(results["spikes"].i, monitor.i)
    np.testing.assert_array_equal(results["spikes"].t, monitor.t_)
    np.testing.assert_array_equal(results["trace"].variables["v"].values, built.objects["trace"].v_)


def test_the_same_seed_gives_the_same_spikes(cuba, reported):
    _, first = reported
    second = run(cuba, duration=DURATION)
    assert_same_spikes(first, second)
    different = run(cuba, duration=DURATION, seed=2)
    assert len(spikes(different)[0]) != len(spikes(first)[0]) or not np.array_equal(
        spikes(different)[1], spikes(first)[1]
    )


def test_without_a_seed_one_is_drawn_recorded_and_reproduces_the_run(cuba):
    project = cuba.model_copy(deep=True)
    project.run.seed = None
    first = run(project, duration="20*ms")
    seed = first.provenance.seed
    assert first.provenance.seed_drawn
    assert first.project.run.seed == seed
    assert project.run.seed is None  # the project given is not changed
    again = run(project, duration="20*ms", seed=seed)
    assert not again.provenance.seed_drawn
    assert_same_spikes(first, again)
    # The project stored in the results reproduces the run on its own.
    assert_same_spikes(first, run(first.project))


def test_reports_progress_in_order_with_a_final_report(reported):
    reports, _ = reported
    assert len(reports) > 100  # one per step
    assert reports[0].fraction == 0.0
    assert reports[0].t == 0.0
    fractions = [r.fraction for r in reports]
    assert fractions == sorted(fractions)
    elapsed = [r.elapsed for r in reports]
    assert elapsed == sorted(elapsed)
    assert [r.final for r in reports] == [False] * (len(reports) - 1) + [True]
    last = reports[-1]
    assert last.fraction == 1.0
    assert last.t == pytest.approx(0.05)
    assert last.duration == pytest.approx(0.05)
    assert last.eta == 0.0
    middle = reports[len(reports) // 2]
    assert 0 < middle.fraction < 1
    assert middle.speed > 0
    assert middle.eta > 0


def test_live_data_of_all_reports_joins_into_the_final_results(reported):
    reports, results = reported
    for name, final in results.monitors.items():
        chunks = [report.data[name] for report in reports]
        assert sum(len(chunk) > 0 for chunk in chunks) > 10
        joined = concatenate(chunks)
        np.testing.assert_array_equal(joined.t, final.t)
        for key in ("i", "rate"):
            if hasattr(final, key):
                np.testing.assert_array_equal(getattr(joined, key), getattr(final, key))
        for variable, recorded in getattr(final, "variables", {}).items():
            np.testing.assert_array_equal(joined.variables[variable].values, recorded.values)


def test_a_stop_request_ends_the_run_and_keeps_what_was_recorded(cuba, reported):
    _, full = reported
    stop = threading.Event()
    reports: list[Progress] = []

    def report(progress: Progress) -> None:
        reports.append(progress)
        if progress.t >= 0.02:
            stop.set()

    stopped = run(cuba, report, duration=DURATION, stop=stop, report_period="0*second")
    provenance = stopped.provenance
    assert provenance.status == "stopped"
    assert not stopped.completed
    assert 0.02 <= provenance.simulated < 0.0205
    assert reports[-1].final
    assert reports[-1].t == provenance.simulated
    # Everything recorded so far, exactly as in the full run.
    i, t = spikes(stopped)
    assert len(i) > 0
    assert t.max() < provenance.simulated
    full_i, full_t = spikes(full)
    np.testing.assert_array_equal(i, full_i[: len(i)])
    np.testing.assert_array_equal(t, full_t[: len(t)])
    assert full_t[len(t)] >= provenance.simulated
    samples = len(stopped["trace"].t)
    assert samples == round(provenance.simulated / 1e-4)
    np.testing.assert_array_equal(
        stopped["trace"].variables["v"].values, full["trace"].variables["v"].values[:, :samples]
    )


def test_a_stop_function_works_like_an_event(cuba):
    stopped = run(cuba, duration=DURATION, stop=lambda: True)
    assert stopped.provenance.status == "stopped"
    assert stopped.provenance.simulated < 0.01


def test_a_model_that_becomes_nan_raises_a_run_error_at_its_node_with_the_data():
    project = Project(
        run=RunSettings(duration="5*ms", seed=1),
        nodes=[
            NeuronGroupNode(
                id="g",
                name="G",
                N="3",
                model="dv/dt = (1 - v)/(10*ms) + log(v - 0.5)/(10*ms) : 1",
                method="euler",
                initial={"v": "1"},
            ),
            StateMonitorNode(id="m", name="mon", variables=["v"], record="True"),
        ],
        edges=[Edge(source="g", target="m", role="record")],
    )
    reports: list[Progress] = []
    with pytest.raises(RunError) as caught:
        run(project, reports.append)
    error = caught.value
    assert (error.node_id, error.node_name, error.field, error.line) == ("g", "G", "model", 1)
    assert "'v' became NaN" in error.message
    assert not error.message.startswith("Error in")
    results = error.results
    assert results.provenance.status == "failed"
    assert "NaN" in results.provenance.error
    values = results["mon"].variables["v"].values
    assert values.shape == (3, 50)
    assert np.isnan(values[:, -1]).all()
    assert reports[-1].final  # the live data up to the failure was delivered too


def test_a_unit_error_found_when_the_run_starts_is_a_build_error_at_its_line(cuba):
    project = cuba.model_copy(deep=True)
    group = project.node("P")
    group.model = group.model.replace("dge/dt = -ge/taue : volt", "dge/dt = -ge/taue + 1*mV : volt")
    reports: list[Progress] = []
    with pytest.raises(BuildError) as caught:
        run(project, reports.append, duration="1*ms")
    error = caught.value
    assert (error.node_name, error.field, error.line) == ("P", "model", 2)
    assert "unit" in error.message.lower()
    assert reports == []  # nothing was simulated


def test_a_project_that_cannot_be_built_raises_its_build_error(cuba):
    project = cuba.model_copy(deep=True)
    project.node("P").threshold = "v > Vt +"
    with pytest.raises(BuildError) as caught:
        run(project)
    assert (caught.value.node_name, caught.value.field) == ("P", "threshold")


@pytest.mark.parametrize(
    ("duration", "message"),
    [("5*mV", "is not a time"), ("-1*ms", "not negative"), ("1*ms +", "syntax|invalid|expected")],
)
def test_an_invalid_duration_is_a_build_error_of_the_run_settings(cuba, duration, message):
    with pytest.raises(BuildError, match=message) as caught:
        run(cuba, duration=duration)
    assert (caught.value.node_id, caught.value.field) == (None, "run.duration")


def test_a_duration_may_be_a_quantity_and_use_constants(cuba):
    assert run(cuba, duration=2 * ms).provenance.simulated == pytest.approx(0.002)
    assert run(cuba, duration="0.1*taum").provenance.simulated == pytest.approx(0.002)


def test_a_run_of_duration_zero_completes_with_empty_data(cuba):
    reports: list[Progress] = []
    results = run(cuba, reports.append, duration="0*ms")
    assert results.completed
    assert len(results["spikes"]) == 0
    assert [r.final for r in reports] == [False, True]
    assert reports[-1].fraction == 1.0


def test_without_a_compiler_the_cython_target_falls_back_to_numpy_with_a_warning(cuba, monkeypatch):
    monkeypatch.setattr(
        "engine.codegen.cython.build.compiler_problem", lambda: "no C compiler found"
    )
    get_target.cache_clear()
    before = prefs.codegen.target
    with pytest.warns(RuntimeWarning, match="'cython' is not available here: no C compiler"):
        results = run(cuba, duration="1*ms", target="cython")
    get_target.cache_clear()
    assert (results.provenance.target, results.provenance.target_used) == ("cython", "numpy")
    assert results.project.run.target == "cython"
    assert prefs.codegen.target == before


def test_an_error_of_the_report_function_propagates_unchanged(cuba):
    def report(progress: Progress) -> None:
        if progress.t > 0.001:
            raise ZeroDivisionError("a bug in the report")

    before = prefs.codegen.target
    with pytest.raises(ZeroDivisionError, match="a bug in the report"):
        run(cuba, report, duration="10*ms", report_period="0*second")
    assert prefs.codegen.target == before


def test_invalid_arguments_are_refused(cuba):
    with pytest.raises(ValueError, match="Unknown target"):
        run(cuba, target="gpu")
    with pytest.raises(TypeError, match="must be a time"):
        run(cuba, duration=5)
    # Like the target, the seed is an argument: a wrong one is a ValueError (a project file
    # cannot hold one: the document refuses it).
    with pytest.raises(ValueError, match="from 0 to 4294967295"):
        run(cuba, seed=-1)
    with pytest.raises(ValueError, match="from 0 to 4294967295"):
        run(cuba, seed=2**32)


def test_results_of_a_run_round_trip_through_a_file(reported, tmp_path):
    _, results = reported
    results.save(tmp_path / "cuba.h5")
    loaded = Results.load(tmp_path / "cuba.h5")
    assert_same_spikes(results, loaded)
    assert loaded.project == results.project
    assert loaded.provenance == results.provenance
    np.testing.assert_array_equal(
        loaded["trace"].variables["v"].values, results["trace"].variables["v"].values
    )


def test_a_spike_monitor_records_variables_at_each_spike(cuba):
    project = cuba.model_copy(deep=True)
    project.nodes.append(SpikeMonitorNode(id="sv", name="spikes_v", variables=["ge"]))
    project.edges.append(Edge(source="P", target="sv", role="record"))
    results = run(project, duration="10*ms")
    data = results["spikes_v"]
    assert data.variables["ge"].unit == "V"
    assert len(data.variables["ge"].values) == len(data.i) == len(results["spikes"].i)


# -- a simulation that runs on ------------------------------------------------------------------


def test_a_simulation_run_twice_gives_the_spikes_of_one_run_of_the_whole_time(cuba):
    whole = run(cuba, duration="60*ms", seed=7)
    simulation = Simulation(cuba, seed=7)
    first = simulation.run(duration="20*ms")
    second = simulation.run(duration="40*ms")
    assert first.provenance.simulated == pytest.approx(0.02)
    assert second.provenance.simulated == pytest.approx(0.06)
    assert second.provenance.duration == pytest.approx(0.06)
    assert second.completed
    assert_same_spikes(second, whole)
    np.testing.assert_array_equal(
        second["trace"].variables["v"].values, whole["trace"].variables["v"].values
    )


def test_a_continued_run_is_not_disturbed_by_engine_use_in_between(cuba):
    """The app validates and builds other projects between runs: that must not leak in."""
    whole = run(cuba, duration="40*ms", seed=3)
    simulation = Simulation(cuba, seed=3)
    simulation.run(duration="20*ms")
    run(cuba, duration="5*ms", seed=99, report_period="0*second")  # reseeds, runs, moves dt on
    rng.generator().random(1000)
    defaultclock.dt = 0.05 * ms
    assert_same_spikes(simulation.run(duration="20*ms"), whole)


def test_a_continued_run_reports_from_where_it_starts_and_only_new_data(cuba):
    simulation = Simulation(cuba, seed=5)
    first = simulation.run(duration="20*ms")
    reports: list[Progress] = []
    second = simulation.run(reports.append, duration="10*ms", report_period="0*second")
    assert reports[0].start == pytest.approx(0.02)
    assert reports[0].t == pytest.approx(0.02)
    assert reports[-1].t == pytest.approx(0.03)
    assert reports[-1].fraction == pytest.approx(1.0)
    new = concatenate([r.data["spikes"] for r in reports])
    assert new.num_spikes == second["spikes"].num_spikes - first["spikes"].num_spikes
    np.testing.assert_array_equal(new.t, second["spikes"].t[first["spikes"].num_spikes :])
    assert second.project.run.duration == f"{0.03!r}*second"
