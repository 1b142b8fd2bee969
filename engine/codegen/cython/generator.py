"""Translate an operation's vector code into a Cython loop over its elements, on C doubles.

The loop does for one element what `engine.codegen.numpy.generator.Block` does for all at
once, in the same order: each name is loaded when first needed, subexpressions are computed
when needed and again after one of their inputs changed, and every array assigned is stored at
the end (where its conditional-write flag allows). Because the order of computations is the
numpy block's, so is the order of the stateful calls: each call site's values are drawn before
the loop, by the same numpy calls the numpy target makes (``_draw0`` holds one value per
element for the first call site...), so both targets use the same random numbers.

The scalar block is not compiled: it runs once per step on numpy, exactly as the numpy target
runs it, and hands its results to the loop as arguments.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from engine.codegen.cython.renderer import UnsupportedExpression, render_c, stateful_calls
from engine.codegen.numpy.generator import Block
from engine.codegen.operations import Array, Function, Subexpression, Value
from engine.parsing.statements import Statement

__all__ = ["C_TYPES", "Loop", "local", "stored_value"]

#: The C type of the elements of an array of each dtype (a numpy boolean is one byte).
C_TYPES = {
    np.dtype(np.float64): "double",
    np.dtype(np.float32): "float",
    np.dtype(np.int32): "int32_t",
    np.dtype(np.int64): "int64_t",
    np.dtype(np.bool_): "uint8_t",
}

#: Stateful functions whose values can be drawn before the loop (one per element and call).
DRAWN = {"rand", "randn"}

_INPLACE = {
    "+=": ast.Add,
    "-=": ast.Sub,
    "*=": ast.Mult,
    "/=": ast.Div,
    "//=": ast.FloorDiv,
    "%=": ast.Mod,
    "**=": ast.Pow,
}


def local(name: str) -> str:
    """Return the C local holding the model name ``name``."""
    return f"_n_{name}"


@dataclass
class Loop(Block):
    """The body of the loop over the elements of one operation.

    A `Block` of the numpy target whose lines are Cython for one element: it keeps the block's
    order of loads, computations and stores (inherited), and writes other lines.

    Parameters
    ----------
    names
        What each name is (`engine.codegen.operations.Operation.names`).
    outer
        Names the scalar block computes, passed to the loop as doubles.
    unconditional
        Arrays written despite their conditional-write flag.

    Attributes
    ----------
    lines
        The Cython lines of the loop body (``_i`` is the position in the block, ``_idx`` the
        element).
    arrays
        The arrays the loop reads or writes, by name.
    pointers
        The argument holding each array, by storage name: ``_a0``, ``_a1``... in order of
        first use, so that the code does not depend on the names of the objects (code of
        another group with the same model is the same code, compiled once).
    prefix
        The start of those arguments' names (``_a``).
    arguments
        Doubles the loop takes: constants and the scalar block's results, by name.
    temporaries
        The loop's own double locals (loaded, computed or assigned), by name.
    draws
        For each stateful call site, in order, the function drawn (``rand``, ``randn``).
    """

    full: bool = True
    stateful: set[str] = field(default_factory=set)
    outer: set[str] = field(default_factory=set)
    arrays: dict[str, Array] = field(default_factory=dict)
    pointers: dict[str, str] = field(default_factory=dict)
    arguments: dict[str, None] = field(default_factory=dict)
    temporaries: dict[str, None] = field(default_factory=dict)
    draws: list[str] = field(default_factory=list)
    prefix: str = "_a"

    def add(self, statements: Iterable[Statement]) -> None:
        """Add statements run for every element, in order (one element after the other)."""
        for statement in statements:
            self._statement(statement)

    def finish(self) -> list[str]:
        """Return the body, with the stores of every assigned array at the end."""
        for name in self._stored:
            array = self.names[name]
            assert isinstance(array, Array)
            target = self._element(name, array)
            value = stored_value(local(name), array.dtype)
            condition = array.conditional_write
            if condition is not None and name not in self.unconditional and not array.scalar:
                self._ensure(condition)
                self.lines.append(f"if {local(condition)} != 0:")
                self.lines.append(f"    {target} = {value}")
            else:
                self.lines.append(f"{target} = {value}")
        return self.lines

    def _statement(self, statement: Statement, scalar: bool = False) -> None:
        expression = statement.expr
        for name in expression.identifiers:
            self._ensure(name)
        target = statement.var
        described = self.names.get(target)
        if isinstance(described, (Subexpression, Value, Function)):
            raise ValueError(f"'{target}' cannot be assigned to")
        tree = expression.tree
        if statement.op != "=":
            self._ensure(target)
            tree = ast.BinOp(ast.Name(target, ast.Load()), _INPLACE[statement.op](), tree)
        self.lines.append(f"{local(target)} = {self._render(tree)}")
        self._local.add(target)
        if isinstance(described, Array):
            self._stored[target] = None
        if target not in self.outer:
            self.temporaries[target] = None
        self._invalidate(target)

    def _render(self, tree: ast.expr) -> str:
        draws = {}
        for call in stateful_calls(tree, DRAWN | _OTHER_STATEFUL):
            function = call.func.id  # type: ignore[attr-defined]
            if function not in DRAWN or call.args:
                raise UnsupportedExpression(f"the function '{function}' in compiled code")
            draws[id(call)] = f"_draw{len(self.draws)}[_i]"
            self.draws.append(function)
        for name, value in self.names.items():
            if isinstance(value, Function) and name in _called(tree):
                raise UnsupportedExpression(f"the Python function '{name}' in compiled code")
        return render_c(tree, draws, local)

    def _compute(self, name: str, subexpression: Subexpression) -> None:
        self.lines.append(f"{local(name)} = {self._render(subexpression.expr.tree)}")
        self.temporaries[name] = None

    def _load(self, name: str, array: Array) -> None:
        self.lines.append(f"{local(name)} = {self._element(name, array)}")
        self.temporaries[name] = None

    def _other(self, name: str) -> None:
        if isinstance(self.names.get(name), Value) or name in self.outer:
            self.arguments[name] = None
            self._local.add(name)
        # Other names are temporaries of the code, assigned before they are read.

    def _element(self, name: str, array: Array) -> str:
        """Return the C expression of ``name``'s value for the current element."""
        if array.dtype not in C_TYPES:
            raise UnsupportedExpression(f"arrays of type {array.dtype}")
        self.arrays[name] = array
        storage = self.pointer(array.storage)
        if array.scalar:
            return f"{storage}[0]"
        if array.index == "_idx":
            return f"{storage}[_idx]"
        self._ensure(array.index)
        return f"{storage}[<Py_ssize_t>{local(array.index)}]"

    def pointer(self, storage: str) -> str:
        """Return the argument holding the array ``storage`` (numbered on first use)."""
        return self.pointers.setdefault(storage, f"{self.prefix}{len(self.pointers)}")


# Stateful functions compiled code cannot draw in advance (their values depend on the element).
_OTHER_STATEFUL = {"poisson"}


def _called(tree: ast.expr) -> set[str]:
    return {
        node.func.id  # type: ignore[attr-defined]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


def stored_value(value: str, dtype: np.dtype) -> str:
    """Return how a double is written into an array of ``dtype`` (as numpy casts it)."""
    if dtype == np.bool_:
        return f"({value} != 0)"
    if np.issubdtype(dtype, np.integer):
        return f"<{C_TYPES[np.dtype(dtype)]}>{value}"
    return value
