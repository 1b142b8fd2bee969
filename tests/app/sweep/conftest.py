"""Fixtures of the sweep window's tests: the sweep tests' small project, a sweep window.

``small`` is the fixture of the engine's sweep tests (ten LIF neurons, numpy target, 20 ms):
each of its trials runs in a fraction of a second.
"""

from __future__ import annotations

import pytest
from project.sweep.conftest import small  # noqa: F401  # the fixture, shared with the engine's tests

from app.model import ProjectModel


@pytest.fixture
def model(small):  # noqa: F811  # the fixture imported above
    return ProjectModel(small)


@pytest.fixture
def make_dialog(qtbot, tmp_path):
    """Return a function that opens a sweep window on a model (answers paths from a list)."""
    from app.sweep import SweepDialog

    def make(model, **options):
        dialog = SweepDialog(model, **options)
        dialog.answers = []  # paths the next questions get, in order
        dialog.asked = []
        dialog.errors = []

        def ask(parent, title, suggested, filters):
            dialog.asked.append((title, suggested, filters))
            return dialog.answers.pop(0) if dialog.answers else None

        dialog.ask_path = ask
        dialog.report_error = lambda parent, title, text: dialog.errors.append((title, text))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        yield_dialogs.append(dialog)
        return dialog

    yield_dialogs: list = []
    yield make
    for dialog in yield_dialogs:  # no thread may outlive its window
        assert dialog.shutdown(60_000)
