"""`from engine import *` gives a Brian 2 script what `from brian2 import *` gives it."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import engine


def star_import() -> dict:
    namespace: dict = {}
    exec("from engine import *", namespace)
    return namespace


def test_brian2_names_are_available():
    names = star_import()
    for name in [
        "mV",
        "ms",
        "nS",
        "Hz",
        "um2",
        "volt",
        "siemens",
        "Quantity",
        "Unit",
        "DimensionMismatchError",
        "check_units",
        "get_dimensions",
        "Equations",
        "euler",
        "rk2",
        "rk4",
        "heun",
        "milstein",
        "exponential_euler",
        "exact",
        "linear",
        "StateUpdateMethod",
        "ExplicitStateUpdater",
    ]:
        assert name in names, name


def test_numpy_names_come_too_with_unit_aware_versions_on_top():
    names = star_import()
    assert names["np"] is np
    assert names["argsort"] is np.argsort
    assert names["exp"].__module__.startswith("engine.units")
    assert names["linspace"].__module__.startswith("engine.units")
    assert str(names["mean"]([10, 20] * names["Hz"])) == "15. Hz"


def test_a_brian2_style_script_runs_after_changing_the_import():
    script = textwrap.dedent(
        """
        from engine import *
        tau = 10*ms
        eqs = Equations('''
        dv/dt = (v0 - v)/tau : volt (unless refractory)
        v0 : volt
        ''')
        print(tau, tau/ms, repr(euler(Equations('dv/dt = -v/tau : volt'))).count('\\n') >= 0)
        print(sorted(eqs.names))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["10. ms 10.0 True", "['v', 'v0']"]


def test_importing_engine_alone_loads_nothing_heavy():
    # The command line and the application import engine; sympy and numpy load on demand.
    code = (
        "import sys, engine; print(engine.__version__);"
        "print(sorted(m for m in ('sympy', 'numpy', 'pint') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[1] == "[]"


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        engine.nonexistent  # noqa: B018
