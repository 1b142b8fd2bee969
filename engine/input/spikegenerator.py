"""SpikeGeneratorGroup: neurons that fire at given times (Brian 2's class of that name).

The spikes are kept sorted by time (then neuron), independent of any time step. Before a run,
they are put into the steps of the group's clock as Brian 2 does — a spike at ``t`` belongs to
step ``int((t + 0.001*dt)/dt)``, so that a time on a step boundary never falls into the step
before through rounding — and sorted by (step, neuron). Each step then emits the spikes from a
cursor up to the current step: no search through all spikes. The cursor is part of the group's
state (stored and restored with the network); with a ``period``, the spikes repeat and the
cursor returns to the start of the list at each period.

Within a step, spikes are emitted in increasing neuron order, like a thresholder's: monitors
and synapses rely on it. (Brian 2 emits them in order of their exact times, which differs only
for spikes of several neurons within one step given in non-increasing neuron order.)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast, overload

import numpy as np

from engine.core.sizes import as_count, count_problem
from engine.core.stored_state import (
    check_indices,
    check_lengths,
    check_times,
    checked_values,
)
from engine.core.stored_state import problem as state_problem
from engine.core.variables import DynamicArrayVariable
from engine.groups import Group, Subgroup
from engine.groups.neurongroup import _start_stop
from engine.units import (
    DIMENSIONLESS,
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    second,
)

__all__ = ["SpikeGeneratorGroup"]

logger = logging.getLogger("engine.input")

_TIME = get_dimensions(second)


@overload
def _steps(times: np.ndarray, dt: float) -> np.ndarray: ...
@overload
def _steps(times: np.float64, dt: float) -> np.int64: ...
def _steps(times: np.ndarray | np.float64, dt: float) -> np.ndarray | np.int64:
    """Return the step of each time (seconds): shifted by a thousandth of a step, truncated.

    The shift keeps a time that is a multiple of ``dt`` in its own step despite rounding.
    """
    return ((times + 1e-3 * dt) / dt).astype(np.int64)


class SpikeGeneratorGroup(Group):
    """A group whose neurons spike at given times (Brian 2's ``SpikeGeneratorGroup``).

    Parameters
    ----------
    N
        The number of neurons.
    indices
        The neuron of each spike (integers in ``[0, N)``).
    times
        The time of each spike (same length as ``indices``; times, not negative). A time is
        rounded to the step that contains it.
    dt, clock
        The group's time step, or its clock (default: the default clock).
    period
        If not zero, the spikes repeat with this period (a multiple of ``dt``, longer than
        the last spike time).
    when, order
        When the spikes are emitted in a step (by default in the ``thresholds`` slot).
    sorted
        Whether ``indices`` and ``times`` are already sorted by time, then neuron (saves the
        sorting of very long lists; checked).
    name
        The group's name.

    Raises
    ------
    EngineError
        For mismatched lengths, negative times, neurons outside the group, a negative period
        or one not longer than the last spike; at the start of a run, for two spikes of one
        neuron in one step or a period that is not a multiple of ``dt``.
    DimensionMismatchError
        If ``times`` or ``period`` are not times.

    Examples
    --------
    >>> from engine import SpikeGeneratorGroup, ms  # doctest: +SKIP
    >>> G = SpikeGeneratorGroup(3, [0, 2, 1], [1, 2, 3]*ms)  # doctest: +SKIP
    """

    def __init__(
        self,
        N: int,
        indices: Any,
        times: Any,
        dt: Quantity | None = None,
        clock: Any = None,
        period: Quantity = 0 * second,
        when: str = "thresholds",
        order: int = 0,
        sorted: bool = False,
        name: str = "spikegeneratorgroup*",
        codeobj_class: Any = None,
    ) -> None:
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name)
        N = as_count(N)  # an integral float (N=1e4) counts, as in Brian 2
        problem = count_problem(N, "The number of neurons")
        if problem is not None:
            raise self.fail(problem, argument="N")
        self._N = int(N)
        variables = self.variables
        variables.add_constant("N", self._N)
        variables.add_arange("i", self._N)
        variables.add_array("_spikespace", self._N + 1, dtype=np.int32)
        variables.add_clock_variables(self.clock)
        # The spikes, sorted by time then neuron; the period; the cursor (how many spikes of
        # the list, in emission order, have been emitted). Names starting with '_' stay out
        # of users' and subgroups' sight; they are stored and restored with the group.
        variables.add_dynamic_array("_neuron_index", dtype=np.int32)
        # Times have the clock's type (double) whatever the float type, as in Brian 2.
        variables.add_dynamic_array("_spike_time", _TIME, dtype=np.float64)
        variables.add_array("_period", 1, _TIME, dtype=np.float64, scalar=True)
        variables.add_array("_lastindex", 1, dtype=np.int64, scalar=True)
        #: Whether the spikes were set since the last run (their cursor is then recomputed).
        self._spikes_changed = True
        #: The dt for which the spikes were put into steps (None: to do).
        self._prepared_dt: float | None = None
        self._emitted_steps = np.empty(0, dtype=np.int64)
        self._emitted_neurons = np.empty(0, dtype=np.int32)
        self._period_steps = 0
        #: Spikes are this group's only event; it emits them itself (monitors ask when).
        self.events = {"spike": None}
        self.thresholder = {"spike": self}
        self.set_spikes(indices, times, period, sorted)
        self._enable_attributes()

    # -- the spikes -----------------------------------------------------------------------------

    def set_spikes(
        self, indices: Any, times: Any, period: Quantity = 0 * second, sorted: bool = False
    ) -> None:
        """Replace the spikes the group will emit (for example between two runs).

        Parameters are those of the group (see `SpikeGeneratorGroup`). Spikes at times before
        the start of the next run are ignored (with a warning).

        Raises
        ------
        EngineError, DimensionMismatchError
            As for the group's construction.
        """
        neurons, spike_times, period_ = self._checked(indices, times, period, sorted)
        for name, values in (("_neuron_index", neurons), ("_spike_time", spike_times)):
            variable = cast(DynamicArrayVariable, self.variables[name])  # added as growable
            variable.resize(len(values))
            variable.get_value()[:] = values
        self.variables["_period"].get_value()[0] = period_
        self._spikes_changed = True
        self._prepared_dt = None

    def _checked(
        self, indices: Any, times: Any, period: Any, sorted: bool
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Return the neurons and times (seconds) sorted by time then neuron, and the period."""
        times_dim = get_dimensions(times)
        neurons = np.asarray(indices)
        spike_times = np.asarray(times, dtype=np.float64)
        if times_dim is not _TIME and not (times_dim is DIMENSIONLESS and spike_times.size == 0):
            raise DimensionMismatchError(
                f"The spike times of '{self.name}' must be times, such as [1, 2]*ms",
                times_dim,
            )
        if get_dimensions(period) is not _TIME and not (
            get_dimensions(period) is DIMENSIONLESS and float(period) == 0
        ):
            raise DimensionMismatchError(
                f"The period of '{self.name}' must be a time, such as 100*ms",
                get_dimensions(period),
            )
        if get_dimensions(indices) is not DIMENSIONLESS:
            raise DimensionMismatchError(
                f"The spike indices of '{self.name}' must be neuron numbers, without units",
                get_dimensions(indices),
            )
        if neurons.ndim != 1 or spike_times.ndim != 1:
            raise self.fail("The spike indices and times must be one-dimensional arrays")
        if len(neurons) != len(spike_times):
            raise self.fail(
                f"The spike indices and times must have the same length, but there are "
                f"{len(neurons)} indices and {len(spike_times)} times"
            )
        whole = np.issubdtype(neurons.dtype, np.integer) or (
            neurons.dtype.kind in "fu" and np.all(neurons == np.round(neurons))
        )
        if neurons.size and not whole:
            raise self.fail(
                "The spike indices must be integers (neuron numbers)", argument="indices"
            )
        neurons = neurons.astype(np.int64)
        period_ = float(period)
        dt = self.clock.dt_
        if period_ < 0:
            raise self.fail(
                f"The period cannot be negative ({period_ * second})", argument="period"
            )
        if neurons.size and (neurons.min() < 0 or neurons.max() >= self._N):
            bad = neurons[(neurons < 0) | (neurons >= self._N)][0]
            raise self.fail(
                f"The spike indices must lie in [0, {self._N}) (the group has {self._N} "
                f"neurons), but include {bad}",
                argument="indices",
            )
        if spike_times.size and not np.all(np.isfinite(spike_times)):
            raise self.fail("The spike times must be finite", argument="times")
        if spike_times.size and spike_times.min() < 0:
            raise self.fail(
                f"Spike times cannot be negative (the earliest is {spike_times.min() * second})",
                argument="times",
            )
        if spike_times.size and 0 < period_ < np.inf:
            last_step = int(_steps(spike_times.max(), dt))
            if last_step >= int(np.round(period_ / dt)):
                raise self.fail(
                    f"The period ({period_ * second}) must be longer than the last spike time "
                    f"({spike_times.max() * second}), in steps of {dt * second}",
                    "Use a longer period, or period=0*second for spikes that do not repeat.",
                )
        if sorted:
            in_order = np.all(
                (np.diff(spike_times) > 0) | ((np.diff(spike_times) == 0) & (np.diff(neurons) >= 0))
            )
            if not in_order:
                raise self.fail(
                    "sorted=True, but the spikes are not sorted by time (then neuron)",
                    "Leave sorted=False to have them sorted.",
                )
        else:
            order = np.lexsort((neurons, spike_times))
            neurons, spike_times = neurons[order], spike_times[order]
        return neurons.astype(np.int32), spike_times, period_

    @property
    def neuron_index(self) -> np.ndarray:
        """The neuron of each spike, sorted by time then neuron (read-only copy)."""
        return self.variables["_neuron_index"].get_value().copy()

    @property
    def spike_time(self) -> Quantity:
        """The time of each spike, sorted by time then neuron (read-only copy)."""
        return Quantity(self.variables["_spike_time"].get_value().copy(), dim=_TIME)

    @property
    def period(self) -> Quantity:
        """The period with which the spikes repeat (0 s: they do not)."""
        return Quantity(float(self.variables["_period"].get_value()[0]), dim=_TIME)

    # -- running --------------------------------------------------------------------------------

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Put the spikes into the clock's steps; check their spacing and the period."""
        dt = self.clock.dt_
        period = float(self.variables["_period"].get_value()[0])
        if 0 < period < np.inf and period < dt:
            raise self.fail(
                f"The period ({period * second}) is shorter than the time step ({dt * second})"
            )
        times = self.variables["_spike_time"].get_value()
        if self._spikes_changed:
            # Spikes before the start of the run are skipped, as in Brian 2.
            start_step = int(_steps(np.float64(self.clock.t_), dt))
            skipped = int(np.count_nonzero(_steps(times, dt) < start_step))
            if skipped:
                logger.warning(
                    "'%s' has %d spike time(s) before the start of the run (t = %s); they "
                    "are ignored",
                    self.name,
                    skipped,
                    self.clock.t,
                )
            self.variables["_lastindex"].get_value()[0] = skipped
        if self._prepared_dt != dt:
            self._prepare(times, dt, period)
        self._spikes_changed = False
        self._spikespace = self.variables["_spikespace"].get_value()
        self._cursor = self.variables["_lastindex"].get_value()

    def _prepare(self, times: np.ndarray, dt: float, period: float) -> None:
        """Sort the spikes by (step, neuron) for ``dt``; refuse two of a neuron in a step."""
        steps = _steps(times, dt)
        neurons = self.variables["_neuron_index"].get_value()
        # The times are sorted, so the steps are: this only orders neurons within a step.
        order = np.lexsort((neurons, steps))
        steps, neurons = steps[order], neurons[order]
        repeated = np.flatnonzero((np.diff(steps) == 0) & (np.diff(neurons) == 0))
        if repeated.size:
            k = repeated[0]
            raise self.fail(
                f"Neuron {neurons[k]} spikes more than once in the time step starting at "
                f"{steps[k] * dt * second} (with dt = {dt * second}); a neuron can spike at "
                "most once per step",
                "Use a smaller dt, or remove or merge the spikes that fall into one step.",
            )
        period_steps = 0
        if 0 < period < np.inf:
            period_steps = int(np.round(period / dt))
            if abs(period_steps * dt - period) > period * np.finfo(np.float64).eps:
                raise self.fail(
                    f"The period ({period * second}) is not a whole number of time steps of "
                    f"{dt * second}",
                    "Choose a period that is a multiple of dt.",
                )
        self._emitted_steps = steps
        self._emitted_neurons = neurons.astype(np.int32)
        self._period_steps = period_steps
        self._prepared_dt = dt

    def run(self) -> None:
        """Emit the spikes of this step (those from the cursor up to the current step)."""
        step = int(self.clock.timestep[0])
        steps = self._emitted_steps
        cursor = int(self._cursor[0])
        if self._period_steps:
            step %= self._period_steps
            if cursor > 0 and steps[cursor - 1] >= step:
                cursor = 0  # a new period has begun
        end = cursor
        if cursor < len(steps) and steps[cursor] <= step:
            end = cursor + int(np.searchsorted(steps[cursor:], step, side="right"))
        count = end - cursor
        space = self._spikespace
        space[:count] = self._emitted_neurons[cursor:end]
        space[-1] = count
        self._cursor[0] = end

    def after_run(self) -> None:
        """Leave no spikes behind once the run is over (as a thresholder does)."""
        self.variables["_spikespace"].get_value()[-1] = 0
        super().after_run()

    # -- state ----------------------------------------------------------------------------------

    def _stored_state(self) -> dict[str, np.ndarray]:
        state = super()._stored_state()
        state["_spikes_changed"] = np.array(self._spikes_changed)
        return state

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check the stored spikes as `set_spikes` checks new ones, and the cursor."""
        state = dict(state)
        changed = state.pop("_spikes_changed", None)
        if changed is None:
            raise state_problem(self.name, "_spikes_changed", "is missing")
        changed = checked_values(self.name, "_spikes_changed", changed, np.dtype(bool), ())
        checked = super()._checked_state(state, check)
        neurons, times = checked["_neuron_index"], checked["_spike_time"]
        count = check_lengths(self.name, {"_neuron_index": neurons, "_spike_time": times}, "spikes")
        check_indices(
            self.name, "_neuron_index", neurons, 0, self._N, f"'{self.name}' (N = {self._N})"
        )
        check_times(self.name, "_spike_time", times)
        if count > 1 and not np.all(
            (np.diff(times) > 0) | ((np.diff(times) == 0) & (np.diff(neurons) >= 0))
        ):
            raise state_problem(self.name, "_spike_time", "is not sorted by time (then neuron)")
        period = checked["_period"]
        if np.isnan(period).any() or (period < 0).any():
            raise state_problem(self.name, "_period", f"is {period[0]!r}; it must not be negative")
        check_indices(
            self.name, "_lastindex", checked["_lastindex"], 0, count + 1, f"the {count} spikes"
        )
        checked["_spikes_changed"] = changed
        return checked

    def _restore_state(self, state: Mapping[str, np.ndarray]) -> None:
        state = dict(state)
        changed = state.pop("_spikes_changed")
        super()._restore_state(state)
        self._spikes_changed = bool(changed)
        self._prepared_dt = None  # the restored spikes may differ: sort them again

    # -- access ---------------------------------------------------------------------------------

    @property
    def spikes(self) -> np.ndarray:
        """The neurons that spiked in the most recent step."""
        space = self.variables["_spikespace"].get_value()
        return space[: space[-1]].copy()

    def __getitem__(self, item: Any) -> Subgroup:
        start, stop = _start_stop(item, self._N)
        return Subgroup(self, start, stop)

    def __repr__(self) -> str:
        count = len(self.variables["_neuron_index"].get_value())
        return f"SpikeGeneratorGroup({self._N}, <{count} spikes>, name={self.name!r})"
