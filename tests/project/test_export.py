"""Exporting a project as a Python script: readable, safe, and doing exactly what build does.

The exported script prints the steps of `plan` in order, so with the same seed it must give
the same synapses and spikes as building the project in the app. Here scripts are run as
separate processes (``python script.py``, as a user would) with ``save_results``, which makes
them save what every monitor recorded, and compared with `build` run in this process:

* with the engine, everything is identical (CUBA, and a project with every kind of node);
* with Brian 2 (``flavor='brian2'``, run in the reference environment), deterministic parts
  agree to within one time step and random parts agree in their statistics.

The plots are checked with a stand-in for matplotlib (`PYPLOT_STUB`) that records what the
script draws (Brian 2's environment has no matplotlib), and drawn for real with matplotlib (a
SpikeCanvas dependency) to check their titles and units against the window's rules.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

import engine.units
from engine._version import __version__
from engine.codegen.quoting import string_literal
from engine.core.base import EngineObject
from engine.equations import evaluate_constant
from engine.project import (
    BuildError,
    Connect,
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PoissonGroupNode,
    PoissonInputNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeGeneratorGroupNode,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
    TimedArrayNode,
    export_script,
    load,
)
from engine.project.build import build
from engine.project.document import NODE_KINDS
from engine.project.plan import Code, plan
from engine.units import DEFAULT_UNITS, ms

ROOT = Path(__file__).resolve().parents[2]
CUBA = ROOT / "examples" / "cuba.spikecanvas"
DT = 0.1e-3  # seconds

# A stand-in for matplotlib: records every call on the axes; `savefig` writes the record as
# JSON to the file it is given, `show` to ``shown.json``. Its backend is $MPLBACKEND.
PYPLOT_STUB = """
import json
import os

import numpy as np

CALLS = []


class Axes:
    def __init__(self, row):
        self.row = row

    def plot(self, x, y, *args, **kwargs):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        CALLS.append(["plot", self.row, list(x.shape), list(y.shape), bool(np.isfinite(y).all())])

    def __getattr__(self, name):
        def method(*args, **kwargs):
            CALLS.append([name, self.row, [str(a) for a in args]])

        return method


class Figure:
    def tight_layout(self):
        CALLS.append(["tight_layout"])

    def savefig(self, path, **kwargs):
        with open(path, "w") as file:
            json.dump(CALLS, file)


def subplots(nrows, ncols, squeeze=True, **kwargs):
    axes = np.empty((nrows, ncols), dtype=object)
    for row in range(nrows):
        axes[row, 0] = Axes(row)
    return Figure(), axes


def get_backend():
    return os.environ.get("MPLBACKEND", "agg")


def show():
    with open("shown.json", "w") as file:
        json.dump(CALLS, file)
