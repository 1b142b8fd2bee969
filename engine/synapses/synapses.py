"""Synapses: connections between two groups, with their own state and event code.

Brian 2's class of that name. A Synapses object holds one entry per synapse in growable arrays
(``_synaptic_pre`` and ``_synaptic_post``, the positions of each synapse's neurons in their
groups' arrays, and every synaptic variable), created by `Synapses.connect`. Code run for
synapses reaches the neurons' variables through those arrays: ``v_pre``/``v_post`` (and the
postsynaptic ``v`` without suffix), so a neuron appears once per synapse; the code target keeps
the meaning of code run synapse after synapse (see `engine.codegen.numpy.generator`).
"""

from __future__ import annotations

import ast
import copy
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine import rng
from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.codegen.operations import Array, Operation
from engine.core.namespace import caller_namespace
from engine.core.operations import current_target, describe
from engine.core.sizes import count_problem
from engine.core.stored_state import check_indices, check_lengths, check_times, problem
from engine.core.variables import (
    DynamicArrayVariable,
    Subexpression,
    dtype_for,
)
from engine.equations import (
    DIFFERENTIAL_EQUATION,
    INTEGER,
    PARAMETER,
    SUBEXPRESSION,
    Equations,
    NameInfo,
    expression_dimensions,
    expression_type,
    extract_constant_subexpressions,
)
from engine.errors import ModelError, errors_in
from engine.groups.group import Group
from engine.groups.neurongroup import StateUpdater
from engine.parsing import parse_expression
from engine.stateupdaters import DEFAULT_METHODS
from engine.synapses.connect import Sides, generate_pairs, naming_arguments
from engine.synapses.generator_syntax import ConnectionGenerator, parse_connection
from engine.synapses.pathway import SynapticPathway
from engine.synapses.summed import SummedVariableUpdater
from engine.units import DIMENSIONLESS, Quantity

__all__ = ["Synapses", "SynapticSubgroup"]

# Names every Synapses object defines itself (the model may not).
_RESERVED = ("i", "j", "delay")
# Variables of the neurons that are not reached per synapse under their own name.
_NOT_REFERENCED = ("i", "N", "t", "dt", "t_in_timesteps")


