"""The dialog that asks which neurons a raster's selection shows (range, step, order)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6 import QtWidgets

from app.plots.views.raster import selection_from_options, selection_options
from engine.project.analysis import Selection

__all__ = ["SelectionDialog", "SelectionQuestion", "ask_selection"]

#: Asks for a selection: (parent, group size, current options) -> new options, or None.
SelectionQuestion = Callable[[QtWidgets.QWidget, int, Mapping[str, str]], "dict[str, str] | None"]


class SelectionDialog(QtWidgets.QDialog):
    """First and last neuron, every k-th, and the order of the rows."""

    def __init__(
        self, parent: QtWidgets.QWidget | None, size: int, options: Mapping[str, str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Raster of a selection of neurons")
        try:
            selection = selection_from_options(dict(options))
        except ValueError:
            selection = Selection()
        top = max(size - 1, 0)
        self.first = QtWidgets.QSpinBox()
        self.first.setObjectName("selection_first")
        self.first.setRange(0, top)
        self.first.setValue(min(selection.first, top))
        self.last = QtWidgets.QSpinBox()
        self.last.setObjectName("selection_last")
        self.last.setRange(0, top)
        self.last.setValue(top if selection.last is None else min(selection.last, top))
        self.step = QtWidgets.QSpinBox()
        self.step.setObjectName("selection_step")
        self.step.setRange(1, max(size, 1))
        self.step.setValue(selection.step)
        self.order = QtWidgets.QComboBox()
        self.order.setObjectName("selection_order")
        self.order.addItem("by index", "index")
        self.order.addItem("by rate (the most active on top)", "rate")
        self.order.setCurrentIndex(1 if selection.order == "rate" else 0)
        form = QtWidgets.QFormLayout(self)
        form.addRow("First neuron:", self.first)
        form.addRow("Last neuron:", self.last)
        form.addRow("Every k-th neuron, k =", self.step)
        form.addRow("Rows ordered:", self.order)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> dict[str, str]:
        """Return the chosen selection as the view's options (first and last in order)."""
        first, last = sorted((self.first.value(), self.last.value()))
        return selection_options(
            Selection(first, last, self.step.value(), str(self.order.currentData()))
        )


def ask_selection(
    parent: QtWidgets.QWidget, size: int, options: Mapping[str, str]
) -> dict[str, str] | None:
    """Ask which neurons to show; return the view's options, or None if cancelled."""
    dialog = SelectionDialog(parent, size, options)
    accepted = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
    chosen = dialog.options() if accepted else None
    dialog.deleteLater()
    return chosen
