"""The run widgets: the settings dialog checks as you type; status and summary give numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtWidgets

from app.run.settings_dialog import RunSettingsDialog
from app.run.status import RunStatus, format_seconds
from app.run.summary import SummaryTable
from engine.project import load
from engine.project.document import RunSettings
from engine.project.results import SpikeData
from engine.project.runner import Progress, run

CUBA = Path(__file__).resolve().parents[3] / "examples" / "cuba.spikecanvas"


@pytest.fixture
def dialog(qtbot):
    dialog = RunSettingsDialog(RunSettings(duration="200*ms", seed=1))
    qtbot.addWidget(dialog)
    return dialog


def ok_button(dialog):
    return dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)


def test_the_dialog_shows_the_settings_and_returns_what_was_entered(dialog):
    assert dialog.duration.text() == "200*ms"
    assert dialog.seed.text() == "1"
    assert dialog.target.currentData() == "auto"
    dialog.duration.setText("1*second")
    dialog.seed.setText("")
    dialog.target.setCurrentIndex(dialog.target.findData("numpy"))
    assert ok_button(dialog).isEnabled()
    assert dialog.settings == RunSettings(duration="1*second", seed=None, target="numpy")


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("duration", "200*mV", "time"),
        ("duration", "-1*ms", "0"),
        ("dt", "0*ms", "0"),
        ("dt", "", "Give a time"),
        ("report_period", "fast", "fast"),
        ("seed", "99999999999", "at most"),
    ],
)
def test_an_invalid_field_disables_ok_and_says_why(dialog, field, text, message):
    getattr(dialog, field).setText(text)
    assert not ok_button(dialog).isEnabled()
    assert message in dialog.problems()[field]
    assert message in dialog.problem.text()
    dialog.accept()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted


def test_the_seed_field_takes_digits_only(dialog, qtbot):
    dialog.seed.clear()
    qtbot.keyClicks(dialog.seed, "1a2-3")
    assert dialog.seed.text() == "123"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0123, "12.3 ms"), (2.5, "2.5 s"), (200, "3 min 20 s"), (7300, "2 h 1 min")],
)
def test_times_read_like_people_say_them(seconds, text):
    assert format_seconds(seconds) == text


def test_status_counts_spikes_and_shows_speed_and_time_left(qtbot):
    status = RunStatus()
    qtbot.addWidget(status)
    status.show()
    status.show_started("1*second", resumed=False)
    assert status.stop_button.isVisible()
    chunk = SpikeData(
        node_id="m", name="m", source="G", source_size=10, i=[1, 2, 3], t=[0.1, 0.2, 0.3]
    )
    status.show_progress(Progress(0.25, 1.0, 0.25, 1.0, 0.5, 1.5, data={"m": chunk}))
    assert status.bar.value() == 250
    assert status.label.text() == "t = 250 ms · 0.5× real time · 1.5 s left · 3 spikes"
    status.show_stopping()
    assert not status.stop_button.isEnabled()
    status.show_ended(None, "Run failed")
    assert not status.stop_button.isVisible()
    assert status.label.text() == "Run failed"


def test_summary_lists_each_recorded_group(qtbot):
    results = run(load(CUBA), duration="20*ms")
    table = SummaryTable()
    qtbot.addWidget(table)
    table.show_results(results)
    spikes = results["spikes"].num_spikes
    rate = spikes / (4000 * 0.02)
    assert table.rows() == [("P", "spikes", "4,000", f"{spikes:,}", f"{rate:.3g} Hz")]
    assert "20 ms simulated" in table.footer.text()
    assert "seed 1" in table.footer.text()
    table.clear()
    assert table.rows() == []
