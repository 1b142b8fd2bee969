"""The sweep editor: a sweep's parameters, combination, repeats, seed and measures as fields.

What is typed is checked as it is typed, by the engine's own check of a project's sweeps
(`engine.project.sweep.check_sweeps`, the part of validation that checks sweeps): each
problem is shown under the field it is about — a parameter's name or values, the repeats, the
seed, a measure — and the count of trials follows the values. Nothing is parsed here: the
values' text is the engine's to read (``a, b, c``, ``start:stop:count``,
``log:start:stop:count``, with units).

The editor edits a draft; `SweepEditor.sweep` returns it as a `Sweep` once it has no problem.
Where the sweep runs (workers, a scheduler) is not part of the document: it is asked here
too, but kept by the window, not in the project.

(pydantic is not imported here: importing its lazy top-level package before PySide6 and the
engine's document makes PySide6's import hook load it half-way, a circular import.)
"""

from __future__ import annotations

import os
import re

from PySide6 import QtCore, QtWidgets

from app.sweep.choices import measure_choices, parameter_choices, unit_hint
from engine.project.document import Project
from engine.project.sweep.check import check_sweeps
from engine.project.sweep.definition import MAX_SEED, MeasureRef, Parameter, Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.measures import MEASURES
from engine.project.sweep.points import points
from engine.project.sweep.table import measure_label

__all__ = ["ParameterRow", "SweepEditor"]

_ERROR_STYLE = "color: #c62828;"
_INVALID_FIELD = "border: 1px solid #c62828;"
_CHECK_DELAY_MS = 120  # a burst of keystrokes is checked once
_MEASURE = re.compile(r"measures\[(\d+)\]")


