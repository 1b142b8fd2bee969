"""The main window: canvas in the centre, docks around it, menus, files and runs.

The window owns the edited project (`ProjectModel`) and wires the views to it; the views never
talk to each other except through the model and the signals connected here. Every question
to the user goes through `prompts` (see `app.prompts`), so tests can answer them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app import resources
from app.about import AboutDialog
from app.canvas.canvas import Canvas
from app.files import (
    Autosaver,
    RecentFiles,
    examples_dir,
    file_error_text,
    find_examples,
    find_recoveries,
    is_bundled_example,
)
from app.files.names import stem_from_title
from app.files.recovery import DEFAULT_INTERVAL_MS
from app.help import ONLINE_DOCS, GuideWindow, user_guide_path
from app.inspector.inspector import Inspector
from app.model import MIME_NODES, DiagnosticsRunner, FieldError, ProjectModel
from app.palette import Palette
from app.plots import PlotArea
from app.problems import ProblemsView
from app.prompts import DialogPrompts, Prompts
from app.run import RunController, RunState
from app.run.status import RunStatus
from app.run.summary import SummaryTable
from app.run.worker import UnexpectedError
from engine.outputs import write_text
from engine.project import (
    BuildError,
    Diagnostic,
    Project,
    ProjectFileError,
    RunError,
    export_script,
    load,
    save,
)
from engine.project.fileio import SUFFIX
from engine.project.results import Results
from engine.project.results_csv import write_results_csv
from engine.project.runner import Progress

__all__ = ["MainWindow"]

#: Bumped when the docks change, so that an old saved layout is not applied to new docks.
STATE_VERSION = 3
#: The window's size where the screen has room for it (`MainWindow.fit_to_screen`).
DEFAULT_SIZE = QtCore.QSize(1400, 900)
#: The least the canvas keeps when docks grow or the window shrinks (1024×640 laptops and
#: classroom projectors): the docks give way first.
MIN_CANVAS_SIZE = QtCore.QSize(320, 200)
#: Below these widths the palette's names and the inspector's fields cannot be read.
MIN_PALETTE_WIDTH = 130
MIN_INSPECTOR_WIDTH = 250
UNTITLED = "Untitled"
#: How far successive pastes of the same nodes are shifted, so that copies do not overlap.
PASTE_STEP = 40.0
#: A plots dock lower than this grows when a run starts, so that the panels can be read.
MIN_PLOTS_HEIGHT = 220


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(value, low), high))


def _tool_tip(action: QtGui.QAction) -> str:
    """Return ``"Run (Ctrl+R)"`` and what the action does, on a second line."""
    name = action.text().replace("&", "").rstrip("…")
    keys = action.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)
    title = f"{name} ({keys})" if keys else name
    return f"{title}\n{action.statusTip()}" if action.statusTip() else title


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
        self.settings = settings if settings is not None else QtCore.QSettings()
        self.prompts: Prompts = prompts if prompts is not None else DialogPrompts()
        self._examples_folder = examples_folder if examples_folder is not None else examples_dir()
        self._recovery_folder = recovery_folder
        self._untitled_name = UNTITLED
        self._about: AboutDialog | None = None
        self._guide: GuideWindow | None = None
        self._paste_count = 0

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
            parent, self._last_folder() / name
        )
        self.plots.report_error = lambda parent, title, text: self.prompts.error(
            parent, title, text
        )
        self.summary = SummaryTable()
        self.runner = RunController(self)
        self.run_status = RunStatus()
        self._create_docks()
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_status_bar()
        self._connect()

        self.resize(DEFAULT_SIZE)
        self._proportion_docks()
        self._restored_geometry, self._restored_state = self._restore_layout()
        self._update_title()
        self.diagnostics.schedule()

    @property
    def results(self) -> Results | None:
        """The results of the last run (None before the first, and after New or Open)."""
        last_run = self.runner.last_run
        return last_run.results if last_run is not None else None

    # -- construction ----------------------------------------------------------------------------

    def _create_docks(self) -> None:
        def dock(name: str, title: str, widget: QtWidgets.QWidget) -> QtWidgets.QDockWidget:
            result = QtWidgets.QDockWidget(title, self)
            result.setObjectName(name)  # saveState/restoreState find docks by object name
            result.setWidget(widget)
            return result

        areas = QtCore.Qt.DockWidgetArea
        # The side docks run the full height; the problems sit under the canvas only.
        self.setCorner(QtCore.Qt.Corner.BottomLeftCorner, areas.LeftDockWidgetArea)
        self.setCorner(QtCore.Qt.Corner.BottomRightCorner, areas.RightDockWidgetArea)
        self.palette_dock = dock("palette_dock", "Nodes", self.node_palette)
        self.inspector_dock = dock("inspector_dock", "Inspector", self.inspector)
        self.problems_dock = dock("problems_dock", "Problems", self.problems)
        self.plots_dock = dock("plots_dock", "Plots", self.plots)
        self.summary_dock = dock("summary_dock", "Run Summary", self.summary)
        self.addDockWidget(areas.LeftDockWidgetArea, self.palette_dock)
        self.addDockWidget(areas.RightDockWidgetArea, self.inspector_dock)
        self.addDockWidget(areas.BottomDockWidgetArea, self.problems_dock)
        self.tabifyDockWidget(self.problems_dock, self.plots_dock)
        self.tabifyDockWidget(self.plots_dock, self.summary_dock)
        self.problems_dock.raise_()
        self.canvas.widget.setMinimumSize(MIN_CANVAS_SIZE)
        self.node_palette.setMinimumWidth(MIN_PALETTE_WIDTH)
        self.inspector.setMinimumWidth(MIN_INSPECTOR_WIDTH)

    def _proportion_docks(self) -> None:
        """Size the docks for the window's size: the canvas gets most of it on every screen."""
        width, height = self.width(), self.height()
        self.resizeDocks(
            [self.palette_dock, self.inspector_dock],
            [_clamp(0.15 * width, MIN_PALETTE_WIDTH + 10, 220), _clamp(0.28 * width, 280, 420)],
            QtCore.Qt.Orientation.Horizontal,
        )
        self.resizeDocks(
            [self.problems_dock], [_clamp(0.15 * height, 110, 140)], QtCore.Qt.Orientation.Vertical
        )

    def fit_to_screen(self, available: QtCore.QRect | None = None) -> None:
        """Fit the window to the screen, unless it has a saved geometry (call before showing).

        The window opens at `DEFAULT_SIZE`, centred; on a smaller screen (``available``, by
        default its screen's available area) it takes the whole area, maximised, with docks
        in proportion, so that the canvas keeps most of the room.
        """
        if self._restored_geometry:
            return
        if available is None:
            screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        frame_size = self.frameGeometry().size() - self.size()  # known once shown
        size = DEFAULT_SIZE.boundedTo(available.size() - frame_size)
        self.resize(size)
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())
        if not self._restored_state:
            self._proportion_docks()
        if size != DEFAULT_SIZE:
            self.setWindowState(self.windowState() | QtCore.Qt.WindowState.WindowMaximized)

    def _action(
        self,
        name: str,
        text: str,
        slot: object,
        shortcut: object = None,
        tip: str = "",
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        action.setObjectName(name)
        if isinstance(shortcut, QtGui.QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        keys = QtGui.QKeySequence.StandardKey
        a = self._action
        self.action_new = a("action_new", "&New", self.new_project, keys.New, "Start a new network")
        self.action_open = a(
            "action_open", "&Open…", self.open_dialog, keys.Open, "Open a project file"
        )
        self.action_open_example = a(
            "action_open_example",
            "Open &Example…",
            self.open_example_dialog,
            None,
            "Open a copy of one of the example networks",
        )
        self.action_clear_recent = a(
            "action_clear_recent", "&Clear Recent", self.recent.clear, None, "Forget these files"
        )
        self.action_save = a("action_save", "&Save", self.save, keys.Save, "Save the project")
        self.action_save_as = a(
            "action_save_as",
            "Save &As…",
            self.save_as,
            QtGui.QKeySequence("Ctrl+Shift+S"),
            "Save the project to a new file",
        )
        self.action_export = a(
            "action_export",
            "&Export Script…",
            self.export_script_dialog,
            QtGui.QKeySequence("Ctrl+E"),
            "Write the network as a Python script for the engine or for Brian 2",
        )
        self.action_export_results = a(
            "action_export_results",
            "Export &Results…",
            self.export_results_dialog,
            QtGui.QKeySequence("Ctrl+Shift+E"),
            "Write the last run's results to an HDF5 file or CSV tables",
        )
        self.action_export_plots = a(
            "action_export_plots",
            "Export &Plots…",
            self.export_plots_dialog,
            None,
            "Save the plot panels as a PNG image or an SVG drawing",
        )
        self.action_quit = a(
            "action_quit", "&Quit", self.close, QtGui.QKeySequence("Ctrl+Q"), "Close SpikeCanvas"
        )
        self.action_quit.setMenuRole(QtGui.QAction.MenuRole.QuitRole)

        stack = self.model.undo_stack
        self.action_undo = stack.createUndoAction(self, "&Undo")
        self.action_undo.setObjectName("action_undo")
        self.action_undo.setShortcuts(keys.Undo)
        self.action_redo = stack.createRedoAction(self, "&Redo")
        self.action_redo.setObjectName("action_redo")
        self.action_redo.setShortcuts(keys.Redo)
        self.action_cut = a("action_cut", "Cu&t", self.cut, keys.Cut, "Cut the selected nodes")
        self.action_copy = a(
            "action_copy", "&Copy", self.copy, keys.Copy, "Copy the selected nodes"
        )
        self.action_paste = a(
            "action_paste", "&Paste", self.paste, keys.Paste, "Paste copied nodes"
        )
        self.action_delete = a(
            "action_delete",
            "&Delete",
            self.delete_selected,
            keys.Delete,
            "Delete the selected nodes and their connections",
        )
        self.action_select_all = a(
            "action_select_all", "Select &All", self.canvas.select_all, keys.SelectAll
        )

        self.action_zoom_to_fit = a(
            "action_zoom_to_fit",
            "&Zoom to Fit",
            self.canvas.zoom_to_fit,
            QtGui.QKeySequence("Ctrl+0"),
            "Show the whole network",
        )
        self.action_run = a(
            "action_run",
            "&Run",
            self.run_network,
            QtGui.QKeySequence("Ctrl+R"),
            "Simulate the network from the start, with the run settings",
        )
        self.action_continue = a(
            "action_continue",
            "&Continue",
            self.continue_run,
            QtGui.QKeySequence("Ctrl+Shift+R"),
            "Simulate the last run's network further, for the run's duration",
        )
        self.action_stop = a(
            "action_stop",
            "&Stop",
            self.stop_run,
            QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape),
            "Stop the run; what was recorded is kept",
        )
        self.action_run_settings = a(
            "action_run_settings",
            "Run S&ettings…",
            self.edit_run_settings,
            QtGui.QKeySequence("Ctrl+Shift+,"),
            "Duration, time step, random seed, code target and report period",
        )
        self.action_user_guide = a(
            "action_user_guide",
            "&User Guide",
            self.show_user_guide,
            keys.HelpContents,
            "Open the user guide",
        )
        self.action_about = a("action_about", "&About SpikeCanvas", self.show_about)
        self.action_about.setMenuRole(QtGui.QAction.MenuRole.AboutRole)

        # Window-wide shortcuts still reach text fields first: Qt lets a focused line or text
        # editor claim Ctrl+C, Delete, Ctrl+A... before the menu actions see them.
        self._update_edit_actions()

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.setObjectName("file_menu")
        self.recent_menu = QtWidgets.QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recent_menu")
        for item in (
            self.action_new,
            self.action_open,
            self.action_open_example,
            self.recent_menu,
            None,
            self.action_save,
            self.action_save_as,
            self.action_export,
            self.action_export_results,
            self.action_export_plots,
            None,
            self.action_quit,
        ):
            self._add_item(self.file_menu, item)
        self._rebuild_recent_menu()

        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.setObjectName("edit_menu")
        for item in (
            self.action_undo,
            self.action_redo,
            None,
            self.action_cut,
            self.action_copy,
            self.action_paste,
            self.action_delete,
            None,
            self.action_select_all,
        ):
            self._add_item(self.edit_menu, item)

        self.view_menu = bar.addMenu("&View")
        self.view_menu.setObjectName("view_menu")
        for dock, key in (
            (self.palette_dock, "Ctrl+1"),
            (self.inspector_dock, "Ctrl+2"),
            (self.problems_dock, "Ctrl+3"),
            (self.plots_dock, "Ctrl+4"),
            (self.summary_dock, "Ctrl+5"),
        ):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QtGui.QKeySequence(key))
            toggle.setStatusTip(f"Show or hide the {dock.windowTitle().lower()} panel")
            self.view_menu.addAction(toggle)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.action_zoom_to_fit)

        self.run_menu = bar.addMenu("&Run")
        self.run_menu.setObjectName("run_menu")
        for item in (
            self.action_run,
            self.action_continue,
            self.action_stop,
            None,
            self.action_run_settings,
        ):
            self._add_item(self.run_menu, item)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.setObjectName("help_menu")
        self.help_menu.addAction(self.action_user_guide)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.action_about)

    def _create_toolbar(self) -> None:
        """Run, Stop, Continue and Run Settings, with icons, under the menus."""
        self.run_toolbar = QtWidgets.QToolBar("Run", self)
        self.run_toolbar.setObjectName("run_toolbar")  # saveState/restoreState find it by name
        self.run_toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.run_toolbar.setIconSize(QtCore.QSize(20, 20))
        for action, icon, label in (
            (self.action_run, "run.svg", "Run"),
            (self.action_stop, "stop.svg", "Stop"),
            (self.action_continue, "continue.svg", "Continue"),
            (None, "", ""),
            (self.action_run_settings, "run_settings.svg", "Settings"),
        ):
            if action is None:
                self.run_toolbar.addSeparator()
                continue
            action.setIcon(QtGui.QIcon(str(resources.path("icons", "actions", icon))))
            action.setIconText(label)
            action.setToolTip(_tool_tip(action))
            self.run_toolbar.addAction(action)
            self.run_toolbar.widgetForAction(action).setObjectName(f"{action.objectName()}_button")
        self.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, self.run_toolbar)

    @staticmethod
    def _add_item(menu: QtWidgets.QMenu, item: QtGui.QAction | QtWidgets.QMenu | None) -> None:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QtWidgets.QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)

    def _create_status_bar(self) -> None:
        self.problem_summary = QtWidgets.QLabel()
        self.problem_summary.setObjectName("problem_summary")
        self.problem_summary.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.run_status)
        self.statusBar().addPermanentWidget(self.problem_summary)
        self.statusBar().showMessage("Ready")
        self._show_problem_count(0, 0)

    def _connect(self) -> None:
        model = self.model
        model.undo_stack.cleanChanged.connect(self._update_title)
        model.path_changed.connect(self._update_title)
        model.project_replaced.connect(self._update_edit_actions)
        self.diagnostics.diagnostics_changed.connect(self._show_diagnostics)
        self.canvas.selection_changed.connect(self._selection_changed)
        self.canvas.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.canvas.node_activated.connect(self._node_activated)
        self.node_palette.kind_activated.connect(self.add_node_at_centre)
        self.problems.problem_activated.connect(self.show_problem)
        self.problems.count_changed.connect(self._show_problem_count)
        self.recent.changed.connect(self._rebuild_recent_menu)
        self.runner.state_changed.connect(self._run_state_changed)
        self.runner.started.connect(self._run_started)
        self.runner.progressed.connect(self._run_progressed)
        self.runner.finished.connect(self._run_finished)
        self.runner.failed.connect(self._run_failed)
        self.runner.outcome_changed.connect(self._outcome_changed)
        self.runner.discarded.connect(self.run_status.clear)
        self.run_status.stop_clicked.connect(self.stop_run)
        self.plots.visibility_changed.connect(self._panel_toggled)
        model.node_changed.connect(self._node_changed)
        model.project_replaced.connect(self._update_run_actions)
        model.project_replaced.connect(self._forget_run)
        for signal in (model.node_added, model.node_removed, model.edge_added, model.edge_removed):
            signal.connect(self._update_run_actions)
        model.project_changed.connect(self._update_run_actions)
        self._update_run_actions()
        QtWidgets.QApplication.clipboard().dataChanged.connect(self._update_edit_actions)

    # -- start-up --------------------------------------------------------------------------------

    def start(self, project_path: str | Path | None = None) -> None:
        """Do what a fresh window does once shown: offer recovery, then open ``project_path``.

        An unreadable ``project_path`` is reported (and printed on stderr for the terminal) and
        the window stays with an empty project.
        """
        if self.restore_recovery():
            return
        if project_path is not None and not self.open_file(project_path):
            print(f"spikecanvas: cannot open {project_path}", file=sys.stderr)

    def restore_recovery(self) -> bool:
        """Offer to restore the newest recovery file a crashed window left; return whether done.

        Restored work keeps its original file (if it had one) and counts as unsaved. Declined
        work is deleted, so the question is not asked again.
        """
        found = [r for r in find_recoveries(self._recovery_folder) if r.file != self.autosaver.file]
        if not found:
            return False
        recovery = found[0]
        if not self.prompts.restore(self, recovery):
            recovery.discard()
            return False
        try:
            project = recovery.load()
        except ProjectFileError as error:
            summary, details = file_error_text(error)
            self.prompts.error(self, "Cannot recover the project", summary, details)
            recovery.discard()
            return False
        self._set_project(project, recovery.path)
        self.model.undo_stack.resetClean()  # nothing of it is saved yet
        recovery.discard()
        self.autosaver.autosave()  # protected again at once, now by this window's file
        self.statusBar().showMessage("Restored your unsaved work", 6000)
        return True

    # -- files -----------------------------------------------------------------------------------

    def document_name(self) -> str:
        """Return the name the window shows for the project (its file name, or Untitled)."""
        path = self.model.path
        return path.name if path is not None else self._untitled_name

    def new_project(self) -> bool:
        """Start an empty project (after asking about unsaved changes); return whether done."""
        if not self.maybe_save():
            return False
        self._set_project(Project(), None)
        self.statusBar().showMessage("New network", 3000)
        return True

    def open_dialog(self) -> bool:
        """Ask for a project file and open it; return whether a project was opened."""
        path = self.prompts.open_path(self, self._last_folder())
        return self.open_file(path) if path is not None else False

    def open_file(self, path: str | Path) -> bool:
        """Open a project file; return whether it was opened.

        The file is read first: a file that cannot be opened is reported and changes nothing
        (no question asked, the current project stays). A bundled example is opened as a copy.
        """
        path = Path(path)
        try:
            project = load(path)
        except ProjectFileError as error:
            summary, details = file_error_text(error, path)
            self.prompts.error(self, "Cannot open the project", summary, details)
            self.statusBar().showMessage(summary, 8000)
            if not path.exists():
                self.recent.remove(path)
            return False
        if not self.maybe_save():
            return False
        if self._is_example(path):
            self._set_project(project, None, untitled=path.name)
            self.statusBar().showMessage(f"Opened a copy of the example {path.name}", 6000)
        else:
            self._set_project(project, path)
            self.recent.add(path)
            self._remember_folder(path)
            self.statusBar().showMessage(f"Opened {path}", 6000)
        return True

    def open_example_dialog(self) -> bool:
        """Ask which bundled example to open, and open a copy of it."""
        examples = find_examples(self._examples_folder)
        if not examples:
            self.prompts.error(
                self, "No examples", "This installation of SpikeCanvas has no examples."
            )
            return False
        chosen = self.prompts.example(self, examples)
        return self.open_file(chosen.path) if chosen is not None else False

    def save(self) -> bool:
        """Save the project to its file (Save As if it has none); return whether saved."""
        path = self.model.path
        if path is None or self._is_example(path):
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        """Ask for a file and save the project there; return whether saved.

        The name proposed is the project's own file name once it has one, else made of its
        title (`app.files.names.stem_from_title`), else ``Untitled`` (see `file_stem`).
        """
        suggested = self._last_folder() / (self.file_stem() + SUFFIX)
        path = self.prompts.save_path(self, suggested)
        if path is None:
            return False
        if self._is_example(path):
            self.prompts.error(
                self,
                "Cannot save here",
                "The bundled examples cannot be changed.",
                "Choose another folder, such as your documents.",
            )
            return False
        return self._write(path)

    def export_script_dialog(self) -> bool:
        """Ask for a file and a flavour, and write the project as a Python script there."""
        answer = self.prompts.export_path(self, self._last_folder() / f"{self.file_stem()}.py")
        if answer is None:
            return False
        path, flavor = answer
        if self._is_example(path):
            self.prompts.error(
                self, "Cannot export here", "The bundled examples cannot be changed."
            )
            return False
        try:
            text = export_script(self.model.project, flavor, filename=self.model.path)
        except BuildError as error:
            self.prompts.error(self, "Cannot export the script", str(error))
            if error.node_id is not None:
                self.show_problem(
                    Diagnostic(
                        error.node_id, error.field, error.line, error.column, None, "", "error"
                    )
                )
            return False
        try:
            write_text(path, text)
        except OSError as error:
            reason = error.strerror or str(error)
            self.prompts.error(self, "Cannot export the script", f"{path}: {reason}")
            return False
        self.statusBar().showMessage(f"Exported {path}", 6000)
        return True

    def maybe_save(self) -> bool:
        """Ask to save unsaved changes; return False if the user cancelled (or saving failed)."""
        if not self.model.modified:
            return True
        answer = self.prompts.unsaved_changes(self, self.document_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _write(self, path: Path) -> bool:
        try:
            save(self.model.project, path)
        except OSError as error:
            reason = error.strerror or str(error)
            self.prompts.error(self, "Cannot save the project", f"{path}: {reason}")
            return False
        self.model.mark_saved(path)
        self._untitled_name = UNTITLED
        self.recent.add(path)
        self._remember_folder(path)
        self.autosaver.discard()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _set_project(self, project: Project, path: Path | None, untitled: str = UNTITLED) -> None:
        self._untitled_name = untitled
        self.model.replace(project, path)
        self.autosaver.discard()
        self.inspector.show_node(None)
        self._update_title()
        # After the canvas has laid out the new nodes.
        QtCore.QTimer.singleShot(0, self.canvas.zoom_to_fit)

    def _is_example(self, path: Path) -> bool:
        return is_bundled_example(path, self._examples_folder) if self._examples_folder else False

    def _last_folder(self) -> Path:
        folder = self.settings.value("last_folder", "")
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
        documents = QtCore.QStandardPaths.writableLocation(
            QtCore.QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("last_folder", str(path.resolve().parent))

    def _rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            label = f"&{number} {path.name}" if number < 10 else path.name
            action = menu.addAction(label)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        if not paths:
            empty = menu.addAction("No recent projects")
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.action_clear_recent)
        self.action_clear_recent.setEnabled(bool(paths))

    # -- editing ---------------------------------------------------------------------------------

    def add_node_at_centre(self, kind: str) -> str:
        """Add a node of ``kind`` at the centre of the canvas view, select it; return its id."""
        # The canvas steps the centre aside when a node already sits there.
        node_id = self.canvas.add_node_at(kind, self.canvas.view_center())
        self.canvas.select([node_id])
        return node_id

    def copy(self) -> bool:
        """Put the selected nodes (and the edges between them) on the clipboard."""
        data = self.model.copy_data(self.canvas.selected_ids())
        if not data["nodes"]:
            return False
        mime = QtCore.QMimeData()
        mime.setData(MIME_NODES, QtCore.QByteArray(json.dumps(data).encode("utf-8")))
        QtWidgets.QApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        count = len(data["nodes"])
        self.statusBar().showMessage(f"Copied {count} node{'s' if count > 1 else ''}", 3000)
        return True

    def cut(self) -> bool:
        """Copy the selected nodes, then delete them."""
        if not self.copy():
            return False
        self.model.remove_nodes(self.canvas.selected_ids())
        return True

    def paste(self) -> list[str]:
        """Add copies of the nodes on the clipboard (fresh ids and names), select them."""
        mime = QtWidgets.QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_NODES):
            self.statusBar().showMessage("The clipboard holds no nodes", 3000)
            return []
        self._paste_count += 1
        step = PASTE_STEP * self._paste_count
        try:
            data = json.loads(bytes(mime.data(MIME_NODES).data()).decode("utf-8"))
            ids = self.model.paste_data(data, offset=(step, step))
        except (ValueError, FieldError) as error:
            self.statusBar().showMessage(f"Cannot paste: {error}", 6000)
            return []
        self.canvas.select(ids)
        return ids

    def delete_selected(self) -> None:
        """Delete the selected nodes and their connections (one undo step)."""
        self.canvas.delete_selected()

    def _selection_changed(self, ids: list) -> None:
        self.inspector.show_node(ids[0] if len(ids) == 1 else None)
        self._update_edit_actions()

    def _node_activated(self, node_id: str) -> None:
        self.inspector.show_node(node_id)
        self.inspector_dock.show()
        self.inspector_dock.raise_()

    def _update_edit_actions(self, *_: object) -> None:
        selected = bool(self.canvas.selected_ids())
        for action in (self.action_cut, self.action_copy, self.action_delete):
            action.setEnabled(selected)
        mime = QtWidgets.QApplication.clipboard().mimeData()
        self.action_paste.setEnabled(mime is not None and mime.hasFormat(MIME_NODES))

    # -- diagnostics -----------------------------------------------------------------------------

    def show_problem(self, diagnostic: Diagnostic) -> None:
        """Select a problem's node, show it in the inspector and put the cursor on the field."""
        node_id = diagnostic.node_id
        if node_id is not None and not any(n.id == node_id for n in self.model.project.nodes):
            return
        self.canvas.select([node_id] if node_id is not None else [])
        self.inspector.show_node(node_id)
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        if diagnostic.field:
            self.inspector.focus_field(diagnostic.field, diagnostic.line, diagnostic.column)

    def _show_diagnostics(self, diagnostics: list) -> None:
        last_run = self.runner.last_run
        diagnostics = list(diagnostics) + (last_run.diagnostics if last_run is not None else [])
        self.canvas.set_diagnostics(diagnostics)
        self.inspector.set_diagnostics(diagnostics)
        self.problems.set_diagnostics(diagnostics)

    def _show_problem_count(self, errors: int, warnings: int) -> None:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors > 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings > 1 else ''}")
        self.problem_summary.setText(" · ".join(parts) if parts else "No problems")
        self.problems_dock.setWindowTitle(
            f"Problems ({errors + warnings})" if errors + warnings else "Problems"
        )

    # -- running ---------------------------------------------------------------------------------

    def run_network(self) -> bool:
        """Run the project from the start in the worker thread; return whether it started.

        A project with errors does not run: the problems dock lists them.
        """
        return self._start_run(resume=False)

    def continue_run(self) -> bool:
        """Run the last run's network further for the run's duration; return whether it started."""
        if not self.runner.running and not self.runner.can_continue(self.model.project):
            self.statusBar().showMessage(
                "The last run cannot be continued (the network changed, or the run failed): "
                "press Run to start afresh",
                8000,
            )
            return False
        return self._start_run(resume=True)

    def stop_run(self) -> bool:
        """Stop the run at its next report, keeping what was recorded; return whether asked."""
        if not self.runner.stop():
            return False
        self.run_status.show_stopping()
        return True

    def edit_run_settings(self) -> bool:
        """Show the run settings dialog; apply its settings as one undo step if accepted."""
        settings = self.prompts.run_settings(self, self.model.project.run)
        if settings is None or settings == self.model.project.run:
            return False
        self.model.set_project_field("run", settings)
        return True

    def _start_run(self, resume: bool) -> bool:
        if self.runner.running:
            return False
        errors = [d for d in self.diagnostics.validate_now() if d.severity == "error"]
        self._show_diagnostics(self.diagnostics.diagnostics)
        if errors:
            self.problems_dock.show()
            self.problems_dock.raise_()
            count = f"{len(errors)} problem{'s' if len(errors) > 1 else ''}"
            self.statusBar().showMessage(f"Fix the {count} listed before running", 8000)
            return False
        # The validator builds engine objects: not while the worker runs the engine.
        self.diagnostics.set_paused(True)
        self.runner.start(self.model.project, resume=resume)
        return True

    def _run_started(self, project: Project, resumed: bool) -> None:
        if not resumed:
            self.plots.setup(project)
        self.plots_dock.show()
        self.plots_dock.raise_()
        if self.plots_dock.height() < MIN_PLOTS_HEIGHT:  # still the problems' small strip
            self.resizeDocks(
                [self.plots_dock], [int(self.height() * 0.45)], QtCore.Qt.Orientation.Vertical
            )
        self.run_status.show_started(project.run.duration, resumed)
        self.statusBar().clearMessage()

    def _run_progressed(self, progress: Progress) -> None:
        self.plots.append(progress.data)
        self.plots.set_time(progress.t)
        self.run_status.show_progress(progress)

    def _run_state_changed(self, state: RunState) -> None:
        if state is RunState.IDLE:
            self.diagnostics.set_paused(False)
        self._update_run_actions()

    def _run_finished(self, results: Results) -> None:
        self._show_results(results)
        status = results.provenance.status
        self.run_status.show_ended(results, "Completed" if status == "completed" else "Stopped")

    def _run_failed(self, error: Exception) -> None:
        results = getattr(error, "results", None)
        if results is not None:
            self._show_results(results)
        if isinstance(error, (BuildError, RunError)):
            self.problems_dock.show()
            self.problems_dock.raise_()
            self.run_status.show_ended(results, "Run failed")
            self.statusBar().showMessage(f"The run failed: {error}", 15000)
        else:
            self.run_status.show_ended(None, "Run failed")
            details = error.details if isinstance(error, UnexpectedError) else ""
            self.prompts.error(
                self,
                "Run failed",
                f"The run failed unexpectedly: {error}. Your project is unchanged; please "
                "report this with the details.",
                details,
            )

    def _outcome_changed(self, *_: object) -> None:
        """Show the last run's problems and warnings (in the problems dock) and its exports."""
        self._show_diagnostics(self.diagnostics.diagnostics)
        self._update_run_actions()

    def _show_results(self, results: Results) -> None:
        self.summary.show_results(results)
        self.plots.set_time(results.provenance.simulated)
        self.plots.redraw()
        self._update_run_actions()

    def _forget_run(self, *_: object) -> None:
        """Drop the last run with its project (New, Open): plots, status, summary, exports."""
        self.runner.forget()
        self.plots.clear()
        self.summary.clear()
        if self.runner.running:  # stopping it: `discarded` clears the status once it ended
            self.run_status.show_stopping()
        else:
            self.run_status.clear()
        self._update_run_actions()

    def _update_run_actions(self, *_: object) -> None:
        running = self.runner.running
        self.action_run.setEnabled(not running)
        self.action_continue.setEnabled(self.runner.can_continue(self.model.project))
        self.action_stop.setEnabled(self.runner.state is RunState.RUNNING)
        self.action_export_results.setEnabled(self.results is not None)
        self.action_export_plots.setEnabled(bool(self.plots.panels))

    def _panel_toggled(self, node_id: str, visible: bool) -> None:
        if any(n.id == node_id for n in self.model.project.nodes):
            self.model.set_field(node_id, "plot.visible", visible)

    def _node_changed(self, node_id: str, field: str) -> None:
        if field.startswith("plot") and any(p.node_id == node_id for p in self.plots.panels):
            self.plots.update_settings(self.model.node(node_id))
        self._update_run_actions()

    def export_results_dialog(self) -> bool:
        """Ask where to write the last run's results (HDF5 or CSV), and write them."""
        if self.results is None:
            return False
        answer = self.prompts.results_path(self, self._last_folder() / f"{self.file_stem()}.h5")
        if answer is None:
            return False
        path, kind = answer
        try:
            if kind == "csv":
                written = write_results_csv(self.results, path.parent, prefix=f"{path.stem}_")
                message = f"Wrote {len(written)} CSV file(s) to {path.parent}"
            else:
                self.results.save(path)
                message = f"Wrote the results to {path}"
        except OSError as error:
            self.prompts.error(self, "Export Results", f"Cannot write {path.name}", str(error))
            return False
        self._remember_folder(path)
        self.statusBar().showMessage(message, 6000)
        return True

    def export_plots_dialog(self) -> bool:
        """Ask where to save the plot panels (PNG or SVG), and save them."""
        if not self.plots.panels:
            return False
        path = self.prompts.image_path(self, self._last_folder() / f"{self.file_stem()}.png")
        if path is None:
            return False
        try:
            self.plots.export_image(path)
        except (OSError, ValueError) as error:
            self.prompts.error(self, "Export Plots", f"Cannot save {path.name}", str(error))
            return False
        self._remember_folder(path)
        self.statusBar().showMessage(f"Saved the plots to {path}", 6000)
        return True

    def file_stem(self) -> str:
        """Return the name proposed for the project's files, without ending.

        Its file's name once saved (a copy of an example: the example's); else made of its
        title (safe on every system); else ``Untitled``.
        """
        if self.model.path is not None:
            return self.model.path.stem
        if self._untitled_name != UNTITLED:
            return Path(self._untitled_name).stem
        from_title = stem_from_title(self.model.project.title)
        return from_title if from_title is not None else UNTITLED

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

    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(f"{self.document_name()}[*] — SpikeCanvas")
        self.setWindowModified(self.model.modified)

    def _restore_layout(self) -> tuple[bool, bool]:
        """Apply the saved geometry and dock layout; return whether each was restored."""
        geometry = self.settings.value("main_window/geometry")
        restored_geometry = restored_state = False
        if isinstance(geometry, QtCore.QByteArray) and not geometry.isEmpty():
            restored_geometry = self.restoreGeometry(geometry)
        state = self.settings.value("main_window/state")
        if isinstance(state, QtCore.QByteArray) and not state.isEmpty():
            restored_state = self.restoreState(state, STATE_VERSION)
        return restored_geometry, restored_state

    def save_layout(self) -> None:
        """Store the window's geometry and dock layout in the settings."""
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState(STATE_VERSION))
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        """Ask about unsaved changes; on a normal close, store the layout, drop the recovery."""
        if not self.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self.autosaver.stop()
        self.runner.shutdown()
        event.accept()
