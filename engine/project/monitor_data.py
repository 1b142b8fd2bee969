"""What each monitor kind records, as plain data: `SpikeData`, `StateData`, `RateData`.

A monitor kind names its data class in its `engine.project.kinds.KindSpec` (``data``);
`engine.project.results` keeps them in `Results`, saves them as HDF5 and reads them back with
each class's `MonitorData.read`, which checks every array before it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self

import h5py
import numpy as np

from engine.core.hdf5_checks import read_array, text_attribute
from engine.units import get_unit_for_display

__all__ = ["MonitorData", "RateData", "Recorded", "SpikeData", "StateData"]


@dataclass(eq=False)
class Recorded:
    """The values of one recorded variable, in SI base units, and the display string of the unit.

    Attributes
    ----------
    values
        One value per spike (`SpikeData`), or one row per element and one column per sample
        (`StateData`).
    unit
        ``"V"``, ``"A"``, ``"Hz"``... (``"1"`` for a dimensionless variable).
    """

    values: np.ndarray
    unit: str = "1"


@dataclass(eq=False)
class MonitorData:
    """What one monitor node recorded (the base of `SpikeData`, `StateData`, `RateData`).

    Attributes
    ----------
    node_id, name
        The monitor's node.
    source
        The name of the recorded node.
    source_size
        Its number of elements (neurons, or synapses).
    """

    #: The node kind (``"SpikeMonitor"``, ...).
    kind: ClassVar[str] = ""
    #: Array attributes joined along their time axis by `concatenate`: name -> axis.
    _time_axis: ClassVar[dict[str, int]] = {}
    #: The time axis of recorded variables.
    _variable_axis: ClassVar[int] = 0

    node_id: str
    name: str
    source: str
    source_size: int
    if TYPE_CHECKING:
        # Every kind's data has its times (seconds), each kind in its own place among its
        # fields: declared here for a type checker only.
        t: np.ndarray

    def _datasets(self) -> dict[str, tuple[np.ndarray, str | None]]:
        """Every array to save: path in the group -> (array, unit or None)."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Return the number of spikes or samples."""
        return len(self.t)

    @classmethod
    def recorded(cls, monitor: Any, start: int, **common: Any) -> Self:
        """Return what an engine monitor recorded from its ``start``-th spike or sample on.

        ``common`` are the fields every monitor's data has (`node_id`, `name`, `source`,
        `source_size`).
        """
        raise NotImplementedError

    @classmethod
    def read(cls, group: h5py.Group, where: str, **common: Any) -> Self:
        """Read and check the data saved in ``group`` (at ``where`` in the file).

        ``common`` are the fields every monitor's data has (`node_id`, `name`, `source`,
        `source_size`), read and checked by the caller.

        Raises
        ------
        ValueError
            If an array is missing, of the wrong type or shape, or holds impossible values.
        engine.core.hdf5_checks.HDF5Problem
            If the group holds something that is not plain data.
        """
        raise NotImplementedError


