"""What a value field accepts, checked as the user types (no Qt here).

A `Rule` says what a field of the document holds — a time, a rate, a whole number, a list of
numbers, or model text — and `check` tells whether a text fits it, in the words the validator
uses. Texts are evaluated with the engine's safe constant evaluator
(`engine.equations.evaluate_constant`) and array reader (`engine.project.literals.parse_array`),
never with Python's ``eval``. Text that is model text rather than a constant (``v > -40*mV``,
``j*0.1*ms``) is only parsed here: what its names mean depends on the network, and the
validator (`engine.project.validate`) reports it through the diagnostics.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import SupportsFloat

import numpy as np

from engine.equations import evaluate_constant
from engine.errors import ModelError, UnresolvedIdentifierError
from engine.parsing import parse_expression
from engine.project.diagnostics import message_of
from engine.project.document import Project
from engine.project.literals import parse_array
from engine.project.plan import is_constant
from engine.project.plotting import constant_values
from engine.units import (
    DIMENSIONLESS,
    Dimension,
    DimensionMismatchError,
    Hz,
    Quantity,
    get_dimensions,
    get_unit_for_display,
    have_same_dimensions,
    second,
)

__all__ = [
    "ANY",
    "ARRAY",
    "CODE",
    "COUNT",
    "DURATION",
    "INDICES",
    "NONNEGATIVE_COUNT",
    "OPTIONAL_TIME",
    "PROBABILITY",
    "RATE",
    "RATE_OR_EXPRESSION",
    "REFRACTORY",
    "RUN_DURATION",
    "RUN_TIME",
    "SPIKE_TIMES",
    "SYNAPSES_PER_PAIR",
    "TIME",
    "TIME_OR_EXPRESSION",
    "Rule",
    "check",
    "constant_values",
    "seconds",
]


@dataclass(frozen=True)
class Rule:
    """What a value field accepts.

    Attributes
    ----------
    what
        The kind of value in words (``"a time"``), for messages.
    example
        A valid value (``"10*ms"``), for messages and placeholders.
    dimension
        The dimension a constant value must have; None for any.
    optional
        Whether the field may be empty.
    expression
        Whether model text (names of the network, ``t``, ``rand()``) is allowed; it is then
        only parsed here.
    whole
        Whether a constant value must be a whole number.
    minimum, maximum
        Bounds of a constant value (in SI units); ``exclusive_minimum`` excludes the minimum.
    constants
        Whether the project's constants may be used (the run settings may not).
    array
        Whether the value is a list of numbers with an optional unit (``[1, 2]*ms``).
    free
        Whether anything goes (checked by the validator only): lists or generators of indices.
    """

    what: str
    example: str
    dimension: Dimension | None = DIMENSIONLESS
    optional: bool = False
    expression: bool = False
    whole: bool = False
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None
    constants: bool = True
    array: bool = False
    free: bool = False


_TIME = get_dimensions(second)
_RATE = get_dimensions(Hz)

TIME = Rule("a time", "10*ms", _TIME, minimum=0.0, exclusive_minimum=True)
OPTIONAL_TIME = Rule("a time", "10*ms", _TIME, optional=True, minimum=0.0, exclusive_minimum=True)
DURATION = Rule("a time", "10*ms", _TIME, optional=True, minimum=0.0)
RUN_TIME = Rule("a time", "0.1*ms", _TIME, minimum=0.0, exclusive_minimum=True, constants=False)
RUN_DURATION = Rule("a time", "100*ms", _TIME, minimum=0.0, constants=False)
TIME_OR_EXPRESSION = Rule("a time", "1.5*ms", _TIME, optional=True, expression=True, minimum=0.0)
REFRACTORY = Rule(
    "a duration or a condition", "5*ms", _TIME, optional=True, expression=True, minimum=0.0
)
RATE = Rule("a rate", "10*Hz", _RATE, minimum=0.0)
RATE_OR_EXPRESSION = Rule("a rate", "10*Hz", _RATE, expression=True, minimum=0.0)
COUNT = Rule("a whole number", "100", whole=True, minimum=1)
NONNEGATIVE_COUNT = Rule("a whole number", "100", whole=True, minimum=0)
PROBABILITY = Rule("a probability", "0.1", optional=True, expression=True, minimum=0.0, maximum=1.0)
SYNAPSES_PER_PAIR = Rule(
    "a whole number", "2", optional=True, expression=True, whole=True, minimum=0
)
ANY = Rule("a value", "0.5*mV", None, optional=True, expression=True)
INDICES = Rule("a list of indices", "[0, 2, 1]", DIMENSIONLESS, array=True)
SPIKE_TIMES = Rule("a list of times", "[1, 2, 3]*ms", _TIME, array=True)
ARRAY = Rule("a list of values", "[0, 1, 0.5]*nA", None, array=True)
CODE = Rule("model text", "", None, optional=True, free=True)


def seconds(text: str, constants: Mapping[str, object] | None = None) -> float | None:
    """Return the time ``text`` means in seconds, or None if it is empty or not a positive time.

    Parameters
    ----------
    text
        E.g. ``"200*ms"``, ``"2*tau"``.
    constants
        The values of names the text may use (see `app.model.quantity_rules.constant_values`).
    """
    if not text.strip():
        return None
    try:
        value = evaluate_constant(text, constants or {})
        if not have_same_dimensions(value, second) or not isinstance(value, SupportsFloat):
            return None
        result = float(value)
    except (ValueError, TypeError, DimensionMismatchError):  # the inspector reports it
        return None
    if not math.isfinite(result) or result <= 0:
        return None
    return result


def check(text: str, rule: Rule, project: Project | None = None) -> str | None:
    """Return why ``text`` does not fit ``rule``, or None if it does.

    Parameters
    ----------
    text
        The text typed.
    rule
        What the field accepts.
    project
        Whose constants the text may use (None: no constants).
    """
    stripped = text.strip()
    if not stripped:
        return None if rule.optional else f"Give {rule.what}, such as {rule.example}"
    if rule.free:
        return None
    names = [c.name for c in project.constants] if project is not None else []
    namespace = constant_values(project) if project is not None and rule.constants else {}
    try:
        if rule.array:
            return _check_array(text, rule, namespace)
        if rule.expression and not is_constant(text, names):
            parse_expression(text)  # names and units: the validator's job
            return None
        value = evaluate_constant(text, namespace)
    except UnresolvedIdentifierError as error:
        if not rule.constants and error.identifier in names:
            return (
                f"'{error.identifier}' is a constant: this setting cannot use constants, "
                "write the value"
            )
        return message_of(error)
    except (ModelError, DimensionMismatchError, ValueError, TypeError) as error:
        return message_of(error)
    return _check_value(value, stripped, rule)


def _check_array(text: str, rule: Rule, namespace: Mapping[str, object]) -> str | None:
    values = parse_array(text, namespace).quantity(namespace)
    unit_differs = rule.dimension is not None and get_dimensions(values) is not rule.dimension
    if np.size(values) and unit_differs:
        return f"Give {rule.what}, such as {rule.example}, not values with unit {_unit(values)}"
    return None


def _check_value(value: object, text: str, rule: Rule) -> str | None:
    if isinstance(value, (bool, np.bool_)):
        return f"Give {rule.what}, such as {rule.example}, not a condition"
    if np.ndim(np.asarray(value)) != 0:
        return f"Give a single value, such as {rule.example}"
    if rule.dimension is not None and get_dimensions(value) is not rule.dimension:
        if rule.dimension is DIMENSIONLESS:
            return f"Give {rule.what}, such as {rule.example}: '{text}' has unit {_unit(value)}"
        return (
            f"Give {rule.what}, such as {rule.example}: '{text}' has unit {_unit(value)}, "
            f"not {get_unit_for_display(rule.dimension)}"
        )
    number = float(np.asarray(value, dtype=float))
    if not math.isfinite(number):
        return f"Give a finite value, not {text}"
    if rule.whole and number != round(number):
        return f"Give {rule.what}, such as {rule.example}, not {text}"
    below = rule.minimum is not None and (
        number < rule.minimum or (rule.exclusive_minimum and number == rule.minimum)
    )
    if below:
        bound = "more than" if rule.exclusive_minimum else "at least"
        return f"The value must be {bound} {rule.minimum:g}, not {text}"
    if rule.maximum is not None and number > rule.maximum:
        return f"The value must be at most {rule.maximum:g}, not {text}"
    return None


def _unit(value: object) -> str:
    if isinstance(value, Quantity) or get_dimensions(value) is not DIMENSIONLESS:
        return get_unit_for_display(get_dimensions(value))
    return "1 (none)"
