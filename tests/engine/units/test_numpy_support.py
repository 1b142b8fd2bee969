"""numpy on quantities: ufuncs, array methods, numpy functions and the unit-aware replacements.

Expected values are Brian 2.9's, except where a comment says why we differ (Brian 2 loses the
units of np.concatenate and friends, and refuses some ufuncs it could handle).
"""

# Tables read best with one case per line, whatever its length.
# ruff: noqa: E501

import numpy as np
import pytest

from engine.units import (
    DimensionMismatchError,
    Hz,
    amp,
    arange,
    diagonal,
    dot,
    exp,
    exprel,
    linspace,
    log,
    mV,
    nA,
    ones_like,
    ptp,
    ravel,
    second,
    sin,
    trace,
    volt,
    where,
    zeros_like,
)
from engine.units import asarray as units_asarray


def shown(value):
    return type(value).__name__, repr(value)


# fmt: off
UFUNCS = [
    # Dimensions kept
    pytest.param(lambda: np.abs([-1, 2] * mV), ("Quantity", "array([1., 2.]) * mvolt"), id="abs"),
    pytest.param(lambda: np.negative(3 * mV), ("Quantity", "-3. * mvolt"), id="negative"),
    pytest.param(lambda: np.floor(3.5 * mV), ("Quantity", "0. * volt"), id="floor-in-SI"),
    pytest.param(lambda: np.ceil(3.7 * mV), ("Quantity", "1. * volt"), id="ceil-in-SI"),
    pytest.param(lambda: np.round(3.7 * mV), ("Quantity", "0. * volt"), id="round-in-SI"),
    pytest.param(lambda: np.conj(3 * mV), ("Quantity", "3. * mvolt"), id="conj"),
    pytest.param(lambda: np.fabs(-3 * mV), ("Quantity", "3. * mvolt"), id="fabs"),  # Brian: TypeError
    # Dimensions combined
    pytest.param(lambda: np.multiply(3 * mV, 2 * nA), ("Quantity", "6. * pwatt"), id="multiply"),
    pytest.param(lambda: np.divide(3 * mV, 2 * nA), ("Quantity", "1.5 * Mohm"), id="divide"),
    pytest.param(lambda: np.sqrt(4 * mV * mV), ("Quantity", "2. * mvolt"), id="sqrt"),
    pytest.param(lambda: np.square([1, 2] * mV), ("Quantity", "array([1., 4.]) * mvolt2"), id="square"),
    pytest.param(lambda: np.reciprocal(2 * second), ("Quantity", "0.5 * hertz"), id="reciprocal"),
    pytest.param(lambda: np.power(3 * mV, 2), ("Quantity", "9. * mvolt2"), id="power"),
    pytest.param(lambda: np.cbrt(8 * mV**3), ("Quantity", "2. * mvolt"), id="cbrt"),  # Brian: TypeError
    # Equal dimensions needed
    pytest.param(lambda: np.add(3 * mV, 2 * mV), ("Quantity", "5. * mvolt"), id="add"),
    pytest.param(lambda: np.maximum(3 * mV, 2 * mV), ("Quantity", "3. * mvolt"), id="maximum"),
    pytest.param(lambda: np.fmax(3 * mV, 2 * mV), ("Quantity", "3. * mvolt"), id="fmax"),  # Brian: TypeError
    pytest.param(lambda: np.fmod(3 * mV, 2 * mV), ("Quantity", "1. * mvolt"), id="fmod"),
    pytest.param(lambda: np.less([1, 2] * mV, 1.5 * mV), ("ndarray", "array([ True, False])"), id="less"),
    pytest.param(lambda: np.add.reduce([1, 2] * mV), ("Quantity", "3. * mvolt"), id="reduce"),
    pytest.param(lambda: np.add.accumulate([1, 2] * mV), ("Quantity", "array([1., 3.]) * mvolt"), id="accumulate"),  # Brian: TypeError
    # Brian 2 gives the wrong dimensions here (2. uV)
    pytest.param(lambda: np.multiply.reduce([1, 2] * mV), ("Quantity", "2. * mvolt2"), id="multiply-reduce"),
    # Plain results
    pytest.param(lambda: np.isnan(3 * mV), ("bool", "np.False_"), id="isnan"),
    pytest.param(lambda: np.isfinite([1, 2] * mV), ("ndarray", "array([ True,  True])"), id="isfinite"),
    pytest.param(lambda: np.sign(-3 * mV), ("float64", "np.float64(-1.0)"), id="sign"),
    pytest.param(lambda: np.logical_and([1, 2] * mV, [0, 1] * mV), ("ndarray", "array([False,  True])"), id="logical"),
    pytest.param(lambda: np.exp(3 * mV / mV), ("float64", "np.float64(20.085536923187668)"), id="exp"),
    pytest.param(lambda: np.log([1, 2]), ("ndarray", "array([0.        , 0.69314718])"), id="log-plain"),
    # Several outputs
    pytest.param(lambda: divmod(7 * mV, 2 * mV), ("tuple", "(3.0, 1. * mvolt)"), id="divmod"),  # Brian: TypeError
    pytest.param(lambda: np.modf(2.5 * mV / mV), ("tuple", "(np.float64(0.5), np.float64(2.0))"), id="modf"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "expected"), UFUNCS)
