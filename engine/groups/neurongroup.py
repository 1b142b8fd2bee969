"""NeuronGroup: a population of neurons defined by equations (Brian 2's class of that name)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from engine.codegen.abstractcode import AbstractCode
from engine.core.operations import hoist
from engine.core.sizes import as_count, count_problem
from engine.core.variables import ArrayVariable, dtype_for
from engine.equations import (
    DIFFERENTIAL_EQUATION,
    PARAMETER,
    SUBEXPRESSION,
    Equations,
    add_refractoriness,
    check_code,
    check_condition,
    check_stateful_subexpressions,
    expression_dimensions,
    extract_constant_subexpressions,
    is_boolean_expression,
)
from engine.equations.name_rules import check_shared_subexpressions, check_suffixed_names
from engine.equations.single import SingleEquation, is_noise_symbol
from engine.errors import ModelError, errors_in
from engine.groups.coderunner import CodeRunner
from engine.groups.group import Group
from engine.parsing import parse_expression, parse_statements, validate_identifier_syntax
from engine.parsing.statements import draws_apart
from engine.stateupdaters import DEFAULT_METHODS, choose_stateupdater
from engine.units import DIMENSIONLESS, Quantity, get_dimensions, get_unit_for_display, second, volt
from engine.utils import model_logs

if TYPE_CHECKING:
    from engine.input.poissongroup import PoissonGroup
    from engine.synapses.synapses import Synapses

__all__ = ["NeuronGroup", "RefractoryFlagWarning", "refractory_flag_problem", "unused_clamps"]


class RefractoryFlagWarning(UserWarning):
    """Equations flagged ``(unless refractory)`` in a group that has no refractory period.

    The flag then changes nothing (the group is never refractory), as in Brian 2, which warns
    too; most likely the refractory period is missing.
    """


def unused_clamps(equations: Equations, refractory: Any) -> list[SingleEquation]:
    """Return the equations flagged ``(unless refractory)`` if there is no refractory period.

    ``refractory`` is the group's argument of that name: False means none.
    """
    if refractory is not False:
        return []
    return [
        eq
        for eq in equations.values()
        if eq.type == DIFFERENTIAL_EQUATION and "unless refractory" in eq.flags
    ]


def refractory_flag_problem(variable: str, group: str) -> str:
    """Return what to say about ``variable`` clamped in ``group`` without a refractory period."""
    return (
        f"'{variable}' is clamped with (unless refractory), but '{group}' has no refractory "
        "period: set one (e.g. 5*ms), or remove the flag"
    )


class NeuronGroup(Group):
    """A group of neurons whose state evolves by model equations.

    Parameters
    ----------
    N
        The number of neurons.
    model
        The equations (text or `Equations`).
    method
        The integration method: a name, a sequence of names to try (the default is Brian 2's
        ``("exact", "euler", "heun")``), or a state updater.
    threshold
        The condition for a spike (``"v > -50*mV"``).
    reset
        Statements run for neurons that spiked (``"v = -70*mV"``).
    refractory
        False, a duration, an expression giving a duration, or a condition for staying
        refractory (``"v > -40*mV"``).
    events
        Custom events: names and their conditions.
    namespace
        External names for this group's code (otherwise those of the script calling run).
    dtype
        The type of all float variables, or a dict of types per variable.
    dt, clock, order, name
        See `engine.core.base.EngineObject`.
    method_options
        Options of the integration method.
    """

    def __init__(
        self,
        N: int,
        model: str | Equations,
        method: str | Sequence[str] | Any = DEFAULT_METHODS,
        threshold: str | None = None,
        reset: str | None = None,
        refractory: Any = False,
        events: Mapping[str, str] | None = None,
        namespace: Mapping[str, Any] | None = None,
        dtype: Any = None,
        dt: Quantity | None = None,
        clock: Any = None,
        order: int = 0,
        name: str = "neurongroup*",
        method_options: Mapping[str, Any] | None = None,
        codeobj_class: Any = None,
    ) -> None:
        super().__init__(
            dt=dt, clock=clock, when="start", order=order, name=name, namespace=namespace
        )
        N = as_count(N)  # an integral float (N=1e4) counts, as in Brian 2
        problem = count_problem(N, "The number of neurons")
        if problem is not None:
            raise self.fail(problem, argument="N")
        self._N = int(N)
        if isinstance(model, str):
            with errors_in("model"):
                model = Equations(model)
        elif not isinstance(model, Equations):
            raise TypeError(f"model must be a string or Equations, not {type(model).__name__}")
        with errors_in("model"):
            model.check_flags(
                {
                    DIFFERENTIAL_EQUATION: ("unless refractory",),
                    PARAMETER: ("constant", "shared", "linked"),
                    SUBEXPRESSION: ("shared", "constant over dt"),
                }
            )
        #: The equations as the user gave them.
        self.user_equations = model
        if refractory is not False:
            model = add_refractoriness(model)
        model, constant_over_dt = extract_constant_subexpressions(model)
        #: The equations the state updater integrates.
        self.equations = model
        self._refractory = refractory
        for eq in unused_clamps(self.user_equations, refractory):
            line = f" (line {eq.span.line} of the model)" if eq.span is not None else ""
            warnings.warn(
                RefractoryFlagWarning(refractory_flag_problem(eq.varname, self.name) + line),
                stacklevel=2,
            )
        self.method_choice = method
        self.method_options = method_options

        events = dict(events or {})
        if threshold is not None:
            if "spike" in events:
                raise ValueError("Give the spike condition either as threshold or in events")
            events["spike"] = threshold
        for event, condition in events.items():
            if not isinstance(event, str) or validate_identifier_syntax(event) is not None:
                raise TypeError(f"'{event}' cannot be used as the name of an event")
            if not isinstance(condition, str):
                raise TypeError(
                    f"The condition of event '{event}' must be a string, not "
                    f"{type(condition).__name__}" + _membrane_hint(model, event)
                )
        #: Event names and their conditions.
        self.events = events
        #: Code run on events (the reset is the code of the 'spike' event).
        self.event_codes: dict[str, str] = {}
        check_suffixed_names(self.user_equations)
        self._create_variables(dtype, list(events))
        check_shared_subexpressions(self.user_equations, self.variables)

        self.thresholder: dict[str, Thresholder] = {}
        self.resetter: dict[str, CodeRunner] = {}
        for event in events:
            when = "thresholds" if event == "spike" else "after_thresholds"
            self.thresholder[event] = Thresholder(self, event, when)
            self.contained_objects.append(self.thresholder[event])
        if reset is not None:
            self.run_on_event("spike", reset, when="resets")
        elif threshold is not None and refractory is False:
            model_logs.threshold_without_reset(self.name)
        self.state_updater = StateUpdater(self)
        self.contained_objects.append(self.state_updater)
        self.subexpression_updater = self._update_constant_subexpressions(constant_over_dt)
        if refractory is not False:
            # Parameters added for the refractory period: `_create_variables` made them arrays.
            cast(ArrayVariable, self.variables["lastspike"]).set_value(-1e4)
            cast(ArrayVariable, self.variables["not_refractory"]).set_value(True)
        self._enable_attributes()

    def _create_variables(self, dtype: Any, events: list[str]) -> None:
        variables = self.variables
        variables.add_constant("N", self._N)
        for event in events:
            variables.add_array(f"_{event}space", self._N + 1, dtype=np.int32)
        variables.add_arange("i", self._N)
        variables.add_clock_variables(self.clock)
        for eq in self.equations.ordered:
            type_ = _dtype(dtype, eq.varname, eq.var_type)
            if eq.varname == "lastspike":
                # A time has the clock's type (double) whatever the float type, as in Brian 2:
                # in single precision, steps of 0.1 ms are no longer apart after about 400 s.
                type_ = np.dtype(np.float64)
            scalar = "shared" in eq.flags
            if eq.type == SUBEXPRESSION:
                assert eq.expr is not None  # a subexpression always has its expression
                variables.add_subexpression(eq.varname, eq.expr, eq.dim, type_, scalar=scalar)
            elif "linked" in eq.flags:
                self._linked_placeholder(eq)
            else:
                variables.add_array(
                    eq.varname,
                    self._N,
                    eq.dim,
                    dtype=type_,
                    constant="constant" in eq.flags,
                    scalar=scalar,
                )
        for eq in self.equations.ordered:
            # Without a refractory period the flag clamps nothing (see RefractoryFlagWarning).
            if "unless refractory" in eq.flags and self._refractory is not False:
                # Nothing may change a clamped variable while refractory: neither the state
                # update nor incoming synaptic events.
                clamped, flag = variables[eq.varname], variables["not_refractory"]
                if isinstance(clamped, ArrayVariable) and isinstance(flag, ArrayVariable):
                    clamped.conditional_write = flag

    def _linked_placeholder(self, eq: Any) -> None:
        """Return a linked variable has no storage until ``group.x = linked_var(...)``."""
        self._linked = getattr(self, "_linked", {})
        self._linked[eq.varname] = eq

    # -- events ------------------------------------------------------------------------------------

    def run_on_event(
        self, event: str, code: str, when: str = "after_resets", order: int | None = None
    ) -> CodeRunner:
        """Run ``code`` for every neuron in which ``event`` occurred (a reset for 'spike').

        Raises
        ------
        ValueError
            For an unknown event, or one that already has code.
        """
        if event not in self.events:
            hint = " Did you forget to define a threshold?" if event == "spike" else ""
            raise ValueError(f"Unknown event '{event}'.{hint}")
        if event in self.resetter:
            raise ValueError(f"Code for the event '{event}' has already been added")
        self.event_codes[event] = code
        resetter = Resetter(self, event, code, when, self.order if order is None else order)
        self.resetter[event] = resetter
        self.contained_objects.append(resetter)
        return resetter

    def set_event_schedule(
        self, event: str, when: str = "after_thresholds", order: int | None = None
    ) -> None:
        """Change when the condition of ``event`` is tested."""
        if event not in self.thresholder:
            raise ValueError(f"Unknown event '{event}'")
        self.thresholder[event].when = when
        self.thresholder[event].order = self.order if order is None else order

    @property
    def spikes(self) -> np.ndarray:
        """The neurons that spiked in the most recent step."""
        space = self.variables["_spikespace"].get_value()
        return space[: space[-1]].copy()

    def __getitem__(self, item: Any) -> Any:
        from engine.groups.subgroup import Subgroup

        start, stop = _start_stop(item, self._N)
        return Subgroup(self, start, stop)

    def __repr__(self) -> str:
        return f"NeuronGroup({self._N}, model={str(self.user_equations)!r}, name={self.name!r})"

    def resolve(self, name: str, run_namespace: Mapping[str, Any] | None = None) -> Any:
        """Return what ``name`` means in this group's code (see `Group.resolve`).

        A noise term has a value only inside the differential equations: a subexpression
        that uses one cannot be used in code, conditions or monitors.

        Raises
        ------
        ModelError
            For a noise term (reached through a subexpression that uses it).
        """
        if is_noise_symbol(name) and name not in self.variables:
            users = [
                sub
                for sub, terms in self.user_equations.noisy_subexpressions.items()
                if name in terms
            ]
            if users:
                raise ModelError(
                    f"The subexpression '{users[0]}' uses the noise term '{name}', which has a "
                    "value only inside the differential equations: it cannot be used in code, "
                    "conditions or monitors",
                    hint=(
                        "Use it only in differential equations, or record or use a "
                        "subexpression without the noise."
                    ),
                    variable=users[0],
                )
        return super().resolve(name, run_namespace)

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Check that every linked variable has been linked."""
        for name in getattr(self, "_linked", {}):
            if name not in self.variables:
                raise self.fail(
                    f"The linked variable '{name}' has not been linked",
                    f"Set it with {self.name}.{name} = linked_var(other_group, 'variable').",
                )


