"""The spike queue's push as C: shared by the compiled queue and the compiled schedule.

A queue (`engine.synapses.spikequeue.SpikeQueue`) is a ring of ``steps`` buckets, each a row of
``width`` synapse numbers with a count. Pushing the events of one step queues the synapses of
each source element with an event (by source, then synapse number) after their delays, in the
order numpy's queue uses, so that synapses receive their events in the same order on both
targets.
"""

from __future__ import annotations

__all__ = ["PUSH_FUNCTION"]

#: Cython source of ``_push``: queue the synapses of ``n_events`` sorted source positions.
#: It returns 0, or the bucket width needed when the buckets are too narrow (then nothing was
#: queued: widen them and push again). ``added`` is scratch room for ``steps`` counts.
PUSH_FUNCTION = """
cdef Py_ssize_t _push(int32_t* events, Py_ssize_t n_events, int64_t start, int64_t stop,
                      int64_t* offsets, int32_t* order, int64_t* delays, bint homogeneous,
                      int64_t delay, int64_t current, int64_t steps, int32_t* buckets,
                      Py_ssize_t width, int64_t* counts, int64_t* added) noexcept nogil:
    cdef Py_ssize_t k, position, needed = 0
    cdef int64_t source, synapse, bucket
    for k in range(steps):
        added[k] = 0
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
    if needed > width:
        return needed
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
    return 0
"""
