"""The main window as a user meets it: menus, title, docks, editing, problems, About, Quit."""

import json
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.about import AboutDialog, component_versions
from app.model import MIME_NODES
from app.palette import MIME_KIND
from engine.project import Diagnostic, load

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"


def menu_action(window, menu_title: str, action_text: str):
    """Find an action the way a user does: by the menu and item labels."""
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    actions = {a.text().replace("&", ""): a for a in menus[menu_title].actions()}
    return actions[action_text]


def menu_texts(window, menu_title: str) -> list[str]:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    return [a.text().replace("&", "") for a in menus[menu_title].actions() if a.text()]


# -- layout and menus -------------------------------------------------------------------------


def test_the_canvas_fills_the_centre_and_the_docks_surround_it(window):
    assert window.centralWidget() is window.canvas.widget
    assert window.canvas.widget.isVisible()
    areas = QtCore.Qt.DockWidgetArea
    assert window.dockWidgetArea(window.palette_dock) == areas.LeftDockWidgetArea
    assert window.dockWidgetArea(window.inspector_dock) == areas.RightDockWidgetArea
    assert window.dockWidgetArea(window.problems_dock) == areas.BottomDockWidgetArea
    assert window.statusBar().currentMessage() == "Ready"


def test_every_menu_item_of_the_issue_is_there(window):
    assert menu_texts(window, "File") == [
        "New",
        "Open…",
        "Open Example…",
        "Open Recent",
        "Save",
        "Save As…",
        "Export Script…",
        "Export Results…",
        "Export Plots…",
        "Quit",
    ]
    assert menu_texts(window, "Edit")[:2] == ["Undo", "Redo"]
    assert menu_texts(window, "Edit")[2:] == ["Cut", "Copy", "Paste", "Delete", "Select All"]
    assert menu_texts(window, "View") == [
        "Nodes",
        "Inspector",
        "Problems",
        "Plots",
        "Run Summary",
        "Live Parameters",
        "Zoom to Fit",
    ]
    assert menu_texts(window, "Run") == ["Run", "Continue", "Stop", "Run Settings…", "Sweep…"]
    assert menu_texts(window, "Help") == ["User Guide", "About SpikeCanvas"]


@pytest.mark.parametrize(
    ("menu", "item", "keys"),
    [
        ("File", "New", "Ctrl+N"),
        ("File", "Open…", "Ctrl+O"),
        ("File", "Save", "Ctrl+S"),
        ("File", "Save As…", "Ctrl+Shift+S"),
        ("File", "Quit", "Ctrl+Q"),
        ("Edit", "Undo", "Ctrl+Z"),
        ("Edit", "Cut", "Ctrl+X"),
        ("Edit", "Copy", "Ctrl+C"),
        ("Edit", "Paste", "Ctrl+V"),
        ("Edit", "Delete", "Del"),
        ("Edit", "Select All", "Ctrl+A"),
        ("View", "Zoom to Fit", "Ctrl+0"),
        ("Run", "Run", "Ctrl+R"),
        ("Run", "Continue", "Ctrl+Shift+R"),
        ("Run", "Stop", "Esc"),
        ("Help", "User Guide", "F1"),
    ],
)
def test_menu_items_have_their_usual_shortcuts(window, menu, item, keys):
    shortcuts = [s.toString() for s in menu_action(window, menu, item).shortcuts()]
    assert keys in shortcuts


def test_undo_and_redo_name_the_edit_they_undo(window):
    window.model.add_node("NeuronGroup", name="E")
    assert window.action_undo.isEnabled()
    assert window.action_undo.text() == "&Undo add neuron group 'E'"
    window.action_undo.trigger()
    assert window.model.project.nodes == []
    assert window.action_redo.text() == "&Redo add neuron group 'E'"
    window.action_redo.trigger()
    assert [n.name for n in window.model.project.nodes] == ["E"]


