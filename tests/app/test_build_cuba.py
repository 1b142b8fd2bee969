"""The issue's main check: a user builds CUBA in the window, saves it, and gets the example.

Nodes come from the palette, are renamed and filled in through the inspector's editors by
typing (equations, conditions, quantities), wired as on the canvas, placed where the example
has them, and saved. The saved file, read back, is the bundled example — except for node ids,
which are random for new nodes and therefore compared through the names they stand for.
"""

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from engine.project import load

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
RETURN = QtCore.Qt.Key.Key_Return


def without_ids(project) -> dict:
    """Return a project's data with each node id replaced by the node's name."""
    data = project.model_dump(mode="json")
    names = {node["id"]: node["name"] for node in data["nodes"]}
    for node in data["nodes"]:
        node["id"] = node["name"]
    for edge in data["edges"]:
        edge["source"], edge["target"] = names[edge["source"]], names[edge["target"]]
    return data


class User:
    """Does what a user does in the window: clicks the palette, types into editors."""

    def __init__(self, window, qtbot):
        self.window, self.qtbot = window, qtbot

    def add(self, kind: str, name: str) -> str:
        tree = self.window.node_palette.tree
        item = self.window.node_palette.item(kind)
        tree.scrollToItem(item)
        centre = tree.visualItemRect(item).center()
        self.qtbot.mouseClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=centre)
        self.qtbot.mouseDClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=centre)
        (node_id,) = self.window.canvas.selected_ids()
        assert self.window.inspector.current_node_id() == node_id
        self.type_line("name", name, enter=True)
        assert self.window.model.node(node_id).name == name
        return node_id

    def editor(self, field: str) -> QtWidgets.QWidget:
        editor = self.window.inspector.editor(field)
        editor.setFocus()
        return editor

    def type_line(self, field: str, text: str, enter: bool = False) -> None:
        """Type into a one-line editor (name, quantity, text, editable choice)."""
        editor = self.editor(field)
        line = editor.lineEdit() if isinstance(editor, QtWidgets.QComboBox) else editor
        line.selectAll()
        self.qtbot.keyClick(line, QtCore.Qt.Key.Key_Delete)
        self.qtbot.keyClicks(line, text)
        if enter:
            self.qtbot.keyClick(line, RETURN)

    def type_text(self, field: str, text: str) -> None:
        """Type several lines into an equation or notes editor, then leave it."""
        editor = self.editor(field)
        editor.selectAll()
        self.qtbot.keyClick(editor, QtCore.Qt.Key.Key_Delete)
        for number, line in enumerate(text.split("\n")):
            if number:
                self.qtbot.keyClick(editor, RETURN)
            self.qtbot.keyClicks(editor, line)
        editor.commit_now()  # what leaving the editor (or a pause in typing) does

    def show(self, node_id: str | None) -> None:
        self.window.canvas.select([node_id] if node_id else [])
        assert self.window.inspector.current_node_id() == node_id


def test_building_cuba_in_the_window_gives_the_bundled_example(
    make_window, prompts, qtbot, tmp_path
):
    example = load(CUBA)
    nodes = {n.name: n for n in example.nodes}
    window = make_window()
    window.resize(1400, 900)
    user = User(window, qtbot)

    # The project: title, texts and run settings in the project form, constants set in one go.
    user.show(None)
    user.type_line("title", example.title)
    user.type_text("description", example.description)
    user.type_text("notes", example.notes)
    user.type_line("run.duration", example.run.duration)
    user.type_line("run.report_period", example.run.report_period)
    user.type_line("run.seed", str(example.run.seed))
    window.model.set_project_field("constants", example.constants)

    # The population.
    p = user.add("NeuronGroup", "P")
    user.type_line("N", nodes["P"].N)
    user.type_text("model", nodes["P"].model)
    user.type_text("threshold", nodes["P"].threshold)
    user.type_text("reset", nodes["P"].reset)
    user.type_line("refractory", nodes["P"].refractory)
    user.type_line("method", nodes["P"].method)
    user.type_text("notes", nodes["P"].notes)
    window.model.set_field(p, "initial", dict(nodes["P"].initial))

    # Excitatory and inhibitory synapses, wired P → synapses → P (a recurrent loop).
    ids = {"P": p}
    for name in ("Ce", "Ci"):
        ids[name] = user.add("Synapses", name)
        user.type_text("on_pre", nodes[name].on_pre)
        user.type_text("connect.condition", nodes[name].connect.condition)
        user.type_line("connect.p", nodes[name].connect.p)
        user.type_text("notes", nodes[name].notes)

    # Monitors.
    for name, kind in (
        ("spikes", "SpikeMonitor"),
        ("trace", "StateMonitor"),
        ("rate", "PopulationRateMonitor"),
    ):
        ids[name] = user.add(kind, name)
        user.type_line("plot.title", nodes[name].plot.title)
    user.show(ids["trace"])
    user.type_line("variables", "v")
    user.type_line("record", nodes["trace"].record)
    user.show(ids["rate"])
    user.type_line("plot.smoothing", nodes["rate"].plot.smoothing)

    for edge in example.edges:
        window.model.connect(ids[edge.source], ids[edge.target], edge.role)
    # Dragged to where the example has them.
    window.model.move_nodes({ids[n.name]: tuple(n.position) for n in example.nodes})
    # Its sliders, added in the Live Parameters panel.
    panel = window.live_panel
    for slider in example.live_parameters:
        panel.name_box.setCurrentText(slider.name)
        for edit, text in (
            (panel.minimum_edit, slider.minimum),
            (panel.maximum_edit, slider.maximum),
            (panel.step_edit, slider.step),
        ):
            edit.setText(text)
        qtbot.mouseClick(panel.add_button, QtCore.Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not window.diagnostics.pending, timeout=3000)
    assert window.diagnostics.validate_now() == []
    assert window.problems.diagnostics == []

    target = tmp_path / "my-cuba.spikecanvas"
    prompts.paths = [target]
    window.action_save.trigger()
    assert not window.isWindowModified()

    again = make_window()
    assert again.open_file(target)
    assert without_ids(again.model.project) == without_ids(example)