"""


@pytest.fixture
def pyplot_stub(tmp_path):
    """A folder holding the matplotlib stand-in (for PYTHONPATH)."""
    folder = tmp_path / "stub"
    (folder / "matplotlib").mkdir(parents=True)
    (folder / "matplotlib" / "__init__.py").write_text('__version__ = "3.10.0"\n')
    (folder / "matplotlib" / "pyplot.py").write_text(PYPLOT_STUB)
    # The engine and Brian 2 import pylab's names when matplotlib is installed.
    (folder / "pylab.py").write_text("from numpy import *\n")
    return folder


# -- projects -------------------------------------------------------------------------------------


def cuba(duration: str = "50*ms") -> Project:
    project = load(CUBA)
    project.run.duration = duration
    return project


def every_kind(duration: str = "100*ms", target: str = "auto") -> Project:
    """Every node kind: a deterministic part, and Poisson parts whose statistics are known.

    Deterministic: spikes at given times (``inp``) are relayed with per-synapse delays to leaky
    neurons (``lif``) also driven by a timed array. Random: 50 Poisson sources at 20 Hz
    (``noise``) and a Poisson input of 10 x 50 Hz adding 1 to ``counter.x``.
    """
    return Project(
        title="Every kind of node",
        description="A test project.",
        run=RunSettings(duration=duration, seed=7, target=target),
        constants=[
            Constant(name="tau", value="10*ms", notes="membrane time constant"),
            Constant(name="w_in", value="0.6"),
            Constant(name="rate_in", value="50*Hz", notes="rate of each Poisson input"),
            Constant(name="area", value="100*umetre2", notes="a unit the star import omits"),
        ],
        nodes=[
            TimedArrayNode(id="ta", name="stimulus", values="[0, 0.5, 1.5, 0.5, 3, 3]", dt="5*ms"),
            SpikeGeneratorGroupNode(
                id="sg",
                name="inp",
                N="3",
                indices="[0, 1, 2, 0, 1]",
                times="[1, 2, 3, 11, 15.5]*ms",
            ),
            NeuronGroupNode(
                id="lif",
                name="lif",
                N="3",
                model="dv/dt = (stimulus(t) - v)/tau : 1 (unless refractory)",
                threshold="v > 1",
                reset="v = 0",
                refractory="2*ms",
                method="euler",
                initial={"v": "0.1*i"},
                notes="Leaky neurons driven by the stimulus\nand by the relayed spikes",
            ),
            SynapsesNode(
                id="relay",
                name="relay",
                model="w : 1",
                on_pre="v_post += w",
                delay="1*ms + j*0.5*ms",
                connect=Connect(i="[0, 1, 2]", j="[0, 1, 2]"),
                initial={"w": "w_in + 0.1*j"},
            ),
            StateMonitorNode(id="vm", name="voltage", variables=["v"], record="True"),
            SpikeMonitorNode(id="ls", name="lif_spikes", variables=["v"]),
            PoissonGroupNode(id="noise", name="noise", N="50", rates="20*Hz"),
            NeuronGroupNode(id="counter", name="counter", N="20", model="v : 1\nx : 1"),
            SynapsesNode(id="ns", name="noise_syn", on_pre="v_post += 1", connect=Connect(p="0.5")),
            PoissonInputNode(
                id="events", name="events", target_var="x", N="10", rate="rate_in", weight="1"
            ),
            PopulationRateMonitorNode(
                id="nr", name="noise_rate", plot=PlotSettings(smoothing="5*ms")
            ),
            SpikeMonitorNode(id="nsp", name="noise_spikes"),
            StateMonitorNode(
                id="cm", name="counts", variables=["v", "x"], record="True", dt="10*ms"
            ),
        ],
        edges=[
            Edge(source="sg", target="relay", role="pre"),
            Edge(source="relay", target="lif", role="post"),
            Edge(source="lif", target="vm", role="record"),
            Edge(source="lif", target="ls", role="record"),
            Edge(source="noise", target="ns", role="pre"),
            Edge(source="ns", target="counter", role="post"),
            Edge(source="events", target="counter", role="drive"),
            Edge(source="noise", target="nr", role="record"),
            Edge(source="noise", target="nsp", role="record"),
            Edge(source="counter", target="cm", role="record"),
        ],
    )


# -- running --------------------------------------------------------------------------------------


def in_process(project: Project) -> dict[str, np.ndarray]:
    """Build and run ``project`` here; return what ``save_results`` saves, under its keys."""
    built = build(project)
    built.network.run(evaluate_constant(project.run.duration))
    results = {}
    for node in project.nodes:
        obj = built.objects[node.id]
        if node.kind == "Synapses":
            names = ["i", "j"]
        elif node.kind == "SpikeMonitor":
            names = ["i", "t", *node.variables]
        elif node.kind == "StateMonitor":
            names = ["t", *node.variables]
        elif node.kind == "PopulationRateMonitor":
            names = ["t", "rate"]
        else:
            continue
        for name in names:
            results[f"{node.name}.{name}"] = np.asarray(getattr(obj, name)[:])
    return results


def run_script(script: str, folder: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a script with this Python, as ``python script.py`` in ``folder``."""
    path = folder / "script.py"
    path.write_text(script, encoding="utf-8")
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, str(path)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def string_constants(script: str) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(script))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.fixture(scope="module")
def cuba_in_process():
    """CUBA for 50 ms, built and run in this process (shared by the comparisons)."""
    return in_process(cuba())


# -- (a) the script: structure and stability ------------------------------------------------------


