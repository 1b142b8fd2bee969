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

__all__ = ["compiled_push"]

_SOURCE = """\
# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport calloc, free


def push(size_t events_address, Py_ssize_t n_events, int64_t start, int64_t stop,
         size_t offsets_address, size_t order_address, size_t delays_address,
         bint homogeneous, int64_t delay, int64_t current, int64_t steps,
         size_t buckets_address, Py_ssize_t width, size_t counts_address):
    # Queue the synapses of the elements with an event (sorted positions). Returns 0, or the
    # bucket width needed when the buckets are too narrow (then nothing was queued).
    cdef int32_t* events = <int32_t*>events_address
    cdef int64_t* offsets = <int64_t*>offsets_address
    cdef int32_t* order = <int32_t*>order_address
    cdef int64_t* delays = <int64_t*>delays_address
    cdef int32_t* buckets = <int32_t*>buckets_address
    cdef int64_t* counts = <int64_t*>counts_address
    cdef int64_t* added
    cdef Py_ssize_t k, position, needed = 0
    cdef int64_t source, synapse, bucket
    added = <int64_t*>calloc(steps, sizeof(int64_t))
    if added == NULL:
        raise MemoryError()
    with nogil:
        for k in range(n_events):  # first count, to see whether the buckets are wide enough
            source = events[k]
            if source < start or source >= stop:
                continue
            source -= start
            for position in range(offsets[source], offsets[source + 1]):
                synapse = order[position]
                bucket = (current + (delay if homogeneous else delays[synapse])) % steps
                added[bucket] += 1
                if counts[bucket] + added[bucket] > needed:
                    needed = counts[bucket] + added[bucket]
        if needed <= width:
            for k in range(n_events):
                source = events[k]
                if source < start or source >= stop:
                    continue
                source -= start
                for position in range(offsets[source], offsets[source + 1]):
                    synapse = order[position]
                    bucket = (current + (delay if homogeneous else delays[synapse])) % steps
                    buckets[bucket * width + counts[bucket]] = <int32_t>synapse
                    counts[bucket] += 1
    free(added)
    return 0 if needed <= width else needed
"""


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
