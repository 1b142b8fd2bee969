"""Groups of neurons and their parts: NeuronGroup, Subgroup, and the Group base."""

from engine.groups.coderunner import CodeRunner
from engine.groups.group import Group, LinkedVariable, VariableView, linked_var
from engine.groups.neurongroup import NeuronGroup
from engine.groups.subgroup import Subgroup

__all__ = [
    "CodeRunner",
    "Group",
    "LinkedVariable",
    "NeuronGroup",
    "Subgroup",
    "VariableView",
    "linked_var",
]
