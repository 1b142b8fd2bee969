"""The main window's actions, its menus (with Open Recent) and its run toolbar.

Each action has its text, shortcut and status tip here and triggers one of the window's
commands (`WindowCommands`). Which actions are enabled is decided where the state lives:
`app.window.editing` (a selection, nodes on the clipboard) and `app.window.run_glue` (a run).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6 import QtCore, QtGui, QtWidgets

from app import resources
from app.files import RecentFiles
from app.window.layout import Docks

__all__ = ["PACES", "WindowActions", "WindowCommands"]


#: The paces of the run toolbar: (label, simulated seconds per wall-time second; None: unpaced).
PACES: tuple[tuple[str, float | None], ...] = (
    ("As fast as possible", None),
    ("Real time (1×)", 1.0),
    ("Half speed (0.5×)", 0.5),
    ("Slow motion (0.1×)", 0.1),
)


class WindowCommands(Protocol):
    """What the window's actions trigger: the window's own commands."""

    def new_project(self) -> bool:
        """File ▸ New."""

    def open_dialog(self) -> bool:
        """File ▸ Open: ask for a project file and open it."""

    def open_file(self, path: str | Path) -> bool:
        """File ▸ Open Recent ▸ ``path``."""

    def open_example_dialog(self) -> bool:
        """File ▸ Open Example: ask which example, open a copy."""

    def save(self) -> bool:
        """File ▸ Save."""

    def save_as(self) -> bool:
        """File ▸ Save As: ask for a file, save there."""

    def export_script_dialog(self) -> bool:
        """File ▸ Export Script: ask where, write the script."""

    def export_results_dialog(self) -> bool:
        """File ▸ Export Results: ask where, write the results."""

    def export_plots_dialog(self) -> bool:
        """File ▸ Export Plots: ask where, save the plots."""

    def close(self) -> bool:
        """File ▸ Quit (the window closes)."""

    def cut(self) -> bool:
        """Edit ▸ Cut."""

    def copy(self) -> bool:
        """Edit ▸ Copy."""

    def paste(self) -> list[str]:
        """Edit ▸ Paste."""

    def delete_selected(self) -> None:
        """Edit ▸ Delete."""

    def run_network(self) -> bool:
        """Run ▸ Run."""

    def continue_run(self) -> bool:
        """Run ▸ Continue."""

    def stop_run(self) -> bool:
        """Run ▸ Stop."""

    def edit_run_settings(self) -> bool:
        """Run ▸ Run Settings: edit them in a dialog."""

    def show_user_guide(self) -> object:
        """Help ▸ User Guide."""

    def show_about(self) -> object:
        """Help ▸ About SpikeCanvas."""


def _tool_tip(action: QtGui.QAction) -> str:
    """Return ``"Run (Ctrl+R)"`` and what the action does, on a second line."""
    name = action.text().replace("&", "").rstrip("…")
    keys = action.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)
    title = f"{name} ({keys})" if keys else name
    return f"{title}\n{action.statusTip()}" if action.statusTip() else title


class WindowActions(QtCore.QObject):
    """Creates the window's actions, fills its menu bar and adds its run toolbar.

    Parameters
    ----------
    window
        The main window: the actions' parent, and where the menus and toolbar go.
    commands
        What the actions trigger (the window).
    undo_stack
        The project's undo stack (Undo and Redo).
    select_all, zoom_to_fit
        The canvas's commands.
    recent
        The recent files (Open Recent).
    docks
        The docks the View menu shows and hides.
    parent
        The part's owner (the window keeps its parts together).
    """

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        *,
        commands: WindowCommands,
        undo_stack: QtGui.QUndoStack,
        select_all: Callable[[], object],
        zoom_to_fit: Callable[[], object],
        recent: RecentFiles,
        docks: Docks,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._commands = commands
        self._recent = recent
        self._create_actions(commands, undo_stack, select_all, zoom_to_fit)
        self._create_menus(docks)
        self._create_toolbar()

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[..., object],
        shortcut: QtGui.QKeySequence | QtGui.QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self._window)
        action.setObjectName(name)
        if isinstance(shortcut, QtGui.QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _create_actions(
        self,
        commands: WindowCommands,
        undo_stack: QtGui.QUndoStack,
        select_all: Callable[[], object],
        zoom_to_fit: Callable[[], object],
    ) -> None:
        keys = QtGui.QKeySequence.StandardKey
        c = commands
        a = self._action
        self.action_new = a("action_new", "&New", c.new_project, keys.New, "Start a new network")
        self.action_open = a(
            "action_open", "&Open…", c.open_dialog, keys.Open, "Open a project file"
        )
        self.action_open_example = a(
            "action_open_example",
            "Open &Example…",
            c.open_example_dialog,
            None,
            "Open a copy of one of the example networks",
        )
        self.action_clear_recent = a(
            "action_clear_recent", "&Clear Recent", self._recent.clear, None, "Forget these files"
        )
        self.action_save = a("action_save", "&Save", c.save, keys.Save, "Save the project")
        self.action_save_as = a(
            "action_save_as",
            "Save &As…",
            c.save_as,
            QtGui.QKeySequence("Ctrl+Shift+S"),
            "Save the project to a new file",
        )
        self.action_export = a(
            "action_export",
            "&Export Script…",
            c.export_script_dialog,
            QtGui.QKeySequence("Ctrl+E"),
            "Write the network as a Python script for the engine or for Brian 2",
        )
        self.action_export_results = a(
            "action_export_results",
            "Export &Results…",
            c.export_results_dialog,
            QtGui.QKeySequence("Ctrl+Shift+E"),
            "Write the last run's results to an HDF5 file or CSV tables",
        )
        self.action_export_plots = a(
            "action_export_plots",
            "Export &Plots…",
            c.export_plots_dialog,
            None,
            "Save the plot panels as a PNG image or an SVG drawing",
        )
        self.action_quit = a(
            "action_quit", "&Quit", c.close, QtGui.QKeySequence("Ctrl+Q"), "Close SpikeCanvas"
        )
        self.action_quit.setMenuRole(QtGui.QAction.MenuRole.QuitRole)

        self.action_undo = undo_stack.createUndoAction(self._window, "&Undo")
        self.action_undo.setObjectName("action_undo")
        self.action_undo.setShortcuts(keys.Undo)
        self.action_redo = undo_stack.createRedoAction(self._window, "&Redo")
        self.action_redo.setObjectName("action_redo")
        self.action_redo.setShortcuts(keys.Redo)
        # Window-wide shortcuts still reach text fields first: Qt lets a focused line or text
        # editor claim Ctrl+C, Delete, Ctrl+A... before the menu actions see them.
        self.action_cut = a("action_cut", "Cu&t", c.cut, keys.Cut, "Cut the selected nodes")
        self.action_copy = a("action_copy", "&Copy", c.copy, keys.Copy, "Copy the selected nodes")
        self.action_paste = a("action_paste", "&Paste", c.paste, keys.Paste, "Paste copied nodes")
        self.action_delete = a(
            "action_delete",
            "&Delete",
            c.delete_selected,
            keys.Delete,
            "Delete the selected nodes and their connections",
        )
        self.action_select_all = a("action_select_all", "Select &All", select_all, keys.SelectAll)

        self.action_zoom_to_fit = a(
            "action_zoom_to_fit",
            "&Zoom to Fit",
            zoom_to_fit,
            QtGui.QKeySequence("Ctrl+0"),
            "Show the whole network",
        )
        self.action_run = a(
            "action_run",
            "&Run",
            c.run_network,
            QtGui.QKeySequence("Ctrl+R"),
            "Simulate the network from the start, with the run settings",
        )
        self.action_continue = a(
            "action_continue",
            "&Continue",
            c.continue_run,
            QtGui.QKeySequence("Ctrl+Shift+R"),
            "Simulate the last run's network further, for the run's duration",
        )
        self.action_stop = a(
            "action_stop",
            "&Stop",
            c.stop_run,
            QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape),
            "Stop the run; what was recorded is kept",
        )
        self.action_run_settings = a(
            "action_run_settings",
            "Run S&ettings…",
            c.edit_run_settings,
            QtGui.QKeySequence("Ctrl+Shift+,"),
            "Duration, time step, random seed, code target and report period",
        )
        self.action_sweep = a(
            "action_sweep",
            "S&weep…",
            self._open_sweeps,
            None,
            "Run the network over ranges of parameters (on this computer's cores or a cluster)",
        )
        self.action_user_guide = a(
            "action_user_guide",
            "&User Guide",
            c.show_user_guide,
            keys.HelpContents,
            "Open the user guide",
        )
        self.action_about = a("action_about", "&About SpikeCanvas", c.show_about)
        self.action_about.setMenuRole(QtGui.QAction.MenuRole.AboutRole)

    def _create_menus(self, docks: Docks) -> None:
        bar = self._window.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.setObjectName("file_menu")
        self.recent_menu = QtWidgets.QMenu("Open &Recent", self._window)
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
            _add_item(self.file_menu, item)
        self.rebuild_recent_menu()

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
            _add_item(self.edit_menu, item)

        self.view_menu = bar.addMenu("&View")
        self.view_menu.setObjectName("view_menu")
        for dock, key in (
            (docks.palette, "Ctrl+1"),
            (docks.inspector, "Ctrl+2"),
            (docks.problems, "Ctrl+3"),
            (docks.plots, "Ctrl+4"),
            (docks.summary, "Ctrl+5"),
            (docks.live, "Ctrl+6"),
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
            self.action_sweep,
        ):
            _add_item(self.run_menu, item)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.setObjectName("help_menu")
        self.help_menu.addAction(self.action_user_guide)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.action_about)

    def _create_toolbar(self) -> None:
        """Run, Stop, Continue and Run Settings, with icons, under the menus."""
        self.run_toolbar = QtWidgets.QToolBar("Run", self._window)
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
        self.run_toolbar.addSeparator()
        self.pace_box = QtWidgets.QComboBox(objectName="pace_box")
        for text, factor in PACES:
            self.pace_box.addItem(text, factor)
        self.pace_box.setToolTip(
            "How fast the simulation runs: as fast as the computer can, or slowed down to a "
            "fraction of real time for demonstrations (may be changed during a run)"
        )
        self.run_toolbar.addWidget(QtWidgets.QLabel(" Pace "))
        self.run_toolbar.addWidget(self.pace_box)
        self._window.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, self.run_toolbar)

    def _open_sweeps(self) -> None:
        """Run ▸ Sweep…: the sweep window of this window's project (`app.sweep`)."""
        from app.sweep import show_sweep_dialog  # on use: the window starts without it

        show_sweep_dialog(self._window)

    def rebuild_recent_menu(self) -> None:
        """Fill Open Recent with the recent files (numbered), then Clear Recent."""
        menu = self.recent_menu
        menu.clear()
        paths = self._recent.paths()
        for number, path in enumerate(paths, start=1):
            label = f"&{number} {path.name}" if number < 10 else path.name
            action = menu.addAction(label)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self._commands.open_file(p))
        if not paths:
            empty = menu.addAction("No recent projects")
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.action_clear_recent)
        self.action_clear_recent.setEnabled(bool(paths))


def _add_item(menu: QtWidgets.QMenu, item: QtGui.QAction | QtWidgets.QMenu | None) -> None:
    if item is None:
        menu.addSeparator()
    elif isinstance(item, QtWidgets.QMenu):
        menu.addMenu(item)
    else:
        menu.addAction(item)
