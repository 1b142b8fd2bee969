"""The points and trials of a sweep: parameter values as the texts written into the project.

Points are numbered from 0. With ``combination: grid`` they are the product of the
parameters' values, the first parameter varying slowest (as nested loops in the order the
parameters are listed); with ``zip``, point ``k`` takes the ``k``-th value of each parameter.
With ``samples: n``, point ``k`` is the ``k``-th draw of a generator seeded with the sweep's
seed (`numpy.random.default_rng`), each parameter in turn: uniformly within a linear range,
uniformly in the logarithm within a log range, a uniformly chosen whole number in the range of
a size, a uniformly chosen item of a list. So the first ``n`` points of ``samples: n + 1`` are
those of ``samples: n``.

A point runs ``repeats`` times; trial ``k`` of a sweep is repeat ``k % repeats`` of point
``k // repeats``. Its seed (written into the run settings, `engine.project.sweep.apply`) is
derived from a base seed — the sweep's ``seed``, or else the project's run seed — the point's
index and the repeat's, with NumPy's `~numpy.random.SeedSequence` (a fixed hash of the three
numbers, not a draw from a generator)::

    SeedSequence(base, spawn_key=(point, repeat)).generate_state(1, numpy.uint32)[0]

Deterministic, different for every trial in practice, and 32 bits like every project seed.
Without a base seed the trials have no seed: each run draws one (and records it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.project.constants import constant_values
from engine.project.sweep.definition import MAX_PARAMETERS, MAX_TRIALS, Parameter, Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.targets import Target, resolve
from engine.project.sweep.values import Range, Value, Values, parse_values
from engine.units import get_unit_for_display

__all__ = ["Point", "Trial", "expansion_problems", "points", "trial_seed", "trials"]


@dataclass(frozen=True)
class Point:
    """One combination of parameter values.

    Attributes
    ----------
    index
        Its number in the sweep (from 0).
    values
        (parameter name, value text) in the order of the sweep's parameters: the exact texts
        written into the project (``("we", "0.5*mV")``).
    """

    index: int
    values: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, str]:
        """Parameter name -> value text."""
        return dict(self.values)


@dataclass(frozen=True)
class Trial:
    """One run of a sweep: a point, a repeat of it and its seed (None: drawn by the run)."""

    index: int
    point: Point
    repeat: int
    seed: int | None


@dataclass(frozen=True)
class _Resolved:
    parameter: Parameter
    target: Target
    values: Values


def trial_seed(base: int, point: int, repeat: int) -> int:
    """Return the seed of repeat ``repeat`` of point ``point`` (see the module's docstring)."""
    sequence = np.random.SeedSequence(base, spawn_key=(point, repeat))
    return int(sequence.generate_state(1, np.uint32)[0])


def points(sweep: Sweep, project: Any) -> list[Point]:
    """Return the points of ``sweep`` in ``project``, in order.

    Raises
    ------
    SweepError
        If the sweep cannot be expanded (placed in the sweep: ``parameters[1].values``...).
    """
    resolved, problems = _resolve_all(sweep, project)
    problems += _count_problems(sweep, resolved)
    if problems:
        raise problems[0]
    ready = [r for r in resolved if r is not None]
    names = [r.parameter.name.strip() for r in ready]
    if sweep.samples is not None:
        assert sweep.seed is not None  # checked by _count_problems
        generator = np.random.default_rng(sweep.seed)
        return [
            Point(k, tuple(zip(names, (_draw(r, generator) for r in ready), strict=True)))
            for k in range(sweep.samples)
        ]
    columns = [_texts(r) for r in ready]
    rows: Iterable[tuple[str, ...]]
    if sweep.combination == "zip" and columns:
        rows = zip(*columns, strict=True)
    else:
        rows = itertools.product(*columns)  # of no columns: one empty row, one point
    return [Point(k, tuple(zip(names, row, strict=True))) for k, row in enumerate(rows)]


def trials(sweep: Sweep, project: Any) -> list[Trial]:
    """Return the trials of ``sweep``: each point ``repeats`` times, with its seed.

    Raises
    ------
    SweepError
        If the sweep cannot be expanded.
    """
    base = sweep.seed if sweep.seed is not None else project.run.seed
    return [
        Trial(
            point.index * sweep.repeats + repeat,
            point,
            repeat,
            None if base is None else trial_seed(base, point.index, repeat),
        )
        for point in points(sweep, project)
        for repeat in range(sweep.repeats)
    ]


def expansion_problems(sweep: Sweep, project: Any) -> list[SweepError]:
    """Return every reason why ``sweep`` cannot be expanded in ``project`` (none: it can)."""
    resolved, problems = _resolve_all(sweep, project)
    return problems + _count_problems(sweep, resolved)


# -- parameters ----------------------------------------------------------------------------------


def _resolve_all(sweep: Sweep, project: Any) -> tuple[list[_Resolved | None], list[SweepError]]:
    problems: list[SweepError] = []
    if len(sweep.parameters) > MAX_PARAMETERS:
        message = f"{len(sweep.parameters)} parameters: a sweep varies at most {MAX_PARAMETERS}"
        return [], [SweepError(message, "parameters")]
    constants = constant_values(project)
    resolved: list[_Resolved | None] = []
    seen: dict[str, int] = {}
    for k, parameter in enumerate(sweep.parameters):
        try:
            name = parameter.name.strip()
            if name in seen:
                raise SweepError(f"'{name}' is already varied by parameters[{seen[name]}]", "name")
            seen[name] = k
            resolved.append(_resolve(parameter, sweep, project, constants))
        except SweepError as error:
            resolved.append(None)
            problems.append(error.at(f"parameters[{k}]"))
    return resolved, problems


def _resolve(
    parameter: Parameter, sweep: Sweep, project: Any, constants: dict[str, object]
) -> _Resolved:
    try:
        target = resolve(parameter.name, project, constants)
    except SweepError as error:
        raise error.at("name") from None
    try:
        values = parse_values(parameter.values, sampled=sweep.samples is not None)
        _check_values(values, target)
        resolved = _Resolved(parameter, target, values)
        if isinstance(values, Range) and values.count is not None and target.rule.integer:
            _texts(resolved)  # whole numbers: checked here, where the error has its place
    except SweepError as error:
        raise error.at("values") from None
    return resolved


def _check_values(values: Values, target: Target) -> None:
    items = (values.start, values.stop) if isinstance(values, Range) else values
    rule = target.rule
    for value in items:
        if value.dimension != target.dimension:
            raise SweepError(
                f"{value.shown()} does not have the unit of '{target.owner}"
                f"{'.' if target.path else ''}{'.'.join(target.path)}' "
                f"({_unit_of(target)})"
            )
        if rule.integer and (value.unit or not float(value.number).is_integer()):
            raise SweepError(f"{value.shown()} is not a whole number (it is a size)")
        low = rule.minimum
        if low is not None and (value.si < low or (rule.positive and value.si <= low)):
            bound = "above" if rule.positive else "at least"
            raise SweepError(f"{value.shown()} is too small: the value must be {bound} {low:g}")
        if rule.maximum is not None and value.si > rule.maximum:
            raise SweepError(f"{value.shown()} is too large: the most is {rule.maximum:g}")


def _unit_of(target: Target) -> str:
    unit = get_unit_for_display(target.dimension)
    return "a plain number" if unit == "1" else f"in {unit}"


def _texts(resolved: _Resolved) -> list[str]:
    values, integer = resolved.values, resolved.target.rule.integer
    if not isinstance(values, Range):
        return [v.text(integer) for v in values]
    texts = []
    for number in values.numbers():
        if integer:
            whole = round(float(number))
            if abs(number - whole) > 1e-9 * max(1.0, abs(whole)):
                raise SweepError(
                    f"the range gives {float(number)!r}, not a whole number (it is a size): "
                    "choose a count that gives whole numbers"
                )
            number = whole
        texts.append(Value(float(number), values.start.unit).text(integer))
    return texts


def _draw(resolved: _Resolved, generator: np.random.Generator) -> str:
    values, integer = resolved.values, resolved.target.rule.integer
    if not isinstance(values, Range):
        return values[int(generator.integers(len(values)))].text(integer)
    low, high = values.start.number, values.stop_number
    if integer:
        low, high = sorted((int(low), int(high)))
        return str(int(generator.integers(low, high + 1)))
    if values.scale == "log":
        sign = math.copysign(1.0, low)
        number = sign * math.exp(generator.uniform(math.log(abs(low)), math.log(abs(high))))
    else:
        number = float(generator.uniform(low, high))
    return Value(number, values.start.unit).text()


# -- counts ----------------------------------------------------------------------------------------


def _count_problems(sweep: Sweep, resolved: list[_Resolved | None]) -> list[SweepError]:
    problems = []
    if sweep.repeats < 1:
        problems.append(SweepError(f"repeats must be at least 1, not {sweep.repeats}", "repeats"))
    if sweep.samples is not None:
        if sweep.samples < 1:
            problems.append(
                SweepError(f"samples must be at least 1, not {sweep.samples}", "samples")
            )
        if sweep.seed is None:
            problems.append(
                SweepError(
                    "random samples need a seed, so that the same points are drawn again", "seed"
                )
            )
        if sweep.combination == "zip":
            problems.append(
                SweepError(
                    "random samples draw every parameter: the combination is grid", "combination"
                )
            )
        count = sweep.samples
    else:
        lengths = [_length(r.values) for r in resolved if r is not None]
        if sweep.combination == "zip" and len(set(lengths)) > 1:
            shown = ", ".join(str(n) for n in lengths)
            problems.append(
                SweepError(
                    f"zipped parameters need as many values each, not {shown}", "combination"
                )
            )
            count = max(lengths)
        else:
            count = (max(lengths, default=1)) if sweep.combination == "zip" else math.prod(lengths)
    if problems:
        return problems
    total = count * sweep.repeats
    if total > MAX_TRIALS:
        problems.append(
            SweepError(
                f"the sweep has {total} trials ({count} points x {sweep.repeats} repeats): the "
                f"most is {MAX_TRIALS}",
                "",
            )
        )
    return problems


def _length(values: Values) -> int:
    if isinstance(values, Range):
        return values.count or 0
    return len(values)
