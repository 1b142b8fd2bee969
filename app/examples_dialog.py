"""File → Open Example: the bundled examples, each with its title and a one-line summary."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6 import QtCore, QtWidgets

from app.files import Example

__all__ = ["ExamplesDialog"]


class ExamplesDialog(QtWidgets.QDialog):
    """Lists examples to pick one from; `chosen` is the selected one.

    Opening an example opens a copy of it: the dialog only chooses.
    """

    def __init__(
        self, examples: Sequence[Example], parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("examples_dialog")
        self.setWindowTitle("Open Example")
        self._examples = list(examples)

        intro = QtWidgets.QLabel(
            "Open a copy of an example network. Your changes are saved to a new file; the "
            "example itself stays as it is."
        )
        intro.setWordWrap(True)

        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("examples_list")
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        for example in self._examples:
            item = QtWidgets.QListWidgetItem(self.list)
            item.setToolTip(str(example.path.name))
            label = QtWidgets.QLabel(f"<b>{escape(example.title)}</b><br>{escape(example.summary)}")
            label.setWordWrap(True)
            label.setContentsMargins(6, 6, 6, 6)
            label.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.list.setItemWidget(item, label)
            item.setSizeHint(QtCore.QSize(0, label.heightForWidth(480) + 4))
        self.list.itemDoubleClicked.connect(self.accept)
        if self._examples:
            self.list.setCurrentRow(0)

        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Open
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Open).setEnabled(
            bool(self._examples)
        )

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(540, 360)

    def chosen(self) -> Example | None:
        """Return the selected example (None if there is none)."""
        row = self.list.currentRow()
        return self._examples[row] if 0 <= row < len(self._examples) else None
