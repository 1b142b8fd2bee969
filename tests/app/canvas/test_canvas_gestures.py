"""User gestures on the canvas become model edits: one undo step each, or a refusal."""

from PySide6 import QtCore, QtGui, QtTest

from app.canvas.canvas import MIME_KIND
from engine.project import Edge, dumps

LEFT = QtCore.Qt.MouseButton.LeftButton


def header_point(item, dx: float = -15) -> QtCore.QPointF:
    """A point on the node's header clear of its name (where a user grabs a node)."""
    view = item.view
    return view.mapToScene(QtCore.QPointF(view.boundingRect().width() + dx, 12))


class Steps:
    """Counts the model's undo steps taken since it was made."""

    def __init__(self, model):
        self.model = model
        self.start = model.undo_stack.count()

    @property
    def taken(self) -> int:
        return self.model.undo_stack.count() - self.start


# -- connecting --------------------------------------------------------------------------------


def test_dragging_a_pipe_between_ports_connects_in_one_step(cuba, model, mouse, mirrors):
    monitor = model.add_node("SpikeMonitor", position=(700, -200))
    steps = Steps(model)
    source = cuba.node_item("P").get_output("spikes")
    target = cuba.node_item(monitor).get_input("source")
    mouse.drag(mouse.port_centre(source), mouse.port_centre(target))
    assert steps.taken == 1
    assert Edge(source="P", target=monitor, role="record") in model.project.edges
    mirrors(cuba, model)
    model.undo_stack.undo()
    assert Edge(source="P", target=monitor, role="record") not in model.project.edges
    mirrors(cuba, model)


def test_a_pipe_can_be_dragged_from_the_input_end_too(cuba, model, mouse, mirrors):
    group = model.add_node("PoissonGroup", position=(-300, 250))
    synapses = model.add_node("Synapses", position=(-50, 350))
    steps = Steps(model)
    mouse.drag(
        mouse.port_centre(cuba.node_item(synapses).get_input("pre")),
        mouse.port_centre(cuba.node_item(group).get_output("spikes")),
    )
    assert steps.taken == 1
    assert Edge(source=group, target=synapses, role="pre") in model.project.edges
    mirrors(cuba, model)


def test_recurrent_wiring_by_dragging_is_allowed(canvas, model, mouse, mirrors):
    e = model.add_node("NeuronGroup", name="E", position=(0, 0))
    s = model.add_node("Synapses", name="EE", position=(300, 0))
    e_item, s_item = canvas.node_item(e), canvas.node_item(s)
    mouse.drag(
        mouse.port_centre(e_item.get_output("spikes")), mouse.port_centre(s_item.get_input("pre"))
    )
    mouse.drag(
        mouse.port_centre(s_item.get_output("post")), mouse.port_centre(e_item.get_input("input"))
    )
    assert {(x.source, x.target, x.role) for x in model.project.edges} == {
        (e, s, "pre"),
        (s, e, "post"),
    }
    mirrors(canvas, model)


def refused(canvas, model, mouse, qtbot, start_port, end_port, reason: str):
    before = dumps(model.project)
    steps = Steps(model)
    messages: list[str] = []
    canvas.message.connect(messages.append)
    mouse.drag(mouse.port_centre(start_port), mouse.port_centre(end_port))
    # The last word is the release's (a message may come while the pipe is over the port).
    assert reason in messages[-1]
    assert messages[-1].startswith("Connection refused")
    assert steps.taken == 0
    assert dumps(model.project) == before


def test_kinds_that_do_not_connect_are_refused(cuba, model, mouse, mirrors, qtbot):
    drive = model.add_node("PoissonInput", position=(-300, 300), target_var="v")
    refused(
        cuba,
        model,
        mouse,
        qtbot,
        cuba.node_item(drive).get_output("target"),
        cuba.node_item("Ce").get_input("pre"),
        "cannot be connected",
    )
    mirrors(cuba, model)


def test_the_wrong_port_is_refused_with_the_right_one_named(cuba, model, mouse, mirrors, qtbot):
    monitor = model.add_node("StateMonitor", position=(800, -200), variables=["ge"])
    refused(
        cuba,
        model,
        mouse,
        qtbot,
        cuba.node_item("Ce").get_output("post"),
        cuba.node_item(monitor).get_input("source"),
        "from its 'record' output",
    )
    mirrors(cuba, model)


