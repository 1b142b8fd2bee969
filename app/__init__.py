"""The SpikeCanvas desktop application (PySide6, NodeGraphQt, pyqtgraph).

Importing this package does not import Qt: the command line (``spikecanvas --version``, headless
commands) must work, and answer fast, on machines where Qt cannot start.
"""

from engine import __version__

__all__ = ["__version__"]
