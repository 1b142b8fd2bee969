"""PopulationRateMonitor: the instantaneous firing rate of a population, step by step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.codegen.abstractcode import AbstractCode
from engine.codegen.operations import Operation
from engine.core.operations import current_target, describe
from engine.monitors.base import Monitor, Recorded, RecordedValues, source_parts
from engine.units import Hz, Quantity, check_units, second

__all__ = ["PopulationRateMonitor"]


class PopulationRateMonitor(Monitor):
    """Records, at the end of every step, the spikes of the step divided by ``N*dt``.

    Parameters
    ----------
    source
        The group (or subgroup).
    name
        The monitor's name.
    """

    def __init__(
        self,
        source: Any,
        name: str = "ratemonitor*",
        codeobj_class: Any = None,
        dtype: Any = np.float64,
    ) -> None:
        group, start, stop = source_parts(source)
        super().__init__(clock=group.clock, when="end", order=0, name=name)
        if "_spikespace" not in group.variables:
            raise ValueError(f"'{source.name}' has no spikes to count")
        self.source = source
        self._group, self._start, self._stop = group, start, stop
        self._init_variables()
        self.variables.add_dynamic_array("t", second.dim, dtype=np.float64)  # the clock's type
        self.variables.add_dynamic_array("rate", Hz.dim, dtype=dtype)
        self._enable_attributes()

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Generate the counting code."""
        group = self._group
        names, storage = describe(
            {
                "_eventspace": group.variables["_spikespace"],
                "_t": group.variables["t"],
                "_dt": group.variables["dt"],
            },
            group.variables,
        )
        for key, name in (("_recorded_t", "t"), ("_recorded_rate", "rate")):
            names[key] = self._own_array(name)
        storage.update(self._own_storage(["t", "rate"]))
        self.operation = Operation(
            self.name,
            "ratemonitor",
            AbstractCode(),
            names,
            storage,
            group.N,
            self.name,
            {
                "arrays": {
                    "eventspace": "_eventspace",
                    "t": "_t",
                    "dt": "_dt",
                    "recorded_t": "_recorded_t",
                    "recorded_rate": "_recorded_rate",
                },
                "literals": {
                    "event": "spike",
                    "source": self.source.name,
                    "start": self._start,
                    "stop": self._stop,
                },
            },
        )
        self.code_object = current_target().compile(self.operation)

    t = Recorded("The time of each step.")
    t_ = RecordedValues("The time of each step, in seconds without units.")
    rate = Recorded("The population rate of each step.")
    rate_ = RecordedValues("The population rate of each step, in Hz without units.")

    @check_units(width=second)
    def smooth_rate(
        self, window: str | np.ndarray = "gaussian", width: Quantity | None = None
    ) -> Quantity:
        """Return the rate smoothed by a window (Brian 2's ``smooth_rate``).

        Parameters
        ----------
        window
            ``"gaussian"`` (``width`` is its standard deviation; it extends over two widths on
            each side), ``"flat"`` (``width`` is rounded to an odd number of steps), or an
            array of weights of odd length.
        width
            The width of a named window.

        Returns
        -------
        Quantity
            The smoothed rate, one value per step (same length as `rate`).
        """
        dt = float(self.clock.dt)
        if isinstance(window, str):
            if width is None:
                raise TypeError("A named window needs a width")
            width_ = float(width)
            if window == "gaussian":
                half = int(np.round(2 * width_ / dt))
                weights = np.exp(-(np.arange(-half, half + 1) ** 2) / (2 * (width_ / dt) ** 2))
            elif window == "flat":
                steps = int(width_ / 2 / dt) * 2 + 1
                weights = np.ones(steps)
            else:
                raise NotImplementedError(f"Unknown window '{window}' (use 'gaussian' or 'flat')")
        else:
            if width is not None:
                raise TypeError("Give a width only with a named window")
            weights = np.asarray(window, dtype=float)
            if weights.ndim != 1 or len(weights) % 2 != 1:
                raise TypeError("A window array must be one-dimensional with an odd length")
        smoothed = np.convolve(self.rate_, weights / weights.sum(), mode="same")
        return Quantity(smoothed, dim=Hz.dim)

    def data_since(self, start: int) -> dict[str, np.ndarray]:
        """``t_`` and ``rate_`` from step number ``start`` on (for live displays)."""
        return {
            "t_": self._recorded_since("t", start),
            "rate_": self._recorded_since("rate", start),
        }

    def __repr__(self) -> str:
        return f"<PopulationRateMonitor, recording '{self.source.name}'>"