def test_ufuncs(compute, expected):
    assert shown(compute()) == expected


# fmt: off
UFUNC_ERRORS = [
    pytest.param(lambda: np.exp(4 * mV), DimensionMismatchError, "exp expects a dimensionless argument but got 4. mV (unit is V).", id="exp"),
    pytest.param(lambda: np.sin(3 * mV), DimensionMismatchError, "sin expects a dimensionless argument but got 3. mV (unit is V).", id="sin"),
    # Brian 2 refuses deg2rad and ldexp on any quantity (TypeError)
    pytest.param(lambda: np.deg2rad(3 * mV), DimensionMismatchError, "deg2rad expects a dimensionless argument but got 3. mV (unit is V).", id="deg2rad"),
    pytest.param(lambda: np.arctan2(3 * mV, 2 * mV), DimensionMismatchError, 'Both arguments for "arctan2" should be dimensionless but first argument was 3. mV (unit is V).', id="arctan2"),
    pytest.param(lambda: np.hypot(3, 4 * mV), DimensionMismatchError, 'Both arguments for "hypot" should be dimensionless but second argument was 4. mV (unit is V).', id="hypot"),
    pytest.param(lambda: np.maximum(3 * mV, 2 * nA), DimensionMismatchError, "Cannot calculate 3. mV maximum 2. nA, the units do not match (units are V and A).", id="maximum"),
    pytest.param(lambda: np.less(3 * mV, 2 * nA), DimensionMismatchError, "Cannot calculate 3. mV less 2. nA, the units do not match (units are V and A).", id="less"),
    pytest.param(lambda: np.subtract(3, 2 * nA), DimensionMismatchError, "Cannot calculate 3 subtract 2. nA, the units do not match (units are 1 and A).", id="subtract"),
    pytest.param(lambda: np.bitwise_and(3 * mV, 2 * mV), TypeError, "bitwise_and cannot be used on quantities.", id="bitwise"),
    pytest.param(lambda: np.invert(3 * mV), TypeError, "invert cannot be used on quantities.", id="invert"),
    pytest.param(lambda: np.ldexp(3 * mV, 2 * mV), DimensionMismatchError, "ldexp expects a dimensionless exponent but got 2. mV (unit is V).", id="ldexp"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "error", "message"), UFUNC_ERRORS)
def test_ufunc_errors(compute, error, message):
    with pytest.raises(error) as caught:
        compute()
    assert str(caught.value) == message


def test_ufuncs_write_into_out():
    q = [1, 2] * mV
    result = np.add(q, 1 * mV, out=q)
    assert result is q
    assert repr(q) == "array([2., 3.]) * mvolt"
    plain = np.zeros(2)
    assert repr(np.multiply([1, 2] * mV, 2, out=plain)) == "array([2., 4.]) * mvolt"
    np.add.at(q, [0, 0], 1 * mV)
    assert repr(q) == "array([4., 3.]) * mvolt"
    with pytest.raises(DimensionMismatchError):
        np.add.at(q, [0], 1 * nA)


