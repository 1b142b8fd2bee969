"""How quantities, units and errors are shown: exactly as Brian 2 shows them.

A quantity is shown in the registered unit that brings its values closest to 10, or in SI
dimensions when no unit is known. Expected texts are Brian 2.9's for the same values.
"""

# Tables read best with one case per line, whatever its length.
# ruff: noqa: E501

import numpy as np
import pytest

from engine.units import (
    DIMENSIONLESS,
    DimensionMismatchError,
    Hz,
    Quantity,
    Unit,
    cm,
    get_unit,
    get_unit_for_display,
    in_best_unit,
    in_unit,
    ms,
    mV,
    nA,
    nS,
    pF,
    register_new_unit,
    um,
    um2,
    uS,
    volt,
)
from engine.units.allunits import (
    becquerel,
    candle,
    cmetre,
    farad,
    gram,
    joule,
    katal,
    kelvin,
    kgram,
    liter,
    lumen,
    meter,
    metre,
    mliter,
    mmetre,
    mmolar,
    mohm,
    molar,
    namp,
    newton,
    ohm,
    pfarad,
    second,
    siemens,
    sievert,
    ufarad,
    usiemens,
)

# fmt: off
QUANTITY_TEXTS = [
    pytest.param(lambda: 20 * ms, "20. ms", "20. * msecond", id="scalar"),
    pytest.param(lambda: 0.3 * nS, "300. pS", "300. * psiemens", id="rescaled"),
    pytest.param(lambda: 0.00123456 * volt, "1.23456 mV", "1.23456 * mvolt", id="digits"),
    pytest.param(lambda: 123456 * volt, "123.456 kV", "123.456 * kvolt", id="kilo"),
    pytest.param(lambda: -5 * mV, "-5. mV", "-5. * mvolt", id="negative"),
    pytest.param(lambda: 0 * mV, "0. V", "0. * volt", id="zero-in-base-unit"),
    pytest.param(lambda: np.nan * mV, "nan V", "nan * volt", id="nan"),
    pytest.param(lambda: np.inf * mV, "inf YV", "inf * Yvolt", id="inf"),
    pytest.param(lambda: 1e-30 * volt, "1.e-06 yV", "1.e-06 * yvolt", id="tiny"),
    pytest.param(lambda: 1e30 * volt, "1000000. YV", "1000000. * Yvolt", id="huge"),
    pytest.param(lambda: [10, 20, 30] * Hz, "[10. 20. 30.] Hz", "array([10., 20., 30.]) * hertz", id="array"),
    pytest.param(lambda: [0, 1, 2] * mV, "[0. 1. 2.] mV", "array([0., 1., 2.]) * mvolt", id="zeros-ignored"),
    pytest.param(lambda: [0.001, 1000] * mV, "[1.e-03 1.e+03] mV", "array([1.e-03, 1.e+03]) * mvolt", id="wide-range"),
    pytest.param(lambda: [[1, 2], [3, 4]] * mV, "[[1. 2.]\n [3. 4.]] mV", "array([[1., 2.],\n       [3., 4.]]) * mvolt", id="2d"),
    pytest.param(lambda: [] * mV, "[] V", "array([], dtype=float64) * volt", id="empty"),
    pytest.param(
        lambda: np.arange(2000) * mV,
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03] mV",
        "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n"
        "       1.999e+03], shape=(2000,)) * mvolt",
        id="summarised",
    ),
    pytest.param(lambda: 5 * siemens / meter**2, "5. m^-4 kg^-1 s^3 A^2", "5. * metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2", id="no-named-unit"),
    pytest.param(lambda: np.sqrt(4 * second), "2. s^0.5", "2. * second ** 0.5", id="root"),
    pytest.param(lambda: 3 * kelvin, "3. K", "3. * kelvin", id="kelvin"),
    pytest.param(lambda: 1 * kgram, "1. kg", "1. * kilogram", id="kgram-is-kilogram"),
    pytest.param(lambda: 5 * gram, "5. g", "5. * gram", id="gram"),
    pytest.param(lambda: 1 * liter, "0.001 m^3", "0.001 * metre3", id="litre-not-preferred"),
    pytest.param(lambda: 1 * mliter, "1000. mm^3", "1000. * mmetre3", id="millilitre"),
    pytest.param(lambda: 1 * cmetre, "10. mm", "10. * mmetre", id="centi-not-preferred"),
    pytest.param(lambda: 1 * molar, "1. M", "1. * molar", id="molar"),
    pytest.param(lambda: 1 * mmolar, "1. mM", "1. * mmolar", id="mmolar"),
    pytest.param(lambda: 1 * becquerel, "1. Hz", "1. * hertz", id="becquerel-as-hertz"),
    pytest.param(lambda: 1 * sievert, "1. Gy", "1. * gray", id="sievert-as-gray"),
    pytest.param(lambda: 2 * lumen, "2. cd", "2. * candle", id="lumen-as-candle"),
    pytest.param(lambda: 1 * candle, "1. cd", "1. * candle", id="candle"),
    pytest.param(lambda: 1 * katal, "1. kat", "1. * katal", id="katal"),
    pytest.param(lambda: 1 * newton * metre, "1. J", "1. * joule", id="newton-metre-is-joule"),
    pytest.param(lambda: 1 * joule / kelvin, "1. J/K", "1. * joule / kelvin", id="additional-unit"),
    pytest.param(lambda: 3 * um2, "3. um^2", "3. * umetre2", id="squared"),
    pytest.param(lambda: 20000 * um**2, "0.02 mm^2", "0.02 * mmetre2", id="squared-by-power"),
    pytest.param(lambda: Quantity(3, dim=DIMENSIONLESS, force_quantity=True), "3.", "Quantity(3.)", id="dimensionless"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "text", "code"), QUANTITY_TEXTS)
