"""engine.numpy_ (numpy with unit-aware functions) and engine.only (no numpy names), as Brian's."""

import numpy

import engine
import engine.numpy_ as np_
from engine.public_names import PUBLIC_NAMES
from engine.units import functions, ms, mV


def test_numpy_underscore_is_numpy_with_the_unit_aware_functions():
    assert np_.exp is functions.exp
    assert np_.linspace(0 * ms, 2 * ms, 3).tolist() == (numpy.array([0, 1, 2]) * ms).tolist()
    assert np_.array is numpy.array
    assert np_.pi == numpy.pi


def test_numpy_underscore_keeps_numpys_round_abs_max_min_and_pythons_types_as_brian2():
    for name in ("round", "abs", "max", "min"):
        assert getattr(np_, name) is getattr(numpy, name)
    assert np_.float is float
    assert np_.bool is bool


def test_numpy_underscore_star_import_gives_numpy_and_the_unit_aware_functions():
    namespace: dict = {}
    exec("from engine.numpy_ import *", namespace)
    assert namespace["exp"] is functions.exp
    assert namespace["zeros"] is numpy.zeros


def test_only_gives_the_units_and_engine_names_without_numpy():
    namespace: dict = {}
    exec("from engine.only import *", namespace)
    del namespace["__builtins__"]
    expected = set(engine.units.__all__) | {n for names in PUBLIC_NAMES.values() for n in names}
    assert set(namespace) == expected
    assert "zeros" not in namespace
    assert "plot" not in namespace
    assert namespace["NeuronGroup"] is engine.NeuronGroup
    assert namespace["mV"] is mV
