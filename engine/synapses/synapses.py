"""Synapses: connections between two groups, with their own state and event code.

Brian 2's class of that name. A Synapses object holds one entry per synapse in growable arrays
(``_synaptic_pre`` and ``_synaptic_post``, the positions of each synapse's neurons in their
groups' arrays, and every synaptic variable), created by `Synapses.connect`. Code run for
synapses reaches the neurons' variables through those arrays: ``v_pre``/``v_post`` (and the
postsynaptic ``v`` without suffix), so a neuron appears once per synapse; the code target keeps
the meaning of code run synapse after synapse (see `engine.codegen.numpy.generator`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine.core.stored_state import check_indices, check_lengths, check_times, problem
from engine.equations import (
    DIFFERENTIAL_EQUATION,
    PARAMETER,
    Equations,
    extract_constant_subexpressions,
)
from engine.errors import ModelError, errors_in
from engine.groups.neurongroup import StateUpdater
from engine.stateupdaters import DEFAULT_METHODS
from engine.synapses.connecting import SynapticConnection
from engine.synapses.indexing import SynapticSubgroup
from engine.synapses.model import (
    SynapticModel,
    check_dependencies,
    delays_by_pathway,
    split_equations,
)
from engine.synapses.pathway import SynapticPathway
from engine.synapses.summed import SummedVariableUpdater, check_summed_onto_link
from engine.units import Quantity
from engine.utils import model_logs

__all__ = ["DeprecatedKeywordWarning", "Synapses", "SynapticSubgroup"]


class DeprecatedKeywordWarning(UserWarning):
    """A keyword of Brian 2's old API (``Synapses(pre=...)``), accepted under its new name."""


def _deprecated_keyword(old: str, value: Any, new_value: Any) -> Any:
    """Return the code of ``on_<old>`` given either as ``on_<old>`` or as the old ``<old>``."""
    if value is None:
        return new_value
    if new_value is not None:
        raise TypeError(
            f"Cannot give both '{old}' and 'on_{old}': '{old}' is the deprecated name of "
            f"'on_{old}'; keep only on_{old}=..."
        )
    warnings.warn(
        DeprecatedKeywordWarning(
            f"The '{old}' keyword of Synapses is deprecated: write on_{old}=... instead"
        ),
        stacklevel=3,
    )
    return value


class Synapses(SynapticModel, SynapticConnection):
    """Synapses from a source group to a target group (Brian 2's ``Synapses``).

    Parameters
    ----------
    source, target
        The presynaptic and postsynaptic groups (or subgroups); the target defaults to the
        source. The target may be another Synapses object (synapses acting on synapses:
        each of its synapses is an element, its variables are reached as ``w_post``).
    model
        The synaptic equations: parameters (``(constant)``, ``(shared)``, or ``(linked)``:
        set with ``S.x = linked_var(group, 'v', index='j')``), differential equations
        (``(clock-driven)`` or ``(event-driven)``), subexpressions and ``(summed)``
        variables.
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
    pre, post
        Brian 2's deprecated names of ``on_pre`` and ``on_post``: accepted with a
        `DeprecatedKeywordWarning`.

    Notes
    -----
    Creating a Synapses object creates no synapses: call `connect`.
    """

    @property
    def repeated_indices(self) -> tuple[str, ...]:  # type: ignore[override]  # computed
        """Return the index arrays through which code may reach an element several times.

        Code writing through them must count every synapse: a neuron is reached once per
        synapse, and so is an element of a linked variable.
        """
        return ("_presynaptic_idx", "_postsynaptic_idx", *self.link_indices)

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
        pre: str | Mapping[str, str] | None = None,
        post: str | Mapping[str, str] | None = None,
    ) -> None:
        on_pre = _deprecated_keyword("pre", pre, on_pre)
        on_post = _deprecated_keyword("post", post, on_post)
        super().__init__(
            dt=dt, clock=clock, when="start", order=order, name=name, namespace=namespace
        )
        self.source = source
        self.target = source if target is None else target
        self._source_group, self._source_start, self._source_stop = self.parts(self.source)
        self._target_group, self._target_start, self._target_stop = self.parts(self.target)
        self._connect_called = False
        model = self._checked_model(model, multisynaptic_index)
        model_logs.unflagged_synaptic_equations(self.name, model.values())
        self.multisynaptic_index = multisynaptic_index
        model, constant_over_dt = extract_constant_subexpressions(model)
        event_driven, continuous, summed = split_equations(model)
        check_dependencies(model, event_driven, continuous, summed)
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
        delays = delays_by_pathway(delay)
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

    # -- pathways, summed variables, writes ---------------------------------------------------

    def _add_pathway(
        self, code: str, prepost: str, objname: str, delay: Quantity | None, event: str
    ) -> None:
        spiking = self.source if prepost == "pre" else self.target
        # Synapses have no events of their own (their ``events`` are their pathways' events).
        events = {} if isinstance(spiking, SynapticModel) else getattr(spiking, "events", {})
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
        if "linked" in target_eq.flags:
            check_summed_onto_link(name, original, group)
        for other in self.summed_updaters.values():
            if self.variables[other.equation.varname] is self.variables[name]:
                raise ModelError(
                    f"The target variable '{original}' is already updated by another summed "
                    f"variable of '{self.name}'",
                    variable=name,
                )
        updater = SummedVariableUpdater(self, eq, side, index)
        self.summed_updaters[name] = updater
        self.contained_objects.append(updater)

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

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Bring what depends on the number of synapses (and of a Synapses target) up to date."""
        self._grow_target_counts()
        self._refresh_links()
        super().before_run(run_namespace)

    def _restore_state(self, state: Mapping[str, Any]) -> None:
        super()._restore_state(state)
        self._grow_target_counts()
        self._refresh_links()  # the links follow the restored synapses

    def check_variable_write(self, name: str) -> None:
        """Refuse to set synaptic variables before `connect` has created synapses."""
        if not self._connect_called:
            raise TypeError(
                f"Cannot set '{name}' of '{self.name}' before creating synapses: call "
                "connect(...) first"
            )

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check stored synapses: one count for every per-synapse array, neurons in range.

        ``_synaptic_pre``/``_synaptic_post`` index the neurons' arrays in compiled code, so
        each must lie within the source's (target's) range of its group; ``N`` and the counts
        per neuron (``N_outgoing``, ``N_incoming``) must be those of the stored synapses, and
        delays finite and not negative.
        """
        checked = super()._checked_state(state, check)
        name = self.name
        # (Arrays recomputed from others, such as the positions of links, are not stored.)
        per_synapse = {
            v.name: checked[v.name] for v in self._per_synapse_arrays() if v.name in checked
        }
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

    def __repr__(self) -> str:
        return (
            f"<Synapses {self.name!r} from {self.source.name!r} to {self.target.name!r}: "
            f"{self.N} synapses>"
        )
