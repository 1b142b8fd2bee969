"""Synapses: connections between groups, their state, delays and event-triggered code."""

from engine.synapses.pathway import SynapticPathway
from engine.synapses.spikequeue import SpikeQueue
from engine.synapses.synapses import Synapses, SynapticSubgroup

__all__ = ["SpikeQueue", "Synapses", "SynapticPathway", "SynapticSubgroup"]
