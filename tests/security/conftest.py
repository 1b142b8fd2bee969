"""Every security test starts from a fresh engine: a new scope, default preferences and dt.

As in ``tests/engine``, code runs on numpy unless ``SPIKECANVAS_TEST_TARGET`` names another
target; tests about a target choose it themselves.
"""

import os

import pytest

from engine.core import defaultclock, prefs, start_scope
from engine.units import ms


@pytest.fixture(autouse=True)
def _fresh_engine():
    start_scope()
    prefs.reset()
    prefs.codegen.target = os.environ.get("SPIKECANVAS_TEST_TARGET", "numpy")
    defaultclock.dt = 0.1 * ms
    yield
    prefs.reset()
    defaultclock.dt = 0.1 * ms
