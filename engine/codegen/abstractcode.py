"""Abstract code: what state updaters produce and code generators consume.

Abstract code is a list of assignments executed for every element of a group, in two blocks:
``scalar`` statements, evaluated once per time step (they use only values shared by all
elements, such as ``dt`` and external constants), and ``vector`` statements, evaluated for each
element. `hoist_scalars` moves every scalar sub-expression of the vector block into the scalar
block, so that ``v = v*exp(-dt/tau)`` costs one exponential per step instead of one per neuron.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import sympy

from engine.errors import ModelSyntaxError
from engine.parsing.functions import DEFAULT_FUNCTIONS
from engine.parsing.statements import Statement, parse_statements
from engine.parsing.sympytools import language_name, str_to_sympy, symbol, sympy_to_str

__all__ = ["AbstractCode", "hoist_scalars", "make_statement"]

#: Prefix of the names `hoist_scalars` introduces (Brian 2 calls them loop invariants).
HOISTED_PREFIX = "_lio_"


@dataclass(frozen=True)
class AbstractCode:
    """Statements for one operation, split into a scalar and a vector block.

    Attributes
    ----------
    scalar
        Statements evaluated once per time step, before the vector block.
    vector
        Statements evaluated for every element, in order.
    """

    scalar: tuple[Statement, ...] = ()
    vector: tuple[Statement, ...] = ()
    _text: str = field(default="", repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str) -> AbstractCode:
        """All statements of ``text`` as a vector block (engine-internal names allowed)."""
        return cls((), tuple(parse_statements(text, allow_internal_names=True)))

    @property
    def statements(self) -> tuple[Statement, ...]:
        """Scalar statements followed by vector statements."""
        return self.scalar + self.vector

    def __str__(self) -> str:
        return "\n".join(str(statement) for statement in self.statements)

    def __bool__(self) -> bool:
        return bool(self.scalar or self.vector)


def make_statement(var: str, expression: sympy.Basic | str, op: str = "=") -> Statement:
    """Build a statement from a name and a sympy expression (or expression text)."""
    text = expression if isinstance(expression, str) else sympy_to_str(expression)
    (statement,) = parse_statements(f"{var} {op} {text}", allow_internal_names=True)
    return statement


def hoist_scalars(
    statements: Sequence[Statement],
    is_vector: Callable[[str], bool],
    existing: Iterable[Statement] = (),
    is_stateful: Callable[[str], bool] | None = None,
    is_shared: Callable[[str], bool] | None = None,
) -> AbstractCode:
    """Move scalar sub-expressions of vector statements into scalar statements.

    Parameters
    ----------
    statements
        The vector statements, in execution order.
    is_vector
        Whether a name has one value per element (state variables, ``i``, noise). Names
        assigned by the statements themselves count as vector names.
    existing
        Scalar statements that come before (their names are scalar).
    is_stateful
        Whether a function gives a new value on each call (default: the built-in ``rand``,
        ``randn`` and ``poisson``); such calls are never hoisted.
    is_shared
        Whether an assigned name holds one value for all elements. A statement assigning one
        runs once, in the scalar block (a ``rand()`` in it is drawn once); it may only use
        shared values.

    Returns
    -------
    AbstractCode
        The hoisted definitions (``_lio_1 = exp(-dt/tau)``) as scalar statements and the
        rewritten vector statements. Identical sub-expressions share one definition.
    """
    existing = list(existing)
    taken = {s.var for s in [*existing, *statements]} | {
        name for s in [*existing, *statements] for name in s.expr.identifiers
    }
    shared = [s for s in statements if is_shared is not None and is_shared(s.var)]
    per_element = [s for s in statements if s not in shared]
    _check_shared_first(statements, shared)
    assigned = {s.var for s in per_element}
    for statement in shared:
        varying = [
            name for name in statement.expr.identifiers if (name in assigned or is_vector(name))
        ]
        if varying:
            raise ValueError(
                f"'{statement}' assigns the shared variable '{statement.var}' a value that "
                f"differs between elements ('{varying[0]}')"
            )
    hoister = _Hoister(is_vector, is_stateful or _builtin_stateful, assigned, taken)
    vector = [
        make_statement(s.var, hoister.rewrite(str_to_sympy(str(s.expr))), s.op) for s in per_element
    ]
    scalar = [
        *existing,
        *shared,
        *(make_statement(name, expr) for name, expr in hoister.definitions),
    ]
    return AbstractCode(tuple(scalar), tuple(vector))


def _check_shared_first(statements: Sequence[Statement], shared: list[Statement]) -> None:
    """Refuse a shared assignment after a per-element one (as Brian 2 does).

    Shared assignments run once per step, before the code for each element: one written after
    a per-element assignment would not run where it is written.
    """
    first_vector = next((s for s in statements if s not in shared), None)
    if first_vector is None:
        return
    for late in statements[statements.index(first_vector) + 1 :]:
        if late in shared:
            raise ModelSyntaxError(
                f"'{late}' assigns the shared variable '{late.var}' after the per-element "
                f"assignment '{first_vector}'; shared variables are assigned once per step, "
                "before the code that runs for each element",
                late.span,
                late.expr.document or None,
                "Assign shared variables at the top of the code, before any other variable.",
                variable=late.var,
            )


def _builtin_stateful(name: str) -> bool:
    spec = DEFAULT_FUNCTIONS.get(name)
    return spec is not None and spec.stateful


class _Hoister:
    def __init__(
        self,
        is_vector: Callable[[str], bool],
        is_stateful: Callable[[str], bool],
        assigned: set[str],
        taken: set[str],
    ) -> None:
        self.is_vector = is_vector
        self.is_stateful = is_stateful
        self.assigned = assigned
        self.taken = taken  # names in use: new definitions must not collide with them
        self.definitions: list[tuple[str, sympy.Basic]] = []
        self.names: dict[sympy.Basic, sympy.Symbol] = {}

    def scalar(self, expr: sympy.Basic) -> bool:
        """Whether ``expr`` has the same value for all elements during one step."""
        if any(s.name in self.assigned or self.is_vector(s.name) for s in expr.free_symbols):
            return False
        return not any(self.is_stateful(language_name(call)) for call in expr.atoms(sympy.Function))

    def name_for(self, expr: sympy.Basic) -> sympy.Basic:
        if expr.is_Atom or (isinstance(expr, sympy.Expr) and (-expr).is_Atom):
            return expr  # nothing to gain from naming a symbol, a number or -x
        if expr not in self.names:
            number = len(self.names) + 1
            while f"{HOISTED_PREFIX}{number}" in self.taken:
                number += 1
            name = f"{HOISTED_PREFIX}{number}"
            self.taken.add(name)
            self.names[expr] = symbol(name)
            self.definitions.append((name, expr))
        return self.names[expr]

    def rewrite(self, expr: sympy.Basic) -> sympy.Basic:
        if self.scalar(expr):
            return self.name_for(expr)
        if expr.is_Add or expr.is_Mul or isinstance(expr, (sympy.And, sympy.Or)):
            scalar_args = [arg for arg in expr.args if self.scalar(arg)]
            vector_args = [self.rewrite(arg) for arg in expr.args if not self.scalar(arg)]
            if len(scalar_args) > 1:
                scalar_args = [self.name_for(expr.func(*scalar_args))]
            else:
                scalar_args = [self.name_for(arg) for arg in scalar_args]
            return expr.func(*scalar_args, *vector_args, evaluate=False)
        if expr.args and not expr.is_Atom:
            return expr.func(*(self.rewrite(arg) for arg in expr.args), evaluate=False)
        return expr