def test_a_connection_the_topology_forbids_is_refused(cuba, model, mouse, mirrors, qtbot):
    # Synapses cannot be recorded by a spike monitor (only a state monitor records synapses).
    monitor = model.add_node("SpikeMonitor", position=(800, -200))
    refused(
        cuba,
        model,
        mouse,
        qtbot,
        cuba.node_item("Ce").get_output("record"),
        cuba.node_item(monitor).get_input("source"),
        "use a State monitor instead of the Spike monitor",
    )
    mirrors(cuba, model)


def test_rerouting_a_single_input_is_one_step(cuba, model, mouse, mirrors):
    # Ce has one presynaptic group; dropping another group on its 'pre' port replaces P.
    group = model.add_node("PoissonGroup", position=(-300, -250))
    steps = Steps(model)
    mouse.drag(
        mouse.port_centre(cuba.node_item(group).get_output("spikes")),
        mouse.port_centre(cuba.node_item("Ce").get_input("pre")),
    )
    assert steps.taken == 1
    pre = [(e.source, e.target) for e in model.project.edges if e.role == "pre"]
    assert (group, "Ce") in pre
    assert ("P", "Ce") not in pre
    mirrors(cuba, model)
    model.undo_stack.undo()
    assert Edge(source="P", target="Ce", role="pre") in model.project.edges
    mirrors(cuba, model)


# -- disconnecting -----------------------------------------------------------------------------


def test_dragging_a_pipe_off_its_port_disconnects_in_one_step(cuba, model, mouse, mirrors):
    steps = Steps(model)
    port = cuba.node_item("rate").get_input("source")
    start = mouse.port_centre(port)
    mouse.drag(start, start + QtCore.QPointF(-60, 150))  # onto empty canvas
    assert steps.taken == 1
    assert Edge(source="P", target="rate", role="record") not in model.project.edges
    mirrors(cuba, model)
    model.undo_stack.undo()
    mirrors(cuba, model)
    assert Edge(source="P", target="rate", role="record") in model.project.edges


# -- moving ------------------------------------------------------------------------------------


def test_dragging_a_node_moves_it_in_one_step(cuba, model, mouse, mirrors):
    steps = Steps(model)
    item = cuba.node_item("rate")
    start = header_point(item)
    mouse.drag(start, start + QtCore.QPointF(80, 40))
    assert steps.taken == 1
    assert model.node("rate").position == tuple(item.view.xy_pos)
    assert model.node("rate").position != (500.0, 300.0)
    mirrors(cuba, model)
    model.undo_stack.undo()
    assert model.node("rate").position == (500.0, 300.0)
    mirrors(cuba, model)


def test_dragging_a_selection_moves_all_of_it_in_one_step(cuba, model, mouse, mirrors):
    cuba.select(["spikes", "trace"])
    steps = Steps(model)
    start = header_point(cuba.node_item("spikes"))
    mouse.drag(start, start + QtCore.QPointF(60, -30))
    assert steps.taken == 1
    assert model.node("spikes").position != (500.0, 0.0)
    assert model.node("trace").position != (500.0, 150.0)
    assert model.node("rate").position == (500.0, 300.0)
    mirrors(cuba, model)


def test_a_click_without_moving_changes_nothing(cuba, model, mouse):
    steps = Steps(model)
    point = mouse.point(header_point(cuba.node_item("P")))
    QtTest.QTest.mouseClick(mouse.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, point)
    assert steps.taken == 0
    assert cuba.selected_ids() == ["P"]


# -- selecting, deleting, activating -----------------------------------------------------------


def test_clicking_a_node_selects_it_and_reports_its_id(cuba, mouse, qtbot):
    point = mouse.point(header_point(cuba.node_item("Ce")))
    with qtbot.waitSignal(cuba.selection_changed) as blocker:
        QtTest.QTest.mouseClick(mouse.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, point)
    assert blocker.args == [["Ce"]]
    assert cuba.selected_ids() == ["Ce"]


