"""Changing a running simulation: which constants may change live, how, and at what pace.

A project constant that only model text uses (equations, thresholds, resets, ``on_pre``...)
is data for the generated code, not code: every code object binds it by name
(`engine.codegen.binding`). Binding the new value between two chunks of ``Network.run`` is
therefore seen from the next chunk on, on both targets, and nothing is generated or compiled
again.

A constant used when the network is BUILT — a number of elements, a connection condition or
probability, a delay, a monitor's recorded elements, the time step, another constant's value,
the run's duration — was computed into the network once: changing it during a run would change
nothing there, against what the user means. `check_change` refuses those, constants no model
text uses (used by initial values only, or by nothing), unknown names, text that is not a
constant expression and values of another unit. Initial values alone do not refuse a constant
that model text uses too (``Vt`` of a threshold and of the initial ``v``): they were set at the
start, and the change holds from its time on — as the exported script, which assigns it after
building, does. Which steps of the build use what comes from the plan
(`engine.project.plan`): an `~engine.project.steps.Expr` or `~engine.project.steps.Array` is
computed while building, and so is every argument of a ``call`` (``connect``) or an ``assign``
(initial values, delays); only the `~engine.project.steps.Code` (model text) given to a
constructor is resolved by the engine when it runs.

A few node fields hold a value the engine reads at every step from an array or an attribute
of the node's object rather than from code: a PoissonGroup's ``rates``, a PoissonInput's
``rate`` and ``weight``, given as constant expressions (`LIVE_FIELDS`). They change too,
named ``"node.field"`` (``"P.rates"``), by assigning the engine variable (``P.rates =
20*Hz``, as a script would between two runs).

`Pacer` slows a run down to a fraction of real time (sleeping between chunks).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.codegen.binding import rebind
from engine.core.base import flatten
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.input import TimedArray
from engine.parsing.expressions import parse_expression
from engine.project.document import Project
from engine.project.errors import ProjectError
from engine.project.plan import Array, Code, Expr, is_constant, plan
from engine.units import DimensionMismatchError, get_unit_for_display
from engine.units.quantity import get_dimensions, have_same_dimensions

__all__ = [
    "LIVE_FIELDS",
    "FieldTarget",
    "LiveChangeError",
    "LiveField",
    "Pacer",
    "Uses",
    "apply_constant",
    "apply_field",
    "check_change",
    "check_field_limit",
    "check_pace",
    "constant_values",
    "field_target",
    "live_uses",
]

# Names in any text (model text, lists, expressions): a superset of the names it uses, so a
# constant it does not use may be refused, never the other way round.
_WORD = re.compile(r"[^\W\d]\w*")

_RUN_FIELDS = {"run.dt": "the time step (run.dt)"}


@dataclass(frozen=True)
class LiveField:
    """A node field that may change during a run, and the values it may take."""

    #: The engine variable (or attribute) the field sets.
    variable: str
    #: The smallest value allowed (None: no bound).
    minimum: float | None = None
    #: The largest value the built object takes, with what it is (None: no bound).
    maximum: Callable[[Any], tuple[float, str]] | None = None


def _one_per_step(obj: Any) -> tuple[float, str]:
    dt = float(obj.clock.dt_)
    return 1 / dt, f"1/dt = {1 / dt:g} Hz (rate*dt is a probability per step)"


#: Node fields that may change during a run, by (kind, field).
LIVE_FIELDS: dict[tuple[str, str], LiveField] = {
    ("PoissonGroup", "rates"): LiveField("rates", 0.0),
    ("PoissonInput", "rate"): LiveField("rate", 0.0, _one_per_step),
    ("PoissonInput", "weight"): LiveField("weight"),
}


class LiveChangeError(ProjectError, ValueError):
    """A change of a running simulation that is refused, with the constant it is about.

    Attributes
    ----------
    name
        The constant (as given).
    message
        Why it is refused, and what to do instead.
    node_name, field
        Where the project uses the constant in a way that needs a rebuild (None otherwise).
    """

    def __init__(
        self, name: str, message: str, node_name: str | None = None, field: str | None = None
    ) -> None:
        self.name = name
        self.message = message
        self.node_name = node_name
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class FieldTarget:
    """A node field a run may change (see `LIVE_FIELDS`), named ``"node.field"``."""

    node_id: str
    node_name: str
    field: str
    live: LiveField
    #: The field's text in the project (a constant expression).
    text: str

    @property
    def variable(self) -> str:
        """The engine variable the field sets."""
        return self.live.variable


def field_target(project: Project, name: str) -> FieldTarget:
    """Return the node field ``name`` (``"P.rates"``) names, if a run may change it.

    Raises
    ------
    LiveChangeError
        If there is no such node, its field cannot change during a run, or the field's text
        is model text evaluated at every step (its constants may change instead).
    """
    node_name, _, field = name.partition(".")
    node = next((n for n in project.nodes if n.name == node_name), None)
    if node is None:
        raise LiveChangeError(name, f"'{name[:60]}': there is no node '{node_name[:60]}'")
    live = LIVE_FIELDS.get((node.kind, field))
    if live is None:
        fields = ", ".join(f"the {f} of a {k}" for k, f in LIVE_FIELDS)
        raise LiveChangeError(
            name,
            f"'{name[:60]}' cannot change during a run: besides constants, only {fields} can "
            "(a field computed when the network is built needs a new run: stop the run, change "
            "it, and run again)",
            node.name,
            field or None,
        )
    text = str(getattr(node, field))
    if not is_constant(text, [c.name for c in project.constants]):
        raise LiveChangeError(
            name,
            f"'{name}' is model text evaluated at every step ('{' '.join(text.split())[:60]}'): "
            "change the constants it uses instead",
            node.name,
            field,
        )
    return FieldTarget(node.id, node.name, field, live, text)


@dataclass(frozen=True)
class Uses:
    """Where a project uses its constants: while running, or when the network is built.

    Attributes
    ----------
    running
        The constants model text uses (resolved by the engine at each run: they may change).
    fixed
        Each constant a value computed when building uses, with its first such use: (node
        name or None, field, description such as ``"'Ce' uses it in connect.p"``). Initial
        values are not among them (see ``initial``).
    initial
        The same for initial values: set once, at the start, they are history once the
        simulation runs, so they do not keep a constant that model text also uses from
        changing.
    """

    running: frozenset[str]
    fixed: Mapping[str, tuple[str | None, str, str]]
    initial: Mapping[str, tuple[str | None, str, str]]

    def refusal(self, name: str) -> LiveChangeError | None:
        """Return why the constant ``name`` cannot change during a run (None if it can)."""
        use = self.fixed.get(name)
        if use is not None:
            node, field, description = use
            return LiveChangeError(
                name,
                f"'{name}' cannot change during a run: {description}, which is computed when "
                "the network is built. Stop the run, change it, and run again.",
                node,
                field,
            )
        if name not in self.running:
            initial = self.initial.get(name)
            where = f" ({initial[2]}: an initial value, set once at the start)" if initial else ""
            return LiveChangeError(
                name,
                f"'{name}' cannot change during a run: no model text uses it while it runs"
                f"{where}, so a change would change nothing. Stop the run, change it, and run "
                "again.",
                initial[0] if initial else None,
                initial[1] if initial else None,
            )
        return None


def live_uses(project: Project) -> Uses:
    """Return where ``project`` uses its constants (from its plan: see the module)."""
    known = {c.name for c in project.constants}
    running: set[str] = set()
    fixed: dict[str, tuple[str | None, str, str]] = {}
    initial: dict[str, tuple[str | None, str, str]] = {}

    def mark(
        into: dict[str, tuple[str | None, str, str]],
        names: Iterable[str],
        node: str | None,
        field: str,
        description: str,
    ) -> None:
        for name in names:
            if name in known and name not in into:
                into[name] = (node, field, description)

    for step in plan(project):
        for arg in (*step.args, *(value for _, value in step.kwargs)):
            if not isinstance(arg, (Expr, Code, Array)):
                continue
            words = _WORD.findall(arg.text)
            if isinstance(arg, Code) and step.action == "create":
                running.update(words)  # model text: resolved by the engine at each run
                # An exponent sets the units of what it raises (v**k, v in volts): they were
                # checked with its value when the run started, and no later value is.
                description = f"'{step.target}' uses it as an exponent in {arg.field}"
                mark(fixed, _exponent_words(arg.text), step.target, arg.field, description)
            elif step.action == "constant":
                others = (w for w in words if w != step.target)
                description = f"the constant '{step.target}' is computed from it"
                mark(fixed, others, None, arg.field, description)
            elif step.node_id is None:
                description = _RUN_FIELDS.get(arg.field, arg.field) + " uses it"
                mark(fixed, words, None, arg.field, description)
            else:
                into = initial if arg.field.startswith("initial.") else fixed
                description = f"'{step.target}' uses it in {arg.field}"
                if (step.kind, arg.field) in LIVE_FIELDS:
                    description += f" (change '{step.target}.{arg.field}' instead)"
                mark(into, words, step.target, arg.field, description)
    for field in ("duration", "report_period"):
        text = getattr(project.run, field)
        mark(fixed, _WORD.findall(text), None, f"run.{field}", f"the run's {field} uses it")
    return Uses(frozenset(running & known), fixed, initial)


def _exponent_words(text: str) -> list[str]:
    """Return the names in the exponents of ``**`` in ``text`` (a superset: see `_WORD`).

    The exponent is the operand after ``**``: a parenthesised group, or a signed name, number
    or call.
    """
    words: list[str] = []
    start = text.find("**")
    while start >= 0:
        k = start + 2
        while k < len(text) and text[k] in " \t+-":
            k += 1
        end = k
        while end < len(text) and (text[end].isalnum() or text[end] in "_."):
            end += 1
        if end < len(text) and text[end] == "(":  # a group, or a call's arguments
            depth = 0
            while end < len(text):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
                if depth == 0:
                    break
        words += _WORD.findall(text[k:end])
        start = text.find("**", end)
    return words


def constant_values(namespace: Mapping[str, Any], project: Project) -> dict[str, object]:
    """Return the current values of the project's constants, from a built namespace."""
    return {
        c.name: namespace[c.name]
        for c in project.constants
        if c.name in namespace and not isinstance(namespace[c.name], TimedArray)
    }


