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
from engine.project.errors import (
    BuildError,
    FileProblem,
    InvalidProjectError,
    ProjectError,
    ProjectFileError,
    ResultsFileError,
    RunError,
)
from engine.project.export import export_script
from engine.project.fileio import dumps, load, loads, save
from engine.project.validate import Diagnostic, validate

__all__ = [
    "BuildError",
    "Connect",
    "Constant",
    "Diagnostic",
    "Edge",
    "FileProblem",
    "InvalidProjectError",
    "NeuronGroupNode",
    "PlotSettings",
    "PoissonGroupNode",
    "PoissonInputNode",
    "PopulationRateMonitorNode",
    "Project",
    "ProjectError",
    "ProjectFileError",
    "ResultsFileError",
    "RunError",
    "RunSettings",
    "SpikeGeneratorGroupNode",
    "SpikeMonitorNode",
    "StateMonitorNode",
    "SynapsesNode",
    "TimedArrayNode",
    "dumps",
    "export_script",
    "load",
    "loads",
    "save",
    "validate",
]
