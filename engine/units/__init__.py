"""Physical units: quantities with dimensions, checked arithmetic, Brian 2's unit names.

``from engine.units import *`` gives what ``from brian2.units import *`` gives:

* the base and derived SI units with the common prefixes p, n, u, m, k, M, G, T
  (``volt``, ``mvolt``, ``nsiemens``, ``kohm``, ``cmetre``...), and short names
  (``mV``, ``ms``, ``nS``, ``Hz``, ``um2``... see `engine.units.stdunits`);
* `Quantity`, `Unit`, `DimensionMismatchError`, `check_units` and the helpers to inspect and
  show dimensions (`get_dimensions`, `have_same_dimensions`, `in_unit`, `in_best_unit`...);
* unit-aware versions of some numpy functions (``exp``, ``dot``, ``where``, ``linspace``...)
  and ``asarray``/``array`` to get the values in SI base units.

Every other unit (``Ylumen3`` ... ``ymol``) is in `engine.units.allunits`, physical constants
are in `engine.units.constants`, and `DEFAULT_UNITS` lists the unit names usable in model
equations. Quantities store SI values in a numpy array with a `Dimension` (``.dim``); pint
supplies the definitions of the units and dimensions.

Examples
--------
>>> from engine.units import mV, ms, nA, Mohm
>>> print(20*ms)
20. ms
>>> 10*nA*5*Mohm
50. * mvolt
>>> (20*ms)/ms
20.0
"""

from engine.units import functions as _functions
from engine.units.allunits import UNITS as _UNITS
from engine.units.checking import check_units
from engine.units.dimensions import DIMENSIONLESS, Dimension, get_or_create_dimension
from engine.units.errors import DimensionMismatchError
from engine.units.functions import *  # noqa: F403 - the unit-aware numpy functions
from engine.units.namespace import DEFAULT_UNITS
from engine.units.quantity import (
    Quantity,
    fail_for_dimension_mismatch,
    get_dimensions,
    have_same_dimensions,
    in_best_unit,
    in_unit,
    is_dimensionless,
    is_scalar_type,
)

# The short names of units (their module's __all__), re-exported explicitly.
from engine.units.stdunits import Hz as Hz
from engine.units.stdunits import MHz as MHz
from engine.units.stdunits import cm as cm
from engine.units.stdunits import cm2 as cm2
from engine.units.stdunits import cm3 as cm3
from engine.units.stdunits import kHz as kHz
from engine.units.stdunits import mA as mA
from engine.units.stdunits import mM as mM
from engine.units.stdunits import mm as mm
from engine.units.stdunits import mm2 as mm2
from engine.units.stdunits import mm3 as mm3
from engine.units.stdunits import mS as mS
from engine.units.stdunits import ms as ms
from engine.units.stdunits import mV as mV
from engine.units.stdunits import nA as nA
from engine.units.stdunits import nF as nF
from engine.units.stdunits import nM as nM
from engine.units.stdunits import nS as nS
from engine.units.stdunits import pA as pA
from engine.units.stdunits import pF as pF
from engine.units.stdunits import stdunits as _short_units
from engine.units.stdunits import uA as uA
from engine.units.stdunits import uF as uF
from engine.units.stdunits import uM as uM
from engine.units.stdunits import um as um
from engine.units.stdunits import um2 as um2
from engine.units.stdunits import um3 as um3
from engine.units.stdunits import uS as uS
from engine.units.stdunits import us as us
from engine.units.unit import Unit, get_unit, get_unit_for_display, register_new_unit

# The units exported here, as brian2.units does: the base and derived units with the common
# prefixes (not kilogram and kelvin, which take none; cmetre as an extra).
_PREFIXES = ("p", "n", "u", "m", "", "k", "M", "G", "T")
_PREFIXED_UNITS = (
    "amp",
    "metre",
    "meter",
    "second",
    "mole",
    "coulomb",
    "farad",
    "gram",
    "gramme",
    "hertz",
    "joule",
    "molar",
    "liter",
    "litre",
    "pascal",
    "ohm",
    "siemens",
    "volt",
    "watt",
)
_EXPORTED_UNITS = [
    *(prefix + name for name in _PREFIXED_UNITS for prefix in _PREFIXES),
    "kelvin",
    "kilogram",
    "cmetre",
    "cmeter",
]
globals().update({name: _UNITS[name] for name in _EXPORTED_UNITS})
# The units the rest of the program imports by name, also bound statically: a type checker
# cannot see the names that globals() adds.
second: Unit = _UNITS["second"]
volt: Unit = _UNITS["volt"]

__all__ = [
    *_EXPORTED_UNITS,
    *_short_units,  # mV, ms, nS...
    # quantities, units, dimensions
    "DIMENSIONLESS",
    "DEFAULT_UNITS",
    "Dimension",
    "DimensionMismatchError",
    "Quantity",
    "Unit",
    "check_units",
    "fail_for_dimension_mismatch",
    "get_dimensions",
    "get_or_create_dimension",
    "get_unit",
    "get_unit_for_display",
    "have_same_dimensions",
    "in_best_unit",
    "in_unit",
    "is_dimensionless",
    "is_scalar_type",
    "register_new_unit",
    *_functions.__all__,
]
