"""SummedVariableUpdater: a neuron variable set to a sum over its synapses each step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.equations import check_dimensions
from engine.equations.single import SingleEquation
from engine.errors import ModelError
from engine.groups.coderunner import CodeRunner
from engine.parsing import parse_statements

if TYPE_CHECKING:
    from engine.synapses.synapses import Synapses

__all__ = ["SummedVariableUpdater", "check_summed_onto_link"]


def check_summed_onto_link(name: str, original: str, group: Any) -> None:
    """Refuse a summed variable onto a linked variable that it cannot write element-wise.

    A summed variable writes one sum per element of its target. Onto a ``(linked)`` parameter
    that is linked one to one (same size, no index), those are the sums of the linked
    variable's elements, as in Brian 2; any other link (not made yet, an index, a shared
    variable) has no element per target neuron to write, and Brian 2 refuses it too.

    Raises
    ------
    ModelError
        A ValueError, as Brian 2 raises.
    """
    variable = group.variables.get(original)
    if variable is None:
        raise ModelError(
            f"The summed variable '{name}' targets the linked variable '{original}' of "
            f"'{group.name}', which is not linked yet; link it first "
            f"({group.name}.{original} = linked_var(...)), then create the Synapses",
            variable=name,
        )
    index = group.variables.indices.get(original)
    positions = group.variables[index].get_value() if index not in (None, "0", "_idx") else None
    one_to_one = (
        not variable.scalar
        and positions is not None
        and len(positions) == len(variable.get_value())
        and np.array_equal(positions, np.arange(len(positions)))
    )
    if not one_to_one:
        raise ModelError(
            f"The summed variable '{name}' targets the linked variable '{original}' of "
            f"'{group.name}', which is linked with an index (or to a shared variable): the "
            "sums would not fall on the elements they are for. Sum into a parameter of the "
            "group that owns the variable instead",
            variable=name,
        )


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
        self.target = target

    def target_range(self) -> tuple[Any, int, int]:
        """Return the variable written and the range of its storage that the sums cover."""
        _, start, stop = self.group.parts(self.target)
        variable = self.group.variables[self.equation.varname]
        return variable, start, stop

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Compile for the target's current size (a Synapses target grows with connect)."""
        _, start, stop = self.target_range()
        self.options["literals"] = {"start": start, "stop": stop}
        super().before_run(run_namespace)

    @staticmethod
    def check_network(objects: Iterable[Any]) -> None:
        """Refuse two summed variables of a network that write the same elements.

        Each sets its target to its sums every step, so one would overwrite the other's
        (through a link, two seemingly different targets can be one variable). Disjoint
        subgroups of one group are fine.

        Raises
        ------
        NotImplementedError
            Naming the variable and the two Synapses objects (as Brian 2 raises it).
        """
        seen: list[tuple[Any, int, int, SummedVariableUpdater]] = []
        for obj in objects:
            if not isinstance(obj, SummedVariableUpdater) or not obj.active:
                continue
            variable, start, stop = obj.target_range()
            for other_variable, other_start, other_stop, other in seen:
                if other_variable is variable and start < other_stop and other_start < stop:
                    raise NotImplementedError(
                        f"Multiple 'summed variables' target the variable '{variable.name}' "
                        f"of '{variable.owner}': '{other.equation.varname}' of "
                        f"'{other.group.name}' and '{obj.equation.varname}' of "
                        f"'{obj.group.name}' write the same elements. Use separate variables "
                        "in the target group instead (one per Synapses object) and add them"
                    )
            seen.append((variable, start, stop, obj))

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