def test_quantities_are_shown_in_the_best_unit(compute, text, code):
    value = compute()
    assert str(value) == text
    assert repr(value) == code


# fmt: off
UNIT_TEXTS = [
    (lambda: mV, "mV", "mvolt"),
    (lambda: um2, "um^2", "umetre2"),
    (lambda: ohm, "ohm", "ohm"),
    (lambda: mohm, "mohm", "mohm"),
    (lambda: um**2, "um^2", "umetre ** 2"),
    (lambda: cm**-2, "cm^-2", "cmetre ** -2"),
    (lambda: ufarad * cm**-2, "uF cm^-2", "ufarad * cmetre ** -2"),
    (lambda: mV / ms, "mV/ms", "mvolt / msecond"),
    (lambda: 1 / ms, "ms^-1", "msecond ** -1"),
    (lambda: mV / (nA * ohm), "mV/(nA ohm)", "mvolt / (namp * ohm)"),
    (lambda: (mV * nA) ** 2, "(mV nA)^2", "(mvolt * namp) ** 2"),
    (lambda: (mV / ms) / (nA / pF), "(mV/ms)/(nA/pF)", "(mvolt / msecond) / (namp / pfarad)"),
    (lambda: (mV / ms) * (nA / pF), "mV/ms nA/pF", "mvolt / msecond * namp / pfarad"),
    (lambda: 1 / (mV / ms), "(mV/ms)^-1", "(mvolt / msecond) ** -1"),
    (lambda: mV**0.5, "mV^0.5", "mvolt ** 0.5"),
    (lambda: mV**3, "mV^3", "mvolt ** 3"),
    (lambda: mV**2.0, "mV^2.0", "mvolt ** 2.0"),
    (lambda: np.sqrt(mV * nA), "(mV nA)^0.5", "(mvolt * namp) ** 0.5"),
    (lambda: np.square(mV), "mV^2", "mvolt ** 2"),
    (lambda: np.reciprocal(mV), "mV^-1", "mvolt ** -1"),
    (lambda: mV / mV, "mV/mV", "mvolt / mvolt"),
    (lambda: Unit(1, dim=volt.dim), "m^2 kg s^-3 A^-1", "metre ** 2 * kilogram * second ** -3 * amp ** -1"),
    (lambda: Unit.create(volt.dim, "myvolt", "mV2"), "mV2", "myvolt"),
    (lambda: Unit.create_scaled_unit(volt, "da"), "daV", "davolt"),
]
# fmt: on


@pytest.mark.parametrize(("make", "text", "code"), UNIT_TEXTS)
def test_units_are_shown_by_name(make, text, code):
    unit = make()
    assert isinstance(unit, Unit)
    assert str(unit) == text
    assert repr(unit) == code
    assert f"{unit}" == text