def _error_label(name: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(objectName=name)
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show_error(label: QtWidgets.QLabel, message: str, field: QtWidgets.QWidget | None) -> None:
    label.setText(message)
    label.setVisible(bool(message))
    if field is not None:
        field.setStyleSheet(_INVALID_FIELD if message else "")
        field.setToolTip(message)


class ParameterRow(QtWidgets.QWidget):
    """One varied parameter: its name (a choice, or typed) and its values, with their error.

    Signals
    -------
    changed()
        The name or the values were edited.
    remove_clicked(ParameterRow)
        The row's remove button was clicked.
    """

    changed = QtCore.Signal()
    remove_clicked = QtCore.Signal(object)

    def __init__(self, choices: list[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_box = QtWidgets.QComboBox(objectName="parameter_name")
        self.name_box.setEditable(True)
        self.name_box.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.name_box.addItems(choices)
        self.name_box.setMinimumContentsLength(12)
        self.values_edit = QtWidgets.QLineEdit(objectName="parameter_values")
        self.remove_button = QtWidgets.QToolButton(objectName="parameter_remove")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip("Stop varying this parameter")
        self.error = _error_label("parameter_error")
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.name_box, 0, 0)
        grid.addWidget(self.values_edit, 0, 1)
        grid.addWidget(self.remove_button, 0, 2)
        grid.addWidget(self.error, 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.name_box.currentTextChanged.connect(self.changed)
        self.values_edit.textChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_clicked.emit(self))

    @property
    def name(self) -> str:
        """The parameter's name as typed or chosen."""
        return self.name_box.currentText().strip()

    @property
    def values(self) -> str:
        """The values as typed."""
        return self.values_edit.text()

    def set_choices(self, choices: list[str]) -> None:
        """Offer these names (the name shown is kept)."""
        name = self.name_box.currentText()
        self.name_box.blockSignals(True)
        self.name_box.clear()
        self.name_box.addItems(choices)
        self.name_box.setCurrentText(name)
        self.name_box.blockSignals(False)

    def show_problems(self, name: str, values: str) -> None:
        """Show the problems of the name and of the values (empty: none)."""
        _show_error(self.error, "\n".join(m for m in (name, values) if m), None)
        for field, message in ((self.name_box, name), (self.values_edit, values)):
            field.setStyleSheet(_INVALID_FIELD if message else "")
            field.setToolTip(message)
        if not values:  # the hint, whole (a narrow field cuts its placeholder)
            self.values_edit.setToolTip(self.values_edit.placeholderText())


class SweepEditor(QtWidgets.QWidget):
    """The fields of one sweep, checked as they are typed.

    Signals
    -------
    checked()
        The draft was checked again (after an edit): `problems` and `trial_count` are new.
    """

    checked = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = Project()
        self._original: Sweep | None = None
        self.rows: list[ParameterRow] = []
        #: Each problem of the draft: its place in the sweep (``parameters[0].values``,
        #: ``repeats``; ``""`` for the whole sweep) -> its message.
        self.problems: dict[str, str] = {}
        #: The number of trials of the draft (None while it has problems).
        self.trial_count: int | None = None
        self.point_count: int | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._build()

    # -- widgets --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = QtWidgets.QLineEdit(objectName="sweep_name")
        self.name_error = _error_label("sweep_name_error")

        self.rows_layout = QtWidgets.QVBoxLayout()
        self.rows_layout.setSpacing(4)
        self.add_button = QtWidgets.QPushButton("Add parameter", objectName="add_parameter")
        self.add_button.setToolTip("Vary one more constant or node field")
        self.add_button.clicked.connect(lambda: self.add_parameter())
        self.parameters_error = _error_label("parameters_error")
        parameters = QtWidgets.QGroupBox("Parameters")
        box = QtWidgets.QVBoxLayout(parameters)
        header = QtWidgets.QLabel(
            "Values: a list <i>a, b, c</i>, a range <i>start:stop:count</i> or "
            "<i>log:start:stop:count</i>, with units (<i>0.5*mV:2*mV:4</i>)"
        )
        header.setWordWrap(True)
        box.addWidget(header)
        box.addLayout(self.rows_layout)
        box.addWidget(self.parameters_error)
        box.addWidget(self.add_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)

        self.combination_box = QtWidgets.QComboBox(objectName="sweep_combination")
        self.combination_box.addItem("Grid: every combination", "grid")
        self.combination_box.addItem("Zip: the i-th values together", "zip")
        self.combination_error = _error_label("combination_error")
        self.samples_spin = QtWidgets.QSpinBox(objectName="sweep_samples")
        self.samples_spin.setRange(0, 100_000)
        self.samples_spin.setSpecialValueText("off (every point)")
        self.samples_spin.setToolTip(
            "Draw this many points at random from the ranges (start:stop) instead; needs a seed"
        )
        self.samples_error = _error_label("samples_error")
        self.repeats_spin = QtWidgets.QSpinBox(objectName="sweep_repeats")
        self.repeats_spin.setRange(1, 10_000)
        self.repeats_spin.setToolTip("Runs of each point, each with its own seed")
        self.repeats_error = _error_label("repeats_error")
        self.seed_edit = QtWidgets.QLineEdit(objectName="sweep_seed")
        self.seed_edit.setPlaceholderText("the run settings' seed")
        self.seed_edit.setToolTip(
            "The seed of the trials' seeds (and of random points); empty: the project's seed"
        )
        self.seed_error = _error_label("seed_error")

        self.measures_list = QtWidgets.QListWidget(objectName="sweep_measures")
        self.measures_list.setMinimumHeight(110)
        self.measures_list.setMaximumHeight(150)
        self.measures_error = _error_label("measures_error")
        self.keep_data_box = QtWidgets.QCheckBox(
            "Keep each trial's full data (spikes, traces)", objectName="sweep_keep_data"
        )
        self.keep_data_box.setToolTip(
            "Kept data opens at once when a point is clicked, and is saved in the sweep file; "
            "otherwise a clicked trial is run again"
        )

        self.workers_spin = QtWidgets.QSpinBox(objectName="sweep_workers")
        self.workers_spin.setRange(1, 1024)
        self.workers_spin.setValue(os.cpu_count() or 1)
        self.workers_spin.setToolTip("Worker processes of a cluster started on this computer")
        self.scheduler_edit = QtWidgets.QLineEdit(objectName="sweep_scheduler")
        self.scheduler_edit.setPlaceholderText("empty: a cluster on this computer")
        self.scheduler_edit.setToolTip(
            "The address of a running Dask scheduler (tcp://host:8786) to run the trials on"
        )
        self.scheduler_edit.textChanged.connect(
            lambda text: self.workers_spin.setEnabled(not text.strip())
        )

        # Not in the form: the window shows it where it stays in view (`app.sweep.dialog`).
        self.count_label = QtWidgets.QLabel(objectName="trial_count")
        self.count_label.setStyleSheet("font-weight: bold;")
        self.general_error = _error_label("sweep_error")

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Name", _stacked(self.name_edit, self.name_error))
        form.addRow(parameters)
        form.addRow("Combination", _stacked(self.combination_box, self.combination_error))
        form.addRow("Random points", _stacked(self.samples_spin, self.samples_error))
        form.addRow("Repeats", _stacked(self.repeats_spin, self.repeats_error))
        form.addRow("Seed", _stacked(self.seed_edit, self.seed_error))
        form.addRow("Measures", _stacked(self.measures_list, self.measures_error))
        form.addRow(self.keep_data_box)
        form.addRow("Workers", self.workers_spin)
        form.addRow("Scheduler", self.scheduler_edit)
        form.addRow(self.general_error)
        self.setLayout(form)

        self.name_edit.textChanged.connect(self.schedule_check)
        self.combination_box.currentIndexChanged.connect(self.schedule_check)
        self.samples_spin.valueChanged.connect(self.schedule_check)
        self.repeats_spin.valueChanged.connect(self.schedule_check)
        self.seed_edit.textChanged.connect(self.schedule_check)
        self.measures_list.itemChanged.connect(self.schedule_check)
        self.keep_data_box.toggled.connect(self.schedule_check)

    # -- the project and the sweep --------------------------------------------------------------

    @property
    def project(self) -> Project:
        """The project the sweep is checked against."""
        return self._project

    @property
    def original(self) -> Sweep | None:
        """The sweep as it was loaded (None: a new one)."""
        return self._original

    def set_project(self, project: Project) -> None:
        """Check the draft against ``project`` from now on (its choices follow it)."""
        self._project = project
        choices = parameter_choices(project)
        for row in self.rows:
            row.set_choices(choices)
        self._fill_measures(self._checked_measures())
        self.schedule_check()

    def load(self, sweep: Sweep | None, name: str = "sweep") -> None:
        """Show ``sweep`` (None: a new one, called ``name``) in the fields."""
        self._original = sweep.model_copy(deep=True) if sweep is not None else None
        draft = sweep if sweep is not None else Sweep(name=name)
        for row in list(self.rows):
            self._remove_row(row)
        self.name_edit.setText(draft.name)
        for parameter in draft.parameters:
            values = parameter.values
            self.add_parameter(
                parameter.name, values if isinstance(values, str) else ", ".join(values)
            )
        self.combination_box.setCurrentIndex(self.combination_box.findData(draft.combination))
        self.samples_spin.setValue(draft.samples or 0)
        self.repeats_spin.setValue(max(1, draft.repeats))
        self.seed_edit.setText("" if draft.seed is None else str(draft.seed))
        self.keep_data_box.setChecked(draft.keep_data)
        measures = draft.measures if sweep is not None else measure_choices(self._project)[:1]
        self._fill_measures(list(measures))
        self.check_now()

    def add_parameter(self, name: str | None = None, values: str = "") -> ParameterRow:
        """Add a parameter row (the first choice not varied yet, when ``name`` is None)."""
        choices = parameter_choices(self._project)
        row = ParameterRow(choices, self)
        if name is None:
            used = {r.name for r in self.rows}
            name = next((c for c in choices if c not in used), "")
        row.name_box.setCurrentText(name)
        row.values_edit.setText(values)
        self._hint(row)
        row.changed.connect(lambda: self._hint(row))
        row.changed.connect(self.schedule_check)
        row.remove_clicked.connect(self._remove_clicked)
        self.rows_layout.addWidget(row)
        self.rows.append(row)
        self.schedule_check()
        return row

    def _hint(self, row: ParameterRow) -> None:
        row.values_edit.setPlaceholderText(unit_hint(self._project, row.name))

    def _remove_clicked(self, row: ParameterRow) -> None:
        self._remove_row(row)
        self.schedule_check()

    def _remove_row(self, row: ParameterRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _fill_measures(self, checked: list[MeasureRef]) -> None:
        """List ``checked`` (ticked, in their order: the sweep's columns), then the others."""
        offered = list(checked)
        offered += [ref for ref in measure_choices(self._project) if ref not in checked]
        self.measures_list.blockSignals(True)
        self.measures_list.clear()
        for ref in offered:
            item = QtWidgets.QListWidgetItem(measure_label(ref))
            spec = MEASURES.get(ref.measure)
            item.setToolTip(spec.doc if spec is not None else "")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            state = (
                QtCore.Qt.CheckState.Checked if ref in checked else QtCore.Qt.CheckState.Unchecked
            )
            item.setCheckState(state)
            self.measures_list.addItem(item)
        self.measures_list.blockSignals(False)

    def _checked_measures(self) -> list[MeasureRef]:
        found = []
        for k in range(self.measures_list.count()):
            item = self.measures_list.item(k)
            if item.checkState() == QtCore.Qt.CheckState.Checked:
                found.append(item.data(QtCore.Qt.ItemDataRole.UserRole))
        return found

    def set_measure_checked(self, label: str, checked: bool = True) -> None:
        """Tick (or untick) the measure shown as ``label`` (``mean_rate(spikes)``)."""
        for k in range(self.measures_list.count()):
            item = self.measures_list.item(k)
            if item.text() == label:
                state = QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked
                item.setCheckState(state)
                return
        raise KeyError(label)

    # -- the draft ------------------------------------------------------------------------------

    def _draft(self) -> tuple[Sweep | None, dict[str, str]]:
        """Return the sweep the fields make (None if none) and what keeps it from being one.

        The problems are those of the fields themselves (a seed that is no number, a
        parameter without a name), by place; the engine checks the rest (`check_now`).
        """
        problems: dict[str, str] = {}
        seed: int | None = None
        text = self.seed_edit.text().strip()
        if text:
            if text.isdigit() and int(text) <= MAX_SEED:
                seed = int(text)
            else:
                problems["seed"] = f"the seed is a whole number from 0 to {MAX_SEED}"
        parameters = []
        for k, row in enumerate(self.rows):
            try:
                parameters.append(Parameter(name=row.name, values=row.values))
            except ValueError:  # pydantic's ValidationError: an empty name
                problems[f"parameters[{k}].name"] = "choose or type the name of a parameter"
        if problems:
            return None, problems
        try:
            sweep = Sweep(
                name=self.name_edit.text().strip(),
                notes=self._original.notes if self._original is not None else "",
                parameters=parameters,
                combination=self.combination_box.currentData(),
                samples=self.samples_spin.value() or None,
                seed=seed,
                repeats=self.repeats_spin.value(),
                measures=self._checked_measures(),
                keep_data=self.keep_data_box.isChecked(),
            )
        except ValueError as error:  # pydantic's ValidationError (not imported: see below)
            first = error.errors()[0]  # type: ignore[attr-defined]  # a ValidationError
            place = ".".join(str(p) for p in first["loc"])
            message = (
                "a sweep's name is a name such as fI or rates (letters, digits and _)"
                if place == "name"
                else first["msg"]
            )
            return None, {place: message}
        return sweep, {}

    def schedule_check(self, *_: object) -> None:
        """Check the draft shortly (once for a burst of keystrokes)."""
        self._timer.start()

    def check_now(self) -> dict[str, str]:
        """Check the draft at once; show and return its problems."""
        self._timer.stop()
        sweep, problems = self._draft()
        if sweep is not None:
            problems = self._engine_problems(sweep)
        self.problems = problems
        self.trial_count = self.point_count = None
        if sweep is not None and not problems:
            try:
                self.point_count = len(points(sweep, self._project))
                self.trial_count = self.point_count * sweep.repeats
            except SweepError as error:  # the check says none: kept visible all the same
                problems[error.field] = error.message
        self._show_problems()
        self.checked.emit()
        return problems

    def _engine_problems(self, sweep: Sweep) -> dict[str, str]:
        """Return the engine's problems of ``sweep`` in the project, by place in the sweep."""
        kept = self._original.name if self._original is not None else None
        others = [s for s in self._project.sweeps if s.name != kept]
        probe = self._project.model_copy(update={"sweeps": [*others, sweep]})
        prefix = f"sweeps.{sweep.name}"
        found: dict[str, str] = {}
        for diagnostic in check_sweeps(probe):
            field = diagnostic.field or ""
            if field == f"sweeps[{len(others)}].name":
                place = "name"
            elif field == prefix:
                place = ""
            elif field.startswith(prefix + "."):
                place = field[len(prefix) + 1 :]
            else:
                continue  # another sweep's
            found.setdefault(place, diagnostic.message)
        return found

    def sweep(self) -> Sweep | None:
        """Return the edited sweep, or None while it has problems."""
        self.check_now()
        sweep, _ = self._draft()
        return sweep if not self.problems else None

    def _show_problems(self) -> None:
        problems = dict(self.problems)
        untyped = False  # a values field left empty (its problem is not shown)
        shown: list[str] = []  # the problems shown in red
        for k, row in enumerate(self.rows):
            name = problems.pop(f"parameters[{k}].name", "")
            values = problems.pop(f"parameters[{k}].values", "")
            if not row.values.strip():  # not typed yet: no error the moment the row appears
                untyped, values = untyped or bool(values), ""
            row.show_problems(name, values)
            shown += [m for m in (name, values) if m]
        for place, label, field in (
            ("name", self.name_error, self.name_edit),
            ("combination", self.combination_error, self.combination_box),
            ("samples", self.samples_error, self.samples_spin),
            ("repeats", self.repeats_error, self.repeats_spin),
            ("seed", self.seed_error, self.seed_edit),
            ("parameters", self.parameters_error, None),
        ):
            message = problems.pop(place, "")
            _show_error(label, message, field)
            shown += [message] if message else []
        lines = []
        checked = self._checked_measures()
        for place in [p for p in problems if _MEASURE.match(p)]:
            index = int(place[len("measures[") : place.index("]")])
            which = measure_label(checked[index]) if index < len(checked) else place
            lines.append(f"{which}: {problems.pop(place)}")
        _show_error(self.measures_error, "\n".join(lines), self.measures_list)
        _show_error(self.general_error, "\n".join(problems.values()), None)
        shown += lines + list(problems.values())
        if self.trial_count is None and untyped and not shown:
            self.count_label.setText("Trials: — (type the values of each parameter)")
        elif self.trial_count is None:
            self.count_label.setText("Trials: — (correct the fields in red)")
        else:
            repeats = self.repeats_spin.value()
            self.count_label.setText(
                f"Trials: {self.trial_count} ({self.point_count} point"
                f"{'s' if self.point_count != 1 else ''} × {repeats} repeat"
                f"{'s' if repeats != 1 else ''})"
            )

    # -- where it runs --------------------------------------------------------------------------

    @property
    def workers(self) -> int:
        """The worker processes of a local cluster."""
        return self.workers_spin.value()

    @property
    def scheduler(self) -> str | None:
        """The scheduler's address, or None for a local cluster."""
        return self.scheduler_edit.text().strip() or None


def _stacked(field: QtWidgets.QWidget, error: QtWidgets.QLabel) -> QtWidgets.QWidget:
    """Return ``field`` with its error line under it."""
    holder = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return holder
