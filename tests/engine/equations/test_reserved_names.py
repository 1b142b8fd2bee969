"""A model variable named like a constant, unit or function is refused as Brian 2 refuses it.

Brian 2 raises a ``SyntaxError`` (at the line of the declaration); the engine's
`ReservedNameError` is both that and an `EquationError`. A subexpression may still *use* a
constant (``x = e*v``): the name means the constant.
"""

from __future__ import annotations

import pytest

from engine import Equations, NeuronGroup
from engine.errors import EquationError, ReservedNameError


@pytest.mark.parametrize(
    ("model", "what"),
    [
        ("v : 1\npi = 2*v : 1", "constant"),
        ("e : 1", "constant"),
        ("v : 1\ninf = 2*v : 1", "constant"),
        ("v : 1\nmV = 2*v : 1", "unit"),
        ("v : 1\nexp = 2*v : 1", "function"),
    ],
)
def test_a_variable_named_like_a_builtin_is_a_syntax_error(model, what):
    with pytest.raises(SyntaxError) as caught:
        Equations(model)
    error = caught.value
    assert isinstance(error, ReservedNameError)
    assert isinstance(error, EquationError)
    name = model.splitlines()[-1].split()[0]
    assert f"'{name}' is the name of a {what} and cannot be used as a variable name" in str(error)
    assert error.span.line == len(model.splitlines())


def test_a_subexpression_using_a_constant_uses_its_value():
    group = NeuronGroup(1, "v : 1\nx = e*v + pi : 1")
    group.v = 1
    assert group.x[0] == pytest.approx(2.718281828459045 + 3.141592653589793, rel=1e-15)
