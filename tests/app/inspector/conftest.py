"""Fixtures of the inspector's tests: a model of the CUBA example, an inspector showing it."""

from pathlib import Path

import pytest

from app.inspector import Inspector
from app.model import DiagnosticsRunner, ProjectModel
from engine.project import load

EXAMPLES = Path(__file__).parents[3] / "examples"


@pytest.fixture
def cuba(qapp):
    """A model holding the CUBA example (no undo history)."""
    model = ProjectModel()
    model.replace(load(EXAMPLES / "cuba.spikecanvas"))
    return model


@pytest.fixture
def runner(cuba):
    """The live validation of the CUBA model."""
    return DiagnosticsRunner(cuba)


@pytest.fixture
def inspector(qtbot, cuba, runner):
    """An inspector of the CUBA model, shown, fed by the runner's diagnostics."""
    widget = Inspector(cuba)
    qtbot.addWidget(widget)
    runner.diagnostics_changed.connect(widget.set_diagnostics)
    widget.resize(420, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
