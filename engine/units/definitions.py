"""Which units exist, named as in Brian 2, with scales and dimensions read from pint.

This module says which unit names exist and how they are displayed (Brian's choices: ``amp``
and ``ampere``, ``metre`` and ``meter``, ``ohm`` shown as ``ohm``...). What each unit *is* —
its value in SI base units and its dimensions — comes from pint's unit registry, so no
conversion factor is typed in here.

Importing pint and creating its registry take about 0.6 s (0.3 s with pint's own cache), more
than the rest of the package. The few numbers needed here are therefore kept in a small file
in the user's cache folder (``platformdirs.user_cache_dir("spikecanvas")/units-*.json``),
read again from pint whenever pint or the definitions below change: after the first run,
importing the units does not import pint at all. `pint_registry` gives pint's registry.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from engine.units.dimensions import Dimension

if TYPE_CHECKING:
    import pint

__all__ = [
    "BASE_UNITS",
    "PREFIXES",
    "VOLUME_UNITS",
    "UnitDefinition",
    "pint_registry",
    "resolve",
]


@dataclass(frozen=True)
class UnitDefinition:
    """A named unit of scale "1" (not prefixed) as Brian 2 defines it.

    Attributes
    ----------
    name : str
        The name in Python code (``volt``).
    pint_name : str
        The unit in pint's registry that gives its value and dimensions.
    dispname : str
        The name for display (``V``).
    prefixable : bool
        Whether prefixed versions exist (``mvolt``); not for ``kilogram`` and ``kelvin``.
    """

    name: str
    pint_name: str
    dispname: str
    prefixable: bool = True


#: Brian 2's base and derived units, in its order of definition (which decides, among
#: units of equal value, the one used for display: the last registered wins).
BASE_UNITS: tuple[UnitDefinition, ...] = (
    UnitDefinition("metre", "meter", "m"),
    UnitDefinition("meter", "meter", "m"),
    UnitDefinition("kilogram", "kilogram", "kg", prefixable=False),
    UnitDefinition("second", "second", "s"),
    UnitDefinition("amp", "ampere", "A"),
    UnitDefinition("ampere", "ampere", "A"),
    UnitDefinition("kelvin", "kelvin", "K", prefixable=False),
    UnitDefinition("mole", "mole", "mol"),
    UnitDefinition("mol", "mole", "mol"),
    UnitDefinition("candle", "candela", "cd"),
    UnitDefinition("kilogramme", "kilogram", "kg", prefixable=False),
    UnitDefinition("gram", "gram", "g"),
    UnitDefinition("gramme", "gram", "g"),
    UnitDefinition("molar", "molar", "M"),
    UnitDefinition("radian", "radian", "rad"),
    UnitDefinition("steradian", "steradian", "sr"),
    UnitDefinition("hertz", "hertz", "Hz"),
    UnitDefinition("newton", "newton", "N"),
    UnitDefinition("pascal", "pascal", "Pa"),
    UnitDefinition("joule", "joule", "J"),
    UnitDefinition("watt", "watt", "W"),
    UnitDefinition("coulomb", "coulomb", "C"),
    UnitDefinition("volt", "volt", "V"),
    UnitDefinition("farad", "farad", "F"),
    UnitDefinition("ohm", "ohm", "ohm"),
    UnitDefinition("siemens", "siemens", "S"),
    UnitDefinition("weber", "weber", "Wb"),
    UnitDefinition("tesla", "tesla", "T"),
    UnitDefinition("henry", "henry", "H"),
    UnitDefinition("lumen", "lumen", "lm"),
    UnitDefinition("lux", "lux", "lx"),
    UnitDefinition("becquerel", "becquerel", "Bq"),
    UnitDefinition("gray", "gray", "Gy"),
    UnitDefinition("sievert", "sievert", "Sv"),
    UnitDefinition("katal", "katal", "kat"),
)

#: Litres: prefixed versions exist, squared and cubed ones do not, and they are never the
#: preferred unit for display (``1*liter`` shows as ``0.001 m^3``).
VOLUME_UNITS: tuple[UnitDefinition, ...] = (
    UnitDefinition("liter", "liter", "l"),
    UnitDefinition("litre", "liter", "l"),
)

# Brian's prefix symbols (``u`` for micro) and pint's names for them.
_PINT_PREFIXES = {
    "y": "yocto",
    "z": "zepto",
    "a": "atto",
    "f": "femto",
    "p": "pico",
    "n": "nano",
    "u": "micro",
    "m": "milli",
    "c": "centi",
    "d": "deci",
    "": "",
    "da": "deca",
    "h": "hecto",
    "k": "kilo",
    "M": "mega",
    "G": "giga",
    "T": "tera",
    "P": "peta",
    "E": "exa",
    "Z": "zetta",
    "Y": "yotta",
}


def _cache_folder() -> Path:
    try:
        import platformdirs  # installed with pint
    except ImportError:  # pragma: no cover
        return Path.home() / ".cache" / "spikecanvas"
    return Path(platformdirs.user_cache_dir("spikecanvas"))


@functools.cache
def pint_registry() -> pint.UnitRegistry:
    """Return pint's unit registry, from pint's on-disk cache when possible.

    Returns
    -------
    pint.UnitRegistry
        The registry (shared; do not modify it).
    """
    import pint

    try:
        return pint.UnitRegistry(cache_folder=_cache_folder() / "pint")
    except Exception:  # an unwritable or corrupt cache must not stop the engine
        return pint.UnitRegistry()


def _power_of_ten(factor: float, what: str) -> int:
    scale = round(math.log10(factor))
    if not math.isclose(factor, 10.0**scale, rel_tol=1e-9):
        raise RuntimeError(f"pint defines {what} as {factor} SI units, not a power of ten")
    return scale


def _read_from_pint() -> dict[str, Any]:
    """Look up, in pint's registry, the scale and dimensions of every unit and prefix."""
    registry = pint_registry()
    units = {}
    for definition in (*BASE_UNITS, *VOLUME_UNITS):
        factor, _ = registry.get_base_units(definition.pint_name)
        # pint types factors and exponents as any number (complex too); SI's are real.
        dimensionality = cast(
            "Mapping[str, float]", registry.get_dimensionality(definition.pint_name)
        )
        dimension = Dimension.from_dimensionality(dimensionality)
        units[definition.name] = [
            _power_of_ten(float(cast("float", factor)), definition.pint_name),
            list(dimension.exponents),
        ]
    prefixes = {
        symbol: _power_of_ten(
            float(cast("float", registry.get_base_units(f"{name}meter")[0])), name
        )
        for symbol, name in _PINT_PREFIXES.items()
    }
    return {"units": units, "prefixes": prefixes}


