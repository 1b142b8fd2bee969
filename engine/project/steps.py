r"""The steps of a plan and what each node kind plans with: `Step`, its arguments, `Planner`.

A plan (`engine.project.plan`) is a list of `Step`\ s, one engine call each. Their arguments
are still text, labelled with what they are: `Expr` (a constant expression such as
``10*ms``), `Code` (model text handed to the engine as a string), `Array` (a list of numbers
with a unit), `Ref` (another object) and `Plain` (a plain Python value). Each node kind's
plan function (`engine.project.kinds`) appends the steps of one node through a `Planner`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.parsing.expressions import parse_expression
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.project.constants import constant_values
from engine.project.errors import BuildError
from engine.project.node_base import NodeBase
from engine.units import DEFAULT_UNITS, DimensionMismatchError, get_dimensions

if TYPE_CHECKING:
    from engine.project.document import Project

__all__ = ["Arg", "Array", "Code", "Expr", "Plain", "Planner", "Ref", "Step", "is_constant"]


@dataclass(frozen=True)
class Expr:
    """A constant expression (``10*ms``, ``2*tau``), evaluated before it is passed."""

    text: str
    field: str


@dataclass(frozen=True)
class Code:
    """Model text (equations, conditions, statements, expressions of model variables)."""

    text: str
    field: str


@dataclass(frozen=True)
class Array:
    """A list of numbers, optionally times a unit (``[1, 2]*ms``); see `literals`."""

    text: str
    field: str


@dataclass(frozen=True)
class Ref:
    """Another object of the network, by its name."""

    name: str


@dataclass(frozen=True)
class Plain:
    """A plain value: a name, a flag, a list of variable names."""

    value: Any


Arg = Expr | Code | Array | Ref | Plain
ArgT = TypeVar("ArgT", Expr, Code, Array, Ref, Plain)


@dataclass(frozen=True)
class Step:
    """One engine call.

    Attributes
    ----------
    action
        ``seed`` (``seed(args[0])``), ``dt`` (``defaultclock.dt = args[0]``), ``constant``
        (``target = args[0]``), ``create`` (``target = callee(*args, **kwargs)``), ``call``
        (``target.callee(*args, **kwargs)``) or ``assign`` (``target.callee = args[0]``).
    target
        The name assigned or called on.
    callee
        The class, method or variable.
    node_id, kind
        The node the step comes from (None for settings and constants).
    """

    action: str
    target: str = ""
    callee: str = ""
    args: tuple[Arg, ...] = ()
    kwargs: tuple[tuple[str, Arg], ...] = ()
    node_id: str | None = None
    kind: str | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def owner(self) -> str:
        """The id of the node the step comes from; only for steps of nodes.

        Raises
        ------
        ValueError
            For a step of the run settings or of a constant.
        """
        if self.node_id is None:
            raise ValueError(f"the step {self.action} {self.target} belongs to no node")
        return self.node_id

    def arg(self, index: int, kind: type[ArgT]) -> ArgT:
        """Return the argument at ``index``, which the step's planner made a ``kind``.

        Raises
        ------
        TypeError
            If it is another kind of argument.
        """
        argument = self.args[index]
        if not isinstance(argument, kind):
            raise TypeError(f"argument {index} of {self.callee or self.action} is not {kind}")
        return argument


_SAFE_FUNCTIONS = {name for name, spec in DEFAULT_FUNCTIONS.items() if not spec.stateful}


def _names(text: str) -> set[str]:
    try:
        return set(parse_expression(text).identifiers)
    except ModelError:
        return set()


def is_constant(text: str, constants: Iterable[str]) -> bool:
    """Whether ``text`` is an expression of constants, units and pure functions only.

    Such a value is computed once (``10*ms``, ``2*tau``); anything else — model variables,
    ``t``, ``i``, ``rand()`` or a timed array — is model text evaluated by the engine.
    Unparsable text counts as model text: the engine then reports the error where it is used.
    """
    try:
        expression = parse_expression(text)
    except ModelError:
        return False
    known = set(constants) | set(DEFAULT_CONSTANTS) | set(DEFAULT_UNITS) | {"True", "False"}
    return set(expression.identifiers) <= known and set(expression.functions) <= _SAFE_FUNCTIONS


class Planner:
    """The steps planned so far, and the helpers a kind's plan function appends them with.

    Parameters
    ----------
    project
        The project being planned (its nodes, edges and constants are read, never changed).

    Attributes
    ----------
    out
        The steps, in order.
    constants
        The names of the project's constants.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.constants = [c.name for c in project.constants]
        self.out: list[Step] = []
        self._values: dict[str, object] | None = None  # the constants' values, when needed

    def value(self, text: str, field_name: str) -> Expr | Code:
        """Return an `Expr` for a constant expression (computed once), else `Code`."""
        if is_constant(text, self.constants):
            return Expr(text, field_name)
        return Code(text, field_name)

    def live_value(self, text: str, field_name: str, dimensions: Any) -> Expr | Code:
        """Return `Code` for text that uses constants and has ``dimensions``, else `value`.

        For a field the engine also accepts as model text (a refractory period): given as
        text, it is resolved when each run starts, so its constants may change during a run
        (`engine.project.live`). Text without constants, or of other units (a bare ``0``,
        which the engine accepts only as a number), stays a value computed once.
        """
        planned = self.value(text, field_name)
        if not isinstance(planned, Expr) or not set(_names(text)) & set(self.constants):
            return planned
        try:
            if self._values is None:
                self._values = constant_values(self.project)
            value = evaluate_constant(text, self._values)
        except (ModelError, DimensionMismatchError, ValueError, TypeError, ArithmeticError):
            return planned
        if get_dimensions(value) is not dimensions:
            return planned
        return Code(text, field_name)

    @staticmethod
    def code(text: str, field_name: str) -> Code | None:
        """Return `Code` for model text, or None when the field is empty (not passed)."""
        return Code(text, field_name) if text.strip() else None

    def create(self, node: NodeBase, callee: str, *args: Arg, **kwargs: Arg | None) -> None:
        """Append the creation of ``node``'s object (keywords that are None are left out)."""
        given = tuple((k, v) for k, v in kwargs.items() if v is not None)
        self.out.append(
            Step(
                "create",
                target=node.name,
                callee=callee,
                args=args,
                kwargs=(*given, ("name", Plain(node.name))),
                node_id=node.id,
                kind=node.kind,
                notes=node.notes,
            )
        )

    def initial_values(self, node: NodeBase, initial: dict[str, str]) -> None:
        """Append an assignment per initial value, in order."""
        for variable, text in initial.items():
            self.out.append(
                Step(
                    "assign",
                    target=node.name,
                    callee=variable,
                    args=(self.value(text, f"initial.{variable}"),),
                    node_id=node.id,
                    kind=node.kind,
                )
            )

    def one(self, node: NodeBase, role: str, incoming: bool, what: str) -> NodeBase:
        """Return the node connected to ``node`` by an edge of ``role`` (the first).

        Raises
        ------
        BuildError
            If there is none (``what`` names it: "a presynaptic group").
        """
        found = (
            self.project.sources(node.id, role) if incoming else self.project.targets(node.id, role)
        )
        if not found:
            raise BuildError(
                f"'{node.name}' is not connected to {what}: connect it on the canvas",
                node.id,
                node.name,
                role,
            )
        node_found: NodeBase = found[0]
        return node_found
