"""The summary of the last run: spikes and mean rate per group, simulated and wall time."""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from app.run.status import format_seconds
from engine.project.results import Results

__all__ = ["SummaryTable"]

_COLUMNS = ("Group", "Monitor", "Neurons", "Spikes", "Rate / neuron")


class SummaryTable(QtWidgets.QWidget):
    """A table of the last run's spike counts and rates, with its timing underneath."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_summary")
        self.table = QtWidgets.QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)  # the names
        self.footer = QtWidgets.QLabel("No run yet: press Run (Ctrl+R).")
        self.footer.setObjectName("summary_footer")
        self.footer.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addWidget(self.footer)

    def show_results(self, results: Results) -> None:
        """Fill the table from ``results``."""
        summary = results.summary()
        self.table.setRowCount(len(summary.groups))
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        for row, group in enumerate(summary.groups):
            rate = "n/a" if math.isnan(group.rate) else f"{group.rate:.3g} Hz"
            cells = (group.group, group.monitor, f"{group.size:,}", f"{group.spikes:,}", rate)
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(right)
                self.table.setItem(row, column, item)
        speed = "" if math.isnan(summary.speed) else f", {summary.speed:.3g}× real time"
        provenance = results.provenance
        self.footer.setText(
            f"{format_seconds(summary.simulated)} simulated in "
            f"{format_seconds(summary.wall_time)}{speed} ({summary.status}); build "
            f"{format_seconds(provenance.build_time)}; seed {provenance.seed}; "
            f"{provenance.target_used} target"
        )

    def rows(self) -> list[tuple[str, ...]]:
        """Return the table's text, row by row."""
        return [
            tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def clear(self) -> None:
        """Forget the last run."""
        self.table.setRowCount(0)
        self.footer.setText("No run yet: press Run (Ctrl+R).")