def check_change(
    project: Project,
    values: Mapping[str, object],
    name: str,
    text: str,
    uses: Uses,
) -> object:
    """Return the value of ``text`` for the constant (or node field) ``name``, or refuse it.

    Parameters
    ----------
    project
        The project being run.
    values
        The constants' current values (``text`` may use them).
    name, text
        The constant (or ``"node.field"``, see `LIVE_FIELDS`) and its new value, as text
        with units (``"2*mV"``).
    uses
        `live_uses` of the project.

    Raises
    ------
    LiveChangeError
        If ``name`` is not a constant of the project, is used while building or by no model
        text, ``text`` is not a constant expression of one number, or its unit is not the
        constant's.
    """
    if not isinstance(name, str) or not isinstance(text, str):
        raise LiveChangeError(str(name), "A live change takes a constant's name and a text value")
    constants = [c.name for c in project.constants]
    target = field_target(project, name) if "." in name else None
    if target is None and name not in constants:
        known = ", ".join(constants) or "none"
        raise LiveChangeError(
            name, f"'{name[:60]}' is not a constant of the project (its constants: {known})"
        )
    refused = uses.refusal(name) if target is None else None
    if refused is not None:
        raise refused
    shown = " ".join(text.split())[:60]
    try:
        parse_expression(text)
    except ModelError as error:
        raise LiveChangeError(name, f"'{shown}' is not a value: {error.message}") from None
    if not is_constant(text, constants):
        raise LiveChangeError(
            name,
            f"'{shown}' is not a constant expression (numbers, units and constants only)",
        )
    try:
        value = evaluate_constant(text, values)
    except (ModelError, DimensionMismatchError, ValueError, TypeError, ArithmeticError) as error:
        message = getattr(error, "message", str(error))
        raise LiveChangeError(name, f"'{shown}' cannot be computed: {message}") from None
    current = values.get(name) if target is None else _field_value(target, values)
    if np.ndim(np.asarray(value)) != 0 or isinstance(value, (complex, np.complexfloating)):
        raise LiveChangeError(name, f"'{shown}' is not one number")
    if isinstance(current, (bool, np.bool_)) != isinstance(value, (bool, np.bool_)):
        raise LiveChangeError(
            name, f"'{shown}' must be {'a boolean' if isinstance(current, bool) else 'a number'}"
        )
    if current is not None and not have_same_dimensions(value, current):
        expected = get_unit_for_display(get_dimensions(current))
        got = get_unit_for_display(get_dimensions(value))
        raise LiveChangeError(name, f"'{shown}' has unit {got}, but '{name}' has unit {expected}")
    if not isinstance(value, (bool, np.bool_)) and not math.isfinite(float(np.asarray(value))):
        raise LiveChangeError(name, f"'{shown}' is not a finite number")
    minimum = target.live.minimum if target is not None else None
    if target is not None and minimum is not None and float(np.asarray(value)) < minimum:
        raise LiveChangeError(name, f"'{shown}' is negative: the {target.field} cannot be")
    return value