@dataclass(eq=False)
class SpikeData(MonitorData):
    """The spikes recorded by a ``SpikeMonitor`` node.

    Attributes
    ----------
    i
        The neuron of each spike (int32).
    t
        The time of each spike (float64, seconds).
    variables
        The values of each recorded variable at each spike.
    """

    kind: ClassVar[str] = "SpikeMonitor"
    _time_axis: ClassVar[dict[str, int]] = {"i": 0, "t": 0}
    _variable_axis: ClassVar[int] = 0

    i: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    variables: dict[str, Recorded] = field(default_factory=dict)

    @property
    def num_spikes(self) -> int:
        """The number of spikes."""
        return len(self.i)

    @property
    def counts(self) -> np.ndarray:
        """The number of spikes of each neuron of the source."""
        return np.bincount(self.i, minlength=self.source_size)[: max(self.source_size, 0)]

    def _datasets(self) -> dict[str, tuple[np.ndarray, str | None]]:
        return {"i": (self.i, None), "t": (self.t, "s"), **_variable_datasets(self.variables)}

    @classmethod
    def recorded(cls, monitor: Any, start: int, **common: Any) -> Self:
        """Return a SpikeMonitor's spikes from its ``start``-th on (see `MonitorData.recorded`)."""
        data = monitor.data_since(start)
        variables = {
            name: Recorded(np.asarray(data[name]), _display_unit(monitor, name))
            for name in monitor.record_variables
        }
        return cls(
            **common,
            i=np.asarray(data["i"], dtype=np.int32),
            t=np.asarray(data["t_"], dtype=np.float64),
            variables=variables,
        )

    @classmethod
    def read(cls, group: h5py.Group, where: str, **common: Any) -> Self:
        """Read and check a SpikeMonitor's data (see `MonitorData.read`)."""
        variables = _variables(group, where)
        i = _indices(group, "i", where, common)
        t = _times(group, where)
        for variable, values in variables.items():
            if values.values.ndim != 1:
                raise ValueError(
                    f"'{where}/variables/{variable}' has shape {values.values.shape}, not one "
                    "value per spike"
                )
        _same_length(where, i=i, t=t, **{k: v.values for k, v in variables.items()})
        return cls(**common, i=i, t=t, variables=variables)


@dataclass(eq=False)
class StateData(MonitorData):
    """The samples recorded by a ``StateMonitor`` node.

    Attributes
    ----------
    t
        The time of each sample (float64, seconds).
    record
        The recorded elements of the source (int32): row ``k`` of every variable is element
        ``record[k]``.
    variables
        One array per variable: one row per recorded element, one column per sample.
    """

    kind: ClassVar[str] = "StateMonitor"
    _time_axis: ClassVar[dict[str, int]] = {"t": 0}
    _variable_axis: ClassVar[int] = 1

    t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    record: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    variables: dict[str, Recorded] = field(default_factory=dict)

    def _datasets(self) -> dict[str, tuple[np.ndarray, str | None]]:
        return {
            "t": (self.t, "s"),
            "record": (self.record, None),
            **_variable_datasets(self.variables),
        }

    @classmethod
    def recorded(cls, monitor: Any, start: int, **common: Any) -> Self:
        """Return a StateMonitor's samples from its ``start``-th on (see `MonitorData.recorded`)."""
        data = monitor.data_since(start)
        variables = {
            name: Recorded(
                np.ascontiguousarray(np.asarray(data[name]).T), _display_unit(monitor, name)
            )
            for name in monitor.record_variables
        }
        return cls(
            **common,
            t=np.asarray(data["t_"], dtype=np.float64),
            record=np.asarray(monitor.record, dtype=np.int32),
            variables=variables,
        )

    @classmethod
    def read(cls, group: h5py.Group, where: str, **common: Any) -> Self:
        """Read and check a StateMonitor's data (see `MonitorData.read`)."""
        variables = _variables(group, where)
        t = _times(group, where)
        record = _indices(group, "record", where, common)
        for variable, values in variables.items():
            if values.values.shape != (len(record), len(t)):
                raise ValueError(
                    f"'{where}/variables/{variable}' has shape {values.values.shape}, not "
                    f"{(len(record), len(t))} (recorded elements x samples)"
                )
        return cls(**common, t=t, record=record, variables=variables)


