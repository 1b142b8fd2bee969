"""Runs in the window: starting, continuing and stopping them, their progress and results.

Run validates the project in the GUI thread (errors block it, listed in the problems dock),
pauses the validator (it builds engine objects, and the engine runs one thing at a time) and
hands the project to the `RunController`'s worker thread. Its reports feed the plots and the
status bar; its end shows the results (summary, plots) or the failure. Run, Continue, Stop,
Export Results and Export Plots are enabled here, as the run's state allows.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.model import DiagnosticsRunner, ProjectModel
from app.plots import PlotArea
from app.prompts import Prompts
from app.run import RunController, RunState
from app.run.status import RunStatus
from app.run.summary import SummaryTable
from app.run.worker import UnexpectedError
from app.window.actions import WindowActions
from app.window.part import WindowPart
from app.window.problems import ProblemDisplay
from engine.project import BuildError, Project, RunError
from engine.project.plotting import is_monitor
from engine.project.results import Results
from engine.project.runner import Progress

__all__ = ["MIN_PLOTS_HEIGHT", "RunGlue"]

#: A plots dock lower than this grows when a run starts, so that the panels can be read.
MIN_PLOTS_HEIGHT = 220


class RunGlue(WindowPart):
    """Connects the window's runs to its views: commands, progress, results, failures.

    Parameters
    ----------
    window, model, prompts, parent
        As for every `WindowPart`.
    diagnostics
        The validator, run before each run and paused during it.
    runner
        Runs the project in a worker thread and keeps the last run.
    run_status
        The status bar's progress of the run.
    plots, plots_dock
        The plot panels, and their dock (raised when a run starts).
    summary
        The run summary.
    problems
        Shows the problems that block or fail a run.
    actions
        The window's actions (the run's are enabled here).
    """

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        *,
        model: ProjectModel,
        diagnostics: DiagnosticsRunner,
        runner: RunController,
        run_status: RunStatus,
        plots: PlotArea,
        plots_dock: QtWidgets.QDockWidget,
        summary: SummaryTable,
        prompts: Prompts,
        problems: ProblemDisplay,
        actions: WindowActions,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(window, model, prompts, parent)
        self._diagnostics = diagnostics
        self._runner = runner
        self._run_status = run_status
        self._plots = plots
        self._plots_dock = plots_dock
        self._summary = summary
        self._problems = problems
        self._actions = actions

    @property
    def results(self) -> Results | None:
        """The results of the last run (None before the first, and after New or Open)."""
        last_run = self._runner.last_run
        return last_run.results if last_run is not None else None

    # -- commands --------------------------------------------------------------------------------

    def run_network(self) -> bool:
        """Run the project from the start in the worker thread; return whether it started.

        A project with errors does not run: the problems dock lists them.
        """
        return self._start_run(resume=False)

    def continue_run(self) -> bool:
        """Run the last run's network further for the run's duration; return whether it started."""
        if not self._runner.running and not self._runner.can_continue(self._model.project):
            self._status_bar.showMessage(
                "The last run cannot be continued (the network changed, or the run failed): "
                "press Run to start afresh",
                8000,
            )
            return False
        return self._start_run(resume=True)

    def stop_run(self) -> bool:
        """Stop the run at its next report, keeping what was recorded; return whether asked."""
        if not self._runner.stop():
            return False
        self._run_status.show_stopping()
        return True

    def edit_run_settings(self) -> bool:
        """Show the run settings dialog; apply its settings as one undo step if accepted."""
        settings = self._prompts.run_settings(self._window, self._model.project.run)
        if settings is None or settings == self._model.project.run:
            return False
        self._model.set_project_field("run", settings)
        return True

    # -- the run's signals -----------------------------------------------------------------------

    def run_started(self, project: Project, resumed: bool) -> None:
        """Set up the plots (unless continued) and show them, with the run's status."""
        if not resumed:
            self._plots.setup(project)
        self._plots_dock.show()
        self._plots_dock.raise_()
        if self._plots_dock.height() < MIN_PLOTS_HEIGHT:  # still the problems' small strip
            self._window.resizeDocks(
                [self._plots_dock],
                [int(self._window.height() * 0.45)],
                QtCore.Qt.Orientation.Vertical,
            )
        self._run_status.show_started(project.run.duration, resumed)
        self._status_bar.clearMessage()

    def run_progressed(self, progress: Progress) -> None:
        """Draw what the run recorded since its last report, and show how far it is."""
        self._plots.append(progress.data)
        self._plots.set_time(progress.t)
        self._run_status.show_progress(progress)

    def run_state_changed(self, state: RunState) -> None:
        """Resume the validator once no run is left, and enable the run's actions."""
        if state is RunState.IDLE:
            self._diagnostics.set_paused(False)
        self.update_actions()

    def run_finished(self, results: Results) -> None:
        """Show the results of a run that completed or was stopped."""
        self._show_results(results)
        status = results.provenance.status
        self._run_status.show_ended(results, "Completed" if status == "completed" else "Stopped")

    def run_failed(self, error: Exception) -> None:
        """Show what a failed run recorded, and why it failed."""
        results = getattr(error, "results", None)
        if results is not None:
            self._show_results(results)
        if isinstance(error, (BuildError, RunError)):
            self._problems.show_problems_dock()
            self._run_status.show_ended(results, "Run failed")
            self._status_bar.showMessage(f"The run failed: {error}", 15000)
        else:
            self._run_status.show_ended(None, "Run failed")
            details = error.details if isinstance(error, UnexpectedError) else ""
            self._prompts.error(
                self._window,
                "Run failed",
                f"The run failed unexpectedly: {error}. Your project is unchanged; please "
                "report this with the details.",
                details,
            )

    def outcome_changed(self, *_: object) -> None:
        """Show the last run's problems and warnings (in the problems dock) and its exports."""
        self._problems.show_diagnostics(self._diagnostics.diagnostics)
        self.update_actions()

    def forget_run(self, *_: object) -> None:
        """Drop the last run with its project (New, Open): plots, status, summary, exports."""
        self._runner.forget()
        self._plots.clear()
        self._summary.clear()
        if self._runner.running:  # stopping it: `discarded` clears the status once it ended
            self._run_status.show_stopping()
        else:
            self._run_status.clear()
        self.update_actions()

    # -- the project's and the plots' signals ----------------------------------------------------

    def panel_toggled(self, node_id: str, visible: bool) -> None:
        """Keep a plot panel's visibility in its monitor's node (saved with the project)."""
        if any(n.id == node_id for n in self._model.project.nodes):
            self._model.set_field(node_id, "plot.visible", visible)

    def panel_view_chosen(self, node_id: str, view: str, options: dict[str, str]) -> None:
        """Keep a panel's analysis view in its monitor's node (saved with the project)."""
        node = next((n for n in self._model.project.nodes if n.id == node_id), None)
        if node is not None and is_monitor(node):  # panels are monitors'
            chosen = node.plot.model_copy(update={"view": view, "view_options": dict(options)})
            self._model.set_field(node_id, "plot", chosen)

    def node_changed(self, node_id: str, field: str) -> None:
        """Apply a monitor's changed plot settings to its panel."""
        if field.startswith("plot") and any(p.node_id == node_id for p in self._plots.panels):
            node = self._model.node(node_id)
            if is_monitor(node):  # panels are monitors'
                self._plots.update_settings(node)
        self.update_actions()

    def update_actions(self, *_: object) -> None:
        """Enable Run, Continue, Stop and the exports as the run's state allows."""
        actions = self._actions
        running = self._runner.running
        actions.action_run.setEnabled(not running)
        actions.action_continue.setEnabled(self._runner.can_continue(self._model.project))
        actions.action_stop.setEnabled(self._runner.state is RunState.RUNNING)
        actions.action_export_results.setEnabled(self.results is not None)
        actions.action_export_plots.setEnabled(bool(self._plots.panels))

    # -- helpers ---------------------------------------------------------------------------------

    def _start_run(self, resume: bool) -> bool:
        if self._runner.running:
            return False
        errors = [d for d in self._diagnostics.validate_now() if d.severity == "error"]
        self._problems.show_diagnostics(self._diagnostics.diagnostics)
        if errors:
            self._problems.show_problems_dock()
            count = f"{len(errors)} problem{'s' if len(errors) > 1 else ''}"
            self._status_bar.showMessage(f"Fix the {count} listed before running", 8000)
            return False
        # The validator builds engine objects: not while the worker runs the engine.
        self._diagnostics.set_paused(True)
        self._runner.start(self._model.project, resume=resume)
        return True

    def _show_results(self, results: Results) -> None:
        self._summary.show_results(results)
        self._plots.set_time(results.provenance.simulated)
        self._plots.redraw()
        self.update_actions()
