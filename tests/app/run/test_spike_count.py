"""The status bar and the Run Summary count every group whose spikes are known.

The STDP example's neuron fires at tens of Hz, but only a PopulationRateMonitor records it: the
status bar said "0 spikes" and the summary was empty. Rate monitors count too now (rate × dt ×
N per step), and with no spike or rate monitor at all the status says the spikes are not
recorded instead of "0 spikes".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.run.spike_count import SpikeCounter
from app.run.status import RunStatus
from engine.project import load
from engine.project.results import RateData, SpikeData, StateData
from engine.project.runner import run

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
RUN_TIMEOUT_MS = 120_000


def spikes(name: str, source: str, count: int) -> SpikeData:
    return SpikeData(name, name, source, 10, i=np.zeros(count, np.int32), t=np.zeros(count))


def rates(name: str, source: str, t: list[float], rate: list[float], size: int = 10) -> RateData:
    return RateData(name, name, source, size, t=np.array(t), rate=np.array(rate))


def test_a_group_recorded_by_a_rate_monitor_only_is_counted_from_the_rate():
    counter = SpikeCounter()
    # 10 neurons, dt = 1 ms: a rate of 100 Hz in a step is one spike.
    counter.add({"rate": rates("rate", "G", [0.0, 0.001, 0.002], [100.0, 0.0, 300.0])})
    counter.add({"rate": rates("rate", "G", [0.003], [200.0])})
    assert counter.total == 6
    assert counter.text() == "6 spikes"


def test_a_first_chunk_of_one_sample_waits_for_its_time_step():
    counter = SpikeCounter()
    counter.add({"rate": rates("rate", "G", [0.0], [500.0])})
    assert counter.counting
    counter.add({"rate": rates("rate", "G", [0.001, 0.002], [100.0, 100.0])})
    assert counter.total == 7


def test_a_group_with_a_spike_monitor_is_counted_once_from_its_spikes():
    counter = SpikeCounter()
    counter.add(
        {
            "rate": rates("rate", "G", [0.0, 0.001], [1000.0, 1000.0]),  # 20 spikes
            "spikes": spikes("spikes", "G", 20),
            "again": spikes("again", "G", 20),  # a second spike monitor of G
            "other": spikes("other", "H", 3),
        }
    )
    counter.add({"rate": rates("rate", "G", [0.002], [500.0]), "spikes": spikes("spikes", "G", 5)})
    assert counter.total == 28


def test_without_a_spike_or_rate_monitor_the_spikes_are_said_not_recorded():
    counter = SpikeCounter()
    trace = StateData("trace", "trace", "G", 10, t=np.zeros(3))
    counter.add({"trace": trace})
    assert not counter.counting
    assert counter.text() == "spikes not recorded"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.spikecanvas")), ids=lambda path: path.stem)
def test_every_example_counts_live_what_its_summary_counts(path):
    project = load(path)
    project.run.target = "numpy"
    counter = SpikeCounter()
    results = run(
        project, lambda p: counter.add(p.data), duration="100*ms", report_period="0*second"
    )
    summary = results.summary()
    recorded = {
        project.node(edge.source).name
        for edge in project.edges
        if project.node(edge.target).kind in ("SpikeMonitor", "PopulationRateMonitor")
    }
    assert {group.group for group in summary.groups} == recorded
    assert counter.total == sum(group.spikes for group in summary.groups)
    assert counter.total > 0  # every example fires within 100 ms


def test_the_stdp_example_shows_its_spikes_in_the_status_bar_and_the_summary(
    qtbot, window, prompts
):
    prompts.example_title = load(EXAMPLES / "stdp.spikecanvas").title
    assert window.open_example_dialog()
    window.model.set_project_field("run.duration", "1*second")
    window.model.set_project_field("run.target", "numpy")
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    [group] = ended[0].summary().groups
    assert group.spikes > 10  # tens of Hz for a second
    assert window.run_status.spikes == group.spikes
    assert f"· {group.spikes:,} spikes" in window.run_status.label.text()
    [row] = window.summary.rows()
    assert row[:4] == ("neuron", "output (rate)", "1", f"{group.spikes:,}")
    assert "population rate" in window.summary.table.item(0, 3).toolTip()


def test_a_run_that_records_no_spikes_says_so(qtbot):
    status = RunStatus()
    qtbot.addWidget(status)
    project = load(EXAMPLES / "izhikevich_patterns.spikecanvas")
    project.nodes = [n for n in project.nodes if n.kind != "SpikeMonitor"]
    project.edges = [e for e in project.edges if e.target in {n.id for n in project.nodes}]
    project.run.target = "numpy"
    status.show_started("10*ms", resumed=False)
    results = run(project, status.show_progress, duration="10*ms")
    assert status.label.text().endswith("spikes not recorded")
    status.show_ended(results, "Completed")
    assert status.label.text().endswith("· spikes not recorded")
