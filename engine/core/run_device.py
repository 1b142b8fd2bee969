"""What the core needs from devices (`engine.devices`): who runs a network, which values wait.

A device other than the runtime one takes over `Network.run` through `network_run`; the
``cpp_standalone`` device also *seals* the variables a run changed until ``device.build()``,
as Brian 2's standalone mode cannot tell their values before the simulation is built. A
sealed variable's `get_value` gives a `SealedValues`: it can be written (setting a variable
between runs is allowed, and a complete write makes its values known again) but reading it
raises `NotImplementedError`, the exception Brian 2 raises.

This module sits in the core and knows nothing of devices: `engine.devices` sets the hook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

__all__ = [
    "SealedValues",
    "device_run",
    "network_run",
    "seal",
    "sealed_values",
    "unseal_all",
]

#: The active device's ``network_run(network, duration, **arguments)``, None for runtime.
network_run: Callable[..., Any] | None = None

_inside_device_run = 0
_sealed: dict[int, Any] = {}

_MESSAGE = (
    "The values of '{name}' of '{owner}' are not known yet: with the cpp_standalone device "
    "the simulation's results are available after device.build() (or, with "
    "build_on_run=True, after the run). Read them after that, or use the runtime device."
)


def intercepting_run() -> Callable[..., Any] | None:
    """Return the device's ``network_run`` if it should run this network, else None.

    None when the runtime device is active, or when the device itself runs the network.
    """
    return None if _inside_device_run else network_run


@contextlib.contextmanager
def device_run() -> Iterator[None]:
    """Mark a network run made by the device (so that `Network.run` simulates it itself).

    While it lasts, sealed variables are readable: the run's own code reads them.
    """
    global _inside_device_run
    sealed = list(_sealed.values())
    unseal_all()
    _inside_device_run += 1
    try:
        yield
    finally:
        _inside_device_run -= 1
        seal(sealed)


def seal(variables: Iterable[Any]) -> None:
    """Make reading these variables (`ArrayVariable` objects) raise until `unseal_all`."""
    for variable in variables:
        variable.sealed = True
        _sealed[id(variable)] = variable


def unseal_all() -> None:
    """Make every sealed variable readable again (the simulation was built)."""
    for variable in _sealed.values():
        variable.sealed = False
    _sealed.clear()


def _forget(variable: Any) -> None:
    variable.sealed = False
    _sealed.pop(id(variable), None)


def sealed_values(variable: Any) -> Any:
    """Return what `get_value` gives for a sealed variable: a write-only `SealedValues`."""
    return SealedValues(variable)


class SealedValues:
    """The values of a variable that are not known yet: written to, never read.

    A write that covers every element makes the values known again (they are what was
    written), as in Brian 2's standalone mode.
    """

    def __init__(self, variable: Any) -> None:
        object.__setattr__(self, "_variable", variable)

    def _refuse(self) -> NotImplementedError:
        variable = self._variable
        return NotImplementedError(_MESSAGE.format(name=variable.name, owner=variable.owner))

    def __setitem__(self, key: Any, value: Any) -> None:
        array = self._variable.array
        array[key] = value
        if _covers_all(key, len(array)):
            _forget(self._variable)

    def __getitem__(self, key: Any) -> Any:
        raise self._refuse()

    def __getattr__(self, name: str) -> Any:
        raise self._refuse()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise self._refuse()

    def __len__(self) -> int:
        raise self._refuse()

    def __iter__(self) -> Iterator[Any]:
        raise self._refuse()

    def __repr__(self) -> str:
        variable = self._variable
        return f"<values of {variable.owner}.{variable.name}: not known before device.build()>"


def _covers_all(key: Any, size: int) -> bool:
    if key is Ellipsis or (isinstance(key, slice) and key == slice(None)):
        return True
    try:
        positions = np.asarray(key)
    except Exception:  # an exotic index: the values stay unknown
        return False
    if positions.dtype == bool:
        return bool(positions.size == size and positions.all())
    if positions.dtype.kind not in "iu":
        return False
    return bool(np.unique(positions % max(size, 1)).size == size)
