"""The runtime core: variables, clocks, objects, networks, the magic run, preferences."""

# Its public names are the engine's (`engine.public_names`): re-exported explicitly here.
from engine.core.base import EngineError as EngineError
from engine.core.base import EngineObject as EngineObject
from engine.core.clocks import Clock as Clock
from engine.core.clocks import defaultclock as defaultclock
from engine.core.functions import Function as Function
from engine.core.magic import MagicError as MagicError
from engine.core.magic import collect as collect
from engine.core.magic import magic_network as magic_network
from engine.core.magic import restore as restore
from engine.core.magic import run as run
from engine.core.magic import scheduling_summary as scheduling_summary
from engine.core.magic import start_scope as start_scope
from engine.core.magic import stop as stop
from engine.core.magic import store as store
from engine.core.network import Network as Network
from engine.core.network import generated_code as generated_code
from engine.core.preferences import prefs as prefs
from engine.public_names import public_names

__all__ = public_names("engine.core")
