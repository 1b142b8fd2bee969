"""The values of a swept parameter, read from text: lists, linear and logarithmic ranges.

Forms (spaces around separators are free):

=============================  ================================================================
``1*mV, 2*mV, 5*mV``            a list (in a file also ``["1*mV", "2*mV", "5*mV"]``)
``0.5*mV:2*mV:4``               ``count`` values evenly spaced from ``start`` to ``stop``, both
                                included: 0.5, 1, 1.5, 2 mV
``log:1*Hz:100*Hz:5``           ``count`` values evenly spaced on a log scale, both ends
                                included: 1, 3.16..., 10, 31.6..., 100 Hz
``lin:0.5*mV:2*mV:4``           the same as without ``lin:``
``0.5*mV:2*mV``                 (random sampling only) the interval values are drawn from
=============================  ================================================================

The log form is a prefix so that it stays one word on a command line
(``--vary rate=log:1*Hz:100*Hz:5``). A value is a number, optionally times one unit name
(``0.5*mV``, ``100``, ``2e-3*second``): it is read by a regular expression and a look-up in the
engine's units, never evaluated, and the texts written into a project are generated from the
number (``repr(float)``) and the unit's name (see `Value.text`) — the project file stays data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine.project.sweep.definition import MAX_TRIALS
from engine.project.sweep.errors import SweepError
from engine.units import DEFAULT_UNITS, Unit, get_dimensions
from engine.units.dimensions import Dimension

__all__ = ["Range", "Value", "Values", "parse_value", "parse_values"]

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_VALUE = re.compile(rf"\s*({_NUMBER})\s*(?:\*\s*([A-Za-z_][A-Za-z0-9_]*))?\s*")
_COUNT = re.compile(r"\s*(\d{1,12})\s*")
#: Longer texts are refused before they are read (a list of a few thousand values at most).
_MAX_TEXT = 100_000


@dataclass(frozen=True)
class Value:
    """A number in a unit: ``number * unit`` (``unit`` empty for a plain number)."""

    number: float
    unit: str = ""

    @property
    def dimension(self) -> Dimension:
        """The physical dimension (that of the unit)."""
        return get_dimensions(DEFAULT_UNITS[self.unit]) if self.unit else get_dimensions(1.0)

    @property
    def si(self) -> float:
        """The value in SI base units (to compare values written in different units)."""
        return self.number * float(DEFAULT_UNITS[self.unit]) if self.unit else self.number

    def text(self, integer: bool = False) -> str:
        """Return the text written into a project: ``repr`` of the number, times the unit."""
        if integer:
            return str(int(self.number))
        number = repr(float(self.number))
        return f"{number}*{self.unit}" if self.unit else number

    def shown(self) -> str:
        """Return the value as a message shows it."""
        return self.text()


@dataclass(frozen=True)
class Range:
    """``count`` values from ``start`` to ``stop`` (both included), linear or logarithmic.

    ``count`` is None for the interval of random sampling (``start:stop``). The values are in
    the unit of ``start``.
    """

    start: Value
    stop: Value
    count: int | None
    scale: Literal["linear", "log"] = "linear"

    def numbers(self) -> np.ndarray:
        """Return the values as numbers in the unit of ``start`` (ends exactly as written)."""
        if self.count is None:
            raise SweepError("a range without a count (start:stop) is only for random samples")
        start, stop = self.start.number, self.stop_number
        if self.scale == "log":
            values = np.geomspace(start, stop, self.count)
        else:
            values = np.linspace(start, stop, self.count)
        values[0], values[-1] = start, stop  # exactly the ends written
        return values

    @property
    def stop_number(self) -> float:
        """``stop`` in the unit of ``start``."""
        if self.stop.unit == self.start.unit:
            return self.stop.number
        return self.stop.si / Value(1.0, self.start.unit).si


#: What a parameter's values are: a list, or a range.
Values = tuple[Value, ...] | Range


def parse_value(text: str) -> Value:
    """Read one value: a number, optionally times one unit name (``0.5*mV``).

    Raises
    ------
    SweepError
        If it is not such a value, not finite, or the unit is unknown.
    """
    match = _VALUE.fullmatch(text)
    if match is None:
        raise SweepError(
            f"{_quoted(text)} is not a value: write a number, optionally times a unit "
            "(e.g. 0.5*mV, 100, 20*Hz)"
        )
    number = float(match.group(1))
    if not math.isfinite(number):
        raise SweepError(f"{_quoted(text)} is too large: a value must be a finite number")
    unit = match.group(2) or ""
    if unit and not isinstance(DEFAULT_UNITS.get(unit), Unit):
        raise SweepError(f"'{unit}' in {_quoted(text)} is not a unit (such as mV, ms, Hz, nS)")
    if unit and not math.isfinite(number * float(DEFAULT_UNITS[unit])):
        raise SweepError(f"{_quoted(text)} is too large: a value must be a finite number")
    return Value(number, unit)


def parse_values(values: str | list[str], sampled: bool = False) -> Values:
    """Read a parameter's values: a list or a range (see the module's docstring).

    Parameters
    ----------
    values
        The text (or, from a file, a list of texts, one value each).
    sampled
        Whether the sweep draws random samples: ranges are then ``start:stop`` (no count).

    Raises
    ------
    SweepError
        If the values cannot be read, with what is wrong.
    """
    if isinstance(values, list):
        if len(values) > MAX_TRIALS:
            raise SweepError(f"{len(values)} values: a sweep has at most {MAX_TRIALS} trials")
        items = values
    else:
        if len(values) > _MAX_TEXT:
            raise SweepError(f"the values are {len(values)} characters long: too long")
        if ":" in values:
            return _range(values, sampled)
        items = values.split(",")
    if len(items) > MAX_TRIALS:
        raise SweepError(f"{len(items)} values: a sweep has at most {MAX_TRIALS} trials")
    if not items or (len(items) == 1 and not items[0].strip()):
        raise SweepError("there are no values: write a list (1*mV, 2*mV) or a range (start:stop:n)")
    parsed = []
    for position, item in enumerate(items):
        try:
            parsed.append(parse_value(item))
        except SweepError as error:
            where = f"value {position + 1}: " if len(items) > 1 else ""
            raise SweepError(where + error.message) from None
    _same_dimensions(parsed)
    return tuple(parsed)


def _range(text: str, sampled: bool) -> Range:
    parts = text.split(":")
    scale: Literal["linear", "log"] = "linear"
    if parts[0].strip() in ("log", "lin"):
        scale = "log" if parts.pop(0).strip() == "log" else "linear"
    form = "log:start:stop:count" if scale == "log" else "start:stop:count"
    if sampled:
        if len(parts) != 2:
            raise SweepError(
                f"{_quoted(text)}: with random samples a range is start:stop (the number of "
                "values is the sweep's samples)"
            )
        count = None
    else:
        if len(parts) != 3:
            raise SweepError(f"{_quoted(text)} is not a range: write {form} (e.g. 0.5*mV:2*mV:4)")
        match = _COUNT.fullmatch(parts[2])
        if match is None:
            raise SweepError(
                f"the count of {_quoted(text)} is not a whole number: write {form}, where count "
                "is the number of values (both ends included)"
            )
        count = int(match.group(1))
        if count < 2:
            raise SweepError(
                f"{_quoted(text)} has {count} value(s): a range needs at least 2 (write a single "
                "value without ':')"
            )
        if count > MAX_TRIALS:
            raise SweepError(
                f"{_quoted(text)} has {count} values: a sweep has at most {MAX_TRIALS} trials"
            )
    start, stop = (parse_value(part) for part in parts[:2])
    _same_dimensions([start, stop])
    if scale == "log" and not (start.si * stop.si > 0):
        raise SweepError(
            f"{_quoted(text)}: a log range needs two ends of the same sign, neither zero"
        )
    return Range(start, stop, count, scale)


def _same_dimensions(values: list[Value]) -> None:
    first = values[0]
    for value in values[1:]:
        if value.dimension != first.dimension:
            raise SweepError(
                f"{value.shown()} and {first.shown()} have different units: all the values of "
                "a parameter have the same"
            )


def _quoted(text: str) -> str:
    text = text.strip()
    return f"'{text}'" if len(text) <= 60 else f"'{text[:40]}...{text[-12:]}'"