def _pint_fingerprint() -> str:
    """Identify the installed pint (and its definitions file) without importing it."""
    spec = importlib.util.find_spec("pint")
    if spec is None or not spec.submodule_search_locations:
        return "pint not found"
    folder = Path(next(iter(spec.submodule_search_locations)))
    stats = [(folder / name).stat() for name in ("__init__.py", "default_en.txt")]
    return f"{folder}:" + ",".join(f"{s.st_size}@{s.st_mtime_ns}" for s in stats)


@functools.cache
def _table() -> dict[str, Any]:
    """Return what pint says about our units, from the cache file if still valid."""
    key = repr((_pint_fingerprint(), BASE_UNITS, VOLUME_UNITS, _PINT_PREFIXES))
    # One file per key: environments with different pints do not overwrite each other's.
    path = _cache_folder() / f"units-{zlib.crc32(key.encode()):08x}.json"
    try:
        table = json.loads(path.read_text())
        if table["key"] == key:
            return table
    except (OSError, ValueError, KeyError, TypeError):
        pass
    table = {"key": key, **_read_from_pint()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(table))
        temporary.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # no cache then: pint is read again next time
    return table


def resolve(definition: UnitDefinition) -> tuple[int, Dimension]:
    """Return the scale (power of ten of its SI value) and dimensions of a unit, from pint.

    Parameters
    ----------
    definition
        One of `BASE_UNITS` or `VOLUME_UNITS`.

    Returns
    -------
    tuple of (int, Dimension)
        ``(-3, length**3)`` for the litre, ``(0, ...)`` for SI units.
    """
    scale, exponents = _table()["units"][definition.name]
    return scale, Dimension(exponents)


#: Brian 2's SI prefixes with their powers of ten (``"m": -3``), from pint.
PREFIXES: dict[str, int] = dict(_table()["prefixes"])
