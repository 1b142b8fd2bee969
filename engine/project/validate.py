r"""Check a project without building it: every problem, at its node, field, line and column.

``validate(project)`` returns a list of `Diagnostic`\ s — errors for what would stop the
project from being built or run, warnings for what runs but is probably a mistake. The editor
calls it on every keystroke, so it never builds a network, never generates code, never
connects synapses and never simulates: it runs the engine's own checkers on the text of each
field — the parsers, the unit checker (`engine.equations.check_code`, `check_condition`,
`check_dimensions`...), the constant evaluator — and reports every problem it finds, not only
the first.

Names in model text are resolved as the engine resolves them when a network runs: through
the engine objects themselves. For each group and each Synapses node, validation creates the
engine object (a *proxy*) with a single element — names, units and flags do not depend on the
size, and memory and time then do not either — and checks each field with the object's own
lookup. So ``v_post``, ``N_incoming``, ``lastspike`` and the variables of a ``(summed)``
target mean here exactly what they mean in a run. Sizes are checked from the text (``N``,
index lists), against the real numbers.

What is checked, by node kind:

- run settings: ``run.dt``, ``run.duration``, ``run.report_period`` are times (positive);
- constants: valid expressions of units and the constants above them, with consistent units;
- names of constants and nodes: not a unit (``ms``), a function or constant of the language
  (``exp``, ``pi``), a name with a meaning in models (``t``, ``dt``, ``i``, ``j``, ``N``,
  ``xi``...) or a name of the engine's API (``run``, ``NeuronGroup``); not used twice;
- NeuronGroup: ``N`` a positive whole number; equations (syntax, flags, names, units);
  threshold a condition; reset statements (names, units, read-only targets, variables
  assigned but never used); refractory a time or a condition; the integration method (known,
  and able to integrate the equations where that is cheap to decide); ``dt``; initial values;
- PoissonGroup: ``N``; rates in Hz (a value or an expression);
- SpikeGeneratorGroup: ``N``; indices (whole numbers in ``[0, N)``) and times (times, not
  negative) of equal length; no neuron twice in one time step; the period;
- TimedArray: values (a list of numbers, or of lists) and ``dt``;
- Synapses: a ``pre`` and a ``post`` group; equations, ``on_pre``/``on_post`` (with the pre- and
  postsynaptic names); the delay; ``connect`` (condition a condition, ``p`` a probability or
  an expression, ``n``, index lists within the groups, generator syntax); initial values;
- PoissonInput: a target, ``target_var`` a variable of it that can be changed, ``N``, the rate
  (and ``rate*dt <= 1``), the weight in the unit of ``target_var``;
- monitors: a recorded object that has what they record (spikes, variables); record indices
  within the group; ``dt``; the plot's time window and smoothing;
- memory and time (`engine.project.budget`): the memory the network will take, against the
  memory available, and the number of steps of every clock.

Warnings: a group connected to nothing, synapses that change nothing, a connect that creates no
synapses, a StateMonitor that records no variable, a TimedArray that no model uses, a variable
clamped ``(unless refractory)`` in a group without a refractory period (as the engine warns).
"""

from __future__ import annotations

import ast
import dataclasses
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from engine import _HOME as _ENGINE_API
from engine.core.clocks import Clock
from engine.core.sizes import MAX_COUNT, MAX_ELEMENTS
from engine.core.variables import Subexpression
from engine.equations import (
    RESERVED_NAMES,
    Equations,
    check_code,
    check_condition,
    check_dimensions,
    evaluate_constant,
    expression_dimensions,
    extract_constant_subexpressions,
    is_boolean_expression,
)
from engine.errors import (
    EquationError,
    ExpressionError,
    ModelError,
    SourceSpan,
    UnresolvedIdentifierError,
    close_names,
)
from engine.groups import NeuronGroup
from engine.groups.neurongroup import refractory_flag_problem, unused_clamps
from engine.input import PoissonGroup, SpikeGeneratorGroup, TimedArray
from engine.parsing import (
    DEFAULT_CONSTANTS,
    DEFAULT_FUNCTIONS,
    parse_expression,
    parse_statements,
)
from engine.parsing.statements import Statement
from engine.project.budget import budget_problems
from engine.project.diagnostics import (
    Diagnostic,
    Severity,
    field_text,
    message_of,
    placed,
    to_diagnostic,
)
from engine.project.document import GROUP_KINDS, Project
from engine.project.literals import ArrayLiteral, parse_array
from engine.project.plan import is_constant
from engine.stateupdaters import (
    ExplicitStateUpdater,
    ExponentialEulerStateUpdater,
    LinearStateUpdater,
    StateUpdateMethod,
    get_conditionally_linear_system,
    get_linear_system,
)
from engine.stateupdaters.base import NOT_SUPPORTED, time_dependence_problem
from engine.synapses import Synapses
from engine.units import (
    DEFAULT_UNITS,
    DIMENSIONLESS,
    DimensionMismatchError,
    Hz,
    Quantity,
    get_dimensions,
    get_unit_for_display,
    second,
)

__all__ = ["Diagnostic", "validate"]


def validate(project: Project) -> list[Diagnostic]:
    """Return every problem found in ``project``, without building or running it.

    Diagnostics of the run settings and constants come first, then those of each node in the
    order of the project's nodes. An empty list means that the project can be built, and
    that nothing looks like a mistake.
    """
    return _Validator(project).diagnostics()


# -- names ------------------------------------------------------------------------------------

# Names that mean something in model text of some group (Synapses add their own).
_MODEL_NAMES = RESERVED_NAMES | {
    "j",
    "lastspike",
    "not_refractory",
    "lastupdate",
    "delay",
    "N_incoming",
    "N_outgoing",
    "N_pre",
    "N_post",
}
_TIME = get_dimensions(second)
_RATE = get_dimensions(Hz)
# Message prefix of checks that failed in themselves (a bug, reported rather than raised).
_UNCHECKED = "could not be checked"
_FAILED = object()  # a check that failed (and was reported)
# What the engine raises for wrong input (DimensionMismatchError is no ValueError).
_ENGINE_ERRORS = (ModelError, DimensionMismatchError, ValueError, TypeError, KeyError, IndexError)


def _name_problem(name: str) -> str | None:
    """Return why a constant or node must not be called ``name``, or None."""
    if name in DEFAULT_UNITS:
        what = "a unit: model text would still read it as the unit"
    elif name in DEFAULT_FUNCTIONS:
        what = "a function of the model language: model text would still call the function"
    elif name in DEFAULT_CONSTANTS:
        what = "a constant of the model language: model text would still read that constant"
    elif name in _MODEL_NAMES or name.startswith("xi_"):
        what = "a name with a meaning in model text (time, index, size, noise...)"
    elif name in _ENGINE_API:
        what = "a name of the engine's API: an exported script would lose it"
    else:
        return None
    return f"'{name}' is {what}. Choose another name."


def _unit(value: object) -> str:
    return get_unit_for_display(get_dimensions(value))