def test_the_cuba_script_reads_like_a_brian_script():
    project = cuba("200*ms")
    script = export_script(project, filename=CUBA)
    compile(script, "cuba.py", "exec")
    assert script == export_script(project, filename=CUBA)  # stable

    docstring = ast.get_docstring(ast.parse(script))
    assert docstring.startswith(project.title + "\n\n4000 leaky integrate-and-fire neurons")
    assert "Notes: Excitation and inhibition balance" in docstring
    assert f"Exported by SpikeCanvas {__version__} from cuba.spikecanvas" in docstring
    assert "python cuba.py" in docstring

    lines = script.splitlines()
    headings = [line.split()[2] for line in lines if line.startswith("# -- ")]
    assert headings == ["Settings", "Constants", "Groups", "Synapses", "Monitors", "Run", "Plots"]
    order = [
        "from engine import *",
        "import numpy as np",
        "seed(1)",
        "defaultclock.dt = 0.1*ms",
        "taum = 20*ms  # membrane time constant",
        "we = (60*0.27/10)*mV  # excitatory synaptic weight",
        'P_model = """\\',
        "P = NeuronGroup(",
        'P.v = "Vr + rand() * (Vt - Vr)"',
        'Ce = Synapses(P, P, on_pre="ge += we", name="Ce")',
        'Ce.connect(condition="i<3200", p=0.02)',
        'Ci.connect(condition="i>=3200", p=0.02)',
        'spikes = SpikeMonitor(P, name="spikes")',
        'trace = StateMonitor(P, ["v"], record=np.array([0, 1]), name="trace")',
        'rate = PopulationRateMonitor(P, name="rate")',
        'run(200*ms, report="text")',
        "try:",
        "    import matplotlib.pyplot as plt",
        "except ImportError:",
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)
    # The equations, as a triple-quoted block, line by line; the variable holds them exactly.
    start = lines.index('P_model = """\\')
    model_lines = project.node("P").model.splitlines()
    assert lines[start + 1 : start + 4] == [*model_lines[:2], model_lines[2] + '"""']
    # Each node's notes precede its block.
    assert lines[lines.index('Ce = Synapses(P, P, on_pre="ge += we", name="Ce")') - 1] == (
        "# Excitatory synapses"
    )
    assert "# The whole population; the first 3200 neurons are excitatory." in lines
    # Smoothing of the rate plot, as set in the plot settings.
    assert 'rate.smooth_rate(window="flat", width=2*ms)' in script


def test_every_piece_of_model_text_is_a_string_with_the_exact_text():
    for project in (cuba(), every_kind()):
        strings = string_constants(export_script(project))
        for step in plan(project):
            for arg in (*step.args, *(value for _, value in step.kwargs)):
                if isinstance(arg, Code):
                    assert arg.text in strings


def test_the_brian2_flavour_differs_only_in_its_imports_and_what_it_needs():
    project = every_kind()
    engine_script = export_script(project, filename="x.spikecanvas")
    brian_script = export_script(project, "brian2", filename="x.spikecanvas")
    engine_head, engine_body = engine_script.split("# -- Settings")
    brian_head, brian_body = brian_script.split("# -- Settings")
    assert engine_body == brian_body
    assert engine_head.split('"""\n')[-1].strip().splitlines() == [
        "from engine import *",
        "import numpy as np",
        "from engine.units import DEFAULT_UNITS  # units 'from engine import *' omits",
        'umetre2 = DEFAULT_UNITS["umetre2"]',
    ]
    assert brian_head.split('"""\n')[-1].strip().splitlines() == [
        "from brian2 import *",
        "import numpy as np",
        "from brian2.units.allunits import umetre2",
    ]
    assert "needs SpikeCanvas's simulation engine" in " ".join(engine_head.split())
    assert "needs Brian 2 (``pip install brian2``)" in " ".join(brian_head.split())
    with pytest.raises(ValueError, match="flavor"):
        export_script(project, "nest")  # type: ignore[arg-type]


def test_constants_with_long_or_several_lines_of_notes_are_commented_above():
    project = Project(
        constants=[
            Constant(name="a", value="1*ms", notes="first line\nsecond line"),
            Constant(name="b", value="2*a", notes="x" * 120),
            Constant(name="c", value="3"),
        ]
    )
    lines = export_script(project).splitlines()
    start = lines.index("# first line")
    assert lines[start : start + 3] == ["# first line", "# second line", "a = 1*ms"]
    assert lines[lines.index("b = 2*a") - 1] == "# " + "x" * 120
    assert "c = 3" in lines


