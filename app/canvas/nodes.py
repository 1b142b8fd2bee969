"""The NodeGraphQt node classes: one per document node kind.

Each class has the ports of its kind (`app.canvas.ports`), the colour of its category and its
icon (`app.kinds`), and is drawn as a `CardItem`. The document's node id is stored in the
hidden node property `ID_PROPERTY`: NodeGraphQt's own ids change whenever a node is recreated.
"""

from __future__ import annotations

from typing import Any, ClassVar

from app.canvas.card import CardItem
from app.canvas.facts import node_facts
from app.canvas.nodegraph import BaseNode
from app.canvas.ports import INPUTS, OUTPUTS
from app.kinds import CATEGORIES, KINDS, icon_path
from app.model.default_names import BASE_NAMES

__all__ = ["ID_PROPERTY", "NODE_CLASSES", "SpikeCanvasNode", "node_class"]

#: The node property that holds the document's id of the node (hidden in properties bins).
ID_PROPERTY = "spikecanvas_id"


class SpikeCanvasNode(BaseNode):
    """A canvas node that shows one document node; subclasses set `KIND`."""

    __identifier__ = "spikecanvas"
    KIND: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # NodeGraphQt's name for new nodes; the canvas shows the document's name anyway.
        cls.NODE_NAME = BASE_NAMES[cls.KIND]

    def __init__(self) -> None:
        super().__init__(qgraphics_item=CardItem)
        info = KINDS[self.KIND]
        colour = CATEGORIES[info.category]
        # A new property's widget defaults to "hidden": no properties bin ever shows the id.
        self.create_property(ID_PROPERTY, "")
        self.set_color(*colour)
        self.set_icon(str(icon_path(self.KIND)))
        self.view.set_tooltip(f"<b>{info.label}</b><br/>{info.description}")
        for spec in INPUTS[self.KIND]:
            port = self.add_input(spec.name, multi_input=spec.multi)
            self._style_port(port, colour, spec.tooltip)
        for spec in OUTPUTS[self.KIND]:
            port = self.add_output(spec.name, multi_output=spec.multi)
            self._style_port(port, colour, spec.tooltip)

    @staticmethod
    def _style_port(port: Any, colour: tuple[int, int, int], tooltip: str) -> None:
        port.color = (*colour, 255)
        port.border_color = (*(min(255, c + 70) for c in colour), 255)
        port.view.setToolTip(tooltip)

    @property
    def card(self) -> CardItem:
        """The node's graphics item."""
        return self.view

    @property
    def document_id(self) -> str:
        """The id of the document node this canvas node shows."""
        return self.get_property(ID_PROPERTY)

    def show_facts(self, node: Any) -> None:
        """Show the key facts of the document node ``node`` on the card."""
        self.view.set_facts(node_facts(node))


class NeuronGroupNode(SpikeCanvasNode):
    """A neuron group: spikes out, synaptic and Poisson input in."""

    KIND = "NeuronGroup"


class PoissonGroupNode(SpikeCanvasNode):
    """A Poisson group: random spikes out."""

    KIND = "PoissonGroup"


class SpikeGeneratorGroupNode(SpikeCanvasNode):
    """A spike generator group: spikes at listed times out."""

    KIND = "SpikeGeneratorGroup"


class SynapsesNode(SpikeCanvasNode):
    """Synapses: presynaptic group in, postsynaptic group and recorded variables out."""

    KIND = "Synapses"


class PoissonInputNode(SpikeCanvasNode):
    """A Poisson input: drives a variable of one neuron group."""

    KIND = "PoissonInput"


class TimedArrayNode(SpikeCanvasNode):
    """A timed array: no ports, equations call it by name."""

    KIND = "TimedArray"


class SpikeMonitorNode(SpikeCanvasNode):
    """A spike monitor: one recorded group in."""

    KIND = "SpikeMonitor"


class StateMonitorNode(SpikeCanvasNode):
    """A state monitor: one recorded group or synapses in."""

    KIND = "StateMonitor"


class PopulationRateMonitorNode(SpikeCanvasNode):
    """A population rate monitor: one recorded group in."""

    KIND = "PopulationRateMonitor"


#: The node class of each document kind.
NODE_CLASSES: dict[str, type[SpikeCanvasNode]] = {
    cls.KIND: cls
    for cls in (
        NeuronGroupNode,
        PoissonGroupNode,
        SpikeGeneratorGroupNode,
        SynapsesNode,
        PoissonInputNode,
        TimedArrayNode,
        SpikeMonitorNode,
        StateMonitorNode,
        PopulationRateMonitorNode,
    )
}
assert set(NODE_CLASSES) == set(KINDS), "every document kind needs a node class"


def node_class(kind: str) -> type[SpikeCanvasNode]:
    """Return the node class of a document kind (KeyError if unknown)."""
    return NODE_CLASSES[kind]
