"""Turn a project into engine objects: ``build(project) -> Built`` (a `Network` and its parts).

The steps of `engine.project.plan` are executed one by one: constant expressions are computed
by the engine's safe evaluator, model text is handed to the engine's constructors, which parse
it with their restricted parsers. Objects are named after their nodes. Any error is raised as a
`BuildError` naming the node and field (and line and column, when the engine knows them).

Building sets ``defaultclock.dt`` to the project's time step and, when the project has a seed,
seeds the random generator — exactly as the exported script does at its top, so that both
draw the same random numbers in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.codegen.quoting import is_identifier, printable
from engine.core.clocks import defaultclock, dt_problem
from engine.core.network import Network
from engine.core.sizes import MAX_COUNT, MAX_ELEMENTS
from engine.core.variables import ArrayVariable
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.groups import NeuronGroup
from engine.input import PoissonGroup, PoissonInput, SpikeGeneratorGroup, TimedArray
from engine.monitors import PopulationRateMonitor, SpikeMonitor, StateMonitor
from engine.project.document import Project
from engine.project.errors import BuildError
from engine.project.literals import parse_array
from engine.project.plan import Array, Code, Expr, Plain, Ref, Step, plan
from engine.rng import seed
from engine.synapses import Synapses
from engine.units import DimensionMismatchError

__all__ = ["Built", "build", "locate_error"]

_CLASSES: dict[str, Any] = {
    "NeuronGroup": NeuronGroup,
    "PoissonGroup": PoissonGroup,
    "SpikeGeneratorGroup": SpikeGeneratorGroup,
    "Synapses": Synapses,
    "PoissonInput": PoissonInput,
    "TimedArray": TimedArray,
    "SpikeMonitor": SpikeMonitor,
    "StateMonitor": StateMonitor,
    "PopulationRateMonitor": PopulationRateMonitor,
}
# Classes whose model text refers to constants and timed arrays by name.
_TAKES_NAMESPACE = {"NeuronGroup", "PoissonGroup", "Synapses"}


@dataclass
class Built:
    """A built project.

    Attributes
    ----------
    project
        The project it was built from.
    network
        All its objects, ready to run.
    objects
        The engine object of each node, by node id.
    namespace
        The constants and timed arrays by name (the names model text may use).
    """

    project: Project
    network: Network
    objects: dict[str, Any] = field(default_factory=dict)
    namespace: dict[str, Any] = field(default_factory=dict)

    def node_of(self, object_name: str | None) -> Any:
        """Return the node whose object is, or contains, the engine object ``object_name``."""
        if not object_name:
            return None
        best = None
        for node in self.project.nodes:
            name = node.name
            if object_name == name:
                return node
            if object_name.startswith(name + "_") and (best is None or len(name) > len(best.name)):
                best = node
        return best


def build(project: Project) -> Built:
    """Create the engine objects of ``project`` and a `Network` holding them.

    Raises
    ------
    BuildError
        For anything that cannot be built, with the node and field at fault.
    """
    steps = plan(project)
    built = Built(project, Network())
    for step in steps:
        # Values that overflow or are invalid (an initial value of log(0)) are the model's
        # business, reported by the run's checks of its variables, as numpy warnings are not.
        with np.errstate(all="ignore"):
            _execute(step, built)
    for node in project.nodes:
        obj = built.objects.get(node.id)
        if obj is not None and not isinstance(obj, TimedArray):
            built.network.add(obj)
    return built


def _execute(step: Step, built: Built) -> None:
    try:
        if step.action == "seed":
            seed(step.args[0].value)  # type: ignore[union-attr]
        elif step.action == "dt":
            defaultclock.dt = _evaluate(step.args[0], built, step)
        elif step.action == "constant":
            built.namespace[step.target] = _evaluate(step.args[0], built, step)
        elif step.action == "create":
            _create(step, built)
        elif step.action == "call":
            obj = built.objects[step.node_id]  # type: ignore[index]
            kwargs = {k: _evaluate(v, built, step, k) for k, v in step.kwargs}
            getattr(obj, step.callee)(**kwargs)
        elif step.action == "assign":
            obj = built.objects[step.node_id]  # type: ignore[index]
            name, units = _assignable(obj, step)
            obj.set_states({name: _evaluate(step.args[0], built, step)}, units=units)
        else:  # pragma: no cover - plan() makes only the actions above
            raise AssertionError(step.action)
    except BuildError:
        raise
    except (
        ModelError,
        DimensionMismatchError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        ArithmeticError,
    ) as error:
        raise _located(error, step, built) from error


def _create(step: Step, built: Built) -> None:
    args = [_evaluate(a, built, step) for a in step.args]
    kwargs = {k: _evaluate(v, built, step, k) for k, v in step.kwargs}
    if step.callee in ("NeuronGroup", "PoissonGroup", "SpikeGeneratorGroup"):
        args[0] = _count(args[0], step)
    if step.callee == "PoissonInput":
        kwargs["N"] = _count(kwargs["N"], step, minimum=0, maximum=MAX_COUNT)
    if kwargs.get("dt") is not None:  # the node's own time step (a clock's rule)
        problem = dt_problem(kwargs["dt"])
        if problem is not None:
            raise BuildError(problem, step.node_id, step.target, "dt")
    if step.callee in _TAKES_NAMESPACE:
        kwargs["namespace"] = built.namespace
    obj = _CLASSES[step.callee](*args, **kwargs)
    built.objects[step.node_id] = obj  # type: ignore[index]
    if step.callee == "TimedArray":
        built.namespace[step.target] = obj


def _assignable(obj: Any, step: Step) -> tuple[str, bool]:
    """Return the variable an initial value sets, and whether the value has units (``v_``).

    Only a variable the user may set is accepted: the name comes from a file.
    """
    name = step.callee
    units = not (name.endswith("_") and name[:-1] in obj.variables)
    bare = name if units else name[:-1]
    variable = obj.variables.get(bare) if is_identifier(bare) else None
    if variable is None or variable.read_only or not isinstance(variable, ArrayVariable):
        field = "delay" if name == "delay" else f"initial.{name}"
        raise BuildError(
            f"'{step.target}' has no variable '{printable(name)[:60]}' that can be set",
            step.node_id,
            step.target,
            field,
        )
    return bare, units


def _evaluate(arg: Any, built: Built, step: Step, keyword: str | None = None) -> Any:
    """Return the engine value of an argument: computed, parsed, looked up, or as it is."""
    if isinstance(arg, Plain):
        return arg.value
    if isinstance(arg, Code):
        return arg.text
    if isinstance(arg, Ref):
        node = built.project.node(arg.name)
        return built.objects[node.id]
    constants = {k: v for k, v in built.namespace.items() if not isinstance(v, TimedArray)}
    if isinstance(arg, Array):
        literal = parse_array(arg.text, constants)
        values = literal.quantity(constants)
        if arg.field in ("indices", "connect.i", "connect.j", "record"):
            return _indices(np.asarray(values), arg, step)
        return values
    if isinstance(arg, Expr):
        return evaluate_constant(arg.text, constants)
    raise AssertionError(arg)  # pragma: no cover


def _count(value: Any, step: Step, minimum: int = 1, maximum: int = MAX_ELEMENTS) -> int:
    number = np.asarray(value, dtype=object if isinstance(value, int) else None)
    if number.ndim == 0 and number.dtype.kind == "f" and np.isfinite(number):
        if number == np.round(number):
            value = int(number)  # N = 1e3 is a whole number
    elif number.ndim == 0 and number.dtype.kind in "iu":
        value = int(number)
    if isinstance(value, bool) or not isinstance(value, int):
        problem = f"N must be a whole number, not {value!r:.40}"
    elif value < minimum:
        problem = f"N must be at least {minimum}, not {value}"
    elif value > maximum:
        problem = f"N must be at most {maximum} (the engine's limit), not {value}"
    else:
        return value
    raise BuildError(problem, step.node_id, step.target, "N")


def _indices(values: np.ndarray, arg: Array, step: Step) -> np.ndarray:
    if values.size and np.any(values != np.round(values)):
        raise BuildError(
            f"'{arg.text}' must list whole numbers (indices)", step.node_id, step.target, arg.field
        )
    if values.size and np.any(np.abs(values) > MAX_ELEMENTS):  # would wrap round in int64
        raise BuildError(
            f"'{arg.text:.60}' lists an index beyond the largest group ({MAX_ELEMENTS} elements)",
            step.node_id,
            step.target,
            arg.field,
        )
    return values.astype(np.int64)


def _located(error: Exception, step: Step, built: Built) -> BuildError:
    """Return a `BuildError` at the step's node, in the field whose text the error is about."""
    if step.node_id is None:
        field_name = "run.dt" if step.action == "dt" else f"constants.{step.target}"
        return _with_span(error, None, None, field_name)
    node = built.project.node(step.node_id)
    return locate_error(error, built, node, _fields(step), quoted=True)