def test_unusual_numbers_and_units_are_written_back_from_what_was_parsed():
    project = Project(
        constants=[
            Constant(name="scale", value="2*mV"),
            Constant(name="d", value="(1 +\n 2)*ms  # three"),
        ],
        nodes=[
            TimedArrayNode(id="t1", name="levels", values="[[1, 2], [3, 4e-1]]*(0.5*scale)"),
            TimedArrayNode(id="t2", name="flat", values="7", dt="1*ms"),
            TimedArrayNode(id="t3", name="huge", values="[1e999, -1e999, 1e-300]", dt="d"),
            SpikeGeneratorGroupNode(id="g", name="G", N="2.0", indices="[]", times="[]*ms"),
        ],
    )
    script = export_script(project)
    assert "levels = TimedArray(np.array([[1.0, 2.0], [3.0, 0.4]])*(0.5*scale)," in script
    assert "flat = TimedArray(np.array(7.0), dt=1*ms" in script
    assert "d = (1 + 2) * ms" in script  # written back from the parsed tree
    assert "huge = TimedArray(np.array([np.inf, -np.inf, 1e-300]), dt=d" in script
    assert "G = SpikeGeneratorGroup(int(2.0), np.array([], dtype=int), np.array([])*ms" in script
    # (The engine accepts no timed array of one value; the rest runs.)
    runnable = "\n".join(line for line in script.splitlines() if not line.startswith("flat = "))
    namespace: dict = {}
    exec(compile(runnable.split("# -- Run")[0], "script.py", "exec"), namespace)
    np.testing.assert_allclose(namespace["levels"].values, [[1e-3, 2e-3], [3e-3, 0.4e-3]])
    assert namespace["d"] == 3 * ms


# -- (b, d) the engine: the same results as build, from a separate process ------------------------


def test_the_cuba_script_gives_the_same_synapses_and_spikes_as_build(tmp_path, cuba_in_process):
    script = export_script(cuba(), filename=CUBA, save_results="results.npz")
    finished = run_script(script, tmp_path, MPLBACKEND="Agg")
    assert "No display: the plots are saved to cuba.png" in finished.stdout
    assert (tmp_path / "cuba.png").read_bytes().startswith(b"\x89PNG")
    saved = np.load(tmp_path / "results.npz")
    assert sorted(saved.files) == sorted(cuba_in_process)
    for key, values in cuba_in_process.items():
        np.testing.assert_array_equal(saved[key], values, err_msg=key)
    assert len(saved["spikes.i"]) > 500


def test_a_script_with_every_node_kind_gives_the_same_results_as_build(tmp_path):
    project = every_kind()
    assert {node.kind for node in project.nodes} == set(NODE_KINDS)
    script = export_script(project, save_results=tmp_path / "results.npz")
    run_script(script, tmp_path)
    saved = np.load(tmp_path / "results.npz")
    expected = in_process(project)
    assert sorted(saved.files) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_array_equal(saved[key], values, err_msg=key)
    assert 'umetre2 = DEFAULT_UNITS["umetre2"]' in script
    assert len(saved["lif_spikes.i"]) >= 3
    assert len(saved["noise_spikes.i"]) > 50


def test_run_simulates_exactly_the_objects_build_puts_in_its_network(tmp_path, monkeypatch):
    project = every_kind("5*ms")
    namespace: dict = {}
    monkeypatch.chdir(tmp_path)
    exec(compile(export_script(project), "script.py", "exec"), namespace)
    ran = [
        value
        for value in namespace.values()
        if isinstance(value, EngineObject) and value.add_to_magic_network
    ]
    built = build(project).network.objects

    def names(objects):
        # PoissonInput takes no name (nor does Brian 2's): its default name gets a number.
        return sorted(re.sub(r"^poissoninput(_\d+)?$", "poissoninput", o.name) for o in objects)

    assert names(ran) == names(built)
    assert len(ran) == len(built) == len(project.nodes) - 1  # all but the timed array
    assert float(namespace["voltage"].t[-1] / ms) == pytest.approx(4.9)


