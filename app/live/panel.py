"""The Live Parameters panel: a slider per constant the project lists in ``live_parameters``.

Between runs a slider edits its constant's value in the document (undoable; consecutive moves
of one slider are one step, as typing is). During a run it changes the running simulation
instead: the panel emits `change_requested` and the window hands the change to the run
(`app.run.controller.RunController.set_live`); the document keeps its values until the run
ends, when the user's choice (*Keep values after the run*) decides whether the last live values
become the constants' values.

The sliders' numbers come from the engine (`engine.project.live_parameters.slider`): nothing is
parsed here. Adding and removing sliders edits ``live_parameters`` (one undo step each).
"""

from __future__ import annotations

from typing import SupportsFloat

from PySide6 import QtCore, QtWidgets

from app.model.project_model import FieldError, ProjectModel
from engine.project.document import Constant, Project
from engine.project.live_parameters import (
    LiveParameter,
    LiveParameterError,
    Slider,
    current_value,
    slider,
)
from engine.project.sweep.errors import SweepError
from engine.project.sweep.values import Value, parse_value
from engine.units import get_dimensions, get_unit_for_display

__all__ = ["LiveParametersPanel", "SliderRow"]

_ERROR_STYLE = "color: #b00020;"


class SliderRow(QtWidgets.QWidget):
    """One constant's slider, its value as text, and a message line.

    Signals
    -------
    moved(str, str)
        The user chose a value: the constant's name and the value's text (``1.25*mV``).
    remove_requested(str)
        The user asked to remove this slider.
    """

    moved = QtCore.Signal(str, str)
    remove_requested = QtCore.Signal(str)

    def __init__(self, numbers: Slider, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.numbers = numbers
        self.name_label = QtWidgets.QLabel(f"<b>{numbers.name}</b>")
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"slider_{numbers.name}")
        self.slider.setRange(0, numbers.positions - 1)
        self.slider.setPageStep(max(1, (numbers.positions - 1) // 10))
        self.value_edit = QtWidgets.QLineEdit()
        self.value_edit.setObjectName(f"value_{numbers.name}")
        self.value_edit.setMaximumWidth(110)
        self.value_edit.setToolTip(
            f"Type a value in {numbers.unit or 'plain numbers'} and press Enter"
        )
        self.unit_label = QtWidgets.QLabel(numbers.unit)
        self.remove_button = QtWidgets.QToolButton(text="×")
        self.remove_button.setToolTip(f"Remove the slider of {numbers.name}")
        self.message = QtWidgets.QLabel(wordWrap=True)
        self.message.hide()
        self.range_label = QtWidgets.QLabel(
            f"{numbers.minimum:g} … {numbers.maximum:g} {numbers.unit}".rstrip()
        )
        self.range_label.setStyleSheet("color: palette(mid);")
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name_label)
        top.addWidget(self.range_label, 1)
        top.addWidget(self.remove_button)
        middle = QtWidgets.QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.slider, 1)
        middle.addWidget(self.value_edit)
        middle.addWidget(self.unit_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addWidget(self.message)
        self.slider.valueChanged.connect(self._slid)
        self.slider.sliderReleased.connect(self._released)
        self.value_edit.returnPressed.connect(self._typed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(numbers.name))
        #: Whether a slider being dragged reports each position (during a run) or only where it
        #: is released (a document edit per position would flood the undo history's redraws).
        self.live = False

    @property
    def name(self) -> str:
        """The constant's name."""
        return self.numbers.name

    def show_value(self, number: float | None, text: str = "") -> None:
        """Show ``number`` (in the slider's unit; None: unknown) without emitting `moved`."""
        self.slider.blockSignals(True)
        if number is not None:
            self.slider.setValue(self.numbers.position(number))
        self.slider.blockSignals(False)
        if not self.value_edit.hasFocus():
            self.value_edit.setText(text if number is None else f"{number:g}")

    def say(self, text: str, error: bool = False) -> None:
        """Show ``text`` under the slider (empty: nothing)."""
        self.message.setText(text)
        self.message.setStyleSheet(_ERROR_STYLE if error else "color: palette(mid);")
        self.message.setVisible(bool(text))

    def _slid(self, position: int) -> None:
        value = self.numbers.value(position)
        self.value_edit.setText(f"{value:g}")
        if self.live or not self.slider.isSliderDown():
            self.moved.emit(self.name, self.numbers.text(value))

    def _released(self) -> None:
        if not self.live:
            self.moved.emit(self.name, self.numbers.text(self.numbers.value(self.slider.value())))

    def _typed(self) -> None:
        text = self.value_edit.text().strip()
        unit = self.numbers.unit
        try:
            typed = parse_value(text if "*" in text or not unit else f"{text}*{unit}")
        except SweepError as error:
            self.say(error.message, error=True)
            return
        self.say("")
        self.moved.emit(self.name, typed.text())


class LiveParametersPanel(QtWidgets.QWidget):
    """The sliders of a project's live parameters, and a form to add one (see the module).

    Signals
    -------
    change_requested(str, str)
        During a run: the user moved a slider (constant name, value text).
    """

    change_requested = QtCore.Signal(str, str)

    def __init__(self, model: ProjectModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._running = False
        #: The value texts chosen during the current run, by constant (the last one wins).
        self.live_values: dict[str, str] = {}
        self.rows: dict[str, SliderRow] = {}
        self.rows_widget = QtWidgets.QWidget()
        self.rows_layout = QtWidgets.QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.empty_label = QtWidgets.QLabel(
            "No sliders yet: add one for a constant below, then move it while the network "
            "runs to see the change at once.",
            wordWrap=True,
        )
        self.keep_box = QtWidgets.QCheckBox("Keep the live values after the run")
        self.keep_box.setObjectName("keep_live_values")
        self.keep_box.setToolTip(
            "Checked: the values the sliders had when the run ended become the constants' "
            "values (one undo step). Unchecked: the constants keep the values they had before."
        )
        self.keep_box.setChecked(True)
        self.name_box = QtWidgets.QComboBox(objectName="live_name")
        self.minimum_edit = QtWidgets.QLineEdit(objectName="live_minimum", placeholderText="0*mV")
        self.maximum_edit = QtWidgets.QLineEdit(objectName="live_maximum", placeholderText="2*mV")
        self.step_edit = QtWidgets.QLineEdit(
            objectName="live_step", placeholderText="a hundredth of the range"
        )
        self.add_button = QtWidgets.QPushButton("Add Slider", objectName="live_add")
        self.add_message = QtWidgets.QLabel(wordWrap=True)
        self.add_message.setStyleSheet(_ERROR_STYLE)
        self.add_message.hide()
        form = QtWidgets.QFormLayout()
        form.addRow("Constant", self.name_box)
        form.addRow("Minimum", self.minimum_edit)
        form.addRow("Maximum", self.maximum_edit)
        form.addRow("Step", self.step_edit)
        adder = QtWidgets.QGroupBox("New slider")
        adder_layout = QtWidgets.QVBoxLayout(adder)
        adder_layout.addLayout(form)
        adder_layout.addWidget(self.add_message)
        adder_layout.addWidget(self.add_button, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.keep_box)
        layout.addWidget(adder)
        self.add_button.clicked.connect(self.add_slider)
        self.name_box.currentTextChanged.connect(self._suggest_range)
        model.project_changed.connect(self._project_changed)
        model.node_changed.connect(self._node_changed)
        model.node_added.connect(lambda _: self.rebuild())
        model.node_removed.connect(lambda _: self.rebuild())
        model.project_replaced.connect(self.rebuild)
        self.rebuild()

    @property
    def project(self) -> Project:
        """The project the sliders edit."""
        return self._model.project

    # -- building ------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Show a slider for each of the project's live parameters (those that can be one)."""
        project = self._model.project
        for row in self.rows.values():
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = {}
        for parameter in project.live_parameters:
            if parameter.name in self.rows:
                continue  # validate reports the second slider of a constant
            try:
                numbers = slider(parameter, project)
            except LiveParameterError:
                continue  # validate reports it at live_parameters.<name>.<field>
            row = SliderRow(numbers, self.rows_widget)
            row.live = self._running
            row.moved.connect(self._moved)
            row.remove_requested.connect(self.remove_slider)
            self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
            self.rows[parameter.name] = row
        self.empty_label.setVisible(not self.rows)
        self._show_values()
        used = {p.name for p in project.live_parameters}
        self.name_box.clear()
        self.name_box.addItems([name for name in slidable(project) if name not in used])

    def _suggest_range(self, name: str) -> None:
        """Show a range around the value (constant or field), in its unit, as examples."""
        try:
            value = parse_value(_text_of(self._model.project, name))
        except SweepError:  # an expression: its display unit, from its value
            computed = _value_of(self._model.project, name)
            unit = get_unit_for_display(get_dimensions(computed)) if computed is not None else ""
            value = Value(0.0, "" if unit == "1" else unit)
        suffix = f"*{value.unit}" if value.unit else ""
        # From zero to twice the value (on its side of zero); 0 to 1 for a value of zero.
        low, high = sorted((0.0, 2 * value.number)) if value.number else (0.0, 1.0)
        self.minimum_edit.setPlaceholderText(f"{low:g}{suffix}")
        self.maximum_edit.setPlaceholderText(f"{high:g}{suffix}")

    def _project_changed(self, field: str) -> None:
        if field in ("live_parameters", "constants"):
            self.rebuild()

    def _node_changed(self, node_id: str, field: str) -> None:
        node = next((n for n in self._model.project.nodes if n.id == node_id), None)
        if node is not None and f"{node.name}.{field}" in self.rows:
            self._show_values()

    def _show_values(self) -> None:
        for name, row in self.rows.items():
            if self._running and name in self.live_values:
                continue  # the live value, not the document's, is what runs
            value = _value_of(self._model.project, name)
            if not isinstance(value, SupportsFloat):  # not computable: validate says why
                row.show_value(None, "?")
                continue
            row.show_value(float(value) / Value(1.0, row.numbers.unit).si)

    # -- editing -------------------------------------------------------------------------------

    def add_slider(self) -> bool:
        """Add the slider the form describes; return whether it was added."""
        parameter_data = {
            "name": self.name_box.currentText(),
            "minimum": self.minimum_edit.text().strip(),
            "maximum": self.maximum_edit.text().strip(),
            "step": self.step_edit.text().strip(),
        }
        if not parameter_data["name"]:
            return self._refuse("Everything that can have a slider has one (or there is nothing)")
        for key in ("minimum", "maximum"):
            if not parameter_data[key]:
                return self._refuse(f"Give the slider's {key}, e.g. 0*mV")
        try:
            parameter = LiveParameter(**parameter_data)
            slider(parameter, self._model.project)
        except LiveParameterError as error:
            return self._refuse(error.message)
        except ValueError as error:  # the model's own checks (a name that is not one)
            return self._refuse(_first_line(error))
        try:
            self._model.set_project_field(
                "live_parameters", [*self._model.project.live_parameters, parameter]
            )
        except FieldError as error:
            return self._refuse(str(error))
        self.add_message.hide()
        for edit in (self.minimum_edit, self.maximum_edit, self.step_edit):
            edit.clear()
        return True

    def _refuse(self, message: str) -> bool:
        self.add_message.setText(message)
        self.add_message.show()
        return False

    def remove_slider(self, name: str) -> None:
        """Remove the slider of the constant ``name`` (one undo step)."""
        kept = [p for p in self._model.project.live_parameters if p.name != name]
        self._model.set_project_field("live_parameters", kept)

    def _moved(self, name: str, text: str) -> None:
        if self._running:
            self.live_values[name] = text
            self.change_requested.emit(name, text)
            return
        try:
            self._set({name: text})
        except FieldError as error:
            self.rows[name].say(str(error), error=True)

    def _set(self, values: dict[str, str]) -> None:
        """Write value texts into the document: constants at once, node fields one by one."""
        project = self._model.project
        fields = {name: text for name, text in values.items() if "." in name}
        constants = {name: text for name, text in values.items() if "." not in name}
        if constants:
            self._model.set_project_field(
                "constants",
                [
                    Constant(name=c.name, value=constants.get(c.name, c.value), notes=c.notes)
                    for c in project.constants
                ],
            )
        for name, text in fields.items():
            node_name, _, field = name.partition(".")
            node = next(n for n in project.nodes if n.name == node_name)
            self._model.set_field(node.id, field, text)

    # -- runs ----------------------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        """Follow the run: sliders change the running simulation while ``running``."""
        self._running = running
        if running:
            self.live_values = {}
        for row in self.rows.values():
            row.live = running
            row.say("")

    def show_refusal(self, name: str, message: str) -> None:
        """Show why the run refused a change of ``name`` (and its slider's document value)."""
        row = self.rows.get(name)
        if row is not None:
            row.say(message, error=True)
        self.live_values.pop(name, None)

    def show_applied(self, name: str, text: str, t: float) -> None:
        """Show that ``name`` took the value ``text`` at the simulated time ``t`` (seconds)."""
        row = self.rows.get(name)
        if row is not None:
            row.say(f"{text} from t = {t * 1000:.1f} ms")

    def end_run(self) -> bool:
        """End the run: keep the live values in the document, or go back to its values.

        Returns whether live values were kept (the project then holds what the run ended with).
        """
        chosen, self.live_values = self.live_values, {}
        self.set_running(False)
        kept = bool(chosen) and self.keep_box.isChecked()
        if kept:
            stack = self._model.undo_stack
            stack.beginMacro("keep the live values")  # one undo step for constants and fields
            try:
                self._set(chosen)
            finally:
                stack.endMacro()
        self._show_values()
        return kept


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0]


def slidable(project: Project) -> list[str]:
    """Return what may have a slider: the constants, then the node fields a run may change."""
    from engine.project.live import LIVE_FIELDS  # reads the build plan: imported when used

    names = [c.name for c in project.constants]
    for node in project.nodes:
        for kind, field in LIVE_FIELDS:
            if node.kind == kind:
                name = f"{node.name}.{field}"
                try:
                    current_value(name, project)
                except LiveParameterError:  # model text (rates over time): not a slider
                    continue
                names.append(name)
    return names


def _text_of(project: Project, name: str) -> str:
    """Return the text of a constant's value, or of ``node.field``."""
    if "." in name:
        node_name, _, field = name.partition(".")
        node = next((n for n in project.nodes if n.name == node_name), None)
        return str(getattr(node, field, "")) if node is not None else ""
    return next((c.value for c in project.constants if c.name == name), "")


def _value_of(project: Project, name: str) -> object | None:
    """Return the value a slider of ``name`` shows (None when it cannot be computed)."""
    try:
        return current_value(name, project)
    except LiveParameterError:
        return None
