"""Convert expressions to sympy and back.

The conversion walks the validated syntax tree of an `Expression` (nothing is evaluated as
Python, and no ``sympify`` of user text happens). Names become real symbols (``t`` and ``dt``
positive), the language's functions become sympy functions, and the printer writes sympy
expressions back in the model language (``and``/``or``/``not``, ``int(...)``, ``arcsin``...).

Two rules of the language are settled here, where sympy would otherwise get them wrong:

- a condition used as a number is 0 or 1, as in Brian 2 (``v += w*(rand() < p)``): the
  converter writes it as ``int(condition)`` wherever arithmetic takes it;
- sympy folds constant parts of an expression as it builds it (``1/0`` becomes complex
  infinity, ``0/0`` NaN, ``sqrt(-1)`` the imaginary unit), which no target can compute. The
  converter refuses such a part with an `ExpressionError` at its place in the text, and the
  printer never writes them (it raises instead of printing a name no target defines).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from functools import lru_cache

import sympy
from sympy.logic.boolalg import Boolean
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter

from engine.errors import ExpressionError
from engine.parsing.expressions import Expression, called_name, parse_expression
from engine.parsing.function_table import DEFAULT_FUNCTIONS, IntegerRangeError

__all__ = [
    "as_number",
    "clip",
    "exprel",
    "expression_to_sympy",
    "int_",
    "language_name",
    "str_to_sympy",
    "substitute",
    "symbol",
    "sympy_to_str",
    "undefined_value",
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
            return _folded(cls, x)
        return None

    def _eval_is_integer(self) -> bool:
        return True

    def _eval_is_real(self) -> bool:
        return True

    def _eval_derivative(self, s: sympy.Symbol) -> sympy.Expr:
        # int(condition) is a step: its derivative is zero where the condition does not
        # depend on s, and left unevaluated where it does (so a linearity check sees s).
        # sympy's default would differentiate the condition itself, which it cannot do.
        argument = self.args[0]
        if _is_condition(argument):
            if argument.has(s):
                return sympy.Derivative(self, s, evaluate=False)
            return sympy.S.Zero
        return super()._eval_derivative(s)


def _folded(function: type[sympy.Function], *arguments: sympy.Basic) -> sympy.Basic | None:
    """Return a call of constants computed as the language's constants are, or None.

    None leaves the call to the targets: where the function has no constant implementation,
    or the value has no meaning on the targets (`IntegerRangeError`).
    """
    spec = DEFAULT_FUNCTIONS.named_in_sympy(function.__name__)
    if spec is None or spec.constant is None:
        return None
    try:
        return sympy.sympify(spec.constant(*arguments))
    except IntegerRangeError:
        return None


def _is_condition(value: sympy.Basic) -> bool:
    """Whether ``value`` is a truth value (a comparison, and/or/not, True/False).

    A sympy `Symbol` is also a `Boolean` (it may stand for a truth value): names are numbers
    here, so only what is not an `Expr` counts.
    """
    return isinstance(value, Boolean) and not isinstance(value, sympy.Expr)


def as_number(value: sympy.Basic) -> sympy.Basic:
    """Return ``value`` as a number: a condition becomes ``int(condition)`` (0 or 1)."""
    return int_(value) if _is_condition(value) else value


class clip(sympy.Function):
    """``clip(x, low, high)``."""

    nargs = 3

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


# The engine's own sympy functions; the table names the others by their names in sympy.
_OWN_FUNCTIONS: dict[str, type[sympy.Function]] = {"exprel": exprel, "int_": int_, "clip": clip}
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


def _function(name: str) -> type[sympy.Function]:
    """Return the sympy function standing for the language's function ``name``."""
    spec = DEFAULT_FUNCTIONS.get(name)
    if spec is None or spec.sympy is None:
        return _opaque(name)
    function: type[sympy.Function] = _OWN_FUNCTIONS.get(spec.sympy) or getattr(sympy, spec.sympy)
    return function


@lru_cache(maxsize=256)
def _opaque(name: str) -> type[sympy.Function]:
    return sympy.Function(name)


def expression_to_sympy(expression: Expression) -> sympy.Basic:
    """Convert a parsed expression to sympy (booleans become sympy's logic objects).

    Raises
    ------
    ExpressionError
        If a part of the expression has no value any target can compute (``1/0``,
        ``0/0``, ``log(0)``, ``sqrt(-1)``...), at that part.
    """
    return _Converter(expression).convert(expression.tree)


