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

from engine.codegen.numpy.functions import events_of, implementations
from engine.codegen.numpy.generator import Block, storage_expression
from engine.codegen.numpy.renderer import FUNCTION_PREFIX
from engine.codegen.numpy.repeated import (
    add_at,
    divide_at,
    multiply_at,
    sequential_rounds,
    subtract_at,
)
from engine.codegen.operations import FUNCTION_NAME, Array, Function, Operation, Value, named
from engine.codegen.quoting import printable
from engine.parsing.functions import DEFAULT_FUNCTIONS

__all__ = ["NumpyCodeObject", "NumpyTarget", "namespace_of", "stateful_names"]

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
# Names of objects and events appear in the templates' comments, always through this filter,
# which escapes every character that could end a comment (see `engine.codegen.quoting`).
_TEMPLATES.filters["comment"] = printable

# Templates whose block is every element of the owner (arrays used whole, no _idx).
_FULL = {"stateupdate", "threshold", "summed_variable"}
# The arguments of each template's function (none for the others).
_PARAMETERS = {
    "group_variable_set": "_idx",
    "group_variable_get": "_idx",
    "synapses": "_idx",
    "synapses_expression": "_raw_pre_idx, _raw_post_idx",
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
        filename = f"<generated code of {printable(operation.name)}>"
        exec(compile(source, filename, "exec"), namespace)
        self.function = namespace[FUNCTION_NAME]

    def __call__(self, *arguments: Any) -> Any:
        """Run the operation (with the elements, for operations that take them)."""
        return self.function(*arguments)


class NumpyTarget:
    """Turns operations into numpy code objects."""

    name = "numpy"

    def compile(self, operation: Operation) -> NumpyCodeObject:
        """Generate, compile and bind the code of ``operation``."""
        stateful = stateful_names(operation)
        block = Block(
            operation.names,
            full=operation.template in _FULL,
            stateful=stateful,
            unconditional=set(operation.options.get("unconditional", ())),
            repeated=frozenset(operation.options.get("repeated", ())),
        )
        block.load(operation.options.get("load", ()))
        block.add_scalar(operation.code.scalar)
        scalar_lines = len(block.lines)
        block.add_vector(operation.code.vector)
        lines = block.finish()
        if block.rounds:
            lines = lines[:scalar_lines] + _in_rounds(operation, block, lines[scalar_lines:])
        context = {
            "name": FUNCTION_NAME,
            "owner": operation.owner,
            "size": operation.size,
            "parameters": ", ".join(
                [_PARAMETERS.get(operation.template, ""), *operation.options.get("parameters", ())]
            ).strip(", "),
            "scalar_code": "\n".join(lines[:scalar_lines]) or "pass",
            "vector_code": "\n".join(lines[scalar_lines:]) or "pass",
            **operation.options.get("literals", {}),
            # An array's values under its key; a growable array's object under key_storage.
            **{
                key: storage_expression(named(operation.names, name, Array))
                for key, name in operation.options.get("arrays", {}).items()
            },
            **{
                f"{key}_storage": named(operation.names, name, Array).storage
                for key, name in operation.options.get("arrays", {}).items()
            },
            "recorded": [
                (local, named(operation.names, name, Array).storage)
                for local, name in operation.options.get("recorded", ())
            ],
        }
        source = _TEMPLATES.get_template(f"{operation.template}.py_").render(context)
        return NumpyCodeObject(operation, source, namespace_of(operation))


def stateful_names(operation: Operation) -> set[str]:
    """Return the functions of ``operation`` that give a new value per call and element."""
    return {name for name, spec in DEFAULT_FUNCTIONS.items() if spec.stateful} | {
        name
        for name, value in operation.names.items()
        if isinstance(value, Function) and value.stateful
    }


def namespace_of(operation: Operation) -> dict[str, Any]:
    """Return the names generated numpy code of ``operation`` runs with.

    Storage arrays, constants (by name: data, not code) and function implementations.
    """
    # Every name generated code uses starts with '_' (model names never do), so that no
    # model name can shadow one: Python's len and int are bound as _len and _int.
    namespace: dict[str, Any] = {
        "_len": len,
        "_int": int,
        "_add_at": add_at,
        "_subtract_at": subtract_at,
        "_multiply_at": multiply_at,
        "_divide_at": divide_at,
        "_sequential_rounds": sequential_rounds,
        "_flatnonzero": np.flatnonzero,
        "_broadcast_to": np.broadcast_to,
        "_searchsorted": np.searchsorted,
        "_events_of": events_of,
        "_full": np.full,
        "_bincount": np.bincount,
        "_where": np.where,
        "_double": np.float64,  # single-precision values are computed on as doubles
        "_logical_and": np.logical_and,
        "_logical_or": np.logical_or,
        "_logical_not": np.logical_not,
        **implementations(),
        **operation.storage,
    }
    for name, value in operation.names.items():
        if isinstance(value, Value):
            namespace[name] = _numpy_scalar(value.value)
        elif isinstance(value, Function):
            namespace[FUNCTION_PREFIX + name] = value.implementation
        elif isinstance(value, Array) and value.storage not in operation.storage:
            raise ValueError(f"No storage for '{name}' ({value.storage}) in {operation.name}")
    return namespace


def _numpy_scalar(value: Any) -> Any:
    """Return a Python number as a numpy scalar, other values as they are.

    Arithmetic on numpy scalars follows numpy's rules, as that on the arrays beside them does
    and as compiled code (on C doubles) does: ``1/N`` with ``N = 0`` is ``inf`` and ``a**b``
    beyond the range of a double is ``inf``, reported by the run's checks of the variables,
    instead of Python's ``ZeroDivisionError`` or ``OverflowError`` in the middle of a step.
    """
    if isinstance(value, bool):
        return np.bool_(value)
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return np.int64(value)
        try:
            return np.float64(value)
        except OverflowError:  # beyond the range of a double
            return np.float64(np.inf if value > 0 else -np.inf)
    if isinstance(value, float):
        return np.float64(value)
    return value


def _in_rounds(operation: Operation, block: Block, vector_lines: list[str]) -> list[str]:
    """Run the vector code once per round of elements whose written neurons do not repeat."""
    if operation.template in _FULL:
        raise ValueError(
            f"The code of '{operation.owner}' reads and writes a variable of another group "
            "through repeated indices, which code run for every element cannot do; write it "
            "as an in-place update ('x_post += ...') or use a (summed) variable"
        )
    keys = ", ".join(storage_expression(named(block.names, index, Array)) for index in block.rounds)
    return [
        f"for _idx in _sequential_rounds(_idx, ({keys},)):",
        "    _vectorisation_size = _len(_idx)",
        *(f"    {line}" for line in vector_lines),
    ]
