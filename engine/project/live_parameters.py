"""A project's live parameters: what a slider may change, with its range and step.

A `LiveParameter` names a constant of the project — or a node field a run may change,
``node.field`` (a PoissonGroup's ``rates``: `engine.project.live.LIVE_FIELDS`) — and the
range a slider covers
(``minimum``, ``maximum``, ``step``: a number times one unit name, ``0.5*mV``, read like a
sweep's values — `engine.project.sweep.values` — never evaluated). The window's Live Parameters
panel shows one slider each: before a run it edits the constant's value; during a run it
changes the running simulation (`engine.project.runner.Simulation.set`). Examples hold theirs
(CUBA: ``we`` and ``wi``).

`slider` turns a live parameter into the numbers a slider needs, in the unit of its minimum;
`check_live_parameters` is the part of `engine.project.validate` that checks them, placing each
problem at ``live_parameters.<name>.<field>``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.project.constants import constant_values
from engine.project.diagnostics import Diagnostic, Severity
from engine.project.node_base import Strict
from engine.project.sweep.errors import SweepError
from engine.project.sweep.values import Value, parse_value
from engine.units import DimensionMismatchError, get_dimensions, get_unit_for_display

__all__ = [
    "MAX_POSITIONS",
    "LiveParameter",
    "LiveParameterError",
    "Slider",
    "check_live_parameters",
    "current_value",
    "slider",
]

#: The most positions a slider may have: (maximum - minimum) / step + 1. More is a step typed
#: in the wrong unit, and a slider cannot show them anyway.
MAX_POSITIONS = 100_000
#: The positions of a slider without a step.
DEFAULT_POSITIONS = 101

_Bound = Annotated[str, Field(min_length=1, max_length=200)]


#: A constant's name, or ``node.field``.
SliderName = Annotated[
    str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$", max_length=200)
]


class LiveParameter(Strict):
    """A constant (or node field) a slider changes, and the slider's range (see the module)."""

    name: SliderName
    minimum: _Bound
    maximum: _Bound
    #: Empty: a hundredth of the range.
    step: Annotated[str, Field(max_length=200)] = ""