class StateUpdater(CodeRunner):
    """Integrates a neuron group's equations, and keeps track of refractoriness."""

    argument = "model"

    def __init__(self, group: NeuronGroup | Synapses) -> None:
        super().__init__(
            group,
            "stateupdate",
            when="groups",
            order=group.order,
            name=f"{group.name}_stateupdater",
        )
        #: The name of the integration method in use (known after the first run starts).
        self.method_name: str | None = None

    def describe(self) -> str:
        return f"the equations of '{self.group.name}'"

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> AbstractCode:
        group = self.group
        lookup = group.lookup(run_namespace)
        group.user_equations.check_units(lookup)
        check_stateful_subexpressions(group.user_equations.ordered, lookup)
        equations = self._integrated_equations()
        noise = {n for n in equations.identifiers if is_noise_symbol(n)}
        # Subexpressions with noise are integrated where they are substituted; on their own
        # they have no value (see NeuronGroup.resolve).
        noisy = set(equations.noisy_subexpressions)
        # Called functions are resolved too: whether a TimedArray is constant over a step
        # decides if the equations can be integrated exactly.
        resolved = group._variables_for(
            {*equations.names, *equations.identifiers, *equations.functions, "dt"} - noise - noisy,
            run_namespace,
        )
        self.method_name, update = choose_stateupdater(
            equations, resolved, group.method_choice, group.name, group.method_options
        )
        refractory = self._refractory_statements(lookup)
        if not refractory:
            return update
        names = {n for s in refractory for n in s.expr.identifiers} - {"not_refractory"}
        resolved.update(group._variables_for(names | {"not_refractory"}, run_namespace))

        hoisted = hoist(refractory, resolved, update.scalar)
        return AbstractCode(hoisted.scalar, hoisted.vector + update.vector)

    def _integrated_equations(self) -> Equations:
        """Return the equations to integrate, in the cheapest form that gives Brian 2's results.

        Brian 2 clamps ``(unless refractory)`` variables by multiplying their right-hand side
        by ``int(not_refractory)``, which puts a per-neuron factor into every coefficient (an
        ``exp`` per neuron and step for exact integration). Clamped variables are also written
        only where ``not_refractory`` holds (their conditional write), so when no unclamped
        variable depends on a clamped one, integrating without the factor gives the same
        values — with coefficients that are computed once per step.
        """
        group = self.group
        if group._refractory is False:
            return group.equations
        user = group.user_equations
        clamped = {
            eq.varname
            for eq in user.values()
            if eq.type == DIFFERENTIAL_EQUATION and "unless refractory" in eq.flags
        }
        for name, expression in user.substituted_expressions:
            if name not in clamped and {s.name for s in expression.free_symbols} & clamped:
                return group.equations  # coupled: keep Brian 2's form
        return extract_constant_subexpressions(add_refractoriness(user, clamp=False))[0]

    @errors_in("refractory")
    def _refractory_statements(self, lookup: Any) -> list:
        """``not_refractory`` for this step, from the refractory period or condition.

        Brian 2 writes ``timestep(t - lastspike, dt) >= timestep(ref, dt)``. Both times are
        whole steps (``lastspike`` is a past ``t``), so with ``n = timestep(ref, dt)`` this is
        ``lastspike <= t + 0.001*dt - n*dt`` exactly — the two sides differ by at least a
        thousandth of a step, far from any rounding — and the right-hand side is computed once
        per step instead of per neuron.
        """
        refractory = self.group._refractory
        if refractory is False:
            return []
        if isinstance(refractory, str):
            expression = parse_expression(refractory)
            dims = expression_dimensions(expression, lookup)
            if dims is get_dimensions(second):
                duration = f"({refractory})"
            elif dims is DIMENSIONLESS and is_boolean_expression(expression, lookup):
                # Only ever *leave* refractoriness through the condition.
                return parse_statements(f"not_refractory = not_refractory or not ({refractory})")
            else:
                raise ModelError(
                    f"The refractory expression '{refractory}' must be a duration or a "
                    f"condition, but has unit {get_unit_for_display(dims)}"
                )
        else:
            duration_like = get_dimensions(refractory) is get_dimensions(second) or (
                np.ndim(refractory) == 0 and float(refractory) == 0  # 0 fits every unit
            )
            if not duration_like:
                raise ModelError(
                    f"The refractory period must be a duration (such as 5*ms), not {refractory!r}"
                )
            seconds = float(refractory)
            if not (np.isfinite(seconds) and seconds >= 0):
                raise ModelError(
                    f"The refractory period must be a finite duration of 0 or more, not "
                    f"{refractory!r}"
                )
            duration = repr(seconds)
        return parse_statements(
            f"not_refractory = lastspike <= t + 0.001*dt - timestep({duration}, dt)*dt"
        )


