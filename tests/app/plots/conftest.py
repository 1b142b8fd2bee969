"""Fixtures of the plot tests: a shown plot area, a small project, and a real CUBA run."""

from pathlib import Path

import pytest

from engine.project import load
from engine.project.document import (
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
)

CUBA = Path(__file__).parents[3] / "examples" / "cuba.spikecanvas"


@pytest.fixture
def area(qtbot):
    """A shown plot area of 1000 x 700 pixels, without a project."""
    from app.plots import PlotArea

    widget = PlotArea()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def project():
    """A group of 10 neurons recorded by a spike, a state (v and w) and a rate monitor."""
    return Project(
        run=RunSettings(duration="500*ms"),
        constants=[Constant(name="win", value="100*ms")],
        nodes=[
            NeuronGroupNode(id="g", name="G", N="10"),
            SpikeMonitorNode(id="sp", name="spikes", plot=PlotSettings(title="Raster")),
            StateMonitorNode(
                id="st",
                name="trace",
                variables=["v", "w"],
                plot=PlotSettings(title="Traces", window="win"),
            ),
            PopulationRateMonitorNode(
                id="ra", name="rate", plot=PlotSettings(visible=False, smoothing="1*ms")
            ),
        ],
        edges=[Edge(source="g", target=m, role="record") for m in ("sp", "st", "ra")],
    )


@pytest.fixture(scope="session")
def cuba_run():
    """A 50 ms run of CUBA: its results and the chunks of data reported while it ran."""
    from engine.project.runner import run

    chunks = []
    results = run(
        load(CUBA),
        report=lambda progress: chunks.append((progress.t, progress.data)),
        duration="50*ms",
        seed=1,
        # a report after every chunk of steps, however fast the target runs
        report_period="0*ms",
    )
    return results, chunks
