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

from engine.units.allunits import UNITS as _UNITS
from engine.units.checking import check_units
from engine.units.dimensions import DIMENSIONLESS, Dimension, get_or_create_dimension
from engine.units.errors import DimensionMismatchError
from engine.units.functions import (
    arange,
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctanh,
    array,
    asarray,
    cos,
    cosh,
    diagonal,
    dot,
    exp,
    expm1,
    exprel,
    linspace,
    log,
    log1p,
    log10,
    ones_like,
    ptp,
    ravel,
    sin,
    sinh,
    tan,
    tanh,
    trace,
    where,
    zeros_like,
)
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
from engine.units.stdunits import (
    Hz,
    MHz,
    cm,
    cm2,
    cm3,
    kHz,
    mA,
    mM,
    mm,
    mm2,
    mm3,
    mS,
    ms,
    mV,
    nA,
    nF,
    nM,
    nS,
    pA,
    pF,
    uA,
    uF,
    uM,
    um,
    um2,
    um3,
    uS,
    us,
)
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

__all__ = [
    *_EXPORTED_UNITS,
    # stdunits
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
    # unit-aware numpy functions
    "arange",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "array",
    "asarray",
    "cos",
    "cosh",
    "diagonal",
    "dot",
    "exp",
    "expm1",
    "exprel",
    "linspace",
    "log",
    "log10",
    "log1p",
    "ones_like",
    "ptp",
    "ravel",
    "sin",
    "sinh",
    "tan",
    "tanh",
    "trace",
    "where",
    "zeros_like",
]
