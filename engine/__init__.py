"""SpikeCanvas's simulation engine.

A clock-driven simulator whose user-facing names and semantics follow Brian 2, so that a script
written with ``from brian2 import *`` runs with ``from engine import *``. The engine never
imports Qt or the application (a test enforces it), so it runs headless and in plain scripts.

``from engine import *`` gives what ``from brian2 import *`` gives: numpy's names (and pylab's
when matplotlib is installed), then the engine's, which take precedence — so ``exp`` and
``linspace`` are the unit-aware versions.

The package loads lazily: ``import engine`` only reads the version, and each public name
imports its subpackage on first use, so that the command line and the application start
quickly and pay for sympy only when they parse a model.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from engine._version import __version__ as __version__
from engine.public_names import PUBLIC_NAMES

# Where each public name lives (all units come on top, from engine.units).
_HOME = {name: module for module, names in PUBLIC_NAMES.items() for name in names}


@cache
def _engine_names() -> list[str]:
    units = import_module("engine.units")
    return [*units.__all__, *_HOME]


@cache
def _scientific_namespace() -> dict[str, object]:
    """Return the names numpy (or pylab, with matplotlib) gives a script, as in Brian 2."""
    import numpy

    namespace: dict[str, object] = {}
    if find_spec("matplotlib") is not None:
        import pylab

        namespace.update(_public(pylab))
    else:
        import datetime

        import numpy.fft
        import numpy.linalg
        import numpy.ma
        import numpy.random

        for module in (numpy, numpy.fft, numpy.linalg, numpy.random):
            namespace.update(_public(module))
        namespace.update(datetime=datetime, ma=numpy.ma)
    namespace.update(np=numpy, numpy=numpy)
    return namespace


def _public(module: object) -> dict[str, object]:
    names = getattr(module, "__all__", None) or dir(module)
    return {n: getattr(module, n) for n in names if not n.startswith("_") and hasattr(module, n)}


def __getattr__(name: str) -> object:
    if name == "__all__":  # asked for by `from engine import *`
        ours = _engine_names()
        return [*(n for n in _scientific_namespace() if n not in ours), *ours]
    if name.startswith("__"):
        raise AttributeError(f"module 'engine' has no attribute '{name}'")
    if name in _HOME:
        value = getattr(import_module(_HOME[name]), name)
    elif name in _engine_names():
        value = getattr(import_module("engine.units"), name)
    elif name in _scientific_namespace():
        value = _scientific_namespace()[name]
    else:
        raise AttributeError(f"module 'engine' has no attribute '{name}'")
    globals()[name] = value  # later lookups are plain attribute reads
    return value