class LiveParameterError(ValueError):
    """A live parameter that cannot be a slider.

    Attributes
    ----------
    field
        Its field at fault (``"name"``, ``"minimum"``, ``"maximum"``, ``"step"``).
    message
        What is wrong and what to do.
    reported_elsewhere
        Whether validation reports the cause at its own place (a constant or a field whose
        value cannot be computed): the slider adds nothing to it.
    """

    def __init__(self, field: str, message: str, reported_elsewhere: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.reported_elsewhere = reported_elsewhere


@dataclass(frozen=True)
class Slider:
    """A slider's numbers, in `unit` (the unit of the minimum; empty for plain numbers).

    Position ``k`` (from 0 to ``positions - 1``) is the value ``minimum + k * step``, the last
    one exactly ``maximum``.
    """

    name: str
    minimum: float
    maximum: float
    step: float
    unit: str

    @property
    def positions(self) -> int:
        """The number of positions (both ends included)."""
        return math.floor((self.maximum - self.minimum) / self.step + 1e-9) + 1

    def value(self, position: int) -> float:
        """Return the value at ``position`` (clipped to the range), rounded as typed values are."""
        position = min(max(position, 0), self.positions - 1)
        if position == self.positions - 1:
            return self.maximum
        return _rounded(self.minimum + position * self.step)

    def position(self, value: float) -> int:
        """Return the position nearest to ``value`` (a number in `unit`)."""
        if not math.isfinite(value):
            return 0
        k = round((value - self.minimum) / self.step)
        return min(max(k, 0), self.positions - 1)

    def text(self, value: float) -> str:
        """Return ``value`` as a constant's value text (``1.25*mV``)."""
        return Value(value, self.unit).text()


def slider(parameter: LiveParameter, project: Any) -> Slider:
    """Return the slider of ``parameter`` in ``project``.

    Raises
    ------
    LiveParameterError
        If the name is not a constant of the project (or its value cannot be computed), a
        bound or the step is not a number times a unit of the constant's dimension, the
        minimum is not below the maximum, or the step is not positive or makes more than
        `MAX_POSITIONS` positions.
    """
    current = current_value(parameter.name, project)
    dimension = get_dimensions(current)
    unit = get_unit_for_display(dimension)
    bounds: dict[str, Value] = {}
    for field in ("minimum", "maximum", "step"):
        text = getattr(parameter, field)
        if field == "step" and not text.strip():
            continue
        try:
            value = parse_value(text)
        except SweepError as error:
            raise LiveParameterError(field, error.message) from None
        if value.dimension != dimension:
            has = "no unit" if not value.unit else f"the unit {value.unit}"
            raise LiveParameterError(
                field,
                f"'{text.strip()}' has {has}; '{parameter.name}' is in {unit}"
                + (f" (e.g. 1*{unit})" if unit != "1" else " (a plain number)"),
            )
        bounds[field] = value
    scale = Value(1.0, bounds["minimum"].unit).si

    def in_unit(value: Value) -> float:  # 0.002 V in uvolt is 2000, not 2000.0000000000002
        return value.number if value.unit == bounds["minimum"].unit else _rounded(value.si / scale)

    low, high = bounds["minimum"].number, in_unit(bounds["maximum"])
    if not low < high:
        raise LiveParameterError("maximum", "the maximum must be above the minimum")
    step = in_unit(bounds["step"]) if "step" in bounds else (high - low) / (DEFAULT_POSITIONS - 1)
    if not step > 0:
        raise LiveParameterError("step", "the step must be positive")
    if (high - low) / step + 1 > MAX_POSITIONS:
        raise LiveParameterError(
            "step",
            f"the step makes more than {MAX_POSITIONS} positions between the minimum and the "
            "maximum: a larger step (or its unit?)",
        )
    return Slider(parameter.name, low, high, step, bounds["minimum"].unit)


def current_value(name: str, project: Any) -> object:
    """Return the value a slider of ``name`` starts from: the constant's, or the field's.

    Raises
    ------
    LiveParameterError
        At ``name``: not a constant nor a node field a run may change, or a value that cannot
        be computed.
    """
    values = constant_values(project)
    if "." in name:
        # Imported here: `engine.project.live` reads the build plan, which imports the document.
        from engine.project.live import LiveChangeError, field_target

        try:
            text = field_target(project, name).text
            return evaluate_constant(text, values)
        except LiveChangeError as error:
            raise LiveParameterError("name", error.message) from None
        except (ModelError, DimensionMismatchError, ValueError, TypeError, ArithmeticError):
            raise LiveParameterError(
                "name", f"the value of '{name}' cannot be computed: correct it first", True
            ) from None
    names = [c.name for c in project.constants]
    if name not in names:
        known = ", ".join(names) or "none"
        raise LiveParameterError("name", f"there is no constant '{name}' (constants: {known})")
    current = values.get(name)
    if current is None:
        raise LiveParameterError(
            "name", f"the value of '{name}' cannot be computed: correct it first", True
        )
    return current


def _rounded(number: float) -> float:
    """Return ``number`` to 12 significant digits: what arithmetic on typed decimals meant."""
    return float(f"{number:.12g}")


def check_live_parameters(project: Any) -> list[Diagnostic]:
    """Return the problems of the project's live parameters, in order.

    Errors: a slider that cannot be one (`slider`), a second slider of a constant. Warnings: a
    slider of a constant a run cannot change (the build uses it: `engine.project.live`).
    """
    # Imported here: `engine.project.live` reads the build plan, which imports the document.
    from engine.project.live import live_uses

    found: list[Diagnostic] = []
    seen: set[str] = set()
    parameters = list(getattr(project, "live_parameters", ()))
    uses = live_uses(project) if parameters else None
    for parameter in parameters:
        if parameter.name in seen:
            message = f"'{parameter.name}' has two sliders: remove one"
            found.append(_error(f"live_parameters.{parameter.name}.name", message))
            continue
        seen.add(parameter.name)
        try:
            slider(parameter, project)
        except LiveParameterError as error:
            if not error.reported_elsewhere:
                field = f"live_parameters.{parameter.name}.{error.field}"
                found.append(_error(field, error.message))
            continue
        refusal = None if uses is None or "." in parameter.name else uses.refusal(parameter.name)
        if refusal is not None:  # still a slider between runs: a warning, not an error
            message = f"{refusal.message} The slider changes it between runs only."
            found.append(_diagnostic(f"live_parameters.{parameter.name}.name", message, "warning"))
    return found


def _error(field: str, message: str) -> Diagnostic:
    return _diagnostic(field, message, "error")


def _diagnostic(field: str, message: str, severity: Severity) -> Diagnostic:
    return Diagnostic(None, field, None, None, None, message, severity)
