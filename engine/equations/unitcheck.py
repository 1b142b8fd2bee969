"""Check the physical units of expressions, statements and equations.

The checker walks the syntax tree of an `Expression` and computes its dimensions from those of
the names it uses, which a *lookup* supplies (model variables, external constants, units,
functions). Nothing is evaluated. Problems are reported as `UnitMismatchError`, which is both a
`ModelError` (with the position of the offending text) and Brian 2's `DimensionMismatchError`.

The checker also refuses what no target can compute (``1/0``, ``0/0``, ``sqrt(-1)`` in constant
parts of an expression, see `engine.parsing.sympytools`): every check that accepts an expression
accepts one the code generators can turn into code, so that checking a model (as an editor
does) and running it find the same problems.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from engine.equations.single import BOOLEAN, FLOAT, INTEGER, SUBEXPRESSION, unit_for_display
from engine.errors import (
    ExpressionError,
    ModelError,
    ModelSyntaxError,
    RepeatedStatefulCallError,
    SourceSpan,
    UnresolvedIdentifierError,
)
from engine.parsing.expressions import Expression, called_name, parse_expression
from engine.parsing.function_table import ArgumentTypeError
from engine.parsing.functions import FunctionSpec, SameAs
from engine.parsing.statements import Statement, parse_statements
from engine.parsing.sympytools import expression_to_sympy, str_to_sympy
from engine.units import (
    DIMENSIONLESS,
    Dimension,
    DimensionMismatchError,
    get_dimensions,
    second,
)

__all__ = [
    "Lookup",
    "NameInfo",
    "UnitMismatchError",
    "check_code",
    "check_computable",
    "check_condition",
    "check_dimensions",
    "check_single_draws",
    "check_stateful_subexpressions",
    "check_statements",
    "expression_dimensions",
    "expression_type",
    "is_boolean_expression",
]


@dataclass(frozen=True)
class NameInfo:
    """What the unit checker needs to know about a name used in an expression.

    Attributes
    ----------
    dim
        Its physical dimensions.
    var_type
        ``"float"``, ``"integer"`` or ``"boolean"``.
    value
        Its numerical value (in base units) if it is a known constant, else None; needed
        only when the name is used as an exponent (``x**n``).
    read_only
        Whether code may not assign to it (``t``, constants, subexpressions).
    """

    dim: Dimension = DIMENSIONLESS
    var_type: str = FLOAT
    value: float | None = None
    read_only: bool = False


#: Maps a name to what it is: a `NameInfo` for values, a `FunctionSpec` for functions.
#: Raises `engine.errors.UnresolvedIdentifierError` for unknown names.
Lookup = Callable[[str], "NameInfo | FunctionSpec"]


class UnitMismatchError(ModelError, DimensionMismatchError):
    """Inconsistent units in a model, with where the problem is.

    Attributes
    ----------
    dims
        The dimensions involved (as Brian 2's `DimensionMismatchError` has them).
    """

    def __init__(
        self,
        message: str,
        dims: Iterable[Dimension] = (),
        span: SourceSpan | None = None,
        text: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.dims = tuple(dims)
        self.desc = message
        ModelError.__init__(self, message, span, text, hint)


def expression_dimensions(expression: Expression, lookup: Lookup) -> Dimension:
    """Return the dimensions of ``expression``.

    Raises
    ------
    UnitMismatchError
        If the expression combines incompatible units.
    ExpressionError
        If a function is misused (wrong number of arguments, used as a variable, ...).
    UnresolvedIdentifierError
        From ``lookup``, for unknown names.
    ExpressionError
        Also for a part no target can compute (see `check_computable`).
    """
    return _dimensions(expression, lookup)


def _dimensions(
    expression: Expression, lookup: Lookup, expected: Dimension | None = None
) -> Dimension:
    """`expression_dimensions`, knowing the dimensions the whole should have (if it does).

    ``expected`` only serves to tell the unit of an undeclared name in the error about it.
    """
    dimensions = _Checker(expression, lookup, expected).dimensions(expression.tree)
    check_computable(expression)
    return dimensions


def check_computable(expression: Expression) -> None:
    """Check that the code generators can compute every part of ``expression``.

    Raises
    ------
    ExpressionError
        At the part that has no value a target can compute: a division by zero (``1/0``,
        ``x/(0*ms)``, ``i % 0``), ``0/0``, ``inf - inf``, ``log(0)``, ``sqrt(-1)``, a constant
        beyond the range of a double (``10.0**400``).
    """
    if not _computable(expression.text):
        expression_to_sympy(expression)  # raises, at the place in the expression's document


@lru_cache(maxsize=4096)
def _computable(text: str) -> bool:
    # The conversion only depends on the text; the editor checks the same texts repeatedly.
    try:
        str_to_sympy(text)
    except ExpressionError:
        return False
    return True


def expression_type(expression: Expression, lookup: Lookup) -> str:
    """Return ``"boolean"``, ``"integer"`` or ``"float"``: the type of the expression's value."""
    return _Checker(expression, lookup).type_of(expression.tree)


def is_boolean_expression(expression: Expression, lookup: Lookup) -> bool:
    """Return whether ``expression`` has a boolean value (a condition)."""
    return expression_type(expression, lookup) == BOOLEAN


def check_dimensions(
    expression: Expression,
    expected: Dimension,
    lookup: Lookup,
    what: str = "",
    expected_text: str | None = None,
) -> None:
    """Check that ``expression`` has the dimensions ``expected``.

    Parameters
    ----------
    what
        What the expression is, for the message (e.g. "the differential equation of 'v'").
    expected_text
        How to show the expected unit, when better than its dimensions (``"V/s"``).

    Raises
    ------
    UnitMismatchError
        If it has other dimensions (or is inconsistent in itself).
    """
    found = _dimensions(expression, lookup, expected)
    check_single_draws(expression, lookup)
    if found is not expected:
        subject = f" in {what}" if what else ""
        raise UnitMismatchError(
            f"The expression '{expression}'{subject} has unit {_display(found)}, "
            f"but {expected_text or _display(expected)} is expected",
            (found, expected),
            expression.span,
            expression.document or expression.text,
        )


def check_statements(statements: Iterable[Statement], lookup: Lookup, what: str = "") -> None:
    """Check the units of abstract code: each assignment keeps its variable's unit.

    Names assigned without being known to ``lookup`` are temporary variables: they take the
    unit of their first assignment, which later statements must respect.

    Raises
    ------
    UnitMismatchError
        For an assignment whose right-hand side has the wrong unit.
    """
    temporaries: dict[str, NameInfo] = {}

    def extended(name: str) -> NameInfo | FunctionSpec:
        if name in temporaries:
            return temporaries[name]
        return lookup(name)

    subject = f" in {what}" if what else ""
    for statement in statements:
        rhs = statement.expr
        try:
            target = extended(statement.var)
        except ModelError as error:
            target, unknown = None, error
        # The target's unit is what the right-hand side should have: it tells the unit of an
        # undeclared name there.
        keeps_unit = statement.op in ("=", "+=", "-=")
        expected = target.dim if isinstance(target, NameInfo) and keeps_unit else None
        rhs_dim = _dimensions(rhs, extended, expected)
        if target is None and statement.op != "=":
            # x += ... needs an existing x: report the unknown name (of the unit added to it)
            located = unknown.with_location(statement.span, rhs.document)
            if isinstance(located, UnresolvedIdentifierError) and located.declarable:
                unit = _declaration(rhs_dim) if keeps_unit else None
                located = located.with_unit(unit)
            raise located from None
        if target is None:
            temporaries[statement.var] = NameInfo(rhs_dim, expression_type(rhs, extended))
            continue
        if isinstance(target, FunctionSpec):
            raise ExpressionError(
                f"'{statement.var}' is a function and cannot be assigned to",
                statement.span,
                rhs.document,
            )
        expected = target.dim
        result: Dimension | None
        if statement.op in ("*=", "/="):
            # x *= y keeps the unit of x only if y is dimensionless
            result = expected * rhs_dim if statement.op == "*=" else expected / rhs_dim
        elif statement.op in ("**=", "//="):
            result = expected if rhs_dim is DIMENSIONLESS else None
        else:
            result = rhs_dim
        if result is not expected:
            raise UnitMismatchError(
                f"The right-hand side of '{statement}'{subject} has unit {_display(rhs_dim)}, "
                f"but '{statement.var}' has unit {_display(expected)}",
                (rhs_dim, expected),
                rhs.span,
                rhs.document or rhs.text,
            )


def check_single_draws(expression: Expression, lookup: Lookup) -> None:
    """Refuse a value that calls a stateful function (``rand()``) more than once, as Brian 2 does.

    Values are simplified as formulas, so two calls could be merged (``rand() - rand()`` would
    be 0, ``rand() + rand()`` twice one draw). Conditions (thresholds, connection conditions)
    are not values: `check_condition` accepts them, and they are computed with each call
    drawn on its own (see `engine.parsing.statements.draws_apart`).

    Raises
    ------
    RepeatedStatefulCallError
        At the second call of the function (a ``NotImplementedError``, as in Brian 2).
    """
    seen: set[str] = set()
    for call in expression.calls():
        name = called_name(call)
        try:
            stateful = bool(getattr(lookup(name), "stateful", False))
        except ModelError:
            continue  # an unknown function is reported by the other checks
        if not stateful:
            continue
        if name in seen:
            raise RepeatedStatefulCallError(
                name,
                f"'{expression}' calls {name}() more than once; {name}() draws a new random "
                "number at each call, and several calls in one expression are not supported "
                f"(as in Brian 2: they could be merged, '{name}() - {name}()' becoming 0)",
                expression.span_of(call),
                expression.document or expression.text,
                f"Draw each number on its own: in code, assign it to a variable first "
                f"('r = {name}()' on a line of its own); in equations, define one subexpression "
                f"per draw with the flag (constant over dt).",
            )
        seen.add(name)


def check_stateful_subexpressions(equations: Iterable[Any], lookup: Lookup) -> None:
    """Refuse a subexpression that calls ``rand()`` without ``(constant over dt)``, as Brian 2 does.

    A subexpression is evaluated wherever it is used, so an unflagged ``I = rand() : 1``
    would be a new number at each use within one step; the flag evaluates it once per step.

    Parameters
    ----------
    equations
        The single equations of a model (``Equations.ordered``).
    lookup
        What the names mean; a stateful function is one whose entry says ``stateful``.

    Raises
    ------
    ModelSyntaxError
        At the first call of a stateful function in an unflagged subexpression (a
        ``SyntaxError``, as in Brian 2).
    """
    for eq in equations:
        if eq.type != SUBEXPRESSION or eq.expr is None or "constant over dt" in eq.flags:
            continue
        for call in eq.expr.calls():
            name = called_name(call)
            try:
                stateful = bool(getattr(lookup(name), "stateful", False))
            except ModelError:
                continue  # an unknown function is reported by the other checks
            if stateful:
                raise ModelSyntaxError(
                    f"The subexpression '{eq.varname}' calls {name}(), which draws a new "
                    "number at each call: it would have a different value wherever it is used "
                    "in a step",
                    eq.expr.span_of(call),
                    eq.expr.document or eq.expr.text,
                    f"Add the flag (constant over dt) to evaluate it once per step: "
                    f"'{eq.varname} = {eq.expr} : {unit_for_display(eq.dim, eq.var_type)} "
                    "(constant over dt)'.",
                    variable=eq.varname,
                )


def check_condition(
    condition: str | Expression, lookup: Lookup, what: str = "threshold"
) -> Expression:
    """Parse and check a condition (threshold, event, connection condition).

    Returns the parsed expression.

    Raises
    ------
    ExpressionError
        If it is not a valid expression, or not a boolean one.
    UnitMismatchError, UnresolvedIdentifierError
        For inconsistent units or unknown names in it.
    """
    expression = condition if isinstance(condition, Expression) else parse_expression(condition)
    expression_dimensions(expression, lookup)
    if not is_boolean_expression(expression, lookup):
        raise ExpressionError(
            f"The {what} '{expression}' is not a condition (a boolean expression)",
            expression.span,
            expression.document or expression.text,
            "A condition compares values, e.g. 'v > -50*mV'.",
        )
    return expression


def check_code(code: str, lookup: Lookup, what: str = "the reset") -> list[Statement]:
    """Parse and check abstract code (reset, ``on_pre``...): units, and no read-only targets.

    Returns the statements.

    Raises
    ------
    ExpressionError
        For invalid statements or assignments to read-only names.
    UnitMismatchError, UnresolvedIdentifierError
        For inconsistent units or unknown names.
    """
    statements = parse_statements(code)
    for statement in statements:
        try:
            target = lookup(statement.var)
        except ModelError:
            continue  # a temporary variable: check_statements handles it
        if isinstance(target, NameInfo) and target.read_only:
            raise ExpressionError(
                f"'{statement.var}' cannot be assigned to in {what}: it is read-only "
                "(a built-in, constant or computed value)",
                statement.span,
                code,
            )
    check_statements(statements, lookup, what)
    for statement in statements:
        check_single_draws(statement.expr, lookup)
    return statements


def _display(dim: Dimension) -> str:
    return unit_for_display(dim)


def _declaration(dimensions: Dimension | None) -> str | None:
    """How to declare a variable of ``dimensions`` (``"amp"``), if it can be told."""
    # The inference checks its answers with this module: imported when first needed.
    from engine.equations.inference import declaration_unit

    return declaration_unit(dimensions) if dimensions is not None else None


class _Checker:
    """Compute dimensions and types over one expression's tree.

    ``expected`` is what the whole expression's dimensions should be, when known: it helps
    tell the unit of an undeclared name.
    """

    def __init__(
        self, expression: Expression, lookup: Lookup, expected: Dimension | None = None
    ) -> None:
        self.expression = expression
        self.lookup = lookup
        self.expected = expected

    def text(self, node: ast.AST) -> str:
        return self.expression.source_of(node)

    def fail(self, message: str, node: ast.AST, dims: Iterable[Dimension] = ()) -> ModelError:
        return UnitMismatchError(
            message,
            dims,
            self.expression.span_of(node),
            self.expression.document or self.expression.text,
        )

    def resolve(self, name: str, node: ast.AST) -> NameInfo | FunctionSpec:
        """Look ``name`` up; an unknown name is reported where ``node`` is."""
        try:
            return self.lookup(name)
        except ModelError as error:
            located = error.with_location(
                self.expression.span_of(node), self.expression.document or self.expression.text
            )
            if isinstance(located, UnresolvedIdentifierError) and located.declarable:
                # Say which unit to declare it with (the inference uses this module).
                from engine.equations.inference import infer_dimensions

                dimensions = infer_dimensions(self.expression, name, self.lookup, self.expected)
                located = located.with_unit(_declaration(dimensions))
            raise located from None

    def name(self, node: ast.Name) -> NameInfo:
        info = self.resolve(node.id, node)
        if isinstance(info, FunctionSpec):
            raise self.expression.error(
                f"'{node.id}' is a function; call it with its arguments, e.g. '{node.id}(t)'",
                node,
            )
        return info

    def function(self, node: ast.Call) -> FunctionSpec:
        spec = self.resolve(called_name(node), node.func)
        if not isinstance(spec, FunctionSpec):
            raise self.expression.error(
                f"'{called_name(node)}' is not a function and cannot be called", node.func
            )
        if len(node.args) != spec.arity:
            raise self.expression.error(
                f"The function '{spec.name}' takes {spec.arity} argument"
                f"{'s' if spec.arity != 1 else ''}, but {len(node.args)} "
                f"{'were' if len(node.args) != 1 else 'was'} given",
                node,
            )
        return spec

    # -- dimensions ----------------------------------------------------------------------

    def dimensions(self, node: ast.AST) -> Dimension:
        if isinstance(node, ast.Constant):
            return DIMENSIONLESS
        if isinstance(node, ast.Name):
            return self.name(node).dim
        if isinstance(node, ast.UnaryOp):
            operand = self.dimensions(node.operand)
            if isinstance(node.op, ast.Not):
                self.require_boolean(node.operand, "not")
                return DIMENSIONLESS
            return operand
        if isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            for value in node.values:
                self.dimensions(value)
                self.require_boolean(value, word)
            return DIMENSIONLESS
        if isinstance(node, ast.Compare):
            left = self.dimensions(node.left)
            right = self.dimensions(node.comparators[0])
            if left is not right:
                raise self.fail(
                    f"Comparison of expressions with different units: "
                    f"'{self.text(node.left)}' has unit {_display(left)}, "
                    f"'{self.text(node.comparators[0])}' has unit {_display(right)}",
                    node,
                    (left, right),
                )
            return DIMENSIONLESS
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise AssertionError(f"unexpected node {type(node).__name__}")  # parser rejects others

    def binary(self, node: ast.BinOp) -> Dimension:
        left = self.dimensions(node.left)
        right = self.dimensions(node.right)
        op = node.op
        if isinstance(op, (ast.Add, ast.Sub, ast.Mod)):
            if left is not right:
                if isinstance(op, ast.Mod):
                    problem = "uses inconsistent units"
                else:
                    problem = "adds up different units"
                raise self.fail(
                    f"The expression '{self.text(node)}' {problem}: "
                    f"'{self.text(node.left)}' has unit {_display(left)}, "
                    f"'{self.text(node.right)}' has unit {_display(right)}",
                    node,
                    (left, right),
                )
            return left
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div):
            return left / right
        if isinstance(op, ast.FloorDiv):
            if left is not DIMENSIONLESS or right is not DIMENSIONLESS:
                raise self.fail(
                    f"Floor division ('//') can only be used on dimensionless values, "
                    f"not in '{self.text(node)}'",
                    node,
                    (left, right),
                )
            return DIMENSIONLESS
        if isinstance(op, ast.Pow):
            if right is not DIMENSIONLESS:
                raise self.fail(
                    f"The exponent '{self.text(node.right)}' must be dimensionless, "
                    f"but has unit {_display(right)}",
                    node.right,
                    (right,),
                )
            if left is DIMENSIONLESS:
                return DIMENSIONLESS
            exponent = self.constant_value(node.right)
            if exponent is None:
                raise self.fail(
                    f"'{self.text(node.left)}' has unit {_display(left)}, so its exponent must "
                    f"be a constant number, not '{self.text(node.right)}'",
                    node.right,
                    (left,),
                )
            return left**exponent
        raise AssertionError(f"unexpected operator {type(op).__name__}")

    def call(self, node: ast.Call) -> Dimension:
        spec = self.function(node)
        argument_dims = [self.dimensions(argument) for argument in node.args]
        for index, (argument, rule) in enumerate(zip(node.args, spec.arguments, strict=True)):
            found = argument_dims[index]
            expected: Dimension | None
            if rule == "any":
                continue
            if rule == "dimensionless":
                expected = DIMENSIONLESS
            elif rule == "time":
                expected = get_dimensions(second)
            elif isinstance(rule, SameAs):
                expected = argument_dims[rule.index]
            else:
                expected = get_dimensions(rule)
            if found is not expected:
                reference = (
                    f"the same unit as argument {rule.index + 1} ({_display(expected)})"
                    if isinstance(rule, SameAs)
                    else f"unit {_display(expected)}"
                )
                raise self.fail(
                    f"Argument {index + 1} of '{spec.name}' should have {reference}, but "
                    f"'{self.text(argument)}' has unit {_display(found)}",
                    argument,
                    (found, expected),
                )
        for position, (argument, kind) in enumerate(
            zip(node.args, spec.argument_types, strict=False), 1
        ):
            if kind != "any" and (found_type := self.type_of(argument)) != kind:
                raise ArgumentTypeError(
                    f"Argument {position} of '{spec.name}' must be of type {kind}, but "
                    f"'{self.text(argument)}' is of type {found_type} (in "
                    f"'{self.expression.text}')",
                    spec.name,
                    position,
                    kind,
                    found_type,
                )
        result = spec.result
        if result == "dimensionless":
            return DIMENSIONLESS
        if result == "first":
            return argument_dims[0]
        if result == "sqrt":
            return argument_dims[0] ** 0.5
        if callable(result):  # a user function's result that depends on its arguments' units
            return get_dimensions(result(*argument_dims))
        return get_dimensions(result)

    def require_boolean(self, node: ast.AST, operator: str) -> None:
        if self.type_of(node) != BOOLEAN:
            raise self.expression.error(
                f"'{operator}' needs conditions on both sides, but '{self.text(node)}' "
                "is not a condition",
                node,
                "Compare it with something, e.g. 'x > 0'.",
            )

    def constant_value(self, node: ast.AST) -> float | None:
        """Return the value of a constant exponent (numbers and known constants), or None."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            info = self.name(node)
            return info.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.constant_value(node.operand)
            if inner is None:
                return None
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            left, right = self.constant_value(node.left), self.constant_value(node.right)
            if left is None or right is None:
                return None
            op = type(node.op)
            try:
                return {
                    ast.Add: lambda: left + right,
                    ast.Sub: lambda: left - right,
                    ast.Mult: lambda: left * right,
                    ast.Div: lambda: left / right,
                }.get(op, lambda: None)()
            except ZeroDivisionError:
                return None
        return None

    # -- types ---------------------------------------------------------------------------

    def type_of(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return BOOLEAN
            return INTEGER if isinstance(node.value, int) else FLOAT
        if isinstance(node, ast.Name):
            return self.name(node).var_type
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            return BOOLEAN
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return BOOLEAN
            inner = self.type_of(node.operand)
            return INTEGER if inner == BOOLEAN else inner
        if isinstance(node, ast.BinOp):
            left, right = self.type_of(node.left), self.type_of(node.right)
            if isinstance(node.op, ast.Div):
                return FLOAT
            if FLOAT in (left, right):
                return FLOAT
            return INTEGER
        if isinstance(node, ast.Call):
            spec = self.function(node)
            if spec.returns == "highest":
                kinds = [self.type_of(argument) for argument in node.args]
                return FLOAT if FLOAT in kinds else INTEGER
            return spec.returns
        raise AssertionError(f"unexpected node {type(node).__name__}")
