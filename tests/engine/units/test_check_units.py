"""check_units: declared units of a function's arguments and result, with Brian 2's messages."""

# Tables read best with one case per line, whatever its length.
# ruff: noqa: E501

import inspect

import numpy as np
import pytest

from engine.units import DimensionMismatchError, check_units, ms, mV, nA, second, volt


@check_units(dt=second, result=volt)
def step(x, dt, y=1 * volt):
    """Return y."""
    return y


@check_units(value=1, absolute=bool, result=bool)
def is_high(value, absolute=False):
    return bool(abs(value) >= 5 if absolute else value >= 5)


@check_units(summand_1=None, summand_2="summand_1")
def multiply_sum(multiplicand, summand_1, summand_2):
    return multiplicand * (summand_1 + summand_2)


@check_units(result=lambda d: d**2)
def square(value):
    return value**2


@check_units(result=lambda d: d**2)
def not_square(value):
    return value


@check_units(x=volt)
def keywords(**kwds):
    return kwds


@check_units(x=volt)
def keyword_only(*, x):
    return x


# fmt: off
GOOD_CALLS = [
    pytest.param(lambda: step(1, 0.5 * second), "1. * volt", id="ok"),
    pytest.param(lambda: step(1, [0.5, 1] * ms), "1. * volt", id="array"),
    pytest.param(lambda: step(1, "dt"), "1. * volt", id="strings-are-not-checked"),
    pytest.param(lambda: step(1, None), "1. * volt", id="none-is-not-checked"),
    pytest.param(lambda: is_high(7), "True", id="bool"),
    pytest.param(lambda: is_high(-7, True), "True", id="bool-argument"),
    pytest.param(lambda: is_high(3, np.True_), "False", id="numpy-bool"),
    pytest.param(lambda: multiply_sum(3, 4 * mV, 5 * mV), "27. * mvolt", id="same-units"),
    pytest.param(lambda: multiply_sum(3 * nA, 4 * mV, 5 * mV), "27. * pwatt", id="same-units-2"),
    pytest.param(lambda: square(3 * mV), "9. * mvolt2", id="result-function"),
    pytest.param(lambda: keywords(x=3 * mV, y=1), "{'x': 3. * mvolt, 'y': 1}", id="kwargs"),
]
# fmt: on


@pytest.mark.parametrize(("call", "expected"), GOOD_CALLS)
def test_arguments_with_the_declared_units_pass(call, expected):
    assert repr(call()) == expected


# fmt: off
BAD_CALLS = [
    pytest.param(lambda: step(1, 0.5), DimensionMismatchError, "Function 'step' expected a quantity with unit second for argument 'dt' but got '0.5' (unit is 1).", id="number"),
    pytest.param(lambda: step(1, dt=0.5 * mV), DimensionMismatchError, "Function 'step' expected a quantity with unit second for argument 'dt' but got '0.5 mV' (unit is V).", id="keyword"),
    pytest.param(lambda: step(1, [0.5, 1]), DimensionMismatchError, "Function 'step' expected a quantity with unit second for argument 'dt' but got '[0.5 1. ]' (unit is 1).", id="list"),
    pytest.param(lambda: step(1, True), DimensionMismatchError, "Function 'step' expected a quantity with unit second for argument 'dt' but got 'True' (unit is 1).", id="bool"),
    pytest.param(lambda: step(1, 1 * ms, y=3 * nA), DimensionMismatchError, "The return value of function 'step' was expected to have unit V but was '3. nA' (unit is A).", id="result"),
    pytest.param(lambda: step(1, 1 * ms, y=3), DimensionMismatchError, "The return value of function 'step' was expected to have unit V but was '3' (unit is 1).", id="result-number"),
    pytest.param(lambda: is_high(3, 4), TypeError, "Function 'is_high' expected a boolean value for argument 'absolute' but got '4.'", id="not-bool"),
    pytest.param(lambda: is_high(3 * mV), DimensionMismatchError, "Function 'is_high' expected a quantity with unit 1 for argument 'value' but got '3. mV' (unit is V).", id="dimensionless"),
    pytest.param(lambda: multiply_sum(3 * nA, 4 * mV, 5 * nA), DimensionMismatchError, "Function 'multiply_sum' expected the argument 'summand_2' to have the same units as argument 'summand_1', but argument 'summand_2' has unit A, while argument 'summand_1' has unit V.", id="same-units"),
    pytest.param(lambda: not_square(3 * mV), DimensionMismatchError, "The return value of function 'not_square' was expected to have unit V^2 but was '3. mV' (unit is V).", id="result-function"),
    pytest.param(lambda: keywords(x=3 * nA), DimensionMismatchError, "Function 'keywords' expected a quantity with unit volt for argument 'x' but got '3. nA' (unit is A).", id="kwargs"),
    pytest.param(lambda: keyword_only(x=3 * nA), DimensionMismatchError, "Function 'keyword_only' expected a quantity with unit volt for argument 'x' but got '3. nA' (unit is A).", id="keyword-only"),
]
# fmt: on


@pytest.mark.parametrize(("call", "error", "message"), BAD_CALLS)
def test_arguments_with_other_units_are_refused(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_declared_units_are_named_as_given():
    @check_units(x=mV)
    def scaled(x):
        return x

    @check_units(x=volt / second)
    def rate(x):
        return x

    with pytest.raises(DimensionMismatchError, match="expected a quantity with unit mvolt for"):
        scaled(3 * nA)
    with pytest.raises(DimensionMismatchError, match="with unit volt / second for"):
        rate(3 * nA)


def test_boolean_results_are_checked():
    @check_units(value=1, result=bool)
    def not_a_boolean(value):
        return 3

    with pytest.raises(TypeError) as caught:
        not_a_boolean(3)
    assert str(caught.value) == (
        "The return value of function 'not_a_boolean' was expected to be a boolean value, "
        "but was of type <class 'int'>"
    )


def test_non_numerical_arguments_are_refused():
    @check_units(x=1)
    def dimensionless(x):
        return x

    @check_units(x=volt)
    def voltage(x):
        return x

    with pytest.raises(TypeError, match="^Argument x is not a unitless value/array.$"):
        dimensionless({"a": 1})
    with pytest.raises(TypeError) as caught:
        voltage(object())
    assert (
        str(caught.value) == "Argument 'x' is not a quantity, expected a quantity with dimensions V"
    )


def test_a_reference_to_a_missing_argument_is_reported():
    @check_units(a="nonexistent")
    def refers_to_nothing(a):
        return a

    # (Brian 2's message names 'a' as the missing argument.)
    with pytest.raises(TypeError) as caught:
        refers_to_nothing(3)
    assert str(caught.value) == (
        "Function 'refers_to_nothing' expected the argument 'a' to have the same units as "
        "argument 'nonexistent', but there is no argument of that name"
    )


def test_the_decorated_function_describes_its_units():
    assert step.__name__ == "step"
    assert step.__doc__ == "Return y."
    assert str(inspect.signature(step)) == "(x, dt, y=1. * volt)"
    assert step._arg_names == ("x", "dt", "y")
    assert step._arg_units == [None, second, None]
    assert step._return_unit is volt
    assert not step._returns_bool
    assert is_high._returns_bool
    assert is_high._arg_units == [1, bool]
    assert step._orig_func(1, 2) == 1 * volt  # unchecked
    assert step._annotation_attributes == [
        "_arg_units",
        "_arg_names",
        "_return_unit",
        "_orig_func",
        "_returns_bool",
    ]
