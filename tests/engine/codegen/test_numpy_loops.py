"""Compiled code computes exp, log, tanh, ** ... exactly as numpy does, on any processor.

numpy has its own SIMD loops for many functions (on AVX-512: exp, log, expm1, sinh, **...;
on AVX2: tanh), which differ from the C library in the last bit for some arguments. Compiled
code calls numpy's own loop for each function that differs here, the C library for the others.
These tests do not depend on the processor they run on: they force a difference (a reference
or a C library that differs), and run both ways in subprocesses (``NPY_DISABLE_CPU_FEATURES``
turns numpy's SIMD loops off, so that numpy agrees with the C library).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    network_operation,
    prefs,
    seed,
    start_scope,
)
from engine.codegen.cython import CythonCodeObject, numpy_loops
from engine.codegen.cython import build as cython_build
from engine.codegen.numpy import NumpyCodeObject

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)

#: Every function the decision covers, each in a model, with powers of every kind numpy has:
#: array ** constant (its shortcuts 2, 0.5, -1 and its loop), array ** array, constant ** array.
MODEL = """
dv/dt = (drive - v)/tau + (exp(-v) + log(1 + v*v) + log10(2 + v) + expm1(-v*v))/(50*ms) : 1
dw/dt = (log1p(v*v) + sqrt(1 + v*v) + sin(v) + cos(w) + tan(v/3))/(40*ms) : 1
du/dt = (sinh(v/4) + cosh(w/4) + tanh(v) + arcsin(clip(v, -1, 1)) + arccos(tanh(w)))/(60*ms) : 1
dx/dt = (arctan(v) + exprel(v - 1) + (1 + v*v)**0.5 + (1 + w*w)**2 - (1 + u*u)**-1)/(30*ms) : 1
dy/dt = ((1 + v*v)**3 + (1 + v*v)**1.5 + (1 + w*w)**(1 + u*u) + 2**(-v*v))/(90*ms) + z : 1
z = (1 + v*v)**p/(90*ms) : Hz
drive : 1
tau : second
"""


def network(size: int = 130) -> tuple[list, dict]:
    """A deterministic network of every function (130 elements: not a multiple of a block)."""
    G = NeuronGroup(
        size,
        MODEL,
        threshold="v > 1",
        reset="v = -0.5",
        method="euler",
        namespace={"p": 2.0},
    )
    G.drive = "1.5 * i / N"
    G.tau = "(5 + i % 7) * ms"
    G.v = "0.1 * (i % 11)"
    S = Synapses(G, G, "c : 1", on_pre="w += 0.01 * exp(-c)")
    S.connect(i=np.arange(size), j=(np.arange(size) + 1) % size)
    S.c = "i * 0.01"
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, ["v", "w", "u", "x", "y"], record=[0, 1, 64, 127, 129])

    def monitors() -> dict:
        return {
            "i": spikes.i[:],
            "t": spikes.t_[:],
            **{name: getattr(trace, name + "_")[:] for name in ["v", "w", "u", "x", "y"]},
        }

    return [G, S, spikes, trace], monitors


def simulate(target: str, schedule: bool = True) -> tuple[dict, Network]:
    start_scope()
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    seed(3)
    objects, monitors = network()
    if not schedule:  # a Python step: the network runs step by step
        objects.append(network_operation(dt=1 * ms)(lambda: None))
    net = Network(*objects)
    with np.errstate(all="ignore"):
        net.run(20 * ms)
    return monitors(), net


def assert_identical(first: dict, second: dict) -> None:
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


@pytest.fixture
def decide_again():
    """Forget the decision before and after the test (it is made once per process)."""
    numpy_loops.implementations.cache_clear()
    yield
    numpy_loops.implementations.cache_clear()


@pytest.mark.parametrize("schedule", [True, False], ids=["compiled schedule", "step by step"])
def test_every_function_gives_numpys_numbers_bit_for_bit(schedule):
    on_numpy, _ = simulate("numpy", schedule)
    on_cython, net = simulate("cython", schedule)
    assert (net.compiled_schedule is not None) == schedule
    assert len(on_numpy["i"]) > 10
    assert_identical(on_numpy, on_cython)


class _LibraryDiffering:
    """The probe, with a C library whose ``exp``, ``tanh`` and ``pow`` differ from numpy's."""

    def __init__(self, probe, differing: set[str]) -> None:
        self._probe = probe
        self._differing = differing

    def __getattr__(self, name: str):
        function = getattr(self._probe, name)
        how, _, computed = name.partition("_")
        if how != "libm" or computed not in self._differing:
            return function

        def off_by_one_ulp(x, y, out):
            function(x, y, out)
            out[::3] = np.nextafter(out[::3], np.inf)

        return off_by_one_ulp