def test_view_menu_hides_and_shows_each_dock(window, qtbot):
    for dock in (window.palette_dock, window.inspector_dock, window.problems_dock):
        toggle = menu_action(window, "View", dock.windowTitle().split(" (")[0])
        toggle.trigger()
        assert not dock.isVisible()
        toggle.trigger()
        qtbot.waitUntil(dock.isVisible)


# -- title and unsaved changes ---------------------------------------------------------------


def test_the_title_names_the_file_and_marks_unsaved_changes(window, tmp_path):
    assert window.windowTitle() == "Untitled[*] — SpikeCanvas"
    assert not window.isWindowModified()
    path = tmp_path / "mine.spikecanvas"
    path.write_text(CUBA.read_text())
    window.open_file(path)
    assert window.windowTitle() == "mine.spikecanvas[*] — SpikeCanvas"
    assert not window.isWindowModified()
    window.model.add_node("SpikeMonitor")
    assert window.isWindowModified()
    window.model.undo_stack.undo()  # back to the saved state
    assert not window.isWindowModified()


@pytest.mark.parametrize("how", ["new", "open", "close"])
def test_unsaved_changes_are_asked_about_and_cancel_keeps_everything(window, prompts, how):
    window.model.add_node("NeuronGroup", name="E")
    prompts.unsaved_answer = "cancel"
    prompts.paths = [CUBA]
    if how == "new":
        window.action_new.trigger()
    elif how == "open":
        window.action_open.trigger()
    else:
        window.close()
    assert ("unsaved", "Untitled") in prompts.asked
    assert [n.name for n in window.model.project.nodes] == ["E"]
    assert window.model.modified
    assert window.isVisible()


@pytest.mark.parametrize("how", ["new", "open", "close"])
def test_discarding_unsaved_changes_goes_ahead(window, prompts, how):
    window.model.add_node("NeuronGroup", name="E")
    prompts.unsaved_answer = "discard"
    prompts.paths = [CUBA]
    if how == "new":
        window.action_new.trigger()
        assert window.model.project.nodes == []
    elif how == "open":
        window.action_open.trigger()
        assert window.model.project == load(CUBA)
    else:
        window.close()
        assert not window.isVisible()
    assert prompts.questions().count("unsaved") == 1


def test_saving_unsaved_changes_when_asked_writes_them_first(window, prompts, tmp_path):
    window.model.add_node("NeuronGroup", name="E")
    prompts.unsaved_answer = "save"
    target = tmp_path / "before-new.spikecanvas"
    prompts.paths = [target]
    window.action_new.trigger()
    assert [n.name for n in load(target).nodes] == ["E"]
    assert window.model.project.nodes == []


def test_cancelling_the_save_dialog_cancels_the_close(window, prompts):
    window.model.add_node("NeuronGroup", name="E")
    prompts.unsaved_answer = "save"
    prompts.paths = []  # the save dialog is cancelled
    window.close()
    assert window.isVisible()
    assert prompts.questions() == ["unsaved", "save"]


def test_no_question_without_unsaved_changes(window, prompts):
    window.action_new.trigger()
    window.close()
    assert prompts.asked == []


# -- persistence of the window -----------------------------------------------------------------


def test_geometry_and_dock_layout_persist(make_window, qtbot):
    first = make_window()
    size = QtCore.QSize(first.minimumSizeHint().width(), 480)  # the offscreen screen is small
    first.resize(size)
    first.problems_dock.hide()
    first.close()
    second = make_window()
    assert second.size() == size
    assert not second.problems_dock.isVisible()
    assert second.palette_dock.isVisible()


# -- editing ---------------------------------------------------------------------------------


def test_double_clicking_a_palette_kind_adds_it_at_the_view_centre(window, qtbot):
    tree = window.node_palette.tree
    item = window.node_palette.item("PoissonGroup")
    tree.scrollToItem(item)
    centre = window.canvas.view_center()
    rect = tree.visualItemRect(item)
    # A real double-click is a click, then a second press that Qt reports as a double-click.
    qtbot.mouseClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    (node,) = window.model.project.nodes
    assert node.kind == "PoissonGroup"
    assert tuple(node.position) == pytest.approx(centre)
    assert window.canvas.selected_ids() == [node.id]
    assert window.inspector.current_node_id() == node.id


