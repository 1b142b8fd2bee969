"""The NodeGraphQt node classes: one per document node kind, generated from its description.

Each class has the ports of its kind (`app.canvas.ports`), the colour of its category and its
icon (`app.kinds`), and is drawn as a `CardItem`. The document's node id is stored in the
hidden node property `ID_PROPERTY`: NodeGraphQt's own ids change whenever a node is recreated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from app.canvas.card import CardItem
from app.canvas.facts import node_facts
from app.canvas.nodegraph import BaseNode
from app.canvas.ports import INPUTS, OUTPUTS
from app.kinds import CATEGORIES, KINDS, KindInfo, icon_path
from app.model.default_names import base_name
from engine.project.node_base import NodeBase

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
        cls.NODE_NAME = base_name(cls.KIND)

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

    def show_facts(self, node: NodeBase) -> None:
        """Show the key facts of the document node ``node`` on the card."""
        self.view.set_facts(node_facts(node))


class _NodeClasses(Mapping[str, type[SpikeCanvasNode]]):
    """The node class of every kind in `app.kinds.KINDS`, made when first asked for.

    A class is named after its kind (``NeuronGroupNode``): NodeGraphQt knows node classes by
    ``__identifier__`` and class name (``spikecanvas.NeuronGroupNode``).
    """

    def __init__(self) -> None:
        # kind -> (the description it was made from, the class)
        self._made: dict[str, tuple[KindInfo[Any], type[SpikeCanvasNode]]] = {}

    def __getitem__(self, kind: str) -> type[SpikeCanvasNode]:
        info = KINDS[kind]
        for gone in self._made.keys() - KINDS.keys():  # kinds unregistered since
            del self._made[gone]
        made = self._made.get(kind)
        if made is None or made[0] is not info:
            namespace = {
                "KIND": kind,
                "__doc__": f"The canvas node of a {kind}: {info.description}.",
                "__module__": __name__,
            }
            made = self._made[kind] = (info, type(f"{kind}Node", (SpikeCanvasNode,), namespace))
        return made[1]

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


#: The node class of each document kind (generated from the kinds' descriptions).
NODE_CLASSES: Mapping[str, type[SpikeCanvasNode]] = _NodeClasses()


def node_class(kind: str) -> type[SpikeCanvasNode]:
    """Return the node class of a document kind (KeyError if unknown)."""
    return NODE_CLASSES[kind]
