"""Every engine test starts from a fresh scope, default preferences and the default dt.

Engine tests run on the numpy target (``auto`` would compile a module for nearly every test);
``SPIKECANVAS_TEST_TARGET=cython`` runs them on that target instead (``make test-cython``):
they must pass, with the same numbers, on every target. Tests of the targets choose theirs.
"""

import os

import pytest

from engine.core import defaultclock, prefs
from engine.core.base import new_scope
from engine.units import ms


@pytest.fixture(autouse=True)
def _fresh_engine():
    # start_scope() without its garbage collection (~0.1 s here): tests do not depend on the
    # numbering of automatic names, except the test of start_scope itself, which calls it.
    new_scope()
    prefs.reset()
    prefs.codegen.target = os.environ.get("SPIKECANVAS_TEST_TARGET", "numpy")
    defaultclock.dt = 0.1 * ms
    yield
    defaultclock.dt = 0.1 * ms