# fmt: off
NUMPY_FUNCTIONS = [
    pytest.param(lambda: np.mean([1, 2] * Hz), "1.5 * hertz", id="mean"),
    pytest.param(lambda: np.std([1, 2] * Hz), "0.5 * hertz", id="std"),
    pytest.param(lambda: np.var([1, 2] * Hz), "0.25 * hertz2", id="var"),
    pytest.param(lambda: np.sum([1, 2] * Hz), "3. * hertz", id="sum"),
    pytest.param(lambda: np.min([1, 2] * mV), "1. * mvolt", id="min"),
    pytest.param(lambda: np.max([1, 2] * mV), "2. * mvolt", id="max"),
    pytest.param(lambda: np.ptp([1, 5] * mV), "4. * mvolt", id="ptp"),
    pytest.param(lambda: np.median([3, 1, 2] * mV), "2. * mvolt", id="median"),
    pytest.param(lambda: np.percentile([3, 1, 2, 7] * mV, [10, 50]), "array([1.3, 2.5]) * mvolt", id="percentile"),
    pytest.param(lambda: np.average([1, 2] * mV), "1.5 * mvolt", id="average"),
    pytest.param(lambda: np.nanmean([1, np.nan] * mV), "1. * mvolt", id="nanmean"),
    pytest.param(lambda: np.cumsum([1, 2] * Hz), "array([1., 3.]) * hertz", id="cumsum"),
    pytest.param(lambda: np.diff([1, 2, 4] * Hz), "array([1., 2.]) * hertz", id="diff"),
    pytest.param(lambda: np.clip([1, 2, 4] * Hz, 2 * Hz, 3 * Hz), "array([2., 2., 3.]) * hertz", id="clip"),
    pytest.param(lambda: np.argmax([1, 2] * mV), "np.int64(1)", id="argmax"),
    pytest.param(lambda: np.repeat([1, 2] * mV, 2), "array([1., 1., 2., 2.]) * mvolt", id="repeat"),
    pytest.param(lambda: np.sort([3, 1, 2] * mV), "array([1., 2., 3.]) * mvolt", id="sort"),
    pytest.param(lambda: np.unique([1, 1, 2] * mV), "array([1., 2.]) * mvolt", id="unique"),
    pytest.param(lambda: np.tile([1, 2] * mV, 2), "array([1., 2., 1., 2.]) * mvolt", id="tile"),
    pytest.param(lambda: np.roll([1, 2, 3] * mV, 1), "array([3., 1., 2.]) * mvolt", id="roll"),
    pytest.param(lambda: np.prod([1, 2] * mV), "2. * mvolt2", id="prod"),
    pytest.param(lambda: np.atleast_1d(3 * mV), "array([3.]) * mvolt", id="atleast_1d"),
    pytest.param(lambda: np.trace([[1, 2], [3, 4]] * mV), "5. * mvolt", id="trace"),
    pytest.param(lambda: np.ravel([[1, 2], [3, 4]] * mV), "array([1., 2., 3., 4.]) * mvolt", id="ravel"),
    pytest.param(lambda: np.linspace(0 * mV, 10 * mV, 3), "array([ 0.,  5., 10.]) * mvolt", id="np-linspace"),
    # Brian 2 returns these in SI units without units (Quantity(array([0.001, ...])))
    pytest.param(lambda: np.concatenate([[1, 2] * mV, [3] * mV]), "array([1., 2., 3.]) * mvolt", id="concatenate"),
    pytest.param(lambda: np.hstack([[1, 2] * mV, [3] * mV]), "array([1., 2., 3.]) * mvolt", id="hstack"),
    pytest.param(lambda: np.vstack([[1, 2] * mV, [3, 4] * volt]), "array([[1.e+00, 2.e+00],\n       [3.e+03, 4.e+03]]) * mvolt", id="vstack"),
    pytest.param(lambda: np.stack([[1, 2] * mV, [3, 4] * mV]), "array([[1., 2.],\n       [3., 4.]]) * mvolt", id="stack"),
    pytest.param(lambda: np.append([1, 2] * mV, [3] * mV), "array([1., 2., 3.]) * mvolt", id="append"),
    pytest.param(lambda: np.concatenate([[1, 2] * mV, [0]]), "array([1., 2., 0.]) * mvolt", id="concatenate-zero"),
    # Documented by Brian 2 to return plain arrays
    pytest.param(lambda: np.where([True, False], [1, 2] * mV, [3, 4] * mV), "array([0.001, 0.004])", id="np-where"),
    # whole SI values: how BLAS sums 1e-3*3e-9 + 2e-3*4e-9 differs between numpy builds
    pytest.param(lambda: np.dot([1, 2] * volt, [3, 4] * amp), "np.float64(11.0)", id="np-dot"),
    pytest.param(lambda: np.outer([1, 2] * mV, [1, 2] * mV), "array([[1.e-06, 2.e-06],\n       [2.e-06, 4.e-06]])", id="np-outer"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "expected"), NUMPY_FUNCTIONS)
