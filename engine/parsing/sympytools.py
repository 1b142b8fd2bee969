"""Convert expressions to sympy and back.

The conversion walks the validated syntax tree of an `Expression` (nothing is evaluated as
Python, and no ``sympify`` of user text happens). Names become real symbols (``t`` and ``dt``
positive), the language's functions become sympy functions, and the printer writes sympy
expressions back in the model language (``and``/``or``/``not``, ``int(...)``, ``arcsin``...).
"""

from __future__ import annotations

import ast
from functools import lru_cache

import sympy
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter

from engine.parsing.expressions import Expression, parse_expression

__all__ = [
    "clip",
    "exprel",
    "expression_to_sympy",
    "int_",
    "language_name",
    "str_to_sympy",
    "symbol",
    "sympy_to_str",
]


class exprel(sympy.Function):
    """``(exp(x) - 1)/x``, continuous at 0 where it is 1."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        """Return the derivative with respect to the argument."""
        x = self.args[0]
        return (x * sympy.exp(x) - sympy.exp(x) + 1) / x**2

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return (sympy.exp(x) - 1) / x

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        """Evaluate at 0 (exactly 1); leave everything else unevaluated."""
        if x.is_zero:
            return sympy.S.One
        return None

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class int_(sympy.Function):
    """The language's ``int()``: truncation of a number or a boolean to an integer."""

    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Basic) -> sympy.Expr | None:
        """Evaluate on constants; leave symbolic arguments alone."""
        if x is sympy.true:
            return sympy.S.One
        if x is sympy.false:
            return sympy.S.Zero
        if x.is_Number:
            return sympy.Integer(int(x))
        return None

    def _eval_is_integer(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True


class clip(sympy.Function):
    """``clip(x, low, high)``."""

    nargs = 3

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


_SYMPY_FUNCTIONS: dict[str, type[sympy.Function]] = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "floor": sympy.floor,
    "ceil": sympy.ceiling,
    "exprel": exprel,
    "int": int_,
    "clip": clip,
}
# The model-language name of each sympy function whose name differs.
_LANGUAGE_NAMES = {
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "Abs": "abs",
    "ceiling": "ceil",
    "int_": "int",
}
_CONSTANTS = {"pi": sympy.pi, "e": sympy.E, "inf": sympy.oo}
_POSITIVE = frozenset({"t", "dt"})
# Zero-argument functions (rand(), randn()) get a placeholder argument: sympy functions need one.
_PLACEHOLDER = sympy.Symbol("_placeholder_arg")
_RELATIONS = {
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
    ast.Lt: sympy.StrictLessThan,
    ast.LtE: sympy.LessThan,
    ast.Gt: sympy.StrictGreaterThan,
    ast.GtE: sympy.GreaterThan,
}


@lru_cache(maxsize=4096)
def symbol(name: str) -> sympy.Symbol:
    """Return the sympy symbol the engine uses for the model variable ``name``."""
    if name in _POSITIVE:
        return sympy.Symbol(name, real=True, positive=True)
    return sympy.Symbol(name, real=True)


@lru_cache(maxsize=256)
def _function(name: str) -> type[sympy.Function]:
    return _SYMPY_FUNCTIONS.get(name) or sympy.Function(name)


def expression_to_sympy(expression: Expression) -> sympy.Basic:
    """Convert a parsed expression to sympy (booleans become sympy's logic objects)."""
    return _Converter().convert(expression.tree)


@lru_cache(maxsize=2048)
def str_to_sympy(text: str) -> sympy.Basic:
    """Parse ``text`` (engine-internal names allowed) and convert it to sympy.

    Raises
    ------
    ExpressionError
        If ``text`` is not a valid expression.
    """
    return expression_to_sympy(parse_expression(text, allow_internal_names=True))