def _field_value(target: FieldTarget, values: Mapping[str, object]) -> object:
    """Return the value of the field's text (for its unit), or None if it cannot be computed."""
    try:
        return evaluate_constant(target.text, values)
    except (ModelError, DimensionMismatchError, ValueError, TypeError, ArithmeticError):
        return None


def check_field_limit(
    project: Project, objects: Mapping[str, Any], name: str, value: object, shown: str
) -> None:
    """Refuse a value of the node field ``name`` beyond what its built object takes.

    Raises
    ------
    LiveChangeError
        If ``value`` (given as the text ``shown``) exceeds the field's maximum.
    """
    target = field_target(project, name)
    if target.live.maximum is None:
        return
    limit, what = target.live.maximum(objects[target.node_id])
    if float(np.asarray(value)) > limit:
        shown = " ".join(shown.split())[:60]
        raise LiveChangeError(
            name,
            f"'{shown}' is more than the {target.field} can be: {what}",
            target.node_name,
            target.field,
        )


def apply_field(project: Project, objects: Mapping[str, Any], name: str, value: object) -> None:
    """Assign the node field ``name`` (``"P.rates"``) its new ``value`` in the built objects."""
    target = field_target(project, name)
    setattr(objects[target.node_id], target.variable, value)


def apply_constant(network: Any, name: str, value: object) -> int:
    """Bind ``name`` to ``value`` in the code of every object of ``network`` that reads it.

    Only code that reads ``name`` as an external constant changes (a model variable of the
    same name hides the constant and is left alone). Returns how many code objects changed.
    """
    changed = 0
    for obj in flatten(network.objects):
        changed += rebind(getattr(obj, "code_object", None), name, value)
    return changed


