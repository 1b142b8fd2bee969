"""The model of a Synapses object: its equations and its variables.

`SynapticModel` checks the synaptic equations (flags, reserved names, which equations may use
which: `split_equations`, `check_dependencies`), creates the per-synapse variables and the
references to the neurons' variables (``v_pre``, ``v_post``, ``v``).
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.core.variables import (
    Subexpression,
    dtype_for,
)
from engine.equations import (
    DIFFERENTIAL_EQUATION,
    PARAMETER,
    SUBEXPRESSION,
    Equations,
)
from engine.equations.name_rules import check_shared_subexpressions, check_suffixed_names
from engine.errors import ModelError, errors_in
from engine.parsing import parse_expression
from engine.synapses.linking import SynapticLinks
from engine.units import Quantity

__all__ = [
    "SynapticModel",
    "check_dependencies",
    "delays_by_pathway",
    "split_equations",
]

# Names every Synapses object defines itself (the model may not).
_RESERVED = ("i", "j", "delay")
# Variables of the neurons that are not reached per synapse under their own name.
_NOT_REFERENCED = ("i", "N", "t", "dt", "t_in_timesteps")
# Names every Synapses object defines after its model (a Synapses target has them too).
_OWN_NAMES = ("delay", "lastupdate")


class SynapticModel(SynapticLinks):
    """The set-up of `engine.synapses.synapses.Synapses`' model and variables."""

    @property
    def _target_stop(self) -> int:
        """The end of the target's range in its group's arrays (a Synapses target grows)."""
        if isinstance(self.__dict__.get("_target_group"), SynapticModel):
            return self.__dict__["_target_group"].N
        return int(self.__dict__["_fixed_target_stop"])

    @_target_stop.setter
    def _target_stop(self, value: int) -> None:
        self.__dict__["_fixed_target_stop"] = value

    @staticmethod
    def parts(group: Any) -> tuple[Any, int, int]:
        """Return the group owning ``group``'s arrays and the range of its elements there."""
        parent = getattr(group, "source", None)
        if parent is not None and hasattr(group, "start") and not isinstance(group, SynapticModel):
            return parent, int(group.start), int(group.stop)
        if not hasattr(group, "variables") or "N" not in group.variables:
            raise TypeError(f"Synapses connect groups of neurons, not {group!r}")
        return group, 0, len(group)

    @errors_in("model")
    def _checked_model(self, model: Any, multisynaptic_index: str | None) -> Equations:
        if model is None:
            model = ""
        if isinstance(model, str):
            model = Equations(model)
        if not isinstance(model, Equations):
            raise TypeError(f"model must be a string or Equations, not {type(model).__name__}")
        model.check_flags(
            {
                DIFFERENTIAL_EQUATION: ("event-driven", "clock-driven"),
                SUBEXPRESSION: ("summed", "shared", "constant over dt"),
                PARAMETER: ("constant", "shared", "linked"),
            },
            incompatible_flags=[
                ("event-driven", "clock-driven"),
                ("summed", "shared"),
                ("summed", "constant over dt"),
            ],
        )
        for name in _RESERVED:
            if name in model:
                raise ModelError(
                    f"'{name}' is a variable of every Synapses object and cannot be defined "
                    "in its model",
                    variable=name,
                )
        check_suffixed_names(model, summed_allowed=True)
        if multisynaptic_index is not None:
            if not isinstance(multisynaptic_index, str):
                raise TypeError("multisynaptic_index must be the name of a variable")
            model = model + Equations(f"{multisynaptic_index} : integer")
        return model

    @errors_in("model")
    def _create_variables(self, model: Equations, dtype: Any) -> None:
        variables = self.variables
        variables.add_dynamic_array("_synaptic_pre", dtype=np.int32, read_only=True)
        variables.add_dynamic_array("_synaptic_post", dtype=np.int32, read_only=True)
        variables.add_reference("_presynaptic_idx", variables, "_synaptic_pre")
        variables.add_reference("_postsynaptic_idx", variables, "_synaptic_post")
        variables.add_array("N", 1, dtype=np.int32, scalar=True, read_only=True)
        variables.add_constant("N_pre", self._source_stop - self._source_start)
        if isinstance(self._target_group, SynapticModel):
            # Synapses acting on synapses: their number grows with the target's connect calls.
            variables.add_reference("N_post", self._target_group.variables, "N")
        else:
            variables.add_constant("N_post", self._target_stop - self._target_start)
        variables.add_clock_variables(self.clock)
        for side, index, start in (
            ("i", "_synaptic_pre", self._source_start),
            ("j", "_synaptic_post", self._target_start),
        ):
            if start == 0:
                variables.add_reference(side, variables, index)
            else:  # a subgroup counts its neurons from its first one
                variables.add_subexpression(
                    side,
                    parse_expression(f"{index} - {start}", allow_internal_names=True),
                    dtype=np.int32,
                )
        # Per neuron (reached through the synapse's neuron), as in Brian 2.
        variables.add_dynamic_array(
            "N_incoming",
            dtype=np.int32,
            shape=self._target_stop,
            read_only=True,
            index="_postsynaptic_idx",
        )
        variables.add_dynamic_array(
            "N_outgoing",
            dtype=np.int32,
            shape=self._source_stop,
            read_only=True,
            index="_presynaptic_idx",
        )
        for eq in model.ordered:
            type_ = _dtype(dtype, eq.varname, eq.var_type)
            if eq.varname == "lastupdate":  # a time: the clock's type, as in Brian 2
                type_ = np.dtype(np.float64)
            shared = "shared" in eq.flags
            if eq.type == SUBEXPRESSION:
                if "summed" in eq.flags:
                    continue  # not a variable of the synapses: see _add_summed
                assert eq.expr is not None  # a subexpression always has its expression
                variables.add_subexpression(eq.varname, eq.expr, eq.dim, type_, scalar=shared)
            elif "linked" in eq.flags:
                self._declare_linked(eq)  # linked later: S.x = linked_var(...)
            elif shared:
                variables.add_array(
                    eq.varname,
                    1,
                    eq.dim,
                    dtype=type_,
                    constant="constant" in eq.flags,
                    scalar=True,
                )
            else:
                variable = variables.add_dynamic_array(eq.varname, eq.dim, dtype=type_)
                variable.constant = "constant" in eq.flags
        summed_names = {eq.varname for eq in model.values() if "summed" in eq.flags}
        defined = set(model) - summed_names
        self._add_neuron_references("_pre", self._source_group, "_presynaptic_idx", defined)
        self._add_neuron_references("_post", self._target_group, "_postsynaptic_idx", defined)
        check_shared_subexpressions(model, variables)

    def _add_neuron_references(
        self, suffix: str, group: Any, index: str, defined: set[str]
    ) -> None:
        """Reach the neurons' variables per synapse: ``v_pre``, ``v_post`` and ``v``."""
        variables = self.variables
        unsuffixed = suffix == "_post"
        reachable = _reachable_names(group)
        for name, variable in group.variables.items():
            if name.startswith("_") or name not in reachable:
                continue
            if name in defined and name != "lastupdate":
                raise ModelError(
                    f"The {'post' if unsuffixed else 'pre'}synaptic variable '{name}' has the "
                    "same name as a variable of the synapses; rename the synaptic variable "
                    f"(for example to '{name}_syn')",
                    variable=name,
                )
            if name == "i" and not isinstance(group, SynapticModel):
                # The neuron's number in its (sub)group: i or j of the synapse.
                variables.add_reference(f"i{suffix}", variables, "i" if suffix == "_pre" else "j")
                continue
            if name in ("N", "N_pre", "N_post") or f"{name}{suffix}" in variables:
                continue  # N_pre and N_post are the synapses' own
            names = [f"{name}{suffix}"]
            if (
                unsuffixed
                and name not in _NOT_REFERENCED
                and name not in _OWN_NAMES
                and name not in variables
            ):
                names.append(name)
            for alias in names:
                index_name = "0" if variable.scalar else index
                if isinstance(variable, Subexpression):
                    variables.add(self._reachable(variable, alias, suffix, group), index_name)
                else:
                    variables.add_reference(alias, group.variables, name, index_name)

    @staticmethod
    def _reachable(variable: Subexpression, alias: str, suffix: str, group: Any) -> Subexpression:
        """Rewrite a neuron subexpression in the synapses' names (``v`` becomes ``v_post``)."""
        renamed = {
            name: f"{name}{suffix}"
            for name in variable.identifiers
            if name in group.variables and name not in ("t", "dt", "t_in_timesteps")
        }
        # The parsed tree, not the text: the text keeps the equation's layout (indentation,
        # line breaks), which is no valid expression on its own.
        tree = _RenameNames(renamed).visit(copy.deepcopy(variable.expr.tree))
        text = ast.unparse(tree)
        return Subexpression(
            alias,
            variable.owner,
            parse_expression(text, allow_internal_names=True),
            variable.dim,
            variable.dtype,
            variable.scalar,
        )


