"""Clocks: the simulated time of groups and monitors, and the default clock.

A clock counts integer time steps; its time is ``timestep * dt`` (never an accumulated sum),
which keeps ``t`` an exact multiple of ``dt`` over long runs, as in Brian 2. Clocks whose times
agree to within ``Clock.epsilon_dt`` of a step are run in the same iteration of a network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.core.attributes import FixedAttributes
from engine.core.names import Nameable
from engine.units import (
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    get_unit_for_display,
    second,
)

if TYPE_CHECKING:
    from engine.core.variables import Variable, Variables

__all__ = ["Clock", "checked_dt", "defaultclock", "dt_problem"]


def dt_problem(dt: object) -> str | None:
    """Return why ``dt`` cannot be a time step, or None if it can.

    A time step is a single time (``0.1*ms``), finite and more than zero.
    """
    found = _dt_check(dt)
    return None if found is None else found[1]


def checked_dt(dt: object) -> float:
    """Return the time step ``dt`` in seconds.

    Raises
    ------
    DimensionMismatchError
        If ``dt`` is not a single time.
    ValueError
        If it is not finite and more than zero.
    TypeError
        If it is not a number at all.
    """
    found = _dt_check(dt)
    if found is not None:
        kind, message = found
        raise kind(message)
    return float(dt)  # type: ignore[arg-type]  # a number or quantity: it has dimensions


def _dt_check(dt: object) -> tuple[type[Exception], str] | None:
    """Return the error class and message of what is wrong with a time step, or None."""
    try:
        dimensions = get_dimensions(dt)
    except TypeError:  # not a number
        return TypeError, f"A time step must be a time, such as 0.1*ms, not {dt!r:.40}"
    if dimensions is not second.dim or np.ndim(dt) != 0:  # type: ignore[arg-type]  # a number or quantity: it has dimensions
        unit = get_unit_for_display(dimensions)
        shown = f"{dt!s:.40}" if np.ndim(dt) == 0 else "an array"  # type: ignore[arg-type]  # a number or quantity: it has dimensions
        return (
            DimensionMismatchError,
            f"A time step must be one time, such as 0.1*ms, not {shown} (unit {unit})",
        )
    seconds = float(dt)  # type: ignore[arg-type]  # a number or quantity: it has dimensions
    if not (np.isfinite(seconds) and seconds > 0):
        return ValueError, f"A time step must be positive and finite, not {seconds!r} s"
    return None


class Clock(FixedAttributes, Nameable):
    """The simulated time and the time step of the objects that use it.

    Parameters
    ----------
    dt
        The time step.
    name
        The clock's name (numbered automatically by default).

    Attributes
    ----------
    timestep, t_array, dt_array
        One-element arrays (``int64``, ``float64`` seconds): generated code reads the clock
        through them.

    Notes
    -----
    As in Brian 2, a clock's attributes are fixed (``clock.foo = 1`` is an error, unless
    ``clock.add_attribute('foo')`` came first), its time can only be changed by running, and
    its `variables` are ``t``, ``dt``, ``timestep`` and ``N``.
    """

    #: Two times are the same step if they differ by less than this fraction of a step.
    epsilon_dt = 1e-4
    #: The variables code reads the clock through, once `engine.core.variables.clock_variables`
    #: made them.
    _code_variables: dict[str, Variable]

    def __init__(self, dt: Quantity, name: str = "clock*") -> None:
        seconds = checked_dt(dt)
        super().__init__(name)
        self.timestep = np.zeros(1, dtype=np.int64)
        self.t_array = np.zeros(1, dtype=np.float64)
        self.dt_array = np.zeros(1, dtype=np.float64)
        self._previous_dt: float | None = None
        self._end_step = 0
        self._set_dt_seconds(seconds)
        self._enable_attributes()

    def __repr__(self) -> str:
        return f"Clock(dt={self.dt!r}, name={self.name!r})"

    # -- dt -------------------------------------------------------------------------------------

    @property
    def dt(self) -> Quantity:
        """The time step (setting it takes effect at the next run)."""
        return Quantity(self.dt_array[0], dim=second.dim)

    @dt.setter
    def dt(self, dt: Quantity) -> None:
        self._set_dt_seconds(checked_dt(dt))

    @property
    def dt_(self) -> float:
        """The time step in seconds, without units (setting it sets `dt`)."""
        return float(self.dt_array[0])

    @dt_.setter
    def dt_(self, dt: float) -> None:
        self._set_dt_seconds(checked_dt(Quantity(dt, dim=second.dim)))

    def _set_dt_seconds(self, dt: float) -> None:
        if self.dt_array[0] and dt != self.dt_array[0]:
            self._previous_dt = float(self.dt_array[0])
        self.dt_array[0] = dt

    # -- time -----------------------------------------------------------------------------------

    @property
    def t(self) -> Quantity:
        """The current time (read-only: runs move it)."""
        return Quantity(self.t_array[0], dim=second.dim)

    @t.setter
    def t(self, value: object) -> None:
        self._refuse_time(value)

    @property
    def t_(self) -> float:
        """The current time in seconds, without units."""
        return float(self.t_array[0])

    @t_.setter
    def t_(self, value: object) -> None:
        self._refuse_time(value)

    def _refuse_time(self, value: object) -> None:
        # A TypeError, as Brian 2's for its read-only variable t.
        raise TypeError(
            f"The time of clock '{self.name}' is read-only: it moves when a network runs "
            "(to start later, run first, or restore a stored state)"
        )

    @property
    def variables(self) -> Variables:
        """The clock's variables, as in Brian 2: ``t``, ``dt``, ``timestep`` (and ``N``, 1).

        ``t``, ``dt`` and ``timestep`` are shared, read-only values that share the clock's
        own storage: ``clock.variables['t'].get_value()`` is always the current time.
        """
        from engine.core.variables import ArrayVariable, Variables, clock_variables

        made = self.__dict__.get("_variables")
        if made is None:
            made = Variables(self.name)
            code = clock_variables(self)
            made.add(code["t"])
            made.add(code["dt"])
            # Code knows the step as t_in_timesteps; Brian 2's clocks call it timestep.
            step = ArrayVariable(
                "timestep", self.name, 1, dtype=np.int64, scalar=True, read_only=True
            )
            step.array = self.timestep
            made.add(step)
            made.add_constant("N", 1)
            self._variables = made
        return made

    def _steps_for(self, time: float) -> int:
        """Return the step at ``time``: exact within epsilon_dt of a step, else the next step."""
        dt = self.dt_
        step = int(np.round(time / dt))
        if step * dt == time or abs(step * dt - time) / dt <= self.epsilon_dt:
            return step
        return int(np.ceil(time / dt))

    def set_interval(self, start: float, end: float) -> None:
        """Prepare a run from ``start`` to ``end`` (seconds).

        Raises
        ------
        ValueError
            If the time step changed since the last run and ``start`` is not a multiple of
            the new one.
        """
        if self._previous_dt is not None:
            old = int(np.round(start / self._previous_dt)) * self._previous_dt
            new = int(np.round(start / self.dt_)) * self.dt_
            if abs(new - old) / self.dt_ > self.epsilon_dt:
                raise ValueError(
                    f"Cannot change dt from {Quantity(self._previous_dt, dim=second.dim)} to "
                    f"{self.dt}: the current time {Quantity(start, dim=second.dim)} is not a "
                    f"multiple of {self.dt}"
                )
            self._previous_dt = None
        self.timestep[0] = self._steps_for(start)
        self.t_array[0] = self.timestep[0] * self.dt_
        self._end_step = self._steps_for(end)

    @property
    def end_step(self) -> int:
        """The step at which the current run ends (exclusive)."""
        return self._end_step

    def advance(self) -> None:
        """Move to the next step."""
        self.timestep[0] += 1
        self.t_array[0] = self.timestep[0] * self.dt_array[0]


#: The clock of every object that is not given a clock or a dt (Brian 2's ``defaultclock``).
defaultclock = Clock(dt=0.1e-3 * second, name="defaultclock")
