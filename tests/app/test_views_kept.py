"""A panel's analysis view, chosen in the plot area, is kept in its monitor and in the file."""

from __future__ import annotations

from engine.project.fileio import dumps, loads
from tests.app.conftest import CUBA

RUN_TIMEOUT_MS = 120_000


def run_and_wait(qtbot, window):
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    return ended[0]


def test_a_chosen_view_is_kept_with_the_project_and_shown_again_after_a_run(qtbot, window):
    assert window.open_file(CUBA)
    window.model.set_project_field("run.duration", "50*ms")
    run_and_wait(qtbot, window)
    spikes = window.model.project.node("spikes")
    window.plots.choose_view(spikes.id, "isi")
    qtbot.wait(1)
    assert window.model.project.node("spikes").plot.view == "isi"
    assert loads(dumps(window.model.project)).node("spikes").plot.view == "isi"
    assert window.model.undo_stack.undoText().startswith("change")  # an edit like any other
    # The next run sets up its panels from the project: the view is there again.
    run_and_wait(qtbot, window)
    panel = next(p for p in window.plots.panels if p.node_id == spikes.id)
    assert panel.settings.view == "isi"
    window.model.undo_stack.undo()
    assert window.model.project.node("spikes").plot.view == ""
