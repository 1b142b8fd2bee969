r"""A project as an ordered list of engine calls: what both `build` and `export` follow.

`plan(project)` turns the document into `Step`\\ s — set the seed and the time step, define the
constants, create each object with its arguments, connect synapses, assign initial values —
in the order a script would make them. The arguments are still text, labelled with what they
are (`Expr`: a constant expression such as ``10*ms``, evaluated by the engine's safe
evaluator; `Code`: model text passed to the engine as a string; `Array`: a list of numbers
with a unit; `Ref`: another object; `Plain`: a plain Python value). `engine.project.build`
executes the steps; `engine.project.export` prints them as Python. Because both read the same
steps, a script does what the app does, in the same order — which matters for random numbers:
the same seed then gives the same initial values, synapses and spikes.

Every step and argument remembers the node and field it came from, so an error while executing
it is reported there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.errors import ModelError
from engine.parsing.expressions import parse_expression
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.project.document import GROUP_KINDS, MONITOR_KINDS, Project
from engine.project.errors import BuildError
from engine.units import DEFAULT_UNITS

__all__ = ["Array", "Code", "Expr", "Plain", "Ref", "Step", "is_constant", "plan"]


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


_SAFE_FUNCTIONS = {name for name, spec in DEFAULT_FUNCTIONS.items() if not spec.stateful}


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


def plan(project: Project) -> list[Step]:
    """Return the engine calls that build ``project``'s network, in order.

    Raises
    ------
    BuildError
        If a node lacks a connection it needs (synapses without ``pre`` or ``post``, a monitor
        or input without a target).
    """
    return _Planner(project).steps()


class _Planner:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.constants = [c.name for c in project.constants]
        self.out: list[Step] = []

    def steps(self) -> list[Step]:
        project = self.project
        run = project.run
        if run.seed is not None:
            self.out.append(Step("seed", args=(Plain(run.seed),)))
        self.out.append(Step("dt", args=(Expr(run.dt, "run.dt"),)))
        for constant in project.constants:
            self.out.append(
                Step(
                    "constant",
                    target=constant.name,
                    args=(Expr(constant.value, f"constants.{constant.name}"),),
                    notes=constant.notes,
                )
            )
        # What others refer to comes first; within each stage, the document's order.
        stages = (("TimedArray",), GROUP_KINDS, ("Synapses",), ("PoissonInput",), MONITOR_KINDS)
        for kinds in stages:
            for node in project.nodes:
                if node.kind in kinds:
                    getattr(self, f"_{node.kind}", self._monitor)(node)
        return self.out

    # -- helpers --------------------------------------------------------------------------------

    def value(self, text: str, field_name: str) -> Expr | Code:
        """Return an `Expr` for a constant expression (computed once), else `Code`."""
        if is_constant(text, self.constants):
            return Expr(text, field_name)
        return Code(text, field_name)

    def create(self, node: Any, callee: str, *args: Arg, **kwargs: Arg | None) -> None:
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

    def initial_values(self, node: Any) -> None:
        for variable, text in node.initial.items():
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

    def one(self, node: Any, role: str, incoming: bool, what: str) -> Any:
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
        return found[0]

    @staticmethod
    def code(text: str, field_name: str) -> Code | None:
        return Code(text, field_name) if text.strip() else None

    # -- node kinds -----------------------------------------------------------------------------

    def _TimedArray(self, node: Any) -> None:
        self.create(node, "TimedArray", Array(node.values, "values"), dt=Expr(node.dt, "dt"))

    def _NeuronGroup(self, node: Any) -> None:
        refractory = None
        if node.refractory.strip():
            refractory = self.value(node.refractory, "refractory")
        self.create(
            node,
            "NeuronGroup",
            Expr(node.N, "N"),
            Code(node.model, "model"),
            threshold=self.code(node.threshold, "threshold"),
            reset=self.code(node.reset, "reset"),
            refractory=refractory,
            method=Plain(node.method.strip()) if node.method.strip() else None,
            dt=Expr(node.dt, "dt") if node.dt.strip() else None,
        )
        self.initial_values(node)

    def _PoissonGroup(self, node: Any) -> None:
        self.create(node, "PoissonGroup", Expr(node.N, "N"), self.value(node.rates, "rates"))

    def _SpikeGeneratorGroup(self, node: Any) -> None:
        self.create(
            node,
            "SpikeGeneratorGroup",
            Expr(node.N, "N"),
            Array(node.indices, "indices"),
            Array(node.times, "times"),
            period=Expr(node.period, "period") if node.period.strip() else None,
        )

    def _Synapses(self, node: Any) -> None:
        pre = self.one(node, "pre", incoming=True, what="a presynaptic group")
        post = self.one(node, "post", incoming=False, what="a postsynaptic group")
        delay = node.delay.strip()
        constant_delay = bool(delay) and is_constant(delay, self.constants)
        self.create(
            node,
            "Synapses",
            Ref(pre.name),
            Ref(post.name),
            model=self.code(node.model, "model"),
            on_pre=self.code(node.on_pre, "on_pre"),
            on_post=self.code(node.on_post, "on_post"),
            delay=Expr(delay, "delay") if constant_delay else None,
            method=Plain(node.method.strip()) if node.method.strip() else None,
        )
        self.out.append(
            Step(
                "call",
                target=node.name,
                callee="connect",
                kwargs=self.connect_arguments(node),
                node_id=node.id,
                kind=node.kind,
            )
        )
        if delay and not constant_delay:
            self.out.append(
                Step(
                    "assign",
                    target=node.name,
                    callee="delay",
                    args=(Code(delay, "delay"),),
                    node_id=node.id,
                    kind=node.kind,
                )
            )
        self.initial_values(node)

    def connect_arguments(self, node: Any) -> tuple[tuple[str, Arg], ...]:
        connect = node.connect
        arguments: list[tuple[str, Arg]] = []
        i, j = connect.i.strip(), connect.j.strip()
        if i and j:
            # Both ends given: lists of indices (pairs), as in connect(i=[0, 1], j=[2, 3]).
            arguments += [("i", Array(i, "connect.i")), ("j", Array(j, "connect.j"))]
        elif i:
            arguments.append(("i", Code(i, "connect.i")))
        elif j:
            arguments.append(("j", Code(j, "connect.j")))
        if connect.condition.strip():
            arguments.append(("condition", Code(connect.condition, "connect.condition")))
        if connect.p.strip():
            arguments.append(("p", self.value(connect.p, "connect.p")))
        if connect.n.strip():
            arguments.append(("n", self.value(connect.n, "connect.n")))
        if connect.skip_if_invalid:
            arguments.append(("skip_if_invalid", Plain(True)))
        return tuple(arguments)

    def _PoissonInput(self, node: Any) -> None:
        target = self.one(node, "drive", incoming=False, what="a target group")
        self.out.append(
            Step(
                "create",
                target=node.name,
                callee="PoissonInput",
                args=(Ref(target.name), Plain(node.target_var)),
                kwargs=(
                    ("N", Expr(node.N, "N")),
                    ("rate", Expr(node.rate, "rate")),
                    ("weight", self.value(node.weight, "weight")),
                ),
                node_id=node.id,
                kind=node.kind,
                notes=node.notes,
            )
        )

    def _monitor(self, node: Any) -> None:
        source = self.one(node, "record", incoming=True, what="the group it records")
        if node.kind == "SpikeMonitor":
            variables = Plain(list(node.variables)) if node.variables else None
            self.create(node, "SpikeMonitor", Ref(source.name), variables=variables)
        elif node.kind == "StateMonitor":
            self.create(
                node,
                "StateMonitor",
                Ref(source.name),
                Plain(list(node.variables)),
                record=_record(node.record),
                dt=Expr(node.dt, "dt") if node.dt.strip() else None,
            )
        else:
            self.create(node, "PopulationRateMonitor", Ref(source.name))


def _record(text: str) -> Arg:
    """``True``/``False``, one index, or a list of indices."""
    stripped = text.strip()
    if stripped in ("True", "False", ""):
        return Plain(stripped != "False")
    if stripped.lstrip("-").isdigit():
        return Plain(int(stripped))
    return Array(stripped, "record")
