"""Generated code never contains text of users except through `engine.codegen.quoting`.

Names of objects come from project files; the engine checks them when objects are created and
refuses to let anyone but a group's own methods change its private attributes. Should a name
still hold code (an object changed behind the engine's back), it is not part of generated code:
every generated function has the same name, and names appear only in comments escaped by the
quoting module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import engine
from engine import (
    Network,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    generated_code,
    ms,
)
from engine.codegen.quoting import comment_lines, identifier, is_identifier, string_literal
from engine.core import prefs

TEMPLATES = Path(engine.__file__).parent / "codegen" / "numpy" / "templates"


def payload(canary: Path) -> str:
    return f"G\n    __import__('os').system('touch {canary}')\n    #\u2028x\rimport os\x00"


def network_of(name_payload: str) -> tuple[Network, NeuronGroup]:
    group = NeuronGroup(3, "dv/dt = (2 - v)/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    synapses = Synapses(group, group, "w : 1", on_pre="v += w")
    synapses.connect(p=1)
    monitors = [SpikeMonitor(group), StateMonitor(group, "v", record=True)]
    rate = PopulationRateMonitor(group)
    for number, obj in enumerate((group, synapses, *monitors, rate)):
        # Behind the engine's back: nothing a file can do (see test_hostile_projects.py).
        object.__setattr__(obj, "_name", f"{name_payload}{number}")
    return Network(group, synapses, *monitors, rate), group


@pytest.mark.parametrize("target", ["numpy", "cython"])
def test_a_name_holding_code_is_never_run_on_either_target(target, tmp_path):
    prefs.codegen.target = target
    canary = tmp_path / "canary"
    network, _ = network_of(payload(canary))
    network.run(2 * ms)
    assert not canary.exists()


def test_generated_numpy_code_holds_names_only_as_escaped_comments(tmp_path):
    canary = tmp_path / "canary"
    network, _ = network_of(payload(canary))
    source = generated_code(network)
    assert str(canary) in source  # the name is shown, in comments...
    for line in source.splitlines():
        if str(canary) in line:
            assert line.lstrip().startswith("#"), line  # ...and nowhere else
    assert "def _operation(" in source
    assert not canary.exists()


def test_every_template_writes_names_through_the_comment_filter():
    """A template added later cannot forget it: names of objects and events are filtered."""
    for template in TEMPLATES.glob("*.py_"):
        for expression in re.findall(r"\{\{(.*?)\}\}", template.read_text()):
            words = expression.split("|")[0].split()
            if words and words[0] in ("owner", "source", "event", "recorded"):
                assert "comment" in expression, f"{template.name}: {{{{{expression}}}}}"


def test_private_attributes_of_groups_are_set_only_by_the_group():
    group = NeuronGroup(2, "v : 1")
    for name in ("_name", "_spikespace", "_anything"):
        with pytest.raises(AttributeError, match="private to the engine"):
            setattr(group, name, "x")
    assert group.name != "x"
    group.v = 0.5  # variables can be set...
    Network(group).run(1 * ms)  # ...and the group's own methods still set their attributes


@pytest.mark.parametrize("name", ["a\nb", "a b", "1a", "_private", "é", "a-b", "", "x; import os"])
def test_objects_take_only_names_that_are_identifiers(name):
    with pytest.raises(ValueError, match="not a valid name"):
        NeuronGroup(1, "v : 1", name=name)


TEXTS = [
    "plain",
    "quote ' and \" and ''' and \"\"\"",
    "back\\slash\\",
    "line\nbreak",
    "carriage\rreturn",
    "separator\u2028and\u2029paragraph",
    "nul\x00byte",
    "form\x0cfeed",
    "next\x85line",
    "# -*- coding: rot13 -*-",
    "\\\n",
    "tab\tbed",
]


@pytest.mark.parametrize("text", TEXTS)
def test_comments_hold_any_text_on_their_own_lines(text):
    lines = comment_lines(text)
    source = "\n".join(lines) + "\nx = 1\n"
    tree = ast.parse(source)
    assert [type(node) for node in tree.body] == [ast.Assign]  # nothing but the code after
    assert all(line.startswith("#") for line in lines)


@pytest.mark.parametrize("text", TEXTS)
def test_string_literals_hold_exactly_any_text(text):
    for block in (False, True):
        literal = string_literal(text, block=block)
        tree = ast.parse(literal, mode="eval")
        assert isinstance(tree.body, ast.Constant)
        assert tree.body.value == text


def test_only_identifiers_pass_as_names():
    assert identifier("exc_neurons") == "exc_neurons"
    for name in ("_name", "a.b", "class", "match", "a\nb", "é", 3, ""):
        assert not is_identifier(name)
        with pytest.raises(ValueError, match="is not a valid"):
            identifier(name)  # type: ignore[arg-type]
