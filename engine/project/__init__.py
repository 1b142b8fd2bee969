"""Projects: the document the app edits, its files, validation, build, runs and script export.

No Qt here: the app, the command line and scripts all use this package.
"""

from engine.project.document import (
    Connect,
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PoissonGroupNode,
    PoissonInputNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeGeneratorGroupNode,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
    TimedArrayNode,
)
from engine.project.errors import BuildError, FileProblem, ProjectError, ProjectFileError
from engine.project.fileio import dumps, load, loads, save

__all__ = [
    "BuildError",
    "Connect",
    "Constant",
    "Edge",
    "FileProblem",
    "NeuronGroupNode",
    "PlotSettings",
    "PoissonGroupNode",
    "PoissonInputNode",
    "PopulationRateMonitorNode",
    "Project",
    "ProjectError",
    "ProjectFileError",
    "RunSettings",
    "SpikeGeneratorGroupNode",
    "SpikeMonitorNode",
    "StateMonitorNode",
    "SynapsesNode",
    "TimedArrayNode",
    "dumps",
    "load",
    "loads",
    "save",
]
