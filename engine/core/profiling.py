"""Profiling: ``run(..., profile=True)`` measures the time each object's code takes.

A profiled run runs step by step (not as one compiled schedule) and adds up the wall time of
every object's step function. ``net.profiling_info`` lists the result as Brian 2 does,
``[(name, time), ...]`` from the slowest, and `profiling_summary` prints it as a table.
A later run without ``profile=True`` clears it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from engine.units import Quantity, second

__all__ = ["Profiler", "ProfilingSummary", "profiling_summary"]


class Profiler:
    """Adds up the wall time of the steps of a run's objects, by object name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def timed(self, name: str, step: Callable[[], Any]) -> Callable[[], Any]:
        """Return ``step`` wrapped so that its time counts for ``name``."""
        self.seconds.setdefault(name, 0.0)
        clock = time.perf_counter
        seconds = self.seconds

        def profiled_step() -> Any:
            started = clock()
            try:
                return step()
            finally:
                seconds[name] += clock() - started

        return profiled_step

    @contextmanager
    def timing_runs(self, objects: Sequence[Any]) -> Iterator[None]:
        """Time ``obj.run()`` of each object too (the loop with several clocks calls it)."""
        for obj in objects:
            obj.run = self.timed(obj.name, type(obj).run.__get__(obj))
        try:
            yield
        finally:
            for obj in objects:
                vars(obj).pop("run", None)

    def info(self) -> list[tuple[str, Quantity]]:
        """Return ``[(name, time), ...]``, the slowest first (Brian 2's ``profiling_info``)."""
        ordered = sorted(self.seconds.items(), key=lambda item: item[1], reverse=True)
        return [(name, Quantity(seconds, dim=second.dim)) for name, seconds in ordered]


class ProfilingSummary:
    """A table of the time each object took in a profiled run (see `profiling_summary`).

    Attributes
    ----------
    names, times, percentages
        The rows, the slowest first.
    """

    def __init__(self, info: Sequence[tuple[str, Quantity]], show: int | None = None) -> None:
        rows = list(info)
        total = sum(float(t) for _, t in rows)
        if show is not None:
            rows = rows[:show]
        self.names = [name for name, _ in rows]
        self.times = [t for _, t in rows]
        self.percentages = [100.0 * float(t) / total if total else 0.0 for _, t in rows]

    def __repr__(self) -> str:
        lines = ["Profiling summary", "================="]
        if self.names:
            width = max(len(name) for name in self.names) + 4
            unit, unit_name = _common_unit(max(float(t) for t in self.times))
            values = [f"{float(t) / unit:.2f} {unit_name}" for t in self.times]
            value_width = max(len(value) for value in values)
            for name, value, percent in zip(self.names, values, self.percentages, strict=True):
                lines.append(f"{name:<{width}}{value:>{value_width}}    {percent:5.2f} %")
        return "\n".join(lines) + "\n"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{name}</td><td>{t}</td><td>{percent:.2f} %</td></tr>"
            for name, t, percent in zip(self.names, self.times, self.percentages, strict=True)
        )
        return (
            "<h2>Profiling summary</h2><table><tr><th>name</th><th>time</th>"
            f"<th>percentage</th></tr>{rows}</table>"
        )


def _common_unit(largest: float) -> tuple[float, str]:
    """Return the unit all rows are shown in: the largest time's (s, ms, us or ns)."""
    for unit, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "us")):
        if largest >= unit:
            return unit, name
    return 1e-9, "ns"


def profiling_summary(net: Any = None, show: int | None = None) -> ProfilingSummary:
    """Return the table of the last profiled run of ``net`` (default: the magic network).

    Parameters
    ----------
    net
        The network (the one `run` uses if None).
    show
        How many rows to show, the slowest first (all if None).

    Raises
    ------
    ValueError
        If the network's last run was not profiled.

    Examples
    --------
    >>> run(100*ms, profile=True)  # doctest: +SKIP
    >>> print(profiling_summary(show=5))  # doctest: +SKIP
    """
    if net is None:
        from engine.core.magic import magic_network

        net = magic_network
    return ProfilingSummary(net.profiling_info, show)