def test_adding_twice_at_the_centre_does_not_stack_nodes(window):
    first = window.add_node_at_centre("NeuronGroup")
    second = window.add_node_at_centre("NeuronGroup")
    assert window.model.node(first).position != window.model.node(second).position


def test_the_palette_drags_the_kind_the_canvas_accepts(window):
    palette = window.node_palette
    assert palette.kinds()[0] == "NeuronGroup"
    assert len(palette.kinds()) == 9
    data = palette.tree.mimeData([palette.item("StateMonitor")])
    assert bytes(data.data(MIME_KIND).data()).decode() == "StateMonitor"
    assert "Records variables over time" in palette.item("StateMonitor").toolTip(0)
    assert not palette.item("StateMonitor").icon(0).isNull()


def test_the_palette_filter_hides_kinds_that_do_not_match(window):
    palette = window.node_palette
    palette.filter.setText("monitor")
    shown = [k for k in palette.kinds() if not palette.item(k).isHidden()]
    assert shown == ["SpikeMonitor", "StateMonitor", "PopulationRateMonitor"]


def open_cuba(window):
    assert window.open_file(CUBA)
    return {n.name: n.id for n in window.model.project.nodes}


def test_copy_and_paste_go_through_the_clipboard_with_fresh_names_and_ids(window):
    ids = open_cuba(window)
    window.canvas.select([ids["P"], ids["Ce"]])
    window.action_copy.trigger()
    mime = QtWidgets.QApplication.clipboard().mimeData()
    copied = json.loads(bytes(mime.data(MIME_NODES).data()))
    assert [n["name"] for n in copied["nodes"]] == ["P", "Ce"]
    assert window.action_paste.isEnabled()

    before = {n.id for n in window.model.project.nodes}
    window.action_paste.trigger()
    pasted = [window.model.node(i) for i in window.canvas.selected_ids()]
    assert [n.kind for n in pasted] == ["NeuronGroup", "Synapses"]
    assert {n.id for n in pasted}.isdisjoint(before)
    names = [n.name for n in window.model.project.nodes]
    assert len(names) == len(set(names))
    assert pasted[0].model == window.model.node(ids["P"]).model  # settings kept
    # The edge between the copies is copied too.
    assert any(
        e.source == pasted[0].id and e.target == pasted[1].id for e in window.model.project.edges
    )
    window.action_undo.trigger()  # the paste is one step
    assert {n.id for n in window.model.project.nodes} == before


def test_successive_pastes_do_not_land_on_each_other(window):
    ids = open_cuba(window)
    window.canvas.select([ids["P"]])
    window.copy()
    first = window.model.node(window.paste()[0]).position
    second = window.model.node(window.paste()[0]).position
    assert first != second


def test_cut_removes_what_it_copies_and_paste_brings_it_back(window):
    ids = open_cuba(window)
    window.canvas.select([ids["spikes"]])
    window.action_cut.trigger()
    assert "spikes" not in {n.name for n in window.model.project.nodes}
    (new_id,) = window.paste()
    assert window.model.node(new_id).name == "spikes"


def test_delete_and_select_all(window):
    open_cuba(window)
    window.action_select_all.trigger()
    assert len(window.canvas.selected_ids()) == len(window.model.project.nodes)
    window.action_delete.trigger()
    assert window.model.project.nodes == []
    window.action_undo.trigger()
    assert window.model.project == load(CUBA)


def test_edit_actions_follow_the_selection(window):
    ids = open_cuba(window)
    window.canvas.select([])
    assert not window.action_copy.isEnabled()
    assert not window.action_delete.isEnabled()
    window.canvas.select([ids["P"]])
    assert window.action_copy.isEnabled()
    assert window.action_delete.isEnabled()