@pytest.mark.parametrize(("backend", "shown"), [("Agg", False), ("QtAgg", True)])
def test_the_plots_draw_every_visible_monitor_and_open_a_window_only_with_a_display(
    tmp_path, monkeypatch, backend, shown
):
    project = every_kind("20*ms")
    project.node("noise_spikes").plot.visible = False
    project.node("voltage").plot.title = "Membrane potential"
    stub = types.ModuleType("matplotlib.pyplot")
    exec(PYPLOT_STUB, stub.__dict__)
    package = types.ModuleType("matplotlib")
    package.pyplot = stub  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "matplotlib", package)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", stub)
    monkeypatch.setenv("MPLBACKEND", backend)
    monkeypatch.chdir(tmp_path)
    exec(compile(export_script(project, filename="every.spikecanvas"), "s.py", "exec"), {})
    assert (tmp_path / "shown.json").exists() is shown
    assert (tmp_path / "every.png").exists() is not shown
    calls = stub.CALLS
    plots = [call for call in calls if call[0] == "plot"]
    # voltage (3 neurons, 200 steps), rate, counts v and x (20 neurons, 2 samples): a curve per
    # recorded element, as the window draws them.
    assert [call[1:4] for call in plots] == [
        [0, [200], [200, 3]],
        [2, [200], [200]],
        [3, [2], [2, 20]],
        [4, [2], [2, 20]],
    ]
    assert all(call[4] for call in plots)
    # The lif spikes as ticks, on a raster as high as the group.
    (ticks,) = [call for call in calls if call[0] == "vlines"]
    assert ticks[1] == 1
    assert [call[2] for call in calls if call[0] == "set_ylim"] == [["-0.5", "2.5"]]
    # A title per panel (above its first plot), as the window shows them.
    titles = {call[1]: call[2][0] for call in calls if call[0] == "set_title"}
    assert titles == {
        0: "Membrane potential",
        1: "lif_spikes",
        2: "noise_rate (smoothed over 5 ms)",
        3: "counts",
    }
    labels = {call[1]: call[2][0] for call in calls if call[0] == "set_ylabel"}
    assert labels == {0: "v", 1: "neuron", 2: "rate (Hz)", 3: "v", 4: "x"}  # v is in 1
    assert [call[0] for call in calls[-2:]] == ["set_xlim", "set_xlabel"]
    assert calls[-1][2] == ["time (ms)"]


@pytest.mark.slow
def test_the_plots_look_like_the_window_s_with_matplotlib(tmp_path):
    script = export_script(cuba("50*ms"), filename=CUBA)
    # What matplotlib drew, as the figure holds it (appended to the script).
    script += textwrap.dedent(
        """
        import json
        print(json.dumps([
            [ax.get_title(), ax.get_ylabel(), ax.get_xlabel(), len(ax.get_lines())]
            for ax in fig.axes
        ]))
        """
    )
    finished = run_script(script, tmp_path, MPLBACKEND="Agg")
    assert (tmp_path / "cuba.png").read_bytes().startswith(b"\x89PNG")
    drawn = json.loads(finished.stdout.strip().splitlines()[-1])
    # The window's titles and units: membrane potentials in mV, the rate smoothed.
    assert drawn == [
        ["Spikes", "neuron", "", 0],
        ["Membrane potential", "v (mV)", "", 2],
        ["Population rate (smoothed over 2 ms)", "rate (Hz)", "time (ms)", 1],
    ]


def test_a_state_monitor_of_many_elements_says_how_many_it_draws():
    project = every_kind("20*ms")
    script = export_script(project)
    # counts records its 20 neurons: all drawn; were there more, the title would say so.
    assert 'len(counts.v) > 20 else ""' in script
    project.node("counts").record = "[0, 1, 2]"
    assert "len(counts.v)" not in export_script(project)


# -- (e) escaping ---------------------------------------------------------------------------------


NASTY = [
    "'''",
    '"""',
    "a'''b\"\"\"c",
    "ends with a quote'",
    'ends with a quote"',
    "back\\slash\\",
    "\\n is not a newline",
    "tab\there",
    "carriage\rreturn",
    "nul\x00byte",
    "line\u2028separator",
    "é τ µ 🧠",
    "surrogate \ud800",
    "\n  indented block\n",
    "# coding: latin-1",
]


@pytest.mark.parametrize("text", NASTY)
def test_string_literals_hold_exactly_the_text(text):
    for block in (False, True):
        for value in (text, text + "\nsecond line"):
            literal = string_literal(value, block=block)
            assert ast.literal_eval(literal) == value


