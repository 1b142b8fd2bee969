"""The spike queue's push as compiled code, for the cython target.

`SpikeQueue.push` in numpy builds index arrays for every step with events; this loop does the
same insertions directly, in the same order (by source element, then synapse number), so the
buckets hold the same synapses in the same order and the synapses receive their events in the
same order on both targets. It is compiled once per machine (`engine.codegen.cython.build`
caches it) and releases the GIL. Its arrays are typed memoryviews: more C to compile than raw
addresses, once, for a call that costs a fraction of a microsecond per array.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["compiled_push"]

_SOURCE = """\
# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport calloc, free


def push(const int32_t[::1] events, int64_t start, int64_t stop,
         const int64_t[::1] offsets, const int32_t[::1] order, const int64_t[::1] delays,
         bint homogeneous, int64_t delay, int64_t current,
         int32_t[:, ::1] buckets, int64_t[::1] counts):
    # Queue the synapses of the elements with an event (sorted positions). Returns 0, or the
    # bucket width needed when the buckets are too narrow (then nothing was queued).
    cdef Py_ssize_t n_events = events.shape[0], width = buckets.shape[1]
    cdef int64_t steps = counts.shape[0]
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
                    buckets[bucket, counts[bucket]] = <int32_t>synapse
                    counts[bucket] += 1
    free(added)
    return 0 if needed <= width else needed
"""


@functools.cache
def compiled_push() -> Callable[..., Any] | None:
    """Return the compiled push (see the module), or None where code cannot be compiled."""
    from engine.codegen.cython.build import CompileError, build_module, compiler_problem

    if compiler_problem() is not None:
        return None
    try:
        module, _ = build_module(_SOURCE)
    except CompileError:
        return None
    return module.push
