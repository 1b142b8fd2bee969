"""Every engine test starts from a fresh scope, default preferences and the default dt."""

import pytest

from engine.core import defaultclock, prefs, start_scope
from engine.units import ms


@pytest.fixture(autouse=True)
def _fresh_engine():
    start_scope()
    prefs.reset()
    defaultclock.dt = 0.1 * ms
    yield
    defaultclock.dt = 0.1 * ms