class Thresholder(CodeRunner):
    """Tests an event's condition for every neuron and records the neurons where it holds."""

    def __init__(self, group: NeuronGroup | PoissonGroup, event: str, when: str) -> None:
        refractory = group._refractory is not False and event == "spike"
        arrays = {"eventspace": f"_{event}space"}
        if refractory:
            arrays.update(not_refractory="not_refractory", lastspike="lastspike", t="t")
        options = {"arrays": arrays, "literals": {"event": event, "refractory": refractory}}
        super().__init__(
            group,
            "threshold",
            when=when,
            order=group.order,
            name=f"{group.name}_{event}_thresholder",
            options=options,
        )
        self.event = event
        self.argument = "threshold" if event == "spike" else None

    def describe(self) -> str:
        what = "threshold" if self.event == "spike" else f"condition of the event '{self.event}'"
        return f"the {what} of '{self.group.name}'"

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> list:
        condition = self.group.events[self.event]
        what = "threshold" if self.event == "spike" else f"condition of event '{self.event}'"
        lookup = self.group.lookup(run_namespace)
        expression = check_condition(condition, lookup, what)
        # rand() - rand() > 0.5 draws twice, as in Brian 2 (not simplified to 0 > 0.5).
        draws, condition = draws_apart(
            expression, lambda name: bool(getattr(lookup(name), "stateful", False))
        )
        if self.options["literals"]["refractory"]:
            condition = f"({condition}) and not_refractory"
        code = "\n".join([*draws, f"_cond = {condition}"])
        return parse_statements(code, allow_internal_names=True)

    def after_run(self) -> None:
        """Leave no events behind once the run is over (as Brian 2 does)."""
        self.group.variables[f"_{self.event}space"].get_value()[-1] = 0
        super().after_run()


