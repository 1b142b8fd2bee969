"""The run settings dialog: duration, time step, seed, code target and report period."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.model.quantity_rules import RUN_DURATION, RUN_TIME, Rule, check
from engine.project.document import MAX_SEED, RunSettings
from engine.project.runner import TARGETS

__all__ = ["RunSettingsDialog"]

_TARGET_HELP = {
    "auto": "auto — compiled where a C compiler works, numpy otherwise",
    "numpy": "numpy — no compiler needed",
    "cython": "cython — compiled loops (needs a C compiler; the first run compiles)",
}


class RunSettingsDialog(QtWidgets.QDialog):
    """Edits a copy of a project's `RunSettings`; `settings` holds the result once accepted.

    Every field is checked as it is typed, with the engine's rules; OK is enabled only when
    all of them are valid, so an accepted dialog always gives settings a run can use.
    """

    def __init__(self, settings: RunSettings, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_settings_dialog")
        self.setWindowTitle("Run Settings")
        self._original = settings
        self._fields: dict[str, tuple[QtWidgets.QLineEdit, Rule]] = {}
        self._help: dict[str, str] = {}

        form = QtWidgets.QFormLayout()
        self.duration = self._text_field("duration", settings.duration, RUN_DURATION)
        form.addRow("&Duration", self.duration)
        self.dt = self._text_field("dt", settings.dt, RUN_TIME)
        form.addRow("Time &step (dt)", self.dt)
        self.seed = QtWidgets.QLineEdit("" if settings.seed is None else str(settings.seed))
        self.seed.setObjectName("seed")
        self.seed.setPlaceholderText("random: a new seed for every run")
        self.seed.setValidator(
            QtGui.QRegularExpressionValidator(QtCore.QRegularExpression(r"\d{0,10}"), self)
        )
        self.seed.setToolTip("The same seed gives the same run; empty draws a new one each time")
        self.seed.textChanged.connect(self._recheck)
        form.addRow("&Random seed", self.seed)
        self.target = QtWidgets.QComboBox()
        self.target.setObjectName("target")
        for name in TARGETS:
            self.target.addItem(_TARGET_HELP.get(name, name), name)
        self.target.setCurrentIndex(max(self.target.findData(settings.target), 0))
        form.addRow("Code &target", self.target)
        self.report_period = self._text_field("report_period", settings.report_period, RUN_DURATION)
        self._help["report_period"] = "Wall time between progress reports and plot updates"
        form.addRow("R&eport period", self.report_period)

        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._recheck()

    def _text_field(self, name: str, text: str, rule: Rule) -> QtWidgets.QLineEdit:
        field = QtWidgets.QLineEdit(text)
        field.setObjectName(name)
        field.setPlaceholderText(rule.example)
        field.textChanged.connect(self._recheck)
        self._fields[name] = (field, rule)
        return field

    def problems(self) -> dict[str, str]:
        """Return what is wrong with the fields, by field name (empty when all are valid)."""
        found = {}
        for name, (field, rule) in self._fields.items():
            problem = check(field.text(), rule)
            if problem is not None:
                found[name] = problem
        seed = self.seed.text()
        if seed and int(seed) > MAX_SEED:
            found["seed"] = f"The seed must be at most {MAX_SEED}"
        return found

    @property
    def settings(self) -> RunSettings:
        """The settings as entered (valid once `problems` is empty)."""
        seed = self.seed.text()
        return self._original.model_copy(
            update={
                "duration": self.duration.text().strip(),
                "dt": self.dt.text().strip(),
                "seed": int(seed) if seed else None,
                "target": self.target.currentData(),
                "report_period": self.report_period.text().strip(),
            }
        )

    def _recheck(self) -> None:
        problems = self.problems()
        for name, (field, _) in self._fields.items():
            field.setToolTip(problems.get(name, self._help.get(name, "")))
        self.problem.setText(
            "\n".join(f"{name.replace('_', ' ')}: {text}" for name, text in problems.items())
        )
        self.problem.setVisible(bool(problems))
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def accept(self) -> None:
        """Close with the settings, unless a field is invalid."""
        if not self.problems():
            super().accept()
