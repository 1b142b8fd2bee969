"""The numpy target: every operation becomes a small Python function over numpy arrays.

The function's source comes from a Jinja2 template per kind of operation, with the operation's
abstract code translated by `engine.codegen.numpy.generator.Block`. It runs in a namespace that
binds array storage, function implementations and external constants by name — constants are
data, not code, so changing a parameter between runs never changes the source. The source of
every code object is kept (``code_object.source``) for inspection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import numpy as np

from engine import rng
from engine.codegen.numpy.functions import NUMPY_FUNCTIONS, events_of
from engine.codegen.numpy.generator import Block, storage_expression
from engine.codegen.numpy.renderer import FUNCTION_PREFIX
from engine.codegen.operations import Array, Function, Operation, Value
from engine.parsing.functions import DEFAULT_FUNCTIONS

__all__ = ["NumpyCodeObject", "NumpyTarget"]

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)

# Templates whose block is every element of the owner (arrays used whole, no _idx).
_FULL = {"stateupdate", "threshold"}
# Templates whose function takes the elements as its argument.
_TAKES_INDICES = {"group_variable_set", "group_variable_get"}


def _stateful_implementations() -> dict[str, Any]:
    generator = rng.generator()
    return {
        f"{FUNCTION_PREFIX}rand": lambda size: generator.random(size),
        f"{FUNCTION_PREFIX}randn": lambda size: generator.standard_normal(size),
        f"{FUNCTION_PREFIX}poisson": lambda lam, size: generator.poisson(lam, size),
    }


class NumpyCodeObject:
    """The compiled function of one operation.

    Attributes
    ----------
    operation
        What it was generated from.
    source
        The generated Python source.
    namespace
        The names the function sees (arrays, functions, constants).
    """

    def __init__(self, operation: Operation, source: str, namespace: dict[str, Any]) -> None:
        self.operation = operation
        self.source = source
        self.namespace = namespace
        exec(compile(source, f"<generated code of {operation.name}>", "exec"), namespace)
        self.function = namespace[operation.name]

    def __call__(self, *arguments: Any) -> Any:
        """Run the operation (with the elements, for operations that take them)."""
        return self.function(*arguments)


class NumpyTarget:
    """Turns operations into numpy code objects."""

    name = "numpy"

    def compile(self, operation: Operation) -> NumpyCodeObject:
        """Generate, compile and bind the code of ``operation``."""
        stateful = {name for name, spec in DEFAULT_FUNCTIONS.items() if spec.stateful} | {
            name
            for name, value in operation.names.items()
            if isinstance(value, Function) and value.stateful
        }
        block = Block(
            operation.names,
            full=operation.template in _FULL,
            stateful=stateful,
            unconditional=set(operation.options.get("unconditional", ())),
        )
        block.load(operation.options.get("load", ()))
        block.add_scalar(operation.code.scalar)
        scalar_lines = len(block.lines)
        block.add_vector(operation.code.vector)
        lines = block.finish()
        context = {
            "name": operation.name,
            "owner": operation.owner,
            "size": operation.size,
            "parameters": "_idx" if operation.template in _TAKES_INDICES else "",
            "scalar_code": "\n".join(lines[:scalar_lines]) or "pass",
            "vector_code": "\n".join(lines[scalar_lines:]) or "pass",
            **operation.options.get("literals", {}),
            # An array's values under its key; a growable array's object under key_storage.
            **{
                key: storage_expression(operation.names[name])  # type: ignore[arg-type]
                for key, name in operation.options.get("arrays", {}).items()
            },
            **{
                f"{key}_storage": operation.names[name].storage  # type: ignore[union-attr]
                for key, name in operation.options.get("arrays", {}).items()
            },
            "recorded": [
                (local, operation.names[name].storage)  # type: ignore[union-attr]
                for local, name in operation.options.get("recorded", ())
            ],
        }
        source = _TEMPLATES.get_template(f"{operation.template}.py_").render(context)
        return NumpyCodeObject(operation, source, self._namespace(operation))

    def _namespace(self, operation: Operation) -> dict[str, Any]:
        namespace: dict[str, Any] = {
            "_flatnonzero": np.flatnonzero,
            "_broadcast_to": np.broadcast_to,
            "_searchsorted": np.searchsorted,
            "_events_of": events_of,
            "_full": np.full,
            "_where": np.where,
            "_logical_and": np.logical_and,
            "_logical_or": np.logical_or,
            "_logical_not": np.logical_not,
            **{FUNCTION_PREFIX + name: f for name, f in NUMPY_FUNCTIONS.items()},
            **_stateful_implementations(),
            **operation.storage,
        }
        for name, value in operation.names.items():
            if isinstance(value, Value):
                namespace[name] = value.value
            elif isinstance(value, Function):
                namespace[FUNCTION_PREFIX + name] = value.implementation
            elif isinstance(value, Array) and value.storage not in operation.storage:
                raise ValueError(f"No storage for '{name}' ({value.storage}) in {operation.name}")
        return namespace
