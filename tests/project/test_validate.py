"""Validating a project: every problem is found, placed in its field, and nothing is run."""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from models import CUBA_PROJECT as CUBA
from models import every_node_kind as network

from engine.project import (
    Connect,
    Constant,
    Diagnostic,
    Edge,
    NeuronGroupNode,
    Project,
    load,
    validate,
)


def errors(project: Project) -> list[Diagnostic]:
    return [d for d in validate(project) if d.severity == "error"]


def warnings(project: Project) -> list[Diagnostic]:
    return [d for d in validate(project) if d.severity == "warning"]


# -- valid projects ------------------------------------------------------------------------------


def test_the_cuba_example_has_no_problems():
    assert validate(load(CUBA)) == []


def test_a_network_using_every_node_kind_has_no_problems():
    assert validate(network()) == []


def test_an_empty_project_has_no_problems():
    assert validate(Project()) == []


# -- each kind of mistake, placed where it is ----------------------------------------------------


def edit(node: str, **fields: object) -> Callable[[Project], None]:
    """Set fields of a node (``plot__window`` for a field of a field)."""

    def apply(project: Project) -> None:
        target = project.node(node)
        for path, value in fields.items():
            *parents, last = path.split("__")
            owner = target
            for parent in parents:
                owner = getattr(owner, parent)
            setattr(owner, last, value)

    return apply


def run_setting(**fields: str) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        for name, value in fields.items():
            setattr(project.run, name, value)

    return apply


def constant(index: int, value: str | None = None, name: str | None = None):
    def apply(project: Project) -> None:
        if index >= len(project.constants):
            project.constants.append(Constant(name=name or "c", value=value or "1"))
            return
        if value is not None:
            project.constants[index].value = value
        if name is not None:
            project.constants[index].name = name

    return apply


def without_edge(target: str, role: str, incoming: bool = True) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        end = "target" if incoming else "source"
        project.edges = [
            e for e in project.edges if not (getattr(e, end) == target and e.role == role)
        ]

    return apply


def connect(**fields: object) -> Callable[[Project], None]:
    """Replace the connect fields of S (index arrays by default)."""

    def apply(project: Project) -> None:
        project.node("S").connect = Connect(**fields)

    return apply


@dataclass(frozen=True)
class Broken:
    change: Callable[[Project], None]
    node: str | None
    field: str | None
    line: int | None
    column: int | None
    message: str


