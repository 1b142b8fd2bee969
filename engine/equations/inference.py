"""The unit an undeclared name must have, told from how an expression uses it.

When a model uses a name it does not declare (``dv/dt = (El - v + R*I)/tau``), the error
suggests declaring it; `infer_dimensions` finds the unit that makes the expression's units
consistent, so the suggestion can be complete (``I : amp``).

The expression is walked as the unit checker walks it, with the unknown name's dimensions
``u`` as the one unknown: every part has the dimensions ``u**k * d`` for a known number ``k``
and known dimensions ``d``. Wherever two parts must have the same unit (the terms of a sum,
the sides of a comparison, a function's argument, the expected unit of the whole), a part
with ``k != 0`` gives ``u`` at once. The answer is then checked by the unit checker itself; a
name used only where its unit cannot be told (``exp(x)*0`` or a call of an unknown
function) gives None.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from engine.equations.unitcheck import Lookup, NameInfo, expression_dimensions
from engine.errors import ModelError
from engine.parsing.expressions import Expression, called_name
from engine.parsing.functions import FunctionSpec, SameAs
from engine.units import DIMENSIONLESS, Dimension, DimensionMismatchError, get_dimensions, second
from engine.units.namespace import base_units_for_declarations

__all__ = ["declaration_unit", "infer_dimensions"]


@dataclass(frozen=True)
class _Term:
    """Dimensions ``u**power * known`` of a part of the expression (``u``: the unknown's)."""

    power: float
    known: Dimension


_PLAIN = _Term(0.0, DIMENSIONLESS)


class _Found(Exception):
    """The unknown's dimensions were found."""

    def __init__(self, dimensions: Dimension) -> None:
        super().__init__()
        self.dimensions = dimensions


class _Unknowable(Exception):
    """The walk cannot go on (another unknown name, an unsupported construct)."""


def infer_dimensions(
    expression: Expression, name: str, lookup: Lookup, expected: Dimension | None = None
) -> Dimension | None:
    """Return the dimensions ``name`` must have for ``expression`` to be consistent, or None.

    Parameters
    ----------
    expression
        The expression that uses the undeclared ``name``.
    name
        The undeclared name.
    lookup
        What the other names mean (see `engine.equations.unitcheck.Lookup`).
    expected
        The dimensions the whole expression must have, if known (the unit of an equation's
        right-hand side, of an assigned variable).

    Returns
    -------
    Dimension or None
        The dimensions with which the expression passes the unit checker (and has the
        ``expected`` ones), or None if its use does not tell them.
    """
    walker = _Walker(expression, name, lookup)
    try:
        whole = walker.term(expression.tree)
        if expected is not None:
            walker.same(whole, _Term(0.0, expected))
        # Unconstrained: a name used only in a product or a quotient, with no expectation.
        return None
    except _Found as found:
        dimensions = found.dimensions
    except (_Unknowable, ModelError, DimensionMismatchError, ZeroDivisionError, TypeError):
        return None
    return dimensions if _consistent(expression, name, lookup, dimensions, expected) else None


def _consistent(
    expression: Expression,
    name: str,
    lookup: Lookup,
    dimensions: Dimension,
    expected: Dimension | None,
) -> bool:
    """Whether the unit checker accepts ``expression`` with ``name`` of ``dimensions``."""
    declared = NameInfo(dimensions)

    def extended(other: str) -> NameInfo | FunctionSpec:
        return declared if other == name else lookup(other)

    try:
        found = expression_dimensions(expression, extended)
    except (ModelError, DimensionMismatchError):
        return False
    return expected is None or found is expected


class _Walker:
    def __init__(self, expression: Expression, name: str, lookup: Lookup) -> None:
        self.expression = expression
        self.name = name
        self.lookup = lookup

    def same(self, a: _Term, b: _Term) -> None:
        """Require two parts to have the same dimensions; solve for the unknown if one can."""
        if a.power == b.power:
            return  # nothing to learn (a mismatch is the unit checker's to report)
        raise _Found((b.known / a.known) ** (1.0 / (a.power - b.power)))

    def info(self, name: str) -> NameInfo | FunctionSpec:
        try:
            return self.lookup(name)
        except ModelError:
            raise _Unknowable from None  # another unknown name

    def term(self, node: ast.AST) -> _Term:
        if isinstance(node, ast.Constant):
            return _PLAIN
        if isinstance(node, ast.Name):
            if node.id == self.name:
                return _Term(1.0, DIMENSIONLESS)
            info = self.info(node.id)
            if not isinstance(info, NameInfo):
                raise _Unknowable
            return _Term(0.0, info.dim)
        if isinstance(node, ast.UnaryOp):
            operand = self.term(node.operand)
            return _PLAIN if isinstance(node.op, ast.Not) else operand
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self.term(value)
            return _PLAIN
        if isinstance(node, ast.Compare):
            self.same(self.term(node.left), self.term(node.comparators[0]))
            return _PLAIN
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise _Unknowable

    def binary(self, node: ast.BinOp) -> _Term:
        left, right = self.term(node.left), self.term(node.right)
        op = node.op
        if isinstance(op, (ast.Add, ast.Sub, ast.Mod)):
            self.same(left, right)
            return left
        if isinstance(op, ast.Mult):
            return _Term(left.power + right.power, left.known * right.known)
        if isinstance(op, ast.Div):
            return _Term(left.power - right.power, left.known / right.known)
        if isinstance(op, ast.FloorDiv):
            self.same(left, _PLAIN)
            self.same(right, _PLAIN)
            return _PLAIN
        if isinstance(op, ast.Pow):
            self.same(right, _PLAIN)
            exponent = self.constant(node.right)
            if exponent is None:
                self.same(left, _PLAIN)  # only a dimensionless base takes any exponent
                return _PLAIN
            return _Term(left.power * exponent, left.known**exponent)
        raise _Unknowable

    def call(self, node: ast.Call) -> _Term:
        spec = self.info(called_name(node))
        if not isinstance(spec, FunctionSpec) or len(node.args) != spec.arity:
            raise _Unknowable
        arguments = [self.term(argument) for argument in node.args]
        for argument, rule in zip(arguments, spec.arguments, strict=True):
            if rule == "any":
                continue
            if rule == "dimensionless":
                self.same(argument, _PLAIN)
            elif rule == "time":
                self.same(argument, _Term(0.0, get_dimensions(second)))
            elif isinstance(rule, SameAs):
                self.same(argument, arguments[rule.index])
            else:
                self.same(argument, _Term(0.0, get_dimensions(rule)))
        result = spec.result
        if result == "dimensionless":
            return _PLAIN
        if result == "first":
            return arguments[0]
        if result == "sqrt":
            return _Term(arguments[0].power / 2, arguments[0].known ** 0.5)
        if callable(result):
            if any(argument.power for argument in arguments):
                raise _Unknowable
            return _Term(0.0, get_dimensions(result(*(a.known for a in arguments))))
        return _Term(0.0, get_dimensions(result))

    def constant(self, node: ast.AST) -> float | None:
        """Return a constant exponent's value (numbers and known constants), or None."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.constant(node.operand)
            if inner is None:
                return None
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Name) and node.id != self.name:
            info = self.info(node.id)
            return info.value if isinstance(info, NameInfo) else None
        return None


# -- the unit to declare ----------------------------------------------------------------------

#: Units tried first when a unit is written as a product or quotient of two: those of models.
_COMMON = ("volt", "amp", "siemens", "farad", "second", "metre", "ohm", "mole", "coulomb")


def declaration_unit(dimensions: Dimension) -> str | None:
    """Return how to declare a variable of ``dimensions``: ``"amp"``, ``"volt/second"``, ``"1"``.

    A unit of its own (``siemens``), else the simplest power, product or quotient of one or
    two units with at most a square (``siemens/metre**2``), looked for among the units of
    neuron models first. None if there is no such form (fractional exponents, more units).
    """
    if dimensions is DIMENSIONLESS:
        return "1"
    units = base_units_for_declarations()
    preferred: dict[Dimension, str] = {}
    for unit_name, unit in units.items():
        preferred.setdefault(get_dimensions(unit), unit_name)
    if dimensions in preferred:
        return preferred[dimensions]
    every = list(dict.fromkeys([*_COMMON, *preferred.values()]))
    dims = {name: get_dimensions(units[name]) for name in every}
    for pool in (_COMMON, every):
        for text, value in _forms(pool, dims):
            if value is dimensions:
                return text
    return None


def _forms(names: Sequence[str], dims: dict[str, Dimension]) -> Iterator[tuple[str, Dimension]]:
    """Units of one or two of ``names``, the simplest first, with their dimensions."""
    for a in names:
        yield f"1/{a}", dims[a] ** -1
        yield f"{a}**2", dims[a] ** 2
        yield f"1/{a}**2", dims[a] ** -2
    pairs = [(a, b) for a in names for b in names if a != b]
    for a, b in pairs:
        yield f"{a}/{b}", dims[a] / dims[b]
        yield f"{a}*{b}", dims[a] * dims[b]
    for a, b in pairs:
        yield f"{a}/{b}**2", dims[a] / dims[b] ** 2
        yield f"{a}*{b}**2", dims[a] * dims[b] ** 2