def test_select_and_select_all(cuba, model, qtbot):
    with qtbot.waitSignal(cuba.selection_changed) as blocker:
        cuba.select(["rate", "P"])
    assert blocker.args == [["P", "rate"]]  # in document order
    cuba.select_all()
    assert cuba.selected_ids() == [n.id for n in model.project.nodes]
    cuba.select([])
    assert cuba.selected_ids() == []


def test_the_delete_key_removes_the_selection_in_one_step(cuba, model, mouse, mirrors):
    cuba.select(["Ce", "rate"])
    steps = Steps(model)
    cuba.widget.setFocus()
    QtTest.QTest.keyClick(cuba.widget, QtCore.Qt.Key.Key_Delete)
    assert steps.taken == 1
    assert {n.id for n in model.project.nodes} == {"P", "Ci", "spikes", "trace"}
    mirrors(cuba, model)
    assert cuba.selected_ids() == []
    model.undo_stack.undo()
    mirrors(cuba, model)
    QtTest.QTest.keyClick(cuba.widget, QtCore.Qt.Key.Key_Backspace)  # nothing selected now
    assert len(model.project.nodes) == 6


def test_delete_selected_removes_nodes_and_their_edges(cuba, model, mirrors):
    cuba.select(["P"])
    cuba.delete_selected()
    assert model.project.edges == []
    mirrors(cuba, model)
    cuba.delete_selected()  # nothing selected: no step
    assert model.undo_stack.count() == 1


def test_double_clicking_a_node_activates_it(cuba, mouse, qtbot):
    item = cuba.node_item("trace")
    point = mouse.point(
        item.view.mapToScene(QtCore.QPointF(100, item.view.boundingRect().bottom() - 8))
    )
    with qtbot.waitSignal(cuba.node_activated) as blocker:
        QtTest.QTest.mouseDClick(mouse.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, point)
    assert blocker.args == ["trace"]


# -- renaming in place -------------------------------------------------------------------------


def edit_name(canvas, mouse, node_id: str, text: str) -> None:
    """Double-click the node's name, type ``text`` over it and press Return."""
    name_item = canvas.node_item(node_id).view.text_item
    centre = name_item.mapToScene(name_item.boundingRect().center())
    point = mouse.point(centre)
    QtTest.QTest.mouseDClick(mouse.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, point)
    assert canvas.graph.viewer().editing_text()
    cursor = name_item.textCursor()
    cursor.select(QtGui.QTextCursor.SelectionType.Document)
    name_item.setTextCursor(cursor)
    QtTest.QTest.keyClicks(canvas.widget, text)
    QtTest.QTest.keyClick(canvas.widget, QtCore.Qt.Key.Key_Return)


def test_renaming_in_place_is_one_step(cuba, model, mouse, mirrors):
    steps = Steps(model)
    edit_name(cuba, mouse, "P", "neurons")
    assert model.node("P").name == "neurons"
    assert steps.taken == 1
    mirrors(cuba, model)
    model.undo_stack.undo()
    assert cuba.node_item("P").name() == "P"
    mirrors(cuba, model)


def test_backspace_while_renaming_edits_the_name_not_the_graph(cuba, model, mouse):
    name_item = cuba.node_item("Ce").view.text_item
    point = mouse.point(name_item.mapToScene(name_item.boundingRect().center()))
    QtTest.QTest.mouseDClick(mouse.viewport, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, point)
    name_item.setTextCursor(QtGui.QTextCursor(name_item.document()))
    cursor = name_item.textCursor()
    cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
    name_item.setTextCursor(cursor)
    QtTest.QTest.keyClick(cuba.widget, QtCore.Qt.Key.Key_Backspace)
    QtTest.QTest.keyClick(cuba.widget, QtCore.Qt.Key.Key_Return)
    assert len(model.project.nodes) == 6
    assert model.node("Ce").name == "C"