class _RenameNames(ast.NodeTransformer):
    def __init__(self, renamed: Mapping[str, str]) -> None:
        self.renamed = renamed

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(self.renamed.get(node.id, node.id), node.ctx), node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node.args = [self.visit(argument) for argument in node.args]
        return node  # function names are not variables


def _reachable_names(group: Any) -> set[str]:
    """Return the variables of a source or target group that its synapses reach.

    All of a neuron group's. Of a Synapses target (synapses acting on synapses), those with a
    value per synapse or a shared one: not its own references to its neurons (``v_post``),
    its counts per neuron, its linked variables, nor subexpressions of these.
    """
    if not isinstance(group, SynapticModel):
        return set(group.variables)
    indices = group.variables.indices
    reachable = {
        name
        for name in group.variables
        if indices.get(name) in ("_idx", "0")
        and not isinstance(group.variables[name], Subexpression)
    }
    changed = True
    while changed:  # subexpressions of reachable names (in any order of definition)
        changed = False
        for name, variable in group.variables.items():
            if (
                name not in reachable
                and isinstance(variable, Subexpression)
                and indices.get(name) in ("_idx", "0")
                and {n for n in variable.identifiers if n in group.variables} <= reachable
            ):
                reachable.add(name)
                changed = True
    return reachable


