"""SpikeCanvas's simulation engine.

A clock-driven simulator whose user-facing names and semantics follow Brian 2, so that a script
written with ``from brian2 import *`` runs with ``from engine import *``. The engine never imports
Qt or the application (a test enforces it), so it runs headless and in plain scripts.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("spikecanvas")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
