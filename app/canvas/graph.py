"""Create the NodeGraphQt graph that holds a network's nodes."""

from PySide6 import QtCore

from app.canvas.nodegraph import NodeGraph


def create_graph(parent: QtCore.QObject | None = None) -> NodeGraph:
    """Return an empty node graph set up for spiking networks.

    Recurrent wiring is allowed: loops such as E → synapses → E are normal in this domain, and
    NodeGraphQt forbids them by default.
    """
    graph = NodeGraph(parent)
    graph.set_acyclic(False)
    return graph
