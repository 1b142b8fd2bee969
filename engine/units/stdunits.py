"""Short names for the most common units (``mV``, ``ms``, ``nS``, ``Hz``, ``um2``...).

There are deliberately no one-letter names (``V``, ``S``), which would clash with variable
names in models.
"""

from __future__ import annotations

from engine.units.allunits import UNITS
from engine.units.unit import Unit

__all__ = [  # noqa: RUF022 - in Brian 2's order
    "mV",
    "mA",
    "uA",
    "nA",
    "pA",
    "pF",
    "uF",
    "nF",
    "nS",
    "uS",
    "mS",
    "ms",
    "us",
    "Hz",
    "kHz",
    "MHz",
    "cm",
    "cm2",
    "cm3",
    "mm",
    "mm2",
    "mm3",
    "um",
    "um2",
    "um3",
    "mM",
    "uM",
    "nM",
    "stdunits",
]

mV: Unit = UNITS["mvolt"]

mA: Unit = UNITS["mamp"]
uA: Unit = UNITS["uamp"]
nA: Unit = UNITS["namp"]
pA: Unit = UNITS["pamp"]

pF: Unit = UNITS["pfarad"]
uF: Unit = UNITS["ufarad"]
nF: Unit = UNITS["nfarad"]

nS: Unit = UNITS["nsiemens"]
uS: Unit = UNITS["usiemens"]
mS: Unit = UNITS["msiemens"]

ms: Unit = UNITS["msecond"]
us: Unit = UNITS["usecond"]

Hz: Unit = UNITS["hertz"]
kHz: Unit = UNITS["khertz"]
MHz: Unit = UNITS["Mhertz"]

cm: Unit = UNITS["cmetre"]
cm2: Unit = UNITS["cmetre2"]
cm3: Unit = UNITS["cmetre3"]
mm: Unit = UNITS["mmetre"]
mm2: Unit = UNITS["mmetre2"]
mm3: Unit = UNITS["mmetre3"]
um: Unit = UNITS["umetre"]
um2: Unit = UNITS["umetre2"]
um3: Unit = UNITS["umetre3"]

mM: Unit = UNITS["mmolar"]
uM: Unit = UNITS["umolar"]
nM: Unit = UNITS["nmolar"]

#: The short names and their units. Unlike Brian 2's (which misses ``mS``), it has all of them.
stdunits: dict[str, Unit] = {name: globals()[name] for name in __all__ if name != "stdunits"}
