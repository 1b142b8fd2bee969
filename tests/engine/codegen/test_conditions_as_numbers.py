"""Conditions in arithmetic are 0 or 1 on every target, with the same numbers.

numpy adds booleans as a logical or (``True + True`` is ``True``), refuses to subtract or
negate them and computes ``exp`` of a boolean in float16; compiled code computes on doubles
(0.0 and 1.0). The language follows Brian 2: a condition in arithmetic counts 0 or 1, so both
targets must give the numbers of the C doubles, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    SpikeGeneratorGroup,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    prefs,
    seed,
    start_scope,
)
from engine.codegen.cython import build as cython_build
from engine.core.base import EngineError

TARGETS = [
    "numpy",
    pytest.param(
        "cython",
        marks=pytest.mark.skipif(
            cython_build.compiler_problem() is not None, reason="no compiler for compiled code"
        ),
    ),
]


def simulate(target: str, build, duration=4 * ms) -> dict[str, np.ndarray]:
    start_scope()
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    seed(5)
    objects, monitors = build()
    Network(*objects).run(duration)
    return {name: np.asarray(values) for name, values in monitors().items()}


def switched_on(condition: str):
    def build():
        group = NeuronGroup(2, f"dv/dt = (1 - v)/(10*ms)*{condition} : 1", method="euler")
        monitor = StateMonitor(group, "v", record=0)
        return [group, monitor], lambda: {"v": monitor.v[0]}

    return build


@pytest.mark.parametrize("target", TARGETS)
def test_a_comparison_with_time_switches_a_derivative_on(target):
    found = simulate(target, switched_on("(t > 2*ms)"))["v"]
    # Written with int(), as Brian 2 needs it in equations: the same numbers, bit for bit.
    assert np.array_equal(found, simulate(target, switched_on("int(t > 2*ms)"))["v"])
    steps = np.arange(len(found))
    assert np.all(found[steps <= 21] == 0)  # t = 2 ms is not after 2 ms: on from step 21
    expected = 1 - (1 - 0.01) ** np.maximum(steps - 21, 0)  # Euler steps of dt/tau = 0.01
    np.testing.assert_allclose(found, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("target", TARGETS)
def test_dividing_by_a_condition_that_is_false_gives_infinity_as_in_compiled_code(target):
    # (1 - v)/(tau*(t > 2*ms)) divides by 0 before 2 ms: the run reports the variable.
    with pytest.raises(EngineError, match="'v' became"):
        simulate(target, switched_on("1/(t > 2*ms)"))


def counting():
    group = NeuronGroup(
        4,
        """dv/dt = (2 - v)/(10*ms) : 1
           b = v > 0.5 : boolean
           c : boolean
           count = (v > 0.3) + (v > 0.6) + b : 1
           negative = -(v > 0.5) - c : 1
           in_functions = exp(v > 0.5) + abs(b) + sqrt(c) : 1""",
        threshold="v > 1",
        reset="v = -(v > 2) + 0.5*b; c = not c",
        method="euler",
    )
    group.v = [0.1, 0.4, 0.7, 0.9]
    names = ["count", "negative", "in_functions", "v"]
    monitor = StateMonitor(group, names, record=True)
    return [group, monitor], lambda: {name: getattr(monitor, name) for name in names}


@pytest.mark.parametrize("target", TARGETS)
def test_conditions_add_up_subtract_and_negate_as_numbers(target):
    found = simulate(target, counting, duration=3 * ms)
    assert found["count"][:, 0].tolist() == [0, 1, 3, 3]
    assert found["negative"][:, 0].tolist() == [0, 0, -1, -1]
    # exp of a condition in double precision (numpy would compute exp(True) in float16)
    assert found["in_functions"][2, 0] == np.exp(1.0) + 1


def test_both_targets_count_conditions_alike():
    if cython_build.compiler_problem() is not None:
        pytest.skip("no compiler for compiled code")
    on_numpy = simulate("numpy", counting, duration=3 * ms)
    on_cython = simulate("cython", counting, duration=3 * ms)
    for name, values in on_numpy.items():
        np.testing.assert_array_equal(on_cython[name], values, err_msg=name)


def random_kicks():
    size = 4000
    source = SpikeGeneratorGroup(size, np.arange(size), np.ones(size) * ms)
    target = NeuronGroup(size, "v : 1")
    synapses = Synapses(source, target, "w : 1\np : 1", on_pre="v += w*(rand() < p)")
    synapses.connect(j="i")
    synapses.w = 1
    synapses.p = 0.3
    return [source, target, synapses], lambda: {"v": target.v[:]}


@pytest.mark.parametrize("target", TARGETS)
def test_v_plus_w_times_rand_below_p_kicks_a_fraction_p_of_the_neurons(target):
    kicked = simulate(target, random_kicks, duration=2 * ms)["v"]
    assert set(np.unique(kicked)) <= {0.0, 1.0}
    sigma = np.sqrt(0.3 * 0.7 / kicked.size)
    assert abs(kicked.mean() - 0.3) < 4.5 * sigma


def test_both_targets_draw_the_same_kicks():
    if cython_build.compiler_problem() is not None:
        pytest.skip("no compiler for compiled code")
    on_numpy = simulate("numpy", random_kicks, duration=2 * ms)["v"]
    assert np.array_equal(simulate("cython", random_kicks, duration=2 * ms)["v"], on_numpy)


@pytest.mark.parametrize("target", TARGETS)
def test_connect_counts_conditions_as_numbers(target):
    def build():
        group = NeuronGroup(4, "v : 1")
        synapses = Synapses(group, group, "w : 1")
        synapses.connect(condition="(i > j) + (i > 2) >= 1", n="(i > 1) + 1")
        return [group, synapses], lambda: {"i": synapses.i[:], "j": synapses.j[:]}

    found = simulate(target, build, duration=0.1 * ms)
    pairs = list(zip(found["i"].tolist(), found["j"].tolist(), strict=True))
    expected = [
        (i, j)
        for i in range(4)
        for j in range(4)
        if (i > j) + (i > 2) >= 1
        for _ in range((i > 1) + 1)
    ]
    assert sorted(pairs) == sorted(expected)