def test_a_project_full_of_quotes_backslashes_and_odd_characters_gives_a_valid_script():
    joined = "\n".join(NASTY)
    project = Project(
        title="# -*- coding: latin-1 -*-\n" + joined,
        description=joined,
        notes=joined,
        constants=[Constant(name="tau", value="10*ms", notes=joined)],
        nodes=[
            NeuronGroupNode(
                id="g",
                name="G",
                model=joined,
                threshold=NASTY[2],
                reset=joined,
                notes=joined,
                initial={"v": NASTY[5]},
            ),
            # The document refuses such variable names; the export writes them as strings.
            StateMonitorNode.model_construct(
                id="m",
                name="M",
                variables=["v", "x'''; import os", 'y"""\\'],
                plot=PlotSettings(title=joined),
            ),
        ],
        edges=[Edge(source="g", target="m", role="record")],
    )
    for flavor in ("engine", "brian2"):
        script = export_script(
            project, flavor, filename="odd '''\".spikecanvas", save_results="a'b"
        )
        # A valid script, read from its UTF-8 bytes as Python reads a file...
        tree = ast.parse(script.encode("utf-8"))
        compile(tree, "odd.py", "exec")
        strings = string_constants(script)  # ...whose strings hold the exact texts
        for text in (joined, NASTY[2], NASTY[5], "x'''; import os", 'y"""\\', "a'b"):
            assert text in strings
        # No text became code: the only imports and names are the script's own.
        imports = [
            ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
        ]
        assert sorted(imports) == sorted(
            [f"from {flavor} import *", "import numpy as np", "import matplotlib.pyplot as plt"]
        )
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert not names & {"os", "__import__", "exec", "eval", "open"}
        # The encoding is never redeclared: the first two lines are the docstring's.
        assert script.splitlines()[0].startswith('"""')
        assert script.splitlines()[1] == ""


def test_quotes_and_backslashes_in_comments_of_model_text_run_as_in_build(tmp_path, monkeypatch):
    model = 'dv/dt = (1.5 - v)/tau : 1  # it\'s a "leak" \'\'\' \\ \u00b5\nw : 1 # """'
    project = Project(
        title='A """quoted""" title \\',
        notes="'''",
        run=RunSettings(duration="20*ms"),
        constants=[Constant(name="tau", value="10*ms", notes='"""\\')],
        nodes=[
            NeuronGroupNode(
                id="g", name="G", N="2", model=model, threshold="v > 1  # '''", reset="v = 0"
            ),
            SpikeMonitorNode(id="m", name="M", notes='"""\n\\'),
        ],
        edges=[Edge(source="g", target="m", role="record")],
    )
    script = export_script(project)
    assert model in string_constants(script)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(script.encode("utf-8"), "odd.py", "exec"), namespace)
    times = np.asarray(namespace["M"].t[:])
    assert len(times) > 0
    np.testing.assert_array_equal(times, in_process(project)["M.t"])


# -- (f) refusing what is not a constant, and names the script needs ------------------------------


@pytest.mark.parametrize(
    ("project", "node_name", "field"),
    [
        (
            Project(constants=[Constant(name="x", value="__import__('os').system('x')")]),
            None,
            "constants.x",
        ),
        (
            Project(
                constants=[Constant(name="x", value="1*ms # "), Constant(name="y", value="open")]
            ),
            None,
            "constants.y",
        ),
        (
            Project(constants=[Constant(name="x", value="y*ms"), Constant(name="y", value="1")]),
            None,
            "constants.x",
        ),
        (Project(constants=[Constant(name="x", value="rand()*ms")]), None, "constants.x"),
        (Project(run=RunSettings(duration="(lambda: 1)()")), None, "run.duration"),
        (Project(run=RunSettings(dt="0.1*ms; import os")), None, "run.dt"),
        (
            Project(nodes=[NeuronGroupNode(id="g", name="G", N="__import__('os').getpid()")]),
            "G",
            "N",
        ),
        (Project(nodes=[NeuronGroupNode(id="g", name="G", dt="exec('1')")]), "G", "dt"),
        (
            Project(nodes=[TimedArrayNode(id="t", name="T", values="[1, 2]*__import__('os')")]),
            "T",
            "values",
        ),
        (Project(nodes=[TimedArrayNode(id="t", name="T", values="[1, x]")]), "T", "values"),
        (
            Project(nodes=[SpikeGeneratorGroupNode(id="s", name="S", indices="[0.5]")]),
            "S",
            "indices",
        ),
        # The document refuses such a key; a document made without its checks
        # (model_construct) is still refused by the export.
        (
            Project(
                nodes=[
                    NeuronGroupNode.model_construct(
                        id="g", name="G", N="1", initial={"v; import os; G.v": "1"}
                    )
                ]
            ),
            "G",
            "initial.v; import os; G.v",
        ),
        (
            Project(
                nodes=[
                    NeuronGroupNode.model_construct(
                        id="g", name="G", N="1", initial={"_name": "'G'"}
                    )
                ]
            ),
            "G",
            "initial._name",
        ),
    ],
)
def test_text_that_is_not_a_constant_expression_is_refused_with_its_place(
    project, node_name, field
):
    with pytest.raises(BuildError) as raised:
        export_script(project)
    assert raised.value.node_name == node_name
    assert raised.value.field == field