BROKEN = {
    # run settings and constants
    "run dt without unit": Broken(run_setting(dt="0.1"), None, "run.dt", 1, 1, "must be a time"),
    "run dt not positive": Broken(
        run_setting(dt="-0.1*ms"), None, "run.dt", 1, 1, "more than zero"
    ),
    "run dt uses a constant": Broken(
        run_setting(dt="tau/100"), None, "run.dt", 1, 1, "cannot use constants"
    ),
    "duration not a time": Broken(
        run_setting(duration="200*mV"), None, "run.duration", 1, 1, "must be a time"
    ),
    "constant with a unit error": Broken(
        constant(1, "0.3*volt + 1*ms"), None, "constants.w", 1, 1, "units do not match"
    ),
    "constant syntax error": Broken(constant(1, "0.3 *"), None, "constants.w", 1, 6, "syntax"),
    "constant uses a later one": Broken(constant(0, "w*ms"), None, "constants.tau", 1, 1, "above"),
    "constant named like a unit": Broken(
        constant(2, "1", "ms"), None, "constants.ms.name", None, None, "is a unit"
    ),
    "constant named like a model name": Broken(
        constant(2, "1", "t"), None, "constants.t.name", None, None, "meaning in model text"
    ),
    "node named like a function": Broken(
        edit("PG", name="exp"), "pg", "name", None, None, "a function"
    ),
    "node named like the engine's API": Broken(
        edit("spikes", name="run"), "m1", "name", None, None, "engine's API"
    ),
    # neuron groups
    "N not whole": Broken(edit("G", N="2.5"), "g", "N", 1, 1, "whole number"),
    "N zero": Broken(edit("G", N="0"), "g", "N", 1, 1, "at least 1"),
    "N with a unit": Broken(edit("G", N="3*ms"), "g", "N", 1, 1, "unit s"),
    "equation syntax": Broken(
        edit("G", model="dv/dt = (drive(t) - v/tau : 1\nx : 1"), "g", "model", 1, 9, "never closed"
    ),
    "equation units": Broken(
        edit("G", model="dv/dt = (drive(t) - v)/tau : 1\nx : 1\ndy/dt = y : 1"),
        "g",
        "model",
        3,
        9,
        "1/s",
    ),
    "equation unknown name": Broken(
        edit("G", model="dv/dt = (drive(t) - v)/tua : 1\nx : 1"),
        "g",
        "model",
        1,
        24,
        "Did you mean 'tau'",
    ),
    "equation flag": Broken(
        edit("G", model="dv/dt = (drive(t) - v)/tau : 1 (summed)\nx : 1"),
        "g",
        "model",
        1,
        30,
        "'summed' is not allowed",
    ),
    "threshold not a condition": Broken(
        edit("G", threshold="v + 1"), "g", "threshold", 1, 1, "not a condition"
    ),
    "threshold unknown name": Broken(
        edit("G", threshold="v > v_max"), "g", "threshold", 1, 5, "'v_max'"
    ),
    "reset of an unknown variable": Broken(
        edit("G", reset="v = 0\nvv = 1"), "g", "reset", 2, 1, "no variable 'vv'"
    ),
    "reset of a read-only variable": Broken(
        edit("G", reset="t = 1*ms"), "g", "reset", 1, 1, "read-only"
    ),
    "reset with a unit mismatch": Broken(
        edit("G", reset="v = 1*mV"), "g", "reset", 1, 5, "has unit V"
    ),
    "refractory neither time nor condition": Broken(
        edit("G", refractory="2*mV"), "g", "refractory", 1, 1, "duration"
    ),
    "refractory expression neither time nor condition": Broken(
        edit("G", refractory="v*2"), "g", "refractory", 1, 1, "duration"
    ),
    "unknown method": Broken(edit("G", method="rk5"), "g", "method", 1, 1, "Did you mean 'rk4'"),
    "method that cannot integrate": Broken(
        edit("G", method="exact", model="dv/dt = (drive(t) - v**2)/tau : 1\nx : 1"),
        "g",
        "method",
        1,
        1,
        "not linear",
    ),
    "exact integration of an integrator": Broken(
        edit("G", method="exact", model="dv/dt = 1/tau : 1\nx : 1"),
        "g",
        "method",
        1,
        1,
        "singular",
    ),
    "initial value of an unknown variable": Broken(
        edit("G", initial={"u": "1"}), "g", "initial.u", None, None, "no variable 'u'"
    ),
    "initial value with a wrong unit": Broken(
        edit("G", initial={"v": "i*mV"}), "g", "initial.v", 1, 1, "has unit V"
    ),
    "dt of a group not a time": Broken(edit("G", dt="0.1"), "g", "dt", 1, 1, "must be a time"),
    # synapses
    "synapses without pre": Broken(without_edge("s", "pre"), "s", "pre", None, None, "presynaptic"),
    "synapses without post": Broken(
        without_edge("s", "post", incoming=False), "s", "post", None, None, "postsynaptic"
    ),
    "on_pre with an unknown postsynaptic variable": Broken(
        edit("S", on_pre="y_post += weight"), "s", "on_pre", 1, 1, "'y_post'"
    ),
    "on_pre with a unit mismatch": Broken(
        edit("S", on_pre="v_post += 1*mV"), "s", "on_pre", 1, 11, "has unit V"
    ),
    "on_pre assigning a read-only variable": Broken(
        edit("S", on_pre="v_post += weight\ni = 1"), "s", "on_pre", 2, 1, "read-only"
    ),
    "synaptic model using an unknown presynaptic variable": Broken(
        edit("S", model="weight : 1\ndu/dt = -u/tau + v_pre/tau : 1 (clock-driven)"),
        "s",
        "model",
        2,
        18,
        "'v_pre'",
    ),
    "summed variable without a target": Broken(
        edit("S", model="weight : 1\ny_post = weight : 1 (summed)"),
        "s",
        "model",
        2,
        1,
        "needs a parameter 'y'",
    ),
    "event-driven equation that cannot be solved": Broken(
        edit("S", model="weight : 1\ndu/dt = -u**2/tau : 1 (event-driven)"),
        "s",
        "model",
        2,
        2,
        "event-driven",
    ),
    "delay not a time": Broken(edit("S", delay="2*mV"), "s", "delay", 1, 1, "must be a time"),
    "delay expression not a time": Broken(
        edit("S", delay="j*mV"), "s", "delay", 1, 1, "but s is expected"
    ),
    "connect condition not a condition": Broken(
        connect(condition="i + j"), "s", "connect.condition", 1, 1, "not a condition"
    ),
    "connect condition with unknown name": Broken(
        connect(condition="i != k"), "s", "connect.condition", 1, 6, "'k'"
    ),
    "connect p above one": Broken(
        connect(condition="i != j", p="1.5"), "s", "connect.p", 1, 1, "from 0 to 1"
    ),
    "connect p expression with a unit": Broken(
        connect(condition="i != j", p="j*ms"), "s", "connect.p", None, None, "dimensionless"
    ),
    "connect index outside the group": Broken(
        connect(i="[0, 5]", j="[2, 1]"), "s", "connect.i", 1, 5, "outside 'SG'"
    ),
    "connect indices not whole numbers": Broken(
        connect(i="[0, 1]", j="[2, 0.5]"), "s", "connect.j", 1, 5, "whole numbers"
    ),
    "connect lists of different lengths": Broken(
        connect(i="[0, 1, 1]", j="[2, 1]"), "s", "connect.j", 1, 1, "same length"
    ),
    "connect condition and index lists": Broken(
        connect(i="[0, 1]", j="[2, 1]", condition="i != j"),
        "s",
        "connect.condition",
        None,
        None,
        "either a condition or i and j",
    ),
    "connect generator syntax": Broken(
        connect(j="k for k in rang(0, 3)"), "s", "connect.j", 1, 12, "range(...) or sample(...)"
    ),
    "connect generator with an unknown name": Broken(
        connect(j="k for k in range(i, i + m)"), "s", "connect.j", 1, 25, "'m'"
    ),
    "connect n not whole": Broken(
        connect(condition="i != j", n="2.5"), "s", "connect.n", 1, 1, "whole number"
    ),
    "initial synaptic value with a wrong unit": Broken(
        edit("S", initial={"weight": "w*mV"}), "s", "initial.weight", 1, 1, "has unit V"
    ),
    # inputs
    "Poisson rates not a rate": Broken(edit("PG", rates="5*mV"), "pg", "rates", 1, 1, "rate"),
    "Poisson rates expression not a rate": Broken(
        edit("PG", rates="i*20*mV"), "pg", "rates", 1, 1, "must be a rate"
    ),
    "spike indices that are not numbers": Broken(
        edit("SG", indices="[0, 1, x]"), "sg", "indices", 1, 8, "expected a number"
    ),
    "spike index outside the group": Broken(
        edit("SG", indices="[0, 2, 0]"), "sg", "indices", 1, 5, "outside 'SG'"
    ),
    "spike times that are not times": Broken(
        edit("SG", times="[1, 3.5, 7]*mV"), "sg", "times", 1, 1, "must be times"
    ),
    "negative spike time": Broken(
        edit("SG", times="[1, -3.5, 7]*ms"), "sg", "times", 1, 5, "negative"
    ),
    "fewer spike times than indices": Broken(
        edit("SG", times="[1, 3.5]*ms"), "sg", "times", 1, 1, "3 spike indices but 2"
    ),
    "two spikes of a neuron in one step": Broken(
        edit("SG", times="[1, 3.5, 1.01]*ms"), "sg", "times", 1, 10, "more than once"
    ),
    "timed array values of uneven lengths": Broken(
        edit("drive", values="[[0, 2], [1]]"), "ta", "values", 1, 1, "different lengths"
    ),
    "timed array dt not a time": Broken(edit("drive", dt="5"), "ta", "dt", 1, 1, "must be a time"),
    "Poisson input without a target": Broken(
        without_edge("pi", "drive", incoming=False), "pi", "drive", None, None, "target group"
    ),
    "Poisson input to an unknown variable": Broken(
        edit("PI", target_var="y"), "pi", "target_var", 1, 1, "no variable 'y'"
    ),
    "Poisson input to a read-only variable": Broken(
        edit("PI", target_var="i"), "pi", "target_var", 1, 1, "read-only"
    ),
    "Poisson input weight in another unit": Broken(
        edit("PI", weight="0.01*mV"), "pi", "weight", 1, 1, "unit of 'x'"
    ),
    "Poisson input rate not a rate": Broken(
        edit("PI", rate="5*ms"), "pi", "rate", 1, 1, "must be a rate"
    ),
    # monitors
    "monitor without a target": Broken(
        without_edge("m4", "record"), "m4", "record", None, None, "not connected"
    ),
    "recording an unknown variable": Broken(
        edit("trace", variables=["v", "u"]), "m2", "variables", None, None, "no variable 'u'"
    ),
    "recording an unknown variable at spikes": Broken(
        edit("spikes", variables=["vv"]), "m1", "variables", None, None, "Did you mean 'v'"
    ),
    "recording a variable in the wrong capitals": Broken(
        edit("trace", variables=["V"]), "m2", "variables", None, None, "Did you mean 'v'"
    ),
    "recording elements outside the group": Broken(
        edit("trace", record="[0, 3]"), "m2", "record", 1, 5, "outside 'G'"
    ),
    "plot window not a time": Broken(
        edit("trace", plot__window="200"), "m2", "plot.window", 1, 1, "must be a time"
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_each_mistake_is_reported_once_at_its_node_field_line_and_column(case: Broken):
    project = network()
    case.change(project)
    found = errors(project)
    assert len(found) == 1, "\n".join(str(d) for d in found)
    error = found[0]
    assert (error.node_id, error.field, error.line, error.column) == (
        case.node,
        case.field,
        case.line,
        case.column,
    ), str(error)
    assert case.message in error.message
    if error.column is not None:
        assert error.end_column > error.column


def test_an_unknown_name_comes_with_close_names_that_exist():
    project = network()
    project.node("S").on_pre = "vv_post += weight"
    (error,) = errors(project)
    assert "Did you mean 'v_post'" in error.message


def test_a_wrong_name_in_a_constant_is_reported_once_not_at_every_use():
    project = network()
    project.constants[0].value = "10*msec"  # tau is used by G's model
    assert [(d.node_id, d.field) for d in errors(project)] == [(None, "constants.tau")]


def test_synapses_from_a_group_without_threshold_cannot_send_spikes():
    project = network()
    project.edges = [e for e in project.edges if e.role != "pre"]
    project.edges.append(Edge(source="g", target="s", role="pre"))
    project.node("G").threshold = ""
    project.node("G").reset = ""
    project.nodes = [n for n in project.nodes if n.id != "m1"]  # no spikes to record
    project.edges = [e for e in project.edges if e.target != "m1"]
    (error,) = errors(project)
    assert (error.node_id, error.field) == ("s", "on_pre")
    assert "no threshold" in error.message


# -- probable mistakes -------------------------------------------------------------------------


PROBABLE = {
    "a group connected to nothing": (
        lambda p: p.nodes.append(NeuronGroupNode(id="lone", name="lone", model="v : 1")),
        "lone",
        None,
        "connected to nothing",
    ),
    "synapses that change nothing": (edit("S", on_pre="", delay=""), "s", None, "change nothing"),
    "a connection that creates no synapses": (
        connect(condition="i != j", p="0"),
        "s",
        "connect.p",
        "no synapses",
    ),
    "a state monitor without variables": (
        edit("trace", variables=[]),
        "m2",
        "variables",
        "records no variables",
    ),
    "a timed array no model uses": (
        edit("G", model="dv/dt = -v/tau : 1\nx : 1"),
        "ta",
        None,
        "No model uses",
    ),
}


@pytest.mark.parametrize(("change", "node", "field", "message"), PROBABLE.values(), ids=PROBABLE)
def test_probable_mistakes_are_warnings(change, node, field, message):
    project = network()
    change(project)
    assert errors(project) == []
    (warning,) = warnings(project)
    assert (warning.node_id, warning.field) == (node, field)
    assert message in warning.message


# -- all problems at once, never an exception, never a run ---------------------------------------


def test_every_problem_of_a_project_is_reported_not_only_the_first():
    project = network()
    project.run.dt = "0.1"
    project.node("G").threshold = "v > v_max"
    project.node("G").reset = "v = 1*mV"
    project.node("G").model = "dv/dt = (drive(t) - v)/tau : 1\nx : 1\ndy/dt = y : 1"
    project.node("S").on_pre = "vv_post += weight"
    project.node("PG").rates = "5*mV"
    project.node("trace").variables = ["u"]
    found = {(d.node_id, d.field, d.line) for d in errors(project)}
    assert found == {
        (None, "run.dt", 1),
        ("g", "threshold", 1),
        ("g", "reset", 1),
        ("g", "model", 3),
        ("s", "on_pre", 1),
        ("pg", "rates", 1),
        ("m2", "variables", None),
    }


def test_several_wrong_equations_are_each_reported():
    project = network()
    project.node("G").model = "dv/dt = (drive(t) - v)/tau + 1 : 1\nx : 1\ndy/dt = y*ms : 1"
    assert [(d.field, d.line) for d in errors(project)] == [("model", 1), ("model", 3)]


def test_validation_does_not_build_connect_compile_or_run(monkeypatch):
    from engine.codegen.numpy import NumpyTarget
    from engine.core.network import Network
    from engine.synapses import Synapses

    def forbidden(*args, **kwargs):
        raise AssertionError("validation must not do this")

    monkeypatch.setattr(NumpyTarget, "compile", forbidden)
    monkeypatch.setattr(Synapses, "connect", forbidden)
    monkeypatch.setattr(Synapses, "_add_synapses", forbidden)
    monkeypatch.setattr(Network, "run", forbidden)
    monkeypatch.setattr(Network, "add", forbidden)
    assert validate(load(CUBA)) == []
    assert validate(network()) == []


def test_a_huge_group_is_refused_without_allocating_it():
    project = load(CUBA)
    project.node("P").N = "10**12"  # a terabyte of state: only the text is checked
    project.node("trace").record = "[0, 99999999999]"
    tracemalloc.start()
    try:
        found = validate(project)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(d.node_id, d.field, d.severity) for d in found] == [("P", "N", "error")]
    assert "at most 2147483647" in found[0].message
    assert peak < 50e6


def test_model_text_is_never_executed(tmp_path: Path):
    marker = tmp_path / "pwned"
    attack = f"__import__('os').system('touch {marker}')"
    project = network()
    project.node("G").model = f"dv/dt = {attack} : 1\nx : 1"
    project.node("G").threshold = attack
    project.node("S").connect = Connect(condition=attack)
    project.constants[1].value = attack
    project.node("SG").times = f"[1, 2, 3]*{attack}"
    found = errors(project)
    assert {d.field for d in found} >= {"model", "threshold", "connect.condition", "constants.w"}
    assert not marker.exists()


# Fragments of model text: random combinations reach deeper into the checks than random
# characters, which mostly stop at the parser.
TOKENS = [
    "v", "x", "w", "tau", "ge", "i", "j", "N", "t", "dt", "xi", "v_post", "x_pre", "drive(t)",
    "weight", "k", "1", "0", "2.5", "-", "+", "*", "/", "**", "%", "(", ")", "[", "]", ",", " ",
    "\n", "=", "+=", ":", "<", ">", "==", "and", "not", "if", "for", "in", "range(", "sample(",
    "ms", "mV", "Hz", "volt", "second", "1/s", "exp(", "rand()", "int(", "True", "False",
    "d", "/dt", "(unless refractory)", "(summed)", "(event-driven)", "(clock-driven)",
    "(constant)", "(shared)", "#", "_", "'", "lastspike", "not_refractory", "__import__", ".",
    "1e308", "inf", "nan", "999**999",
]  # fmt: skip
model_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
)
TEXT_FIELDS = [
    ("run", "dt"), ("run", "duration"), ("run", "report_period"), ("constant", 0),
    ("constant", 1), ("G", "N"), ("G", "model"), ("G", "threshold"), ("G", "reset"),
    ("G", "refractory"), ("G", "method"), ("G", "dt"), ("G", "initial"), ("SG", "N"),
    ("SG", "indices"), ("SG", "times"), ("SG", "period"), ("PG", "N"), ("PG", "rates"),
    ("drive", "values"), ("drive", "dt"), ("S", "model"), ("S", "on_pre"), ("S", "on_post"),
    ("S", "delay"), ("S", "method"), ("S", "initial"), ("S", "connect.condition"),
    ("S", "connect.p"), ("S", "connect.n"), ("S", "connect.i"), ("S", "connect.j"),
    ("PI", "target_var"), ("PI", "N"), ("PI", "rate"), ("PI", "weight"), ("trace", "record"),
    ("trace", "dt"), ("trace", "variables"), ("spikes", "variables"), ("rate", "plot.smoothing"),
]  # fmt: skip