def _is_number(value: object) -> bool:
    """Return whether ``value`` is a real number: no unit (a scalar), not a boolean."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, Quantity):
        return value.ndim == 0 and get_dimensions(value) is DIMENSIONLESS
    return isinstance(value, numbers.Real)


def _float(value: object) -> float:
    """Return ``value`` as a float; an integer beyond the range of a double is infinite."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf


def _is_nan(value: object) -> bool:
    try:
        return bool(np.any(np.isnan(np.asarray(value, dtype=float))))
    except (TypeError, ValueError):
        return False


# -- placing problems in the text --------------------------------------------------------------


def _element_span(text: str, index: int) -> SourceSpan | None:
    """Return where the ``index``-th number of a flat list (``[0, 5]*ms``) is in ``text``."""
    stripped = text.strip()
    try:
        tree = ast.parse(stripped, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Mult):
        tree = tree.left if isinstance(tree.left, (ast.List, ast.Tuple)) else tree.right
    if not isinstance(tree, (ast.List, ast.Tuple)):
        return _whole_span(text)
    if not 0 <= index < len(tree.elts):
        return None
    element = tree.elts[index]
    prefix = text[: text.index(stripped)] if stripped else ""
    line = element.lineno + prefix.count("\n")
    shift = (len(prefix) - (prefix.rfind("\n") + 1)) if element.lineno == 1 else 0
    end = element.end_col_offset if element.end_lineno == element.lineno else None
    column = element.col_offset + 1 + shift
    return SourceSpan(line, column, (end or element.col_offset + 1) + 1 + shift)


