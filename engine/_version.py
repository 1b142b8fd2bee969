"""The version of SpikeCanvas and its engine (read by setuptools for the package metadata)."""

__version__ = "0.1.0"