class Synapses(Group):
    """Synapses from a source group to a target group (Brian 2's ``Synapses``).

    Parameters
    ----------
    source, target
        The presynaptic and postsynaptic groups (or subgroups); the target defaults to the
        source.
    model
        The synaptic equations: parameters, differential equations (``(clock-driven)`` or
        ``(event-driven)``), subexpressions and ``(summed)`` variables.
    on_pre, on_post
        Code run when an event of the presynaptic (postsynaptic) neuron reaches a synapse; a
        dictionary gives several named pathways.
    delay
        The delay of the ``pre`` pathway for all synapses, or a dictionary of delays per
        pathway; without it, each synapse has its own delay (zero until set).
    on_event
        The event that triggers the pathways (``"spike"``), or a dictionary per pathway.
    multisynaptic_index
        The name of a variable numbering the synapses between the same pair of neurons.
    namespace, dtype, dt, clock, order, name
        As for `engine.groups.NeuronGroup`.
    method, method_options
        The integration method of clock-driven equations.

    Notes
    -----
    Creating a Synapses object creates no synapses: call `connect`.
    """

    # A neuron is reached once per synapse: code writing to it must count every synapse.
    repeated_indices = ("_presynaptic_idx", "_postsynaptic_idx")

    def __init__(
        self,
        source: Any,
        target: Any = None,
        model: str | Equations | None = None,
        on_pre: str | Mapping[str, str] | None = None,
        on_post: str | Mapping[str, str] | None = None,
        delay: Quantity | Mapping[str, Quantity] | None = None,
        on_event: str | Mapping[str, str] = "spike",
        multisynaptic_index: str | None = None,
        namespace: Mapping[str, Any] | None = None,
        dtype: Any = None,
        codeobj_class: Any = None,
        dt: Quantity | None = None,
        clock: Any = None,
        order: int = 0,
        method: str | Sequence[str] | Any = DEFAULT_METHODS,
        method_options: Mapping[str, Any] | None = None,
        name: str = "synapses*",
    ) -> None:
        super().__init__(
            dt=dt, clock=clock, when="start", order=order, name=name, namespace=namespace
        )
        self.source = source
        self.target = source if target is None else target
        self._source_group, self._source_start, self._source_stop = self.parts(self.source)
        self._target_group, self._target_start, self._target_stop = self.parts(self.target)
        self._connect_called = False
        model = self._checked_model(model, multisynaptic_index)
        self.multisynaptic_index = multisynaptic_index
        model, constant_over_dt = extract_constant_subexpressions(model)
        event_driven, continuous, summed = _split(model)
        _check_dependencies(model, event_driven, continuous, summed)
        #: The event-driven equations (integrated when an event reaches a synapse), or None.
        self.event_driven = (
            Equations(event_driven)
            if any(eq.type == DIFFERENTIAL_EQUATION for eq in event_driven)
            else None
        )
        if self.event_driven is not None:
            model = model + "lastupdate : second"
        #: The clock-driven equations (integrated every step).
        self.equations = Equations(continuous)
        self.user_equations = self.equations
        self._refractory = False
        self.method_choice = method
        self.method_options = method_options
        self._create_variables(model, dtype)

        self._pathways: list[SynapticPathway] = []
        delays = _delays_by_pathway(delay)
        self.events = {} if isinstance(on_event, str) else dict(on_event)
        default_event = on_event if isinstance(on_event, str) else "spike"
        for prepost, argument in (("pre", on_pre), ("post", on_post)):
            if not argument:
                continue
            codes = {prepost: argument} if isinstance(argument, str) else dict(argument)
            for objname, code in codes.items():
                self._add_pathway(
                    code,
                    prepost,
                    objname,
                    delays.get(objname),
                    self.events.get(objname, default_event),
                )
        unknown = set(delays) - {p.objname for p in self._pathways}
        if unknown:
            raise ValueError(f"Cannot set the delay of the unknown pathway '{sorted(unknown)[0]}'")

        self.state_updater: StateUpdater | None = None
        if self.equations.diff_eq_names:
            self.state_updater = StateUpdater(self)
            self.contained_objects.append(self.state_updater)
        self.subexpression_updater = self._update_constant_subexpressions(constant_over_dt)
        #: The updaters of the ``(summed)`` variables, by variable name.
        self.summed_updaters: dict[str, SummedVariableUpdater] = {}
        for eq in summed:
            self._add_summed(eq)
        self._enable_attributes()

    # -- construction ------------------------------------------------------------------------

    @staticmethod
    def parts(group: Any) -> tuple[Any, int, int]:
        """Return the group owning ``group``'s arrays and the range of its elements there."""
        parent = getattr(group, "source", None)
        if parent is not None and hasattr(group, "start") and not isinstance(group, Synapses):
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
        for eq in model.values():
            if "linked" in eq.flags:
                raise ModelError(
                    f"Linked variables ('{eq.varname}') are not supported in Synapses",
                    variable=eq.varname,
                )
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
            shared = "shared" in eq.flags
            if eq.type == SUBEXPRESSION:
                if "summed" in eq.flags:
                    continue  # not a variable of the synapses: see _add_summed
                variables.add_subexpression(eq.varname, eq.expr, eq.dim, type_, scalar=shared)
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

    def _add_neuron_references(
        self, suffix: str, group: Any, index: str, defined: set[str]
    ) -> None:
        """Reach the neurons' variables per synapse: ``v_pre``, ``v_post`` and ``v``."""
        variables = self.variables
        unsuffixed = suffix == "_post"
        for name, variable in group.variables.items():
            if name.startswith("_"):
                continue
            if name in defined and name != "lastupdate":
                raise ModelError(
                    f"The {'post' if unsuffixed else 'pre'}synaptic variable '{name}' has the "
                    "same name as a variable of the synapses; rename the synaptic variable "
                    f"(for example to '{name}_syn')",
                    variable=name,
                )
            if name == "i":  # the neuron's number in its (sub)group: i or j of the synapse
                variables.add_reference(f"i{suffix}", variables, "i" if suffix == "_pre" else "j")
                continue
            if name in ("N", "N_pre", "N_post") or f"{name}{suffix}" in variables:
                continue  # N_pre and N_post are the synapses' own
            names = [f"{name}{suffix}"]
            if unsuffixed and name not in _NOT_REFERENCED and name not in variables:
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

    def _add_pathway(
        self, code: str, prepost: str, objname: str, delay: Quantity | None, event: str
    ) -> None:
        spiking = self.source if prepost == "pre" else self.target
        events = getattr(spiking, "events", {})
        if event not in events:
            hint = " Did you forget to give it a threshold?" if event == "spike" else ""
            raise ValueError(
                f"{'Source' if prepost == 'pre' else 'Target'} group '{spiking.name}' has no "
                f"event '{event}'.{hint}"
            )
        if not isinstance(objname, str) or not objname.isidentifier():
            raise TypeError(f"'{objname}' cannot be the name of a pathway")
        if objname in self.__dict__ or hasattr(type(self), objname):
            raise ValueError(f"'{objname}' cannot be the name of a pathway of '{self.name}'")
        pathway = SynapticPathway(self, code, prepost, objname, delay, event)
        object.__setattr__(self, objname, pathway)
        self._pathways.append(pathway)
        self.contained_objects.append(pathway)

    @errors_in("model")
    def _add_summed(self, eq: Any) -> None:
        name = eq.varname
        if not (name.endswith("_pre") or name.endswith("_post")):
            raise ModelError(
                f"The summed variable '{name}' must end in '_pre' or '_post'", variable=name
            )
        side, index = (
            (self.source, "_synaptic_pre")
            if name.endswith("_pre")
            else (self.target, "_synaptic_post")
        )
        original = name[: -len("_pre")] if name.endswith("_pre") else name[: -len("_post")]
        group, _, _ = self.parts(side)
        target_eq = getattr(group, "equations", {}).get(original)
        if target_eq is None or target_eq.type != PARAMETER:
            raise ModelError(
                f"The summed variable '{name}' needs a parameter '{original}' in "
                f"'{group.name}' to write to",
                variable=name,
            )
        if target_eq.dim is not eq.dim:
            raise ModelError(
                f"The summed variable '{name}' and the parameter '{original}' of '{group.name}' "
                "must have the same unit",
                variable=name,
            )
        for other in self.summed_updaters.values():
            if self.variables[other.equation.varname] is self.variables[name]:
                raise ModelError(f"'{original}' is already set by another summed variable")
        for existing in getattr(group, "_summed_targets", set()):
            if existing == original:
                raise ModelError(
                    f"'{original}' of '{group.name}' is already the target of a summed variable "
                    "of another Synapses object; sum into separate parameters and add them"
                )
        group.__dict__.setdefault("_summed_targets", set()).add(original)
        updater = SummedVariableUpdater(self, eq, side, index)
        self.summed_updaters[name] = updater
        self.contained_objects.append(updater)

    # -- size and indices ------------------------------------------------------------------

    @property
    def N(self) -> int:
        """The number of synapses."""
        return int(self.variables["N"].get_value()[0])

    @property
    def N_incoming_post(self) -> np.ndarray:
        """The number of synapses onto each postsynaptic neuron (zeros included)."""
        counts = self.variables["N_incoming"].get_value()
        return counts[self._target_start : self._target_stop].copy()

    @property
    def N_outgoing_pre(self) -> np.ndarray:
        """The number of synapses from each presynaptic neuron (zeros included)."""
        counts = self.variables["N_outgoing"].get_value()
        return counts[self._source_start : self._source_stop].copy()

    @property
    def delay(self) -> Any:
        """The delay of the ``pre`` pathway."""
        return self._pre_pathway().delay

    @delay.setter
    def delay(self, value: Any) -> None:
        self._pre_pathway().delay = value

    def _pre_pathway(self) -> SynapticPathway:
        pathway = self.__dict__.get("pre")
        if not isinstance(pathway, SynapticPathway):
            raise AttributeError(f"'{self.name}' has no 'pre' pathway, so it has no 'delay'")
        return pathway

    def calc_indices(self, item: Any) -> np.ndarray:
        """Return the synapse numbers ``item`` selects.

        ``item`` is a synapse number, slice or array of numbers; a pair (or triple) of
        presynaptic, postsynaptic (and multisynaptic) selections, each an index, slice, array
        or subgroup; or a `SynapticSubgroup`.
        """
        if isinstance(item, SynapticSubgroup):
            return item._indices()
        if not isinstance(item, tuple):
            return super().calc_indices(item)
        if len(item) not in (2, 3):
            raise IndexError("Index synapses with [i, j] or [i, j, k]")
        if len(item) == 3 and self.multisynaptic_index is None:
            raise IndexError(
                "A third index needs a multisynaptic_index (Synapses(..., "
                "multisynaptic_index='synapse_number'))"
            )
        selected = np.ones(self.N, dtype=bool)
        i = self.variables["_synaptic_pre"].get_value() - self._source_start
        j = self.variables["_synaptic_post"].get_value() - self._target_start
        columns = [i, j]
        sizes = [self._source_stop - self._source_start, self._target_stop - self._target_start]
        if len(item) == 3:
            columns.append(self.variables[self.multisynaptic_index].get_value())
            sizes.append(int(columns[-1].max()) + 1 if len(columns[-1]) else 0)
        for values, selection, size in zip(columns, item, sizes, strict=True):
            selected &= _matches(values, selection, size)
        return np.flatnonzero(selected).astype(np.int32)

    @property
    def indices(self) -> _SynapticIndexing:
        """``S.indices[i, j]``: the synapse numbers of a selection (see `calc_indices`)."""
        return _SynapticIndexing(self)

    def __getitem__(self, item: Any) -> SynapticSubgroup:
        if isinstance(item, str):
            return SynapticSubgroup(self, self.indices_where(item, caller_namespace()))
        return SynapticSubgroup(self, self.calc_indices(item))

    def check_variable_write(self, name: str) -> None:
        """Refuse to set synaptic variables before `connect` has created synapses."""
        if not self._connect_called:
            raise TypeError(
                f"Cannot set '{name}' of '{self.name}' before creating synapses: call "
                "connect(...) first"
            )

    # -- connect -----------------------------------------------------------------------------

    def connect(
        self,
        condition: str | bool | None = None,
        i: Any = None,
        j: Any = None,
        p: float | str = 1.0,
        n: int | str = 1,
        skip_if_invalid: bool = False,
        namespace: Mapping[str, Any] | None = None,
        level: int = 0,
    ) -> None:
        """Create synapses (added to those already created).

        Parameters
        ----------
        condition
            A condition on pairs (``"i != j"``, may use pre- and postsynaptic values), or
            True for every pair (the default when neither ``i`` nor ``j`` is given).
        i, j
            Arrays (or numbers) of presynaptic and postsynaptic indices, connected pairwise;
            or, for one of them, an expression or generator giving the connected neurons of
            each neuron on the other side (``j='i'``, ``j='k for k in range(i-2, i+3)'``).
        p
            The probability of each pair (a number, or an expression of ``i``, ``j`` and the
            neurons' values).
        n
            Synapses per connected pair (a number or an expression).
        skip_if_invalid
            With a generator, leave out pairs outside the groups instead of failing.
        namespace
            Names for the expressions (default: those where connect is called).
        level
            Accepted for compatibility with Brian 2.

        Raises
        ------
        TypeError, ValueError
            For invalid combinations of arguments.
        IndexError
            For neurons outside their groups.
        ModelError
            For invalid expressions (with the place of the problem).
        """
        if namespace is None:
            namespace = caller_namespace()
        self._connect_called = True
        old = self.N
        with naming_arguments(condition, i, j):
            request = self._connect_request(condition, i, j, p, n, skip_if_invalid, namespace)
            if request is None:
                return  # connect(False): no synapses
            generator, over_pre = request
            if generator is None:
                self._connect_arrays(i, j, p, n)
            else:
                self._connect_generator(generator, n, skip_if_invalid, namespace, over_pre)
        self._update_counts(old)

    def check_connect(
        self,
        condition: str | bool | None = None,
        i: Any = None,
        j: Any = None,
        p: float | str = 1.0,
        n: int | str = 1,
        skip_if_invalid: bool = False,
        namespace: Mapping[str, Any] | None = None,
    ) -> None:
        """Check the arguments of a `connect` call without creating any synapse.

        Runs every check `connect` makes before it creates synapses — the combination and
        types of the arguments, the names, units and types of each expression (condition,
        ``p``, ``n``, generator), and the range of index arrays — and nothing else: no code
        is generated, no random number drawn. An editor can call it on every keystroke.

        Parameters
        ----------
        condition, i, j, p, n, skip_if_invalid, namespace
            As for `connect`.

        Raises
        ------
        TypeError, ValueError, IndexError, ModelError
            As `connect` would.
        """
        if namespace is None:
            namespace = caller_namespace()
        with naming_arguments(condition, i, j):
            request = self._connect_request(condition, i, j, p, n, skip_if_invalid, namespace)
        if request is not None and request[0] is None:
            self._index_arrays(i, j, p, n)

    def _connect_request(
        self,
        condition: str | bool | None,
        i: Any,
        j: Any,
        p: float | str,
        n: int | str,
        skip_if_invalid: bool,
        namespace: Mapping[str, Any],
    ) -> tuple[ConnectionGenerator | None, bool] | None:
        """Check what a `connect` call asks for (index arrays are checked by `_index_arrays`).

        Returns the generator of the pairs and whether it runs over the presynaptic neurons;
        ``(None, True)`` for arrays of indices; None when no synapses are asked for.
        """
        _check_connect_types(condition, i, j, p, n)
        if condition is None and i is None and j is None:
            condition = True
        if condition is not None:
            if i is not None or j is not None:
                raise ValueError("Give either a condition or i and j, not both")
            if condition is False or condition == "False":
                return None
            generator = self._condition_generator(condition, p, namespace)
            over_pre = True
        elif i is not None and j is not None and not (isinstance(i, str) or isinstance(j, str)):
            if skip_if_invalid:
                raise ValueError("skip_if_invalid can only be used with a generator")
            return None, True
        elif isinstance(j, str) or isinstance(i, str):
            over_pre = isinstance(j, str)
            text, other = (j, i) if over_pre else (i, j)
            if other is not None:
                raise TypeError(
                    f"A generator for {'j' if over_pre else 'i'} cannot be combined with "
                    f"{'i' if over_pre else 'j'}"
                )
            if isinstance(p, str) or p != 1:
                raise ValueError("A generator cannot be combined with p: use sample(..., p=...)")
            generator = parse_connection(text, "i" if over_pre else "j")
        else:
            raise ValueError("connect needs a condition, or both i and j, or a generator")
        outer, result = ("i", "j") if over_pre else ("j", "i")
        self._check_generator(generator, n, namespace, (outer, result, generator.variable))
        return generator, over_pre

    def _condition_generator(
        self, condition: str | bool, p: float | str, namespace: Mapping[str, Any]
    ) -> ConnectionGenerator:
        """Brian 2's translation of ``connect(condition, p=...)`` into a generator over j."""
        text = "True" if condition is True else str(condition)
        if "for" in text.split():
            raise ValueError(
                f"A generator was given as the condition: write connect(j='{text}') instead"
            )
        lookup = self._connect_lookup(namespace, ("i", "j"))
        with errors_in("condition"):
            expression = parse_expression(text)
            expression_dimensions(expression, lookup)
            if expression_type(expression, lookup) != "boolean":
                raise ModelError(
                    f"The condition '{text}' is not a condition (a boolean expression)",
                    expression.span,
                    text,
                )
        if isinstance(p, str):
            with errors_in("p"):
                p_expression = parse_expression(p)
                if expression_dimensions(p_expression, lookup) is not DIMENSIONLESS:
                    raise ModelError(f"The probability '{p}' must be dimensionless")
            if self._depends_on(p, "j", (), namespace):
                return ConnectionGenerator(
                    "j",
                    "j",
                    "range",
                    "0",
                    "N_post",
                    "1",
                    None,
                    None,
                    f"({text}) and rand() < ({p})",
                    text,
                )
            return ConnectionGenerator("j", "j", "sample", "0", "N_post", "1", p, None, text, text)
        if p == 1:
            return ConnectionGenerator(
                "j", "j", "range", "0", "N_post", "1", None, None, text, text
            )
        return ConnectionGenerator(
            "j", "j", "sample", "0", "N_post", "1", repr(float(p)), None, text, text
        )

    def _connect_arrays(self, i: Any, j: Any, p: float | str, n: int | str) -> None:
        pre, post, counts = self._index_arrays(i, j, p, n)
        if p != 1:
            keep = rng.generator().random(len(pre)) < p
            pre, post, counts = pre[keep], post[keep], counts[keep]
        self._add_synapses(np.repeat(pre, counts), np.repeat(post, counts))

    def _index_arrays(
        self, i: Any, j: Any, p: float | str, n: int | str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the pairs of indices and their counts, checked against the groups' sizes."""
        if isinstance(n, str):
            raise TypeError("Arrays of indices cannot be combined with an expression for n")
        if isinstance(p, str):
            raise TypeError("Arrays of indices cannot be combined with an expression for p")
        pre, post = (_index_array(x, name) for x, name in ((i, "i"), (j, "j")))
        pre, post, counts = np.broadcast_arrays(pre, post, np.asarray(n))
        if pre.ndim > 1:
            raise ValueError("Indices must be one-dimensional")
        for values, size, side in (
            (pre, self._source_stop - self._source_start, "source"),
            (post, self._target_stop - self._target_start, "target"),
        ):
            if values.size and (values.min() < 0 or values.max() >= size):
                group = self.source if side == "source" else self.target
                raise IndexError(
                    f"The {side} indices contain values outside the range 0 to {size - 1} of "
                    f"'{group.name}'"
                )
        return pre, post, counts

    def _connect_generator(
        self,
        generator: ConnectionGenerator,
        n: int | str,
        skip_if_invalid: bool,
        namespace: Mapping[str, Any],
        over_pre: bool,
    ) -> None:
        outer, result = ("i", "j") if over_pre else ("j", "i")
        sizes = (self._source_stop - self._source_start, self._target_stop - self._target_start)
        sides = Sides(outer, result, *(sizes if over_pre else sizes[::-1]))
        parameters = (outer, result, generator.variable)  # checked by _connect_request
        evaluate = self._connect_evaluator(namespace, parameters)

        def depends_on_result(text: str) -> bool:
            return self._depends_on(text, result, (generator.variable,), namespace)

        outer_parts, result_parts = [], []
        for outer_values, result_values in generate_pairs(
            generator, sides, evaluate, depends_on_result, n, skip_if_invalid, rng.generator()
        ):
            outer_parts.append(outer_values)
            result_parts.append(result_values)
        if not outer_parts:
            return
        # Added at once: growing the per-synapse arrays batch by batch would leave them with up
        # to twice the memory they need (the arrays double their capacity when they grow).
        outer_values, result_values = np.concatenate(outer_parts), np.concatenate(result_parts)
        del outer_parts, result_parts
        pre, post = (outer_values, result_values) if over_pre else (result_values, outer_values)
        self._add_synapses(pre, post)

    def _check_generator(
        self,
        generator: ConnectionGenerator,
        n: int | str,
        namespace: Mapping[str, Any],
        parameters: tuple[str, ...],
    ) -> None:
        """Check the units and types of every expression of a generator before using it."""
        lookup = self._connect_lookup(namespace, parameters)
        integers = [("element", generator.element), ("low", generator.low)]
        integers += [("high", generator.high), ("step", generator.step), ("size", generator.size)]
        if isinstance(n, str):
            integers.append(("n", n))
        for part, text in integers:
            if text is None:
                continue
            with errors_in(part):
                expression = parse_expression(text)
                expression_dimensions(expression, lookup)
                if expression_type(expression, lookup) != INTEGER:
                    raise ModelError(
                        f"The {part} '{text}' of '{generator.text}' must be an integer expression",
                        expression.span,
                        text,
                        "Use int(...) to turn a value into an integer.",
                    )
        if generator.p is not None:
            with errors_in("p"):
                expression = parse_expression(generator.p)
                if expression_dimensions(expression, lookup) is not DIMENSIONLESS:
                    raise ModelError(f"The probability '{generator.p}' must be dimensionless")
        if generator.condition is not None:
            with errors_in("condition"):
                expression = parse_expression(generator.condition)
                expression_dimensions(expression, lookup)
                if expression_type(expression, lookup) != "boolean":
                    raise ModelError(
                        f"The condition '{generator.condition}' is not a condition",
                        expression.span,
                        generator.condition,
                    )

    def _connect_lookup(self, namespace: Mapping[str, Any], parameters: Sequence[str]) -> Any:
        """Return a unit-checker lookup for connect expressions (indices are integers)."""
        base = self.lookup(namespace)
        index = NameInfo(DIMENSIONLESS, INTEGER, read_only=True)

        def lookup(name: str) -> Any:
            if name in parameters:
                return index
            self._refuse_in_connect(name)
            return base(name)

        return lookup

    def _refuse_in_connect(self, name: str) -> None:
        if name in ("N_incoming", "N_outgoing"):
            raise ModelError(f"connect cannot use '{name}': it counts the synapses being created")
        variable = self.variables.get(name)
        if (
            variable is not None
            and variable.owner == self.name
            and self.variables.indices[name] == "_idx"
            and not name.startswith("_")
        ):
            raise ModelError(
                f"connect cannot use the synaptic variable '{name}': synapses have no values "
                "before they exist"
            )

    def _depends_on(
        self, text: str, result: str, extra: Sequence[str], namespace: Mapping[str, Any]
    ) -> bool:
        """Whether an expression varies with the result side of a connect call."""
        result_index = "_postsynaptic_idx" if result == "j" else "_presynaptic_idx"
        pending = list(parse_expression(text).identifiers)
        functions = parse_expression(text).functions
        seen: set[str] = set()
        if any(getattr(self.resolve(f, namespace), "stateful", False) for f in functions):
            return True  # one draw per candidate pair
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name == result or name in extra:
                return True
            variable = self.variables.get(name)
            if variable is None:
                continue
            index = self.variables.indices[name]
            if index == result_index:
                return True
            if isinstance(variable, Subexpression):
                pending.extend(variable.identifiers)
        return False

    def _connect_evaluator(self, namespace: Mapping[str, Any], parameters: tuple[str, ...]) -> Any:
        """Return ``evaluate(text, values)`` for connect expressions (compiled once each)."""
        compiled: dict[str, Any] = {}
        names = tuple(dict.fromkeys(parameters))
        pre_start, post_start = self._source_start, self._target_start

        def evaluate(text: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
            function = compiled.get(text)
            if function is None:
                function = compiled[text] = self._compile_connect_expression(text, names, namespace)
            size = len(next(iter(values.values())))
            arguments = [values.get(name, np.zeros(size, dtype=np.int64)) for name in names]
            pre = values["i"] + pre_start if "i" in values else np.zeros(size, dtype=np.int64)
            post = values["j"] + post_start if "j" in values else np.zeros(size, dtype=np.int64)
            return function(pre, post, *arguments)

        return evaluate

    def _compile_connect_expression(
        self, text: str, parameters: tuple[str, ...], namespace: Mapping[str, Any]
    ) -> Any:
        expression = parse_expression(text)
        expression_dimensions(expression, self._connect_lookup(namespace, parameters))
        needed = {*expression.identifiers, *expression.functions} - set(parameters)
        resolved = self._variables_for(needed, namespace)
        for name in ("_presynaptic_idx", "_postsynaptic_idx", "_synaptic_pre", "_synaptic_post"):
            resolved.pop(name, None)
        names, storage = describe(resolved, self.variables)
        raw = {"_presynaptic_idx": "_raw_pre_idx", "_postsynaptic_idx": "_raw_post_idx"}
        for name, described in list(names.items()):
            if isinstance(described, Array) and described.index in raw:
                names[name] = Array(
                    described.storage, described.dtype, raw[described.index], described.dynamic
                )
        statement = make_statement("_value", text)
        operation = Operation(
            f"_{self.name}_connect",
            "synapses_expression",
            AbstractCode((), (statement,)),
            names,
            storage,
            0,
            self.name,
            {"parameters": parameters},
        )
        return current_target().compile(operation)

    def _add_synapses(self, pre: np.ndarray, post: np.ndarray) -> None:
        """Append synapses (indices relative to the source and target groups)."""
        count = len(pre)
        if count == 0:
            return
        old = self.N
        new = old + count
        for variable in self._per_synapse_arrays():
            variable.resize(new)
        self.variables["_synaptic_pre"].get_value()[old:] = pre + self._source_start
        self.variables["_synaptic_post"].get_value()[old:] = post + self._target_start
        self.variables["N"].get_value()[0] = new

    def _per_synapse_arrays(self) -> list[DynamicArrayVariable]:
        return [
            variable
            for name, variable in self.variables.items()
            if isinstance(variable, DynamicArrayVariable)
            and variable.owner == self.name
            and self.variables.indices[name] == "_idx"
        ]

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check stored synapses: one count for every per-synapse array, neurons in range.

        ``_synaptic_pre``/``_synaptic_post`` index the neurons' arrays in compiled code, so
        each must lie within the source's (target's) range of its group; ``N`` and the counts
        per neuron (``N_outgoing``, ``N_incoming``) must be those of the stored synapses, and
        delays finite and not negative.
        """
        checked = super()._checked_state(state, check)
        name = self.name
        per_synapse = {v.name: checked[v.name] for v in self._per_synapse_arrays()}
        count = check_lengths(name, per_synapse, "synapses")
        if int(checked["N"][0]) != count:
            raise problem(name, "N", f"is {int(checked['N'][0])}, but {count} synapses are stored")
        for side, group, start, stop in (
            ("_synaptic_pre", self._source_group, self._source_start, self._source_stop),
            ("_synaptic_post", self._target_group, self._target_start, self._target_stop),
        ):
            if (start, stop) == (0, len(group)):
                what = f"group '{group.name}' (N = {len(group)})"
            else:
                what = f"the subgroup [{start}, {stop}) of '{group.name}' that '{name}' connects"
            check_indices(name, side, checked[side], start, stop, what)
        for counts, side in (("N_outgoing", "_synaptic_pre"), ("N_incoming", "_synaptic_post")):
            size = len(self.variables[counts].get_value())
            if checked[counts].shape != (size,):
                raise problem(name, counts, f"has {len(checked[counts])} values, not {size}")
            if not np.array_equal(checked[counts], np.bincount(checked[side], minlength=size)):
                raise problem(
                    name, counts, f"does not count the stored synapses of '{name}.{side}'"
                )
        for pathway in self._pathways:
            check_times(name, pathway.delay_name, checked[pathway.delay_name])
        if "lastupdate" in checked:
            check_times(name, "lastupdate", checked["lastupdate"], negative=True)
        return checked

    def _update_counts(self, old: int) -> None:
        """Count the new synapses per neuron; number the synapses of each pair."""
        pre = self.variables["_synaptic_pre"].get_value()
        post = self.variables["_synaptic_post"].get_value()
        outgoing = self.variables["N_outgoing"].get_value()
        incoming = self.variables["N_incoming"].get_value()
        outgoing += np.bincount(pre[old:], minlength=len(outgoing)).astype(outgoing.dtype)
        incoming += np.bincount(post[old:], minlength=len(incoming)).astype(incoming.dtype)
        if self.multisynaptic_index is not None:
            pairs = pre.astype(np.int64) * (int(post.max(initial=0)) + 1) + post
            order = np.argsort(pairs, kind="stable")
            sorted_pairs = pairs[order]
            starts = np.flatnonzero(np.r_[True, sorted_pairs[1:] != sorted_pairs[:-1]])
            sizes = np.diff(np.r_[starts, len(order)])
            numbers = np.empty(len(order), dtype=np.int32)
            numbers[order] = np.arange(len(order)) - np.repeat(starts, sizes)
            self.variables[self.multisynaptic_index].get_value()[:] = numbers

    def __repr__(self) -> str:
        return (
            f"<Synapses {self.name!r} from {self.source.name!r} to {self.target.name!r}: "
            f"{self.N} synapses>"
        )


class SynapticSubgroup:
    """Some synapses of a Synapses object: ``S[0, :]``, ``S['w > 0']``.

    Usable wherever synapse numbers are expected (``StateMonitor(S, 'w', record=S[0, :])``).
    """

    def __init__(self, synapses: Synapses, indices: np.ndarray) -> None:
        self.synapses = synapses
        self._synapse_numbers = np.asarray(indices, dtype=np.int32)

    def _indices(self) -> np.ndarray:
        return self._synapse_numbers.copy()

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._indices() if dtype is None else self._indices().astype(dtype)

    def __len__(self) -> int:
        return len(self._synapse_numbers)

    def __repr__(self) -> str:
        return f"<SynapticSubgroup of {self.synapses.name!r}: {len(self)} synapses>"


class _SynapticIndexing:
    def __init__(self, synapses: Synapses) -> None:
        self.synapses = synapses

    def __getitem__(self, item: Any) -> np.ndarray:
        if isinstance(item, str):
            return self.synapses.indices_where(item, caller_namespace())
        return self.synapses.calc_indices(item)


# -- helpers ------------------------------------------------------------------------------------


class _RenameNames(ast.NodeTransformer):
    def __init__(self, renamed: Mapping[str, str]) -> None:
        self.renamed = renamed

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.copy_location(ast.Name(self.renamed.get(node.id, node.id), node.ctx), node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node.args = [self.visit(argument) for argument in node.args]
        return node  # function names are not variables


def _split(model: Equations) -> tuple[list, list, list]:
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
def _check_dependencies(
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


def _delays_by_pathway(delay: Any) -> dict[str, Any]:
    if delay is None:
        return {}
    if isinstance(delay, Quantity):
        return {"pre": delay}
    if isinstance(delay, Mapping):
        return dict(delay)
    raise TypeError(f"delay must be a quantity or a dictionary of them, not {delay!r}")


def _index_array(values: Any, name: str) -> np.ndarray:
    if hasattr(values, "_indices"):
        values = values._indices()
    array = np.asarray(values)
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"The indices {name} must be integers, not {array.dtype}")
    return array.astype(np.int64)


def _check_connect_types(condition: Any, i: Any, j: Any, p: Any, n: Any) -> None:
    if condition is not None and not isinstance(condition, (bool, str)):
        raise TypeError(
            "The condition must be a string or a boolean; to connect given neurons use "
            "connect(i=..., j=...)"
        )
    for value, name in ((i, "i"), (j, "j")):
        if value is not None and not (
            isinstance(value, (numbers.Integral, np.ndarray, Sequence, str))
            or hasattr(value, "_indices")
        ):
            raise TypeError(f"{name} must be an index, an array of indices, or a string")
    if not isinstance(p, (numbers.Real, str)) or isinstance(p, bool):
        raise TypeError("p must be a number or a string")
    if not isinstance(n, (numbers.Integral, str)) or isinstance(n, bool):
        raise TypeError("n must be an integer or a string")
    if not isinstance(n, str):
        wrong = count_problem(n, "n (synapses per pair)", minimum=0)
        if wrong is not None:
            raise ValueError(wrong)


def _matches(values: np.ndarray, selection: Any, size: int) -> np.ndarray:
    """Which entries of ``values`` (neuron indices) a selection (index, slice...) contains."""
    if isinstance(selection, slice):
        if selection == slice(None):
            return np.ones(len(values), dtype=bool)
        chosen = np.arange(size)[selection]
    elif (
        hasattr(selection, "start") and hasattr(selection, "stop") and hasattr(selection, "source")
    ):
        chosen = np.arange(selection.start, selection.stop)  # a subgroup of the group
    elif isinstance(selection, (numbers.Integral, np.integer)):
        return values == int(selection)
    else:
        chosen = np.asarray(selection)
        if chosen.size and not np.issubdtype(chosen.dtype, np.integer):
            raise IndexError(f"Cannot select synapses with {selection!r}")
    return np.isin(values, chosen)


def _dtype(dtype: Any, name: str, var_type: str) -> np.dtype:
    if var_type != "float" or dtype is None:
        return dtype_for(var_type)
    if isinstance(dtype, Mapping):
        return np.dtype(dtype.get(name, dtype_for(var_type)))
    return np.dtype(dtype)
