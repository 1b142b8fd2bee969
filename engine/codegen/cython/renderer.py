"""Write expressions of the model language as Cython code for one element, on C doubles.

Every value of a compiled loop is a C ``double`` (integers and booleans included: they are exact
in a double, and the model language's arithmetic is the same on them), so expressions keep the
meaning numpy gives them: ``/`` divides as floats, ``//`` and ``%`` round and take signs as
numpy's ``floor_divide`` and ``remainder`` do (helpers of the module's prelude), comparisons
and ``and``/``or``/``not`` give 0 or 1. Functions become C library calls, calls of numpy's own
loops or prelude helpers (whichever gives numpy's values on this machine: see
`engine.codegen.cython.numpy_loops`); ``**`` is numpy's power of arrays where an operand is an
array in numpy's code, else the C library's ``pow`` (as numpy's scalars compute it). A call of
a stateful function (``rand()``) reads the value drawn for this element and call site (see
`engine.codegen.cython.generator`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping

from engine.codegen.cython.functions import call_templates, library_names, varying_templates
from engine.parsing.expressions import called_name

__all__ = ["POWERS", "UnsupportedExpression", "render_c", "stateful_calls"]

#: ``a ** b`` by what numpy computes it on: scalars (Python's or numpy's: the C library),
#: an array and a scalar exponent (numpy's shortcuts, else its loop), or arrays (its loop).
POWERS = {
    "scalars": "pow({0}, {1})",
    "array": "_power_array({0}, {1})",
    "arrays": "_power_each({0}, {1})",
}

_BINARY = {
    ast.Add: "({0} + {1})",
    ast.Sub: "({0} - {1})",
    ast.Mult: "({0} * {1})",
    ast.Div: "({0} / {1})",
    ast.FloorDiv: "_floordiv({0}, {1})",
    ast.Mod: "_mod({0}, {1})",
}
_COMPARE = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}


class UnsupportedExpression(ValueError):
    """An expression compiled code cannot compute (the operation then runs on numpy)."""


def render_c(
    tree: ast.expr,
    draws: dict[int, str] | None = None,
    name_of: Callable[[str], str] = str,
    functions: Mapping[str, str] | None = None,
    vector: Callable[[ast.expr], bool] | None = None,
    powers: Mapping[str, str] = POWERS,
    extract: Callable[[str, list[str]], str | None] | None = None,
    varying: Mapping[str, str] | None = None,
) -> str:
    """Return the Cython expression of a validated expression tree, for one element.

    Parameters
    ----------
    tree
        The tree of an `Expression`; names are C locals of the same names.
    draws
        For each stateful call in the tree (by ``id`` of its node), the C expression of the
        value drawn for it.
    name_of
        The C name of each name of the expression.
    functions
        The C template of each function compiled code computes (default: each function's own,
        `engine.codegen.cython.functions.call_templates`, with the C library's functions).
    vector
        Whether a subtree is an array in numpy's code (None: never, as in a scalar block).
    powers
        The templates of ``**`` (`POWERS`) compiled code can use (a power of arrays whose
        template is missing is unsupported).
    extract
        Called with each function's name (``"**array"``, ``"**arrays"`` for powers) and its
        rendered arguments: the C expression of the call, or None to write it with its
        template (`engine.codegen.cython.generator.Loop` computes some calls beforehand).
    varying
        The C template of calls whose arguments after the first are arrays in numpy's code,
        for functions numpy then computes otherwise (default: from the table of functions,
        `engine.codegen.cython.functions.varying_templates`).

    Raises
    ------
    UnsupportedExpression
        For a function compiled code does not know.
    """
    library = dict.fromkeys(library_names(), "libm")
    if functions is None:
        functions = call_templates(library)
    if varying is None:
        varying = varying_templates(library)
    renderer = _Renderer(draws or {}, name_of, functions, vector, powers, extract, varying)
    return renderer.render(tree)


class _Renderer:
    def __init__(
        self,
        draws: dict[int, str],
        name_of: Callable[[str], str],
        functions: Mapping[str, str],
        vector: Callable[[ast.expr], bool] | None,
        powers: Mapping[str, str],
        extract: Callable[[str, list[str]], str | None] | None,
        varying: Mapping[str, str],
    ) -> None:
        self.draws = draws
        self.varying = varying
        self.name_of = name_of
        self.functions = functions
        self.vector = vector or (lambda node: False)
        self.powers = powers
        self.extract = extract or (lambda name, arguments: None)

    def render(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return "1.0" if node.value else "0.0"
            if not isinstance(node.value, int | float):  # validation lets numbers only through
                raise UnsupportedExpression(f"the constant {node.value!r}")
            return repr(float(node.value))
        if isinstance(node, ast.Name):
            return self.name_of(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return self._power(node)
        if isinstance(node, ast.BinOp):
            template = _BINARY.get(type(node.op))
            if template is None:
                raise UnsupportedExpression(f"operator {type(node.op).__name__}")
            return template.format(self.render(node.left), self.render(node.right))
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            parts = [f"({self.render(v)} != 0)" for v in node.values]
            return f"(<double>({joiner.join(parts)}))"
        if isinstance(node, ast.Compare):
            left = self.render(node.left)
            parts = []
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = self.render(right_node)
                parts.append(f"({left} {_COMPARE[type(op)]} {right})")
                left = right
            return f"(<double>({' and '.join(parts)}))"
        if isinstance(node, ast.Call):
            if id(node) in self.draws:
                return self.draws[id(node)]
            name = called_name(node)
            template = self.functions.get(name)
            if template is None:
                raise UnsupportedExpression(f"the function '{name}'")
            if name in self.varying and any(self.vector(a) for a in node.args[1:]):
                template = self.varying[name]
            arguments = [self.render(a) for a in node.args]
            return self.extract(name, arguments) or template.format(*arguments)
        raise UnsupportedExpression(type(node).__name__)

    def _power(self, node: ast.BinOp) -> str:
        if self.vector(node.right):
            kind = "arrays"
        elif self.vector(node.left):
            kind = "array"
        else:
            kind = "scalars"
        template = self.powers.get(kind)
        if template is None:
            raise UnsupportedExpression("'**' of arrays differs from numpy's here")
        arguments = [self.render(node.left), self.render(node.right)]
        return self.extract(f"**{kind}", arguments) or template.format(*arguments)

    def _unary(self, node: ast.UnaryOp) -> str:
        operand = self.render(node.operand)
        if isinstance(node.op, ast.USub):
            return f"(-{operand})"
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return f"(<double>({operand} == 0))"
        raise UnsupportedExpression(f"operator {type(node.op).__name__}")


def stateful_calls(tree: ast.expr, stateful: Collection[str]) -> list[ast.Call]:
    """Return the calls of stateful functions in ``tree``, in the order numpy evaluates them."""
    found: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        # Python (and numpy code) evaluates operands and arguments left to right, depth first:
        # a call's arguments before the call itself.
        for child in ast.iter_child_nodes(node):
            visit(child)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in stateful:
            found.append(node)

    visit(tree)
    return found