@lru_cache(maxsize=2048)
def str_to_sympy(text: str) -> sympy.Basic:
    """Parse ``text`` (engine-internal names allowed) and convert it to sympy.

    Raises
    ------
    ExpressionError
        If ``text`` is not a valid expression, or has a part without a value (see
        `expression_to_sympy`).
    """
    return expression_to_sympy(parse_expression(text, allow_internal_names=True))


#: The largest finite double: a constant beyond it cannot be computed by any target.
_LARGEST = sympy.Float(1.7976931348623157e308)


def undefined_value(value: sympy.Basic) -> str | None:
    """Return why ``value`` cannot be computed by generated code, or None if it can.

    Complex infinity (the logarithm of zero), NaN (``inf - inf``), complex numbers (the square
    root of a negative number), sympy's intervals (``sin(inf)``) and numbers beyond the range
    of a double have no value a target computes.
    """
    if value.has(sympy.zoo):
        return "it is an infinity of unknown sign (such as log(0))"
    if value.has(sympy.nan):
        return "it is not a number (NaN), as 0/0, inf - inf and 0*inf are"
    if value.has(sympy.I):
        return "it is a complex number (as the square root or logarithm of a negative number is)"
    if value.has(sympy.AccumBounds):
        return "it has no single value (as sin(inf) has not)"
    for number in value.atoms(sympy.Number):
        if number.is_finite and abs(number) > _LARGEST:
            return "it is too large for a 64-bit float (at most about 1.8e308)"
    return None


