"""Each test starts with no user-registered display units, and leaves them as they were.

Like Brian 2, every unit made by unit arithmetic (``siemens/metre**2``) is registered and then
used to display quantities. Without this, what a test prints would depend on the units other
tests (or test parameters, evaluated at collection) happened to create before it.
"""

from collections import defaultdict

import pytest

from engine.units.unit import user_unit_register


@pytest.fixture(autouse=True)
def _no_user_units():
    saved = (user_unit_register.units, user_unit_register.units_for_dimensions)
    user_unit_register.units = {}
    user_unit_register.units_for_dimensions = defaultdict(dict)
    yield
    user_unit_register.units, user_unit_register.units_for_dimensions = saved
