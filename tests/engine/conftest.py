"""Every engine test starts from a fresh scope, default preferences and the default dt.

``SPIKECANVAS_TEST_TARGET=cython`` runs the engine tests on that code target instead of the
default one (``make test-cython``): they must pass, with the same numbers, on every target.
"""

import os

import pytest

from engine.core import defaultclock, prefs, start_scope
from engine.units import ms


@pytest.fixture(autouse=True)
def _fresh_engine():
    start_scope()
    prefs.reset()
    target = os.environ.get("SPIKECANVAS_TEST_TARGET")
    if target:
        prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    yield
    defaultclock.dt = 0.1 * ms
