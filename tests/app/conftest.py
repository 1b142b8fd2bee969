"""Fixtures of the app tests: private user folders, scripted answers, a ready main window.

No test may touch the user's real settings, recovery files or documents, and none may open a
modal dialog (it would block the run): windows get a settings file and a recovery folder under
``tmp_path``, and `ScriptedPrompts` instead of dialogs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CUBA = EXAMPLES / "cuba.spikecanvas"

# A safety net for code that forgets to take its settings from the test: Qt then writes to
# ~/.qttest instead of the user's configuration.
QtCore.QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory, monkeypatch):
    """Point the data and configuration folders (also of subprocesses) to a fresh place."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


class ScriptedPrompts:
    """Answers the window's questions at once, as scripted, and records each question.

    Attributes
    ----------
    asked
        ``(question, detail)`` for each question, in order.
    errors
        ``(title, summary, details)`` of each error shown.
    """

    def __init__(self) -> None:
        self.asked: list[tuple[str, object]] = []
        self.errors: list[tuple[str, str, str]] = []
        self.unsaved_answer = "discard"
        self.paths: list[Path] = []  # answers of open_path and save_path, in order
        self.export_answer: tuple[Path, str] | None = None
        self.example_title: str | None = None  # None: cancel the examples dialog
        self.restore_answer = True
        self.results_answer: tuple[Path, str] | None = None
        self.image_answer: Path | None = None
        self.settings_answer = None  # RunSettings, or None to cancel the dialog
        self.changes_answer: bool | None = True  # replay a run's live changes in a script

    def unsaved_changes(self, parent, name):
        self.asked.append(("unsaved", name))
        return self.unsaved_answer

    def open_path(self, parent, folder):
        self.asked.append(("open", folder))
        return self.paths.pop(0) if self.paths else None

    def save_path(self, parent, suggested):
        self.asked.append(("save", suggested))
        return self.paths.pop(0) if self.paths else None

    def export_changes(self, parent, count):
        self.asked.append(("export changes", count))
        return self.changes_answer

    def export_path(self, parent, suggested):
        self.asked.append(("export", suggested))
        return self.export_answer

    def example(self, parent, examples):
        self.asked.append(("example", [e.title for e in examples]))
        return next((e for e in examples if e.title == self.example_title), None)

    def restore(self, parent, recovery):
        self.asked.append(("restore", recovery))
        return self.restore_answer

    def error(self, parent, title, summary, details=""):
        self.errors.append((title, summary, details))

    def results_path(self, parent, suggested):
        self.asked.append(("results", suggested))
        return self.results_answer

    def image_path(self, parent, suggested):
        self.asked.append(("image", suggested))
        return self.image_answer

    def run_settings(self, parent, settings):
        self.asked.append(("run settings", settings))
        return self.settings_answer

    def questions(self) -> list[str]:
        return [question for question, _ in self.asked]


@pytest.fixture
def prompts():
    return ScriptedPrompts()


@pytest.fixture
def app_settings(tmp_path):
    return QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, tmp_path, app_settings, prompts):
    """Return a function that creates a shown main window with private settings and prompts."""
    from app.main_window import MainWindow

    def make(**options):
        options.setdefault("settings", app_settings)
        options.setdefault("prompts", prompts)
        options.setdefault("recovery_folder", tmp_path / "recovery")
        window = MainWindow(**options)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()
