"""User functions as Brian 2 has them: Function, implementations, declare_types, timestep.

Complements ``test_functions.py`` (units of Python functions in models): here the rest of Brian
2's interface — types, implementations per target, stateful and auto-vectorising functions,
units discarded for speed, the language's functions called from Python — on the numpy target.
The cython target's use of Cython implementations is in ``test_user_functions_cython.py``.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest

import engine
from engine import (
    DEFAULT_FUNCTIONS,
    Function,
    Hz,
    Network,
    NeuronGroup,
    amp,
    check_units,
    declare_types,
    implementation,
    ms,
    mV,
    nA,
    volt,
)
from engine.core import functions as core_functions
from engine.core.functions import timestep
from engine.parsing.function_table import ArgumentTypeError
from engine.units import DimensionMismatchError


@check_units(current=amp, result=Hz)
def piecewise_linear(current):
    return np.clip((current - 1 * nA) * 50 * Hz / nA, 0 * Hz, 100 * Hz)


# -- where Brian 2 exports them ------------------------------------------------------------


def test_the_names_are_exported_where_brian2_exports_them():
    assert engine.DEFAULT_FUNCTIONS is core_functions.DEFAULT_FUNCTIONS
    assert engine.implementation is core_functions.implementation
    assert engine.declare_types is core_functions.declare_types
    assert engine.Function is core_functions.Function
    # As in Brian 2, timestep is in the functions module, not among the top-level names.
    assert not hasattr(engine, "timestep")


def test_default_functions_list_the_language_functions_and_compute_on_numbers():
    assert {"exp", "clip", "rand", "timestep", "int"} <= set(DEFAULT_FUNCTIONS)
    assert DEFAULT_FUNCTIONS["exp"](0) == 1.0
    assert DEFAULT_FUNCTIONS["clip"](5, 0, 3) == 3
    with pytest.raises(TypeError, match="new value on each call"):
        DEFAULT_FUNCTIONS["rand"]()


# -- timestep -------------------------------------------------------------------------------


def test_timestep_gives_an_int_for_one_time_and_int64_for_arrays():
    assert timestep(1 * ms, 0.1 * ms) == 10
    assert type(timestep(1 * ms, 0.1 * ms)) is int
    steps = timestep([1, 2] * ms, 0.1 * ms)
    assert steps.dtype == np.int64
    assert list(steps) == [10, 20]
    # A multiple of dt never falls into the step before it: 0.3/0.1 is 2.9999999999999996.
    assert timestep(0.3, 0.1) == 3
    assert timestep(1e-3, 1e-4) == 10


def test_timestep_refuses_a_time_and_a_voltage():
    with pytest.raises(DimensionMismatchError):
        timestep(1 * mV, 0.1 * ms)


def test_timestep_is_a_function_of_the_model_language():
    group = NeuronGroup(1, "n : integer")
    group.run_regularly("n = timestep(t, dt)")
    Network(group).run(0.5 * ms)
    assert group.n[0] == 4  # run at t = 0, 0.1, ..., 0.4 ms


# -- Function's signature and types -----------------------------------------------------------


def test_function_takes_brian2s_arguments_in_brian2s_order():
    function = Function(lambda x: x, None, [volt], None, volt, ["float"], "float", True, False)
    assert function.arg_units == [volt]
    assert function.arg_types == ["float"]
    assert function.return_type == "float"
    assert function.stateless
    assert not function.auto_vectorise


def test_declare_types_gives_the_types_and_check_units_keeps_them():
    @check_units(a=1, b=1, result=1)
    @declare_types(a="integer", result="highest")
    def product(a, b):
        return a * b

    function = Function(product)
    assert function.arg_types == ["integer", "any"]
    assert function.return_type == "highest"
    assert function.function_spec.returns == "highest"


def test_declare_types_refuses_unknown_arguments_and_types():
    with pytest.raises(ValueError, match="'q' is not an argument"):
        declare_types(q="integer")(lambda x: x)
    with pytest.raises(ValueError, match="must be one of boolean, integer, float, any"):
        declare_types(x="int")(lambda x: x)
    with pytest.raises(ValueError, match="result type"):
        declare_types(result="any")(lambda x: x)


def test_function_refuses_what_brian2_refuses():
    with pytest.raises(TypeError, match="give the arguments' names with arg_names"):
        Function(lambda x: x, arg_units=["y"], return_unit=1)
    with pytest.raises(TypeError, match="only float arguments have units"):
        Function(lambda x: x, arg_units=[mV], arg_types=["integer"], return_unit=1)
    with pytest.raises(ValueError, match="return type"):
        Function(lambda x: x, arg_units=[1], return_unit=1, return_type="double")

    @check_units(x=1)
    def no_result(x):
        return x

    with pytest.raises(ValueError, match="does not declare the unit of its result"):
        Function(no_result)


def test_an_argument_of_the_wrong_type_is_a_type_error_naming_it():
    @check_units(a=1, b=1, result=1)
    @declare_types(a="integer", result="highest")
    def product(a, b):
        return a * b

    group = NeuronGroup(1, "z : 1")
    with pytest.raises(ArgumentTypeError, match="Argument 1 of 'product' must be of type integer"):
        group.z = "product(1.5, 2)"
    group.z = "product(3, 2)"
    assert group.z[0] == 6


def test_a_check_units_function_in_the_namespace_becomes_a_function_of_the_model():
    group = NeuronGroup(3, "rate = piecewise_linear(I) : Hz\nI : amp")
    group.I = [0, 2, 4] * nA
    assert list(group.rate[:] / Hz) == [0, 50, 100]


# -- implementations ------------------------------------------------------------------------


def test_implementations_are_kept_per_target_and_a_missing_one_says_how_to_add_it():
    function = Function(piecewise_linear)
    assert len(function.implementations) == 0
    function.implementations.add_implementation("cython", "cdef double f(double x): ...")
    assert list(function.implementations) == ["cython"]
    assert function.implementations["cython"].get_code(None).startswith("cdef")
    with pytest.raises(KeyError, match="add_implementation\\('cpp', code=...\\)"):
        function.implementations["cpp"]


def test_a_dynamic_implementation_is_generated_for_its_user():
    function = Function(piecewise_linear)
    function.implementations.add_dynamic_implementation(
        "cython", code=lambda owner: f"# for {owner}", namespace=lambda owner: {"n": owner}
    )
    implementation_ = function.implementations["cython"]
    assert implementation_.get_code("cells") == "# for cells"
    assert implementation_.get_namespace("cells") == {"n": "cells"}
    with pytest.raises(TypeError, match="code must be a callable"):
        function.implementations.add_dynamic_implementation("cython", code="text")


def test_a_cpp_implementation_is_accepted_and_noted_as_unused(caplog):
    with caplog.at_level(logging.INFO, logger="engine.functions"):

        @implementation("cpp", "double f(double I) { return I; }")
        @check_units(current=amp, result=Hz)
        def in_hertz(current):
            return current / nA * Hz

    assert isinstance(in_hertz, Function)
    assert "cpp" in in_hertz.implementations
    assert "The 'cpp' implementation of 'in_hertz' is kept but not used" in caplog.text
    group = NeuronGroup(1, "r = in_hertz(I) : Hz\nI : amp")
    group.I = 2 * nA
    assert group.r[0] == 2 * Hz  # computed by the Python function


def test_discard_units_calls_the_function_with_plain_values():
    seen = []

    @implementation("numpy", discard_units=True)
    @check_units(current=amp, result=Hz)
    def fast_linear(current):
        seen.append(current)
        return np.clip((current - 1 * nA) * 50 * Hz / nA, 0 * Hz, 100 * Hz)

    group = NeuronGroup(2, "r = fast_linear(I) : Hz\nI : amp")
    group.I = [2, 3] * nA
    assert list(group.r[:] / Hz) == pytest.approx([50, 100], rel=1e-12)  # nA stands for 1e-9
    assert not isinstance(seen[-1], engine.Quantity)
    assert fast_linear(2 * nA) == 50 * Hz  # called from Python, units still apply
    with pytest.raises(TypeError, match="discard_units applies only to the numpy target"):
        implementation("cython", "code", discard_units=True)(piecewise_linear)


def test_the_discard_units_preference_is_the_default_of_numpy_implementations():
    seen = []

    @check_units(current=amp, result=Hz)
    def linear(current):
        seen.append(current)
        return current * 50 * Hz / nA

    engine.prefs.codegen.runtime.numpy.discard_units = True  # reset after each test
    function = Function(linear)
    function.implementations.add_numpy_implementation(linear)
    group = NeuronGroup(1, "r = f(I) : Hz\nI : amp", namespace={"f": function})
    group.I = 2 * nA
    rate = group.r[0]  # nA is 1e-9: the plain value times 50 Hz/nA, then checked as Hz
    assert not isinstance(seen[-1], engine.Quantity)
    assert float(rate / Hz) == pytest.approx(100, rel=1e-12)


def test_a_numpy_implementation_given_as_code_gets_values_without_units():
    function = Function(piecewise_linear)
    function.implementations.add_implementation("numpy", code=lambda current: current * 1e9)
    group = NeuronGroup(2, "r = f(I) : Hz\nI : amp", namespace={"f": function})
    group.I = [2, 3] * nA
    assert list(group.r[:] / Hz) == pytest.approx([2, 3], rel=1e-12)


# -- results ---------------------------------------------------------------------------------


def test_a_result_declared_boolean_must_be_boolean():
    @check_units(x=1, result=bool)
    def not_boolean(x):
        return x

    group = NeuronGroup(1, "q : boolean")
    with pytest.raises(TypeError, match="declared to return a boolean"):
        group.q = "not_boolean(1)"


def test_a_result_of_the_wrong_unit_is_a_dimension_mismatch():
    @check_units(x=1, result=1)
    def in_volts(x):
        return x * mV

    group = NeuronGroup(1, "q : 1")
    with pytest.raises(DimensionMismatchError, match="declared to have unit 1"):
        group.q = "in_volts(1)"


# -- state and vectorisation ----------------------------------------------------------------


def test_a_stateful_function_is_called_once_per_use_and_step():
    calls = []

    def counter():
        calls.append(1)
        return len(calls)

    counted = Function(counter, arg_units=[], return_unit=1, stateless=False)
    group = NeuronGroup(3, "y : 1", namespace={"counter": counted})
    group.run_regularly("y = counter()\ny += counter()")
    Network(group).run(0.2 * ms)
    # Two steps, two calls each; each call gives one value for all neurons (as in Brian 2).
    assert len(calls) == 4
    assert list(group.y[:]) == [7, 7, 7]


def test_an_auto_vectorising_function_gets_the_elements_indices():
    seen = []

    def exponential_rand(scale, _vectorisation_idx):
        seen.append(np.array(_vectorisation_idx))
        return scale * np.ones(len(_vectorisation_idx))

    draw = Function(
        exponential_rand, arg_units=[1], return_unit=1, stateless=False, auto_vectorise=True
    )
    assert draw.function_spec.stateful
    group = NeuronGroup(4, "dx/dt = draw(2)/ms : 1", namespace={"draw": draw}, method="euler")
    Network(group).run(0.1 * ms)
    assert [list(s) for s in seen] == [[0, 1, 2, 3]]
    assert list(group.x[:]) == pytest.approx([0.2] * 4, rel=1e-12)  # 2/ms * 0.1 ms
