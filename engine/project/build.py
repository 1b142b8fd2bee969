"""Turn a project into engine objects: ``build(project) -> Built`` (a `Network` and its parts).

The steps of `engine.project.plan` are executed one by one: constant expressions are computed
by the engine's safe evaluator, model text is handed to the engine's constructors, which parse
it with their restricted parsers. Objects are named after their nodes. Any error is raised as a
`BuildError` naming the node and field (and line and column, when the engine knows them).

The field is known where the error happens, never guessed from its text: a value that cannot
be computed is the field of the argument being computed; an error of an engine call names the
argument of the call it is about (`engine.errors.ModelError.argument`), and the step says which
field each argument came from. Errors found later, when the network runs, name their engine
object and argument too: `locate_error` finds the node and field from them.

Building sets ``defaultclock.dt`` to the project's time step and, when the project has a seed,
seeds the random generator — exactly as the exported script does at its top, so that both
draw the same random numbers in the same order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.codegen.quoting import is_identifier, printable
from engine.core.base import EngineObject
from engine.core.clocks import defaultclock, dt_problem
from engine.core.network import Network
from engine.core.sizes import MAX_ELEMENTS
from engine.core.variables import ArrayVariable
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.input import TimedArray
from engine.project import kinds
from engine.project.diagnostics import (
    engine_argument,
    engine_cause,
    engine_object,
    field_text,
    to_diagnostic,
)
from engine.project.document import Project
from engine.project.errors import BuildError
from engine.project.literals import parse_array
from engine.project.plan import Array, Code, Expr, Plain, Ref, Step, plan
from engine.rng import seed
from engine.units import DimensionMismatchError

__all__ = ["Built", "build", "locate_error"]

# The engine class of each kind, by name (from the kinds' specs): only these are ever called.
_CLASSES = kinds.ENGINE_CLASSES


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
    fields
        The field each argument of a node's engine calls came from: node id -> argument of
        the call (``threshold``, ``condition``) -> field (``threshold``, ``connect.condition``).
    """

    project: Project
    network: Network
    objects: dict[str, Any] = field(default_factory=dict)
    namespace: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)

    def node_of(self, object_name: str | None) -> Any:
        """Return the node whose object is, or contains, the engine object ``object_name``."""
        if not object_name:
            return None
        for node_id, obj in self.objects.items():
            if any(part.name == object_name for part in _parts(obj)):
                return self.project.node(node_id)
        return None


def _parts(obj: Any) -> Iterator[EngineObject]:
    """Yield ``obj`` (if an engine object) and the objects it contains, recursively."""
    if isinstance(obj, EngineObject):
        yield obj
        for contained in obj.contained_objects:
            yield from _parts(contained)


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
            seed(step.arg(0, Plain).value)
        elif step.action == "dt":
            defaultclock.dt = _evaluate(step.args[0], built, step)
        elif step.action == "constant":
            built.namespace[step.target] = _evaluate(step.args[0], built, step)
        elif step.action == "create":
            _create(step, built)
        elif step.action == "call":
            obj = built.objects[step.owner]
            method = getattr(obj, step.callee)
            _record_fields(method, step, built)
            kwargs = {k: _evaluate(v, built, step) for k, v in step.kwargs}
            method(**kwargs)
        elif step.action == "assign":
            obj = built.objects[step.owner]
            name, units = _assignable(obj, step)
            _record_fields(None, step, built)
            obj.set_states({name: _evaluate(step.args[0], built, step)}, units=units)
        else:  # pragma: no cover - plan() makes only the actions above
            raise AssertionError(step.action)
    except BuildError:
        raise
    except _ENGINE_ERRORS as error:
        # An error of the engine call itself: about the argument it names.
        arguments = built.fields.get(step.node_id or "", {})
        argument = engine_argument(error)
        field_name = arguments.get(argument) if argument is not None else None
        if field_name is None:
            # Errors that cannot carry an argument (a ValueError of connect's n): a call
            # given one text of the node is about that one.
            texts = _texts(step)
            field_name = next(iter(texts)) if len(texts) == 1 else None
        raise _error_at(error, step, built, field_name) from error


# What the engine raises for wrong input (DimensionMismatchError is no ValueError).
_ENGINE_ERRORS = (
    ModelError,
    DimensionMismatchError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
)


