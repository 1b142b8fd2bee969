"""Translate abstract code into numpy statements over a block of elements.

Abstract code is written for one element; numpy code computes all elements of a block at once.
Each name the statements read is *loaded* into a local through its index (the whole array when
the block is every element, a gather otherwise), statements rebind locals (never modifying
arrays in place, so that ``x = v; v += 1`` keeps ``x``), subexpressions are computed when first
needed and again after one of their inputs changed, and every array the statements assigned is
*stored* back at the end (only where its conditional-write flag allows, if it has one).

Synapses write to their neurons' variables through index arrays in which a neuron appears once
per synapse (``v_post += w``). Abstract code is defined as running for one synapse after the
other, so such writes must not lose updates. As Brian 2's numpy target does, an in-place
``+=``, ``-=``, ``*=`` or ``/=`` of a variable the code does not otherwise read becomes an
unbuffered ``ufunc.at``, and a plain ``=`` is written at once (the last synapse wins, as it
would in sequence). Any other code runs in *rounds*: each round takes, in order, the synapses
whose written neurons have not yet been written by an earlier pending synapse, which gives the
results of a loop over synapses at the cost of one pass per synapse onto the busiest neuron.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from engine.codegen.numpy.renderer import FUNCTION_PREFIX, render_expression
from engine.codegen.operations import Array, Function, Subexpression, Value, named
from engine.parsing.statements import Statement

__all__ = ["Block", "storage_expression"]

#: The unbuffered numpy operation (a helper in the code's namespace) of each in-place operator.
UFUNC_AT = {"+=": "_add_at", "-=": "_subtract_at", "*=": "_multiply_at", "/=": "_divide_at"}

_BINARY_OF_INPLACE = {
    "+=": "+",
    "-=": "-",
    "*=": "*",
    "/=": "/",
    "//=": "//",
    "%=": "%",
    "**=": "**",
}


def _is_condition(tree: ast.AST) -> bool:
    """Whether an expression's tree has a boolean value, by its form."""
    if isinstance(tree, ast.UnaryOp):
        return isinstance(tree.op, ast.Not)
    if isinstance(tree, ast.Constant):
        return isinstance(tree.value, bool)
    return isinstance(tree, (ast.Compare, ast.BoolOp))


def storage_expression(array: Array) -> str:
    """How generated code refers to an array's storage."""
    return f"{array.storage}.data" if array.dynamic else array.storage