def test_functions_the_c_library_computes_otherwise_are_computed_by_numpys_loops(
    monkeypatch, decide_again
):
    probe = numpy_loops._probe()
    differing = {"exp", "tanh", "expm1", numpy_loops.POWER}
    monkeypatch.setattr(numpy_loops, "_probe", lambda: _LibraryDiffering(probe, differing))

    chosen = numpy_loops.implementations()

    assert {name for name in differing if chosen[name] == "numpy"} == differing
    assert differing <= numpy_loops.differing()
    on_numpy, _ = simulate("numpy")
    on_cython, net = simulate("cython")
    assert net.compiled_schedule is not None
    assert_identical(on_numpy, on_cython)
    group = next(obj for obj in net.objects if isinstance(obj, NeuronGroup))
    source = group.state_updater.code_object.kernel_source  # in blocks, numpy's loops
    assert "_np_exp_block(" in source
    assert "_np_tanh_block(" in source


def test_a_function_neither_way_reproduces_keeps_its_operations_on_numpy(monkeypatch, decide_again):
    reference = numpy_loops._reference

    def differing_reference(name):
        if name != "sin":
            return reference(name)
        return lambda x: np.nextafter(np.sin(x), np.inf)  # neither libm nor numpy's loop

    monkeypatch.setattr(numpy_loops, "_reference", differing_reference)

    assert numpy_loops.implementations()["sin"] is None
    assert "sin" in numpy_loops.differing()
    start_scope()
    prefs.codegen.target = "cython"
    G = NeuronGroup(3, "dv/dt = sin(v)/(5*ms) : 1\ndw/dt = exp(-w)/(5*ms) : 1")
    H = NeuronGroup(3, "dw/dt = exp(-w)/(5*ms) : 1")
    Network(G, H).run(0.2 * ms)
    assert isinstance(G.state_updater.code_object, NumpyCodeObject)
    assert isinstance(H.state_updater.code_object, CythonCodeObject)


def test_a_power_of_arrays_neither_way_reproduces_keeps_its_operations_on_numpy(
    monkeypatch, decide_again
):
    reference = numpy_loops._reference

    def differing_reference(name):
        if name != numpy_loops.POWER:
            return reference(name)
        return lambda x, y: np.nextafter(np.power(x, y), np.inf)

    monkeypatch.setattr(numpy_loops, "_reference", differing_reference)

    assert numpy_loops.implementations()[numpy_loops.POWER] is None
    start_scope()
    prefs.codegen.target = "cython"
    G = NeuronGroup(3, "dv/dt = -(1 + v*v)**1.5/(5*ms) : 1")
    # A power of scalars (the scalar block) is the C library's, as on numpy's scalars:
    H = NeuronGroup(3, "dv/dt = -v*(dt/ms)**1.5/(5*ms) : 1")
    Network(G, H).run(0.2 * ms)
    assert isinstance(G.state_updater.code_object, NumpyCodeObject)
    assert isinstance(H.state_updater.code_object, CythonCodeObject)


def test_no_compiler_means_no_function_is_compiled(monkeypatch, decide_again):
    def failing():
        raise cython_build.CompileError("no C compiler found")

    monkeypatch.setattr(numpy_loops, "_probe", failing)
    assert set(numpy_loops.implementations().values()) == {None}


BOTH_TARGETS = """
import json, sys
import numpy as np
sys.path.insert(0, {tests!r})
from test_numpy_loops import simulate
from engine.codegen.cython import build, numpy_loops
on_numpy, _ = simulate("numpy")
on_cython, net = simulate("cython")
print(json.dumps({{
    "identical": all(np.array_equal(on_numpy[k], on_cython[k]) for k in on_numpy),
    "spikes": int(len(on_numpy["i"])),
    "chosen": numpy_loops.implementations(),
    "machine": build.machine_features(),
    "module": build.module_name(net.compiled_schedule.source),
}}))
"""


def dispatched_features() -> list[str]:
    """The SIMD features numpy dispatches to on this machine (to turn off)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


def run_both_targets(tmp_path, **environment: str) -> dict:
    script = textwrap.dedent(
        BOTH_TARGETS.format(tests=os.path.dirname(__file__))
    )  # the same network as above
    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, cython_build.CACHE_ENV: str(tmp_path / "cache"), **environment},
        timeout=900,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.splitlines()[-1])


def test_with_and_without_numpys_simd_loops_both_targets_give_the_same_numbers(tmp_path):
    simd = run_both_targets(tmp_path)
    plain = run_both_targets(tmp_path, NPY_DISABLE_CPU_FEATURES=" ".join(dispatched_features()))

    assert simd["identical"]
    assert plain["identical"]
    assert simd["spikes"] > 10
    assert None not in simd["chosen"].values()
    assert None not in plain["chosen"].values()
    if dispatched_features():  # then the machines differ, and so do their modules
        assert simd["machine"] != plain["machine"]
        assert simd["module"] != plain["module"]
