"""TimedArray: a function of time (and of an index) given by values sampled every ``dt``.

``TimedArray(values, dt)`` returns ``values[k]`` for ``k*dt <= t < (k+1)*dt``, the first value
before the start and the last after the end; a two-dimensional array is called as
``ta(t, i)`` with time as the first axis. It is a `Function`: models use it like any other
(``dv/dt = (stimulus(t) - v)/tau : 1``), scripts call it with units (``ta(0.35*ms)``).

Which sample a time falls into is computed as Brian 2 computes it, so that times on the
boundary of two samples — which are never exact in floating point — land on the same side in
both simulators: the time is rounded to a grid ``K`` times finer than the array's ``dt``, with
``K`` the smallest power of two at least ``8*dt/group_dt``, before it is divided. Times within
``dt/(2K)`` (a sixteenth to a thirty-second of the group's step) before a boundary count as
after it. The group's step is that of the default clock (see `TimedArray.numpy_implementation`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.core.clocks import defaultclock
from engine.core.functions import Function
from engine.core.names import find_name
from engine.units import (
    DIMENSIONLESS,
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    second,
)

__all__ = ["TimedArray", "upsampling_factor"]

_TIME = get_dimensions(second)


def upsampling_factor(group_dt: float, dt: float) -> int:
    """Return Brian 2's ``K``: a power of two of at least ``8*dt/group_dt`` (and at least 1).

    Rounding times to ``dt/K`` before dividing by ``dt`` keeps floating-point error from
    moving a time that lies on a sample boundary (a multiple of the group's step) into the
    sample before it.
    """
    return max(int(2.0 ** np.ceil(np.log2(8.0 / group_dt * dt))), 1)


class TimedArray(Function):
    """A function of time built from an array of values (Brian 2's ``TimedArray``).

    Parameters
    ----------
    values
        One-dimensional (one value per time step of ``dt``) or two-dimensional (time as the
        first axis, an index — neuron, synapse... — as the second) values, with units or
        without.
    dt
        The time between two values.
    name
        A name for messages (default ``timedarray``, ``timedarray_1``...). In model code the
        function is called by the name of the Python variable holding it.

    Attributes
    ----------
    values
        The values, in SI base units, without units.
    dt
        The time between two values, in seconds.
    dim
        The dimensions of the values (and of the function's result).

    Raises
    ------
    DimensionMismatchError
        If ``dt`` is not a time.
    ValueError
        If ``values`` is empty or has more than two dimensions, or ``dt`` is not positive.

    Examples
    --------
    >>> from engine import TimedArray, mV, ms
    >>> ta = TimedArray([1, 2, 3, 4] * mV, dt=0.1 * ms)
    >>> print(ta(0.35 * ms))
    4. mV
    """

    def __init__(self, values: Any, dt: Quantity, name: str | None = None) -> None:
        pattern = name if name is not None else "timedarray*"
        self.name = find_name(pattern, self)
        if get_dimensions(dt) is not _TIME:
            raise DimensionMismatchError(
                f"The dt of the TimedArray '{self.name}' must be a time (such as 0.1*ms)",
                get_dimensions(dt),
            )
        dt_ = float(dt)
        if not (dt_ > 0 and np.isfinite(dt_)):
            raise ValueError(f"The dt of the TimedArray '{self.name}' must be positive, not {dt}")
        dim = get_dimensions(values)
        array = np.array(np.asarray(values), dtype=np.float64)  # a copy: later edits stay out
        if array.ndim not in (1, 2):
            raise ValueError(
                f"The values of the TimedArray '{self.name}' must be a one-dimensional array "
                "(one value per time step) or a two-dimensional one (time steps x indices), "
                f"not an array of shape {array.shape}"
            )
        if array.shape[0] == 0 or array.size == 0:
            raise ValueError(f"The TimedArray '{self.name}' needs at least one value")
        array.flags.writeable = False
        self.values = array
        self.dt = dt_
        self.dim = dim
        two_d = array.ndim == 2
        super().__init__(
            self._call_with_units,
            arg_units=[second, 1] if two_d else [second],
            arg_names=["t", "i"] if two_d else ["t"],
            return_unit=1 if dim is DIMENSIONLESS else Quantity(1.0, dim=dim),
            name=self.name,
        )
        self._factors: dict[float, int] = {}

    # -- which sample ---------------------------------------------------------------------------

    def _steps(self, t: Any) -> np.ndarray:
        """Return the sample index of each time ``t`` (seconds), clipped to the array.

        Uses the default clock's dt as the group's step (see `numpy_implementation`).
        """
        group_dt = float(defaultclock.dt_array[0])
        factor = self._factors.get(group_dt)
        if factor is None:
            factor = self._factors[group_dt] = upsampling_factor(group_dt, self.dt)
        fine = np.round(np.asarray(t, dtype=np.float64) / (self.dt / factor))
        # Truncation (toward zero, as Brian 2's int conversion) of the time in samples.
        steps = (fine / factor).astype(np.int64)
        return np.clip(steps, 0, len(self.values) - 1)

    def _columns(self, i: Any) -> np.ndarray:
        """Return the column index ``i`` as integers, refusing columns outside the array."""
        columns = np.asarray(i)
        if columns.dtype.kind != "i":
            columns = columns.astype(np.int64)  # as a compiled target's int conversion
        width = self.values.shape[1]
        if columns.size and (columns.min() < 0 or columns.max() >= width):
            bad = columns[(columns < 0) | (columns >= width)].ravel()[0]
            raise IndexError(
                f"The TimedArray '{self.name}' has {width} columns (indices 0 to {width - 1}), "
                f"but was called with the index {bad}"
            )
        return columns

    def numpy_implementation(self, *arguments: Any) -> Any:
        """Return the values at times ``t`` (seconds), and indices ``i`` for a 2-D array.

        This is what generated numpy code calls, with plain SI values.

        Notes
        -----
        Brian 2 takes the group's step from the clock of the group whose code calls the
        function; here it is the default clock's (the function does not know its caller).
        The two differ only for a group with its own dt whose times fall within a sixteenth
        of a step before a sample boundary, i.e. when the array's dt is not a multiple of the
        group's.
        """
        steps = self._steps(arguments[0])
        if self.values.ndim == 1:
            return self.values[steps]
        return self.values[steps, self._columns(arguments[1])]

    # -- called by scripts ----------------------------------------------------------------------

    def _call_with_units(self, t: Any, i: Any = None) -> Any:
        if get_dimensions(t) is not _TIME:
            raise DimensionMismatchError(
                f"The TimedArray '{self.name}' is a function of time: call it with a time, "
                f"such as {self.name}(0.5*ms)",
                get_dimensions(t),
            )
        if (i is None) != (self.values.ndim == 1):
            expected = "(t)" if self.values.ndim == 1 else "(t, i)"
            raise TypeError(f"The TimedArray '{self.name}' is called as {self.name}{expected}")
        if i is not None and get_dimensions(i) is not DIMENSIONLESS:
            raise DimensionMismatchError(
                f"The index of the TimedArray '{self.name}' must be a plain number",
                get_dimensions(i),
            )
        arguments = (np.asarray(t),) if i is None else (np.asarray(t), np.asarray(i))
        return Quantity(self.numpy_implementation(*arguments), dim=self.dim)

    def __call__(self, t: Any, i: Any = None) -> Any:
        """Return the value(s) at time ``t`` (a quantity), for index ``i`` if 2-D, with units."""
        if i is None:
            return self._call_with_units(t)
        return self._call_with_units(t, i)

    # -- integration ----------------------------------------------------------------------------

    def is_locally_constant(self, dt: float) -> bool:
        """Whether the function keeps one value during every step of a group with step ``dt``.

        True when the array's dt is an integer multiple of ``dt`` (computed as Brian 2 does:
        ``0.3*ms`` over ``0.1*ms`` is 2.9999999999999996, so it is not). Exact integration of
        equations that use the function of ``t`` is then allowed.
        """
        dt = float(dt)
        if dt > self.dt:
            return False
        ratio = self.dt / dt
        return bool(np.floor(ratio) == ratio)

    def __repr__(self) -> str:
        shape = "x".join(str(n) for n in self.values.shape)
        return f"<TimedArray {self.name!r}: {shape} values, dt={self.dt * second}>"
