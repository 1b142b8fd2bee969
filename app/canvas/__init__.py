"""The node editor canvas: NodeGraphQt, configured for spiking networks."""