def split_equations(model: Equations) -> tuple[list, list, list]:
    """Event-driven, clock-driven (with parameters and subexpressions) and summed equations."""
    event_driven, continuous, summed = [], [], []
    for eq in model.values():
        if "event-driven" in eq.flags:
            event_driven.append(eq)
        elif "summed" in eq.flags:
            summed.append(eq)
        else:
            continuous.append(eq)
            if eq.type != DIFFERENTIAL_EQUATION:
                event_driven.append(eq)  # event-driven equations may use them too
    return event_driven, continuous, summed


@errors_in("model")
def check_dependencies(
    model: Equations, event_driven: list, continuous: list, summed: list
) -> None:
    """Clock-driven and summed values may not use event-driven ones, nor the reverse."""
    event_names = {eq.varname for eq in event_driven if eq.type == DIFFERENTIAL_EQUATION}
    clock_names = {eq.varname for eq in continuous if eq.type == DIFFERENTIAL_EQUATION}

    def uses(eq: Any) -> set[str]:
        found: set[str] = set()
        pending = list(eq.identifiers)
        while pending:
            name = pending.pop()
            if name in found:
                continue
            found.add(name)
            if name in model and model[name].type == SUBEXPRESSION:
                pending.extend(model[name].identifiers)
        return found

    for eq in continuous:
        if eq.type == DIFFERENTIAL_EQUATION and uses(eq) & event_names:
            raise ModelError(
                f"The clock-driven equation of '{eq.varname}' uses the event-driven variable "
                f"'{sorted(uses(eq) & event_names)[0]}'; make both clock-driven",
                variable=eq.varname,
            )
    for eq in summed:
        if uses(eq) & event_names:
            raise ModelError(
                f"The summed variable '{eq.varname}' uses the event-driven variable "
                f"'{sorted(uses(eq) & event_names)[0]}', whose value is only up to date at "
                "events; make it clock-driven",
                variable=eq.varname,
            )
    for eq in event_driven:
        if eq.type == DIFFERENTIAL_EQUATION and uses(eq) & clock_names:
            raise ModelError(
                f"The event-driven equation of '{eq.varname}' uses the clock-driven variable "
                f"'{sorted(uses(eq) & clock_names)[0]}'; make both clock-driven",
                variable=eq.varname,
            )


def delays_by_pathway(delay: Any) -> dict[str, Any]:
    """Return the ``delay`` argument of Synapses as a delay per pathway name."""
    if delay is None:
        return {}
    if isinstance(delay, Quantity):
        return {"pre": delay}
    if isinstance(delay, Mapping):
        return dict(delay)
    raise TypeError(f"delay must be a quantity or a dictionary of them, not {delay!r}")


def _dtype(dtype: Any, name: str, var_type: str) -> np.dtype:
    if var_type != "float" or dtype is None:
        return dtype_for(var_type)
    if isinstance(dtype, Mapping):
        return np.dtype(dtype.get(name, dtype_for(var_type)))
    return np.dtype(dtype)
