"""Operations: what one scheduled piece of work consists of, as plain data for a code target.

A group describes each of its operations (integrating its equations, testing its threshold,
resetting neurons that spiked, recording a monitor's values...) as an `Operation`: the kind of
work (its *template*), the abstract code, and what every name in the code is — an array reached
through an index, a constant, a subexpression, a function. A code target (numpy, or the
compiled cython target) turns operations into callables, one at a time or a network's whole
schedule at once; groups and the network never see the target's code, and targets never see
groups.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from engine.codegen.abstractcode import AbstractCode
from engine.parsing.expressions import Expression

__all__ = ["FUNCTION_NAME", "Array", "Function", "Operation", "Subexpression", "Value", "named"]

#: The kinds of operations, and the elements each runs for.
TEMPLATES = {
    "stateupdate": "every element",
    "threshold": "every element; fills the event's index array",
    "reset": "the elements whose event occurred this step",
    "group_variable_set": "the elements given (an index array)",
    "group_variable_get": "the elements given; returns the values of '_value'",
    "spikemonitor": "the elements whose event occurred; records them",
    "statemonitor": "the recorded elements; records their values",
    "ratemonitor": "counts the elements whose event occurred",
    "synapses": "the synapses given (whose events arrive); neurons may repeat among them",
    "summed_variable": "every synapse; sums '_synaptic_var' per target element into an array",
    "synapses_expression": "candidate pairs of neurons given as index arrays; returns '_value'",
}


@dataclass(frozen=True)
class Array:
    """An array of values that code reads (and may write).

    Attributes
    ----------
    storage
        A name unique among all arrays of a run; the operation's ``storage`` maps it to the
        numpy array (or to a growable array with a ``data`` attribute, if ``dynamic``).
    dtype
        The type of the values.
    index
        How an element of the operation reaches its value: ``"_idx"`` (its own position),
        ``"0"`` (one value shared by all), or the name of another `Array` holding positions.
    dynamic
        Whether the array can grow (its data must be looked up at each call).
    conditional_write
        The name of a boolean `Array`; where it is false, writes are dropped (variables
        clamped during the refractory period).
    """

    storage: str
    dtype: np.dtype
    index: str = "_idx"
    dynamic: bool = False
    conditional_write: str | None = None

    @property
    def scalar(self) -> bool:
        """Whether one value is shared by all elements."""
        return self.index == "0"


@dataclass(frozen=True)
class Value:
    """A constant: a number in SI base units, fixed for the run."""

    value: Any


@dataclass(frozen=True)
class Subexpression:
    """A named expression, computed from other names where used."""

    expr: Expression
    scalar: bool = False


@dataclass(frozen=True)
class Function:
    """A user function, with its implementation for numpy arrays (values without units)."""

    implementation: Callable[..., Any]
    stateful: bool = False
    #: The user's function object (`engine.core.functions.Function`): compiled targets read
    #: its implementations for them.
    user: Any = None


#: The name of the function generated for every operation: fixed, so that no object name
#: (text a project file may hold) is ever part of generated code.
FUNCTION_NAME = "_operation"


@dataclass
class Operation:
    """One piece of work for a code target.

    Attributes
    ----------
    name
        Unique name (the owner's name and the operation's role), for messages and the file name
        of compiled code; never written into code (the generated function is `FUNCTION_NAME`).
    template
        The kind of work (a key of `TEMPLATES`).
    code
        The abstract code (may be empty for operations that only move data).
    names
        What each name in the code (and each name the template uses) is: `Array`, `Value`,
        `Subexpression` or `Function`. Built-in functions need no entry.
    storage
        The arrays themselves, by `Array.storage` name.
    size
        The number of elements of the owner (for operations over every element).
    owner
        The name of the object the operation belongs to (for comments and errors).
    options
        Template-specific settings: ``arrays`` maps names the template uses (``eventspace``,
        ``t``...) to names in `names`; ``literals`` gives other template values (the event's
        name, sizes); ``recorded`` lists (local name, array name) pairs a monitor stores;
        ``load`` names to compute before the code; ``unconditional`` arrays written despite
        their conditional-write flag.
    """

    name: str
    template: str
    code: AbstractCode = field(default_factory=AbstractCode)
    names: Mapping[str, Array | Value | Subexpression | Function] = field(default_factory=dict)
    storage: Mapping[str, Any] = field(default_factory=dict)
    size: int = 0
    owner: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise ValueError(f"Unknown operation template '{self.template}'")


_Described = TypeVar("_Described", Array, Value, Subexpression, Function)


def named(
    names: Mapping[str, Array | Value | Subexpression | Function],
    name: str,
    kind: type[_Described],
) -> _Described:
    """Return what ``name`` is in ``names``, which the caller knows to be a ``kind``.

    Parameters
    ----------
    names
        An operation's `Operation.names` (or a block's).
    name
        A name the caller found among them as a ``kind`` (a template's array, a subexpression).
    kind
        `Array`, `Value`, `Subexpression` or `Function`.

    Raises
    ------
    TypeError
        If it is something else (a bug of the code that made the operation).
    """
    described = names[name]
    if not isinstance(described, kind):
        raise TypeError(f"'{name}' is a {type(described).__name__}, not a {kind.__name__}")
    return described
