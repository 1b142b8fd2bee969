"""The spike queue of a synaptic pathway: which synapses receive an event in which step.

When a source neuron emits an event, each of its synapses receives it after that synapse's
delay, rounded to whole steps. The queue is a ring of buckets, one per step up to the longest
delay; a bucket holds the synapses to process in that step, in the order the events were
pushed (by step, then source neuron, then synapse number), which is the order in which
Brian 2's queue delivers them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["SpikeQueue"]


class SpikeQueue:
    """Future synaptic events of one pathway.

    Parameters
    ----------
    start, stop
        The source elements (positions in the source group's arrays) whose events count;
        a subgroup's events are those of its range.
    """

    def __init__(self, start: int, stop: int) -> None:
        self.start = start
        self.stop = stop
        self._buckets = np.zeros((1, 1), dtype=np.int32)  # rows: steps; columns: events
        self._counts = np.zeros(1, dtype=np.int64)
        self._current = 0
        self._delays: np.ndarray = np.zeros(0, dtype=np.int64)
        self._homogeneous = True
        self._order = np.zeros(0, dtype=np.int32)
        self._offsets = np.zeros(stop - start + 1, dtype=np.int64)
        self._compiled: Any = None

    def use_compiled(self, push: Any) -> None:
        """Push with ``(push, address)`` of `engine.synapses.compiled_queue`, or numpy if None."""
        self._compiled = push

    # -- set-up ---------------------------------------------------------------------------------

    def prepare(self, delays: np.ndarray, sources: np.ndarray, rescale: float = 1.0) -> None:
        """Take the synapses' delays (in steps) and sources; keep the events already queued.

        Parameters
        ----------
        delays
            One delay per synapse, or a single delay for all, as whole steps.
        sources
            The source position of each synapse (in the source group's arrays).
        rescale
            The old time step divided by the new one, when the time step changed: queued
            events keep their arrival times (rounded to the new steps).
        """
        remaining, queued = self.pending()
        if rescale != 1.0:
            remaining = np.floor(remaining * rescale + 0.5).astype(np.int64)
        delays = np.asarray(delays, dtype=np.int64).ravel()
        if delays.size and delays.min() < 0:
            raise ValueError("Synaptic delays cannot be negative")
        sources = np.asarray(sources, dtype=np.int64) - self.start
        # Synapses grouped by source, each group in synapse order (a stable sort).
        self._order = np.argsort(sources, kind="stable").astype(np.int32)
        counts = np.bincount(sources, minlength=self.stop - self.start)
        self._offsets = np.concatenate(([0], np.cumsum(counts)))
        self._homogeneous = delays.size <= 1 or bool(np.all(delays == delays[0]))
        self._delays = delays[:1] if self._homogeneous and delays.size else delays
        longest = max(int(delays.max()) if delays.size else 0, int(remaining.max(initial=0)))
        steps = max(longest + 1, len(self._counts))
        self._buckets = np.zeros((steps, max(self._buckets.shape[1], 1)), dtype=np.int32)
        self._counts = np.zeros(steps, dtype=np.int64)
        self._current = 0
        self._insert(remaining, queued)

    # -- each step ------------------------------------------------------------------------------

    def push(self, events: np.ndarray) -> None:
        """Queue the synapses of the source elements with an event now (sorted positions)."""
        if self._compiled is not None:
            self._push_compiled(np.ascontiguousarray(events, dtype=np.int32))
            return
        if self.start or self.stop < (events[-1] + 1 if len(events) else 0):
            events = events[
                np.searchsorted(events, self.start) : np.searchsorted(events, self.stop)
            ]
        if not len(events):
            return
        sources = events - self.start
        first = self._offsets[sources]
        lengths = self._offsets[sources + 1] - first
        total = int(lengths.sum())
        if total == 0:
            return
        # Positions in `_order` of every synapse of every source with an event, in order.
        starts = np.repeat(first - np.cumsum(lengths) + lengths, lengths)
        synapses = self._order[starts + np.arange(total)]
        if self._homogeneous:
            delays = int(self._delays[0]) if self._delays.size else 0
            self._insert(np.full(1, delays), synapses)
        else:
            self._insert(self._delays[synapses], synapses)

    def _push_compiled(self, events: np.ndarray) -> None:
        if not len(events):
            return
        push, address = self._compiled
        delay = int(self._delays[0]) if self._homogeneous and self._delays.size else 0
        for _ in range(2):  # a second time only after widening the buckets
            needed = push(
                address(events),
                len(events),
                self.start,
                self.stop,
                address(self._offsets),
                address(self._order),
                address(self._delays),
                self._homogeneous,
                delay,
                self._current,
                len(self._counts),
                address(self._buckets),
                self._buckets.shape[1],
                address(self._counts),
            )
            if not needed:
                return
            self.reserve(needed)
        raise AssertionError("the compiled push found the widened buckets too narrow")

    def pop(self) -> np.ndarray:
        """Return the synapses whose events arrive in this step, and move to the next step.

        The array is valid until the queue has gone round once (it is not copied).
        """
        current = self._current
        synapses = self._buckets[current, : self._counts[current]]
        self._counts[current] = 0
        self._current = (current + 1) % len(self._counts)
        return synapses

    def _insert(self, delays: np.ndarray, synapses: np.ndarray) -> None:
        """Queue ``synapses`` after ``delays`` steps (one delay, or one per synapse)."""
        if not len(synapses):
            return
        steps = len(self._counts)
        if len(delays) == 1:
            bucket = (self._current + int(delays[0])) % steps
            begin = int(self._counts[bucket])
            self.reserve(begin + len(synapses))
            self._buckets[bucket, begin : begin + len(synapses)] = synapses
            self._counts[bucket] += len(synapses)
            return
        buckets = (self._current + delays) % steps
        order = np.argsort(buckets, kind="stable")
        sorted_buckets = buckets[order]
        firsts = np.flatnonzero(np.r_[True, sorted_buckets[1:] != sorted_buckets[:-1]])
        sizes = np.diff(np.r_[firsts, len(order)])
        # The rank of each event among those going to the same bucket, in push order.
        rank = np.arange(len(order)) - np.repeat(firsts, sizes)
        columns = self._counts[sorted_buckets] + rank
        self.reserve(int(columns.max()) + 1)
        self._buckets[sorted_buckets, columns] = synapses[order]
        self._counts[sorted_buckets[firsts]] += sizes

    def reserve(self, columns: int) -> None:
        """Widen the buckets to hold at least ``columns`` synapses each."""
        if columns > self._buckets.shape[1]:
            grown = np.zeros(
                (self._buckets.shape[0], max(columns, 2 * self._buckets.shape[1])), dtype=np.int32
            )
            grown[:, : self._buckets.shape[1]] = self._buckets
            self._buckets = grown

    # -- for compiled code ----------------------------------------------------------------------

    def layout(self) -> dict[str, Any]:
        """Return the queue's arrays and numbers, for compiled code that pushes and pops.

        Compiled code pushes as `push` does (widening with `reserve` when told) and pops as
        `pop` does; it then tells the queue where it stopped with `move_to`.
        """
        return {
            "start": self.start,
            "stop": self.stop,
            "offsets": self._offsets,
            "order": self._order,
            "delays": self._delays,
            "homogeneous": self._homogeneous,
            "delay": int(self._delays[0]) if self._homogeneous and self._delays.size else 0,
            "current": self._current,
            "steps": len(self._counts),
            "buckets": self._buckets,
            "width": self._buckets.shape[1],
            "counts": self._counts,
        }

    def move_to(self, current: int) -> None:
        """Make ``current`` the bucket of the next step (compiled code popped up to it)."""
        self._current = current

    # -- state ----------------------------------------------------------------------------------

    def pending(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the queued events: steps until each arrives, and its synapse, in order."""
        steps = len(self._counts)
        delays, synapses = [], []
        for offset in range(steps):
            bucket = (self._current + offset) % steps
            count = int(self._counts[bucket])
            if count:
                delays.append(np.full(count, offset, dtype=np.int64))
                synapses.append(self._buckets[bucket, :count].copy())
        if not synapses:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        return np.concatenate(delays), np.concatenate(synapses)

    def state(self) -> dict[str, Any]:
        """Return the queued events as arrays (for storing a network)."""
        delays, synapses = self.pending()
        return {"delays": delays, "synapses": synapses}

    def restore(self, state: dict[str, Any]) -> None:
        """Replace the queued events by stored ones (see `state`)."""
        self._counts[:] = 0
        self._current = 0
        delays = np.asarray(state["delays"], dtype=np.int64)
        if delays.size and delays.max() >= len(self._counts):
            extra = int(delays.max()) + 1 - len(self._counts)
            self._buckets = np.vstack(
                [self._buckets, np.zeros((extra, self._buckets.shape[1]), dtype=np.int32)]
            )
            self._counts = np.concatenate([self._counts, np.zeros(extra, dtype=np.int64)])
        self._insert(delays, np.asarray(state["synapses"], dtype=np.int32))
