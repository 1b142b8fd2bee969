"""`from engine import *` gives scripts Brian 2's input objects."""

import engine
import engine.input

NAMES = [
    "BinomialFunction",
    "NetworkOperation",
    "PoissonGroup",
    "PoissonInput",
    "SpikeGeneratorGroup",
    "TimedArray",
    "network_operation",
]


def test_the_input_objects_come_with_a_star_import():
    namespace: dict = {}
    exec("from engine import *", namespace)
    for name in NAMES:
        assert namespace[name] is getattr(engine.input, name), name


def test_the_package_exports_exactly_these_names():
    assert sorted(engine.input.__all__) == NAMES
