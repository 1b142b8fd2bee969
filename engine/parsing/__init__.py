"""The model language: expressions, statements, built-in functions, and their sympy form.

Everything a user types into an equation, threshold, reset or connection condition is parsed
here, by a whitelisting parser, into plain data; nothing is evaluated as Python.
"""

from engine.parsing.expressions import Expression, parse_expression, validate_identifier_syntax
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS, FunctionSpec, SameAs
from engine.parsing.statements import Statement, parse_statements

__all__ = [
    "DEFAULT_CONSTANTS",
    "DEFAULT_FUNCTIONS",
    "Expression",
    "FunctionSpec",
    "SameAs",
    "Statement",
    "parse_expression",
    "parse_statements",
    "validate_identifier_syntax",
]
