"""Write expressions of the model language as numpy code.

Element-wise semantics carry over to numpy except for ``and``/``or``/``not`` (which become
``logical_and``...), function names (bound to their numpy implementations under private
names), and stateful calls (``rand()`` becomes one draw per element of the block).
"""

from __future__ import annotations

import ast

__all__ = ["FUNCTION_PREFIX", "render_expression"]

#: Prefix of the names under which generated code finds function implementations.
FUNCTION_PREFIX = "_f_"


class _ToNumpy(ast.NodeTransformer):
    def __init__(self, size: str, scalar: bool, stateful: set[str]) -> None:
        self.size = size
        self.scalar = scalar
        self.stateful = stateful

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        values = [self.visit(value) for value in node.values]
        name = "_logical_and" if isinstance(node.op, ast.And) else "_logical_or"
        result = values[0]
        for value in values[1:]:
            result = ast.Call(ast.Name(name, ast.Load()), [result, value], [])
        return result

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return ast.Call(ast.Name("_logical_not", ast.Load()), [operand], [])
        return ast.UnaryOp(node.op, operand)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = node.func.id
        arguments = [self.visit(argument) for argument in node.args]
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
    tree: ast.expr, *, size: str = "_vectorisation_size", scalar: bool = False, stateful: set[str]
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
    """
    import copy

    transformed = _ToNumpy(size, scalar, stateful).visit(copy.deepcopy(tree))
    return ast.unparse(ast.fix_missing_locations(transformed))
