"""Which units exist, what they are worth, and which names models and scripts can use."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import engine.units
from engine.units import DEFAULT_UNITS, DIMENSIONLESS, Unit, allunits, constants, definitions
from engine.units.allunits import UNITS, celsius, kelvin
from engine.units.namespace import (
    base_units_for_declarations,
    describe_base_units_for_declarations,
)
from engine.units.stdunits import stdunits

ROOT = Path(__file__).parents[3]


def test_every_unit_is_worth_ten_to_its_scale():
    for name, unit in UNITS.items():
        assert isinstance(unit, Unit), name
        assert float(unit) == 10.0**unit.scale, name
        assert repr(unit) == name


@pytest.mark.parametrize(
    ("name", "scale", "dims"),
    [
        ("volt", 0, "m^2 kg s^-3 A^-1"),
        ("mvolt", -3, "m^2 kg s^-3 A^-1"),
        ("kilogram", 0, "kg"),
        ("gram", -3, "kg"),
        ("kgram", 0, "kg"),
        ("molar", 3, "m^-3 mol"),
        ("mmolar", 0, "m^-3 mol"),
        ("liter", -3, "m^3"),
        ("mliter", -6, "m^3"),
        ("cmetre", -2, "m"),
        ("dasecond", 1, "s"),
        ("umetre2", -12, "m^2"),
        ("usiemens3", -18, "m^-6 kg^-3 s^9 A^6"),
        ("Ylumen3", 72, "cd^3"),
        ("ymol", -24, "mol"),
        ("radian", 0, "1"),
        ("becquerel", 0, "s^-1"),
        ("katal", 0, "s^-1 mol"),
    ],
)
def test_units_have_their_si_scale_and_dimensions(name, scale, dims):
    unit = UNITS[name]
    assert unit.scale == scale
    assert str(unit.dim) == dims


@pytest.mark.parametrize(
    "name",
    ["mkilogram", "kkelvin", "mkilogramme", "liter2", "mlitre3", "celsius2", "V", "S", "candela"],
)
def test_units_brian_2_does_not_define_do_not_exist(name):
    assert name not in UNITS
    assert not hasattr(allunits, name)


def test_all_units_are_importable_from_allunits():
    # 35 base and derived units, 32 of them with 20 prefixes, all of these squared and cubed,
    # and 42 litres: Brian 2's 2067 names, plus "celsius".
    assert len(UNITS) == 2067
    assert sorted(allunits.__all__) == sorted([*UNITS, "celsius"])
    namespace = {}
    exec("from engine.units.allunits import *", namespace)
    assert namespace["Ylumen3"] is UNITS["Ylumen3"]


def test_prefixes_are_brians_with_pints_values():
    assert definitions.PREFIXES == {
        "y": -24, "z": -21, "a": -18, "f": -15, "p": -12, "n": -9, "u": -6, "m": -3,
        "c": -2, "d": -1, "": 0, "da": 1, "h": 2, "k": 3, "M": 6, "G": 9, "T": 12,
        "P": 15, "E": 18, "Z": 21, "Y": 24,
    }  # fmt: skip


def test_unit_values_and_dimensions_come_from_pint():
    registry = definitions.pint_registry()
    for definition in (*definitions.BASE_UNITS, *definitions.VOLUME_UNITS):
        unit = UNITS[definition.name]
        factor, _ = registry.get_base_units(definition.pint_name)
        assert math.isclose(float(unit), float(factor), rel_tol=1e-12), definition.name
        assert unit.dim.dimensionality == registry.get_dimensionality(definition.pint_name)


def test_the_package_exports_what_brian2_units_exports():
    exported = set(engine.units.__all__)
    for name in [
        "volt",
        "mvolt",
        "kohm",
        "nsiemens",
        "pfarad",
        "cmetre",
        "cmeter",
        "Tmole",
        "kgramme",
        "mliter",
        "Gwatt",
        "kelvin",
        "kilogram",
        "mV",
        "nS",
        "um2",
        "mM",
    ]:
        assert name in exported
        assert getattr(engine.units, name) is UNITS.get(name, getattr(engine.units, name))
    # Not exported by brian2.units: other units, and prefixes beyond p ... T.
    for name in ["newton", "radian", "ampere", "mol", "fvolt", "dasecond", "mmetre2", "celsius"]:
        assert name not in exported
    assert not [name for name in exported if len(name) == 1]


def test_short_names():
    assert stdunits["mV"] is UNITS["mvolt"]
    assert stdunits["cm2"] is UNITS["cmetre2"]
    assert stdunits["mM"] is UNITS["mmolar"]
    assert stdunits["mS"] is UNITS["msiemens"]  # missing from Brian 2's dictionary
    assert len(stdunits) == 28


def test_default_units_for_expressions():
    # Brian 2's namespace (registered standard units, short names, simple litres), plus mS.
    assert len(DEFAULT_UNITS) == 1641 + 28 + 42
    for name in ["mV", "volt", "umetre2", "mliter", "mmolar", "kgram", "ufarad", "mS"]:
        assert name in DEFAULT_UNITS
    # Centi-, deci-, deka- and hecto-units are not standard units (but cm is a short name).
    for name in ["cmetre", "dsecond", "newton * metre", "celsius"]:
        assert name not in DEFAULT_UNITS
    assert DEFAULT_UNITS["cm"] is UNITS["cmetre"]


def test_units_allowed_in_declarations_have_scale_one():
    allowed = base_units_for_declarations()
    assert len(allowed) == 39
    for name in ["volt", "siemens", "metre", "meter", "mmolar", "mM", "kilogram", "kgram", "Hz"]:
        assert name in allowed
        assert allowed[name].scale == 0 or float(allowed[name]) == 1.0
    for name in ["mV", "metre2", "molar", "gram", "cmetre"]:
        assert name not in allowed
    assert describe_base_units_for_declarations() == (
        "amp (ampere), candle (lumen), coulomb, farad, gray (sievert), henry, hertz (Hz, "
        "becquerel), joule, katal, kelvin, kilogram (kilogramme, kgram, kgramme), klitre "
        "(kliter), lux, metre (meter), mmolar (mM), mole (mol), newton, ohm, pascal, radian "
        "(steradian), second, siemens, tesla, volt, watt, weber"
    )


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("avogadro_constant", "6.02214086e+23 mol^-1", "6.02214086e+23 * mole ** -1"),
        ("boltzmann_constant", "1.38064852e-23 J/K", "1.38064852e-23 * joule / kelvin"),
        ("electric_constant", "8.85418782e-12 F/m", "8.85418782e-12 * farad / metre"),
        ("electron_mass", "0.00091094 yg", "0.00091094 * ygram"),
        ("elementary_charge", "160.21766208 zC", "160.21766208 * zcoulomb"),
        ("faraday_constant", "96485.33289 s A mol^-1", "96485.33289 * second * amp * mole ** -1"),
        ("gas_constant", "8.3144598 J/(mol K)", "8.3144598 * joule / (mole * kelvin)"),
        ("magnetic_constant", "1.25663706e-06 H/m", "1.25663706e-06 * henry / metre"),
        ("molar_mass_constant", "0.001 kg mol^-1", "0.001 * kilogram * mole ** -1"),
        ("zero_celsius", "273.15 K", "273.15 * kelvin"),
    ],
)
def test_physical_constants_have_brians_values(name, text, code):
    value = getattr(constants, name)
    assert str(value) == text
    assert repr(value) == code
    assert name in constants.__all__
    assert name not in engine.units.__all__


def test_constants_values_in_si_units():
    assert float(constants.faraday_constant) == 96485.33289
    assert float(constants.magnetic_constant) == 4 * math.pi * 1e-7
    assert repr(34 * kelvin + constants.zero_celsius) == "307.15 * kelvin"


def test_celsius_is_not_a_unit():
    for use in (
        lambda: 3 * celsius,
        lambda: celsius * 3,
        lambda: celsius == 1,
        lambda: celsius + 1,
    ):
        with pytest.raises(TypeError, match="'celsius' is no longer supported.*zero_celsius"):
            use()


def test_dimensionless_units():
    assert UNITS["radian"].dim is DIMENSIONLESS
    assert float(UNITS["mradian"]) == 0.001


class TestDefinitionsCache:
    """What pint says about the units is cached, so that importing them does not import pint."""

    @pytest.fixture
    def cache(self, tmp_path, monkeypatch):
        monkeypatch.setattr(definitions, "_cache_folder", lambda: tmp_path)
        definitions._table.cache_clear()
        definitions._table()
        (path,) = tmp_path.glob("units-*.json")
        definitions._table.cache_clear()
        yield path
        definitions._table.cache_clear()

    def test_the_table_is_written_then_read(self, cache, monkeypatch):
        table = json.loads(cache.read_text())
        assert table["units"]["mole"] == [0, [0, 0, 0, 0, 0, 1, 0]]
        assert table["units"]["liter"] == [-3, [3, 0, 0, 0, 0, 0, 0]]
        assert table["prefixes"] == definitions.PREFIXES

        def pint_not_asked():
            raise AssertionError("pint asked again")

        monkeypatch.setattr(definitions, "_read_from_pint", pint_not_asked)
        assert definitions._table() == table

    def test_a_stale_or_damaged_cache_is_replaced(self, cache):
        expected = definitions._table()
        for content in ("not json", json.dumps({**expected, "key": "older pint"}), "{}"):
            cache.write_text(content)
            definitions._table.cache_clear()
            assert definitions._table() == expected
            assert json.loads(cache.read_text()) == expected

    def test_an_unwritable_cache_folder_is_no_problem(self, cache, monkeypatch):
        monkeypatch.setattr(definitions, "_cache_folder", lambda: cache / "folder")
        cache.write_text("a file where the folder should be")
        assert definitions._table()["units"]["volt"][0] == 0


@pytest.mark.slow
def test_importing_the_units_does_not_import_pint_once_cached(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    script = "import sys, engine.units; print('pint' in sys.modules)"
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]
    assert list((tmp_path / "spikecanvas").glob("units-*.json"))
