"""`CheckContext`: what every check of a node kind receives, and how it reports.

One context checks one project. It holds what the checks find out and share — the run's time
step, the evaluated constants, the namespace of model text (constants and timed arrays), the
names whose definition is wrong, the engine object standing for each group (its *proxy*) and
the size of each group — and the diagnostics found so far. Its helpers evaluate a field
(`constant`, `time`, `count`), run an engine check and report what it raises at the field
(`attempt`), and find a node's connections (`connected`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Final, TypeVar

from engine.core.clocks import Clock
from engine.core.sizes import MAX_ELEMENTS
from engine.equations import Equations, evaluate_constant
from engine.errors import ModelError, SourceSpan, UnresolvedIdentifierError
from engine.groups.group import Group
from engine.project.checks.values import (
    TIME,
    as_float,
    is_nan,
    is_number,
    is_unitful,
    ndim,
    unit_text,
    whole_span,
)
from engine.project.diagnostics import Diagnostic, Severity, placed, to_diagnostic
from engine.project.node_base import NodeBase
from engine.units import DimensionMismatchError, Quantity, get_dimensions, second

if TYPE_CHECKING:
    from engine.project.document import Project

__all__ = ["ENGINE_ERRORS", "FAILED", "CheckContext", "Failed"]

T = TypeVar("T")
G = TypeVar("G", bound=Group)

# What the engine raises for wrong input (DimensionMismatchError is no ValueError).
ENGINE_ERRORS = (ModelError, DimensionMismatchError, ValueError, TypeError, KeyError, IndexError)
# Message of checks that failed in themselves (a bug, reported rather than raised).
_UNCHECKED = "could not be checked"


class Failed(Enum):
    """The result of a check that failed (and was reported)."""

    FAILED = "failed"


#: What `CheckContext.attempt` and `CheckContext.constant` return when the check failed.
FAILED: Final = Failed.FAILED


class CheckContext:
    """The state and helpers of one validation, given to every kind's checks.

    Parameters
    ----------
    project
        The project checked (read, never changed).

    Attributes
    ----------
    project
        The project checked.
    found
        The diagnostics found so far, in the order found.
    constant_names
        The names of the project's constants, in order.
    constants
        The evaluated constants: what constant expressions (``2*tau``) may use.
    namespace
        Constants and timed arrays: what model text may use (a group's namespace).
    broken
        Names whose definition is wrong: their uses are not reported again.
    proxies
        The engine object standing for each group and Synapses node that has one, by node id.
        It has one element: names, units and flags do not depend on the size.
    sizes
        The size of each group whose N is valid, by node id.
    dt
        The run's time step in seconds (None if it is invalid).
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.found: list[Diagnostic] = []
        self.by_id = {node.id: node for node in project.nodes}
        #: One clock per time step for all proxies (see `clock`).
        self._clocks: dict[float, Clock] = {}
        self.constant_names = [c.name for c in project.constants]
        self.constants: dict[str, object] = {}
        self.namespace: dict[str, object] = {}
        self.broken: set[str] = set()
        self.proxies: dict[str, Group] = {}
        self.sizes: dict[str, int] = {}
        self.dt: float | None = None

    # -- running checks -----------------------------------------------------------------------

    def guarded(self, node: NodeBase | None, check: Callable[[], None]) -> None:
        """Run ``check``; a failure of the check itself becomes a diagnostic, never a crash.

        The editor validates on every keystroke, so any text must give diagnostics. A check
        that raises is a bug of the checks, reported as such.
        """
        try:
            check()
        except Exception as error:  # see the docstring
            self.add(
                node,
                None,
                f"This {'node' if node is not None else 'part of the project'} {_UNCHECKED} "
                f"({type(error).__name__}: {error})",
                severity="warning",
            )

    def attempt(
        self, node: NodeBase | None, field: str | None, text: str | None, check: Callable[[], T]
    ) -> T | Failed:
        """Run ``check``; record the engine error it raises at ``field``. Return its result.

        Returns `FAILED` if it raised.
        """
        try:
            return check()
        except ENGINE_ERRORS as error:
            self.report(error, node, field, text)
            return FAILED

    # -- reporting ----------------------------------------------------------------------------

    def add(
        self,
        node: NodeBase | None,
        field: str | None,
        message: str,
        span: SourceSpan | None = None,
        severity: Severity = "error",
    ) -> None:
        """Record a diagnostic of ``node`` (None for settings and constants)."""
        self.found.append(
            Diagnostic(
                node.id if node is not None else None,
                field,
                span.line if span is not None else None,
                span.column if span is not None else None,
                span.end_column if span is not None else None,
                message,
                severity,
            )
        )

    def report(
        self, error: BaseException, node: NodeBase | None, field: str | None, text: str | None
    ) -> None:
        """Record an engine error about the field ``field``, whose text is ``text``."""
        if isinstance(error, UnresolvedIdentifierError) and error.identifier in self.broken:
            return  # the definition of the name is wrong, and is reported there
        self.found.append(to_diagnostic(error, node.id if node is not None else None, field, text))

    # -- values -------------------------------------------------------------------------------

    def constant(
        self,
        text: str,
        node: NodeBase | None,
        field: str,
        namespace: Mapping[str, object] | None = None,
        unavailable: Sequence[str] = (),
        why_unavailable: str = "",
    ) -> object:
        """Evaluate a constant expression; return its value, or `FAILED` (reported).

        A name of ``unavailable`` used in ``text`` is reported as "'name' ``why_unavailable``".
        """
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
                return FAILED
            self.report(error, node, field, text)
            return FAILED
        if is_nan(value):
            self.add(node, field, f"'{text.strip()}' is not a number (NaN)", whole_span(text))
            return FAILED
        return value

    def time(
        self,
        text: str,
        node: NodeBase | None,
        field: str,
        what: str,
        allow_zero: bool = False,
        namespace: Mapping[str, object] | None = None,
        unavailable: Sequence[str] = (),
        why_unavailable: str = "",
    ) -> float | None:
        """Evaluate a duration; return it in seconds, or None (reported)."""
        if not text.strip():
            self.add(node, field, f"{what} is empty: give a time, such as 10*ms")
            return None
        value = self.constant(text, node, field, namespace, unavailable, why_unavailable)
        if value is FAILED:
            return None
        if get_dimensions(value) is not TIME or ndim(value) != 0:
            self.add(
                node,
                field,
                f"{what} must be a time, such as 10*ms, but '{text.strip()}' has unit "
                f"{unit_text(value)}",
                whole_span(text),
            )
            return None
        seconds = as_float(value)
        if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
            bound = "finite and zero or more" if allow_zero else "finite and more than zero"
            shown = "NaN" if math.isnan(seconds) else f"'{text.strip()}'"
            self.add(node, field, f"{what} must be {bound}, not {shown}", whole_span(text))
            return None
        return seconds

    def count(
        self, node: NodeBase, field: str, text: str, minimum: int, maximum: int = MAX_ELEMENTS
    ) -> int | None:
        """Evaluate a whole number such as N (``text``, of ``field``); return it, or None."""
        what = "N" if field == "N" else field
        value = self.constant(text, node, field)
        if value is FAILED:
            return None
        if not is_number(value) or not math.isfinite(as_float(value)):
            described = f"unit {unit_text(value)}" if is_unitful(value) else f"value {value!r:.30}"
            self.add(
                node,
                field,
                f"{what} must be a whole number, but '{text.strip()}' has {described}",
                whole_span(text),
            )
            return None
        number = as_float(value)
        if number != round(number):
            self.add(node, field, f"{what} must be a whole number, not {value}", whole_span(text))
            return None
        whole = int(value) if isinstance(value, numbers.Integral) else int(number)
        if whole < minimum:
            self.add(
                node,
                field,
                f"{what} must be at least {minimum}, not {whole}",
                whole_span(text),
            )
            return None
        if whole > maximum:
            self.add(
                node,
                field,
                f"{what} must be at most {maximum} (the engine's limit), not {number:.6g}",
                whole_span(text),
            )
            return None
        return whole

    def group_size(self, node: NodeBase, text: str) -> int | None:
        """Evaluate the size ``N`` (``text``) of a group: 1 or more; remember it in `sizes`."""
        size = self.count(node, "N", text, minimum=1)
        if size is not None:
            self.sizes[node.id] = size
        return size

    # -- proxies and their clocks -------------------------------------------------------------

    def clock(self, dt: Quantity | None) -> Clock | None:
        """Return the clock of proxies with time step ``dt`` (None: the default clock).

        Proxies share one clock per time step: a clock of its own for each (what ``dt=``
        would give) costs time quadratic in their number, as every new clock looks for a
        free name among the clocks alive.
        """
        if dt is None:
            return None
        seconds = float(dt)
        clock = self._clocks.get(seconds)
        if clock is None:
            clock = self._clocks[seconds] = Clock(dt=dt)
        return clock

    def run_clock(self) -> Clock | None:
        """Return the clock of proxies that run at the run's time step."""
        dt: Quantity | None = self.dt * second if self.dt is not None else None
        return self.clock(dt)

    def own_dt(self, node: NodeBase, text: str) -> Quantity | None:
        """Return the time step of a node's proxy: its own ``dt`` (``text``) if valid."""
        if text.strip():
            seconds = self.time(text, node, "dt", f"The dt of '{node.name}'")
            if seconds is not None:
                own: Quantity = seconds * second
                return own
        # Else the run's.
        run: Quantity | None = self.dt * second if self.dt is not None else None
        return run

    def proxy(
        self,
        node: NodeBase,
        equations: Equations | None,
        create: Callable[[], G],
        field: str = "model",
    ) -> G | None:
        """Create the engine object standing for ``node``; report why it cannot be created."""
        try:
            proxy = create()
        except ENGINE_ERRORS as error:
            text = getattr(node, field, None)
            self.found.append(to_diagnostic(error, node.id, field, text, definitions=equations))
            return None
        self.proxies[node.id] = proxy
        return proxy

    # -- connections --------------------------------------------------------------------------

    def connected(self, node: NodeBase, role: str, incoming: bool, what: str) -> NodeBase | None:
        """Return the one node connected to ``node`` in ``role``; report none or several.

        ``incoming``: the node is the target of the edge (its source is returned). Edges are
        found with the project's own index of them (as plans find them).
        """
        edges = self.project.edges_at(node.id, role, "target" if incoming else "source")
        ends = [edge.source if incoming else edge.target for edge in edges]
        found = [self.by_id[end] for end in ends if end in self.by_id]
        if not found:
            self.add(
                node, role, f"'{node.name}' is not connected to {what}: connect it on the canvas"
            )
            return None
        if len(found) > 1:
            self.add(node, role, f"'{node.name}' can have only one {what.removeprefix('a ')}")
        return found[0]
