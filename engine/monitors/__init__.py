"""Monitors: record spikes, events, state variables and population rates during a run."""

# Its public names are the engine's (`engine.public_names`): re-exported explicitly here.
from engine.monitors.ratemonitor import PopulationRateMonitor as PopulationRateMonitor
from engine.monitors.spikemonitor import EventMonitor as EventMonitor
from engine.monitors.spikemonitor import SpikeMonitor as SpikeMonitor
from engine.monitors.statemonitor import StateMonitor as StateMonitor
from engine.public_names import public_names

__all__ = public_names("engine.monitors")