def put(project: Project, where: tuple[str, object], text: str) -> None:
    owner, field = where
    if owner == "run":
        setattr(project.run, field, text)
    elif owner == "constant":
        project.constants[field].value = text
    elif field == "initial":
        node = project.node(owner)
        node.initial = {**node.initial, "v" if owner == "G" else "weight": text}
    elif field == "variables":
        # The document takes only identifiers here (tested with the document).
        with contextlib.suppress(pydantic.ValidationError):
            project.node(owner).variables = [text]
    elif field == "target_var":
        with contextlib.suppress(pydantic.ValidationError):
            project.node(owner).target_var = text
    else:
        target = project.node(owner)
        *parents, last = field.split(".")
        for parent in parents:
            target = getattr(target, parent)
        setattr(target, last, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(TEXT_FIELDS), model_text), min_size=1, max_size=3))
def test_any_text_in_any_field_gives_diagnostics_and_never_an_exception(edits):
    project = network()
    for where, text in edits:
        put(project, where, text)
    found = validate(project)
    assert all(isinstance(d, Diagnostic) for d in found)
    # A check that fails in itself reports so instead of raising: it must never happen.
    assert not [d for d in found if "could not be checked" in d.message], found
    for d in found:
        assert d.severity in ("error", "warning")
        if d.line is not None:
            assert d.line >= 1
            assert 1 <= d.column < d.end_column
