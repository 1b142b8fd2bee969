"""Every unit Brian 2 defines: base, derived, prefixed, squared and cubed ones (2000+ names).

``from engine.units.allunits import *`` imports all of them, from ``Ylumen3`` (cubed yotta
lumen) to ``ymol``; `engine.units` itself exports only the base and derived units with the
common prefixes, plus the short names of `engine.units.stdunits`.

The names follow Brian 2: every base and derived unit (except ``kilogram``, ``kilogramme``
and ``kelvin``) with each SI prefix (``msiemens``, ``cmetre``, ``dasecond``), and each of
these squared and cubed (``umetre2``, ``usiemens3``); litres with prefixes only. ``celsius``
exists only to explain that it is not supported.
"""

from __future__ import annotations

from typing import Any, NoReturn

from engine.units.definitions import BASE_UNITS, VOLUME_UNITS, resolve
from engine.units.unit import (
    Unit,
    additional_unit_register,
    registration_disabled,
    standard_unit_register,
)

# Prefixed names in Brian 2's order (the order of its generated module).
_PREFIXES: tuple[str, ...] = ("a", "c", "Z", "P", "d", "G", "f", "h", "da", "m", "n", "p", "u", "T")
_PREFIXES += ("y", "E", "z", "M", "k", "Y")
# The prefixed units that are candidates for display (not c, d, da, h), in the order Brian 2
# registers them: among units of equal merit, the first registered is chosen.
_DISPLAY_PREFIXES: tuple[str, ...] = (
    "Y",
    "k",
    "M",
    "z",
    "E",
    "y",
    "T",
    "u",
    "p",
    "n",
    "m",
    "f",
    "G",
    "P",
    "Z",
)
_DISPLAY_PREFIXES += ("a",)
_VOLUME_PREFIXES: tuple[str, ...] = (
    "a",
    "",
    "c",
    "Z",
    "P",
    "d",
    "G",
    "f",
    "h",
    "da",
    "m",
    "n",
    "p",
    "u",
    "T",
)
_VOLUME_PREFIXES += ("y", "E", "z", "M", "k", "Y")

#: Every unit by name.
UNITS: dict[str, Unit] = {}


def _build() -> list[Unit]:
    """Create all units into `UNITS`, register the standard ones; return the additional ones."""
    base: dict[str, Unit] = {}
    for definition in BASE_UNITS:
        scale, dim = resolve(definition)
        base[definition.name] = Unit.create(dim, definition.name, definition.dispname, scale=scale)
    UNITS.update(base)
    scaled = {
        prefix + definition.name: Unit.create_scaled_unit(base[definition.name], prefix)
        for definition in BASE_UNITS
        if definition.prefixable
        for prefix in _PREFIXES
    }
    UNITS.update(scaled)
    for unit in [*base.values(), *scaled.values()]:
        for power in (2, 3):
            name = f"{unit.name}{power}"
            UNITS[name] = Unit.create(
                unit.dim**power, name, f"{unit.dispname}^{power}", scale=unit.scale * power
            )

    volumes = []
    for definition in VOLUME_UNITS:
        scale, dim = resolve(definition)
        volume = Unit.create(dim, definition.name, definition.dispname, scale=scale)
        for prefix in _VOLUME_PREFIXES:
            unit = Unit.create_scaled_unit(volume, prefix)
            if not prefix:
                # Brian 2 derives the litres after "alitre" from this one: LaTeX names match.
                volume = unit
            UNITS[unit.name] = unit
            volumes.append(unit)

    # The registration order decides between units of equal value (the last one wins) and
    # between units of equal merit for display (the first one wins); it is Brian 2's.
    registration_order = [definition.name for definition in reversed(BASE_UNITS)]
    prefixable = [d.name for d in reversed(BASE_UNITS) if d.prefixable]
    powered = [
        f"{prefix}{name}{power}"
        for name in prefixable
        for prefix in _DISPLAY_PREFIXES
        for power in (3, 2)
    ]
    powered += [f"{name}{power}" for name in registration_order for power in (3, 2)]
    scaled_names = [prefix + name for name in prefixable for prefix in _DISPLAY_PREFIXES]
    for name in [*powered, *scaled_names, *registration_order]:
        standard_unit_register.add(UNITS[name])

    u = UNITS
    compound = [
        u["pascal"] * u["second"],
        u["newton"] * u["metre"],
        u["watt"] / u["metre"] ** 2,
        u["joule"] / u["kelvin"],
        u["joule"] / (u["kilogram"] * u["kelvin"]),
        u["joule"] / u["kilogram"],
        u["watt"] / (u["metre"] * u["kelvin"]),
        u["joule"] / u["metre"] ** 3,
        u["volt"] / u["metre"] ** 3,
        u["coulomb"] / u["metre"] ** 3,
        u["coulomb"] / u["metre"] ** 2,
        u["farad"] / u["metre"],
        u["henry"] / u["metre"],
        u["joule"] / u["mole"],
        u["joule"] / (u["mole"] * u["kelvin"]),
        u["coulomb"] / u["kilogram"],
        u["gray"] / u["second"],
        u["katal"] / u["metre"] ** 3,
    ]
    return [*compound, *volumes]


with registration_disabled():
    #: Compound units (``newton * metre``...) and litres: used for display only when no
    #: standard or user-registered unit fits.
    additional_units: list[Unit] = _build()
for _unit in additional_units:
    additional_unit_register.add(_unit)


class _Celsius:
    """Stands for the removed ``celsius`` unit: any use raises an explanation."""

    error_text = (
        "The unit 'celsius' is no longer supported to avoid ambiguities when mixed with "
        "absolute temperatures defined in Kelvin. Directly use 'kelvin' when you are only "
        "interested in temperature differences, and add the 'zero_celsius' constant from the "
        "engine.units.constants module if you want to convert a temperature from Celsius to "
        "Kelvin."
    )

    def _fail(self, *args: Any) -> NoReturn:
        raise TypeError(_Celsius.error_text)

    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = __pow__ = __eq__ = __ne__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = _fail
    __hash__ = None  # type: ignore[assignment]  # refuses comparisons: unhashable


#: Not a unit: temperatures are in kelvin only (see ``engine.units.constants.zero_celsius``).
celsius = _Celsius()

globals().update(UNITS)
__all__ = [*UNITS, "celsius"]
