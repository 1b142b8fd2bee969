"""The main window as a user meets it: canvas, menus, About, New and Quit."""

import pytest
from PySide6 import QtCore, QtWidgets

from app.about import AboutDialog, component_versions
from app.canvas.nodegraph import BaseNode
from app.main_window import MainWindow


class Junction(BaseNode):
    """A node with one input and one output, enough to wire a loop."""

    __identifier__ = "tests"
    NODE_NAME = "Junction"

    def __init__(self) -> None:
        super().__init__()
        self.add_input("in", multi_input=True)
        self.add_output("out")


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_action(window: MainWindow, menu_title: str, action_text: str):
    """Find an action the way a user does: by the menu and item labels."""
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    actions = {a.text().replace("&", ""): a for a in menus[menu_title].actions()}
    return actions[action_text]


def test_the_canvas_fills_the_centre_of_the_window(window):
    assert window.centralWidget() is window.graph.widget
    assert window.graph.widget.isVisible()
    assert window.statusBar().currentMessage() == "Ready"
    assert "SpikeCanvas" in window.windowTitle()


def test_menus_offer_new_quit_and_about(window):
    assert menu_action(window, "File", "New").shortcut().toString() == "Ctrl+N"
    assert menu_action(window, "File", "Quit").shortcut().toString() == "Ctrl+Q"
    assert menu_action(window, "Help", "About SpikeCanvas") is window.action_about


def test_recurrent_wiring_is_allowed_on_the_canvas(window):
    graph = window.graph
    graph.register_node(Junction)
    a = graph.create_node("tests.Junction", name="E")
    b = graph.create_node("tests.Junction", name="I")
    a.set_output(0, b.input(0))
    b.set_output(0, a.input(0))  # closes the loop E -> I -> E
    assert b.input(0) in a.output(0).connected_ports()
    assert a.input(0) in b.output(0).connected_ports()


def test_file_new_clears_the_canvas(window):
    window.graph.register_node(Junction)
    window.graph.create_node("tests.Junction")
    menu_action(window, "File", "New").trigger()
    assert window.graph.all_nodes() == []


def test_about_lists_the_version_of_every_component(window, qtbot):
    menu_action(window, "Help", "About SpikeCanvas").trigger()
    dialog = window.findChild(AboutDialog)
    qtbot.waitExposed(dialog)
    table = dialog.table
    shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert list(shown) == [
        "SpikeCanvas",
        "engine",
        "Python",
        "Qt",
        "PySide6",
        "NodeGraphQt",
        "pyqtgraph",
        "numpy",
    ]
    assert shown == component_versions()
    assert shown["Qt"] == QtCore.qVersion()
    assert all(v and v[0].isdigit() for v in shown.values()), shown


def test_about_copies_versions_for_a_bug_report(window, qtbot):
    dialog = window.show_about()
    qtbot.mouseClick(dialog.copy_button, QtCore.Qt.MouseButton.LeftButton)
    copied = QtWidgets.QApplication.clipboard().text()
    assert f"Qt: {QtCore.qVersion()}" in copied.splitlines()


def test_about_is_opened_once_and_raised_again(window):
    assert window.show_about() is window.show_about()
    assert len(window.findChildren(AboutDialog)) == 1


def test_file_quit_closes_the_window(window, qtbot):
    menu_action(window, "File", "Quit").trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