def locate_error(
    error: Exception,
    built: Built,
    node: Any = None,
    fields: Mapping[str, str] | None = None,
    quoted: bool = False,
) -> BuildError:
    """Describe an engine error as a `BuildError` at its node and field.

    Parameters
    ----------
    error
        What the engine raised (while building, or when a run starts).
    built
        The built project.
    node
        The node, if known; otherwise found from the engine object the error names.
    fields
        Field name -> text of the candidate fields; by default every text field of the node.
        The field is the one whose text the error quotes.
    quoted
        Also look for the text of a field quoted in the error's message (an error raised
        while the engine ran a field's code, such as a connect expression, names its text).
    """
    error = _most_precise(error)
    if node is None:
        node = built.node_of(getattr(error, "object_name", None))
    if node is None:
        return _with_span(error, None, None, None)
    if fields is None:
        fields = _node_fields(node)
    text = getattr(error, "text", None)
    field_name = next((name for name, value in fields.items() if text and value == text), None)
    if field_name is None and text:
        # The engine may quote one line (a threshold within a reset block, an equation).
        field_name = next((n for n, v in fields.items() if text.strip() in v), None)
    if field_name is None and len(fields) == 1:
        field_name = next(iter(fields))
    if field_name is None and quoted:
        # An error found while running the node's code quotes the text at fault ('i - 5').
        message = getattr(error, "message", None) or str(error)
        found = [n for n, v in fields.items() if v.strip() and f"'{v.strip()}'" in message]
        field_name = found[0] if len(found) == 1 else None
    return _with_span(error, node, field_name, field_name, fields)


