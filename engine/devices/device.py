"""Devices: what runs a simulation (Brian 2's ``brian2.devices.device``).

The engine itself is the *runtime* device: objects and runs live in this Python process, and
a run simulates at once. `set_device` selects another device; ``'cpp_standalone'``
(`engine.devices.cpp_standalone`) keeps Brian 2's standalone semantics on the engine's compiled
target. `device` always stands for the current device, so ``device.build()`` reaches whichever
is selected. A library can add a device to `all_devices`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.core import run_device

__all__ = [
    "CurrentDeviceProxy",
    "Device",
    "RuntimeDevice",
    "all_devices",
    "device",
    "get_device",
    "reinit_devices",
    "reset_device",
    "set_device",
]


class Device:
    """What every device offers (the runtime device does nothing special)."""

    #: The device's name in `all_devices`.
    name = "device"

    def activate(self, build_on_run: bool = True, **kwargs: Any) -> None:
        """Become the current device (called by `set_device`)."""
        self.build_on_run = build_on_run
        self.build_options = dict(kwargs)

    def deactivate(self) -> None:
        """Stop being the current device (another one was selected)."""

    def reinit(self) -> None:
        """Forget everything about earlier simulations, to start a new one."""

    def network_run(
        self,
        net: Any,
        duration: Any,
        report: Any = None,
        report_period: Any = None,
        namespace: Mapping[str, Any] | None = None,
        profile: bool = False,
        level: int = 0,
        **kwds: Any,
    ) -> None:
        """Run ``net`` for ``duration`` (`Network.run` calls it for devices other than runtime)."""
        from engine.core.network import Network

        with run_device.device_run():
            Network.run(net, duration, report, report_period, namespace, profile, level)

    def build(self, **kwds: Any) -> None:
        """Build the simulation: nothing to do for devices whose runs simulate at once.

        As in Brian 2, so that a script written for ``cpp_standalone`` still runs when its
        ``set_device`` line is removed.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} '{self.name}'>"


class RuntimeDevice(Device):
    """The engine as it is: simulations run in this process, at the `run` call."""

    name = "runtime"

    def __init__(self) -> None:
        self.build_on_run = True
        self.build_options: dict[str, Any] = {}


#: The devices by name: ``'runtime'`` and ``'cpp_standalone'``.
all_devices: dict[str, Device] = {"runtime": RuntimeDevice()}

_current: list[Device] = [all_devices["runtime"]]
_previous: list[Device] = []


def get_device() -> Device:
    """Return the current device (the runtime device unless `set_device` chose another)."""
    return _current[0]


def set_device(device: Device | str, build_on_run: bool = True, **kwargs: Any) -> None:
    """Select the device that runs simulations.

    Parameters
    ----------
    device
        A device or its name in `all_devices` (``'runtime'``, ``'cpp_standalone'``).
    build_on_run
        For ``'cpp_standalone'``: build and run the simulation at the first `run` (True), or
        record the runs for an explicit ``device.build()`` (False).
    **kwargs
        Build options for ``device.build`` (``directory``, ``compile``, ``run``, ``debug``,
        ...); those the engine cannot honour are named in a warning.

    Raises
    ------
    KeyError
        For an unknown device name (as in Brian 2).
    """
    if isinstance(device, str):
        if device not in all_devices:
            raise KeyError(
                f"There is no device called '{device}' (devices: {', '.join(all_devices)})"
            )
        device = all_devices[device]
    _previous.append(_current[0])
    _switch_to(device)
    device.activate(build_on_run=build_on_run, **kwargs)


def reset_device(device: Device | str | None = None) -> None:
    """Go back to the previous device (the runtime device at the start), or to ``device``."""
    if device is not None:
        set_device(device)
        return
    _switch_to(_previous.pop() if _previous else all_devices["runtime"])


def _switch_to(device: Device) -> None:
    if _current[0] is not device:
        _current[0].deactivate()
    _current[0] = device
    run_device.network_run = None if isinstance(device, RuntimeDevice) else device.network_run


def reinit_devices() -> None:
    """Reinitialise every device and select the runtime device (for tests, as in Brian 2)."""
    for each in all_devices.values():
        each.reinit()
    _previous.clear()
    _switch_to(all_devices["runtime"])


class CurrentDeviceProxy:
    """Stands for the current device: ``device.build()`` is ``get_device().build()``."""

    def __getattr__(self, name: str) -> Any:
        return getattr(get_device(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(get_device(), name, value)

    def __dir__(self) -> list[str]:
        return dir(get_device())

    def __repr__(self) -> str:
        return f"<current device: {get_device()!r}>"


#: The current device (Brian 2's ``device``).
device = CurrentDeviceProxy()
