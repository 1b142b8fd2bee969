"""What the hostile-input tests share: a project with every node kind, payloads, and every field.

`every_field()` is derived from the document's models, so a field added to a node kind is
attacked without anyone remembering to add it here. Payloads try to end a string, a comment or
a line of generated code and run a command that creates a *canary* file; the tests check that
the canary never appears, whatever path the text takes (load, validate, run, export, the
exported script).
"""

from __future__ import annotations

import ast
import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.project.document import NODE_KINDS, Constant, Project, RunSettings
from engine.project.live_parameters import LiveParameter
from engine.project.sweep import MeasureRef, Parameter, Sweep

#: Each payload is formatted with ``canary=`` the path of the file it tries to create.
PAYLOADS = (
    # The report's first finding: an initial-value key became the object's name, pasted into
    # the generated function's ``def``.
    "G\n    __import__('os').system('touch {canary}')\n    #",
    "__import__('os').system('touch {canary}')",
    "1; __import__('os').system('touch {canary}')",
    "exec(\"open('{canary}', 'w')\")",
    "eval(\"open('{canary}', 'w')\")",
    "''' + open('{canary}', 'w').name + '''",
    '""" + open("{canary}", "w").name + """',
    "' + open('{canary}', 'w').name + '",
    "\\\nopen('{canary}', 'w')",
    "x\u2028open('{canary}', 'w')",
    "x\rimport os; os.system('touch {canary}')",
    "x\x00open('{canary}', 'w')",
    "x\x0c\nopen('{canary}', 'w')",
    # Template and format-string injection (the numpy target renders Jinja2 templates).
    "{{{{ cycler.__init__.__globals__.os.system('touch {canary}') }}}}",
    "{{% import os %}}{{{{ os.system('touch {canary}') }}}}",
    "{{0.__class__.__mro__}}",
    "%(x)s %s %n",
    # Python that a careless evaluator would run.
    "v.__class__.__base__.__subclasses__()",
    "[open('{canary}', 'w') for _ in 'x']",
    "(lambda: open('{canary}', 'w'))()",
    "open('{canary}', 'w')",
    "__builtins__['open']('{canary}', 'w')",
    "# -*- coding: rot13 -*-\nbcra('{canary}', 'j')",
)


def payloads(canary: Path) -> list[str]:
    """Return the payloads aimed at ``canary``."""
    return [payload.format(canary=canary) for payload in PAYLOADS]


def base_project() -> Project:
    """A small valid project with every node kind, each connected, that runs in a few ms."""
    data = {
        "format_version": 1,
        "title": "every kind",
        "run": {"duration": "3*ms", "dt": "0.1*ms", "seed": 3, "target": "numpy"},
        "constants": [{"name": "tau", "value": "10*ms"}],
        "nodes": [
            {"kind": "TimedArray", "id": "ta", "name": "stim", "values": "[0.5, 2]", "dt": "1*ms"},
            {
                "kind": "NeuronGroup",
                "id": "g",
                "name": "G",
                "N": "4",
                "model": "dv/dt = (stim(t) - v)/tau : 1\nw_sum : 1",
                "threshold": "v > 0.5",
                "reset": "v = 0",
                "refractory": "1*ms",
                "method": "euler",
                "initial": {"v": "rand()*0.1"},
            },
            {"kind": "PoissonGroup", "id": "p", "name": "P", "N": "3", "rates": "200*Hz"},
            {
                "kind": "SpikeGeneratorGroup",
                "id": "sg",
                "name": "SG",
                "N": "2",
                "indices": "[0, 1]",
                "times": "[1, 2]*ms",
            },
            {
                "kind": "Synapses",
                "id": "s",
                "name": "S",
                "model": "w : 1",
                "on_pre": "v += w",
                "delay": "0.5*ms",
                "connect": {"p": "0.5"},
                "initial": {"w": "0.1"},
            },
            {"kind": "Synapses", "id": "s2", "name": "S2", "on_pre": "v += 0.2"},
            {
                "kind": "PoissonInput",
                "id": "pi",
                "name": "PI",
                "target_var": "v",
                "N": "2",
                "rate": "10*Hz",
                "weight": "0.1",
            },
            {"kind": "SpikeMonitor", "id": "sm", "name": "SM"},
            {"kind": "StateMonitor", "id": "m", "name": "M", "variables": ["v"], "record": "True"},
            {"kind": "PopulationRateMonitor", "id": "r", "name": "R"},
        ],
        "edges": [
            {"source": "p", "target": "s", "role": "pre"},
            {"source": "s", "target": "g", "role": "post"},
            {"source": "sg", "target": "s2", "role": "pre"},
            {"source": "s2", "target": "g", "role": "post"},
            {"source": "pi", "target": "g", "role": "drive"},
            {"source": "g", "target": "sm", "role": "record"},
            {"source": "g", "target": "m", "role": "record"},
            {"source": "g", "target": "r", "role": "record"},
        ],
        "sweeps": [
            {
                "name": "s",
                "parameters": [{"name": "tau", "values": "5*ms:10*ms:2"}],
                "measures": [
                    {"measure": "mean_rate", "node": "SM"},
                    {"measure": "fano_factor", "node": "SM", "options": {"window": "1*ms"}},
                    {"measure": "mean", "node": "M", "variable": "v"},
                ],
            }
        ],
        "live_parameters": [{"name": "tau", "minimum": "1*ms", "maximum": "20*ms"}],
    }
    return Project.model_validate(data)


