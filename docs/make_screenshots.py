"""Regenerate every screenshot in docs/images from the real application.

Run it on a display, or on a virtual one: ``make screenshots`` (uses xvfb-run). Each picture is
taken from the same widgets users see, so the docs never show an outdated window. The pictures
of the user guide's "first network in ten steps" are taken while the script builds that network
as a user does: it double-clicks kinds in the palette, types into the inspector's fields,
connects nodes through the model calls the canvas makes when a wire is dropped, and runs.

`PICTURES` lists every picture this script writes; ``tests/docs/test_user_guide.py`` checks that
the folder holds exactly these and that the guide shows only pictures from it.
"""

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest

from app.application import create_application, shutdown
from app.files import Recovery
from app.main_window import MainWindow
from app.prompts import Answer, Prompts
from app.run.settings_dialog import RunSettingsDialog

IMAGES = Path(__file__).parent / "images"
CUBA = Path(__file__).parents[1] / "examples" / "cuba.spikecanvas"
BRUNEL = Path(__file__).parents[1] / "examples" / "brunel_2000.spikecanvas"
BRUNEL_HAKIM = Path(__file__).parents[1] / "examples" / "brunel_hakim.spikecanvas"

#: Every picture this script writes, in the order it writes them.
PICTURES = (
    "main-window.png",
    "main-window-running.png",
    "about.png",
    "step-01-new-project.png",
    "step-02-constants.png",
    "step-03-neuron-group.png",
    "step-04-equations.png",
    "step-05-a-mistake.png",
    "step-06-poisson-input.png",
    "step-07-synapses.png",
    "step-08-monitors.png",
    "step-09-run-settings.png",
    "step-10-results.png",
    "user-guide-window.png",
    "sweep-editor.png",
    "sweep-results.png",
    "live-parameters.png",
    "analysis-views.png",
)

# Where the tutorial's nodes go: inputs on the left, monitors on the right.
LAYOUT = {
    "inputs": (0.0, 0.0),
    "syn": (270.0, 0.0),
    "neurons": (540.0, 0.0),
    "spikes": (820.0, -150.0),
    "trace": (820.0, 0.0),
    "rate": (820.0, 150.0),
}
TUTORIAL_SIZE = (1280, 800)


class NoQuestions(Prompts):
    """Prompts for a window nobody looks at: never ask, never restore, keep nothing."""

    def unsaved_changes(self, parent: QtWidgets.QWidget, name: str) -> Answer:
        return "discard"

    def restore(self, parent: QtWidgets.QWidget, recovery: Recovery) -> bool:
        return False

    def error(self, parent: QtWidgets.QWidget, title: str, summary: str, details: str = "") -> None:
        raise SystemExit(f"{title}: {summary}\n{details}")


def settle(qt_app: QtWidgets.QApplication, milliseconds: int = 300) -> None:
    """Let Qt lay out and paint before a picture is taken."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    qt_app.processEvents()


def wait_until(
    qt_app: QtWidgets.QApplication, condition: Callable[[], bool], timeout: float = 120.0
) -> None:
    """Process events until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the run")
        settle(qt_app, 20)


def save(widget: QtWidgets.QWidget, name: str) -> None:
    if name not in PICTURES:
        raise SystemExit(f"{name} is not listed in PICTURES")
    path = IMAGES / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


# -- acting as a user ------------------------------------------------------------------------


def add_from_palette(qt_app: QtWidgets.QApplication, window: MainWindow, kind: str) -> str:
    """Double-click a kind in the palette; return the id of the node it adds."""
    tree = window.node_palette.tree
    item = window.node_palette.item(kind)
    tree.scrollToItem(item)
    before = {n.id for n in window.model.project.nodes}
    centre = tree.visualItemRect(item).center()
    QTest.mouseClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=centre)
    settle(qt_app, 100)
    (added,) = {n.id for n in window.model.project.nodes} - before
    return added


