"""The project's problems in the window, and going to one.

The validator's diagnostics and the last run's problems and warnings are shown together: on the
canvas's cards, at the inspector's fields, in the problems dock, and counted in the status bar.
Activating a problem selects its node and puts the cursor where it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore, QtWidgets

from app.canvas.canvas import Canvas
from app.inspector.inspector import Inspector
from app.model import ProjectModel
from app.problems import ProblemsView
from app.run import RunController
from engine.project import Diagnostic

__all__ = ["ProblemDisplay"]


class ProblemDisplay(QtCore.QObject):
    """Shows the project's problems in every view, and goes to one.

    Parameters
    ----------
    model
        The edited project.
    runner
        The run controller: its last run's problems are shown with the validator's.
    canvas, inspector, problems
        The views that show the problems.
    inspector_dock, problems_dock
        Their docks, raised to show a problem.
    parent
        The part's owner (the window keeps its parts together).

    Attributes
    ----------
    summary
        The status bar's count of errors and warnings.
    """

    def __init__(
        self,
        *,
        model: ProjectModel,
        runner: RunController,
        canvas: Canvas,
        inspector: Inspector,
        problems: ProblemsView,
        inspector_dock: QtWidgets.QDockWidget,
        problems_dock: QtWidgets.QDockWidget,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._runner = runner
        self._canvas = canvas
        self._inspector = inspector
        self._problems = problems
        self._inspector_dock = inspector_dock
        self._problems_dock = problems_dock
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("problem_summary")
        self.summary.setContentsMargins(8, 0, 8, 0)

    def show_problem(self, diagnostic: Diagnostic) -> None:
        """Select a problem's node, show it in the inspector and put the cursor on the field."""
        node_id = diagnostic.node_id
        if node_id is not None and not any(n.id == node_id for n in self._model.project.nodes):
            return
        self._canvas.select([node_id] if node_id is not None else [])
        self._inspector.show_node(node_id)
        self._inspector_dock.show()
        self._inspector_dock.raise_()
        if diagnostic.field:
            self._inspector.focus_field(diagnostic.field, diagnostic.line, diagnostic.column)

    def show_diagnostics(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Show ``diagnostics`` (the validator's) and the last run's problems in every view."""
        last_run = self._runner.last_run
        shown = list(diagnostics) + (last_run.diagnostics if last_run is not None else [])
        self._canvas.set_diagnostics(shown)
        self._inspector.set_diagnostics(shown)
        self._problems.set_diagnostics(shown)

    def show_count(self, errors: int, warnings: int) -> None:
        """Show how many errors and warnings there are (status bar, problems dock's title)."""
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors > 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings > 1 else ''}")
        self.summary.setText(" · ".join(parts) if parts else "No problems")
        self._problems_dock.setWindowTitle(
            f"Problems ({errors + warnings})" if errors + warnings else "Problems"
        )

    def show_problems_dock(self) -> None:
        """Raise the problems dock (a run was refused or failed)."""
        self._problems_dock.show()
        self._problems_dock.raise_()
