"""The runtime core: variables, clocks, objects, networks, the magic run, preferences."""

# Its public names are the engine's (`engine.public_names`): re-exported explicitly here.
from engine.core.base import BrianObject as BrianObject
from engine.core.base import BrianObjectException as BrianObjectException
from engine.core.base import EngineError as EngineError
from engine.core.base import EngineObject as EngineObject
from engine.core.clocks import Clock as Clock
from engine.core.clocks import defaultclock as defaultclock
from engine.core.functions import DEFAULT_FUNCTIONS as DEFAULT_FUNCTIONS
from engine.core.functions import Function as Function
from engine.core.functions import declare_types as declare_types
from engine.core.functions import implementation as implementation
from engine.core.magic import MagicError as MagicError
from engine.core.magic import MagicNetwork as MagicNetwork
from engine.core.magic import collect as collect
from engine.core.magic import magic_network as magic_network
from engine.core.magic import restore as restore
from engine.core.magic import run as run
from engine.core.magic import scheduling_summary as scheduling_summary
from engine.core.magic import start_scope as start_scope
from engine.core.magic import stop as stop
from engine.core.magic import store as store
from engine.core.names import Nameable as Nameable
from engine.core.network import Network as Network
from engine.core.network import generated_code as generated_code
from engine.core.preferences import BrianPreference as BrianPreference
from engine.core.preferences import PreferenceError as PreferenceError
from engine.core.preferences import prefs as prefs
from engine.core.profiling import profiling_summary as profiling_summary
from engine.public_names import public_names

__all__ = public_names("engine.core")
