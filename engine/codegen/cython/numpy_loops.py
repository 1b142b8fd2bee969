"""Compiled code computes ``exp``, ``log``, ``**``... exactly as numpy does on this machine.

numpy computes many functions with its own SIMD loops, chosen at run time for the processor:
on AVX-512, ``exp``, ``log``, ``expm1``, ``sinh``, ``**``... (and ``tanh`` on AVX2) round
differently from the C library in the last bit for some arguments (~5 % of them for ``exp``).
Compiled code calling the C library would then drift from the numpy target by an ulp per step.
So compiled code calls, for each function where the two differ here, *numpy's own loop* on
doubles — the very function pointer numpy calls for float64 arrays, found in the ufunc's loop
table (``PyUFuncObject.functions``) when the module is imported — one element at a time
(numpy's SIMD loops compute each element alone: the result does not depend on its
neighbours). Where the C library agrees with numpy it is called directly: it is several times
faster than numpy's loop on one element.

Which is which is decided once per process, by `implementations`: a probe module (compiled
once per machine and cached like any other) computes every function both ways over a fixed
set of arguments — ordinary ones, tiny and huge ones, special values — and each is compared
bit for bit with numpy's own results. A function neither way reproduces stays on the numpy
target (its operations are not compiled). The decision is part of the generated code (and so
of the compiled module's name), and `engine.codegen.cython.build.machine_features` is part of
that name too.

``**`` follows numpy's rules: on arrays, ``x ** 2``, ``x ** 0.5`` and ``x ** -1`` are
``square``, ``sqrt`` and ``reciprocal`` (numpy's shortcuts for a scalar exponent), other
powers numpy's ``power`` loop; between scalars (the scalar block), the C library's ``pow``, as
numpy's scalars and Python's floats compute it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from engine.codegen.cython.functions import library_names

__all__ = [
    "CIMPORTS",
    "POWER",
    "differing",
    "implementations",
    "prelude",
    "sample_arguments",
]

#: The C library functions `prelude`'s helpers call (besides the decided functions').
CIMPORTS = (("libc.math", "pow"), ("libc.math", "sqrt"))

#: The name under which `implementations` gives the decision for ``**`` (numpy's ``power``).
POWER = "power"

# The exponents numpy replaces by another ufunc (square, sqrt, reciprocal) when an array is
# raised to a scalar: `_power_array` does the same.
_SHORTCUTS = (2.0, 0.5, -1.0)

_HEADER = """
cdef extern from "numpy/arrayobject.h":
    enum: NPY_DOUBLE


ctypedef void (*_ufunc_loop)(char**, const Py_ssize_t*, const Py_ssize_t*, void*) noexcept nogil


cdef extern from "numpy/ufuncobject.h":
    ctypedef struct PyUFuncObject:
        int nargs
        int ntypes
        void** functions
        void** data
        const char* types


cdef _ufunc_loop _find_loop(object ufunc, void** data) except NULL:
    # The ufunc's loop on doubles: the function numpy calls on float64 arrays here.
    cdef PyUFuncObject* table = <PyUFuncObject*>ufunc
    cdef int k, j
    cdef bint doubles
    for k in range(table.ntypes):
        doubles = True
        for j in range(table.nargs):
            if table.types[k * table.nargs + j] != NPY_DOUBLE:
                doubles = False
        if doubles:
            data[0] = table.data[k]
            return <_ufunc_loop>table.functions[k]
    raise ImportError(f"numpy.{ufunc.__name__} has no loop on doubles")


import numpy as _numpy
"""

_UNARY = """

cdef void* _data_{name}
cdef _ufunc_loop _loop_{name} = _find_loop(_numpy.{name}, &_data_{name})


cdef inline double _np_{name}(double x) noexcept nogil:
    # numpy's {name} of one element (its loop, on a block of one)
    cdef double result
    cdef char* arguments[2]
    cdef Py_ssize_t count = 1
    cdef Py_ssize_t steps[2]
    arguments[0] = <char*>&x
    arguments[1] = <char*>&result
    steps[0] = sizeof(double)
    steps[1] = sizeof(double)
    _loop_{name}(arguments, &count, steps, _data_{name})
    return result


