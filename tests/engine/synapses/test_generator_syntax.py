"""The generator syntax of connect is read part by part, each part an expression."""

import pytest

from engine.errors import ExpressionError
from engine.synapses.generator_syntax import parse_generator


def test_range_generators_with_one_to_three_bounds_and_a_condition():
    parsed = parse_generator("k for k in range(i-3, i+4) if k != i")
    assert (parsed.element, parsed.variable, parsed.iterator) == ("k", "k", "range")
    assert (parsed.low, parsed.high, parsed.step, parsed.condition) == ("i-3", "i+4", "1", "k != i")
    short = parse_generator("i + k for k in range(N_post)")
    assert (short.low, short.high, short.step, short.condition) == ("0", "N_post", "1", None)
    stepped = parse_generator("k for k in range(10, 0, -2)")
    assert (stepped.low, stepped.high, stepped.step) == ("10", "0", "-2")


def test_sample_generators_with_a_probability_or_a_size():
    by_p = parse_generator("k for k in sample(N_post, p=0.1*i)")
    assert (by_p.iterator, by_p.high, by_p.p, by_p.size) == ("sample", "N_post", "0.1*i", None)
    by_size = parse_generator("k for k in sample(5, N_post, size=3)")
    assert (by_size.low, by_size.high, by_size.size) == ("5", "N_post", "3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k for k in list(5)", "range\\(\\.\\.\\.\\) or sample"),
        ("k for k in range(1, 2, 3, 4)", "one to three arguments"),
        ("k for k in sample(10)", "either p= .* or size="),
        ("k for k in range(5) if k > 1 if k < 3", "into one with 'and'"),
        ("k for k, m in range(5)", "one variable"),
        ("k for k in range(5", "Invalid syntax"),
        ("k for k in range(__import__('os'))", "not allowed|underscore"),
        ("[k for k in range(3)]", "Expected a generator"),
    ],
)
def test_invalid_generators_are_explained(text, message):
    with pytest.raises(ExpressionError, match=message):
        parse_generator(text)
