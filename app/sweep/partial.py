"""The statistics of a sweep's points from the trials received so far (no Qt).

A running sweep's trials arrive one by one (`run_sweep`'s ``progress``); the live plot shows,
for each point, the mean and standard deviation over the repeats that have completed so far,
computed by the engine's own `engine.project.sweep.table.point_statistics` from the trials
received (so once every trial has arrived they are the table's statistics).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.project.sweep.table import (
    PointStatistics,
    TrialResult,
    measure_units,
    point_statistics,
)

__all__ = ["PartialTable"]


@dataclass
class PartialTable:
    """The trials of a sweep received so far, by index, and their points' statistics.

    Attributes
    ----------
    measures
        The number of measures of each trial.
    trials
        The trials received, by index.
    """

    measures: int
    trials: dict[int, TrialResult] = field(default_factory=dict)

    def add(self, result: TrialResult) -> None:
        """Record a trial that ended (a second result of the same trial replaces the first)."""
        self.trials[result.index] = result

    def extend(self, results: Iterable[TrialResult]) -> None:
        """Record several trials."""
        for result in results:
            self.add(result)

    def failed(self) -> list[TrialResult]:
        """Return the failed trials, by index."""
        return [t for _, t in sorted(self.trials.items()) if t.status == "failed"]

    def of_point(self, point: int) -> list[TrialResult]:
        """Return the trials received of ``point``, by repeat."""
        return sorted((t for t in self.trials.values() if t.point == point), key=_repeat)

    def statistics(self) -> dict[int, PointStatistics]:
        """Return the statistics of each point with at least one trial received, by point."""
        received = [t for _, t in sorted(self.trials.items())]
        return {s.point: s for s in point_statistics(received, self.measures)}

    def units(self) -> tuple[str, ...]:
        """Return the unit of each measure, from the first trial that gave one (or empty)."""
        return measure_units([t for _, t in sorted(self.trials.items())], self.measures)

    def failed_points(self) -> set[int]:
        """Return the points of which every trial received failed (none completed)."""
        by_point: dict[int, list[TrialResult]] = {}
        for trial in self.trials.values():
            by_point.setdefault(trial.point, []).append(trial)
        return {
            point
            for point, trials in by_point.items()
            if any(t.status == "failed" for t in trials)
            and not any(t.status == "completed" for t in trials)
        }


def _repeat(trial: TrialResult) -> int:
    return trial.repeat
