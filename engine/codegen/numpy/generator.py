"""Translate abstract code into numpy statements over a block of elements.

Abstract code is written for one element; numpy code computes all elements of a block at once.
Each name the statements read is *loaded* into a local through its index (the whole array when
the block is every element, a gather otherwise), statements rebind locals (never modifying
arrays in place, so that ``x = v; v += 1`` keeps ``x``), subexpressions are computed when first
needed and again after one of their inputs changed, and every array the statements assigned is
*stored* back at the end (only where its conditional-write flag allows, if it has one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.codegen.numpy.renderer import render_expression
from engine.codegen.operations import Array, Function, Subexpression, Value
from engine.parsing.statements import Statement

__all__ = ["Block", "storage_expression"]

_BINARY_OF_INPLACE = {
    "+=": "+",
    "-=": "-",
    "*=": "*",
    "/=": "/",
    "//=": "//",
    "%=": "%",
    "**=": "**",
}


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
    """

    names: Mapping[str, Array | Value | Subexpression | Function]
    full: bool
    stateful: set[str]
    unconditional: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    _local: set[str] = field(default_factory=set)
    _stored: dict[str, None] = field(default_factory=dict)
    _subexpressions: set[str] = field(default_factory=set)

    def add_scalar(self, statements: Iterable[Statement]) -> None:
        """Add statements that run once (every name they use is shared)."""
        for statement in statements:
            self._statement(statement, scalar=True)

    def add_vector(self, statements: Iterable[Statement]) -> None:
        """Add statements that run for every element of the block."""
        for statement in statements:
            self._statement(statement, scalar=False)

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
        code = render_expression(expression.tree, scalar=scalar, stateful=self.stateful)
        target = statement.var
        if statement.op != "=":
            self._ensure(target)
            code = f"{target} {_BINARY_OF_INPLACE[statement.op]} ({code})"
        described = self.names.get(target)
        if isinstance(described, (Subexpression, Value, Function)):
            raise ValueError(f"'{target}' cannot be assigned to")
        self.lines.append(f"{target} = {code}")
        self._local.add(target)
        if isinstance(described, Array):
            self._stored[target] = None
        self._invalidate(target)

    def _ensure(self, name: str) -> None:
        """Load ``name`` (or compute it, for a subexpression) unless its value is current."""
        if name in self._local:
            return
        described = self.names.get(name)
        if isinstance(described, Subexpression):
            if name in self._subexpressions:
                return
            for dependency in described.expr.identifiers:
                self._ensure(dependency)
            code = render_expression(
                described.expr.tree, scalar=described.scalar, stateful=self.stateful
            )
            self.lines.append(f"{name} = {code}")
            self._subexpressions.add(name)
        elif isinstance(described, Array):
            self.lines.append(f"{name} = {self._access(name, described)}")
            self._local.add(name)
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
                if any(s in self.names[sub].expr.identifiers for s in stale)  # type: ignore[union-attr]
            }
            self._subexpressions -= dependent
            stale = dependent
