"""Devices (Brian 2's ``brian2.devices``): the runtime device, ``cpp_standalone``, selecting one.

``from engine.devices import set_device``, ``from engine.devices.device import reset_device``
work as Brian 2's imports do. As in Brian 2, ``engine.devices.device`` is the current device
(`CurrentDeviceProxy`) once this package is loaded; the module of the same name is still
what ``from engine.devices.device import ...`` reads.
"""

from engine.devices.cpp_standalone import CPPStandaloneDevice as CPPStandaloneDevice
from engine.devices.device import CurrentDeviceProxy as CurrentDeviceProxy
from engine.devices.device import Device as Device
from engine.devices.device import RuntimeDevice as RuntimeDevice
from engine.devices.device import all_devices as all_devices
from engine.devices.device import get_device as get_device
from engine.devices.device import reinit_devices as reinit_devices
from engine.devices.device import reset_device as reset_device
from engine.devices.device import set_device as set_device
from engine.public_names import public_names
from engine.rng import seed as seed

all_devices["cpp_standalone"] = CPPStandaloneDevice()

# Last: from here on the package's attribute ``device`` is the current device, not the module.
from engine.devices.device import device as device  # noqa: E402

__all__ = [
    *public_names("engine.devices"),
    "CPPStandaloneDevice",
    "CurrentDeviceProxy",
    "Device",
    "RuntimeDevice",
    "reinit_devices",
    "reset_device",
    "seed",
]