class Resetter(CodeRunner):
    """Runs code for the neurons in which an event occurred (the reset, for spikes)."""

    writes_shared = False  # as in Brian 2: which neuron's event would decide the value?

    def __init__(self, group: NeuronGroup, event: str, code: str, when: str, order: int) -> None:
        super().__init__(
            group,
            "reset",
            code,
            when=when,
            order=order,
            name=f"{group.name}_{event}_resetter",
            options={
                "arrays": {"eventspace": f"_{event}space"},
                "literals": {"event": event},
                "unconditional": (),
            },
        )
        self.event = event
        self.argument = "reset" if event == "spike" else None

    def describe(self) -> str:
        what = "reset" if self.event == "spike" else f"code of the event '{self.event}'"
        return f"the {what} of '{self.group.name}'"

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> list:
        statements = check_code(self.user_code, self.group.lookup(run_namespace), self.describe())
        # A reset writes its variables even while a neuron is refractory.
        self.options["unconditional"] = tuple(s.var for s in statements)
        return statements


def _dtype(dtype: Any, name: str, var_type: str) -> np.dtype:
    if var_type != "float" or dtype is None:
        return dtype_for(var_type)
    if isinstance(dtype, Mapping):
        return np.dtype(dtype.get(name, dtype_for(var_type)))
    return np.dtype(dtype)


