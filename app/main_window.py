"""The main window: canvas in the centre, docks around it, menus, files and runs.

The window owns the edited project (`ProjectModel`) and wires the views to it; the views never
talk to each other except through the model and the signals connected here. Every question
to the user goes through `prompts` (see `app.prompts`), so tests can answer them.

The window only assembles: its parts (`app.window`) each do one job — the docks' layout, the
actions and menus, the project's files, the exports, editing nodes, showing problems, and
runs — and the window connects them and offers their commands as its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.about import AboutDialog
from app.canvas.canvas import Canvas
from app.files import Autosaver, RecentFiles, examples_dir
from app.files.recovery import DEFAULT_INTERVAL_MS
from app.help import ONLINE_DOCS, GuideWindow, user_guide_path
from app.inspector.inspector import Inspector
from app.live.panel import LiveParametersPanel
from app.model import DiagnosticsRunner, ProjectModel
from app.palette import Palette
from app.plots import PlotArea
from app.problems import ProblemsView
from app.prompts import DialogPrompts, Prompts
from app.run import RunController
from app.run.status import RunStatus
from app.run.summary import SummaryTable
from app.window import layout
from app.window.actions import WindowActions
from app.window.editing import EditCommands
from app.window.exports import Exports
from app.window.files import ProjectFiles
from app.window.layout import (
    DEFAULT_SIZE,
    MIN_CANVAS_SIZE,
    MIN_INSPECTOR_WIDTH,
    MIN_PALETTE_WIDTH,
)
from app.window.live_glue import LiveGlue
from app.window.problems import ProblemDisplay
from app.window.run_glue import RunGlue
from engine.project import Diagnostic
from engine.project.results import Results

__all__ = [
    "DEFAULT_SIZE",
    "MIN_CANVAS_SIZE",
    "MIN_INSPECTOR_WIDTH",
    "MIN_PALETTE_WIDTH",
    "MainWindow",
]


class MainWindow(QtWidgets.QMainWindow):
    """SpikeCanvas's main window.

    Parameters
    ----------
    parent
        The parent widget (normally None).
    settings
        Where window geometry, dock layout and recent files persist (default: the
        application's `QSettings`). Tests pass their own.
    prompts
        The questions to the user (default: Qt's dialogs, `app.prompts.DialogPrompts`).
    recovery_folder
        Where autosave writes recovery files (default: the user's data folder).
    autosave_ms
        The autosave period.
    examples_folder
        The bundled examples (default: `app.files.examples_dir`).

    Attributes
    ----------
    model
        The edited project.
    canvas, inspector, node_palette, problems, plots, summary
        The views.
    runner
        Runs the project in a worker thread, and keeps what the last run left
        (``runner.last_run``: results, problems, warnings).
    run_toolbar
        Run, Stop, Continue and Run Settings.
    action_new, action_open, ..., action_about
        The actions of the menus (`app.window.actions.WindowActions`).
    files, exports, editing, problem_display, run_glue, window_actions
        The window's parts (`app.window`).
    """

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        settings: QtCore.QSettings | None = None,
        prompts: Prompts | None = None,
        recovery_folder: Path | None = None,
        autosave_ms: int = DEFAULT_INTERVAL_MS,
        examples_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        # The window's first child, so the first deleted with it: signals the model and the
        # views send while they are deleted must not reach parts whose window is gone.
        parts = QtCore.QObject(self)
        self.settings = settings if settings is not None else QtCore.QSettings()
        self.prompts: Prompts = prompts if prompts is not None else DialogPrompts()
        self._about: AboutDialog | None = None
        self._guide: GuideWindow | None = None

        self.model = ProjectModel(parent=self)
        self.diagnostics = DiagnosticsRunner(self.model, parent=self)
        self.recent = RecentFiles(self.settings, parent=self)
        self.autosaver = Autosaver(self.model, recovery_folder, autosave_ms, parent=self)

        self.canvas = Canvas(self.model, self)
        self.canvas.widget.setObjectName("canvas")
        self.graph = self.canvas.graph
        self.setCentralWidget(self.canvas.widget)
        self.node_palette = Palette()
        self.inspector = Inspector(self.model)
        self.inspector.setObjectName("inspector")
        self.problems = ProblemsView(self.model)
        self.plots = PlotArea()
        self.plots.setObjectName("plots")
        # The panels' own Save image… button asks and reports through the window's prompts.
        self.plots.ask_image_path = lambda parent, name: self.prompts.image_path(
            parent, self.files.last_folder() / name
        )
        self.plots.report_error = lambda parent, title, text: self.prompts.error(
            parent, title, text
        )
        self.summary = SummaryTable()
        self.live_panel = LiveParametersPanel(self.model)
        self.live_panel.setObjectName("live_parameters")
        self.runner = RunController(self)
        self.run_status = RunStatus()

        self._docks = layout.create_docks(
            self,
            canvas=self.canvas.widget,
            palette=self.node_palette,
            inspector=self.inspector,
            problems=self.problems,
            plots=self.plots,
            summary=self.summary,
            live=self.live_panel,
        )
        self.palette_dock = self._docks.palette
        self.inspector_dock = self._docks.inspector
        self.problems_dock = self._docks.problems
        self.plots_dock = self._docks.plots
        self.summary_dock = self._docks.summary
        self.live_dock = self._docks.live

        self.window_actions = WindowActions(
            self,
            commands=self,
            undo_stack=self.model.undo_stack,
            select_all=self.canvas.select_all,
            zoom_to_fit=self.canvas.zoom_to_fit,
            recent=self.recent,
            docks=self._docks,
            parent=parts,
        )
        self._adopt_actions(self.window_actions)

        self.problem_display = ProblemDisplay(
            model=self.model,
            runner=self.runner,
            canvas=self.canvas,
            inspector=self.inspector,
            problems=self.problems,
            inspector_dock=self.inspector_dock,
            problems_dock=self.problems_dock,
            parent=parts,
        )
        self.problem_summary = self.problem_display.summary
        self.statusBar().addPermanentWidget(self.run_status)
        self.statusBar().addPermanentWidget(self.problem_summary)
        self.statusBar().showMessage("Ready")
        self.problem_display.show_count(0, 0)

        self.files = ProjectFiles(
            self,
            model=self.model,
            prompts=self.prompts,
            settings=self.settings,
            recent=self.recent,
            autosaver=self.autosaver,
            canvas=self.canvas,
            inspector=self.inspector,
            examples_folder=examples_folder if examples_folder is not None else examples_dir(),
            recovery_folder=recovery_folder,
            parent=parts,
        )
        self.editing = EditCommands(
            status_bar=self.statusBar(),
            model=self.model,
            canvas=self.canvas,
            actions=self.window_actions,
            parent=parts,
        )
        self.run_glue = RunGlue(
            self,
            model=self.model,
            diagnostics=self.diagnostics,
            runner=self.runner,
            run_status=self.run_status,
            plots=self.plots,
            plots_dock=self.plots_dock,
            summary=self.summary,
            prompts=self.prompts,
            problems=self.problem_display,
            actions=self.window_actions,
            parent=parts,
        )
        self.live_glue = LiveGlue(
            self.live_panel,
            self.runner,
            self.window_actions.pace_box,
            self.statusBar(),
            parent=parts,
        )
        self.exports = Exports(
            self,
            model=self.model,
            prompts=self.prompts,
            files=self.files,
            run=self.run_glue,
            plots=self.plots,
            problems=self.problem_display,
            parent=parts,
        )
        self._connect()

        self.resize(DEFAULT_SIZE)
        layout.proportion_docks(self, self._docks)
        self._restored_geometry, self._restored_state = layout.restore_layout(self, self.settings)
        self.files.update_title()
        self.diagnostics.schedule()

    def _adopt_actions(self, actions: WindowActions) -> None:
        """Keep the actions, menus and toolbar under their names on the window too."""
        self.action_new = actions.action_new
        self.action_open = actions.action_open
        self.action_open_example = actions.action_open_example
        self.action_clear_recent = actions.action_clear_recent
        self.action_save = actions.action_save
        self.action_save_as = actions.action_save_as
        self.action_export = actions.action_export
        self.action_export_results = actions.action_export_results
        self.action_export_plots = actions.action_export_plots
        self.action_quit = actions.action_quit
        self.action_undo = actions.action_undo
        self.action_redo = actions.action_redo
        self.action_cut = actions.action_cut
        self.action_copy = actions.action_copy
        self.action_paste = actions.action_paste
        self.action_delete = actions.action_delete
        self.action_select_all = actions.action_select_all
        self.action_zoom_to_fit = actions.action_zoom_to_fit
        self.action_run = actions.action_run
        self.action_continue = actions.action_continue
        self.action_stop = actions.action_stop
        self.action_run_settings = actions.action_run_settings
        self.action_user_guide = actions.action_user_guide
        self.action_about = actions.action_about
        self.file_menu = actions.file_menu
        self.recent_menu = actions.recent_menu
        self.edit_menu = actions.edit_menu
        self.view_menu = actions.view_menu
        self.run_menu = actions.run_menu
        self.help_menu = actions.help_menu
        self.run_toolbar = actions.run_toolbar
        self.pace_box = actions.pace_box

    def _connect(self) -> None:
        model, files, run, shown = self.model, self.files, self.run_glue, self.problem_display
        model.undo_stack.cleanChanged.connect(files.update_title)
        model.path_changed.connect(files.update_title)
        model.project_replaced.connect(self.editing.update_actions)
        self.diagnostics.diagnostics_changed.connect(shown.show_diagnostics)
        self.canvas.selection_changed.connect(self._selection_changed)
        self.canvas.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.canvas.node_activated.connect(self._node_activated)
        self.node_palette.kind_activated.connect(self.editing.add_node_at_centre)
        self.problems.problem_activated.connect(shown.show_problem)
        self.problems.count_changed.connect(shown.show_count)
        self.recent.changed.connect(self.window_actions.rebuild_recent_menu)
        self.runner.state_changed.connect(run.run_state_changed)
        self.runner.started.connect(run.run_started)
        self.runner.progressed.connect(run.run_progressed)
        self.runner.finished.connect(run.run_finished)
        self.runner.failed.connect(run.run_failed)
        self.runner.outcome_changed.connect(run.outcome_changed)
        self.runner.discarded.connect(self.run_status.clear)
        self.runner.continuable_changed.connect(run.update_actions)
        self.run_status.stop_clicked.connect(run.stop_run)
        self.plots.visibility_changed.connect(run.panel_toggled)
        self.plots.view_changed.connect(run.panel_view_chosen)
        model.node_changed.connect(run.node_changed)
        model.project_replaced.connect(run.update_actions)
        model.project_replaced.connect(run.forget_run)
        for signal in (model.node_added, model.node_removed, model.edge_added, model.edge_removed):
            signal.connect(run.update_actions)
        model.project_changed.connect(run.update_actions)
        self.editing.update_actions()
        run.update_actions()
        QtWidgets.QApplication.clipboard().dataChanged.connect(self.editing.update_actions)

    def _selection_changed(self, ids: list) -> None:
        self.inspector.show_node(ids[0] if len(ids) == 1 else None)
        self.editing.update_actions()

    def _node_activated(self, node_id: str) -> None:
        self.inspector.show_node(node_id)
        self.inspector_dock.show()
        self.inspector_dock.raise_()

    # -- the parts' commands, as the window's ----------------------------------------------------

    @property
    def results(self) -> Results | None:
        """The results of the last run (None before the first, and after New or Open)."""
        return self.run_glue.results

    def start(self, project_path: str | Path | None = None) -> None:
        """Offer recovery, then open ``project_path`` (`ProjectFiles.start`)."""
        self.files.start(project_path)

    def new_project(self) -> bool:
        """Start an empty project (`ProjectFiles.new_project`)."""
        return self.files.new_project()

    def open_dialog(self) -> bool:
        """Ask for a project file and open it (`ProjectFiles.open_dialog`)."""
        return self.files.open_dialog()

    def open_file(self, path: str | Path) -> bool:
        """Open a project file; return whether it was opened (`ProjectFiles.open_file`)."""
        return self.files.open_file(path)

    def open_example_dialog(self) -> bool:
        """Ask which bundled example to open, and open a copy of it."""
        return self.files.open_example_dialog()

    def save(self) -> bool:
        """Save the project to its file (Save As if it has none); return whether saved."""
        return self.files.save()

    def save_as(self) -> bool:
        """Ask for a file and save the project there (`ProjectFiles.save_as`)."""
        return self.files.save_as()

    def export_script_dialog(self) -> bool:
        """Write the project as a Python script (`Exports.export_script_dialog`)."""
        return self.exports.export_script_dialog()

    def export_results_dialog(self) -> bool:
        """Write the last run's results (`Exports.export_results_dialog`)."""
        return self.exports.export_results_dialog()

    def export_plots_dialog(self) -> bool:
        """Save the plot panels as an image (`Exports.export_plots_dialog`)."""
        return self.exports.export_plots_dialog()

    def add_node_at_centre(self, kind: str) -> str:
        """Add a node of ``kind`` at the centre of the canvas view, select it; return its id."""
        return self.editing.add_node_at_centre(kind)

    def copy(self) -> bool:
        """Put the selected nodes (and the edges between them) on the clipboard."""
        return self.editing.copy()

    def cut(self) -> bool:
        """Copy the selected nodes, then delete them."""
        return self.editing.cut()

    def paste(self) -> list[str]:
        """Add copies of the nodes on the clipboard (fresh ids and names), select them."""
        return self.editing.paste()

    def delete_selected(self) -> None:
        """Delete the selected nodes and their connections (one undo step)."""
        self.editing.delete_selected()

    def show_problem(self, diagnostic: Diagnostic) -> None:
        """Select a problem's node, show it in the inspector and put the cursor on the field."""
        self.problem_display.show_problem(diagnostic)

    def run_network(self) -> bool:
        """Run the project from the start (`RunGlue.run_network`); return whether it started."""
        return self.run_glue.run_network()

    def continue_run(self) -> bool:
        """Run the last run's network further (`RunGlue.continue_run`)."""
        return self.run_glue.continue_run()

    def stop_run(self) -> bool:
        """Stop the run at its next report, keeping what was recorded; return whether asked."""
        return self.run_glue.stop_run()

    def edit_run_settings(self) -> bool:
        """Show the run settings dialog; apply its settings as one undo step if accepted."""
        return self.run_glue.edit_run_settings()

    # -- help ------------------------------------------------------------------------------------

    def show_user_guide(self) -> GuideWindow | None:
        """Show the user guide in its own window (one, raised if open already) and return it.

        An installation without the guide (it ships with every wheel) opens the online docs.
        """
        path = user_guide_path()
        if path is None:
            if not QtGui.QDesktopServices.openUrl(QtCore.QUrl(ONLINE_DOCS)):
                self.statusBar().showMessage(f"Cannot open the user guide: {ONLINE_DOCS}", 8000)
            return None
        if self._guide is None:
            self._guide = GuideWindow(path, self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()
        return self._guide

    def show_about(self) -> AboutDialog:
        """Show the About dialog (one instance, raised if already open) and return it."""
        if self._about is None:
            self._about = AboutDialog(self)
        self._about.show()
        self._about.raise_()
        self._about.activateWindow()
        return self._about

    # -- window ----------------------------------------------------------------------------------

    def fit_to_screen(self, available: QtCore.QRect | None = None) -> None:
        """Fit the window to the screen, unless it has a saved geometry (call before showing).

        The window opens at `DEFAULT_SIZE`, centred; on a smaller screen (``available``, by
        default its screen's available area) it takes the whole area, maximised, with docks
        in proportion, so that the canvas keeps most of the room.
        """
        if not self._restored_geometry:
            layout.fit_to_screen(self, self._docks, available, self._restored_state)

    def save_layout(self) -> None:
        """Store the window's geometry and dock layout in the settings."""
        layout.save_layout(self, self.settings)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        """Ask about unsaved changes; on a normal close, store the layout, drop the recovery."""
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.autosaver.stop()
        self.runner.shutdown()
        event.accept()