def test_numpy_functions(compute, expected):
    assert repr(compute()) == expected


def test_concatenating_different_units_fails():
    with pytest.raises(DimensionMismatchError) as caught:
        np.concatenate([[1, 2] * mV, [3] * second])
    assert (
        str(caught.value) == "Cannot concatenate arrays with different units (units are V and s)."
    )


# fmt: off
ARRAY_METHODS = [
    pytest.param(lambda: ([1, 2] * mV).sum(), "3. * mvolt", id="sum"),
    pytest.param(lambda: ([[1, 2], [3, 4]] * mV).sum(axis=0), "array([4., 6.]) * mvolt", id="sum-axis"),
    pytest.param(lambda: ([[1, 2], [3, 4]] * mV).mean(axis=1), "array([1.5, 3.5]) * mvolt", id="mean-axis"),
    pytest.param(lambda: ([1, 2] * mV).std(), "0.5 * mvolt", id="std"),
    pytest.param(lambda: ([1, 2] * mV).var(), "0.25 * mvolt2", id="var"),
    pytest.param(lambda: ([1, 2] * mV).min(), "1. * mvolt", id="min"),
    pytest.param(lambda: ([1, 2] * mV).max(), "2. * mvolt", id="max"),
    pytest.param(lambda: ([1, 5] * mV).ptp(), "4. * mvolt", id="ptp"),  # Brian: TypeError
    pytest.param(lambda: ([1, 2] * mV).cumsum(), "array([1., 3.]) * mvolt", id="cumsum"),
    pytest.param(lambda: ([[1, 2], [3, 4]] * mV).prod(axis=0), "array([3., 8.]) * mvolt2", id="prod-axis"),
    pytest.param(lambda: ([1, 2] * mV / mV).cumprod(), "array([1., 2.])", id="cumprod-dimensionless"),
    pytest.param(lambda: ([1, 2] * mV).argmin(), "np.int64(0)", id="argmin"),
    pytest.param(lambda: ([2, 1] * mV).argsort(), "array([1, 0])", id="argsort"),
    pytest.param(lambda: ([1, 2] * mV).nonzero(), "(array([0, 1]),)", id="nonzero"),
    pytest.param(lambda: ([1, 2] * mV).any(), "np.True_", id="any"),
    pytest.param(lambda: ([1, 2] * mV).all(), "np.True_", id="all"),
    pytest.param(lambda: ([1, 2] * mV).clip(0 * mV, 1 * mV), "array([1., 1.]) * mvolt", id="clip"),
    pytest.param(lambda: ([1, 2] * mV).clip(0, 1 * mV), "array([1., 1.]) * mvolt", id="clip-zero"),
    pytest.param(lambda: ([1, 2] * mV).dot([1, 2] * mV), "5. * mvolt2", id="dot"),
    pytest.param(lambda: ([1, 2] * mV).searchsorted(1.5 * mV), "np.int64(1)", id="searchsorted"),
    pytest.param(lambda: ([1, 2] * mV).round(4), "array([1., 2.]) * mvolt", id="round"),
    pytest.param(lambda: round(3.7 * mV, 3), "4. * mvolt", id="builtin-round"),
    pytest.param(lambda: ([1, 2] * mV).repeat(2), "array([1., 1., 2., 2.]) * mvolt", id="repeat"),
    pytest.param(lambda: ([[1, 2], [3, 4]] * mV).diagonal(), "array([1., 4.]) * mvolt", id="diagonal"),
    pytest.param(lambda: ([[1, 2], [3, 4]] * mV).reshape(4), "array([1., 2., 3., 4.]) * mvolt", id="reshape"),
    pytest.param(lambda: ([1, 2] * mV).take([0]), "array([1.]) * mvolt", id="take"),
    pytest.param(lambda: ([1, 2] * mV).copy(), "array([1., 2.]) * mvolt", id="copy"),
    pytest.param(lambda: ([1, 2] * mV).view(np.ndarray), "array([0.001, 0.002])", id="view"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "expected"), ARRAY_METHODS)
