"""Write expressions of the model language as numpy code.

Element-wise semantics carry over to numpy except for ``and``/``or``/``not`` (which become
``logical_and``...), function names (bound to their numpy implementations under private
names), stateful calls (``rand()`` becomes one draw per element of the block), and conditions
in arithmetic: the language counts a condition as 0 or 1 (``(v > 1) + (w > 1)`` can be 2, as
in compiled code), where numpy adds booleans as a logical or and refuses to subtract or negate
them, so a condition that arithmetic takes is converted with ``int()`` first.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from engine.parsing.expressions import called_name
from engine.parsing.function_table import DEFAULT_FUNCTIONS

__all__ = ["FUNCTION_PREFIX", "render_expression"]

#: Prefix of the names under which generated code finds function implementations.
FUNCTION_PREFIX = "_f_"

_INT32 = -(2**31)  # the smallest int32


_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)


class _ToNumpy(ast.NodeTransformer):
    def __init__(
        self, size: str, scalar: bool, stateful: set[str], booleans: Collection[str]
    ) -> None:
        self.size = size
        self.scalar = scalar
        self.stateful = stateful
        self.booleans = booleans

    def is_condition(self, node: ast.AST) -> bool:
        """Whether ``node`` (of the model's tree) has a boolean value."""
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            return True
        if isinstance(node, ast.UnaryOp):
            return isinstance(node.op, ast.Not)
        if isinstance(node, ast.Constant):
            return isinstance(node.value, bool)
        return isinstance(node, ast.Name) and node.id in self.booleans

    def number(self, node: ast.expr) -> ast.expr:
        """Return the numpy code of ``node`` as a number (a condition as 0 or 1)."""
        code: ast.expr = self.visit(node)
        if self.is_condition(node):
            return ast.Call(ast.Name(FUNCTION_PREFIX + "int", ast.Load()), [code], [])
        return code

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.op, _ARITHMETIC):
            return ast.BinOp(self.number(node.left), node.op, self.number(node.right))
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        # numpy refuses a Python integer that its array's type cannot hold (``i + 2**40``
        # on int32 indices): such a number is written as a float, the type compiled code
        # computes every value in.
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and not _INT32 <= value < -_INT32:
            return ast.Constant(float(value))
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        values: list[ast.expr] = [self.visit(value) for value in node.values]
        name = "_logical_and" if isinstance(node.op, ast.And) else "_logical_or"
        result = values[0]
        for value in values[1:]:
            result = ast.Call(ast.Name(name, ast.Load()), [result, value], [])
        return result

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        if isinstance(node.op, ast.Not):
            operand = self.visit(node.operand)
            return ast.Call(ast.Name("_logical_not", ast.Load()), [operand], [])
        return ast.UnaryOp(node.op, self.number(node.operand))

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = called_name(node)
        # numpy's functions compute on booleans in float16 (exp) or keep them (abs).
        spec = DEFAULT_FUNCTIONS.get(name)
        convert = self.visit if spec is not None and spec.takes_booleans else self.number
        arguments = [convert(argument) for argument in node.args]
        if name in self.stateful:
            # One value per element: the size of the block (1 in scalar code, then unpacked)
            call = ast.Call(
                ast.Name(FUNCTION_PREFIX + name, ast.Load()),
                [*arguments, ast.Name("1" if self.scalar else self.size, ast.Load())],
                [],
            )
            if self.scalar:
                return ast.Subscript(call, ast.Constant(0), ast.Load())
            return call
        return ast.Call(ast.Name(FUNCTION_PREFIX + name, ast.Load()), arguments, [])


def render_expression(
    tree: ast.expr,
    *,
    size: str = "_vectorisation_size",
    scalar: bool = False,
    stateful: set[str],
    booleans: Collection[str] = (),
) -> str:
    """Return numpy source for an expression's syntax tree.

    Parameters
    ----------
    tree
        The validated tree of an `Expression`.
    size
        The name holding the number of elements of the block (for stateful calls).
    scalar
        Whether the expression is evaluated once (scalar block) rather than per element.
    stateful
        Names of functions that give a new value per call and element.
    booleans
        Names whose values are booleans (taken as 0 or 1 by arithmetic).
    """
    import copy

    transformed = _ToNumpy(size, scalar, stateful, booleans).visit(copy.deepcopy(tree))
    return ast.unparse(ast.fix_missing_locations(transformed))
