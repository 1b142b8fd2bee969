"""The analysis view chosen for a monitor's panel is kept in the project file (`plot.view`)."""

import json
from pathlib import Path

import pytest

from engine.project import load
from engine.project.errors import ProjectFileError
from engine.project.fileio import dumps, loads

EXAMPLES = Path(__file__).parents[3] / "examples"


def test_a_file_without_views_is_written_as_before():
    text = (EXAMPLES / "cuba.spikecanvas").read_text()  # an example whose panels have none
    project = loads(text)
    assert project.node("spikes").plot.view == ""
    assert project.node("spikes").plot.view_options == {}
    # Not written at their defaults: the file still opens in versions before views.
    assert '"view' not in dumps(project)


def test_a_chosen_view_and_its_options_are_saved_and_read_back():
    project = load(EXAMPLES / "lif_fi_curve.spikecanvas")
    spikes = project.node("spikes")
    spikes.plot = spikes.plot.model_copy(update={"view": "fi", "view_options": {"parameter": "v0"}})
    data = json.loads(dumps(project))
    plot = next(n for n in data["nodes"] if n["id"] == "spikes")["plot"]
    assert plot["view"] == "fi"
    assert plot["view_options"] == {"parameter": "v0"}
    again = loads(dumps(project)).node("spikes").plot
    assert (again.view, again.view_options) == ("fi", {"parameter": "v0"})


def test_an_unknown_view_is_refused_with_its_place():
    data = json.loads((EXAMPLES / "lif_fi_curve.spikecanvas").read_text())
    data["nodes"][1]["plot"]["view"] = "histogram of everything"
    with pytest.raises(ProjectFileError) as error:
        loads(json.dumps(data))
    assert "plot.view" in str(error.value)
