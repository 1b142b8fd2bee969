"""Model equations: parsing, structure, unit checking.

``Equations`` is Brian 2's class of that name; the checks report problems with the line and
column of the offending text.
"""

from engine.equations.equations import (
    RESERVED_NAMES,
    Equations,
    identifier_problem,
    split_stochastic,
)
from engine.equations.evaluate import evaluate_constant
from engine.equations.namespace import (
    ModelNamespace,
    info_for_value,
    model_variables,
    special_variables,
)
from engine.equations.parser import parse_equations, parse_unit_declaration
from engine.equations.single import (
    BOOLEAN,
    DIFFERENTIAL_EQUATION,
    FLOAT,
    INTEGER,
    KNOWN_FLAGS,
    PARAMETER,
    SUBEXPRESSION,
    SingleEquation,
)
from engine.equations.transforms import add_refractoriness, extract_constant_subexpressions
from engine.equations.unitcheck import (
    NameInfo,
    UnitMismatchError,
    check_code,
    check_condition,
    check_dimensions,
    check_single_draws,
    check_stateful_subexpressions,
    check_statements,
    expression_dimensions,
    expression_type,
    is_boolean_expression,
)

__all__ = [
    "BOOLEAN",
    "DIFFERENTIAL_EQUATION",
    "FLOAT",
    "INTEGER",
    "KNOWN_FLAGS",
    "PARAMETER",
    "RESERVED_NAMES",
    "SUBEXPRESSION",
    "Equations",
    "ModelNamespace",
    "NameInfo",
    "SingleEquation",
    "UnitMismatchError",
    "add_refractoriness",
    "check_code",
    "check_condition",
    "check_dimensions",
    "check_single_draws",
    "check_stateful_subexpressions",
    "check_statements",
    "evaluate_constant",
    "expression_dimensions",
    "expression_type",
    "extract_constant_subexpressions",
    "identifier_problem",
    "info_for_value",
    "is_boolean_expression",
    "model_variables",
    "parse_equations",
    "parse_unit_declaration",
    "special_variables",
    "split_stochastic",
]
