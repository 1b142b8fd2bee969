"""The runtime core: variables, clocks, objects, networks, the magic run, preferences."""

from engine.core.base import EngineError, EngineObject
from engine.core.clocks import Clock, defaultclock
from engine.core.functions import Function
from engine.core.magic import (
    MagicError,
    collect,
    magic_network,
    restore,
    run,
    scheduling_summary,
    start_scope,
    stop,
    store,
)
from engine.core.network import Network, generated_code
from engine.core.preferences import prefs

__all__ = [
    "Clock",
    "EngineError",
    "EngineObject",
    "Function",
    "MagicError",
    "Network",
    "collect",
    "defaultclock",
    "generated_code",
    "magic_network",
    "prefs",
    "restore",
    "run",
    "scheduling_summary",
    "start_scope",
    "stop",
    "store",
]
