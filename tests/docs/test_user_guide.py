"""The user guide cannot go stale: what it quotes, shows and links is checked against the app.

- Every message quoted under "Common mistakes" is what the window really shows for that
  mistake: each mistake is made in a real main window, as a user makes it (typing into the
  inspector, editing the constants table, removing a wire, pressing Run), and the message read
  from where the user reads it (the Problems panel, or the line under the field).
- The first network of the ten steps is valid and its texts are those the guide tells to type.
- Every picture the guide or the README shows exists and is made by ``docs/make_screenshots.py``,
  and ``docs/images`` holds nothing else; links between the pages and to sections resolve.
- Every node kind has its section, naming every field of its form in the inspector; every
  option of ``spikecanvas run`` is described.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest

from engine.project.document import (
    Connect,
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PoissonGroupNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
)
from engine.project.validate import validate

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDE = DOCS / "user-guide.md"
SCREENSHOTS = DOCS / "make_screenshots.py"
README = ROOT / "README.md"

# -- reading the guide -------------------------------------------------------------------------


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def section(text: str, title: str, level: int = 2) -> str:
    """Return the body of the section ``title`` (up to the next heading of its level or above)."""
    marks = "#" * level
    match = re.search(
        rf"^{marks} {re.escape(title)}\n(.*?)(?=^#{{1,{level}}} |\Z)", text, re.M | re.S
    )
    assert match, f"the guide has no section '{marks} {title}'"
    return match.group(1)


def subsections(text: str, level: int = 3) -> dict[str, str]:
    """Return the subsections of a section's body: heading -> body."""
    marks = "#" * level
    parts = re.split(rf"^{marks} (.+)\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def text_blocks(text: str) -> list[str]:
    """Return the contents of the fenced ``text`` blocks in ``text``."""
    return [block.strip("\n") for block in re.findall(r"^```text\n(.*?)^```", text, re.M | re.S)]


def matches(quoted: str, shown: str) -> bool:
    """Whether a message shown fits the quote; ``…`` in the quote stands for any text."""
    pattern = ".*?".join(re.escape(part) for part in quoted.split("…"))
    return re.fullmatch(pattern, shown, re.S) is not None


# -- the first network of the guide -------------------------------------------------------------

#: What the ten steps tell the user to type, field by field (the guide quotes each as code).
TUTORIAL_TEXTS = {
    ("neurons", "N"): "100",
    ("neurons", "model"): "dv/dt = (El - v)/tau : volt (unless refractory)",
    ("neurons", "threshold"): "v > Vt",
    ("neurons", "reset"): "v = Vr",
    ("neurons", "refractory"): "5*ms",
    ("inputs", "N"): "1000",
    ("inputs", "rates"): "12*Hz",
    ("syn", "on_pre"): "v_post += w",
    ("syn", "connect.p"): "0.1",
    ("trace", "variables"): "v",
    ("trace", "record"): "[0, 1]",
    ("rate", "plot.smoothing"): "5*ms",
}
TUTORIAL_CONSTANTS = {"tau": "10*ms", "El": "-70*mV", "Vt": "-55*mV", "Vr": "-75*mV", "w": "1*mV"}


def tutorial_project() -> Project:
    """The network the ten steps build."""
    t = TUTORIAL_TEXTS
    return Project(
        title="My first network",
        constants=[Constant(name=n, value=v) for n, v in TUTORIAL_CONSTANTS.items()],
        nodes=[
            NeuronGroupNode(
                id="neurons",
                name="neurons",
                N=t["neurons", "N"],
                model=t["neurons", "model"],
                threshold=t["neurons", "threshold"],
                reset=t["neurons", "reset"],
                refractory=t["neurons", "refractory"],
                initial={"v": "El"},
            ),
            PoissonGroupNode(id="inputs", name="inputs", N=t["inputs", "N"], rates="12*Hz"),
            SynapsesNode(id="syn", name="syn", on_pre=t["syn", "on_pre"], connect=Connect(p="0.1")),
            SpikeMonitorNode(id="spikes", name="spikes"),
            StateMonitorNode(id="trace", name="trace", variables=["v"], record="[0, 1]"),
            PopulationRateMonitorNode(id="rate", name="rate", plot=PlotSettings(smoothing="5*ms")),
        ],
        edges=[
            Edge(source="inputs", target="syn", role="pre"),
            Edge(source="syn", target="neurons", role="post"),
            *(Edge(source="neurons", target=m, role="record") for m in ("spikes", "trace", "rate")),
        ],
        run=RunSettings(duration="1*second", seed=1),
    )


def test_the_first_network_of_the_guide_is_valid():
    assert validate(tutorial_project()) == []


def test_the_first_network_fires_as_the_guide_says():
    from engine.project.runner import run

    project = tutorial_project()
    project.run.target = "numpy"
    spikes = run(project, lambda progress: None).monitors["spikes"]
    rate = len(spikes.t) / 100 / 1.0  # spikes per neuron per second
    assert 15 <= rate <= 20  # "around 15–20 times per second"


def test_the_ten_steps_tell_what_to_type():
    steps = section(guide(), "A first network in ten steps")
    assert len(re.findall(r"^### \d+\. ", steps, re.M)) == 10
    for (node, field), text in TUTORIAL_TEXTS.items():
        assert f"`{text}`" in steps, f"the steps do not say to type `{text}` ({node}, {field})"
    for name, value in TUTORIAL_CONSTANTS.items():
        assert re.search(rf"`{name}`\s*\|\s*`{re.escape(value)}`", steps), name


# -- common mistakes, made in a real window ---------------------------------------------------


class NoPrompts:
    """A window that must ask nothing in these tests, except to discard the edits on close."""

    def unsaved_changes(self, parent: object, name: str) -> str:
        return "discard"

    def __getattr__(self, name: str) -> Callable[..., object]:
        def refuse(*args: object) -> None:
            raise AssertionError(f"the window asked {name}{args[1:]}")

        return refuse


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from app.main_window import MainWindow

    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    main = MainWindow(settings=settings, prompts=NoPrompts(), recovery_folder=tmp_path / "rec")
    qtbot.addWidget(main)
    main.show()
    main.model.replace(tutorial_project())
    return main


def errors_shown(window) -> list[str]:
    """The errors in the Problems panel, once the validator has seen the last edit."""
    window.diagnostics.validate_now()
    return [d.message for d in window.problems.diagnostics if d.severity == "error"]


def type_into(window, node: str | None, field: str, text: str) -> list[str]:
    """Type ``text`` over a field of a node's form (None: the project's); return the messages
    shown under the field and in the Problems panel."""
    window.canvas.select([node] if node is not None else [])
    window.inspector.show_node(node)
    editor = window.inspector.editor(field)
    editor.setFocus()
    editor.selectAll()
    QTest.keyClick(editor, QtCore.Qt.Key.Key_Delete)
    QTest.keyClicks(editor, text)
    if hasattr(editor, "commit_now"):
        editor.commit_now()  # what leaving the field does
    problems = errors_shown(window)
    return editor.message_label.messages + problems


def edit_constant(window, name: str, value: str) -> list[str]:
    """Edit the value cell of a constant in the project's form; return the messages shown."""
    window.canvas.select([])
    window.inspector.show_node(None)
    table_field = window.inspector.editor("constants")
    (row,) = [r for r in range(table_field.table.rowCount()) if table_field.rows()[r][0] == name]
    table_field.table.item(row, 1).setText(value)  # what typing into the cell commits
    problems = errors_shown(window)
    return table_field.message_label.messages + problems


def remove_wire(window, source: str, target: str) -> list[str]:
    (edge,) = [e for e in window.model.project.edges if (e.source, e.target) == (source, target)]
    window.model.disconnect(edge)  # what deleting the wire on the canvas does
    return errors_shown(window)


HODGKIN_HUXLEY = """\
dv/dt = (gl*(El - v) - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK) + I)/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32/mV*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 0.28/mV*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.032/mV*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
I : amp (constant)"""


def run_hodgkin_huxley_with_euler(window, qtbot) -> list[str]:
    """Hodgkin–Huxley equations with the automatic method (Euler) at dt = 0.1 ms; press Run."""
    constants = {
        "area": "20000*umetre**2",
        "Cm": "1*ufarad*cm**-2 * area",
        "gl": "5e-5*siemens*cm**-2 * area",
        "El": "-65*mV",
        "EK": "-90*mV",
        "ENa": "50*mV",
        "g_na": "100*msiemens*cm**-2 * area",
        "g_kd": "30*msiemens*cm**-2 * area",
        "VT": "-63*mV",
    }
    project = Project(
        constants=[Constant(name=n, value=v) for n, v in constants.items()],
        nodes=[
            NeuronGroupNode(
                id="hh",
                name="hh",
                N="10",
                model=HODGKIN_HUXLEY,
                threshold="v > -40*mV",
                refractory="v > -40*mV",
                initial={"v": "El", "I": "0.7*nA*i/9"},
            ),
            SpikeMonitorNode(id="spikes", name="spikes"),
        ],
        edges=[Edge(source="hh", target="spikes", role="record")],
        run=RunSettings(duration="100*ms", seed=1, target="numpy"),
    )
    window.model.replace(project)
    assert errors_shown(window) == []
    window.action_run.trigger()
    qtbot.waitUntil(lambda: not window.runner.running, timeout=120_000)
    return [d.message for d in window.problems.diagnostics if d.severity == "error"]


#: Each mistake of the guide (its heading) and how a user makes it; returns the messages shown.
MISTAKES: dict[str, Callable[..., list[str]]] = {
    "A time constant without a unit": lambda w, _: edit_constant(w, "tau", "10"),
    "Forgetting to divide by the time constant": lambda w, _: type_into(
        w, "neurons", "model", "dv/dt = El - v : volt (unless refractory)"
    ),
    "A misspelt name": lambda w, _: type_into(w, "neurons", "threshold", "v > VT"),
    "A threshold without a unit": lambda w, _: type_into(w, "neurons", "threshold", "v > -55"),
    "A reset without a unit": lambda w, _: type_into(w, "neurons", "reset", "v = -75"),
    "A synaptic weight without a unit": lambda w, _: type_into(w, "syn", "on_pre", "v_post += 0.5"),
    "An equation without its unit": lambda w, _: type_into(
        w, "neurons", "model", "dv/dt = (El - v)/tau"
    ),
    "A unit with a prefix after the colon": lambda w, _: type_into(
        w, "neurons", "model", "dv/dt = (El - v)/tau : mV"
    ),
    "A number and its unit without *": lambda w, _: edit_constant(w, "tau", "10 ms"),
    "^ for a power": lambda w, _: edit_constant(w, "tau", "10^-2*second"),
    "A time step without a unit": lambda w, _: type_into(w, None, "run.dt", "0.1"),
    "= instead of ==": lambda w, _: type_into(w, "syn", "connect.condition", "i = j"),
    "A probability above 1": lambda w, _: type_into(w, "syn", "connect.p", "2"),
    "Synapses with a wire missing": lambda w, _: remove_wire(w, "inputs", "syn"),
    "Recording the spikes of neurons without a threshold": lambda w, _: type_into(
        w, "neurons", "threshold", ""
    ),
    "A time step too large for the method: NaN": run_hodgkin_huxley_with_euler,
}


def mistakes_in_guide() -> dict[str, list[str]]:
    body = section(guide(), "Common mistakes and the errors they produce", level=3)
    return {title: text_blocks(text) for title, text in subsections(body, level=4).items()}


def test_the_guide_lists_exactly_the_tested_mistakes():
    quoted = mistakes_in_guide()
    assert list(quoted) == list(MISTAKES)
    for title, blocks in quoted.items():
        assert len(blocks) == 1, f"'{title}' should quote one message"


@pytest.mark.parametrize("title", list(MISTAKES))
def test_each_mistake_shows_the_message_the_guide_quotes(window, qtbot, title):
    (quoted,) = mistakes_in_guide()[title]
    shown = MISTAKES[title](window, qtbot)
    assert any(matches(quoted, message) for message in shown), (
        f"the guide quotes for '{title}':\n  {quoted}\nbut the window shows:\n  "
        + "\n  ".join(shown)
    )


# -- pictures and links -------------------------------------------------------------------------


def pictures_made() -> tuple[str, ...]:
    """The names in make_screenshots.PICTURES, read without running the script."""
    tree = ast.parse(SCREENSHOTS.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["PICTURES"]:  # type: ignore[attr-defined]
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("make_screenshots.py has no PICTURES")


def pictures_saved() -> set[str]:
    """The names the script passes to save(...)."""
    tree = ast.parse(SCREENSHOTS.read_text(encoding="utf-8"))
    return {
        call.args[1].value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", None) == "save"
        and isinstance(call.args[1], ast.Constant)
    }


def images_of(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", markdown)


def test_every_picture_in_docs_images_is_made_by_the_script():
    made = pictures_made()
    assert len(set(made)) == len(made)
    assert set(made) == pictures_saved()
    assert {p.name for p in (DOCS / "images").iterdir()} == set(made)


def test_every_picture_the_guide_and_readme_show_exists_and_is_made_by_the_script():
    made = set(pictures_made())
    shown = [(GUIDE.parent / p) for p in images_of(guide())]
    shown += [(README.parent / p) for p in images_of(README.read_text(encoding="utf-8"))]
    assert len(shown) >= 12
    for path in shown:
        assert path.is_file(), path
        assert path.parent == DOCS / "images", path
        assert path.name in made, path


def test_the_readme_links_the_guide_and_shows_a_screenshot():
    readme = README.read_text(encoding="utf-8")
    assert "(docs/user-guide.md)" in readme
    assert any(p.startswith("docs/images/") for p in images_of(readme))


def anchors(markdown: str) -> set[str]:
    from app.help import slug

    return {slug(title) for title in re.findall(r"^#+ (.+)$", markdown, re.M)}


def test_links_of_the_guide_lead_to_pages_and_sections_that_exist():
    text = guide()
    links = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        page, _, fragment = link.partition("#")
        target = (GUIDE.parent / page) if page else GUIDE
        assert target.is_file(), link
        if fragment:
            assert fragment in anchors(target.read_text(encoding="utf-8")), link


# -- node kinds and the command line ----------------------------------------------------------


def test_every_node_kind_has_a_section_naming_every_field_of_its_form():
    from app.inspector.form_specs import FORMS
    from app.kinds import KINDS

    kinds = subsections(section(guide(), "Node kinds and their fields"))
    for kind, info in KINDS.items():
        title = f"{info.label} ({kind})"
        assert title in kinds, f"no section '### {title}'"
        for form_section in FORMS[kind]:
            for spec in form_section.fields:
                if spec.field == "notes":
                    continue  # every kind has notes: described once, above the kinds
                label = spec.label or form_section.title
                assert f"**{label}**" in kinds[title], f"{title}: field '{label}' not described"
    assert "**Notes**" in section(guide(), "Node kinds and their fields").split("###")[0]


def test_the_project_form_is_described():
    from app.inspector.form_specs import FORMS

    text = guide()
    for form_section in FORMS[None]:
        for spec in form_section.fields:
            assert f"**{spec.label or form_section.title}**" in text, spec.label


def test_every_option_of_the_command_line_is_described():
    from engine.project.cli import build_parser

    text = section(guide(), "The command line")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, command in commands.items():
        assert f"spikecanvas {name}" in text, name
        for action in command._actions:
            options = action.option_strings
            if options and "--help" not in options:
                assert any(f"`{o}" in text for o in options), f"spikecanvas {name} {options}"


def test_the_in_app_viewer_reads_the_guide(qtbot):
    from app.help import GuideWindow

    viewer = GuideWindow(GUIDE)
    qtbot.addWidget(viewer)
    titles = [h.text for h in viewer.headings]
    assert titles[0] == "SpikeCanvas user guide"
    assert "Common mistakes and the errors they produce" in titles
    assert isinstance(viewer.browser, QtWidgets.QTextBrowser)