def _membrane_hint(equations: Equations, event: str) -> str:
    """Suggest the condition a user most likely meant: on the variable in volts."""
    if event != "spike":
        return ""
    for eq in equations.values():
        if eq.type == DIFFERENTIAL_EQUATION and eq.dim is get_dimensions(volt):
            return f". Did you mean '{eq.varname} > ...'?"
    return ""


def _start_stop(item: Any, size: int) -> tuple[int, int]:
    if isinstance(item, slice):
        start, stop, step = item.indices(size)
        if step != 1:
            raise IndexError("Subgroups must be contiguous (no step in the slice)")
        if stop <= start:
            raise IndexError(f"The subgroup [{item.start}:{item.stop}] is empty")
        return start, stop
    if isinstance(item, (int, np.integer)):
        index = int(item) + (size if item < 0 else 0)
        if not 0 <= index < size:
            raise IndexError(f"Index {item} is out of range for a group of size {size}")
        return index, index + 1
    array = np.asarray(item)
    if array.ndim == 1 and array.size and np.issubdtype(array.dtype, np.integer):
        if np.all(np.diff(array) == 1):
            return _start_stop(slice(int(array[0]), int(array[-1]) + 1), size)
        raise IndexError("Subgroups can only be built from contiguous indices")
    raise TypeError(f"Cannot index a group with {item!r}")
