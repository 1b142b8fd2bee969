"""The main window: the canvas in the centre, menus, and a status bar."""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from app.about import AboutDialog
from app.canvas.graph import create_graph


class MainWindow(QtWidgets.QMainWindow):
    """SpikeCanvas's main window.

    Attributes
    ----------
    graph
        The NodeGraphQt graph shown in the centre.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.graph = create_graph(parent=self)
        self.graph.widget.setObjectName("canvas")
        self.setCentralWidget(self.graph.widget)
        self._about: AboutDialog | None = None

        self._create_actions()
        self._create_menus()
        self.statusBar().showMessage("Ready")
        self.setWindowTitle("Untitled — SpikeCanvas")
        self.resize(1200, 800)

    def _create_actions(self) -> None:
        def action(name: str, text: str, slot: object, shortcut: object = None) -> QtGui.QAction:
            act = QtGui.QAction(text, self)
            act.setObjectName(name)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            return act

        keys = QtGui.QKeySequence.StandardKey
        self.action_new = action("action_new", "&New", self.new_project, keys.New)
        self.action_new.setStatusTip("Start a new, empty network")
        self.action_quit = action("action_quit", "&Quit", self.close, QtGui.QKeySequence("Ctrl+Q"))
        self.action_quit.setStatusTip("Close SpikeCanvas")
        self.action_about = action("action_about", "&About SpikeCanvas", self.show_about)
        self.action_about.setMenuRole(QtGui.QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.setObjectName("file_menu")
        self.file_menu.addAction(self.action_new)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.action_quit)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.setObjectName("help_menu")
        self.help_menu.addAction(self.action_about)

    def new_project(self) -> None:
        """Clear the canvas for a new network."""
        self.graph.clear_session()
        self.statusBar().showMessage("New network", 3000)

    def show_about(self) -> AboutDialog:
        """Show the About dialog (one instance, raised if already open) and return it."""
        if self._about is None:
            self._about = AboutDialog(self)
        self._about.show()
        self._about.raise_()
        self._about.activateWindow()
        return self._about
