"""SummedVariableUpdater: a neuron variable set to a sum over its synapses each step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.equations import check_dimensions
from engine.equations.single import SingleEquation
from engine.groups.coderunner import CodeRunner
from engine.parsing import parse_statements

if TYPE_CHECKING:
    from engine.synapses.synapses import Synapses

__all__ = ["SummedVariableUpdater"]


class SummedVariableUpdater(CodeRunner):
    """Sets ``x_post`` (or ``x_pre``) to the sum of an expression over each neuron's synapses.

    It runs in the ``groups`` slot just before the target group's state update (order one
    less than the target's), as in Brian 2; neurons without synapses get 0. Onto a subgroup it
    has the parent group's order, as in Brian 2 (see ``__init__``).

    Parameters
    ----------
    synapses
        The Synapses object.
    equation
        The ``(summed)`` equation: ``x_post = expression : unit (summed)``.
    target
        The group (or subgroup) the variable belongs to.
    index
        ``"_synaptic_post"`` or ``"_synaptic_pre"``: the neuron of each synapse.
    """

    def __init__(
        self, synapses: Synapses, equation: SingleEquation, target: Any, index: str
    ) -> None:
        group, start, stop = synapses.parts(target)
        # Brian 2 gives the updater the order ``target.order - 1``, and one of its subgroups has
        # its parent's order plus one: onto a subgroup, the updater shares the parent's order
        # and runs after the parent's state update when its name sorts later (as it usually
        # does: "synapses..." after "neurongroup..."), so the target sees the previous sum.
        order = group.order - 1 if target is group else group.order
        super().__init__(
            synapses,
            "summed_variable",
            f"_synaptic_var = {equation.expr}",
            when="groups",
            order=order,
            name=f"{synapses.name}_summed_variable_{equation.varname}",
            clock=group.clock,
            options={
                "arrays": {"target": equation.varname, "index": index},
                "literals": {"start": start, "stop": stop},
            },
        )
        self.equation = equation
        self.argument = "model"

    def describe(self) -> str:
        """Return what the code is, for messages."""
        return f"the summed variable '{self.equation.varname}' of '{self.group.name}'"

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> list:
        """Return ``_synaptic_var = expression``, after checking the expression's unit."""
        eq = self.equation
        assert eq.expr is not None, "a summed variable is defined by an expression"
        check_dimensions(
            eq.expr, eq.dim, self.group.lookup(run_namespace), f"the summed variable '{eq.varname}'"
        )
        return parse_statements(f"_synaptic_var = {eq.expr}", allow_internal_names=True)