def test_unit_names_and_scales():
    assert (mV.name, mV.dispname, mV.latexname) == ("mvolt", "mV", r"\mathrm{m}\mathrm{V}")
    assert uS.latexname == r"\mathrm{\mu}\mathrm{S}"
    assert um2.latexname == r"\mathrm{um^2}"
    assert (mV / ms).latexname == r"\frac{\mathrm{m}\mathrm{V}}{\mathrm{m}\mathrm{s}}"
    assert (mV**2).latexname == r"\mathrm{m}\mathrm{V}^2"
    assert (mV**3).latexname == r"\mathrm{m}\mathrm{V}^{3}"
    assert [u.scale for u in (volt, mV, molar, mmolar, mV / ms, mV**2)] == [0, -3, 3, 0, 0, -6]
    assert (mV**0.5).scale == -1.5
    assert not mV.iscompound
    assert (mV / ms).iscompound
    with pytest.raises(NotImplementedError, match="use 'Unit.create'"):
        mV.name = "x"
    with pytest.raises(AssertionError, match=r"Unit value has to be 10\*\*scale"):
        Unit(2, dim=volt.dim)


# fmt: off
IN_UNIT_TEXTS = [
    pytest.param(lambda: in_unit(3 * mV, volt), "0.003 V", id="in_unit"),
    pytest.param(lambda: in_unit(3 * volt, mV), "3000. mV", id="in_unit-scaled"),
    pytest.param(lambda: in_unit([1, 2] * mV, volt), "[0.001 0.002] V", id="array"),
    pytest.param(lambda: in_unit([1, 2] * mV, volt, 2), "[0. 0.] V", id="array-precision"),
    pytest.param(lambda: in_unit(123123 * ms, second, 2), "123.12 s", id="precision"),
    pytest.param(lambda: in_unit(3, 1), "3.0", id="dimensionless"),
    pytest.param(lambda: (25.123456 * mV).in_unit(volt), "0.02512346 V", id="method"),
    pytest.param(lambda: (25.123456 * mV).in_unit(mV, 3), "25.123 mV", id="method-precision"),
    pytest.param(lambda: (3 * mV).in_unit(volt, python_code=True), "0.003 * volt", id="code"),
    pytest.param(lambda: ([1, 2] * mV).in_unit(volt, python_code=True), "array([0.001, 0.002]) * volt", id="code-array"),
    pytest.param(lambda: (3 * mV).in_unit(2 * mV), "1.5 m^2 kg s^-3 A^-1", id="in-a-quantity"),
    pytest.param(lambda: in_best_unit(0.00123456 * volt), "1.23456 mV", id="best"),
    pytest.param(lambda: in_best_unit(0.00123456 * volt, 2), "1.23 mV", id="best-precision"),
    pytest.param(lambda: in_best_unit(0.123456), "0.123456", id="best-plain"),
    pytest.param(lambda: in_best_unit(0.123456, 2), "0.12", id="best-plain-precision"),
    pytest.param(lambda: in_best_unit(3), "3", id="best-int"),
    pytest.param(lambda: (3 * mV).in_best_unit(python_code=True), "3. * mvolt", id="best-code"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "expected"), IN_UNIT_TEXTS)
def test_showing_values_in_a_given_unit(compute, expected):
    assert compute() == expected


@pytest.mark.parametrize(
    ("compute", "message"),
    [
        (lambda: in_unit(3 * mV, nA), 'Non-matching unit for method "in_unit" (unit is V).'),
        (lambda: in_unit(3, volt), 'Non-matching unit for function "in_unit" (unit is 1).'),
    ],
)
def test_showing_values_in_a_wrong_unit_fails(compute, message):
    with pytest.raises(DimensionMismatchError) as caught:
        compute()
    assert str(caught.value) == message


def test_best_unit():
    assert repr((3 * mV).get_best_unit()) == "mvolt"
    assert repr(([1, 2] * nA * 5 * mohm).get_best_unit()) == "pvolt"
    assert repr(Quantity(3).get_best_unit()) == "Unit(1)"
    assert (
        repr((5 * siemens / metre**4).get_best_unit())
        == "1. * metre ** -6 * kilogram ** -1 * second ** 3 * amp ** 2"
    )


def test_units_made_by_arithmetic_are_then_used_for_display():
    # Brian 2's documented behaviour: the first use of a compound unit registers it.
    conductance = 10 * nS / (20000 * um**2)
    assert repr(conductance) == "0.5 * metre ** -4 * kilogram ** -1 * second ** 3 * amp ** 2"
    assert repr(usiemens / cm**2) == "usiemens / (cmetre ** 2)"
    assert repr(conductance) == "50. * usiemens / (cmetre ** 2)"
    assert str(conductance) == "50. uS/(cm^2)"


