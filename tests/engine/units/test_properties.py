"""Properties that hold for all dimensions and values (hypothesis)."""

import math
import pickle

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.units import (
    DIMENSIONLESS,
    Dimension,
    Quantity,
    get_or_create_dimension,
    get_unit,
    in_unit,
)
from engine.units.allunits import UNITS

exponents = st.one_of(st.integers(-4, 4), st.sampled_from([-1.5, -0.5, 0.5, 1.5]))
dimensions = st.lists(exponents, min_size=7, max_size=7).map(get_or_create_dimension)
small_powers = st.integers(-3, 3)

# Units that are standard display units: quantities show as "<value> * <name>".
NAMED = ["volt", "amp", "second", "siemens", "farad", "ohm", "metre", "metre2", "hertz", "mole",
         "molar", "kelvin", "gram", "joule", "watt", "coulomb", "newton", "pascal"]  # fmt: skip
units = st.sampled_from([UNITS[name] for name in NAMED] + [UNITS["m" + n] for n in NAMED[:6]])
# Magnitudes where the best unit is well defined: for values like 1e-299, the ratio to large
# units underflows to 0 and Brian's algorithm (which ignores zeros) picks an odd unit.
nonzero_values = st.builds(
    lambda magnitude, sign: sign * magnitude,
    st.floats(min_value=1e-20, max_value=1e20),
    st.sampled_from([-1.0, 1.0]),
)
values = st.one_of(st.just(0.0), nonzero_values)


@given(dimensions, dimensions)
def test_products_commute(a, b):
    assert a * b is b * a


@given(dimensions, dimensions, dimensions)
def test_products_associate(a, b, c):
    assert (a * b) * c is a * (b * c)


@given(dimensions, dimensions)
def test_division_undoes_multiplication(a, b):
    assert (a * b) / b is a
    assert a / a is DIMENSIONLESS


@given(dimensions, small_powers, small_powers)
def test_powers_add_up(a, n, m):
    assert a**n * a**m is a ** (n + m)
    assert (a**n) ** m is a ** (n * m)


@given(st.lists(st.integers(-5, 5), min_size=7, max_size=7))
def test_one_object_per_dimension_however_written(exponents):
    dim = get_or_create_dimension(exponents)
    assert get_or_create_dimension(tuple(float(x) for x in exponents)) is dim
    assert Dimension(np.array(exponents)) is dim
    assert pickle.loads(pickle.dumps(dim)) is dim


@given(dimensions, dimensions, small_powers)
def test_dimension_algebra_agrees_with_pint(a, b, n):
    assert Dimension.from_dimensionality(a.dimensionality * b.dimensionality) is a * b
    assert Dimension.from_dimensionality(a.dimensionality / b.dimensionality) is a / b
    assert Dimension.from_dimensionality(a.dimensionality**n) is a**n


@given(values, units)
def test_values_in_si_units_round_trip(x, unit):
    q = Quantity(x, dim=unit.dim)
    assert q / get_unit(unit.dim) == x
    assert float(np.asarray(q)) == x


@given(values, units)
def test_multiplying_by_a_unit_and_dividing_by_it_round_trips(x, unit):
    assert math.isclose((x * unit) / unit, x, rel_tol=1e-15, abs_tol=1e-300)


@given(values, values, units)
def test_comparisons_and_sums_follow_the_values(a, b, unit):
    assert bool(a * unit < b * unit) == (a < b)
    assert bool(a * unit == b * unit) == (a == b)
    assert math.isclose((a * unit + b * unit) / unit, a + b, rel_tol=1e-12, abs_tol=1e-6)


@given(values, units)
def test_text_in_a_unit_reads_back(x, unit):
    q = x * unit
    with np.printoptions(floatmode="unique"):
        number, _, name = in_unit(q, unit).partition(" ")
    assert float(number) == q / unit
    assert name == str(unit)


@given(values, units)
def test_repr_reads_back(x, unit):
    q = x * unit
    with np.printoptions(floatmode="unique"):
        number, _, name = repr(q).partition(" * ")
    shown_unit = UNITS[name]
    assert shown_unit.dim is unit.dim
    assert math.isclose(float(number) * float(shown_unit), float(q), rel_tol=1e-14)


@given(nonzero_values)
def test_the_best_unit_shows_a_value_near_ten(x):
    # Brian's rule: the unit minimising (log10(|value|) - 1)**2. With prefixes every three
    # decades, the value shown is between 10**-0.5 and 10**2.5.
    q = x * UNITS["volt"]
    shown = abs(q / q.get_best_unit())
    assert shown * (1 + 1e-12) >= 10**-0.5
    assert shown <= 10**2.5 * (1 + 1e-12)
