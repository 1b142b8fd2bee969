"""Every mistake in a project or a model is a clear error at its place, never an internal one.

A table of fields and values that once ended in ``internal error:`` or a raw Python exception
(``ZeroDivisionError``, ``RecursionError``, ``OverflowError``, sympy's ``TypeError``...). Each
must be reported by `validate` as an error at its node and field, with words that say what is
wrong; `run` must refuse it the same way; and the engine itself (the project built without
validation, as an exported script runs it) must refuse it with its own error classes. The same
cases go through the command line, and a table of the engine's API checks the errors a script
meets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from security.hostile_inputs import base_data

from engine import (
    Equations,
    NeuronGroup,
    PoissonInput,
    SpikeGeneratorGroup,
    Synapses,
    defaultclock,
    ms,
    run,
)
from engine.core.base import EngineError
from engine.errors import EquationError, ExpressionError, ModelError
from engine.parsing import parse_expression
from engine.project import BuildError, InvalidProjectError, Project, loads, validate
from engine.project.build import build
from engine.project.cli import EXIT_INVALID_PROJECT, main
from engine.project.runner import run as run_project
from engine.units import DimensionMismatchError, Hz, mV

DEEP = "(" * 10_000 + "1" + ")" * 10_000
LONG = "+".join(["1"] * 100_000)
# More terms than the language nests (each '+' is a level for Python's parser).
SUM_OF_200 = "+".join(["v"] * 200)

# (case, node id or None for the run settings, field, value, words of the message). The
# base project (`security.hostile_inputs.base_project`) has a neuron group 'g', a Poisson group
# 'p' feeding synapses 's' onto 'g', spike generator 'sg', Poisson input 'pi' and StateMonitor
# 'm'; every value below replaces one field of it.
CASES = [
    ("run dt without unit", None, "run.dt", "0.1", ["time step", "time"]),
    ("negative run dt", None, "run.dt", "-0.1*ms", ["time step", "more than zero"]),
    ("zero run dt", None, "run.dt", "0*ms", ["time step", "more than zero"]),
    ("infinite run dt", None, "run.dt", "inf*ms", ["time step", "more than zero"]),
    ("NaN run dt", None, "run.dt", "0*ms/0", ["division by zero"]),
    ("group dt without unit", "g", "dt", "0.1", ["dt", "time"]),
    ("negative group dt", "g", "dt", "-1*ms", ["dt", "more than zero"]),
    ("monitor dt without unit", "m", "dt", "0.1", ["sampling interval", "time"]),
    ("zero monitor dt", "m", "dt", "0*ms", ["sampling interval", "more than zero"]),
    ("modulo by zero in j", "s", "connect.j", "1 % 0", ["'1 % 0'", "divides by zero"]),
    ("division by zero in j", "s", "connect.j", "int(1/0)", ["'1/0'", "divides by zero"]),
    ("floor division by zero", "s", "connect.j", "1 // 0", ["'1 // 0'", "divides by zero"]),
    ("zero to a negative power", "s", "connect.j", "int(0**-1)", ["'0**-1'", "divides by zero"]),
    ("overflow in a condition", "s", "connect.condition", "10.0**400 > 1", ["too large"]),
    ("modulo by zero in a condition", "s", "connect.condition", "i % 0 == 1", ["divides"]),
    ("division by zero in p", "s", "connect.p", "1/0", ["'1/0'", "division by zero"]),
    ("huge literal in p", "s", "connect.p", "1e400", ["'1e400'", "too large"]),
    ("sample with p = 1/0", "s", "connect.j", "k for k in sample(N_post, p=1/0)", ["divides"]),
    ("deep record", "m", "record", DEEP, ["not a list of numbers", "nested"]),
    ("long record", "m", "record", LONG, ["too deeply nested"]),
    ("huge index in record", "m", "record", "[1e30]", ["outside"]),
    ("infinite index in record", "m", "record", "[1e400]", ["whole numbers", "inf"]),
    ("index beyond a double in record", "m", "record", f"[{'9' * 400}]", ["too large"]),
    ("deep threshold", "g", "threshold", DEEP, ["too long"]),
    ("long reset", "g", "reset", "v = " + LONG, ["too long"]),
    ("long sum in a model", "g", "model", f"dv/dt = ({SUM_OF_200})/tau : 1", ["nested"]),
    ("long condition", "s", "connect.condition", LONG, ["too long"]),
    ("N beyond a double", "g", "N", "1e400", ["'1e400'", "too large"]),
    ("N beyond the index type", "g", "N", "1e30", ["at most 2147483647"]),
    ("N = 2**63", "g", "N", "2**63", ["at most 2147483647"]),
    ("N = nan", "g", "N", "nan", ["'nan'"]),
    ("negative N", "g", "N", "-1", ["at least 1"]),
    ("huge N of a Poisson group", "p", "N", "2**63", ["at most"]),
    ("huge N of a generator", "sg", "N", "1e30", ["at most"]),
    ("inputs beyond int64", "pi", "N", "2**63", ["at most 9223372036854775807"]),
    ("negative inputs", "pi", "N", "-1", ["at least 0"]),
    ("n = 2**63", "s", "connect.n", "2**63", ["at most"]),
    ("negative n", "s", "connect.n", "-1", ["whole number"]),
    ("infinite index", "sg", "indices", "[1e400, 1]", ["whole numbers", "inf"]),
    ("index beyond a double", "sg", "indices", f"[{'9' * 400}, 1]", ["too large"]),
    ("negative index", "sg", "indices", "[-1, 1]", ["outside"]),
    ("a unit without a name", "g", "model", ": volt", ["missing before ':'"]),
    ("nothing before '='", "g", "model", "= 1 : volt", ["missing before '='"]),
    ("no unit", "g", "model", "v : ", ["unit is missing"]),
    ("unclosed flags", "g", "model", "v : volt (", ["parentheses"]),
    ("a derivative alone", "g", "model", "dv/dt", ["unit is missing"]),
    ("an accented name", "g", "model", "dv/dt = -v/tau : 1\nvé : 1", ["U+00E9"]),
    ("a NUL in a name", "g", "model", "dv/dt = -v/tau : 1\nx\x00 : 1", ["U+0000"]),
    ("division by 0*ms", "g", "model", "dv/dt = -v/(0*ms) : 1", ["'-v/(0*ms)'", "divides"]),
    ("log(0) folded", "g", "model", "dv/dt = log(0)/tau : 1", ["'log(0)'", "infinity"]),
    ("0/0 folded", "g", "reset", "v = 0/0", ["'0/0'", "divides by zero"]),
    (
        "modulo by a subnormal",  # simplified into 1e-320*((v*1e320) % 1): found by the fuzzer
        "g",
        "model",
        "dv/dt = (s - v)/tau : 1\ns = -clip((v % 1e-320), 0, 1) : 1",
        ["'v % 1e-320'", "reciprocal"],
    ),
    ("inf - inf folded", "g", "reset", "v = inf - inf", ["'inf - inf'", "NaN"]),
    ("sqrt(-1) folded", "g", "reset", "v = sqrt(-1)", ["'sqrt(-1)'", "complex"]),
    ("1/0 in a threshold", "g", "threshold", "v > 1/0", ["'1/0'", "divides by zero"]),
    ("int(inf)", "g", "reset", "v = int(inf)", ["'int(inf)'"]),
    ("sin(inf)", "g", "reset", "v = sin(inf)", ["'sin(inf)'", "no single value"]),
    ("negative refractory", "g", "refractory", "-1*ms", ["refractory", "0 or more"]),
    ("infinite refractory", "g", "refractory", "inf", ["refractory", "finite"]),
    ("comparison chains", "g", "threshold", "0 < v < 1", ["chained"]),
    ("recording the monitor's own t", "m", "variables", "t", ["'t' cannot be recorded"]),
]


# How an unexpected exception shows in a message once an object wrapped it ('TypeError: ...').
RAW = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b(?!\w)")


def project_with(node_id: str | None, field: str, value: str) -> Project:
    data = base_data()
    owner = data["run"] if node_id is None else next(n for n in data["nodes"] if n["id"] == node_id)
    keys = field.removeprefix("run.").split(".")
    if keys[0] == "connect":
        owner["connect"] = {"condition": "", "p": "", "n": "", "i": "", "j": ""}
    for key in keys[:-1]:
        owner = owner[key]
    owner[keys[-1]] = [value] if isinstance(owner[keys[-1]], list) else value
    return loads(json.dumps(data))


def build_and_run(project: Project) -> None:
    built = build(project)
    built.network.run(0.2 * ms, namespace=built.namespace)


def has_words(message: str, words: list[str]) -> bool:
    return all(word.lower() in message.lower() for word in words)


@pytest.mark.parametrize(
    ("node_id", "field", "value", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_validate_and_run_refuse_it_at_its_place_in_the_same_words(node_id, field, value, words):
    project = project_with(node_id, field, value)
    errors = [d for d in validate(project) if d.severity == "error"]
    here = [d for d in errors if (d.node_id, d.field) == (node_id, field)]
    assert here, f"validate reports no error at {node_id}, {field}: {errors}"
    assert any(has_words(d.message, words) for d in here), [d.message for d in here]
    assert all(len(d.message) < 600 for d in errors), "a message quotes too much of the text"
    with pytest.raises(InvalidProjectError) as refused:
        run_project(project, duration="1*ms")
    assert [d.message for d in refused.value.diagnostics] == [d.message for d in errors]


@pytest.mark.parametrize(
    ("node_id", "field", "value", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_engine_refuses_it_with_its_own_errors_when_nothing_validates(
    node_id, field, value, words
):
    # What an exported script meets: the objects built and run without validation first.
    project = project_with(node_id, field, value)
    with pytest.raises((BuildError, ModelError, DimensionMismatchError)) as refused:
        build_and_run(project)
    error = refused.value
    assert not RAW.search(str(error)), f"a Python error passed on as it was: {error}"
    if isinstance(error, BuildError) and error.node_id is not None:
        assert (error.node_id, error.field or field) == (node_id, field)


@pytest.mark.parametrize(
    ("case", "node_id", "field", "value", "words"),
    [c for c in CASES if c[0] in ("run dt without unit", "modulo by zero in j", "deep record")]
    + [c for c in CASES if c[0] in ("a unit without a name", "N beyond a double")],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
@pytest.mark.parametrize("command", ["validate", "run"])
def test_the_command_line_names_the_place_and_never_says_internal_error(
    command, case, node_id, field, value, words, tmp_path, capsys
):
    path = tmp_path / "project.spikecanvas"
    path.write_text(project_with(node_id, field, value).model_dump_json())
    status = main([command, str(path), *(["--quiet"] if command == "run" else [])])
    out, err = capsys.readouterr()
    assert status == EXIT_INVALID_PROJECT
    assert "internal error" not in out + err
    assert "Traceback" not in out + err
    assert field in out + err
    assert has_words(out + err, words)


# -- the engine's API -------------------------------------------------------------------------


def group() -> NeuronGroup:
    return NeuronGroup(3, "v : 1")


def connected(**kwargs: object) -> None:
    source = group()
    synapses = Synapses(source, group(), "w : 1")
    synapses.connect(**kwargs)


def run_model(model: str, **kwargs: object) -> None:
    network_group = NeuronGroup(2, model, **kwargs)
    network_group.v = 1
    run(0.2 * ms)


def set_dt(value: object) -> None:
    defaultclock.dt = value


API_CASES = [
    ("Equations(': volt')", lambda: Equations(": volt"), EquationError, "missing"),
    ("Equations('::')", lambda: Equations("::"), EquationError, "missing"),
    ("a NUL in a name", lambda: Equations("x\x00 : 1"), EquationError, "U+0000"),
    ("dimensionless dt", lambda: set_dt(0.1), DimensionMismatchError, "time step"),
    ("a string dt", lambda: set_dt("1*ms"), TypeError, "time step"),
    ("negative group dt", lambda: NeuronGroup(1, "v : 1", dt=-ms), ValueError, "positive"),
    ("NaN dt", lambda: set_dt(np.nan * ms), ValueError, "finite"),
    ("too many neurons", lambda: NeuronGroup(2**31, "v : 1"), EngineError, "at most"),
    ("fractional N", lambda: NeuronGroup(2.5, "v : 1"), EngineError, "integer, not 2.5"),
    ("huge float N", lambda: NeuronGroup(1e30, "v : 1"), EngineError, "at most"),
    (
        "too many generators",
        lambda: SpikeGeneratorGroup(2**40, [], [] * ms),
        EngineError,
        "at most",
    ),
    (
        "inputs beyond int64",
        lambda: PoissonInput(NeuronGroup(1, "v : volt"), "v", 2**63, 1 * Hz, 1 * mV),
        EngineError,
        "at most",
    ),
    ("connect j = 1 % 0", lambda: connected(j="1 % 0"), ExpressionError, "divides by zero"),
    ("connect j = i % 0", lambda: connected(j="i % 0"), ExpressionError, "divides by zero"),
    ("connect n beyond int32", lambda: connected(j="i", n=2**40), ValueError, "at most"),
    (
        "a divisor that is zero at run time",
        lambda: connected(p="1/(N_post - 3)"),
        ModelError,
        "cannot be computed",
    ),
    (
        "an index that is not finite",
        lambda: connected(j="int(i/(i - i + 0.0*N_post))", skip_if_invalid=True),
        ModelError,
        "divides by zero",
    ),
    (
        "exact with a division by 0*ms",
        lambda: run_model("dv/dt = -v/(0*ms) : 1", method="exact"),
        ModelError,
        "divides by zero",
    ),
    (
        "a negative refractory period",
        lambda: run_model("v : 1", threshold="v > 0", refractory=-1 * ms),
        ModelError,
        "0 or more",
    ),
    ("deep nesting", lambda: parse_expression(DEEP), ExpressionError, "too long"),
    ("a hundred thousand terms", lambda: parse_expression(LONG), ExpressionError, "too long"),
    ("200 terms", lambda: parse_expression(SUM_OF_200), ExpressionError, "nested too deeply"),
    ("1e400", lambda: parse_expression("v*1e400"), ExpressionError, "too large"),
]


@pytest.mark.parametrize(
    ("call", "kind", "words"), [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES]
)
def test_the_engines_api_raises_its_own_clear_errors(call, kind, words):
    with pytest.raises(kind, match=re.escape(words)):
        call()


def test_a_negative_delay_per_synapse_names_the_synapse(tmp_path: Path):
    source = SpikeGeneratorGroup(2, [0, 1], [0, 0] * ms)
    target = NeuronGroup(2, "v : 1")
    synapses = Synapses(source, target, on_pre="v += 1")
    synapses.connect(j="i")
    synapses.delay = [1, -1] * ms
    with pytest.raises(EngineError, match=r"finite durations of 0 or more.*synapse 1"):
        run(1 * ms)
