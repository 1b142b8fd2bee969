"""``spikecanvas run --plot``: the monitors drawn as the window's Plots panel shows them.

matplotlib is a dependency, so the plot is always drawn. Its panels are checked on the
matplotlib figure itself (`engine.project.figure.results_figure`), not on pixels: titles, axis
labels and units (membrane potentials in mV, as the window shows them), the smoothing of
rates, and which monitors are drawn. ``tests/app/plots/test_figure_matches_window.py``
compares the same figure with the window's panels.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata

import numpy as np
import pytest
from matplotlib.collections import LineCollection

from engine.project import (
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    save,
)
from engine.project.cli import EXIT_OK, main
from engine.project.figure import results_figure
from engine.project.plotting import smooth_flat
from engine.project.runner import run


def project() -> Project:
    """30 neurons driven to fire at different rates, recorded by every kind of monitor."""
    return Project(
        run=RunSettings(duration="100*ms", seed=2, target="numpy"),
        constants=[Constant(name="width", value="4*ms")],
        nodes=[
            NeuronGroupNode(
                id="g",
                name="cells",
                N="30",
                model="dv/dt = (-40*mV - v)/(5*ms + i*ms) : volt\nu : 1",
                threshold="v > -50*mV",
                reset="v = -70*mV",
                initial={"v": "-70*mV"},
            ),
            SpikeMonitorNode(id="sp", name="spikes"),
            StateMonitorNode(
                id="st",
                name="trace",
                variables=["v", "u"],
                record="True",
                plot=PlotSettings(title="Membrane potential"),
            ),
            PopulationRateMonitorNode(
                id="ra", name="rate", plot=PlotSettings(title="Rate", smoothing="width")
            ),
            SpikeMonitorNode(id="hidden", name="unseen", plot=PlotSettings(visible=False)),
        ],
        edges=[Edge(source="g", target=m, role="record") for m in ("sp", "st", "ra", "hidden")],
    )


@pytest.fixture(scope="module")
def results():
    return run(project(), lambda progress: None)


def test_matplotlib_is_a_dependency_of_spikecanvas():
    requirements = importlib.metadata.requires("spikecanvas") or []
    assert any(r.split(">")[0].split("<")[0].strip() == "matplotlib" for r in requirements)


def test_run_plot_writes_the_image(tmp_path, capsys):
    path = tmp_path / "p.spikecanvas"
    save(project(), path)
    png = tmp_path / "plot.png"
    assert main(["run", str(path), "--duration", "20ms", "--plot", str(png), "--quiet"]) == EXIT_OK
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = tmp_path / "plot.svg"
    assert main(["run", str(path), "--duration", "20ms", "--plot", str(svg), "--quiet"]) == EXIT_OK
    assert "<svg" in svg.read_text()


def test_each_shown_panel_has_the_window_s_title_and_units(results):
    axes = results_figure(results).axes
    titles = [ax.get_title() for ax in axes]
    labels = [ax.get_ylabel() for ax in axes]
    # The hidden monitor is left out; a state monitor has a plot per variable, titled once.
    assert titles == [
        "spikes",
        "Membrane potential (showing 20 of 30)",
        "",
        "Rate (smoothed over 4 ms)",
    ]
    assert labels == ["neuron", "v (mV)", "u", "rate (Hz)"]
    assert [ax.get_xlabel() for ax in axes] == ["", "", "", "time (ms)"]
    assert axes[-1].get_xlim() == (0.0, 100.0)


def test_traces_are_drawn_in_millivolts_the_first_twenty_of_them(results):
    trace = results_figure(results).axes[1]
    lines = trace.get_lines()
    assert len(lines) == 20
    recorded = results["trace"]
    np.testing.assert_allclose(lines[3].get_xdata(), recorded.t * 1000)
    np.testing.assert_allclose(lines[3].get_ydata(), recorded.variables["v"].values[3] * 1000)


def test_the_rate_is_smoothed_as_the_window_smooths_it(results):
    (line,) = results_figure(results).axes[3].get_lines()
    data = results["rate"]
    expected = smooth_flat(data.rate, 1e-4, 4e-3)
    np.testing.assert_allclose(line.get_ydata(), expected)
    assert not np.allclose(expected, data.rate)


def test_the_raster_has_a_small_tick_per_spike(results):
    raster = results_figure(results).axes[0]
    (ticks,) = [c for c in raster.collections if isinstance(c, LineCollection)]
    segments = ticks.get_segments()
    spikes = results["spikes"]
    assert len(segments) == len(spikes.t) > 30
    first = np.asarray(segments[0])
    assert first[:, 0].tolist() == [spikes.t[0] * 1000] * 2  # vertical, at the spike time
    assert first[:, 1].tolist() == [spikes.i[0] - 0.4, spikes.i[0] + 0.4]
    assert raster.get_ylim() == (-0.5, 29.5)


def test_with_every_panel_hidden_every_monitor_is_drawn(results):
    results = dataclasses.replace(results, project=results.project.model_copy(deep=True))
    for node in results.project.nodes:
        if node.kind.endswith("Monitor"):
            node.plot.visible = False
    titles = [ax.get_title() for ax in results_figure(results).axes if ax.get_title()]
    assert titles == [
        "spikes",
        "Membrane potential (showing 20 of 30)",
        "Rate (smoothed over 4 ms)",
        "unseen",
    ]