def test_array_methods(compute, expected):
    assert repr(compute()) == expected


# fmt: off
ARRAY_METHOD_ERRORS = [
    (lambda: ([1, 2] * mV).clip(0, 1), DimensionMismatchError, "clip (units are V and 1)."),
    (lambda: ([1, 2] * mV).searchsorted(1.5), DimensionMismatchError, "searchsorted (units are V and 1)."),
    (lambda: ([1, 2] * mV).fill(3), DimensionMismatchError, "fill (units are V and 1)."),
    (lambda: ([1, 2] * mV).put([0], 3), DimensionMismatchError, "fill (units are V and 1)."),
    (
        lambda: ([1, 2] * mV).cumprod(),
        TypeError,
        "cumprod over array elements on quantities with dimensions is not possible.",
    ),
]
# fmt: on


@pytest.mark.parametrize(("compute", "error", "message"), ARRAY_METHOD_ERRORS)
def test_array_method_errors(compute, error, message):
    with pytest.raises(error) as caught:
        compute()
    assert str(caught.value) == message


def test_fill_and_put_check_units_then_change_the_array():
    q = [1, 2] * mV
    q.fill(3 * mV)
    q.put([0], 1 * mV)
    assert repr(q) == "array([1., 3.]) * mvolt"


# fmt: off
UNIT_AWARE_FUNCTIONS = [
    pytest.param(lambda: exp(3), "np.float64(20.085536923187668)", id="exp"),
    pytest.param(lambda: exp([1, 2]), "array([2.71828183, 7.3890561 ])", id="exp-list"),
    pytest.param(lambda: log(3 * mV / mV), "np.float64(1.0986122886681098)", id="log"),
    pytest.param(lambda: exprel(0.0), "1.0", id="exprel-0"),
    pytest.param(lambda: exprel(np.array([0.0, 1.0])), "array([1.        , 1.71828183])", id="exprel-array"),
    pytest.param(lambda: exprel(3 * mV / mV), "np.float64(6.361845641062556)", id="exprel"),
    pytest.param(lambda: exprel(np.array([0, 1, 800])), "array([1.        , 1.71828183,        inf])", id="exprel-int"),
    pytest.param(lambda: linspace(0 * mV, 10 * mV, 3), "array([ 0.,  5., 10.]) * mvolt", id="linspace"),
    pytest.param(lambda: linspace(0, 10, 3), "array([ 0.,  5., 10.])", id="linspace-plain"),
    # Brian 2 fails on retstep=True
    pytest.param(lambda: linspace(0 * mV, 10 * mV, 3, retstep=True), "(array([ 0.,  5., 10.]) * mvolt, 5. * mvolt)", id="linspace-step"),
    pytest.param(lambda: arange(0 * mV, 10 * mV, 3 * mV), "array([0., 3., 6., 9.]) * mvolt", id="arange"),
    pytest.param(lambda: arange(3), "array([0, 1, 2])", id="arange-plain"),
    pytest.param(lambda: arange(1, 3), "array([1, 2])", id="arange-start"),
    pytest.param(lambda: arange(stop=3 * mV, step=1 * mV), "array([0., 1., 2.]) * mvolt", id="arange-keywords"),
    pytest.param(lambda: where([True, False], [1, 2] * mV, [3, 4] * mV), "array([1., 4.]) * mvolt", id="where"),
    pytest.param(lambda: where([True, False]), "(array([0]),)", id="where-indices"),
    pytest.param(lambda: where([True, False], [1, 2], [3, 4]), "array([1, 4])", id="where-plain"),
    pytest.param(lambda: dot([1, 2] * mV, [3, 4] * nA), "11. * pwatt", id="dot"),
    pytest.param(lambda: dot([1, 2], [3, 4]), "np.int64(11)", id="dot-plain"),
    pytest.param(lambda: ones_like([1, 2] * mV), "array([1., 1.])", id="ones_like"),
    pytest.param(lambda: zeros_like([1, 2] * mV), "array([0., 0.])", id="zeros_like"),
    pytest.param(lambda: ptp([1, 5] * mV), "4. * mvolt", id="ptp"),
    pytest.param(lambda: ravel([[1, 2], [3, 4]] * mV), "array([1., 2., 3., 4.]) * mvolt", id="ravel"),
    pytest.param(lambda: diagonal([[1, 2], [3, 4]] * mV), "array([1., 4.]) * mvolt", id="diagonal"),
    pytest.param(lambda: trace([[1, 2], [3, 4]] * mV), "5. * mvolt", id="trace"),
    pytest.param(lambda: units_asarray([1, 2] * mV), "array([0.001, 0.002])", id="asarray"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "expected"), UNIT_AWARE_FUNCTIONS)