# -- pace ----------------------------------------------------------------------------------------

#: Longest single sleep of a paced run (seconds): a new pace or a stop request is seen this soon.
_SLEEP_SLICE = 0.05
#: A paced run that falls this far behind (seconds of wall time) stops trying to catch up.
_BEHIND = 0.1


def check_pace(factor: float | None) -> float | None:
    """Return a pace as `Pacer` keeps it: None (as fast as possible) or a positive factor.

    Raises
    ------
    ValueError
        If ``factor`` is negative, not finite or not a number.
    """
    if factor is None:
        return None
    if isinstance(factor, bool) or not isinstance(factor, (int, float, np.integer, np.floating)):
        raise ValueError(f"The pace must be a number or None, not {factor!r}")
    value = float(factor)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"The pace must be a finite number, 0 or more, not {factor!r}")
    return value or None


class Pacer:
    """Keeps simulated time at a fraction of wall time by sleeping between chunks.

    Thread-safe: `set` may be called from any thread while another waits in `wait`.
    """

    def __init__(self, factor: float | None = None) -> None:
        self._lock = threading.Lock()
        self._factor = check_pace(factor)
        # (simulated time, wall time) from which the pace is counted; None: from the next wait
        self._reference: tuple[float, float] | None = None

    @property
    def factor(self) -> float | None:
        """Simulated seconds per wall-time second, or None for as fast as possible."""
        return self._factor

    def set(self, factor: float | None) -> None:
        """Change the pace (None or 0: as fast as possible); counted from the next chunk."""
        value = check_pace(factor)
        with self._lock:
            self._factor = value
            self._reference = None

    def restart(self) -> None:
        """Count the pace from the next wait on (a run starts: what came before is not due)."""
        with self._lock:
            self._reference = None

    def wait(self, t: float, stopped: Callable[[], bool]) -> None:
        """Sleep until simulated time ``t`` is due at the current pace (or a stop request)."""
        while True:
            with self._lock:
                factor, reference = self._factor, self._reference
                now = time.perf_counter()
                if factor is None:
                    return
                if reference is None:
                    self._reference = (t, now)
                    return
                due = reference[1] + (t - reference[0]) / factor
                if due <= now:
                    if now - due > _BEHIND:  # slower than the pace: never run ahead to catch up
                        self._reference = (t, now)
                    return
            time.sleep(min(due - now, _SLEEP_SLICE))
            if stopped():
                return