def test_the_error_for_code_in_a_constant_says_what_is_wrong():
    project = Project(constants=[Constant(name="x", value="__import__('os').system('x')")])
    with pytest.raises(BuildError, match="'x'|constants.x") as raised:
        export_script(project)
    assert "not a constant expression" in str(raised.value)
    assert raised.value.node_id is None


def test_model_text_is_never_code_whatever_it_holds():
    text = "__import__('os').system('echo hacked')"
    project = Project(
        nodes=[NeuronGroupNode(id="g", name="G", model=text, threshold=text, refractory=text)]
    )
    tree = ast.parse(export_script(project))
    calls = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert "__import__" not in calls
    assert text in string_constants(export_script(project))


@pytest.mark.parametrize(
    ("constants", "nodes", "name"),
    [
        ([Constant(name="run", value="1")], [], "run"),
        ([Constant(name="ms", value="2")], [], "ms"),  # build reads ms as the unit, Python not
        ([Constant(name="exp", value="1"), Constant(name="y", value="exp(1)")], [], "exp"),
        ([], [NeuronGroupNode(id="g", name="NeuronGroup")], "NeuronGroup"),
        ([], [NeuronGroupNode(id="g", name="nS", model="g = 1*nS : siemens")], "nS"),
    ],
)
def test_names_that_would_hide_what_the_script_uses_are_refused(constants, nodes, name):
    with pytest.raises(BuildError, match=f"the name '{name}'"):
        export_script(Project(constants=constants, nodes=nodes))


def test_names_of_helper_variables_never_hide_project_names():
    project = Project(
        nodes=[
            NeuronGroupNode(id="a", name="G", model="dv/dt = -v/(10*ms) : 1\nw : 1"),
            NeuronGroupNode(id="b", name="G_model", model="x : 1"),
            NeuronGroupNode(id="c", name="plt", model="x : 1"),
            SpikeMonitorNode(id="m", name="ax"),
        ],
        edges=[Edge(source="a", target="m", role="record")],
    )
    script = export_script(project)
    assert 'G_model_ = """\\' in script
    assert "import matplotlib.pyplot as plt_" in script
    assert "ax_ = axes[0, 0]" in script
    assert "ax_.vlines(ax.t / ms, ax.i - 0.4, ax.i + 0.4" in script


# -- (c) Brian 2 ----------------------------------------------------------------------------------


def run_with_brian(script: str, monkeypatch, stub: Path | None = None) -> dict:
    """Run an exported script with Brian 2; return its saved results (and plot calls).

    Also returns (as ``"missing units"``) the units the engine exports that the script's
    ``from brian2 import *`` did not define: there must be none.
    """
    from reference.brian2_env import run

    if stub is not None:
        monkeypatch.setenv("PYTHONPATH", str(stub))
        monkeypatch.setenv("MPLBACKEND", "Agg")
    # Appended to the script: hand the saved results (and the plot record) back as JSON.
    emit = textwrap.dedent(
        """
        import numpy as _np
        _saved = _np.load("results.npz")
        _result = {key: _saved[key].tolist() for key in _saved.files}
        if os.path.exists("plots.png"):
            _result["plots"] = json.load(open("plots.png"))
        _result["missing units"] = [name for name in INPUT if name not in globals()]
        emit(_result)
        """
    )
    exported_units = sorted(set(DEFAULT_UNITS) & set(engine.units.__all__))
    results = run(script + emit, exported_units)
    assert results.pop("missing units") == []
    return {key: value if key == "plots" else np.asarray(value) for key, value in results.items()}


