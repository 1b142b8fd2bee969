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

Each node kind's checks live with the kind (its `engine.project.kinds.KindSpec.check`, given
a `engine.project.checks.context.CheckContext`); this module checks what every project has
(run settings, names, constants), then walks the kinds stage by stage — timed arrays, groups,
synapses, inputs, monitors: what a node refers to is checked, and has its proxy, before it —
and ends with what concerns the whole project (unused nodes, memory and time). A kind without
checks has only those common checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from engine import _HOME as _ENGINE_API
from engine.equations import RESERVED_NAMES
from engine.parsing import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.project import kinds
from engine.project.budget import budget_problems
from engine.project.checks.context import FAILED, CheckContext
from engine.project.diagnostics import Diagnostic
from engine.project.document import GROUP_KINDS, Project
from engine.project.kinds import Stage
from engine.project.live_parameters import check_live_parameters
from engine.project.node_base import NodeBase
from engine.project.sweep.check import check_sweeps
from engine.units import DEFAULT_UNITS

__all__ = ["Diagnostic", "validate"]


def validate(project: Project) -> list[Diagnostic]:
    """Return every problem found in ``project``, without building or running it.

    Diagnostics of the run settings and constants come first, then those of each node in the
    order of the project's nodes. An empty list means that the project can be built, and
    that nothing looks like a mistake.
    """
    ctx = CheckContext(project)
    ctx.guarded(None, lambda: _run_settings(ctx))
    ctx.guarded(None, lambda: _names(ctx))
    ctx.guarded(None, lambda: _constant_values(ctx))
    # Kinds in the order of their stages (and of the registry within one): what a node refers
    # to has been checked, and has its proxy, when the node is.
    for kind_spec in sorted(kinds.specs(), key=lambda s: s.stage):
        check = kind_spec.check
        if check is None:
            continue
        for node in project.nodes:
            if node.kind == kind_spec.kind:
                ctx.guarded(node, partial(check, node, ctx))
    ctx.guarded(None, lambda: _unused(ctx))
    ctx.guarded(None, lambda: _budget(ctx))
    ctx.guarded(None, lambda: ctx.found.extend(check_sweeps(project)))
    ctx.guarded(None, lambda: ctx.found.extend(check_live_parameters(project)))
    position = {node.id: index for index, node in enumerate(project.nodes)}
    unique = list(dict.fromkeys(ctx.found))
    return sorted(unique, key=lambda d: -1 if d.node_id is None else position[d.node_id])


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


# -- run settings, names, constants ------------------------------------------------------------


def _run_settings(ctx: CheckContext) -> None:
    run = ctx.project.run
    # The run's settings come before the constants (a script sets dt first).
    unavailable = ctx.constant_names
    why = (
        "is a constant: the run settings cannot use constants (they are set before the "
        "constants are defined); write the value"
    )
    ctx.dt = ctx.time(
        run.dt,
        None,
        "run.dt",
        "The time step",
        namespace={},
        unavailable=unavailable,
        why_unavailable=why,
    )
    ctx.time(
        run.duration,
        None,
        "run.duration",
        "The duration",
        True,
        namespace={},
        unavailable=unavailable,
        why_unavailable=why,
    )
    ctx.time(
        run.report_period,
        None,
        "run.report_period",
        "The report period",
        namespace={},
        unavailable=unavailable,
        why_unavailable=why,
    )


def _names(ctx: CheckContext) -> None:
    seen: set[str] = set()
    for constant in ctx.project.constants:
        field = f"constants.{constant.name}.name"
        problem = _name_problem(constant.name)
        if problem is not None:
            ctx.add(None, field, problem)
        elif constant.name in seen:
            ctx.add(None, field, f"The name '{constant.name}' is used twice")
        seen.add(constant.name)
    for node in ctx.project.nodes:
        problem = _name_problem(node.name)
        if problem is not None:
            ctx.add(node, "name", problem)
        elif node.name in seen:
            ctx.add(node, "name", f"The name '{node.name}' is already used")
        seen.add(node.name)


def _constant_values(ctx: CheckContext) -> None:
    names = ctx.constant_names
    for index, constant in enumerate(ctx.project.constants):
        value = ctx.constant(
            constant.value,
            None,
            f"constants.{constant.name}",
            unavailable=names[index:],
            why_unavailable="is defined at or after this constant: a constant can only "
            "use the constants above it",
        )
        if value is FAILED:
            ctx.broken.add(constant.name)
            continue
        ctx.constants[constant.name] = value
        ctx.namespace[constant.name] = value


# -- memory and time ----------------------------------------------------------------------------


def _budget(ctx: CheckContext) -> None:
    """Report what needs more memory, or more steps, than the run can have."""
    for problem in budget_problems(ctx.project, ctx.constants):
        node = ctx.by_id.get(problem.node_id) if problem.node_id is not None else None
        ctx.add(node, problem.field, problem.message, severity=problem.severity)


# -- probable mistakes ----------------------------------------------------------------------------


def _unused(ctx: CheckContext) -> None:
    """Warn about groups connected to nothing and timed arrays no model uses."""
    project = ctx.project
    connected = {e.source for e in project.edges} | {e.target for e in project.edges}
    texts = [value for node in project.nodes for value in _texts(node)]
    # Every name called in some model text, found once: searching all texts for each timed
    # array would be quadratic. A name is called where it is a whole word followed by '('
    # (what the search per name, r'\bname\s*\(', finds; no match spans two texts).
    called = set(re.findall(r"\b(\w+)\s*\(", "\0".join(texts)))
    for node in project.nodes:
        if node.kind in GROUP_KINDS and node.id not in connected:
            ctx.add(
                node,
                None,
                f"'{node.name}' is connected to nothing: no monitor records it and no "
                "synapses receive its spikes",
                severity="warning",
            )
        elif kinds.spec(node.kind).stage is Stage.NAMES and node.name not in called:
            ctx.add(
                node,
                None,
                f"No model uses the timed array '{node.name}': call it by its name, "
                f"e.g. '{node.name}(t)'",
                severity="warning",
            )


def _texts(node: NodeBase) -> Iterable[str]:
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