def test_an_invalid_name_is_refused_and_reverted(cuba, model, mouse, mirrors, qtbot):
    steps = Steps(model)
    with qtbot.waitSignal(cuba.message) as blocker:
        edit_name(cuba, mouse, "P", "Ce")
    assert "already used" in blocker.args[0]
    assert steps.taken == 0
    assert cuba.node_item("P").view.text_item.toPlainText() == "P"
    mirrors(cuba, model)
    with qtbot.waitSignal(cuba.message) as blocker:
        edit_name(cuba, mouse, "P", "2 groups")
    assert "not a valid name" in blocker.args[0]
    mirrors(cuba, model)


# -- dropping palette kinds --------------------------------------------------------------------


def drop(canvas, kind: bytes, at: QtCore.QPointF) -> bool:
    """Drag ``kind`` in the palette's format onto the canvas and drop it at scene point ``at``."""
    viewport = canvas.graph.viewer().viewport()
    point = canvas.graph.viewer().mapFromScene(at)  # QPoint: drag events take whole pixels
    data = QtCore.QMimeData()
    data.setData(MIME_KIND, kind)
    copy = QtCore.Qt.DropAction.CopyAction
    buttons, modifiers = LEFT, QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(point, copy, data, buttons, modifiers)
    QtCore.QCoreApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QtGui.QDragMoveEvent(point, copy, data, buttons, modifiers)
    QtCore.QCoreApplication.sendEvent(viewport, move)
    event = QtGui.QDropEvent(QtCore.QPointF(point), copy, data, buttons, modifiers)
    QtCore.QCoreApplication.sendEvent(viewport, event)
    return event.isAccepted()


def test_dropping_a_palette_kind_adds_a_node_there(cuba, model, mirrors):
    steps = Steps(model)
    at = QtCore.QPointF(200, 420)
    assert drop(cuba, b"PoissonGroup", at)
    assert steps.taken == 1
    node = model.project.nodes[-1]
    assert node.kind == "PoissonGroup"
    item = cuba.node_item(node.id)
    assert item.view.sceneBoundingRect().contains(at)  # it lands under the cursor
    assert cuba.selected_ids() == [node.id]
    mirrors(cuba, model)


def test_an_unknown_kind_dropped_is_refused_with_a_message(cuba, model, qtbot):
    with qtbot.waitSignal(cuba.message) as blocker:
        drop(cuba, b"Nonsense", QtCore.QPointF(0, 0))
    assert "Nonsense" in blocker.args[0]
    assert model.undo_stack.count() == 0


def test_other_drops_are_not_taken(cuba, model):
    viewport = cuba.graph.viewer().viewport()
    data = QtCore.QMimeData()
    data.setText("hello")
    enter = QtGui.QDragEnterEvent(
        QtCore.QPoint(10, 10),
        QtCore.Qt.DropAction.CopyAction,
        data,
        LEFT,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtCore.QCoreApplication.sendEvent(viewport, enter)
    assert not enter.isAccepted()
    assert model.undo_stack.count() == 0


# -- placing and framing -----------------------------------------------------------------------


def test_add_node_at_and_view_center_place_new_nodes_apart(canvas, model, mirrors):
    first = canvas.add_node_at("NeuronGroup", canvas.view_center())
    second = canvas.add_node_at("NeuronGroup", canvas.view_center())
    assert model.node(first).position != model.node(second).position
    assert canvas.selected_ids() == [second]
    viewport = canvas.graph.viewer().viewport().rect()
    rect = canvas.node_item(first).view.sceneBoundingRect()
    assert viewport.contains(canvas.graph.viewer().mapFromScene(rect.center()))
    mirrors(canvas, model)


def test_zoom_to_fit_shows_every_node(cuba, model):
    model.move_nodes({"rate": (3000.0, 2000.0)})
    cuba.zoom_to_fit()
    viewer = cuba.graph.viewer()
    visible = viewer.mapToScene(viewer.viewport().rect()).boundingRect()
    for item in cuba.graph.all_nodes():
        assert visible.contains(item.view.sceneBoundingRect()), item.name()


def test_nodegraphqt_keeps_no_undo_actions_or_menus(cuba):
    viewer = cuba.graph.viewer()
    shortcuts = [a for a in viewer.findChildren(QtGui.QAction) if not a.shortcut().isEmpty()]
    assert shortcuts == []
    assert all(not menu.actions() for menu in viewer.context_menus().values())
