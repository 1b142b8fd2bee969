"""A small deterministic project for the sweep tests: the fixture ``small``."""

from __future__ import annotations

import pytest

from engine.project import (
    Constant,
    Edge,
    NeuronGroupNode,
    PoissonGroupNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
)
from engine.project.document import Connect


@pytest.fixture
def small() -> Project:
    """Ten LIF neurons driven by a constant input ``I``, with random initial potentials.

    Random initial values make the spikes depend on the seed; ``numpy`` as the target keeps a
    run free of compilation.
    """
    return Project(
        run=RunSettings(duration="20*ms", dt="0.1*ms", seed=7, target="numpy"),
        constants=[
            Constant(name="tau", value="10*ms"),
            Constant(name="I", value="1.5"),
            Constant(name="w", value="0.1*mV"),
        ],
        nodes=[
            NeuronGroupNode(
                id="g",
                name="G",
                N="10",
                model="dv/dt = (I - v)/tau : 1",
                threshold="v > 1",
                reset="v = 0",
                method="exact",
                initial={"v": "rand()"},
            ),
            PoissonGroupNode(id="p", name="P", N="5", rates="20*Hz"),
            SynapsesNode(id="s", name="S", on_pre="v += 0.01", connect=Connect(p="0.5")),
            SpikeMonitorNode(id="sp", name="spikes"),
            StateMonitorNode(id="st", name="trace", variables=["v"], record="0"),
            PopulationRateMonitorNode(id="r", name="rate"),
        ],
        edges=[
            Edge(source="p", target="s", role="pre"),
            Edge(source="s", target="g", role="post"),
            Edge(source="g", target="sp", role="record"),
            Edge(source="g", target="st", role="record"),
            Edge(source="p", target="r", role="record"),
        ],
    )