def test_unit_aware_functions(compute, expected):
    assert repr(compute()) == expected


# fmt: off
UNIT_AWARE_FUNCTION_ERRORS = [
    pytest.param(lambda: exp(4 * mV), DimensionMismatchError, "exp expects a dimensionless argument but got 4. mV (unit is V).", id="exp"),
    pytest.param(lambda: sin([1, 2] * mV), DimensionMismatchError, "sin expects a dimensionless argument but got [1. 2.] mV (unit is V).", id="sin"),
    pytest.param(lambda: exprel(3 * mV), DimensionMismatchError, "Function 'exprel' expected a quantity with unit 1 for argument 'x' but got '3. mV' (unit is V).", id="exprel"),
    pytest.param(lambda: arange(3 * mV), DimensionMismatchError, "Stop value 3. mV and step value 1 have to have the same units. (units are V and 1).", id="arange-default-step"),
    pytest.param(lambda: arange(1 * mV, 3 * nA, 1 * mV), DimensionMismatchError, "Start value 1. mV and stop value 3. nA have to have the same units. (units are V and A).", id="arange"),
    pytest.param(lambda: linspace(0 * mV, 10 * nA, 3), DimensionMismatchError, "Start value 0. V and stop value 10. nA have to have the same units. (units are V and A).", id="linspace"),
    pytest.param(lambda: where([True], [1] * mV, [1] * nA), DimensionMismatchError, "x and y need to have the same dimensions (units are V and A).", id="where"),
    pytest.param(lambda: arange(1, 2, 3, 4), TypeError, "Need between 1 and 3 non-keyword arguments", id="arange-arguments"),
    pytest.param(lambda: arange(3, stop=4), TypeError, "Duplicate definition of 'stop'", id="arange-duplicate"),
    pytest.param(lambda: arange(start=1), TypeError, "Missing stop argument.", id="arange-missing"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "error", "message"), UNIT_AWARE_FUNCTION_ERRORS)
def test_unit_aware_function_errors(compute, error, message):
    with pytest.raises(error) as caught:
        compute()
    assert str(caught.value) == message


def test_functions_keep_the_names_of_numpy_functions():
    assert exp.__name__ == "exp"
    assert exp.__doc__ == np.exp.__doc__
    assert volt.dim is (dot([1] * volt, [1])).dim
