"""The one place that decides which Qt binding NodeGraphQt uses, and imports NodeGraphQt.

NodeGraphQt reaches Qt through the Qt.py shim, which picks a binding the first time it is
imported and keeps it for the life of the process. SpikeCanvas supports PySide6 only, so this
module fixes the choice before that first import and checks that it held. Every other module
imports NodeGraphQt's names from here (a test enforces it).
"""

import os

os.environ["QT_PREFERRED_BINDING"] = "PySide6"

import Qt

if Qt.__binding__ != "PySide6":
    raise ImportError(
        f"NodeGraphQt was set up with the Qt binding {Qt.__binding__!r} before SpikeCanvas could "
        "choose PySide6; import app.canvas.nodegraph before anything that imports Qt.py."
    )

from NodeGraphQt import BaseNode, NodeGraph
from NodeGraphQt import __version__ as __nodegraphqt_version__
from NodeGraphQt.constants import PortTypeEnum
from NodeGraphQt.qgraphics.node_base import NodeItem
from NodeGraphQt.qgraphics.node_text_item import NodeTextItem
from NodeGraphQt.qgraphics.port import PortItem
from NodeGraphQt.widgets.viewer import NodeViewer

#: The port type strings of NodeGraphQt's port items (``"in"``, ``"out"``).
PORT_IN = PortTypeEnum.IN.value
PORT_OUT = PortTypeEnum.OUT.value

__all__ = [
    "PORT_IN",
    "PORT_OUT",
    "BaseNode",
    "NodeGraph",
    "NodeItem",
    "NodeTextItem",
    "NodeViewer",
    "PortItem",
    "__nodegraphqt_version__",
]