def _create(step: Step, built: Built) -> None:
    _record_fields(_CLASSES[step.callee], step, built)
    args = [_evaluate(a, built, step) for a in step.args]
    kwargs = {k: _evaluate(v, built, step) for k, v in step.kwargs}
    kind = kinds.spec(step.kind or "")
    count = kind.count  # the argument that is a number of elements, checked here
    if count is not None:
        where, bounds = count.argument, (count.minimum, count.maximum)
        if isinstance(where, int):
            args[where] = _count(args[where], step, *bounds)
        else:
            kwargs[where] = _count(kwargs[where], step, *bounds)
    if kwargs.get("dt") is not None:  # the node's own time step (a clock's rule)
        problem = dt_problem(kwargs["dt"])
        if problem is not None:
            raise BuildError(problem, step.node_id, step.target, "dt")
    if kind.takes_namespace:
        kwargs["namespace"] = built.namespace
    obj = _CLASSES[step.callee](*args, **kwargs)
    built.objects[step.owner] = obj
    if kind.stage is kinds.Stage.NAMES:  # model text calls it by its name
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


def _record_fields(call: Callable[..., Any] | None, step: Step, built: Built) -> None:
    """Remember the field each argument of the engine call ``call`` of ``step`` came from.

    An assignment (``call`` None) sets its variable: errors about the variable's values (a
    delay that the run finds negative) are about its field.
    """
    fields = built.fields.setdefault(step.node_id or "", {})
    if call is None:
        arguments: dict[str, Any] = {step.callee: step.args[0]}
    else:
        try:
            bound = inspect.signature(call).bind_partial(*step.args, **dict(step.kwargs))
        except (TypeError, ValueError):  # no signature, or one that does not fit: none known
            return
        arguments = bound.arguments
    for argument, arg in arguments.items():
        if isinstance(arg, (Expr, Code, Array)):
            fields[argument] = arg.field


def _evaluate(arg: Any, built: Built, step: Step) -> Any:
    """Return the engine value of an argument: computed, parsed, looked up, or as it is.

    Raises
    ------
    BuildError
        At the argument's field, if its value cannot be computed.
    """
    try:
        return _value(arg, built, step)
    except BuildError:
        raise
    except _ENGINE_ERRORS as error:
        field_name = arg.field if isinstance(arg, (Expr, Code, Array)) else None
        raise _error_at(error, step, built, field_name) from error


def _value(arg: Any, built: Built, step: Step) -> Any:
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


def _error_at(error: BaseException, step: Step, built: Built, field_name: str | None) -> BuildError:
    """Return a `BuildError` at the step's node and the field ``field_name`` (None: unknown).

    A step of the settings or constants is about the field of its one argument.
    """
    node = built.project.node(step.node_id) if step.node_id is not None else None
    if node is None and field_name is None:
        field_name = "run.dt" if step.action == "dt" else f"constants.{step.target}"
    text = _texts(step).get(field_name) if field_name is not None else None
    diagnostic = to_diagnostic(
        engine_cause(error),
        getattr(node, "id", None),
        field_name,
        text,
        hint="aside",
    )
    return BuildError.from_diagnostic(diagnostic, getattr(node, "name", None))


def locate_error(error: BaseException, built: Built) -> BuildError:
    """Describe an error the engine raised about ``built``'s objects as a `BuildError`.

    For an error raised after the build, when the network prepares or runs: the node is the
    one whose object (or an object it contains) the error names, the field the one the
    argument the error is about came from; line and column are the error's, in that field.
    """
    node = built.node_of(engine_object(error))
    field_name = None
    if node is not None:
        argument = engine_argument(error)
        if argument is not None:
            field_name = built.fields.get(node.id, {}).get(argument)
    text = field_text(node, field_name) if field_name is not None else None
    diagnostic = to_diagnostic(
        engine_cause(error), getattr(node, "id", None), field_name, text, hint="aside"
    )
    return BuildError.from_diagnostic(diagnostic, getattr(node, "name", None))


def _texts(step: Step) -> dict[str, str]:
    """Return the text of each argument of ``step`` that has one, by field."""
    texts = {}
    for arg in (*step.args, *(v for _, v in step.kwargs)):
        if isinstance(arg, (Expr, Code, Array)):
            texts[arg.field] = arg.text
    return texts