class _Converter:
    def convert(self, node: ast.AST) -> sympy.Basic:
        method = getattr(self, f"convert_{type(node).__name__}")
        return method(node)

    def convert_Constant(self, node: ast.Constant) -> sympy.Basic:
        if isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node.value, int):
            return sympy.Integer(node.value)
        return sympy.Float(node.value)

    def convert_Name(self, node: ast.Name) -> sympy.Basic:
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
        if node.id in ("True", "False"):  # only reachable for hand-built trees
            return sympy.true if node.id == "True" else sympy.false
        return symbol(node.id)

    def convert_BinOp(self, node: ast.BinOp) -> sympy.Basic:
        left, right = self.convert(node.left), self.convert(node.right)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.Pow:
            return left**right
        if op is ast.FloorDiv:
            return sympy.floor(left / right)
        if op is ast.Mod:
            return sympy.Mod(left, right)
        raise AssertionError(f"unexpected operator {op.__name__}")  # the parser rejects others

    def convert_UnaryOp(self, node: ast.UnaryOp) -> sympy.Basic:
        operand = self.convert(node.operand)
        if isinstance(node.op, ast.Not):
            return sympy.Not(operand)
        if isinstance(node.op, ast.USub):
            return -operand
        return operand

    def convert_BoolOp(self, node: ast.BoolOp) -> sympy.Basic:
        values = [self.convert(value) for value in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def convert_Compare(self, node: ast.Compare) -> sympy.Basic:
        relation = _RELATIONS[type(node.ops[0])]
        return relation(self.convert(node.left), self.convert(node.comparators[0]))

    def convert_Call(self, node: ast.Call) -> sympy.Basic:
        function = _function(node.func.id)
        arguments = [self.convert(arg) for arg in node.args] or [_PLACEHOLDER]
        return function(*arguments)


class _LanguagePrinter(StrPrinter):
    """Print sympy expressions in the model language."""

    def _print_And(self, expr: sympy.And) -> str:
        return " and ".join(f"({self.doprint(arg)})" for arg in expr.args)

    def _print_Or(self, expr: sympy.Or) -> str:
        return " or ".join(f"({self.doprint(arg)})" for arg in expr.args)

    def _print_Not(self, expr: sympy.Not) -> str:
        return f"not ({self.doprint(expr.args[0])})"

    def _print_BooleanTrue(self, expr: sympy.Basic) -> str:
        return "True"

    def _print_BooleanFalse(self, expr: sympy.Basic) -> str:
        return "False"

    def _print_Relational(self, expr: sympy.core.relational.Relational) -> str:
        op = {"==": "==", "!=": "!="}.get(expr.rel_op, expr.rel_op)
        return (
            f"{self.parenthesize(expr.lhs, precedence(expr))} {op} "
            f"{self.parenthesize(expr.rhs, precedence(expr))}"
        )

    def _print_Function(self, expr: sympy.Function) -> str:
        name = expr.func.__name__
        if expr.args == (_PLACEHOLDER,):
            return f"{name}()"
        return f"{_LANGUAGE_NAMES.get(name, name)}({self.stringify(expr.args, ', ')})"

    def _print_Mod(self, expr: sympy.Mod) -> str:
        return f"(({self.doprint(expr.args[0])}) % ({self.doprint(expr.args[1])}))"

    def _print_Float(self, expr: sympy.Float) -> str:
        return repr(float(expr))

    def _print_Exp1(self, expr: sympy.Basic) -> str:
        return "e"

    def _print_Infinity(self, expr: sympy.Basic) -> str:
        return "inf"

    def _print_NegativeInfinity(self, expr: sympy.Basic) -> str:
        return "-inf"

    # sympy's own names for these differ from the language's:
    _print_Abs = _print_Function
    _print_ceiling = _print_Function


_PRINTER = _LanguagePrinter()


def language_name(call: sympy.Basic) -> str:
    """Return the model-language name of the function of a sympy call (``asin`` -> ``arcsin``)."""
    name = type(call).__name__
    return _LANGUAGE_NAMES.get(name, name)


def sympy_to_str(expr: sympy.Basic) -> str:
    """Print a sympy expression in the model language."""
    return _PRINTER.doprint(expr)