@dataclass(eq=False)
class RateData(MonitorData):
    """The population rate recorded by a ``PopulationRateMonitor`` node.

    Attributes
    ----------
    t
        The time of each step (float64, seconds).
    rate
        The rate of the step (spikes of the step / (N * dt), in Hz).
    """

    kind: ClassVar[str] = "PopulationRateMonitor"
    _time_axis: ClassVar[dict[str, int]] = {"t": 0, "rate": 0}

    t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rate: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def _datasets(self) -> dict[str, tuple[np.ndarray, str | None]]:
        return {"t": (self.t, "s"), "rate": (self.rate, "Hz")}

    @classmethod
    def recorded(cls, monitor: Any, start: int, **common: Any) -> Self:
        """Return a PopulationRateMonitor's rates from its ``start``-th step on."""
        data = monitor.data_since(start)
        return cls(
            **common,
            t=np.asarray(data["t_"], dtype=np.float64),
            rate=np.asarray(data["rate_"], dtype=np.float64),
        )

    @classmethod
    def read(cls, group: h5py.Group, where: str, **common: Any) -> Self:
        """Read and check a PopulationRateMonitor's data (see `MonitorData.read`)."""
        t = _times(group, where)
        rate = _array(group, "rate", "f", 1, where)
        if not np.all(np.isfinite(rate) & (rate >= 0)):
            raise ValueError(f"'{where}/rate' holds rates that are negative, NaN or infinite")
        _same_length(where, t=t, rate=rate)
        return cls(**common, t=t, rate=rate)


def _variable_datasets(variables: dict[str, Recorded]) -> dict[str, tuple[np.ndarray, str | None]]:
    """Return the datasets of recorded variables: ``variables/VAR`` -> (values, unit)."""
    return {f"variables/{name}": (r.values, r.unit) for name, r in variables.items()}


# -- reading ----------------------------------------------------------------------------------


def _variables(group: h5py.Group, where: str) -> dict[str, Recorded]:
    """Read the recorded variables (``variables/VAR``), each with its unit."""
    variables = {}
    if "variables" in group:
        recorded = group["variables"]
        if not isinstance(recorded, h5py.Group):
            raise ValueError(f"'{where}/variables' is not a group")
        for variable, dataset in recorded.items():
            if not variable.isidentifier():
                raise ValueError(f"'{where}/variables' holds {variable!r}, not a variable name")
            values = _array(recorded, variable, "fiub", None, f"{where}/variables")
            unit = (
                text_attribute(dataset, "unit", f"{where}/variables/{variable}", max_bytes=256)
                if "unit" in dataset.attrs
                else "1"
            )
            variables[variable] = Recorded(values, unit)
    return variables


def _array(group: h5py.Group, key: str, kinds: str, ndim: int | None, where: str) -> np.ndarray:
    """Read a numeric dataset, checking its type (nothing else is ever read as data)."""
    values = read_array(group, key, f"{where}/{key}", kinds)
    if ndim is not None and values.ndim != ndim:
        raise ValueError(f"'{where}/{key}' has {values.ndim} dimensions, not {ndim}")
    return values


def _times(group: h5py.Group, where: str) -> np.ndarray:
    """Read the times ``t`` (seconds): finite and not negative."""
    t = _array(group, "t", "f", 1, where)
    bad = ~np.isfinite(t) | (t < 0)
    if bad.any():
        raise ValueError(
            f"'{where}/t' holds the time {float(t[np.flatnonzero(bad)[0]])!r}; times must be "
            "finite and not negative"
        )
    return t.astype(np.float64, copy=False)


def _indices(group: h5py.Group, key: str, where: str, common: dict[str, Any]) -> np.ndarray:
    """Read recorded elements: integers within the source (``[0, source_size)``), as int32."""
    size = common["source_size"]
    source = f"its source '{common['source']}' ({size} elements)"
    values = _array(group, key, "iu", 1, where)
    if values.size:
        outside = (values < 0) | (values >= size)
        if outside.any():
            bad = int(values[np.flatnonzero(outside)[0]])
            raise ValueError(f"'{where}/{key}' holds the index {bad}, outside {source}")
    return values.astype(np.int32, copy=False)


def _same_length(where: str, **arrays: np.ndarray) -> None:
    lengths = {key: len(value) for key, value in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{k}: {n}" for k, n in lengths.items())
        raise ValueError(f"the arrays of '{where}' have different lengths ({described})")


def _display_unit(monitor: Any, variable: str) -> str:
    """Return the display string of the unit of a monitor's recorded variable."""
    return str(get_unit_for_display(monitor.variables[variable].dim))