def test_pasting_text_that_is_not_nodes_changes_nothing(window):
    QtWidgets.QApplication.clipboard().setText("hello")
    assert window.paste() == []
    assert window.model.project.nodes == []


# -- diagnostics and problems -------------------------------------------------------------------


def test_problems_are_listed_with_their_node_field_and_line(window, qtbot):
    ids = open_cuba(window)
    window.model.set_field(ids["P"], "model", "dv/dt = -v/taum : volt\ndw/dt = -w/tauw : 1")
    qtbot.waitUntil(lambda: bool(window.problems.diagnostics), timeout=3000)
    table = window.problems.table
    rows = [
        [table.topLevelItem(r).text(c) for c in range(1, 5)]
        for r in range(table.topLevelItemCount())
    ]
    assert any(row[:3] == ["P", "model", "2"] and "tauw" in row[3] for row in rows), rows
    assert "error" in window.problem_summary.text()
    assert window.problems_dock.windowTitle().startswith("Problems (")


def test_clicking_a_problem_selects_its_node_and_focuses_its_field(window, qtbot):
    ids = open_cuba(window)
    window.model.set_field(ids["Ce"], "on_pre", "ge += wq")
    qtbot.waitUntil(lambda: bool(window.problems.diagnostics), timeout=3000)
    (problem,) = [d for d in window.problems.diagnostics if d.node_id == ids["Ce"]]
    window.canvas.select([ids["P"]])
    row = window.problems.row_of(problem)
    table = window.problems.table
    rect = table.visualItemRect(row)
    qtbot.mouseClick(table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.canvas.selected_ids() == [ids["Ce"]]
    assert window.inspector.current_node_id() == ids["Ce"]
    editor = window.inspector.editor("on_pre")
    qtbot.waitUntil(editor.hasFocus)


def test_a_problem_of_the_project_shows_the_project_settings(window, monkeypatch):
    focused = []
    monkeypatch.setattr(window.inspector, "focus_field", lambda *args: focused.append(args))
    window.show_problem(Diagnostic(None, "run.dt", None, None, None, "bad dt", "error"))
    assert window.canvas.selected_ids() == []
    assert window.inspector.current_node_id() is None
    assert focused == [("run.dt", None, None)]


def test_the_status_bar_shows_the_canvas_messages(window):
    window.canvas.message.emit("A SpikeMonitor cannot record a TimedArray")
    assert window.statusBar().currentMessage() == "A SpikeMonitor cannot record a TimedArray"


# -- help ------------------------------------------------------------------------------------


def test_the_user_guide_opens_in_a_window_of_its_own(window, qtbot):
    # The guide's window itself is tested in test_help.py.
    menu_action(window, "Help", "User Guide").trigger()
    guide = window.findChild(QtWidgets.QMainWindow, "guide_window")
    qtbot.waitExposed(guide)
    assert guide.browser.source().toLocalFile().endswith("docs/user-guide.md")


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


def test_keys_on_the_canvas_reach_the_edit_actions(window, qtbot):
    ids = open_cuba(window)
    window.canvas.select([ids["rate"]])
    window.canvas.widget.setFocus()
    qtbot.keyClick(window.canvas.widget, QtCore.Qt.Key.Key_Delete)
    assert "rate" not in {n.name for n in window.model.project.nodes}
    qtbot.keyClick(
        window.canvas.widget, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier
    )
    assert "rate" in {n.name for n in window.model.project.nodes}


def test_keys_in_a_text_field_stay_in_the_text_field(window, qtbot):
    ids = open_cuba(window)
    window.canvas.select([ids["P"]])
    editor = window.inspector.editor("refractory")
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, QtCore.Qt.Key.Key_Delete)  # deletes a character, not the node
    assert editor.text() == "*ms"
    assert "P" in {n.name for n in window.model.project.nodes}
