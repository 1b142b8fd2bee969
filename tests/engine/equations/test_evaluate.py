"""evaluate_constant: typed values are computed safely, and every failure is a ModelError."""

import pytest

from engine.equations import evaluate_constant
from engine.errors import ExpressionError
from engine.units import ms, mV


def test_values_with_units_and_constants():
    assert evaluate_constant("2*tau + 1*ms", {"tau": 10 * ms}) == 21 * ms
    assert evaluate_constant("2**10") == 1024
    assert evaluate_constant("(-2*mV)**3") == -8 * mV**3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Each exponent is small, but the whole number would have millions of digits.
        ("(999**999)**999", "too large"),
        ("((999**999)**999)**999", "too large"),
        ("(-8)**(1/3)", "not a real number"),
        ("int(0*inf)", "cannot be computed"),
        ("1 // 0", "cannot be computed"),
    ],
)
def test_values_that_cannot_be_computed_are_refused_quickly_with_a_reason(text, message):
    with pytest.raises(ExpressionError, match=message):
        evaluate_constant(text)
