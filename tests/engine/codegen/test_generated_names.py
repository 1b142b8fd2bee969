"""No name of a model can clash with a name of the generated code, on any target.

Model names never start with '_' (the language reserves those for the engine); the numpy
target's code uses no other name of its own — functions, helpers, temporaries and Python's
``len`` are all bound under '_' names — and compiled code holds a model name ``x`` only as the
local ``_n_x``. So a model may call its variables ``len``, ``f_exp`` or ``float``: these tests
check the generated code of both targets and run such a model.
"""

from __future__ import annotations

import ast
import keyword
import re

import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    prefs,
    seed,
    start_scope,
)
from engine.codegen.cython import build as cython_build
from engine.core.base import flatten

# Names of Python's builtins and of the generators' own helpers, without their '_'.
NAMES = ["len", "f_exp", "float", "range", "data", "resize", "where", "n", "a0", "draw0", "lio_1"]
TARGETS = [
    "numpy",
    pytest.param(
        "cython",
        marks=pytest.mark.skipif(
            cython_build.compiler_problem() is not None, reason="no compiler for compiled code"
        ),
    ),
]


def network(names: list[str]) -> tuple[Network, dict]:
    x, *others = names
    model = "\n".join(
        [
            f"dv/dt = (2 + {x} - v)/(10*ms) : 1",
            *(f"{name} : 1" for name in names),
            f"total = {' + '.join(names)} + exp(v) : 1",
        ]
    )
    group = NeuronGroup(4, model, threshold="v > 1", reset=f"v = 0; {x} += 0.1", method="euler")
    group.v = "i*0.2"
    synapses = Synapses(group, group, "w : 1", on_pre=f"{others[0]}_post += w")
    synapses.connect(j="i")
    synapses.w = 0.5
    state = StateMonitor(group, ["v", "total", *names], record=True)
    spikes = SpikeMonitor(group, [x])
    rate = PopulationRateMonitor(group)
    net = Network(group, synapses, state, spikes, rate)
    return net, {"state": state, "spikes": spikes, "rate": rate, "group": group}


def simulate(target: str, names: list[str]) -> tuple[Network, dict[str, np.ndarray]]:
    start_scope()
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    seed(2)
    net, parts = network(names)
    net.run(5 * ms)
    state = parts["state"]
    return net, {
        "v": state.v[:],
        "total": state.total[:],
        "recorded": np.array([getattr(state, name)[:] for name in names]),
        "spikes": parts["spikes"].i[:],
        "rate": parts["rate"].rate[:],
    }


@pytest.mark.parametrize("target", TARGETS)
def test_a_model_with_names_of_the_generated_code_runs_as_one_with_other_names(target):
    _, clashing = simulate(target, NAMES)
    _, plain = simulate(target, [f"x{k}" for k in range(len(NAMES))])
    for key, values in plain.items():
        np.testing.assert_array_equal(clashing[key], values, err_msg=key)
    assert len(clashing["spikes"]) > 0


def python_names(source: str) -> set[str]:
    return {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}


def called_names(source: str) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


@pytest.mark.parametrize("target", TARGETS)
def test_generated_code_names_nothing_but_the_model_and_names_starting_with_underscore(target):
    net, _ = simulate(target, NAMES)
    model_names = {*NAMES, "v", "total", "w", "t", "dt", "i", "j", "N", "lastspike"}
    model_names |= {f"{name}_{side}" for name in (*NAMES, "v") for side in ("pre", "post")}
    model_names |= {"not_refractory", "ms"}
    checked = 0
    for obj in flatten(net.objects):
        code = getattr(obj, "code_object", None)
        if code is None:
            continue
        checked += 1
        python = getattr(code, "_wrapper_source", None) or code.source
        foreign = {n for n in python_names(python) if not n.startswith("_")} - model_names
        assert not foreign, f"{obj.name}: generated code uses {foreign}"
        builtins = {n for n in called_names(python) if not n.startswith("_")}
        assert not builtins, f"{obj.name}: generated code calls {builtins} by their own names"
        kernel = getattr(code, "kernel_source", "") if python is not code.source else ""
        kernel = re.sub(r"\bin range\(", "in (", kernel)  # Cython's loop, not a name
        words = set(re.findall(r"\b[A-Za-z_]\w*\b", kernel))
        # In compiled code a model name x is only ever the local _n_x.
        bare = {word for word in words if word in NAMES and not keyword.iskeyword(word)}
        assert not bare, f"{obj.name}: compiled code uses model names {bare} as they are"
    assert checked >= 5
