"""Counting a run's spikes as they arrive, group by group, as the run's summary counts them.

A group's spikes are those its first SpikeMonitor records; a group that only a
PopulationRateMonitor records has them counted from the rate (rate * dt * N per step: the
STDP example's output neuron). Groups nobody records are not counted, and `text` says so when
no group is. `engine.project.results.Results.summary` gives the same numbers at the end.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.project.results import (
    MonitorData,
    RateData,
    SpikeData,
    concatenate,
    spikes_from_rate,
)

__all__ = ["SpikeCounter"]


class SpikeCounter:
    """Adds up the spikes of the live chunks of a run's monitors."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Start counting afresh (a new run)."""
        self._counts: dict[str, int] = {}  # by group
        self._counter: dict[str, str] = {}  # group -> the monitor that counts its spikes
        self._by_spikes: set[str] = set()  # groups counted by a SpikeMonitor
        self._last_t: dict[str, float] = {}  # rate monitor -> time of its last sample
        self._waiting: dict[str, RateData] = {}  # a first sample, until its step is known

    @property
    def counting(self) -> bool:
        """Whether any group's spikes are recorded (by a spike or a rate monitor)."""
        return bool(self._counter)

    @property
    def total(self) -> int:
        """The spikes counted so far, over every counted group."""
        return sum(self._counts.values())

    def add(self, data: Mapping[str, MonitorData]) -> None:
        """Count the spikes of new chunks of monitor data (by monitor name, as reported)."""
        for name, chunk in data.items():
            if isinstance(chunk, SpikeData):
                self._add_spikes(name, chunk)
            elif isinstance(chunk, RateData):
                self._add_rate(name, chunk)

    def text(self) -> str:
        """Say how many spikes: ``"1,234 spikes"``, or that no monitor records any."""
        if not self.counting:
            return "spikes not recorded"
        return f"{self.total:,} spikes"

    def _add_spikes(self, name: str, chunk: SpikeData) -> None:
        group = chunk.source
        if group not in self._by_spikes:  # its first spike monitor; a rate count gives way
            self._by_spikes.add(group)
            self._counter[group] = name
            self._counts[group] = 0
        if self._counter[group] == name:
            self._counts[group] += chunk.num_spikes

    def _add_rate(self, name: str, chunk: RateData) -> None:
        group = chunk.source
        self._counter.setdefault(group, name)
        if self._counter[group] != name:
            return
        waiting = self._waiting.pop(name, None)
        if waiting is not None:
            chunk = concatenate([waiting, chunk])
        if len(chunk.t) == 0:
            return
        last = self._last_t.get(name)
        if len(chunk.t) == 1 and last is None:
            self._waiting[name] = chunk  # one sample: its step is known with the next one
            return
        dt = float(chunk.t[0] - last) if last is not None else 0.0  # used for one sample only
        self._last_t[name] = float(chunk.t[-1])
        self._counts[group] = self._counts.get(group, 0) + spikes_from_rate(chunk, dt)
