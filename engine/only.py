"""The engine's names without numpy's or pylab's (Brian 2's ``brian2.only``).

``from engine.only import *`` gives the units and the engine's public names
(`engine.public_names`), and nothing from numpy or matplotlib, for scripts that import those
under their own names. Names load on first use, as from `engine`.
"""

import engine
from engine.public_names import PUBLIC_NAMES
from engine.units import __all__ as _units

__all__ = [*_units, *(name for names in PUBLIC_NAMES.values() for name in names)]


def __getattr__(name: str) -> object:
    if name in __all__:
        value = getattr(engine, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'engine.only' has no attribute '{name}'")
