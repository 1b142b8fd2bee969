"""The summary of the last run: spikes and mean rate per group, simulated, compile and wall time.

Every group whose spikes are known has a row: counted by its SpikeMonitor, or from its
PopulationRateMonitor (the rate times dt times N, step by step) when it has no SpikeMonitor.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from app.run.status import format_seconds
from engine.project.results import Results

__all__ = ["SummaryTable"]

_COLUMNS = ("Group", "Monitor", "Neurons", "Spikes", "Rate / neuron")
_FROM_RATE = "counted from the population rate (rate × dt × neurons, step by step)"
_NOT_COUNTED = (
    "No spike or population-rate monitor records a group: add a SpikeMonitor to count spikes."
)


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
            from_rate = group.kind == "PopulationRateMonitor"
            monitor = f"{group.monitor} (rate)" if from_rate else group.monitor
            cells = (group.group, monitor, f"{group.size:,}", f"{group.spikes:,}", rate)
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(right)
                if from_rate and column in (1, 3):
                    item.setToolTip(f"The spikes of {group.group}, {_FROM_RATE}")
                self.table.setItem(row, column, item)
        speed = "" if math.isnan(summary.speed) else f", {summary.speed:.3g}× real time"
        provenance = results.provenance
        compiled = (
            f"; compiling {format_seconds(summary.compile_time)} (a network's first compiled "
            "run only)"
            if summary.compile_time
            else ""
        )
        lines = [
            f"{format_seconds(summary.simulated)} simulated in "
            f"{format_seconds(summary.run_time)}{speed} ({summary.status}){compiled}; build "
            f"{format_seconds(provenance.build_time)}; seed {provenance.seed}; "
            f"{provenance.target_used} target"
        ]
        if not summary.groups:
            lines.append(_NOT_COUNTED)
        self.footer.setText("\n".join(lines))

    def rows(self) -> list[tuple[str, ...]]:
        """Return the table's text, row by row."""
        return [
            tuple(_text(self.table.item(r, c)) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def clear(self) -> None:
        """Forget the last run."""
        self.table.setRowCount(0)
        self.footer.setText("No run yet: press Run (Ctrl+R).")


def _text(item: QtWidgets.QTableWidgetItem | None) -> str:
    """Return the text of a cell (every cell of the table has an item)."""
    return item.text() if item is not None else ""
