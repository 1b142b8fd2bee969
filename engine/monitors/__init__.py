"""Monitors: record spikes, events, state variables and population rates during a run."""

from engine.monitors.ratemonitor import PopulationRateMonitor
from engine.monitors.spikemonitor import EventMonitor, SpikeMonitor
from engine.monitors.statemonitor import StateMonitor

__all__ = ["EventMonitor", "PopulationRateMonitor", "SpikeMonitor", "StateMonitor"]
