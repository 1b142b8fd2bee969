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

from engine.codegen.cython import functions, numpy_loops
from engine.codegen.cython.blocks import BLOCK_CALL
from engine.codegen.cython.renderer import POWERS, UnsupportedExpression, render_c, stateful_calls
from engine.codegen.numpy.generator import Block
from engine.codegen.operations import Array, Function, Subexpression, Value
from engine.parsing.expressions import called_name
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
    scalar_code
        Whether these are the statements of a scalar block (the compiled schedule runs them
        in C): every value is then a scalar in numpy's code, which matters to ``**``.
    blocked
        Whether the loop runs in blocks of elements (`engine.codegen.cython.blocks`; only
        where elements are independent): calls of numpy's loops are then made once per block.

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
    vectors
        Whether each local is an array in numpy's code (rather than a scalar), as last set.
    block_temporaries
        In a blocked loop, the locals holding the arguments and results of block calls.
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
    scalar_code: bool = False
    blocked: bool = False
    vectors: dict[str, bool] = field(default_factory=dict)
    block_temporaries: list[str] = field(default_factory=list)
    #: The Cython code of each user function the loop calls (`functions.user_call`).
    user_support: dict[str, str] = field(default_factory=dict)

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
        self.vectors[target] = self.is_vector(tree)
        self._local.add(target)
        if isinstance(described, Array):
            self._stored[target] = None
        if target not in self.outer:
            self.temporaries[target] = None
        self._invalidate(target)

    def _render(self, tree: ast.expr) -> str:
        draws = {}
        drawn = functions.drawn()
        for call in stateful_calls(tree, functions.stateful()):
            function = called_name(call)
            if function not in drawn or call.args:
                raise UnsupportedExpression(f"the function '{function}' in compiled code")
            draws[id(call)] = f"_draw{len(self.draws)}[_i]"
            self.draws.append(function)
        chosen = numpy_loops.implementations()
        templates = functions.call_templates(chosen)
        for name, value in self.names.items():
            if isinstance(value, Function) and name in _called(tree):
                if self.scalar_code:  # the compiled schedule's module has no user code
                    raise UnsupportedExpression(f"the Python function '{name}' in a schedule")
                templates[name], self.user_support[name] = functions.user_call(name, value, chosen)
        powers = POWERS if chosen[numpy_loops.POWER] is not None else {"scalars": "pow({0}, {1})"}
        vector = None if self.scalar_code else self.is_vector
        extract = self._block_call if self.blocked else None
        varying = functions.varying_templates(chosen)
        return render_c(tree, draws, local, templates, vector, powers, extract, varying)

    def _block_call(self, function: str, arguments: list[str]) -> str | None:
        """Compute a call of one of numpy's loops for the whole block; return its result."""
        chosen = numpy_loops.implementations()
        if function in ("**array", "**arrays"):
            if chosen[numpy_loops.POWER] != "numpy":
                return None
            x, y, result = self._temporary(), self._temporary(), self._temporary()
            helper = "_power_array_block" if function == "**array" else "_np_power_block"
            self.lines += [f"{x} = {arguments[0]}", f"{y} = {arguments[1]}"]
            self.lines.append(f"{BLOCK_CALL}{helper}({x}, {y}, {result}, _m)")
            return result
        computed = "expm1" if function == "exprel" else function
        if chosen.get(computed) != "numpy":
            return None
        x, result = self._temporary(), self._temporary()
        self.lines.append(f"{x} = {arguments[0]}")
        self.lines.append(f"{BLOCK_CALL}_np_{computed}_block({x}, {result}, _m)")
        if function == "exprel":  # numpy's: exactly 1 at 0
            return f"(1.0 if {x} == 0 else {result} / {x})"
        return result

    def _temporary(self) -> str:
        name = f"_c{len(self.block_temporaries)}"
        self.block_temporaries.append(name)
        return name

    def is_vector(self, tree: ast.expr) -> bool:
        """Whether ``tree`` is an array in numpy's code of this block (else a scalar)."""
        if self.scalar_code:
            return False
        stateful = functions.stateful()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and self._vector_name(node.id):
                return True
            if isinstance(node, ast.Call) and called_name(node) in stateful:
                return True  # one value per element
        return False

    def _vector_name(self, name: str) -> bool:
        if name in self.vectors:
            return self.vectors[name]
        described = self.names.get(name)
        if isinstance(described, Array):
            return not described.scalar
        if isinstance(described, Subexpression):
            return self.is_vector(described.expr.tree)
        return False  # constants, the scalar block's results

    def _compute(self, name: str, subexpression: Subexpression) -> None:
        self.lines.append(f"{local(name)} = {self._render(subexpression.expr.tree)}")
        self.vectors[name] = self.is_vector(subexpression.expr.tree)
        self.temporaries[name] = None

    def _load(self, name: str, array: Array) -> None:
        self.lines.append(f"{local(name)} = {self._element(name, array)}")
        self.vectors[name] = not array.scalar
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


def _called(tree: ast.expr) -> set[str]:
    return {called_name(node) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def stored_value(value: str, dtype: np.dtype) -> str:
    """Return how a double is written into an array of ``dtype`` (as numpy casts it)."""
    if dtype == np.bool_:
        return f"({value} != 0)"
    if np.issubdtype(dtype, np.integer):
        return f"<{C_TYPES[np.dtype(dtype)]}>{value}"
    return value
