"""numpy with the engine's unit-aware functions (Brian 2's ``brian2.numpy_``).

``import engine.numpy_ as np`` gives numpy, where the functions that know about units
(``exp``, ``linspace``, ``where``, ...) are the engine's versions. As in Brian 2, ``round``,
``abs``, ``max`` and ``min`` are numpy's, and ``bool``, ``float`` and ``complex`` are Python's.
"""

import builtins

import numpy

import engine.units.functions as _functions

# Filled from the modules rather than by star imports: the same names on purpose, in order.
globals().update({name: getattr(numpy, name) for name in numpy.__all__ if hasattr(numpy, name)})
globals().update({name: getattr(_functions, name) for name in _functions.__all__})
globals().update({name: getattr(numpy, name) for name in ("round", "abs", "max", "min")})
globals().update({name: getattr(builtins, name) for name in ("bool", "float", "complex")})

__all__ = [*numpy.__all__, *(n for n in _functions.__all__ if n not in numpy.__all__)]
