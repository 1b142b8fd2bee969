"""Dimensions: seven SI exponents, one shared object per combination, shown as Brian 2 does."""

import copy
import pickle

import pytest

from engine.units import DIMENSIONLESS, Dimension, get_or_create_dimension
from engine.units.allunits import amp, candle, kelvin, metre, mole, second, siemens, volt

VOLTAGE = volt.dim


@pytest.mark.parametrize(
    ("dim", "text", "code"),
    [
        (DIMENSIONLESS, "1", "Dimension()"),
        (VOLTAGE, "m^2 kg s^-3 A^-1", "metre ** 2 * kilogram * second ** -3 * amp ** -1"),
        (
            (siemens / metre**2).dim,
            "m^-4 kg^-1 s^3 A^2",
            "metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2",
        ),
        (
            VOLTAGE**0.5,
            "m kg^0.5 s^-1.5 A^-0.5",
            "metre * kilogram ** 0.5 * second ** -1.5 * amp ** -0.5",
        ),
        (second.dim**-1, "s^-1", "second ** -1"),
        (candle.dim, "cd", "candle"),
        ((kelvin * mole * candle).dim, "K mol cd", "kelvin * mole * candle"),
        (get_or_create_dimension(m=0.5), "m^0.5", "metre ** 0.5"),
        # An integral exponent prints as an integer however it was computed.
        (
            VOLTAGE**2.0,
            "m^4 kg^2 s^-6 A^-2",
            "metre ** 4 * kilogram ** 2 * second ** -6 * amp ** -2",
        ),
    ],
)
def test_dimensions_print_as_si_symbols_and_as_python_code(dim, text, code):
    assert str(dim) == text
    assert repr(dim) == code


def test_there_is_one_object_per_combination_of_exponents():
    force = get_or_create_dimension(length=1, mass=1, time=-2)
    assert get_or_create_dimension([1, 1, -2, 0, 0, 0, 0]) is force
    assert get_or_create_dimension(m=1, kg=1, s=-2) is force
    assert get_or_create_dimension(metre=1, kilogram=1, second=-2) is force
    assert get_or_create_dimension((1.0, 1.0, -2.0, 0, 0, 0, 0)) is force
    assert Dimension([1, 1, -2, 0, 0, 0, 0]) is force
    assert get_or_create_dimension([0] * 7) is DIMENSIONLESS
    assert (volt / amp).dim is get_or_create_dimension(m=2, kg=1, s=-3, A=-2)


@pytest.mark.parametrize(
    ("name", "exponent"),
    [("length", 2), ("m", 2), ("metre", 2), ("mass", 1), ("kg", 1), ("time", -3), ("current", -1)],
)
def test_one_exponent_can_be_read_by_any_name_of_its_base_dimension(name, exponent):
    assert VOLTAGE.get_dimension(name) == exponent


def test_exponents_and_dimensionlessness():
    assert VOLTAGE.exponents == (2, 1, -3, -1, 0, 0, 0)
    assert DIMENSIONLESS.is_dimensionless
    assert not VOLTAGE.is_dimensionless
    assert VOLTAGE.dim is VOLTAGE


def test_arithmetic_combines_exponents():
    assert VOLTAGE * amp.dim is (volt * amp).dim
    assert VOLTAGE / amp.dim is get_or_create_dimension(m=2, kg=1, s=-3, A=-2)
    assert VOLTAGE**2 is get_or_create_dimension(m=4, kg=2, s=-6, A=-2)
    assert VOLTAGE / VOLTAGE is DIMENSIONLESS
    assert VOLTAGE**0 is DIMENSIONLESS


def test_equality_is_identity_and_dimensions_key_dictionaries():
    assert volt.dim == VOLTAGE
    assert amp.dim != VOLTAGE
    assert VOLTAGE != 1
    assert {VOLTAGE: "V"}[get_or_create_dimension(m=2, kg=1, s=-3, A=-1)] == "V"


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: get_or_create_dimension([1, 2]), TypeError, "Need a sequence of exactly 7 items"),
        (lambda: get_or_create_dimension(3), TypeError, "Need a sequence of exactly 7 items"),
        (lambda: get_or_create_dimension(foo=1), KeyError, "foo"),
        (lambda: VOLTAGE ** [1, 2], TypeError, "Too many exponents"),
        (lambda: get_or_create_dimension(["a"] * 7), TypeError, "must be a real number"),
        (lambda: get_or_create_dimension([float("inf")] + [0] * 6), ValueError, "finite"),
    ],
)
def test_invalid_exponents_are_refused(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_dimensions_are_immutable():
    dim = VOLTAGE
    with pytest.raises(TypeError, match="immutable"):
        dim *= amp.dim
    with pytest.raises(TypeError, match="immutable"):
        dim /= amp.dim
    with pytest.raises(TypeError, match="immutable"):
        dim **= 2


def test_copies_and_pickles_are_the_same_object():
    assert copy.copy(VOLTAGE) is VOLTAGE
    assert copy.deepcopy(VOLTAGE) is VOLTAGE
    assert pickle.loads(pickle.dumps(VOLTAGE)) is VOLTAGE


def test_latex_shows_the_exponents():
    assert VOLTAGE._latex() == r"m^{2}\,kg\,s^{-3}\,A^{-1}"
    assert DIMENSIONLESS._repr_latex_() == "$1$"


def test_dimensions_convert_to_and_from_pint():
    from engine.units.definitions import pint_registry

    registry = pint_registry()
    assert VOLTAGE.dimensionality == registry.get_dimensionality("volt")
    assert Dimension.from_dimensionality(registry.get_dimensionality("siemens")) is siemens.dim
    assert Dimension.from_dimensionality(registry.get_dimensionality("radian")) is DIMENSIONLESS
    assert Dimension.from_dimensionality({"[length]": 3}) is (metre**3).dim
    with pytest.raises(KeyError, match="not one of the SI base dimensions"):
        Dimension.from_dimensionality({"[currency]": 1})
