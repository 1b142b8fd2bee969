"""Unit names available in model equations and expressions, for the parsers.

* `DEFAULT_UNITS`: every unit name an expression may use (``mV``, ``siemens``, ``umetre2``,
  ``mliter``...), as in Brian 2.
* `base_units_for_declarations`: the names allowed in a variable's unit declaration
  (``dv/dt = ... : volt``), which must be of scale 1 (``volt``, not ``mV``: values are stored in
  SI units), and `describe_base_units_for_declarations` to list them in an error message.
* For a declaration's canonical display name (``V``, ``S/(m^2)``, ``1``), use
  `engine.units.get_unit_for_display`; a unit's `Unit.scale` is 0 exactly when it has scale 1.
"""

from __future__ import annotations

import functools

from engine.units.allunits import additional_units
from engine.units.stdunits import stdunits
from engine.units.unit import Unit, standard_unit_register

__all__ = [
    "DEFAULT_UNITS",
    "base_units_for_declarations",
    "describe_base_units_for_declarations",
]


def _default_units() -> dict[str, Unit]:
    namespace = dict(standard_unit_register.units)
    namespace.update(stdunits)
    # Simple additional units (mliter...), not compound ones like "newton * metre".
    namespace.update({repr(unit): unit for unit in additional_units if not unit.iscompound})
    return namespace


#: Every unit name usable in model equations and expressions: the registered standard units
#: (base, derived, prefixed, squared, cubed), the short names (``mV``, ``ms``...) and the
#: litres. (Brian 2 misses ``mS``; it is included here.)
DEFAULT_UNITS: dict[str, Unit] = _default_units()


@functools.cache
def _alternatives() -> list[tuple[str, ...]]:
    names_for_dimensions: dict[object, list[str]] = {}
    for name, unit in reversed(DEFAULT_UNITS.items()):
        if float(unit) != 1.0 or repr(unit)[-1] in "23":
            continue
        names = names_for_dimensions.get(unit.dim)
        if names is None:
            # The first name met for these dimensions is the unit's own name.
            names = names_for_dimensions[unit.dim] = [repr(unit)]
        if name not in names:
            names.append(name)
    return sorted(tuple(names) for names in names_for_dimensions.values())


def base_units_for_declarations() -> dict[str, Unit]:
    """Return the unit names allowed in unit declarations, with their units.

    These are the units of scale 1 (``volt``, ``siemens``, ``metre``, ``mmolar``,
    ``kilogram``...), not squared or cubed ones (``metre ** 2`` is written out).

    Returns
    -------
    dict
        Name to unit; a new dictionary the caller may use as an evaluation namespace.
    """
    return {name: DEFAULT_UNITS[name] for names in _alternatives() for name in names}


def describe_base_units_for_declarations() -> str:
    """Return the list of allowed declaration units, as Brian 2 words it in its errors.

    Returns
    -------
    str
        For example ``"amp (ampere), becquerel (hertz), ..."``: each set of units with the
        same dimensions, the preferred name first.
    """
    return ", ".join(
        names[0] + (f" ({', '.join(names[1:])})" if len(names) > 1 else "")
        for names in _alternatives()
    )