cdef inline void _np_{name}_block(double* x, double* out, Py_ssize_t count) noexcept nogil:
    # numpy's {name} of a block of elements
    cdef char* arguments[2]
    cdef Py_ssize_t steps[2]
    arguments[0] = <char*>x
    arguments[1] = <char*>out
    steps[0] = sizeof(double)
    steps[1] = sizeof(double)
    _loop_{name}(arguments, &count, steps, _data_{name})
"""

_BINARY = """

cdef void* _data_{name}
cdef _ufunc_loop _loop_{name} = _find_loop(_numpy.{name}, &_data_{name})


cdef inline double _np_{name}(double x, double y) noexcept nogil:
    # numpy's {name} of one pair of elements (its loop, on a block of one)
    cdef double result
    cdef char* arguments[3]
    cdef Py_ssize_t count = 1
    cdef Py_ssize_t steps[3]
    arguments[0] = <char*>&x
    arguments[1] = <char*>&y
    arguments[2] = <char*>&result
    steps[0] = sizeof(double)
    steps[1] = sizeof(double)
    steps[2] = sizeof(double)
    _loop_{name}(arguments, &count, steps, _data_{name})
    return result


cdef inline void _np_{name}_block(
    double* x, double* y, double* out, Py_ssize_t count
) noexcept nogil:
    # numpy's {name} of a block of pairs of elements
    cdef char* arguments[3]
    cdef Py_ssize_t steps[3]
    arguments[0] = <char*>x
    arguments[1] = <char*>y
    arguments[2] = <char*>out
    steps[0] = sizeof(double)
    steps[1] = sizeof(double)
    steps[2] = sizeof(double)
    _loop_{name}(arguments, &count, steps, _data_{name})


cdef inline void _power_array_block(
    double* x, double* y, double* out, Py_ssize_t count
) noexcept nogil:
    # `_power_array` of a block of elements
    cdef Py_ssize_t j
    _np_{name}_block(x, y, out, count)
    for j in range(count):
        if y[j] == 2.0:
            out[j] = x[j] * x[j]
        elif y[j] == 0.5:
            out[j] = sqrt(x[j])
        elif y[j] == -1.0:
            out[j] = 1.0 / x[j]
"""

_HELPERS = """

cdef inline double _power_each(double x, double y) noexcept nogil:
    # numpy's power of arrays, element by element
    return {each}


cdef inline double _power_array(double x, double y) noexcept nogil:
    # numpy's `array ** scalar`: its shortcuts for these exponents, else its power loop
    if y == 2.0:
        return x * x
    if y == 0.5:
        return sqrt(x)
    if y == -1.0:
        return 1.0 / x
    return _power_each(x, y)