def test_registering_a_unit_for_display():
    assert (
        repr(2.0 * farad / metre**2) == "2. * metre ** -4 * kilogram ** -1 * second ** 4 * amp ** 2"
    )
    register_new_unit(pfarad / mmetre**2)
    assert repr(2.0 * farad / metre**2) == "2000000. * pfarad / (mmetre ** 2)"


def test_user_units_do_not_override_standard_units():
    newton_metre = newton * metre
    assert (1 * newton_metre).in_unit(newton_metre) == "1. N m"
    assert repr(3 * newton_metre) == "3. * joule"


def test_canonical_unit_names():
    assert repr(get_unit(mV.dim)) == "volt"
    assert repr(get_unit(DIMENSIONLESS)) == "radian"
    assert repr(get_unit((volt * namp * second).dim)) == "joule"
    rate = volt.dim / second.dim  # no unit with these dimensions
    assert repr(get_unit(rate)) == "metre ** 2 * kilogram * second ** -4 * amp ** -1"
    assert repr(get_unit((mV / ms).dim)) == "mvolt / msecond"  # now there is one
    assert get_unit_for_display(volt.dim) == "V"
    assert get_unit_for_display(mV) == "V"
    assert get_unit_for_display((volt * volt).dim) == "V^2"
    assert get_unit_for_display(1) == "1"
    assert get_unit_for_display(DIMENSIONLESS) == "1"
    assert get_unit_for_display((mmolar).dim) == "mM"


@pytest.mark.parametrize(
    ("dims", "text"),
    [
        ((), "desc"),
        ((volt.dim,), "desc (unit is V)."),
        ((volt.dim, namp.dim), "desc (units are V and A)."),
        ((volt.dim, namp.dim, second.dim), "desc (units are (V) (A) (s))."),
        ((DIMENSIONLESS, kgram.dim / second.dim), "desc (units are 1 and kg s^-1)."),
    ],
)
def test_dimension_mismatch_errors_name_the_units(dims, text):
    error = DimensionMismatchError("desc", *dims)
    assert str(error) == text
    assert error.dims == dims


def test_dimension_mismatch_error_repr():
    error = DimensionMismatchError("desc", volt.dim, namp.dim)
    assert repr(error) == (
        "DimensionMismatchError('desc', metre ** 2 * kilogram * second ** -3 * amp ** -1, amp)"
    )
    assert issubclass(DimensionMismatchError, Exception)


# fmt: off
LATEX_TEXTS = [
    (lambda: 20 * ms, r"$20.0\,\mathrm{m}\mathrm{s}$"),
    (lambda: 1e-5 * volt, r"$10.000000000000002\,\mathrm{\mu}\mathrm{V}$"),
    (lambda: [1, 2] * mV, r"$\left[\begin{matrix}1. & 2.\end{matrix}\right]\,\mathrm{m}\mathrm{V}$"),
    (
        lambda: [[1, 2], [3, 4]] * mV,
        "$\\left[\\begin{matrix}\n1. & 2.\\\\\n 3. & 4.\n\\end{matrix}\\right]\\,"
        "\\mathrm{m}\\mathrm{V}$",
    ),
    (lambda: 5 * siemens / metre**2, r"$5.0\,m^{-4}\,kg^{-1}\,s^{3}\,A^{2}$"),
    (lambda: mV / ms, r"$\frac{\mathrm{m}\mathrm{V}}{\mathrm{m}\mathrm{s}}$"),
]
# fmt: on


@pytest.mark.parametrize(("compute", "latex"), LATEX_TEXTS)
def test_latex_for_notebooks(compute, latex):
    assert compute()._repr_latex_() == latex


def test_latex_elides_long_arrays():
    assert (np.arange(100) * mV)._repr_latex_() == (
        r"$\left[\begin{matrix} 0. &  1. &  2. & \dots & 97. & 98. & 99.\end{matrix}\right]"
        r"\,\mathrm{m}\mathrm{V}$"
    )
    with pytest.raises(NotImplementedError, match="3-d"):
        (np.ones((2, 2, 2)) * mV)._repr_latex_()


def test_display_follows_numpy_print_options():
    with np.printoptions(precision=3):
        assert str(2 / 3 * mV) == "0.667 mV"
    assert str(2 / 3 * mV) == "0.66666667 mV"
    assert str(np.arange(20).reshape(4, 5) * um).startswith("[[ 0.  1.  2.  3.  4.]")