def type_into(qt_app: QtWidgets.QApplication, window: MainWindow, field: str, text: str) -> None:
    """Replace the text of a field of the inspector's form by typing ``text`` into it."""
    editor = window.inspector.editor(field)
    window.inspector.focus_field(field)
    editor.setFocus()
    if isinstance(editor, QtWidgets.QPlainTextEdit):
        editor.selectAll()
        QTest.keyClick(editor, QtCore.Qt.Key.Key_Delete)
    else:
        editor.selectAll()
        QTest.keyClick(editor, QtCore.Qt.Key.Key_Backspace)
    for number, line in enumerate(text.split("\n")):
        if number:
            QTest.keyClick(editor, QtCore.Qt.Key.Key_Return)
        QTest.keyClicks(editor, line)
    # What leaving the field does: the editor commits its text.
    commit = getattr(editor, "commit_now", None)
    if commit is not None:
        commit()
    settle(qt_app, 50)


def rename(qt_app: QtWidgets.QApplication, window: MainWindow, name: str) -> None:
    """Type a new name into the inspector's name field and press Enter."""
    editor = window.inspector.editor("name")
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, name)
    QTest.keyClick(editor, QtCore.Qt.Key.Key_Return)
    settle(qt_app, 50)


def select(qt_app: QtWidgets.QApplication, window: MainWindow, node_id: str | None) -> None:
    """Click a node on the canvas (None: click the empty canvas, which shows the project)."""
    window.canvas.select([node_id] if node_id is not None else [])
    window.inspector.show_node(node_id)
    settle(qt_app, 100)


def id_of(window: MainWindow, name: str) -> str:
    return window.model.project.node(name).id


