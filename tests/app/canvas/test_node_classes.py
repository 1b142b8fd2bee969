"""The canvas's node classes are generated from the kinds' descriptions, one per kind."""

from __future__ import annotations

import pytest
from toy_kind import KIND, registered_toy

from app.canvas.nodes import NODE_CLASSES, SpikeCanvasNode, node_class
from app.kinds import KINDS
from engine.project import kinds


@pytest.mark.parametrize("spec", kinds.specs(), ids=lambda spec: spec.kind)
def test_every_kind_has_a_node_class_named_after_it(spec):
    cls = node_class(spec.kind)
    assert issubclass(cls, SpikeCanvasNode)
    assert cls.__name__ == f"{spec.kind}Node"
    assert spec.kind == cls.KIND
    assert spec.default_name == cls.NODE_NAME
    assert NODE_CLASSES[spec.kind] is cls  # made once
    assert cls.type_ == f"spikecanvas.{spec.kind}Node"  # what NodeGraphQt knows it by


def test_the_canvas_knows_the_class_of_every_kind(canvas):
    assert list(NODE_CLASSES) == list(KINDS)
    registered = canvas.graph.registered_nodes()
    assert all(cls.type_ in registered for cls in NODE_CLASSES.values())


@pytest.fixture
def toy():
    with registered_toy(window=True) as spec:
        yield spec


def test_a_toy_kind_is_drawn_with_its_ports_and_facts(toy, canvas, model):
    toy_id = model.add_node(KIND, N="4")
    monitor = model.add_node("SpikeMonitor")
    model.connect(toy_id, monitor)
    item = canvas.node_item(toy_id)
    assert type(item).__name__ == "ToySourceNode"
    assert item.name() == "toy"
    assert item.view.facts == ["4 toys at 50*Hz"]
    assert [p.name() for p in item.input_ports()] == ["input"]
    assert [p.name() for p in item.output_ports()] == ["spikes"]
    assert len(canvas.graph.viewer().all_pipes()) == 1


def test_the_toy_kind_s_class_goes_with_it():
    with registered_toy(window=True):
        toy_class = NODE_CLASSES[KIND]
    assert KIND not in NODE_CLASSES
    assert toy_class not in NODE_CLASSES.values()