@pytest.mark.reference
@pytest.mark.slow
def test_with_brian2_the_deterministic_part_is_identical_and_the_poisson_part_agrees(
    monkeypatch, pyplot_stub
):
    project = every_kind(target="numpy")
    script = export_script(
        project, "brian2", filename="plots.spikecanvas", save_results="results.npz"
    )
    brian = run_with_brian(script, monkeypatch, pyplot_stub)
    ours = in_process(every_kind())

    # Deterministic: the same spikes (to within one step) and the same membrane potentials.
    np.testing.assert_array_equal(brian["lif_spikes.i"], ours["lif_spikes.i"])
    np.testing.assert_allclose(brian["lif_spikes.t"], ours["lif_spikes.t"], atol=DT * 1.01)
    assert len(ours["lif_spikes.i"]) >= 3
    np.testing.assert_allclose(brian["voltage.v"], ours["voltage.v"], atol=1e-9)
    np.testing.assert_allclose(brian["lif_spikes.v"], ours["lif_spikes.v"], atol=1e-9)
    np.testing.assert_array_equal(brian["relay.j"], [0, 1, 2])

    # Random: each count is Poisson (binomial for synapses); each simulator must be within five
    # standard deviations of the expected value (a chance failure has probability < 1e-6).
    expected = {
        "noise spikes": 50 * 20 * 0.1,  # 50 sources at 20 Hz for 100 ms
        "input events": 20 * 10 * 50 * 0.09,  # 20 neurons x 10 inputs x 50 Hz, to the last sample
    }
    for results in (brian, ours):
        counts = {
            "noise spikes": len(results["noise_spikes.i"]),
            "input events": results["counts.x"][:, -1].sum(),
        }
        for what, mean in expected.items():
            assert abs(counts[what] - mean) < 5 * np.sqrt(mean), (what, counts[what])
        synapses = len(results["noise_syn.i"])  # binomial: 1000 pairs, p = 0.5
        assert abs(synapses - 500) < 5 * np.sqrt(1000 * 0.25)

    # The plots work with Brian 2's objects too.
    titles = [call[2][0] for call in brian["plots"] if call[0] == "set_title"]
    assert titles == [
        "voltage",
        "lif_spikes",
        "noise_rate (smoothed over 5 ms)",
        "noise_spikes",
        "counts",
    ]
    labels = [call[2][0] for call in brian["plots"] if call[0] == "set_ylabel"]
    assert labels == ["v", "neuron", "rate (Hz)", "neuron", "v", "x"]
    assert all(call[4] for call in brian["plots"] if call[0] == "plot")


@pytest.mark.reference
@pytest.mark.slow
def test_with_brian2_cuba_has_the_same_statistics(monkeypatch, cuba_in_process):
    project = cuba()
    project.run.target = "numpy"  # no compilation in Brian 2's fresh cache
    script = export_script(project, "brian2", save_results="results.npz")
    brian = run_with_brian(script, monkeypatch)
    ours = cuba_in_process

    # Synapses: binomial counts, 3200 x 4000 (excitatory) and 800 x 4000 pairs with p = 0.02.
    for name, pairs in (("Ce", 3200 * 4000), ("Ci", 800 * 4000)):
        sd = np.sqrt(pairs * 0.02 * 0.98)
        for results in (brian, ours):
            assert abs(len(results[f"{name}.i"]) - pairs * 0.02) < 5 * sd
        assert abs(len(brian[f"{name}.i"]) - len(ours[f"{name}.i"])) < 5 * np.sqrt(2) * sd

    # Spikes per neuron: their mean over the network (0.32 in 50 ms) varies from one seed to
    # another with a standard deviation of 0.017 (12 seeds of the engine; independent Poisson
    # counts would give 0.008, but the neurons fire together at the start). Rounded up to
    # 0.02, the two simulators' means may differ by five standard deviations of a difference.
    mean_brian = np.bincount(brian["spikes.i"], minlength=4000).mean()
    mean_ours = np.bincount(ours["spikes.i"], minlength=4000).mean()
    assert 0.2 < mean_ours < 0.45
    assert abs(mean_brian - mean_ours) < 5 * np.sqrt(2) * 0.02
    # The recorded traces and rates have the same shapes.
    for key in ("trace.v", "trace.t", "rate.rate"):
        assert brian[key].shape == ours[key].shape
