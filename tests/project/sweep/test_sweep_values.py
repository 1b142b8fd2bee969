"""Reading a swept parameter's values: lists, linear and log ranges, units, hostile text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.project.sweep import MAX_TRIALS, SweepError
from engine.project.sweep.values import Range, Value, parse_value, parse_values


def test_a_list_keeps_each_value_in_its_own_unit():
    assert parse_values("1*mV, 2*volt, -0.5 * mV") == (
        Value(1.0, "mV"),
        Value(2.0, "volt"),
        Value(-0.5, "mV"),
    )


def test_a_list_from_a_file_is_a_list_of_texts():
    assert parse_values(["1*mV", "2*mV"]) == (Value(1.0, "mV"), Value(2.0, "mV"))


def test_plain_numbers_have_no_unit():
    assert parse_values("100, 2e3") == (Value(100.0), Value(2000.0))


def test_a_linear_range_includes_both_ends():
    values = parse_values("0.5*mV:2*mV:4")
    assert isinstance(values, Range)
    # 0.5 + k*0.5 are exact in binary: compared exactly.
    assert values.numbers().tolist() == [0.5, 1.0, 1.5, 2.0]
    assert values.start.unit == "mV"


def test_a_range_whose_ends_have_different_units_is_in_the_unit_of_its_start():
    values = parse_values("500*ms:2*second:4")
    assert isinstance(values, Range)
    # 2 second is 2000 ms: one rounding of a division at most.
    np.testing.assert_allclose(values.numbers(), [500, 1000, 1500, 2000], rtol=1e-15)


def test_a_log_range_is_evenly_spaced_in_the_logarithm_with_exact_ends():
    values = parse_values("log:1*Hz:100*Hz:5")
    assert isinstance(values, Range)
    assert values.scale == "log"
    numbers = values.numbers()
    assert numbers[0] == 1.0
    assert numbers[-1] == 100.0
    # 10**(k/2), to the rounding of a few floating-point operations (1e-12 relative).
    np.testing.assert_allclose(numbers, [10 ** (k / 2) for k in range(5)], rtol=1e-12)
    ratios = numbers[1:] / numbers[:-1]
    np.testing.assert_allclose(ratios, math.sqrt(10), rtol=1e-12)


def test_lin_is_the_default_scale():
    assert parse_values("lin:1:2:3") == parse_values("1:2:3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "there are no values"),
        ("1*mV:2*mV", "is not a range: write start:stop:count"),
        ("1*mV:2*mV:1", "a range needs at least 2"),
        ("1*mV:2*mV:0", "a range needs at least 2"),
        (f"1*mV:2*mV:{MAX_TRIALS + 1}", "a sweep has at most"),
        ("1:2:999999999999", "a sweep has at most"),
        ("1:2:1e3", "is not a whole number"),
        ("1*mV:2*ms:3", "have different units"),
        ("1*mV, 2*ms", "have different units"),
        ("log:0*Hz:10*Hz:3", "a log range needs two ends of the same sign"),
        ("log:-1*Hz:10*Hz:3", "a log range needs two ends of the same sign"),
        ("nan", "is not a value"),
        ("inf*mV", "is not a value"),
        ("1e999", "a value must be a finite number"),
        ("1e300*Gohm", "a value must be a finite number"),
        ("1*parsec", "'parsec' in '1*parsec' is not a unit"),
        ("1*exp", "is not a unit"),
        ("__import__('os').system('x')", "is not a value"),
        ("1*mV; import os", "is not a value"),
        ("2*tau", "is not a unit"),
        ("(1*mV)", "is not a value"),
    ],
)
def test_what_is_not_a_value_is_refused_with_why(text, message):
    with pytest.raises(SweepError) as caught:
        parse_values(text)
    assert message in caught.value.message


def test_huge_lists_are_refused_before_they_are_read():
    with pytest.raises(SweepError, match="too long|at most"):
        parse_values(",".join(["1"] * (MAX_TRIALS + 1)))
    with pytest.raises(SweepError, match="at most"):
        parse_values(["1"] * (MAX_TRIALS + 1))


def test_the_text_written_is_the_repr_of_the_number_and_the_unit_name():
    assert parse_value(" 0.5 * mV ").text() == "0.5*mV"
    assert parse_value("1e-5*second").text() == "1e-05*second"
    assert parse_value("3").text() == "3.0"
    assert parse_value("3").text(integer=True) == "3"


def test_with_random_samples_a_range_is_an_interval():
    interval = parse_values("1*mV:2*mV", sampled=True)
    assert isinstance(interval, Range)
    assert interval.count is None
    with pytest.raises(SweepError, match="with random samples a range is start:stop"):
        parse_values("1*mV:2*mV:3", sampled=True)
