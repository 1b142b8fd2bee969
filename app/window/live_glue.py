"""How the Live Parameters panel and the run toolbar's pace reach a run.

During a run the panel's sliders change the running simulation (`RunController.set_live`): a
change the engine refuses is shown at its slider; when the run ends, the panel keeps the last
live values in the document or not, as the user chose. The pace chosen in the toolbar applies
to the run going on and to the next ones. A run that `RunController.forget` dropped (File →
New, Open) keeps nothing: its project is gone.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.live.panel import LiveParametersPanel
from app.run.controller import RunController
from engine.project.errors import ProjectError
from engine.project.results import Results

__all__ = ["LiveGlue"]


class LiveGlue(QtCore.QObject):
    """Connects the panel, the pace box and the run controller (see the module)."""

    def __init__(
        self,
        panel: LiveParametersPanel,
        runner: RunController,
        pace_box: QtWidgets.QComboBox,
        status_bar: QtWidgets.QStatusBar,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._panel, self._runner = panel, runner
        self._pace_box, self._status_bar = pace_box, status_bar
        panel.change_requested.connect(self.change)
        runner.started.connect(lambda *_: panel.set_running(True))
        runner.finished.connect(self._ended)
        runner.failed.connect(lambda _: panel.end_run())
        runner.discarded.connect(lambda: panel.set_running(False))
        runner.live_refused.connect(panel.show_refusal)
        pace_box.currentIndexChanged.connect(self._pace_chosen)

    def change(self, name: str, value: str) -> None:
        """Hand a slider's change to the run; show a refusal at the slider."""
        try:
            self._runner.set_live(name, value)
        except ProjectError as error:  # LiveChangeError: the place is the slider
            self._panel.show_refusal(name, str(error))

    def _ended(self, results: Results) -> None:
        changes = getattr(results, "changes", [])
        if changes:
            shown = ", ".join(f"{c.name} = {c.value} at {c.t * 1000:.1f} ms" for c in changes[-3:])
            more = f" (and {len(changes) - 3} more)" if len(changes) > 3 else ""
            self._status_bar.showMessage(f"Live changes: {shown}{more}", 10000)
        if self._panel.end_run():  # the project holds what the run ended with: Continue
            self._runner.adopt_live_values(self._panel.project)

    def _pace_chosen(self, index: int) -> None:
        self._runner.set_pace(self._pace_box.itemData(index))