def lay_out(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """Drag the nodes to their places (one move, as a drag of a selection is) and show them."""
    names = {n.name for n in window.model.project.nodes}
    window.model.move_nodes({id_of(window, n): p for n, p in LAYOUT.items() if n in names})
    settle(qt_app, 100)
    window.canvas.select([])
    window.canvas.zoom_to_fit()
    settle(qt_app, 100)


def show_dock(window: MainWindow, dock: QtWidgets.QDockWidget) -> None:
    dock.show()
    dock.raise_()


# -- the pictures ----------------------------------------------------------------------------


def main_window_pictures(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """The CUBA example, still and running; the About dialog."""
    window.open_file(CUBA)
    settle(qt_app)
    window.canvas.zoom_to_fit()
    # The population selected: the inspector shows its equations.
    population = next(n.id for n in window.model.project.nodes if n.kind == "NeuronGroup")
    window.canvas.select([population])
    settle(qt_app, 600)
    save(window, "main-window.png")

    # During a run: the raster fills in, the status bar counts.
    window.model.set_project_field("run.duration", "1*second")
    window.run_network()
    wait_until(qt_app, lambda: window.run_status.bar.value() >= 600)
    window.plots.redraw()
    settle(qt_app, 100)
    save(window, "main-window-running.png")
    window.stop_run()
    wait_until(qt_app, lambda: not window.runner.running)

    about = window.show_about()
    settle(qt_app)
    save(about, "about.png")
    about.close()


def first_network(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """The user guide's "first network in ten steps", one picture per step."""
    show_dock(window, window.problems_dock)
    settle(qt_app)
    # 1. A new project: the palette, the empty canvas, the project's form.
    save(window, "step-01-new-project.png")

    # 2. Constants, in the project's form (nothing selected).
    select(qt_app, window, None)
    type_into(qt_app, window, "title", "My first network")
    window.model.set_project_field(
        "constants",
        [
            {"name": "tau", "value": "10*ms", "notes": "membrane time constant"},
            {"name": "El", "value": "-70*mV", "notes": "resting potential"},
            {"name": "Vt", "value": "-55*mV", "notes": "spike threshold"},
            {"name": "Vr", "value": "-75*mV", "notes": "reset potential"},
            {"name": "w", "value": "1*mV", "notes": "what one input spike adds to v"},
        ],
    )
    settle(qt_app)
    window.inspector.focus_field("constants")
    save(window.inspector_dock, "step-02-constants.png")

    # 3. A neuron group from the palette, renamed, with 100 neurons.
    neurons = add_from_palette(qt_app, window, "NeuronGroup")
    rename(qt_app, window, "neurons")
    type_into(qt_app, window, "N", "100")
    settle(qt_app)
    save(window, "step-03-neuron-group.png")

    # 4. Its model: equations, threshold, reset, refractory period, initial value.
    type_into(qt_app, window, "model", "dv/dt = (El - v)/tau : volt (unless refractory)")
    type_into(qt_app, window, "threshold", "v > Vt")
    type_into(qt_app, window, "reset", "v = Vr")
    type_into(qt_app, window, "refractory", "5*ms")
    window.model.set_field(neurons, "initial", {"v": "El"})
    settle(qt_app)
    window.inspector.focus_field("model")
    save(window.inspector_dock, "step-04-equations.png")

    # 5. A mistake: a misspelt name is reported at once, at its place.
    type_into(qt_app, window, "threshold", "v > VT")
    settle(qt_app, 400)
    show_dock(window, window.problems_dock)
    # The field in focus shows its whole message over the form.
    window.inspector.focus_field("threshold")
    window.inspector.editor("threshold").setFocus()
    settle(qt_app)
    save(window, "step-05-a-mistake.png")
    type_into(qt_app, window, "threshold", "v > Vt")

    # 6. The input: 1000 Poisson neurons firing at 12 Hz.
    inputs = add_from_palette(qt_app, window, "PoissonGroup")
    rename(qt_app, window, "inputs")
    type_into(qt_app, window, "N", "1000")
    type_into(qt_app, window, "rates", "12*Hz")
    lay_out(qt_app, window)
    select(qt_app, window, inputs)
    save(window, "step-06-poisson-input.png")

    # 7. Synapses from the inputs to the neurons: each spike adds w to v.
    syn = add_from_palette(qt_app, window, "Synapses")
    rename(qt_app, window, "syn")
    window.model.connect(inputs, syn)  # a wire from the inputs' spikes to syn's pre
    window.model.connect(syn, neurons)  # a wire from syn's post to the neurons' input
    type_into(qt_app, window, "on_pre", "v_post += w")
    type_into(qt_app, window, "connect.p", "0.1")
    lay_out(qt_app, window)
    select(qt_app, window, syn)
    save(window, "step-07-synapses.png")

    # 8. Three monitors on the neurons: spikes, the voltage of two neurons, the rate.
    spikes = add_from_palette(qt_app, window, "SpikeMonitor")
    rename(qt_app, window, "spikes")
    window.model.connect(neurons, spikes)
    trace = add_from_palette(qt_app, window, "StateMonitor")
    rename(qt_app, window, "trace")
    window.model.connect(neurons, trace)
    type_into(qt_app, window, "variables", "v")
    type_into(qt_app, window, "record", "[0, 1]")
    rate = add_from_palette(qt_app, window, "PopulationRateMonitor")
    rename(qt_app, window, "rate")
    window.model.connect(neurons, rate)
    type_into(qt_app, window, "plot.smoothing", "5*ms")
    lay_out(qt_app, window)
    select(qt_app, window, trace)
    save(window, "step-08-monitors.png")

    # 9. Run → Run Settings…: one second, a fixed seed.
    dialog = RunSettingsDialog(window.model.project.run, window)
    dialog.show()
    settle(qt_app, 100)
    for field, text in ((dialog.duration, "1*second"), (dialog.seed, "1")):
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, text)
    settle(qt_app)
    save(dialog, "step-09-run-settings.png")
    dialog.accept()
    window.model.set_project_field("run", dialog.settings)  # what Run Settings… does on OK
    dialog.deleteLater()

    # 10. Run: the plots fill in; the run summary has the numbers.
    select(qt_app, window, neurons)
    window.action_run.trigger()
    wait_until(qt_app, lambda: not window.runner.running)
    window.plots.redraw()
    settle(qt_app, 400)
    if window.results is None or window.results.provenance.status != "completed":
        raise SystemExit("the tutorial's run did not complete")
    save(window, "step-10-results.png")


def guide_window(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """Help → User Guide: the guide in its own window."""
    guide = window.show_user_guide()
    if guide is None:
        raise SystemExit("the user guide was not found")
    guide.resize(1100, 700)
    settle(qt_app)
    guide.show_section("A first network in ten steps")
    settle(qt_app)
    save(guide, "user-guide-window.png")
    guide.close()


def live_pictures(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """CUBA with its we slider raised during a run: the balance breaks into waves."""
    window.open_file(CUBA)
    settle(qt_app)
    window.canvas.zoom_to_fit()
    window.model.set_project_field("run.duration", "400*ms")
    window.pace_box.setCurrentIndex(window.pace_box.findData(0.5))  # time to move the slider
    window.live_dock.show()
    window.live_dock.raise_()
    row = window.live_panel.rows["we"]
    window.runner.progressed.connect(
        lambda progress: row.slider.setValue(35) if progress.t > 0.15 else None
    )
    window.run_network()
    wait_until(qt_app, lambda: not window.runner.running)
    window.plots.redraw()
    settle(qt_app, 600)
    save(window, "live-parameters.png")
    window.pace_box.setCurrentIndex(0)


def analysis_pictures(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """Brunel–Hakim's panels with analysis views: ISI histogram, rate, spectrum."""
    window.open_file(BRUNEL_HAKIM)
    settle(qt_app)
    window.run_network()
    wait_until(qt_app, lambda: not window.runner.running)
    spikes = next(n.id for n in window.model.project.nodes if n.kind == "SpikeMonitor")
    window.plots.choose_view(spikes, "isi")
    window.plots_dock.setFloating(True)  # the panels alone, at a size to read them
    window.plots_dock.resize(900, 700)
    settle(qt_app, 800)
    window.plots.redraw()
    settle(qt_app, 400)
    save(window.plots_dock, "analysis-views.png")
    window.plots_dock.setFloating(False)


def sweep_pictures(qt_app: QtWidgets.QApplication, window: MainWindow) -> None:
    """Run → Sweep… on the Brunel (2000) example: its phase diagram before and after a run."""
    from app.sweep.dialog import SweepDialog

    window.open_file(BRUNEL)
    settle(qt_app)
    window.window_actions.action_sweep.trigger()
    dialog = window.findChild(SweepDialog, "sweep_dialog")
    if dialog is None:
        raise SystemExit("Run → Sweep… showed no sweep window")
    dialog.resize(1280, 760)
    settle(qt_app, 600)
    save(dialog, "sweep-editor.png")
    dialog.run()
    wait_until(qt_app, lambda: dialog.table is not None and not dialog.runner.running, 600.0)
    box = dialog.plot.measure_box
    box.setCurrentIndex(box.findText("mean_rate(neurons)"))  # the states' clearest map
    settle(qt_app, 600)
    save(dialog, "sweep-results.png")
    dialog.close()


def fresh_window(qt_app: QtWidgets.QApplication, size: tuple[int, int]) -> MainWindow:
    """Return a shown main window as on a first start: default layout, nothing recent."""
    # Fresh settings and recovery folder: the picture shows the default layout, whatever the
    # layout on the machine that takes it.
    scratch = Path(tempfile.mkdtemp(prefix="spikecanvas-screenshots-"))
    settings = QtCore.QSettings(str(scratch / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, prompts=NoQuestions(), recovery_folder=scratch)
    window.resize(*size)
    window.show()
    settle(qt_app)
    return window


def main() -> int:
    qt_app = create_application()
    IMAGES.mkdir(exist_ok=True)

    window = fresh_window(qt_app, (1400, 900))
    main_window_pictures(qt_app, window)
    window.close()

    window = fresh_window(qt_app, TUTORIAL_SIZE)
    first_network(qt_app, window)
    guide_window(qt_app, window)
    window.close()

    window = fresh_window(qt_app, (1400, 900))
    live_pictures(qt_app, window)
    window.close()

    window = fresh_window(qt_app, (1400, 900))
    analysis_pictures(qt_app, window)
    window.close()

    window = fresh_window(qt_app, (1400, 900))
    sweep_pictures(qt_app, window)

    shutdown(qt_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
