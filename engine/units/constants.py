r"""Physical constants, as quantities (with Brian 2's values, CODATA 2014).

Not exported by ``from engine.units import *``; import them explicitly, possibly under a
shorter name::

    from engine.units.constants import faraday_constant as F, gas_constant as R, zero_celsius

==================== ======================= ==========================================
Constant             Name                    Value
==================== ======================= ==========================================
Avogadro constant    ``avogadro_constant``   6.022140857e23 mol^-1
Boltzmann constant   ``boltzmann_constant``  1.38064852e-23 J/K
Electric constant    ``electric_constant``   8.854187817e-12 F/m
Electron mass        ``electron_mass``       9.10938356e-31 kg
Elementary charge    ``elementary_charge``   1.6021766208e-19 C
Faraday constant     ``faraday_constant``    96485.33289 C/mol
Gas constant         ``gas_constant``        8.3144598 J/(mol K)
Magnetic constant    ``magnetic_constant``   4 pi 1e-7 N/A^2
Molar mass constant  ``molar_mass_constant`` 1 g/mol
0 degrees Celsius    ``zero_celsius``        273.15 K
==================== ======================= ==========================================

Temperatures are absolute, in kelvin: a temperature given in degrees Celsius becomes
``celsius_temp*kelvin + zero_celsius``.
"""

from __future__ import annotations

import math

from engine.units.allunits import UNITS
from engine.units.quantity import Quantity
from engine.units.unit import registration_disabled

__all__ = [
    "avogadro_constant",
    "boltzmann_constant",
    "electric_constant",
    "electron_mass",
    "elementary_charge",
    "faraday_constant",
    "gas_constant",
    "magnetic_constant",
    "molar_mass_constant",
    "zero_celsius",
]

# Brian 2's values (CODATA 2014), not pint's newer ones: results must match Brian's.
avogadro_constant: Quantity = 6.022140857e23 / UNITS["mole"]
boltzmann_constant: Quantity = 1.38064852e-23 * UNITS["joule"] / UNITS["kelvin"]
electric_constant: Quantity = 8.854187817e-12 * UNITS["farad"] / UNITS["meter"]
electron_mass: Quantity = 9.10938356e-31 * UNITS["kilogram"]
elementary_charge: Quantity = 1.6021766208e-19 * UNITS["coulomb"]
faraday_constant: Quantity = 96485.33289 * UNITS["coulomb"] / UNITS["mole"]
gas_constant: Quantity = 8.3144598 * UNITS["joule"] / UNITS["mole"] / UNITS["kelvin"]
with registration_disabled():  # amp**2 is a new unit, not to be used for display
    magnetic_constant: Quantity = 4 * math.pi * 1e-7 * UNITS["newton"] / UNITS["amp"] ** 2
molar_mass_constant: Quantity = 1 * UNITS["gram"] / UNITS["mole"]
zero_celsius: Quantity = 273.15 * UNITS["kelvin"]
