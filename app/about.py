"""Help → About: what SpikeCanvas is, and the versions of everything it runs on."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

import PySide6
from PySide6 import QtCore, QtGui, QtWidgets

import engine
from app import __version__, resources
from app.canvas.nodegraph import __nodegraphqt_version__


def _installed_version(distribution: str) -> str:
    # Read from the installed metadata rather than importing (pyqtgraph takes ~0.3 s to import).
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def component_versions() -> dict[str, str]:
    """Return the version of SpikeCanvas and of each component it runs on, in display order."""
    return {
        "SpikeCanvas": __version__,
        "engine": engine.__version__,
        "Python": platform.python_version(),
        "Qt": QtCore.qVersion(),
        "PySide6": PySide6.__version__,
        "NodeGraphQt": __nodegraphqt_version__,
        "pyqtgraph": _installed_version("pyqtgraph"),
        "numpy": _installed_version("numpy"),
    }


def versions_text() -> str:
    """Return the versions as plain text, one ``name: version`` per line, for bug reports."""
    return "\n".join(f"{name}: {value}" for name, value in component_versions().items())


class AboutDialog(QtWidgets.QDialog):
    """A small, non-modal dialog with the product description and a version table."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle("About SpikeCanvas")

        logo = QtWidgets.QLabel()
        logo.setPixmap(QtGui.QIcon(str(resources.path("icons", "spikecanvas.svg"))).pixmap(64))
        title = QtWidgets.QLabel(f"<h2>SpikeCanvas {__version__}</h2>")
        blurb = QtWidgets.QLabel(
            "Build spiking neural networks on a canvas, simulate them with SpikeCanvas's "
            "code-generating engine, and watch them run. The engine follows Brian 2's names "
            "and semantics."
        )
        blurb.setWordWrap(True)

        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setObjectName("versions_table")
        self.table.setHorizontalHeaderLabels(["Component", "Version"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        for name, value in component_versions().items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
            self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
            + 2 * self.table.frameWidth()
        )

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            "Copy versions", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip("Copy the version list, e.g. for a bug report")
        self.copy_button.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.close)

        header = QtWidgets.QHBoxLayout()
        header.addWidget(logo, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        text = QtWidgets.QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        header.addLayout(text, 1)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def copy_versions(self) -> None:
        """Put the version list on the clipboard."""
        QtWidgets.QApplication.clipboard().setText(versions_text())
