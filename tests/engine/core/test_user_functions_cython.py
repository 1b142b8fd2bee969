"""User functions on the cython target: a Cython implementation is compiled into the loops;
without one, the operations calling the function run on numpy, and a warning says so once.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from engine import (
    DEFAULT_FUNCTIONS,
    Function,
    Hz,
    Network,
    NeuronGroup,
    TimedArray,
    amp,
    check_units,
    implementation,
    ms,
    nA,
    prefs,
)
from engine.codegen.cython import CythonCodeObject
from engine.codegen.cython import build as cython_build
from engine.codegen.numpy import NumpyCodeObject

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)

CYTHON_LINEAR = """
cdef double piecewise_linear(double I):
    if I < 1e-9:
        return 0.0
    elif I > 3e-9:
        return 100.0
    return (I/1e-9 - 1)*50
"""


def linear_function() -> Function:
    @implementation("cython", CYTHON_LINEAR)
    @check_units(current=amp, result=Hz)
    def piecewise_linear(current):
        return np.clip((current - 1 * nA) * 50 * Hz / nA, 0 * Hz, 100 * Hz)

    return piecewise_linear


def rates(target: str, function: Function) -> tuple[np.ndarray, NeuronGroup]:
    """Integrate dr/dt = f(I)/ms for 0.3 ms on ``target``; return r and the group."""
    prefs.codegen.target = target
    group = NeuronGroup(
        5,
        "dr/dt = piecewise_linear(I)/ms : Hz\nI : amp",
        namespace={"piecewise_linear": function},
        method="euler",
    )
    group.I = np.linspace(0, 4, 5) * nA
    Network(group).run(0.3 * ms)
    return np.asarray(group.r[:]), group


def test_a_cython_implementation_is_compiled_into_the_loop():
    on_numpy, _ = rates("numpy", linear_function())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback, so no warning
        on_cython, group = rates("cython", linear_function())
    code = group.state_updater.code_object
    assert isinstance(code, CythonCodeObject)
    assert "piecewise_linear(_n_I)" in code.source
    # The Cython code computes (I/1e-9 - 1)*50 where the Python function computes
    # (I - 1e-9)*50/1e-9: the same value up to a few roundings of a double.
    np.testing.assert_allclose(on_cython, on_numpy, rtol=1e-12)
    assert list(on_cython / 0.3) == pytest.approx([0, 0, 50, 100, 100], rel=1e-12)  # r = f(I)*0.3


def test_without_a_cython_implementation_the_operation_runs_on_numpy_with_one_warning():
    @check_units(current=amp, result=Hz)
    def piecewise_linear(current):
        return np.clip((current - 1 * nA) * 50 * Hz / nA, 0 * Hz, 100 * Hz)

    function = Function(piecewise_linear)
    on_numpy, _ = rates("numpy", function)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        on_cython, group = rates("cython", function)
        rates("cython", function)  # the same function again: no second warning
    messages = [str(w.message) for w in caught if "cannot be compiled" in str(w.message)]
    assert len(messages) == 1
    expected = "'piecewise_linear' cannot be compiled (it has no Cython implementation)"
    assert expected in messages[0]
    assert "@implementation('cython'" in messages[0]
    assert isinstance(group.state_updater.code_object, NumpyCodeObject)
    np.testing.assert_array_equal(on_cython, on_numpy)


def test_a_cython_implementation_with_a_namespace_runs_on_numpy_saying_why():
    function = linear_function()
    function.implementations.add_implementation(
        "cython", CYTHON_LINEAR, namespace={"table": np.zeros(3)}
    )
    with pytest.warns(RuntimeWarning, match="its Cython implementation uses a namespace"):
        _, group = rates("cython", function)
    assert isinstance(group.state_updater.code_object, NumpyCodeObject)


def test_a_dependency_on_a_language_function_calls_its_compiled_form():
    @implementation(
        "cython",
        """
        cdef double rectified(double x):
            return clip(x, 0, 1.5)
        """,
        dependencies={"clip": DEFAULT_FUNCTIONS["clip"]},
    )
    @check_units(x=1, result=1)
    def rectified(x):
        return np.clip(x, 0, 1.5)

    prefs.codegen.target = "cython"
    group = NeuronGroup(3, "y : 1\nx : 1", namespace={"rectified": rectified})
    group.x = [-1, 0.5, 2]
    regularly = group.run_regularly("y = rectified(x)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Network(group).run(0.1 * ms)
    assert isinstance(regularly.code_object, CythonCodeObject)
    assert "rectified(_n_x)" in regularly.code_object.source
    assert list(group.y[:]) == [0, 0.5, 1.5]


def test_an_auto_vectorising_cython_implementation_gets_the_element_index():
    def scaled(x, _vectorisation_idx):
        return x * np.asarray(_vectorisation_idx)

    function = Function(scaled, arg_units=[1], return_unit=1, auto_vectorise=True)
    function.implementations.add_implementation(
        "cython",
        """
        cdef double scaled(double x, int _vectorisation_idx):
            return x*_vectorisation_idx
        """,
    )
    prefs.codegen.target = "cython"
    group = NeuronGroup(4, "dy/dt = scaled(2)/ms : 1", namespace={"scaled": function})
    Network(group).run(0.1 * ms)
    assert isinstance(group.state_updater.code_object, CythonCodeObject)
    assert list(group.y[:]) == pytest.approx([0, 0.2, 0.4, 0.6], rel=1e-12)  # 2*i/ms * 0.1 ms


def test_the_engines_own_functions_run_on_numpy_without_a_warning():
    stimulus = TimedArray([1, 2], dt=0.1 * ms)
    prefs.codegen.target = "cython"
    group = NeuronGroup(
        1, "dv/dt = stimulus(t)/ms : 1", namespace={"stimulus": stimulus}, method="euler"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Network(group).run(0.2 * ms)
    assert group.v[0] == pytest.approx(0.3, rel=1e-12)  # (1 + 2)/ms * 0.1 ms


def test_a_check_units_function_used_by_two_groups_is_noted_once():
    @check_units(x=1, result=1)
    def halved(x):
        return x / 2

    prefs.codegen.target = "cython"
    first = NeuronGroup(2, "dv/dt = -halved(v)/ms : 1")
    second = NeuronGroup(3, "dw/dt = -halved(w)/ms : 1")
    first.v, second.w = 1, 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Network(first, second).run(0.1 * ms)
    notes = [w for w in caught if "'halved' cannot be compiled" in str(w.message)]
    assert len(notes) == 1
    assert first.v[0] == pytest.approx(0.95, rel=1e-12)  # one Euler step of dv/dt = -v/(2 ms)
