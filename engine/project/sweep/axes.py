"""Where a sweep's points go on a plot: each parameter's values as numbers.

A point's values are the texts written into the project (``"0.5*mV"``, ``"20"``); they are
read back with the engine's reader (`engine.project.sweep.values.parse_value`), never
evaluated. A parameter whose values share one unit is plotted in that unit (``we [mV]``);
values written in different units of one dimension are plotted in SI base units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.project.sweep.errors import SweepError
from engine.project.sweep.points import Point
from engine.project.sweep.values import Value, parse_value
from engine.units import get_unit_for_display

__all__ = ["Axis", "axis_of"]


@dataclass(frozen=True)
class Axis:
    """One parameter as an axis of a plot.

    Attributes
    ----------
    name
        The parameter's name.
    texts
        Its distinct values (texts), in the order the points first take them.
    numbers
        Each of `texts` as a number in `unit` (NaN when it cannot be read).
    unit
        The unit of `numbers` (empty for plain numbers).
    """

    name: str
    texts: tuple[str, ...]
    numbers: tuple[float, ...]
    unit: str

    @property
    def label(self) -> str:
        """The axis's label: ``we [mV]``, or the name alone for plain numbers."""
        return f"{self.name} [{self.unit}]" if self.unit else self.name

    def number(self, text: str) -> float:
        """Return the number of the value ``text`` (one of `texts`)."""
        return self.numbers[self.texts.index(text)]

    def index(self, text: str) -> int:
        """Return the position of the value ``text`` among `texts`."""
        return self.texts.index(text)


def axis_of(name: str, points: Sequence[Point]) -> Axis:
    """Return the axis of the parameter ``name`` over ``points``."""
    texts = tuple(dict.fromkeys(p.as_dict()[name] for p in points if name in p.as_dict()))
    values: list[Value | None] = []
    for text in texts:
        try:
            values.append(parse_value(text))
        except SweepError:  # not written by a sweep: still shown, at no position
            values.append(None)
    read = [v for v in values if v is not None]
    units = {v.unit for v in read}
    if len(units) <= 1:
        unit = units.pop() if units else ""
        numbers = tuple(v.number if v is not None else float("nan") for v in values)
        return Axis(name, texts, numbers, unit)
    shown = get_unit_for_display(read[0].dimension)
    numbers = tuple(v.si if v is not None else float("nan") for v in values)
    return Axis(name, texts, numbers, "" if shown == "1" else shown)
