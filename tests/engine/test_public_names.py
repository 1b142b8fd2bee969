"""Each public name is listed once (`engine.public_names`, the units' modules) and exported.

``from engine import *`` gives exactly: the units of `engine.units`, the names of
`engine.public_names` (each the object its subpackage defines), and numpy's names (pylab's, with
matplotlib) that the engine's do not replace.
"""

import importlib
import pkgutil

import pylab
import pytest

import engine
import engine.units
from engine.public_names import PUBLIC_NAMES
from engine.units import functions, stdunits

ENGINE_NAMES = {name for names in PUBLIC_NAMES.values() for name in names}


def star_import() -> dict:
    namespace: dict = {}
    exec("from engine import *", namespace)
    del namespace["__builtins__"]
    return namespace


@pytest.mark.parametrize("subpackage", sorted(PUBLIC_NAMES))
def test_each_public_name_is_the_object_its_subpackage_defines(subpackage):
    module = importlib.import_module(subpackage)
    namespace = star_import()
    for name in PUBLIC_NAMES[subpackage]:
        assert namespace[name] is getattr(module, name) is getattr(engine, name), name


@pytest.mark.parametrize("subpackage", ["engine.core", "engine.input", "engine.monitors"])
def test_subpackages_of_public_names_only_take_their_list_from_the_table(subpackage):
    module = importlib.import_module(subpackage)
    assert module.__all__ == list(PUBLIC_NAMES[subpackage])
    namespace: dict = {}
    exec(f"from {subpackage} import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(PUBLIC_NAMES[subpackage])


def test_no_name_is_public_in_two_subpackages():
    assert len(ENGINE_NAMES) == sum(len(names) for names in PUBLIC_NAMES.values())


def test_the_units_export_the_short_names_and_the_unit_aware_functions():
    exported = set(engine.units.__all__)
    assert set(stdunits.stdunits) <= exported
    assert set(functions.__all__) <= exported
    assert "stdunits" not in exported  # the dictionary stays in its module
    assert len(engine.units.__all__) == len(exported)
    for name in [*stdunits.stdunits, *functions.__all__]:
        assert getattr(engine.units, name) is getattr(
            stdunits if name in stdunits.stdunits else functions, name
        )


def test_the_star_import_is_the_units_the_engine_names_and_pylab_s_names():
    namespace = star_import()
    units = set(engine.units.__all__)
    pylab_names = {name for name in dir(pylab) if not name.startswith("_")} | {"np", "numpy"}
    assert set(namespace) == units | ENGINE_NAMES | pylab_names
    assert not units & ENGINE_NAMES
    for name in units:
        assert namespace[name] is getattr(engine.units, name), name
    # A name of one of the engine's subpackages (numpy's ``core``) is that subpackage once it is
    # loaded, as in any package's star import.
    subpackages = {info.name for info in pkgutil.iter_modules(engine.__path__)}
    for name in pylab_names - units - ENGINE_NAMES - subpackages - {"np", "numpy"}:
        assert namespace[name] is getattr(pylab, name), name
    assert sorted(engine.__all__) == sorted(namespace)