"""


def prelude(chosen: Mapping[str, str | None]) -> str:
    """Return the Cython helpers compiled code needs to compute functions as ``chosen``.

    Parameters
    ----------
    chosen
        For each function of `engine.codegen.cython.functions.library_names` and `POWER`:
        ``"libm"`` (the C library), ``"numpy"`` (numpy's loop) or None (not compiled), as
        `implementations` decides. The module must cimport the C library's functions and
        `CIMPORTS`.
    """
    on_numpy = [name for name in [*library_names(), POWER] if chosen.get(name) == "numpy"]
    parts = [_HEADER] if on_numpy else []
    for name in on_numpy:
        parts.append((_BINARY if name == POWER else _UNARY).format(name=name))
    each = "_np_power(x, y)" if chosen.get(POWER) == "numpy" else "pow(x, y)"
    parts.append(_HELPERS.format(each=each))
    return "".join(parts)


# -- deciding, once per process ---------------------------------------------------------------


def sample_arguments() -> tuple[np.ndarray, np.ndarray]:
    """Return the arguments the decision compares on: (x, y) pairs, ``y`` for ``**`` only.

    Ordinary magnitudes of models (voltages over millivolts, ``-dt/tau``...), tiny and huge
    ones, integers and halves, and special values; the same on every run.
    """
    generator = np.random.default_rng(20240518)
    tiny = np.finfo(float).tiny
    x = np.concatenate(
        [
            generator.uniform(-30, 30, 20000),
            generator.uniform(-1, 1, 20000),
            generator.uniform(-1e-3, 1e-3, 4000),
            -generator.uniform(1e-5, 1, 4000),  # -dt/tau
            generator.uniform(-750, 750, 4000),
            np.exp(generator.uniform(-700, 700, 4000)),
            np.arange(-40, 41) / 2,
            [0.0, -0.0, np.inf, -np.inf, np.nan, tiny, -tiny, tiny / 4, 1e308, -1e308],
        ]
    )
    y = np.concatenate(
        [
            generator.uniform(-5, 5, x.size - 200),
            np.resize(np.array([2.0, 3.0, 4.0, 0.5, -1.0, -2.0, 1.0, 0.0, 1.5, -0.5]), 200),
        ]
    )
    return x, y


def _same(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two results are the same numbers: bit for bit, any NaN equal to any NaN."""
    nan = np.isnan(first)
    return bool(
        np.array_equal(nan, np.isnan(second))
        and np.array_equal(first[~nan].view(np.int64), second[~nan].view(np.int64))
    )


def _probe_source() -> str:
    """Cython source of the probe: each function by the C library and by numpy's loop."""
    library = library_names()
    everything = dict.fromkeys([*library, POWER], "numpy")
    lines = [
        "# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True",
        "from libc.math cimport " + ", ".join([*library.values(), "pow"]),
        prelude(everything),
    ]
    calls = {
        **{f"libm_{name}": f"{c_name}(x[i])" for name, c_name in library.items()},
        **{f"numpy_{name}": f"_np_{name}(x[i])" for name in library},
        "libm_power": "pow(x[i], y[i])",
        "numpy_power": "_np_power(x[i], y[i])",
        "numpy_power_array": "_power_array(x[i], y[i])",
    }
    for function, call in calls.items():
        lines += [
            "",
            "",
            f"def {function}(double[::1] x, double[::1] y, double[::1] out):",
            "    cdef Py_ssize_t i",
            "    with nogil:",
            "        for i in range(x.shape[0]):",
            f"            out[i] = {call}",
        ]
    return "\n".join(lines) + "\n"


def _reference(name: str) -> Callable[..., Any]:
    """Return numpy's function ``name`` (a hook: tests put a differing one here)."""
    function: Callable[..., Any] = getattr(np, name)
    return function


def _probe() -> Any:
    """Return the probe module (raises `engine.codegen.cython.build.CompileError`)."""
    from engine.codegen.cython.build import build_module

    module, _ = build_module(_probe_source())
    return module


@functools.cache
def implementations() -> dict[str, str | None]:
    """Return how compiled code computes each function here, so that it gives numpy's values.

    For each function of `engine.codegen.cython.functions.library_names` and for `POWER`:
    ``"libm"`` where the C library gives numpy's values on every sample argument, else
    ``"numpy"`` where numpy's own loop called on one element does, else None (operations using
    it run on numpy). Decided once per process
    (the probe module it compiles is cached on disk). Where no module can be compiled, every
    function is None: nothing is compiled then anyway.
    """
    from engine.codegen.cython.build import CompileError

    try:
        probe = _probe()
    except (CompileError, ImportError, OSError):
        return dict.fromkeys([*library_names(), POWER])
    x, y = sample_arguments()
    out = np.empty_like(x)
    chosen: dict[str, str | None] = {}
    with np.errstate(all="ignore"):
        for name in [*library_names(), POWER]:
            arguments = (x, y) if name == POWER else (x,)
            expected = _reference(name)(*arguments)
            chosen[name] = None
            for how in ("libm", "numpy"):
                getattr(probe, f"{how}_{name}")(x, y, out)
                if _same(out, expected):
                    chosen[name] = how
                    break
        power = chosen[POWER]
        if power is not None and not _array_power_agrees(probe, x, power):
            chosen[POWER] = None
    return chosen


def _array_power_agrees(probe: Any, x: np.ndarray, how: str) -> bool:
    """Whether ``array ** scalar`` is numpy's power loop, or its shortcut for the exponent."""
    out = np.empty_like(x)
    for exponent in (*_SHORTCUTS, 3.0, 1.0, 0.0, -2.0, 1.5):
        exponents = np.full_like(x, exponent)
        if exponent in _SHORTCUTS or how == "numpy":
            probe.numpy_power_array(x, exponents, out)
        else:
            probe.libm_power(x, exponents, out)
        if not _same(out, x**exponent):
            return False
    return True


def differing(chosen: Mapping[str, str | None] | None = None) -> frozenset[str]:
    """Return the functions whose C library values differ from numpy's here."""
    chosen = implementations() if chosen is None else chosen
    return frozenset(name for name, how in chosen.items() if how != "libm")