class _Converter:
    def __init__(self, expression: Expression) -> None:
        self.expression = expression

    def convert(self, node: ast.AST) -> sympy.Basic:
        method = getattr(self, f"convert_{type(node).__name__}")
        try:
            value = method(node)
        except ExpressionError:
            raise
        except ZeroDivisionError:
            raise self._fail(
                node,
                "divides by zero",
                "Its divisor is 0 (a unit times 0, such as 0*ms, is 0 too).",
            ) from None
        except (TypeError, ValueError, ArithmeticError, AttributeError) as error:  # int(inf)
            raise self._fail(node, f"cannot be computed ({error})") from None
        # The parts of ``node`` were checked already: only this step can make it undefined.
        problem = undefined_value(value)
        if problem is not None:
            raise self._fail(
                node,
                f"cannot be computed: {problem}",
                "Rewrite this part so that it has a finite real value.",
            )
        return value

    def _fail(self, node: ast.AST, problem: str, hint: str | None = None) -> ExpressionError:
        text = self.expression.source_of(node).strip()
        return self.expression.error(f"'{text}' {problem}", node, hint)

    def convert_Constant(self, node: ast.Constant) -> sympy.Basic:
        if isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node.value, int):
            return sympy.Integer(node.value)
        value = node.value
        if not isinstance(value, float):  # the validator lets numbers only through
            raise TypeError(f"must be real number, not {type(value).__name__}")
        if not math.isfinite(value):  # a literal beyond the range of a double
            return sympy.oo if value > 0 else sympy.nan
        return sympy.Float(value)

    def convert_Name(self, node: ast.Name) -> sympy.Basic:
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
        if node.id in ("True", "False"):  # only reachable for hand-built trees
            return sympy.true if node.id == "True" else sympy.false
        return symbol(node.id)

    def convert_BinOp(self, node: ast.BinOp) -> sympy.Basic:
        # A condition in arithmetic is 0 or 1 (Brian 2's rule).
        left = as_number(self.convert(node.left))
        right = as_number(self.convert(node.right))
        op = type(node.op)
        if op in (ast.Div, ast.FloorDiv, ast.Mod) and right.is_zero:
            raise ZeroDivisionError
        if op is ast.Pow and left.is_zero and right.is_negative:
            raise ZeroDivisionError
        if op is ast.Mod and right.is_Number and undefined_value(1 / right) is not None:
            # Simplification rewrites a % c as c*((a/c) % 1), so 1/c must be a double too.
            raise self._fail(
                node,
                "cannot be computed: its divisor is so small that its reciprocal is beyond "
                "a 64-bit float",
                "Use a divisor of at least about 1e-308.",
            )
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
            return -as_number(operand)
        return as_number(operand)

    def convert_BoolOp(self, node: ast.BoolOp) -> sympy.Basic:
        values = [self.convert(value) for value in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def convert_Compare(self, node: ast.Compare) -> sympy.Basic:
        relation = _RELATIONS[type(node.ops[0])]
        left = as_number(self.convert(node.left))
        return relation(left, as_number(self.convert(node.comparators[0])))

    def convert_Call(self, node: ast.Call) -> sympy.Basic:
        function = _function(called_name(node))
        arguments = [self.convert(arg) for arg in node.args] or [_PLACEHOLDER]
        if not _takes_booleans(function):  # int() takes a condition as it is
            arguments = [as_number(argument) for argument in arguments]
        return function(*arguments)


def _takes_booleans(function: type[sympy.Basic]) -> bool:
    """Whether the sympy function of a call takes conditions as they are (``int_``)."""
    spec = DEFAULT_FUNCTIONS.named_in_sympy(function.__name__)
    return spec is not None and spec.takes_booleans


def substitute(expr: sympy.Basic, replacements: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """Replace sub-expressions (as ``xreplace``); conditions in arithmetic become ``int(...)``.

    A boolean subexpression ``b = v > 1`` substituted into ``w*b`` gives ``w*int(v > 1)``
    (sympy cannot multiply by a comparison), and stays a condition in ``b and c``.
    """

    def walk(node: sympy.Basic) -> sympy.Basic:
        if node in replacements:
            return replacements[node]
        if not node.args or node.is_Atom:
            return node
        arguments = [walk(argument) for argument in node.args]
        if all(new is old for new, old in zip(arguments, node.args, strict=True)):
            return node
        takes_numbers = isinstance(node, (sympy.Expr, sympy.core.relational.Relational))
        if takes_numbers and not _takes_booleans(node.func):
            arguments = [as_number(argument) for argument in arguments]
        return node.func(*arguments)

    return walk(expr)


#: The longest chain of terms (or factors) printed one after the other. Python reads ``a + b
#: + c`` as ``(a + b) + c``: a sum of a thousand terms, which sympy makes of harmless model
#: text, would be a thousand levels deep for the parser and for every check that walks it.
_CHAIN = 32


class _LanguagePrinter(StrPrinter):
    """Print sympy expressions in the model language."""

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        terms = self._as_ordered_terms(expr, order=order)
        if len(terms) <= _CHAIN:
            return super()._print_Add(expr, order=order)
        # Sums of at most _CHAIN terms each, in parentheses (the printer adds them to a sum
        # within a sum), summed in turn.
        groups = [
            sympy.Add(*terms[k : k + _CHAIN], evaluate=False) for k in range(0, len(terms), _CHAIN)
        ]
        return self._print_Add(sympy.Add(*groups, evaluate=False), order="none")

    def _print_Mul(self, expr: sympy.Mul) -> str:
        factors = expr.args
        if len(factors) <= _CHAIN:
            return super()._print_Mul(expr)
        groups = [
            sympy.Mul(*factors[k : k + _CHAIN], evaluate=False)
            for k in range(0, len(factors), _CHAIN)
        ]
        if len(groups) > _CHAIN:
            return self._print_Mul(sympy.Mul(*groups, evaluate=False))
        return "*".join(f"({self._print(group)})" for group in groups)

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
        return f"{language_name(expr)}({self.stringify(expr.args, ', ')})"

    def _print_Mod(self, expr: sympy.Mod) -> str:
        return f"(({self.doprint(expr.args[0])}) % ({self.doprint(expr.args[1])}))"

    def _print_Exp1(self, expr: sympy.Basic) -> str:
        return "e"

    def _print_Infinity(self, expr: sympy.Basic) -> str:
        return "inf"

    def _print_NegativeInfinity(self, expr: sympy.Basic) -> str:
        return "-inf"

    def _print_Float(self, expr: sympy.Float) -> str:
        value = float(expr)
        if not math.isfinite(value):  # beyond the range of a double (sympy's are unbounded)
            self._refuse(expr)
        return repr(value)

    def _print_Integer(self, expr: sympy.Integer) -> str:
        if abs(expr) > _LARGEST:
            self._refuse(expr)
        return str(expr.p)

    def _refuse(self, expr: sympy.Basic) -> str:
        # No target defines these names: printing them would make code that fails later,
        # far from the model text that caused it.
        problem = undefined_value(expr) or "it has no value"
        raise ExpressionError(f"A value in the model cannot be computed by any target: {problem}")

    _print_NaN = _refuse
    _print_ComplexInfinity = _refuse
    _print_ImaginaryUnit = _refuse
    _print_AccumulationBounds = _refuse

    # sympy's own names for these differ from the language's:
    _print_Abs = _print_Function
    _print_ceiling = _print_Function


_PRINTER = _LanguagePrinter()


def language_name(call: sympy.Basic) -> str:
    """Return the model-language name of the function of a sympy call (``asin`` -> ``arcsin``)."""
    name = type(call).__name__
    spec = DEFAULT_FUNCTIONS.named_in_sympy(name)
    return name if spec is None else spec.name


def sympy_to_str(expr: sympy.Basic) -> str:
    """Print a sympy expression in the model language."""
    return _PRINTER.doprint(expr)
