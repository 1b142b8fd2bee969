"""Evaluate constant expressions such as ``20*ms`` or ``2*pi*f*tau`` to values, safely.

Named constants of a project (``tau = 10*ms``) and values typed into fields are expressions of
the model language with no model variables in them. They are evaluated here by walking their
validated syntax tree with unit-aware arithmetic — never with Python's ``eval`` — so text from a
project file can only ever compute a number.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from engine.equations.unitcheck import UnitMismatchError
from engine.errors import ExpressionError, ModelError, UnresolvedIdentifierError
from engine.parsing.expressions import Expression, called_name, parse_expression
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.units import DEFAULT_UNITS, DimensionMismatchError, Quantity

__all__ = ["evaluate_constant"]

# Magnitude of the largest float, in bits: larger whole numbers cannot be a model's values.
_MAX_BITS = 1024


def _power(base: object, exponent: object) -> object:
    """Return ``base**exponent``, refusing whole numbers too large for a float.

    Python computes powers of integers exactly, so ``(999**999)**999`` would take minutes
    and gigabytes although each exponent is small; no value of a model can be that large.
    """
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and exponent > 0
        and abs(base) > 1
        and exponent * math.log2(abs(base)) > _MAX_BITS
    ):
        raise OverflowError("the result is too large")
    result = operator.pow(base, exponent)
    if isinstance(result, complex):  # (-8)**(1/3) in Python
        raise ValueError("the result is not a real number")
    return result


_BINARY: dict[type, Callable[[object, object], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: _power,
}
# Operands are numbers or quantities, which all compare (typeshed wants the operators' protocols).
_COMPARE: dict[type, Callable[[Any, Any], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def evaluate_constant(
    expression: str | Expression, namespace: Mapping[str, object] | None = None
) -> object:
    """Return the value of a constant expression (a number, a quantity or a boolean).

    Parameters
    ----------
    expression
        E.g. ``"-70*mV"``, ``"1/(2*pi*tau)"``, ``"tau_m > 10*ms"``.
    namespace
        Values of the names it may use besides units and the language's constants.

    Raises
    ------
    UnresolvedIdentifierError
        For unknown names.
    UnitMismatchError
        For inconsistent units.
    ExpressionError
        For invalid text, random functions, or arithmetic errors such as a division by zero.
    """
    if isinstance(expression, str):
        expression = parse_expression(expression, functions=DEFAULT_FUNCTIONS)
    return _Evaluator(expression, namespace or {}).value(expression.tree)


class _Evaluator:
    def __init__(self, expression: Expression, namespace: Mapping[str, object]) -> None:
        self.expression = expression
        self.namespace = namespace

    def fail(self, error: type[ModelError], message: str, node: ast.AST) -> ModelError:
        return error(
            message,
            span=self.expression.span_of(node),
            text=self.expression.document or self.expression.text,
        )

    def value(self, node: ast.AST) -> object:
        try:
            return self._value(node)
        except DimensionMismatchError as error:
            if isinstance(error, ModelError):
                raise
            raise UnitMismatchError(
                f"Inconsistent units in '{self.expression.source_of(node)}': {error}",
                getattr(error, "dims", ()),
                self.expression.span_of(node),
                self.expression.document or self.expression.text,
            ) from None
        except ModelError:
            raise
        # ValueError: e.g. int() of NaN; TypeError: an operation on values that do not
        # support it. Both are the typed text's fault, not the engine's.
        except (ArithmeticError, ValueError, TypeError) as error:
            raise self.fail(
                ExpressionError,
                f"'{self.expression.source_of(node)}' cannot be computed: {error}",
                node,
            ) from None

    def _value(self, node: ast.AST) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and _is_zero(right):
                raise ZeroDivisionError("division by zero")
            with np.errstate(all="ignore"):  # an invalid result is reported by the caller
                return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand: Any = self.value(node.operand)  # a number or a quantity: both negate
            if isinstance(node.op, ast.Not):
                return not bool(operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BoolOp):
            values = [bool(self.value(v)) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Compare):
            result = _COMPARE[type(node.ops[0])](
                self.value(node.left), self.value(node.comparators[0])
            )
            return bool(result)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise AssertionError(f"unexpected node {type(node).__name__}")  # parser rejects others

    def name(self, node: ast.Name) -> object:
        name = node.id
        if name in DEFAULT_CONSTANTS:
            return DEFAULT_CONSTANTS[name]
        if name in DEFAULT_UNITS:
            return DEFAULT_UNITS[name]
        if name in self.namespace:
            value = self.namespace[name]
            if not isinstance(value, (int, float, bool, np.number, Quantity)):
                raise self.fail(
                    ExpressionError,
                    f"'{name}' is a {type(value).__name__}, not a number or quantity",
                    node,
                )
            return value
        close = difflib.get_close_matches(name, [*self.namespace, *DEFAULT_UNITS], n=2)
        raise UnresolvedIdentifierError(
            name,
            tuple(close),
            self.expression.span_of(node),
            self.expression.document or self.expression.text,
        )

    def call(self, node: ast.Call) -> object:
        name = called_name(node)
        spec = DEFAULT_FUNCTIONS.get(name)
        if spec is not None and spec.stateful:
            raise self.fail(
                ExpressionError,
                f"'{name}()' gives a new random value each time; it cannot be used in a constant",
                node,
            )
        if spec is None or spec.constant is None:
            raise self.fail(ExpressionError, f"'{name}()' cannot be used in a constant", node)
        if len(node.args) != spec.arity:
            raise self.fail(
                ExpressionError,
                f"The function '{name}' takes {spec.arity} argument(s), not {len(node.args)}",
                node,
            )
        arguments = [self.value(argument) for argument in node.args]
        if not spec.takes_booleans:  # a condition is 0 or 1 here, as in arithmetic
            arguments = [int(a) if isinstance(a, (bool, np.bool_)) else a for a in arguments]
        with np.errstate(all="ignore"):  # an invalid result is reported below, not warned
            result = spec.constant(*arguments)
        if isinstance(result, np.generic | np.ndarray) and not isinstance(result, Quantity):
            result = np.asarray(result).item()
        if isinstance(result, float) and math.isnan(result):
            raise self.fail(
                ExpressionError, f"'{self.expression.source_of(node)}' is not a number (NaN)", node
            )
        return result


def _is_zero(value: object) -> bool:
    return bool(np.all(np.asarray(value) == 0))
