"""The spike queue's push as compiled code, for the cython target.

`SpikeQueue.push` in numpy builds index arrays for every step with events; this loop does the
same insertions directly, in the same order (by source element, then synapse number), so the
buckets hold the same synapses in the same order and the synapses receive their events in the
same order on both targets. It is compiled once per machine (`engine.codegen.cython.build`
caches it) and releases the GIL. Arrays reach it as addresses (taken by its ``_address``,
`engine.codegen.cython.build.ADDRESS_FUNCTION`): typed memoryviews would triple the code to compile.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

from engine.codegen.cython.queue import PUSH_FUNCTION

__all__ = ["compiled_push"]

_SOURCE = (
    """\
# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport calloc, free
"""
    + PUSH_FUNCTION
    + """

def push(size_t events_address, Py_ssize_t n_events, int64_t start, int64_t stop,
         size_t offsets_address, size_t order_address, size_t delays_address,
         bint homogeneous, int64_t delay, int64_t current, int64_t steps,
         size_t buckets_address, Py_ssize_t width, size_t counts_address):
    # `_push` with the GIL released, and its scratch room.
    cdef int64_t* added = <int64_t*>calloc(steps, sizeof(int64_t))
    cdef Py_ssize_t needed
    if added == NULL:
        raise MemoryError()
    with nogil:
        needed = _push(<int32_t*>events_address, n_events, start, stop,
                       <int64_t*>offsets_address, <int32_t*>order_address,
                       <int64_t*>delays_address, homogeneous, delay, current, steps,
                       <int32_t*>buckets_address, width, <int64_t*>counts_address, added)
    free(added)
    return needed
"""
)


@functools.cache
def compiled_push() -> tuple[Callable[..., Any], Callable[[Any], int]] | None:
    """Return the compiled push and address functions, or None where code cannot be compiled.

    Without a compiler the cython target itself is unavailable (and says why); if only this
    module fails to compile, a warning names the reason and queues push on numpy.
    """
    from engine.codegen.cython.build import (
        ADDRESS_FUNCTION,
        CompileError,
        build_module,
        compiler_problem,
    )

    if compiler_problem() is not None:
        return None
    try:
        module, _ = build_module(_SOURCE + ADDRESS_FUNCTION)
    except CompileError as error:
        warnings.warn(
            f"The compiled spike queue could not be built, so it runs on numpy (slower, same "
            f"results): {error}",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return module.push, module._address
