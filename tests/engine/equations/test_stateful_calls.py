"""Functions that draw random numbers (``rand()``, ``randn()``) are used as Brian 2 allows.

Values are simplified as formulas before code is generated, so two draws in one value could be
merged (``rand() - rand()`` would silently be 0). As in Brian 2, a value (code, equations, a
string assigned to a variable) may call each such function only once (a
``NotImplementedError``), a subexpression may call one only with ``(constant over dt)`` (a
``SyntaxError``), and a condition may call them freely: each call is a draw of its own.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    BrianObjectException,
    NeuronGroup,
    SpikeMonitor,
    ms,
    prefs,
    run,
    seed,
    start_scope,
)
from engine.codegen.cython import build as cython_build
from engine.errors import ModelSyntaxError, RepeatedStatefulCallError
from engine.parsing import parse_expression
from engine.parsing.statements import draws_apart

TARGETS = [
    "numpy",
    pytest.param(
        "cython",
        marks=pytest.mark.skipif(
            cython_build.compiler_problem() is not None, reason="no compiler for compiled code"
        ),
    ),
]


def test_a_value_drawing_rand_twice_is_refused_like_brian2s_not_implemented_error():
    group = NeuronGroup(3, "v : 1")
    with pytest.raises(NotImplementedError) as caught:
        group.v = "rand() - rand()"
    error = caught.value
    assert isinstance(error, RepeatedStatefulCallError)
    assert error.function == "rand"
    assert (error.span.column, error.span.end_column) == (10, 16)  # the second call
    assert "calls rand() more than once" in str(error)
    assert "assign it to a variable first" in str(error)
    assert np.array_equal(group.v[:], [0, 0, 0])


@pytest.mark.parametrize(
    "code", ["v = rand() + rand()", "v = randn()*randn()", "v += rand()/rand()"]
)
def test_code_drawing_one_function_twice_is_refused_when_the_run_starts(code):
    group = NeuronGroup(3, "v : 1")
    group.run_regularly(code)
    with pytest.raises(BrianObjectException) as caught:
        run(0.1 * ms)
    assert caught.value.object_name == group.contained_objects[-1].name
    assert isinstance(caught.value.original_exception, RepeatedStatefulCallError)
    assert "more than once" in str(caught.value)


def test_an_equation_drawing_rand_twice_is_refused():
    group = NeuronGroup(3, "dv/dt = (rand() - rand())/ms : 1", method="euler")
    with pytest.raises(BrianObjectException, match=r"calls rand\(\) more than once") as caught:
        run(0.1 * ms)
    assert caught.value.object_name == group.state_updater.name


@pytest.mark.parametrize("target", TARGETS)
def test_each_draw_assigned_on_its_own_line_is_a_draw_of_its_own(target):
    prefs.codegen.target = target
    group = NeuronGroup(1000, "v : 1")
    group.run_regularly("x = rand()\nv = x - rand()")
    run(0.1 * ms)
    values = group.v[:]
    # The difference of two independent uniform draws: mean 0, variance 1/6 (within 4.5
    # standard errors of the mean for 1000 samples, whose standard deviation is sqrt(1/6)).
    assert abs(np.mean(values)) < 4.5 * np.sqrt(1 / 6 / 1000)
    assert np.min(values) < -0.5 < 0.5 < np.max(values)


@pytest.mark.parametrize("target", TARGETS)
def test_a_threshold_may_draw_several_times_each_call_its_own_number(target):
    # P(U1 - U2 > 0.5) = 1/8 for independent uniform U1, U2 (simplified, it would be 0).
    prefs.codegen.target = target
    group = NeuronGroup(20000, "v : 1", threshold="rand() - rand() > 0.5")
    spikes = SpikeMonitor(group)
    run(0.1 * ms)
    fraction = spikes.num_spikes / 20000
    assert abs(fraction - 1 / 8) < 4.5 * np.sqrt(1 / 8 * 7 / 8 / 20000)


def test_both_targets_draw_the_same_threshold_events():
    if cython_build.compiler_problem() is not None:
        pytest.skip("no compiler for compiled code")
    spiked = {}
    for target in ("numpy", "cython"):
        start_scope()
        prefs.codegen.target = target
        seed(11)
        group = NeuronGroup(500, "v : 1", threshold="rand() - rand() > 0.5 and rand() < 0.9")
        spikes = SpikeMonitor(group)
        run(0.5 * ms)
        spiked[target] = (spikes.i[:].copy(), spikes.t[:].copy())
    assert np.array_equal(spiked["numpy"][0], spiked["cython"][0])
    assert np.array_equal(spiked["numpy"][1], spiked["cython"][1])


def test_a_subexpression_drawing_rand_needs_the_constant_over_dt_flag():
    group = NeuronGroup(3, "dv/dt = -v/(10*ms) + I/ms : 1\nI = rand() : 1", method="euler")
    with pytest.raises(BrianObjectException) as caught:
        run(0.1 * ms)
    original = caught.value.original_exception
    assert isinstance(original, ModelSyntaxError)
    assert isinstance(original, SyntaxError)
    assert original.variable == "I"
    assert original.span.line == 2
    message = str(caught.value)
    assert "The subexpression 'I' calls rand()" in message
    assert "'I = rand() : 1 (constant over dt)'" in message
    assert np.array_equal(group.v[:], [0, 0, 0])


def test_an_unused_subexpression_drawing_rand_is_refused_too():
    group = NeuronGroup(3, "v : 1\nI = randn() : 1")
    assert group.N == 3
    with pytest.raises(BrianObjectException, match="The subexpression 'I' calls randn"):
        run(0.1 * ms)


def test_a_flagged_subexpression_draws_once_per_step():
    group = NeuronGroup(1000, "dv/dt = I/ms : 1\nI = rand() : 1 (constant over dt)", method="euler")
    run(0.1 * ms)
    # One Euler step of 0.1 ms: v = 0.1*I, I uniform in [0, 1).
    assert np.all((group.v[:] >= 0) & (group.v[:] < 0.1))
    assert len(np.unique(group.v[:])) > 900


def test_draws_apart_gives_each_call_a_temporary_in_text_order():
    expression = parse_expression("rand() - rand() > 0.5 and v < poisson(rand())")
    draws, condition = draws_apart(expression, lambda name: name in {"rand", "poisson"})
    assert draws == ["_draw_1 = rand()", "_draw_2 = rand()", "_draw_3 = poisson(rand())"]
    assert condition == "_draw_1 - _draw_2 > 0.5 and v < _draw_3"
    assert str(expression) == "rand() - rand() > 0.5 and v < poisson(rand())"


def test_draws_apart_leaves_an_expression_with_single_draws_as_it_is():
    expression = parse_expression("rand() < p and randn() > 0")
    assert draws_apart(expression, lambda name: name in {"rand", "randn"}) == (
        [],
        "rand() < p and randn() > 0",
    )