def _most_precise(error: Exception) -> Exception:
    """Return the error in ``error``'s chain of causes that knows where in the text it was."""
    chain, seen = error, set()
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        if getattr(chain, "span", None) is not None and getattr(chain, "text", None):
            if getattr(chain, "object_name", None) is None and hasattr(error, "object_name"):
                chain.object_name = error.object_name  # type: ignore[attr-defined]
            return chain
        chain = chain.__cause__ or chain.__context__
    return error


def _with_span(
    error: Exception,
    node: Any,
    field_name: str | None,
    field_label: str | None,
    fields: Mapping[str, str] | None = None,
) -> BuildError:
    span = getattr(error, "span", None)
    message = getattr(error, "message", None) or str(error)
    line = column = None
    if span is not None and field_name is not None:
        line, column = span.line, span.column
        quoted = getattr(error, "text", None) or ""
        full = (fields or {}).get(field_name, "")
        if quoted and quoted != full and quoted in full:
            # The engine quoted one line of a multi-line field: count lines in the field.
            line += full[: full.index(quoted)].count("\n")
    hint = getattr(error, "hint", None)
    if hint and hint not in message:
        message = f"{message} ({hint})"
    return BuildError(
        message,
        getattr(node, "id", None),
        getattr(node, "name", None),
        field_label,
        line,
        column,
    )


def _fields(step: Step) -> dict[str, str]:
    texts = {}
    for arg in (*step.args, *(v for _, v in step.kwargs)):
        if isinstance(arg, (Expr, Code, Array)):
            texts[arg.field] = arg.text
    return texts


def _node_fields(node: Any) -> dict[str, str]:
    texts = {}
    for name, value in node:
        if isinstance(value, str) and name not in ("id", "name", "notes", "kind"):
            texts[name] = value
        elif name == "initial":
            texts.update({f"initial.{k}": v for k, v in value.items()})
        elif name == "connect":
            texts.update(
                {f"connect.{k}": v for k, v in value.model_dump().items() if isinstance(v, str)}
            )
    return texts