def _whole_span(text: str) -> SourceSpan | None:
    """Return the first line of ``text`` without its indentation (a whole value's span)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            start = len(line) - len(line.lstrip()) + 1
            return SourceSpan(number, start, len(line.rstrip()) + 1)
    return None


# -- the checks -----------------------------------------------------------------------------------


class _Validator:
    """Checks one project; `diagnostics` runs all checks once."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.found: list[Diagnostic] = []
        self.by_id = {node.id: node for node in project.nodes}
        #: See `edge_ends`.
        self.edge_index: dict[bool, dict[tuple[str, str], list[str]]] = {}
        #: One clock per time step for all proxies (see `clock`).
        self.clocks: dict[float, Clock] = {}
        self.constant_names = [c.name for c in project.constants]
        #: Evaluated constants: what constant expressions (``2*tau``) may use.
        self.constants: dict[str, object] = {}
        #: Constants and timed arrays: what model text may use (a group's namespace).
        self.namespace: dict[str, object] = {}
        #: Names whose definition is wrong: their uses are not reported again.
        self.broken: set[str] = set()
        #: The engine object standing for each group and Synapses node that has one.
        self.proxies: dict[str, Any] = {}
        #: The size of each group whose N is valid.
        self.sizes: dict[str, int] = {}
        #: The run's time step in seconds (None if it is invalid).
        self.dt: float | None = None

    def diagnostics(self) -> list[Diagnostic]:
        self.guarded(None, self.run_settings)
        self.guarded(None, self.names)
        self.guarded(None, self.constant_values)
        order = ("TimedArray", *GROUP_KINDS, "Synapses", "PoissonInput")
        for kind in order:
            for node in self.project.nodes:
                if node.kind == kind:
                    self.guarded(node, getattr(self, f"check_{kind}"), node)
        for node in self.project.nodes:
            if node.kind.endswith("Monitor"):
                self.guarded(node, self.check_monitor, node)
        self.guarded(None, self.unused)
        self.guarded(None, self.budget)
        position = {node.id: index for index, node in enumerate(self.project.nodes)}
        unique = list(dict.fromkeys(self.found))
        return sorted(unique, key=lambda d: -1 if d.node_id is None else position[d.node_id])

    def guarded(self, node: Any, check: Callable[..., None], *args: Any) -> None:
        """Run ``check``; a failure of the check itself becomes a diagnostic, never a crash.

        The editor validates on every keystroke, so any text must give diagnostics. A check
        that raises is a bug of the checks, reported as such.
        """
        try:
            check(*args)
        except Exception as error:  # see the docstring
            self.add(
                node,
                None,
                f"This {'node' if node is not None else 'part of the project'} {_UNCHECKED} "
                f"({type(error).__name__}: {error})",
                severity="warning",
            )

    # -- reporting --------------------------------------------------------------------------

    def add(
        self,
        node: Any,
        field: str | None,
        message: str,
        span: SourceSpan | None = None,
        severity: Severity = "error",
    ) -> None:
        """Record a diagnostic of ``node`` (None for settings and constants)."""
        self.found.append(
            Diagnostic(
                getattr(node, "id", None),
                field,
                span.line if span is not None else None,
                span.column if span is not None else None,
                span.end_column if span is not None else None,
                message,
                severity,
            )
        )

    def report(self, error: BaseException, node: Any, field: str | None, text: str | None) -> None:
        """Record an engine error about the field ``field``, whose text is ``text``."""
        if isinstance(error, UnresolvedIdentifierError) and error.identifier in self.broken:
            return  # the definition of the name is wrong, and is reported there
        self.found.append(to_diagnostic(error, getattr(node, "id", None), field, text))

    def attempt(
        self, node: Any, field: str | None, text: str | None, check: Callable[[], Any]
    ) -> Any:
        """Run ``check``; record the engine error it raises at ``field``. Return its result.

        Returns `_FAILED` if it raised.
        """
        try:
            return check()
        except _ENGINE_ERRORS as error:
            self.report(error, node, field, text)
            return _FAILED

    # -- values -----------------------------------------------------------------------------

    def constant(
        self,
        text: str,
        node: Any,
        field: str,
        namespace: Mapping[str, object] | None = None,
        unavailable: Sequence[str] = (),
        why_unavailable: str = "",
    ) -> object:
        """Evaluate a constant expression; return its value, or `_FAILED` (reported)."""
        namespace = self.constants if namespace is None else namespace
        try:
            value = evaluate_constant(text, namespace)
        except ModelError as error:
            if (
                isinstance(error, UnresolvedIdentifierError)
                and error.identifier in unavailable
                and error.identifier not in self.broken
            ):
                span = placed(error.span, error.text, text)
                self.add(node, field, f"'{error.identifier}' {why_unavailable}", span)
                return _FAILED
            self.report(error, node, field, text)
            return _FAILED
        if _is_nan(value):
            self.add(node, field, f"'{text.strip()}' is not a number (NaN)", _whole_span(text))
            return _FAILED
        return value

    def time(
        self,
        text: str,
        node: Any,
        field: str,
        what: str,
        allow_zero: bool = False,
        namespace: Mapping[str, object] | None = None,
        **unavailable: Any,
    ) -> float | None:
        """Evaluate a duration; return it in seconds, or None (reported)."""
        if not text.strip():
            self.add(node, field, f"{what} is empty: give a time, such as 10*ms")
            return None
        value = self.constant(text, node, field, namespace, **unavailable)
        if value is _FAILED:
            return None
        if get_dimensions(value) is not _TIME or np.ndim(value) != 0:
            self.add(
                node,
                field,
                f"{what} must be a time, such as 10*ms, but '{text.strip()}' has unit "
                f"{_unit(value)}",
                _whole_span(text),
            )
            return None
        seconds = float(value)
        if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
            bound = "finite and zero or more" if allow_zero else "finite and more than zero"
            shown = "NaN" if math.isnan(seconds) else f"'{text.strip()}'"
            self.add(node, field, f"{what} must be {bound}, not {shown}", _whole_span(text))
            return None
        return seconds

    def count(self, node: Any, field: str, minimum: int, maximum: int = MAX_ELEMENTS) -> int | None:
        """Evaluate a whole number such as N; return it, or None (reported)."""
        text = getattr(node, field)
        what = "N" if field == "N" else field
        value = self.constant(text, node, field)
        if value is _FAILED:
            return None
        if not _is_number(value) or not math.isfinite(_float(value)):
            described = f"unit {_unit(value)}" if _is_unitful(value) else f"value {value!r:.30}"
            self.add(
                node,
                field,
                f"{what} must be a whole number, but '{text.strip()}' has {described}",
                _whole_span(text),
            )
            return None
        number = float(value)
        if number != round(number):
            self.add(node, field, f"{what} must be a whole number, not {value}", _whole_span(text))
            return None
        whole = int(value) if isinstance(value, numbers.Integral) else int(number)
        if whole < minimum:
            self.add(
                node,
                field,
                f"{what} must be at least {minimum}, not {whole}",
                _whole_span(text),
            )
            return None
        if whole > maximum:
            self.add(
                node,
                field,
                f"{what} must be at most {maximum} (the engine's limit), not {number:.6g}",
                _whole_span(text),
            )
            return None
        return whole

    def clock(self, dt: Quantity | None) -> Clock | None:
        """Return the clock of proxies with time step ``dt`` (None: the default clock).

        Proxies share one clock per time step: a clock of its own for each (what ``dt=``
        would give) costs time quadratic in their number, as every new clock looks for a
        free name among the clocks alive.
        """
        if dt is None:
            return None
        seconds = float(dt)
        clock = self.clocks.get(seconds)
        if clock is None:
            clock = self.clocks[seconds] = Clock(dt=dt)
        return clock

    def own_dt(self, node: Any) -> Quantity | None:
        """Return the time step of a node's proxy: its own ``dt`` if valid, else the run's."""
        text = getattr(node, "dt", "")
        if text.strip():
            seconds = self.time(text, node, "dt", f"The dt of '{node.name}'")
            if seconds is not None:
                return seconds * second
        return self.dt * second if self.dt is not None else None

    # -- run settings, names, constants ----------------------------------------------------

    def run_settings(self) -> None:
        run = self.project.run
        # The run's settings come before the constants (a script sets dt first).
        before = {
            "unavailable": self.constant_names,
            "why_unavailable": "is a constant: the run settings cannot use constants (they "
            "are set before the constants are defined); write the value",
        }
        self.dt = self.time(run.dt, None, "run.dt", "The time step", namespace={}, **before)
        self.time(run.duration, None, "run.duration", "The duration", True, namespace={}, **before)
        self.time(
            run.report_period,
            None,
            "run.report_period",
            "The report period",
            namespace={},
            **before,
        )

    def names(self) -> None:
        seen: set[str] = set()
        for constant in self.project.constants:
            field = f"constants.{constant.name}.name"
            problem = _name_problem(constant.name)
            if problem is not None:
                self.add(None, field, problem)
            elif constant.name in seen:
                self.add(None, field, f"The name '{constant.name}' is used twice")
            seen.add(constant.name)
        for node in self.project.nodes:
            problem = _name_problem(node.name)
            if problem is not None:
                self.add(node, "name", problem)
            elif node.name in seen:
                self.add(node, "name", f"The name '{node.name}' is already used")
            seen.add(node.name)

    def constant_values(self) -> None:
        names = self.constant_names
        for index, constant in enumerate(self.project.constants):
            value = self.constant(
                constant.value,
                None,
                f"constants.{constant.name}",
                unavailable=names[index:],
                why_unavailable="is defined at or after this constant: a constant can only "
                "use the constants above it",
            )
            if value is _FAILED:
                self.broken.add(constant.name)
                continue
            self.constants[constant.name] = value
            self.namespace[constant.name] = value

    # -- connections ------------------------------------------------------------------------

    def edge_ends(self, incoming: bool) -> dict[tuple[str, str], list[str]]:
        """Return (node id, role) -> the other ends of its edges, in the order of the edges.

        ``incoming``: the sources of the edges that end at the node; else the targets of
        those that start there. Built once: scanning the edges for every node would make
        validation quadratic in the size of the project.
        """
        index = self.edge_index.get(incoming)
        if index is None:
            index = self.edge_index[incoming] = {}
            for e in self.project.edges:
                here, there = (e.target, e.source) if incoming else (e.source, e.target)
                index.setdefault((here, e.role), []).append(there)
        return index

    def connected(self, node: Any, role: str, incoming: bool, what: str) -> Any:
        """Return the one node connected to ``node`` in ``role``; report none or several."""
        ends = self.edge_ends(incoming).get((node.id, role), [])
        found = [self.by_id[end] for end in ends if end in self.by_id]
        if not found:
            self.add(
                node, role, f"'{node.name}' is not connected to {what}: connect it on the canvas"
            )
            return None
        if len(found) > 1:
            self.add(node, role, f"'{node.name}' can have only one {what.removeprefix('a ')}")
        return found[0]

    # -- node kinds ---------------------------------------------------------------------------

    def check_TimedArray(self, node: Any) -> None:
        literal = self.attempt(
            node, "values", node.values, lambda: parse_array(node.values, self.constants)
        )
        values = None
        if literal is not _FAILED:
            values = self.attempt(
                node, "values", node.values, lambda: literal.quantity(self.constants)
            )
        if values is not None and values is not _FAILED:
            shape = np.shape(values)
            if len(shape) not in (1, 2) or 0 in shape:
                self.add(
                    node,
                    "values",
                    "A timed array needs a list of values, one per time step (such as "
                    "[0, 1, 0.5]*nA), or a list of such lists (one per index)",
                    _whole_span(node.values),
                )
                values = None
        dt = self.time(node.dt, node, "dt", "The dt of a timed array")
        if values is None or values is _FAILED or dt is None:
            self.broken.add(node.name)
            return
        timed = self.attempt(
            node, "values", node.values, lambda: TimedArray(values, dt * second, name=node.name)
        )
        if timed is _FAILED:
            self.broken.add(node.name)
        else:
            self.namespace[node.name] = timed

    def check_NeuronGroup(self, node: Any) -> None:
        size = self.count(node, "N", minimum=1)
        if size is not None:
            self.sizes[node.id] = size
        dt = self.own_dt(node)
        equations = self.attempt(node, "model", node.model, lambda: Equations(node.model))
        if equations is _FAILED:
            self.syntax_only(node)
            return
        threshold = node.threshold if node.threshold.strip() else None
        refractory = node.refractory if node.refractory.strip() else False
        clamped = equations
        clamps = unused_clamps(equations, refractory)
        if clamps:
            # The flag clamps nothing without a refractory period (the engine warns, and
            # the proxy is built without it: validation itself never warns).
            for eq in clamps:
                self.add(
                    node,
                    "model",
                    refractory_flag_problem(eq.varname, node.name),
                    _flags_span(node.model, eq.span) or eq.span,
                    severity="warning",
                )
            clamped = Equations(
                [
                    dataclasses.replace(eq, flags=_without(eq.flags, "unless refractory"))
                    for eq in equations.values()
                ]
            )
        proxy = self.proxy(
            node,
            equations,
            lambda: NeuronGroup(
                1,
                clamped,
                threshold=threshold,
                refractory=refractory,
                namespace=self.namespace,
                clock=self.clock(dt),
                name=node.name,
            ),
        )
        if proxy is None:
            self.syntax_only(node)
            return
        lookup = proxy.lookup({})
        self.equation_units(node, equations, lookup)
        if threshold is not None:
            self.attempt(
                node,
                "threshold",
                node.threshold,
                lambda: check_condition(node.threshold, lookup, "threshold"),
            )
        if node.reset.strip():
            if threshold is None:
                self.add(
                    node,
                    "reset",
                    f"'{node.name}' has a reset but no threshold, so it never spikes and the "
                    "reset never runs. Give it a threshold (or remove the reset).",
                )
            self.statements(node, "reset", proxy, lookup, f"the reset of '{node.name}'", True)
        if refractory is not False:
            self.refractory(node, lookup)
        # What the engine integrates, without the factor that clamps refractory variables
        # (which changes neither linearity nor time dependence, and would show in messages).
        self.method(node, proxy, extract_constant_subexpressions(equations)[0])
        self.initial_values(node, proxy, lookup)

    def check_PoissonGroup(self, node: Any) -> None:
        size = self.count(node, "N", minimum=1)
        if size is not None:
            self.sizes[node.id] = size
        clock = self.clock(self.dt * second if self.dt is not None else None)
        rates = node.rates
        if is_constant(rates, self.constant_names):
            value = self.constant(rates, node, "rates")
            if value is not _FAILED and not _fits(value, _RATE):
                self.add(
                    node,
                    "rates",
                    f"The rates must be a rate, such as 10*Hz, but '{rates.strip()}' has unit "
                    f"{_unit(value)}",
                    _whole_span(rates),
                )
            self.proxy(
                node,
                None,
                lambda: PoissonGroup(
                    1, 0 * Hz, clock=clock, namespace=self.namespace, name=node.name
                ),
                "rates",
            )
            return
        expression = self.attempt(node, "rates", rates, lambda: parse_expression(rates))
        if expression is _FAILED:
            # Still a group that spikes, for the synapses and monitors connected to it.
            self.proxy(
                node, None, lambda: PoissonGroup(1, 0 * Hz, clock=clock, name=node.name), "rates"
            )
            return
        proxy = self.proxy(
            node,
            None,
            lambda: PoissonGroup(1, rates, clock=clock, namespace=self.namespace, name=node.name),
            "rates",
        )
        if proxy is None:
            return
        dims = self.attempt(
            node, "rates", rates, lambda: expression_dimensions(expression, proxy.lookup({}))
        )
        if dims is not _FAILED and dims is not _RATE:
            self.add(
                node,
                "rates",
                f"The rates expression '{rates.strip()}' has unit {get_unit_for_display(dims)}, "
                "but must be a rate (in Hz), e.g. '10*Hz + i*Hz'",
                _whole_span(rates),
            )

    def check_SpikeGeneratorGroup(self, node: Any) -> None:
        size = self.count(node, "N", minimum=1)
        if size is not None:
            self.sizes[node.id] = size
        clock = self.clock(self.dt * second if self.dt is not None else None)
        self.proxy(
            node,
            None,
            lambda: SpikeGeneratorGroup(1, [], [] * second, clock=clock, name=node.name),
            "indices",
        )
        indices = self.index_list(node, "indices", node.indices, size, f"'{node.name}'", flat=True)
        times = self.spike_times(node)
        if indices is not None and times is not None and len(indices) != len(times):
            self.add(
                node,
                "times",
                f"There are {len(indices)} spike indices but {len(times)} spike times: give "
                "one time for each index",
                _whole_span(node.times),
            )
            times = None
        period = None
        if node.period.strip():
            period = self.time(node.period, node, "period", "The period", allow_zero=True)
        if self.dt is not None and indices is not None and times is not None:
            self.spikes_per_step(node, indices, times, period)

    def spike_times(self, node: Any) -> np.ndarray | None:
        literal = self.attempt(
            node, "times", node.times, lambda: parse_array(node.times, self.constants)
        )
        if literal is _FAILED:
            return None
        times = self.attempt(node, "times", node.times, lambda: literal.quantity(self.constants))
        if times is _FAILED:
            return None
        seconds = np.asarray(times, dtype=float)
        empty = seconds.size == 0
        if get_dimensions(times) is not _TIME and not empty:
            self.add(
                node,
                "times",
                f"The spike times must be times, such as [1, 2]*ms, but have unit {_unit(times)}",
                _whole_span(node.times),
            )
            return None
        if seconds.ndim != 1:
            self.add(
                node,
                "times",
                "The spike times must be a list, such as [1, 2]*ms",
                _whole_span(node.times),
            )
            return None
        for index, value in enumerate(seconds):
            if not math.isfinite(value) or value < 0:
                what = "cannot be negative" if value < 0 else "must be finite"
                self.add(
                    node,
                    "times",
                    f"Spike times {what} ({value * second})",
                    _element_span(node.times, index),
                )
                return None
        return seconds

    def spikes_per_step(
        self, node: Any, indices: np.ndarray, times: np.ndarray, period: float | None
    ) -> None:
        """Check that a neuron spikes at most once per step, and the period (whole steps)."""
        dt = self.dt
        assert dt is not None
        # The step of a time, as the engine computes it (see engine.input.spikegenerator).
        steps = ((times + 1e-3 * dt) / dt).astype(np.int64)
        order = np.lexsort((indices, steps))
        repeated = np.flatnonzero((np.diff(steps[order]) == 0) & (np.diff(indices[order]) == 0))
        if repeated.size:
            second_spike = int(order[repeated[0] + 1])
            self.add(
                node,
                "times",
                f"Neuron {int(indices[second_spike])} spikes more than once in the time step "
                f"starting at {steps[second_spike] * dt * second} (dt = {dt * second}); a neuron "
                "can spike at most once per step. Use a smaller dt, or merge the spikes.",
                _element_span(node.times, second_spike),
            )
        if period is None or period == 0:
            return
        if period < dt or abs(round(period / dt) * dt - period) > period * 1e-9:
            self.add(
                node,
                "period",
                f"The period ({period * second}) must be a whole number of time steps "
                f"(dt = {dt * second})",
                _whole_span(node.period),
            )
        elif times.size and steps.max() >= round(period / dt):
            self.add(
                node,
                "period",
                f"The period ({period * second}) must be longer than the last spike time "
                f"({times.max() * second}). Use a longer period, or none.",
                _whole_span(node.period),
            )

    def check_Synapses(self, node: Any) -> None:
        pre = self.connected(node, "pre", True, "a presynaptic group")
        post = self.connected(node, "post", False, "a postsynaptic group")
        equations = self.attempt(node, "model", node.model, lambda: Equations(node.model))
        source = self.proxies.get(pre.id) if pre is not None else None
        target = self.proxies.get(post.id) if post is not None else None
        if equations is _FAILED or source is None or target is None:
            # A missing connection, a wrong group (reported there) or a wrong model: what
            # names mean is unknown.
            self.syntax_only(node)
            return
        codes = {}
        for field, spiking in (("on_pre", pre), ("on_post", post)):
            code = getattr(node, field)
            if not code.strip():
                continue
            if "spike" not in getattr(self.proxies[spiking.id], "events", {}):
                self.add(
                    node,
                    field,
                    f"'{spiking.name}' has no threshold, so it never spikes and {field} never "
                    f"runs. Give '{spiking.name}' a threshold.",
                )
                continue
            codes[field] = code
        clock = self.clock(self.dt * second if self.dt is not None else None)
        proxy = self.proxy(
            node,
            equations,
            lambda: Synapses(
                source,
                target,
                model=equations,
                on_pre=codes.get("on_pre"),
                on_post=codes.get("on_post"),
                namespace=self.namespace,
                clock=clock,
                name=node.name,
            ),
        )
        if proxy is None:
            self.syntax_only(node)
            return
        lookup = proxy.lookup({})
        self.equation_units(node, equations, lookup)
        self.event_driven(node, proxy)
        self.method(node, proxy, proxy.equations)
        for field in codes:
            self.statements(node, field, proxy, lookup, f"the {field} code of '{node.name}'", False)
        self.delay(node, lookup, "on_pre" in codes)
        self.connect(node, proxy, pre, post)
        self.initial_values(node, proxy, lookup)
        if not node.on_pre.strip() and not node.on_post.strip() and not proxy.summed_updaters:
            self.add(
                node,
                None,
                f"'{node.name}' has no on_pre or on_post code and no (summed) variable, so its "
                "synapses change nothing",
                severity="warning",
            )

    def check_PoissonInput(self, node: Any) -> None:
        target = self.connected(node, "drive", False, "a target group")
        self.count(node, "N", minimum=0, maximum=MAX_COUNT)
        rate = self.constant(node.rate, node, "rate")
        if rate is not _FAILED:
            if get_dimensions(rate) is not _RATE or np.ndim(rate) != 0:
                self.add(
                    node,
                    "rate",
                    f"The rate must be a rate, such as 10*Hz, but '{node.rate.strip()}' has unit "
                    f"{_unit(rate)}",
                    _whole_span(node.rate),
                )
                rate = _FAILED
            elif float(rate) < 0:
                self.add(
                    node, "rate", f"The rate cannot be negative ({rate})", _whole_span(node.rate)
                )
                rate = _FAILED
        group = self.proxies.get(target.id) if target is not None else None
        if group is None:
            return
        if rate is not _FAILED and group.clock.dt_ * float(rate) > 1:
            self.add(
                node,
                "rate",
                f"Each input fires with probability rate*dt = {group.clock.dt_ * float(rate):g} "
                "per step, more than 1. Use a smaller dt, or more inputs (a larger N) with a "
                "lower rate.",
                _whole_span(node.rate),
            )
        variable = self.target_variable(node, group)
        if variable is None:
            return
        if not node.weight.strip():
            self.add(
                node,
                "weight",
                f"The weight is empty: give what one input spike adds to '{node.target_var}' "
                f"(in {get_unit_for_display(variable.dim)})",
            )
        elif is_constant(node.weight, self.constant_names):
            weight = self.constant(node.weight, node, "weight")
            if weight is not _FAILED and (
                get_dimensions(weight) is not variable.dim or np.ndim(weight) != 0
            ):
                self.add(
                    node,
                    "weight",
                    f"The weight must have the unit of '{node.target_var}' "
                    f"({get_unit_for_display(variable.dim)}), but '{node.weight.strip()}' has "
                    f"unit {_unit(weight)}",
                    _whole_span(node.weight),
                )
        else:
            self.attempt(
                node,
                "weight",
                node.weight,
                lambda: check_dimensions(
                    parse_expression(node.weight),
                    variable.dim,
                    group.lookup({}),
                    f"the weight of '{node.name}'",
                ),
            )

    def target_variable(self, node: Any, group: Any) -> Any:
        """Return the variable of ``group`` a PoissonInput adds to, or None (reported)."""
        name = node.target_var.strip()
        # What an input can add to: the model's state variables and parameters (the engine
        # would also accept its own bookkeeping variables, such as lastspike).
        defined = getattr(group, "user_equations", None) or group.variables
        writable = [
            n
            for n, v in group.variables.items()
            if n in defined
            and not n.startswith("_")
            and not (v.read_only or v.constant or isinstance(v, Subexpression))
        ]
        choices = f"(one of {', '.join(writable)})" if writable else "(it has none)"
        if not name:
            self.add(
                node,
                "target_var",
                f"Choose the variable of '{group.name}' the input adds to {choices}",
            )
            return None
        variable = group.variables.get(name)
        if variable is None or name.startswith("_"):
            close = close_names(name, writable, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            self.add(
                node,
                "target_var",
                f"'{group.name}' has no variable '{name}' {choices}.{hint}",
                _whole_span(node.target_var),
            )
            return None
        if isinstance(variable, Subexpression) or variable.read_only or variable.constant:
            if isinstance(variable, Subexpression):
                kind = "a subexpression (computed from other variables)"
            else:
                kind = "read-only" if variable.read_only else "constant"
            self.add(
                node,
                "target_var",
                f"'{name}' of '{group.name}' is {kind}, so an input cannot add to it {choices}",
                _whole_span(node.target_var),
            )
            return None
        return variable

    def check_monitor(self, node: Any) -> None:
        source = self.connected(node, "record", True, "the group it records")
        for field in ("window", "smoothing"):
            text = getattr(node.plot, field)
            if text.strip():
                what = "The time window" if field == "window" else "The smoothing width"
                self.time(text, node, f"plot.{field}", what)
        if node.kind == "StateMonitor" and node.dt.strip():
            self.time(node.dt, node, "dt", "The sampling interval")
        if node.kind == "StateMonitor" and not node.variables:
            self.add(
                node,
                "variables",
                f"'{node.name}' records no variables: choose some",
                severity="warning",
            )
        proxy = self.proxies.get(source.id) if source is not None else None
        if proxy is None:
            return
        if node.kind != "StateMonitor" and "_spikespace" not in proxy.variables:
            self.add(
                node,
                None,
                f"'{source.name}' has no threshold, so it never spikes and there is nothing to "
                f"record. Give '{source.name}' a threshold.",
            )
        if node.kind == "PopulationRateMonitor":
            return
        for variable in node.variables:
            if variable not in proxy.variables or variable.startswith("_"):
                public = [n for n in proxy.variables if not n.startswith("_")]
                close = close_names(variable, public, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.add(
                    node,
                    "variables",
                    f"'{source.name}' has no variable '{variable}' to record.{hint}",
                )
            elif node.kind == "StateMonitor" and variable == "t":
                self.add(
                    node,
                    "variables",
                    "'t' cannot be recorded: a StateMonitor keeps the time of each sample as "
                    "its own 't'",
                )
        if node.kind == "StateMonitor":
            self.record_indices(node, source)

    def record_indices(self, node: Any, source: Any) -> None:
        text = node.record.strip()
        if text in ("True", "False", ""):
            return
        size = self.sizes.get(source.id) if source.kind != "Synapses" else None
        self.index_list(node, "record", node.record, size, f"'{source.name}'", negative=True)

    # -- parts of nodes ----------------------------------------------------------------------

    def proxy(
        self, node: Any, equations: Any, create: Callable[[], Any], field: str = "model"
    ) -> Any:
        """Create the engine object standing for ``node``; report why it cannot be created."""
        try:
            proxy = create()
        except _ENGINE_ERRORS as error:
            text = getattr(node, field, None)
            self.found.append(to_diagnostic(error, node.id, field, text, definitions=equations))
            return None
        self.proxies[node.id] = proxy
        return proxy

    def syntax_only(self, node: Any) -> None:
        """Check the syntax of a node's code when what its names mean is unknown.

        Without a valid model (or connected groups), names and units cannot be checked, but a
        syntax error in the threshold or the reset can still be shown while the model is
        being typed.
        """
        fields = {
            f: parse_statements if f in ("reset", "on_pre", "on_post") else parse_expression
            for f in ("threshold", "reset", "refractory", "on_pre", "on_post", "delay")
            if isinstance(getattr(node, f, None), str)
        }
        connect = getattr(node, "connect", None)
        for name in ("condition", "p", "n"):
            if connect is not None:
                fields[f"connect.{name}"] = parse_expression
        for name in getattr(node, "initial", {}):
            fields[f"initial.{name}"] = parse_expression
        for field, parse in fields.items():
            text = field_text(node, field)
            if text.strip():
                self.attempt(node, field, text, lambda parse=parse, text=text: parse(text))
        if node.kind == "NeuronGroup":
            self.method(node, None, None)

    def equation_units(self, node: Any, equations: Equations, lookup: Any) -> None:
        """Check the units of each equation on its own, so that every wrong one is reported."""
        results = [
            self.attempt(
                node,
                "model",
                node.model,
                lambda eq=equation: Equations([eq]).check_units(lookup),
            )
            for equation in equations.values()
            if equation.expr is not None
        ]
        if _FAILED not in results:
            # Each equation has a value; with its subexpressions substituted (as every method
            # integrates it) one may divide by a subexpression that is zero.
            self.attempt(
                node,
                "model",
                node.model,
                lambda: equations.get_substituted_expressions(include_subexpressions=True),
            )

    def statements(
        self, node: Any, field: str, proxy: Any, lookup: Any, what: str, reset: bool
    ) -> None:
        """Check reset or on_pre/on_post code: names, units, targets."""
        text = getattr(node, field)
        statements = self.attempt(node, field, text, lambda: check_code(text, lookup, what))
        if statements is _FAILED:
            return
        for index, statement in enumerate(statements):
            target = _target_span(statement)
            variable = proxy.variables.get(statement.var)
            if variable is None:
                later = statements[index + 1 :]
                if not any(statement.var in s.expr.identifiers for s in later):
                    public = [n for n in proxy.variables if not n.startswith("_")]
                    close = close_names(statement.var, public, n=1)
                    hint = f" Did you mean '{close[0]}'?" if close else ""
                    self.add(
                        node,
                        field,
                        f"'{node.name}' has no variable '{statement.var}': the assignment only "
                        f"sets a temporary value that nothing uses.{hint}",
                        target,
                    )
            elif reset and variable.scalar:
                self.add(
                    node,
                    field,
                    f"The reset assigns the shared variable '{statement.var}'; shared variables "
                    "can only be set by code that runs every step",
                    target,
                )

    def refractory(self, node: Any, lookup: Any) -> None:
        text = node.refractory
        if is_constant(text, self.constant_names):
            value = self.constant(text, node, "refractory")
            if value is _FAILED or value is False:
                return
            if _fits(value, _TIME) and np.ndim(value) == 0:
                seconds = float(value)  # type: ignore[arg-type]
                if not (math.isfinite(seconds) and seconds >= 0):
                    self.add(
                        node,
                        "refractory",
                        f"The refractory period must be a finite duration of 0 or more, not "
                        f"'{text.strip()}'",
                        _whole_span(text),
                    )
                return
            self.add(
                node,
                "refractory",
                f"The refractory period must be a duration (such as 5*ms) or a condition (such "
                f"as 'v > -40*mV'), not '{text.strip()}'",
                _whole_span(text),
            )
            return
        expression = self.attempt(node, "refractory", text, lambda: parse_expression(text))
        if expression is _FAILED:
            return
        dims = self.attempt(
            node, "refractory", text, lambda: expression_dimensions(expression, lookup)
        )
        if dims is _FAILED or dims is _TIME:
            return
        if dims is DIMENSIONLESS and is_boolean_expression(expression, lookup):
            return
        self.add(
            node,
            "refractory",
            f"The refractory expression '{text.strip()}' must be a duration (such as 5*ms) or a "
            f"condition (such as 'v > -40*mV'), but has unit {get_unit_for_display(dims)}",
            _whole_span(text),
        )

    def method(self, node: Any, proxy: Any, equations: Equations | None) -> None:
        """Check the integration method: known, and able to integrate (where that is cheap)."""
        name = node.method.strip()
        if not name:
            return  # the engine chooses a method that works
        known = StateUpdateMethod.stateupdaters
        if name.lower() in NOT_SUPPORTED:
            self.add(
                node,
                "method",
                f"The integration method '{name}' is not supported: {NOT_SUPPORTED[name.lower()]}",
                _whole_span(node.method),
            )
            return
        updater = known.get(name.lower())
        if updater is None:
            close = close_names(name.lower(), known, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            self.add(
                node,
                "method",
                f"Unknown integration method '{name}' (known methods: "
                f"{', '.join(sorted(known))}).{hint}",
                _whole_span(node.method),
            )
            return
        if equations is None or not equations.diff_eq_names:
            return
        variables = {"dt": proxy.variables["dt"]}
        variables.update({f: self.namespace[f] for f in equations.functions if f in self.namespace})
        try:
            _integration_check(updater, equations, variables)
        except (ExpressionError, EquationError):
            return  # a problem of the equations themselves, reported at the model
        except ModelError as error:
            self.add(
                node,
                "method",
                f"The method '{name}' cannot integrate the equations of '{node.name}': "
                f"{message_of(error).rstrip('.')}. Choose another method, or leave the "
                "choice to the engine.",
                _whole_span(node.method),
            )

    def event_driven(self, node: Any, proxy: Any) -> None:
        """Check that event-driven equations can be solved exactly (they can when linear)."""
        equations = proxy.event_driven
        if equations is None:
            return
        try:
            if equations.is_stochastic:
                raise ModelError("they have noise")
            get_linear_system(equations)
        except ModelError as error:
            name = next(iter(equations.diff_eq_names))
            self.add(
                node,
                "model",
                "Cannot solve the differential equations as event-driven: "
                f"{message_of(error).rstrip('.')}. Flag them (clock-driven) instead.",
                equations[name].span,
            )

    def delay(self, node: Any, lookup: Any, has_pre_code: bool) -> None:
        text = node.delay
        if not text.strip():
            return
        if not has_pre_code:
            if not node.on_pre.strip():
                self.add(
                    node,
                    "delay",
                    f"'{node.name}' has no on_pre code, so there are no events to delay. Give "
                    "it on_pre code, or leave the delay empty.",
                    _whole_span(text),
                )
            return
        if is_constant(text, self.constant_names):
            self.time(text, node, "delay", "The delay", allow_zero=True)
            return
        self.attempt(
            node,
            "delay",
            text,
            lambda: check_dimensions(parse_expression(text), _TIME, lookup, "the delay"),
        )

    def connect(self, node: Any, proxy: Synapses, pre: Any, post: Any) -> None:
        """Check the connect fields, with the engine's own checks of a connect call."""
        c = node.connect
        p: object = 1.0
        if c.p.strip():
            p = self.probability(node, c.p)
        n: object = 1
        if c.n.strip():
            n = self.multiplicity(node, c.n)
        i_text, j_text = c.i.strip(), c.j.strip()
        if i_text and j_text:
            pre_indices = self.index_list(
                node, "connect.i", c.i, self.sizes.get(pre.id), f"'{pre.name}'"
            )
            post_indices = self.index_list(
                node, "connect.j", c.j, self.sizes.get(post.id), f"'{post.name}'"
            )
            if pre_indices is not None and post_indices is not None:
                lengths = {len(pre_indices), len(post_indices)} - {1}
                if len(lengths) > 1:
                    self.add(
                        node,
                        "connect.j",
                        f"connect.i lists {len(pre_indices)} neurons but connect.j lists "
                        f"{len(post_indices)}: give pairs (lists of the same length)",
                        _whole_span(c.j),
                    )
            # The ranges are checked above against the real sizes (the proxies have one
            # neuron): the engine checks how the indices combine with the other fields.
            empty = np.zeros(0, dtype=np.int64)
            base, base_field = {"i": empty, "j": empty}, "connect.j"
        elif i_text:
            base, base_field = {"i": c.i}, "connect.i"
        elif j_text:
            base, base_field = {"j": c.j}, "connect.j"
        else:
            base, base_field = {}, "connect.condition"
        if c.condition.strip():
            if base:  # an error of the combination, which the engine describes
                self.connect_stage(
                    node, proxy, {**base, "condition": c.condition}, "connect.condition"
                )
                return
            base = {"condition": c.condition}
        if not self.connect_stage(node, proxy, base, base_field):
            return
        if p is not _FAILED and c.p.strip():
            self.connect_stage(node, proxy, {**base, "p": p}, "connect.p")
        if n is not _FAILED and c.n.strip():
            self.connect_stage(node, proxy, {**base, "n": n}, "connect.n")
        if c.skip_if_invalid:
            self.connect_stage(
                node, proxy, {**base, "skip_if_invalid": True}, "connect.skip_if_invalid"
            )
        if c.condition.strip() == "False" or (_is_number(p) and float(p) == 0):
            field = "connect.condition" if c.condition.strip() == "False" else "connect.p"
            self.add(node, field, f"'{node.name}' creates no synapses", severity="warning")

    def connect_stage(self, node: Any, proxy: Synapses, arguments: dict, field: str) -> bool:
        """Check a connect call with ``arguments``; report a problem at ``field``."""
        text = getattr(node.connect, field.removeprefix("connect."), None)
        result = self.attempt(
            node,
            field,
            text if isinstance(text, str) else None,
            lambda: proxy.check_connect(**arguments, namespace=self.namespace),
        )
        return result is not _FAILED

    def probability(self, node: Any, text: str) -> object:
        """Return the connection probability: a number in [0, 1], or an expression."""
        if not is_constant(text, self.constant_names):
            return text
        value = self.constant(text, node, "connect.p")
        if value is _FAILED:
            return _FAILED
        if not _is_number(value) or not 0 <= float(value) <= 1:
            self.add(
                node,
                "connect.p",
                f"The probability p must be a number from 0 to 1, not '{text.strip()}'",
                _whole_span(text),
            )
            return _FAILED
        return float(value)

    def multiplicity(self, node: Any, text: str) -> object:
        """Return the number of synapses per pair: a whole number, or an expression."""
        if not is_constant(text, self.constant_names):
            return text
        value = self.constant(text, node, "connect.n")
        if value is _FAILED:
            return _FAILED
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
            self.add(
                node,
                "connect.n",
                f"n (synapses per pair) must be a whole number such as 2, not '{text.strip()}'",
                _whole_span(text),
            )
            return _FAILED
        if value > MAX_ELEMENTS:
            self.add(
                node,
                "connect.n",
                f"n (synapses per pair) must be at most {MAX_ELEMENTS}, not {value:.6g}",
                _whole_span(text),
            )
            return _FAILED
        return int(value)

    def index_list(
        self,
        node: Any,
        field: str,
        text: str,
        size: int | None,
        group: str,
        flat: bool = False,
        negative: bool = False,
    ) -> np.ndarray | None:
        """Read a list of indices; check whole numbers within ``[0, size)``, located."""
        literal = self.attempt(node, field, text, lambda: parse_array(text, self.constants))
        if literal is _FAILED:
            return None
        values = self.attempt(node, field, text, lambda: literal.quantity(self.constants))
        if values is _FAILED:
            return None
        if get_dimensions(values) is not DIMENSIONLESS:
            self.add(
                node,
                field,
                f"Indices are plain numbers, not values with unit {_unit(values)}",
                _whole_span(text),
            )
            return None
        array = np.asarray(values, dtype=float)
        if array.ndim > 1 or (flat and array.ndim == 0):
            self.add(node, field, "Give a list of indices, such as [0, 2, 1]", _whole_span(text))
            return None
        array = np.atleast_1d(array)
        for index, value in enumerate(array):
            if not math.isfinite(value) or value != round(value):
                self.add(
                    node,
                    field,
                    f"Indices must be whole numbers, not {value:g}",
                    _element_span(text, index) if _is_list(literal) else _whole_span(text),
                )
                return None
            low = -size if (negative and size is not None) else 0
            if size is not None and not low <= value < size:
                self.add(
                    node,
                    field,
                    f"The index {int(value)} is outside {group}, whose elements are numbered 0 "
                    f"to {size - 1}",
                    _element_span(text, index) if _is_list(literal) else _whole_span(text),
                )
                return None
            if size is None and value < 0 and not negative:
                self.add(
                    node,
                    field,
                    f"Indices cannot be negative ({int(value)})",
                    _element_span(text, index) if _is_list(literal) else _whole_span(text),
                )
                return None
            if abs(value) >= 2**62:  # no group is that large (and no integer type holds it)
                self.add(
                    node,
                    field,
                    f"The index {value:g} is too large",
                    _element_span(text, index) if _is_list(literal) else _whole_span(text),
                )
                return None
        return array.astype(np.int64)

    def initial_values(self, node: Any, proxy: Any, lookup: Any) -> None:
        for name, text in node.initial.items():
            field = f"initial.{name}"
            units = True
            variable_name = name
            if name not in proxy.variables and name.endswith("_"):
                variable_name, units = name[:-1], False  # G.v_ = ...: the value without unit
            variable = proxy.variables.get(variable_name)
            if variable is None or variable_name.startswith("_"):
                public = [n for n in proxy.variables if not n.startswith("_")]
                close = close_names(name, public, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.add(node, field, f"'{node.name}' has no variable '{name}'.{hint}")
                continue
            if variable.read_only:
                self.add(
                    node,
                    field,
                    f"'{name}' of '{node.name}' is read-only (computed or set by the engine): "
                    "it has no initial value to set",
                )
                continue
            if is_constant(text, self.constant_names):
                value = self.constant(text, node, field)
                if value is _FAILED or not units:
                    continue
                if not _fits(value, variable.dim):
                    self.add(
                        node,
                        field,
                        f"The value of '{name}' should have unit "
                        f"{get_unit_for_display(variable.dim)}, but '{text.strip()}' has unit "
                        f"{_unit(value)}",
                        _whole_span(text),
                    )
                continue
            self.attempt(
                node,
                field,
                text,
                lambda text=text, name=name, variable=variable, units=units: check_dimensions(
                    parse_expression(text),
                    variable.dim if units else DIMENSIONLESS,
                    lookup,
                    f"the value assigned to '{name}'",
                ),
            )

    # -- memory and time --------------------------------------------------------------------

    def budget(self) -> None:
        """Report what needs more memory, or more steps, than the run can have."""
        for problem in budget_problems(self.project, self.constants):
            node = self.by_id.get(problem.node_id) if problem.node_id is not None else None
            self.add(node, problem.field, problem.message, severity=problem.severity)

    # -- probable mistakes ----------------------------------------------------------------------

    def unused(self) -> None:
        """Warn about groups connected to nothing and timed arrays no model uses."""
        connected = {e.source for e in self.project.edges} | {e.target for e in self.project.edges}
        texts = [value for node in self.project.nodes for value in _texts(node)]
        # Every name called in some model text, found once: searching all texts for each
        # timed array would be quadratic. A name is called where it is a whole word followed
        # by '(' (what the search per name, r'\bname\s*\(', finds; no match spans two texts).
        called = set(re.findall(r"\b(\w+)\s*\(", "\0".join(texts)))
        for node in self.project.nodes:
            if node.kind in GROUP_KINDS and node.id not in connected:
                self.add(
                    node,
                    None,
                    f"'{node.name}' is connected to nothing: no monitor records it and no "
                    "synapses receive its spikes",
                    severity="warning",
                )
            elif node.kind == "TimedArray" and node.name not in called:
                self.add(
                    node,
                    None,
                    f"No model uses the timed array '{node.name}': call it by its name, "
                    f"e.g. '{node.name}(t)'",
                    severity="warning",
                )


# -- helpers ----------------------------------------------------------------------------------


def _is_unitful(value: object) -> bool:
    return isinstance(value, Quantity) and get_dimensions(value) is not DIMENSIONLESS


def _fits(value: object, dim: object) -> bool:
    """Whether a value may be assigned to a variable of dimensions ``dim``.

    As in the engine (and Brian 2), 0 and infinities fit every unit.
    """
    found = get_dimensions(value)
    if found is dim:
        return True
    if found is DIMENSIONLESS and not isinstance(value, (bool, np.bool_)):
        array = np.asarray(value, dtype=float)
        return bool(array.size and np.all((array == 0) | np.isinf(array)))
    return False


def _is_list(literal: ArrayLiteral) -> bool:
    return bool(literal.list_text.strip().startswith(("[", "(")))


def _target_span(statement: Statement) -> SourceSpan | None:
    """Return the span of the name a statement assigns (statements start with it)."""
    span = statement.span
    if span is None:
        return None
    return SourceSpan(span.line, span.column, span.column + len(statement.var))


def _without(flags: tuple[str, ...], flag: str) -> tuple[str, ...]:
    return tuple(f for f in flags if f != flag)


def _flags_span(text: str, span: SourceSpan | None) -> SourceSpan | None:
    """Return where the flags ``(...)`` of the equation at ``span`` are on its line."""
    lines = text.splitlines()
    if span is None or not 1 <= span.line <= len(lines):
        return None
    match = re.search(r"\([^()]*unless\s+refractory[^()]*\)", lines[span.line - 1])
    if match is None:
        return None
    return SourceSpan(span.line, match.start() + 1, match.end() + 1)


def _integration_check(
    updater: StateUpdateMethod, equations: Equations, variables: Mapping[str, object]
) -> None:
    """Raise `ModelError` if ``updater`` cannot integrate ``equations``, when that is cheap.

    Runs the tests the methods start with — noise, linearity, terms that change within a
    step — without the symbolic integration itself (which takes up to a second).
    """
    noise = equations.is_stochastic
    if isinstance(updater, (LinearStateUpdater, ExponentialEulerStateUpdater)) and noise:
        raise ModelError("it cannot integrate stochastic equations (with xi)")
    if isinstance(updater, ExplicitStateUpdater) and noise:
        if updater.stochastic is None:
            raise ModelError("it cannot integrate stochastic equations (with xi)")
        if updater.stochastic == "additive" and equations.stochastic_type == "multiplicative":
            updater(equations, variables)  # rare: let the method decide
    if isinstance(updater, LinearStateUpdater):
        _, matrix, constants = get_linear_system(equations)
        # Without the method's simplification (too slow for every keystroke), only a
        # determinant that is zero as computed is caught: an integrator such as dv/dt = I/C.
        if matrix.det() == 0:
            raise ModelError(
                "the linear system is singular (its matrix has no inverse), so this method "
                "cannot solve it"
            )
        for entry in [*matrix, *constants]:
            problem = time_dependence_problem(entry, variables)
            if problem is not None:
                raise ModelError(
                    f"the term '{entry}' may change within a time step ({problem}), so the "
                    "equations cannot be solved exactly"
                )
    if isinstance(updater, ExponentialEulerStateUpdater):
        get_conditionally_linear_system(equations)


def _texts(node: Any) -> Iterable[str]:
    """Return the model text of a node: where a timed array can be called."""
    for field in ("model", "threshold", "reset", "refractory", "rates", "on_pre", "on_post"):
        value = getattr(node, field, None)
        if isinstance(value, str):
            yield value
    for field in ("delay", "weight"):
        value = getattr(node, field, None)
        if isinstance(value, str):
            yield value
    yield from getattr(node, "initial", {}).values()
    connect = getattr(node, "connect", None)
    if connect is not None:
        yield from (connect.condition, connect.p, connect.n, connect.i, connect.j)
