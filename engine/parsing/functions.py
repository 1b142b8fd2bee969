"""The functions and constants every model expression may use, and how they treat units.

This is the single table of the language's built-in functions (Brian 2's ``DEFAULT_FUNCTIONS``
and ``DEFAULT_CONSTANTS``). The unit checker reads the unit rules, the sympy converter the
mathematical meaning, the code generators the implementations they register per target.
User-defined functions (e.g. a ``TimedArray``) describe themselves with the same
`FunctionSpec`, with dimensions in place of the rule names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DEFAULT_CONSTANTS",
    "DEFAULT_FUNCTIONS",
    "FunctionSpec",
    "SameAs",
]


@dataclass(frozen=True)
class SameAs:
    """Unit rule: this argument must have the unit of argument number ``index`` (0-based)."""

    index: int


#: How an argument's unit is constrained: ``"any"``, ``"dimensionless"``, ``"time"``,
#: ``SameAs(k)``, or a dimension (anything `engine.units.get_dimensions` understands).
ArgumentRule = object
#: The unit of the result: ``"dimensionless"``, ``"first"`` (that of argument 0), ``"sqrt"``
#: (the square root of argument 0's), a dimension, or a function from the arguments'
#: dimensions to the result's.
ResultRule = object


@dataclass(frozen=True)
class FunctionSpec:
    """How a function of the model language behaves.

    Attributes
    ----------
    name
        The name it is called by in expressions.
    arguments
        One unit rule per argument (so also the number of arguments).
    result
        The unit rule of the result.
    returns
        The type of the result: ``"float"``, ``"integer"``, ``"boolean"``, or ``"highest"``
        (the type of the widest argument, e.g. ``abs`` of an integer is an integer).
    stateful
        Whether each call gives a new value (``rand()``): such calls may never be merged or
        reordered, and are evaluated once per element.
    """

    name: str
    arguments: tuple[ArgumentRule, ...]
    result: ResultRule = "dimensionless"
    returns: Literal["float", "integer", "boolean", "highest"] = "float"
    stateful: bool = False

    @property
    def arity(self) -> int:
        """The number of arguments."""
        return len(self.arguments)


def _dimensionless(name: str) -> FunctionSpec:
    return FunctionSpec(name, ("dimensionless",))


DEFAULT_FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in [
        *(
            _dimensionless(name)
            for name in (
                "exp",
                "log",
                "log10",
                "expm1",
                "log1p",
                "exprel",
                "sin",
                "cos",
                "tan",
                "sinh",
                "cosh",
                "tanh",
                "arcsin",
                "arccos",
                "arctan",
            )
        ),
        FunctionSpec("sqrt", ("any",), "sqrt"),
        FunctionSpec("abs", ("any",), "first", returns="highest"),
        FunctionSpec("sign", ("any",), "dimensionless", returns="highest"),
        FunctionSpec("floor", ("any",), "first"),
        FunctionSpec("ceil", ("any",), "first"),
        FunctionSpec("clip", ("any", SameAs(0), SameAs(0)), "first", returns="highest"),
        FunctionSpec("int", ("dimensionless",), "dimensionless", returns="integer"),
        FunctionSpec("rand", (), stateful=True),
        FunctionSpec("randn", (), stateful=True),
        FunctionSpec("poisson", ("dimensionless",), returns="integer", stateful=True),
        FunctionSpec("timestep", ("time", "time"), returns="integer"),
    ]
}

#: Constants every expression may use, with their values.
DEFAULT_CONSTANTS: dict[str, float] = {
    "pi": 3.141592653589793,
    "e": 2.718281828459045,
    "inf": float("inf"),
}
