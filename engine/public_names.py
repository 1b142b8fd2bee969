"""The engine's public names besides the units, by the subpackage that defines each.

This is what ``from engine import *`` gives on top of `engine.units` (and numpy's names). It is
plain data that imports nothing, so that ``import engine`` knows where each name lives without
loading any subpackage (see ``engine/__init__.py``). A subpackage whose public names are all
public names of the engine takes its ``__all__`` from here (`public_names`) rather than typing
the list again.
"""

from __future__ import annotations

__all__ = ["PUBLIC_NAMES", "public_names"]

PUBLIC_NAMES: dict[str, tuple[str, ...]] = {
    "engine.equations": ("Equations",),
    "engine.core": (
        "BrianObject",
        "BrianObjectException",
        "BrianPreference",
        "Clock",
        "DEFAULT_FUNCTIONS",
        "EngineError",
        "EngineObject",
        "Function",
        "MagicError",
        "MagicNetwork",
        "Nameable",
        "Network",
        "PreferenceError",
        "collect",
        "declare_types",
        "defaultclock",
        "generated_code",
        "implementation",
        "magic_network",
        "prefs",
        "profiling_summary",
        "restore",
        "run",
        "scheduling_summary",
        "start_scope",
        "stop",
        "store",
    ),
    "engine.rng": ("seed",),
    "engine.utils": ("BrianLogger", "get_logger", "std_silent"),
    "engine.devices": ("all_devices", "device", "get_device", "set_device"),
    "engine.groups": (
        "CodeRunner",
        "Group",
        "NeuronGroup",
        "Subgroup",
        "VariableView",
        "linked_var",
    ),
    "engine.parsing": ("DEFAULT_CONSTANTS",),
    "engine.input": (
        "BinomialFunction",
        "NetworkOperation",
        "PoissonGroup",
        "PoissonInput",
        "SpikeGeneratorGroup",
        "TimedArray",
        "network_operation",
    ),
    "engine.synapses": ("Synapses",),
    "engine.monitors": ("EventMonitor", "PopulationRateMonitor", "SpikeMonitor", "StateMonitor"),
    "engine.stateupdaters": (
        "ExplicitStateUpdater",
        "StateUpdateMethod",
        "UnsupportedEquationsException",
        "euler",
        "exact",
        "exponential_euler",
        "heun",
        "linear",
        "milstein",
        "rk2",
        "rk4",
    ),
}


def public_names(subpackage: str) -> list[str]:
    """Return the public names of the engine that ``subpackage`` defines, as an ``__all__``.

    Parameters
    ----------
    subpackage
        The subpackage's full name (``"engine.core"``).

    Returns
    -------
    list of str
        Its names in `PUBLIC_NAMES`, in that order.
    """
    return list(PUBLIC_NAMES[subpackage])