def base_data() -> dict[str, Any]:
    """The base project as a file holds it (plain JSON data)."""
    return json.loads(base_project().model_dump_json())


# -- every field ---------------------------------------------------------------------------------

#: A place in the project's data: a list of keys and indices.
Path_ = tuple[Any, ...]


def every_field() -> list[tuple[str, Path_, str]]:
    """Return (label, place in the data, shape) for every text a project file holds.

    Shapes: ``"text"`` (a string), ``"list"`` (a list of strings: set to ``[payload]``),
    ``"map-key"`` and ``"map-value"`` (a dict of strings: the payload as a key, or as every
    value). Node fields come from the node kinds' models, so none is forgotten.
    """
    data = base_data()
    index: dict[str, int] = {}
    for position, node in enumerate(data["nodes"]):
        index.setdefault(node["kind"], position)
    fields: list[tuple[str, Path_, str]] = []
    fields += _fields_of(RunSettings, ("run",), "run")
    fields += _fields_of(Constant, ("constants", 0), "constant")
    fields += [(f"project.{name}", (name,), "text") for name in ("title", "description", "notes")]
    fields += [(f"edge.{name}", ("edges", 0, name), "text") for name in ("source", "target")]
    for kind, model in NODE_KINDS.items():
        skip = {"kind", "position"}
        fields += _fields_of(model, ("nodes", index[kind]), kind, skip)
    sweep = ("sweeps", 0)
    fields += _fields_of(Sweep, sweep, "sweep", {"parameters", "measures"})
    fields += _fields_of(Parameter, (*sweep, "parameters", 0), "sweep.parameter")
    fields += _fields_of(MeasureRef, (*sweep, "measures", 1), "sweep.measure")
    fields += _fields_of(LiveParameter, ("live_parameters", 0), "live_parameter")
    return fields


def _fields_of(
    model: type[BaseModel], place: Path_, label: str, skip: set[str] = frozenset()
) -> Iterator[tuple[str, Path_, str]]:
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation = str(info.annotation)
        nested = info.annotation if isinstance(info.annotation, type) else None
        if nested is not None and issubclass(nested, BaseModel):
            yield from _fields_of(nested, (*place, name), f"{label}.{name}")
        elif "dict" in annotation:
            yield f"{label}.{name}[key]", (*place, name), "map-key"
            yield f"{label}.{name}[value]", (*place, name), "map-value"
        elif "list" in annotation:
            yield f"{label}.{name}", (*place, name), "list"
        elif "str" in annotation:
            yield f"{label}.{name}", (*place, name), "text"


def with_value(data: dict[str, Any], place: Path_, shape: str, payload: str) -> dict[str, Any]:
    """Return a copy of ``data`` with ``payload`` at ``place`` (in the field's shape)."""
    data = copy.deepcopy(data)
    owner = data
    for key in place[:-1]:
        owner = owner[key]
    if shape == "list":
        owner[place[-1]] = [payload]
    elif shape == "map-key":  # a map the file may leave out (written only when not empty)
        owner[place[-1]] = {**owner.get(place[-1], {}), payload: "1"}
    elif shape == "map-value":
        owner[place[-1]] = {key: payload for key in owner.get(place[-1], {})} or {"x": payload}
    else:
        owner[place[-1]] = payload
    return data


# -- reading scripts -----------------------------------------------------------------------------

_FORBIDDEN_NAMES = {"exec", "eval", "compile", "open", "__import__", "globals", "locals", "os"}
_ALLOWED_IMPORTS = {"engine", "brian2", "numpy", "matplotlib.pyplot", "engine.units"}


def code_problems(script: str) -> list[str]:
    """Return what in an exported script could be text of the project run as code.

    The script must parse; import only the simulator, numpy and matplotlib; and never name a
    dunder attribute or a function that runs or opens anything.
    """
    tree = ast.parse(script)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            problems += [a.name for a in node.names if a.name not in _ALLOWED_IMPORTS]
        elif isinstance(node, ast.ImportFrom) and node.module not in _ALLOWED_IMPORTS:
            problems.append(f"from {node.module}")
        elif isinstance(node, ast.Name) and node.id in _FORBIDDEN_NAMES:
            problems.append(node.id)
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            problems.append(node.attr)
    return problems