@dataclass
class Block:
    """The translation of statements for one block of elements.

    Parameters
    ----------
    names
        What each name is (see `engine.codegen.operations.Operation.names`).
    full
        Whether the block is every element (arrays are used whole); otherwise the elements
        are those of the integer array ``_idx``.
    stateful
        Names of functions that draw a new value per element (``rand``...).
    unconditional
        Arrays written without regard to their conditional-write flag (a reset clamps nothing).
    repeated
        Index arrays in which an element may appear several times (a synapse's neurons).

    Attributes
    ----------
    rounds
        The index arrays whose repetitions the vector code must be run in rounds for (empty
        when the code is safe to run for all elements at once); see the module documentation.
    """

    names: Mapping[str, Array | Value | Subexpression | Function]
    full: bool
    stateful: set[str]
    unconditional: set[str] = field(default_factory=set)
    repeated: frozenset[str] = frozenset()
    lines: list[str] = field(default_factory=list)
    rounds: list[str] = field(default_factory=list)
    _local: set[str] = field(default_factory=set)
    _stored: dict[str, None] = field(default_factory=dict)
    _subexpressions: set[str] = field(default_factory=set)
    _immediate: set[str] = field(default_factory=set)

    def add_scalar(self, statements: Iterable[Statement]) -> None:
        """Add statements that run once (every name they use is shared)."""
        for statement in statements:
            self._statement(statement, scalar=True)

    def add_vector(self, statements: Iterable[Statement]) -> None:
        """Add statements that run for every element of the block."""
        statements = list(statements)
        if self.repeated:
            self._plan_repeated_writes(statements)
        for statement in statements:
            self._statement(statement, scalar=False)

    def _plan_repeated_writes(self, statements: list[Statement]) -> None:
        """Decide how writes through repeated indices keep the one-after-the-other meaning."""
        read: set[str] = set()
        immediate: set[str] = set()
        rounds: dict[str, None] = {}
        for statement in statements:
            reads = self._reads(statement.expr.identifiers)
            target = self.names.get(statement.var)
            if isinstance(target, Array) and target.index in self.repeated:
                safe = statement.var not in read | reads and (
                    statement.op in UFUNC_AT or statement.op == "="
                )
                if safe:
                    immediate.add(statement.var)
                else:
                    rounds[target.index] = None
            read |= reads
        if rounds:
            # In rounds, no neuron appears twice among the elements of a round: every write of
            # the code is then an ordinary one.
            for statement in statements:
                target = self.names.get(statement.var)
                if isinstance(target, Array) and target.index in self.repeated:
                    rounds[target.index] = None
            self.rounds = list(rounds)
        else:
            self._immediate = immediate

    @functools.cached_property
    def booleans(self) -> frozenset[str]:
        """The names whose values are booleans: arrays of bools and boolean subexpressions."""
        found = {
            name
            for name, described in self.names.items()
            if isinstance(described, Array) and np.dtype(described.dtype) == np.bool_
        }
        pending = {n: d for n, d in self.names.items() if isinstance(d, Subexpression)}
        changed = True
        while changed:  # a subexpression may be another boolean subexpression
            changed = False
            for name, described in list(pending.items()):
                tree = described.expr.tree
                if _is_condition(tree) or (isinstance(tree, ast.Name) and tree.id in found):
                    found.add(name)
                    del pending[name]
                    changed = True
        return frozenset(found)

    def _reads(self, identifiers: Iterable[str]) -> set[str]:
        """Return the names that computing ``identifiers`` reads, subexpressions included."""
        found: set[str] = set()
        pending = list(identifiers)
        while pending:
            name = pending.pop()
            if name in found:
                continue
            found.add(name)
            described = self.names.get(name)
            if isinstance(described, Subexpression):
                pending.extend(described.expr.identifiers)
        return found

    def load(self, names: Iterable[str]) -> None:
        """Make the current values of ``names`` available as locals."""
        for name in names:
            self._ensure(name)

    def finish(self) -> list[str]:
        """Return the lines, with the stores of every assigned array at the end."""
        for name in self._stored:
            array = self.names[name]
            assert isinstance(array, Array)
            target = self._access(name, array)
            condition = array.conditional_write
            if condition is not None and name not in self.unconditional and not array.scalar:
                self._ensure(condition)
                self.lines.append(f"{target} = _where({condition}, {name}, {target})")
            else:
                self.lines.append(f"{target} = {name}")
        return self.lines

    def _statement(self, statement: Statement, scalar: bool) -> None:
        expression = statement.expr
        for name in expression.identifiers:
            self._ensure(name)
        code = render_expression(
            expression.tree, scalar=scalar, stateful=self.stateful, booleans=self.booleans
        )
        target = statement.var
        described = self.names.get(target)
        if isinstance(described, (Subexpression, Value, Function)):
            raise ValueError(f"'{target}' cannot be assigned to")
        if target in self._immediate and not scalar:
            self._write_now(statement, named(self.names, target, Array), code)
            return
        if statement.op != "=":
            self._ensure(target)
            # The same rule as in expressions: a boolean in arithmetic is 0 or 1.
            current = f"{FUNCTION_PREFIX}int({target})" if target in self.booleans else target
            code = f"{current} {_BINARY_OF_INPLACE[statement.op]} ({code})"
        self.lines.append(f"{target} = {code}")
        self._local.add(target)
        if isinstance(described, Array):
            self._stored[target] = None
        self._invalidate(target)

    def _write_now(self, statement: Statement, array: Array, code: str) -> None:
        """Write through a repeated index at once: unbuffered for in-place operators."""
        target = statement.var
        storage = storage_expression(array)
        self._ensure(array.index)
        condition = array.conditional_write
        if condition is not None and target in self.unconditional:
            condition = None
        if condition is not None:
            self._ensure(condition)
        if statement.op in UFUNC_AT:
            where = f", {condition}" if condition is not None else ""
            self.lines.append(f"{UFUNC_AT[statement.op]}({storage}, {array.index}, {code}{where})")
        else:
            self.lines.append(f"{target} = {code}")
            current = f"{storage}[{array.index}]"
            if condition is not None:
                self.lines.append(f"{current} = _where({condition}, {target}, {current})")
            else:
                self.lines.append(f"{current} = {target}")
        # Later statements read the array again: other elements may have changed it.
        self._local.discard(target)
        self._invalidate(target)

    def _ensure(self, name: str) -> None:
        """Load ``name`` (or compute it, for a subexpression) unless its value is current.

        This decides the order in which values are loaded and computed; subclasses that write
        other code (`engine.codegen.cython.generator.Loop`) keep it and change only the lines
        written (`_compute`, `_load`, `_other`), so both compute in the same order.
        """
        if name in self._local:
            return
        described = self.names.get(name)
        if isinstance(described, Subexpression):
            if name in self._subexpressions:
                return
            for dependency in described.expr.identifiers:
                self._ensure(dependency)
            self._compute(name, described)
            self._subexpressions.add(name)
        elif isinstance(described, Array):
            self._load(name, described)
            self._local.add(name)
        else:
            self._other(name)

    def _compute(self, name: str, subexpression: Subexpression) -> None:
        """Write the computation of a subexpression."""
        code = render_expression(
            subexpression.expr.tree,
            scalar=subexpression.scalar,
            stateful=self.stateful,
            booleans=self.booleans,
        )
        self.lines.append(f"{name} = {code}")

    def _load(self, name: str, array: Array) -> None:
        """Write the loading of an array's values.

        Single-precision values are loaded as doubles: code computes in double precision
        whatever the storage, as compiled code does (it reads a ``float`` into a ``double``),
        so that both targets store the same rounded results.
        """
        access = self._access(name, array)
        if np.dtype(array.dtype) == np.float32:
            access = f"_double({access})"
        self.lines.append(f"{name} = {access}")

    def _other(self, name: str) -> None:
        """Make a name that is neither an array nor a subexpression available."""
        # Values and functions are bound in the code's namespace; other names are temporaries.

    def _access(self, name: str, array: Array) -> str:
        """Return the numpy expression for ``name``'s values in this block."""
        storage = storage_expression(array)
        if array.scalar:
            return f"{storage}[0]"
        if array.index == "_idx":
            return f"{storage}[:]" if self.full else f"{storage}[_idx]"
        self._ensure(array.index)  # positions of the block's elements in this array
        return f"{storage}[{array.index}]"

    def _invalidate(self, name: str) -> None:
        """Forget subexpressions computed from ``name``: they must be computed again."""
        stale = {name}
        while stale:
            dependent = {
                sub
                for sub in self._subexpressions
                if any(s in named(self.names, sub, Subexpression).expr.identifiers for s in stale)
            }
            self._subexpressions -= dependent
            stale = dependent
