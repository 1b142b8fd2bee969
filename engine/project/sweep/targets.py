"""What a swept parameter sets: a constant, a node field or a run setting, and its unit.

Only values the user types as numbers or quantities may be swept — sizes, rates, weights,
time steps, delays, connection probabilities, constants — never model text (equations,
thresholds, resets, conditions): a sweep writes a generated value into the field, and model
text is not a value. `SWEEPABLE` lists the fields of each node kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.core.sizes import MAX_COUNT, MAX_ELEMENTS
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.project.constants import constant_values
from engine.project.sweep.errors import SweepError
from engine.units import DEFAULT_UNITS, get_dimensions
from engine.units.dimensions import Dimension

__all__ = ["RUN_FIELDS", "SWEEPABLE", "FieldRule", "Target", "resolve"]


@dataclass(frozen=True)
class FieldRule:
    """What a sweepable field holds.

    Attributes
    ----------
    integer
        A whole number (a size): the values must be whole, written without a unit.
    unit
        The unit the field's values have (``second``, ``Hz``; ``""`` for a plain number), or
        None for that of the field's current value (a weight, a constant).
    minimum
        The smallest value allowed (in SI units), or None.
    positive
        Whether the value must be above ``minimum`` (not equal to it).
    maximum
        The largest value allowed (in SI units), or None.
    """

    integer: bool = False
    unit: str | None = None
    minimum: float | None = None
    positive: bool = False
    maximum: float | None = None


_SIZE = FieldRule(integer=True, minimum=1, maximum=MAX_ELEMENTS)
_TIME = FieldRule(unit="second", minimum=0.0, positive=True)
_RATE = FieldRule(unit="Hz", minimum=0.0)

#: Node kind -> the fields of it that may be swept (``connect.p`` is a field of a field).
SWEEPABLE: dict[str, dict[str, FieldRule]] = {
    "NeuronGroup": {"N": _SIZE, "dt": _TIME},
    "PoissonGroup": {"N": _SIZE, "rates": _RATE},
    "SpikeGeneratorGroup": {"period": _TIME},
    "PoissonInput": {"N": _SIZE, "rate": _RATE, "weight": FieldRule()},
    "Synapses": {
        "delay": FieldRule(unit="second", minimum=0.0),
        "connect.p": FieldRule(unit="", minimum=0.0, maximum=1.0),
        "connect.n": FieldRule(integer=True, minimum=1, maximum=MAX_COUNT),
    },
    "StateMonitor": {"dt": _TIME},
}
#: The run settings that may be swept (``run.dt``).
RUN_FIELDS: dict[str, FieldRule] = {"dt": _TIME, "duration": _TIME}
_CONSTANT = FieldRule()


@dataclass(frozen=True)
class Target:
    """Where a parameter's values go.

    Attributes
    ----------
    place
        ``"constant"``, ``"run"`` or ``"node"``.
    owner
        The constant's or node's name (``"run"`` for the run settings).
    path
        The field inside the node or run settings (``("connect", "p")``); empty for a constant.
    rule
        What the field holds.
    dimension
        The dimension every value must have.
    """

    place: str
    owner: str
    path: tuple[str, ...]
    rule: FieldRule
    dimension: Dimension


def resolve(name: str, project: Any, constants: dict[str, object] | None = None) -> Target:
    """Return where the parameter ``name`` of a sweep goes in ``project``.

    Raises
    ------
    SweepError
        If ``name`` names nothing, or a field that cannot be swept.
    """
    owner, _, rest = name.strip().partition(".")
    if not rest:
        matches = [c for c in project.constants if c.name == owner]
        if not matches:
            nodes = [n.name for n in project.nodes if n.name == owner]
            also = (
                f" (to sweep a field of the node '{owner}', write {owner}.FIELD)" if nodes else ""
            )
            raise SweepError(f"there is no constant '{_short(name)}'{also}")
        if constants is None:
            constants = constant_values(project)
        dimension = _current_dimension(matches[0].value, constants, name)
        return Target("constant", owner, (), _CONSTANT, dimension)
    path = tuple(rest.split("."))
    if owner == "run":
        rule = RUN_FIELDS.get(rest)
        if rule is None:
            settings = ", ".join(f"run.{f}" for f in RUN_FIELDS)
            raise SweepError(
                f"'{_short(name)}' cannot be swept; the run settings that can: {settings}"
            )
        return Target("run", "run", path, rule, _unit_dimension(rule.unit or ""))
    nodes = [n for n in project.nodes if n.name == owner]
    if not nodes:
        raise SweepError(f"there is no node '{_short(owner)}' (in '{_short(name)}')")
    node = nodes[0]
    fields = SWEEPABLE.get(node.kind, {})
    rule = fields.get(rest)
    if rule is None:
        if fields:
            which = ", ".join(f"{owner}.{f}" for f in fields)
            hint = f"the fields of {owner} that can: {which}"
        else:
            hint = f"a {node.kind} has no field that can be swept"
        raise SweepError(
            f"'{_short(name)}' cannot be swept ({hint}); to vary model text, use a "
            "constant in it and sweep the constant"
        )
    if rule.unit is not None:
        return Target("node", owner, path, rule, _unit_dimension(rule.unit))
    if constants is None:
        constants = constant_values(project)
    dimension = _current_dimension(_get(node, path), constants, name)
    return Target("node", owner, path, rule, dimension)


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        obj = getattr(obj, part)
    return obj


def _unit_dimension(unit: str) -> Dimension:
    return get_dimensions(DEFAULT_UNITS[unit]) if unit else get_dimensions(1.0)


def _current_dimension(text: str, constants: dict[str, object], name: str) -> Dimension:
    try:
        value = evaluate_constant(text, constants)
    except (ModelError, ValueError, TypeError, ArithmeticError):
        raise SweepError(
            f"the current value of '{_short(name)}' cannot be evaluated, so the unit of the "
            "swept values cannot be checked: correct it first"
        ) from None
    return get_dimensions(value)


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:40]}...{text[-12:]}"
