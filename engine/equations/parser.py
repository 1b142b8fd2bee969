"""Parse a block of model equations into `SingleEquation` objects, keeping positions.

The syntax, one equation per line (an expression may continue over several lines)::

    dv/dt = (El - v)/tau : volt (unless refractory)   # differential equation
    I_leak = g_L*(E_L - v) : amp                       # subexpression
    tau : second (constant)                            # parameter

``#`` starts a comment. The unit is a product of base units (``siemens/metre**2``), ``1``
(dimensionless), ``boolean`` or ``integer``. Every error carries the line and column of the
offending text in the block.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

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
from engine.errors import EquationError, ExpressionError, SourceSpan
from engine.parsing.expressions import MAX_LENGTH, parse_expression
from engine.units import DEFAULT_UNITS, DIMENSIONLESS, Dimension, Unit, get_unit

__all__ = ["parse_equations", "parse_unit_declaration"]

_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_DIFFERENTIAL = re.compile(rf"\s*d\s*(?P<name>{_IDENTIFIER})\s*/\s*dt\s*=(?!=)(?P<rhs>.*)", re.S)
_SUBEXPRESSION = re.compile(rf"\s*(?P<name>{_IDENTIFIER})\s*=(?!=)(?P<rhs>.*)", re.S)
_PARAMETER = re.compile(rf"\s*(?P<name>{_IDENTIFIER})\s*", re.S)


@dataclass(frozen=True)
class _Piece:
    """A stretch of the block: its text and where it starts (1-based line, column)."""

    text: str
    line: int
    column: int

    def span(self, start: int = 0, end: int | None = None) -> SourceSpan:
        """Return the span of ``text[start:end]`` (on the line where it starts) in the block."""
        end = len(self.text) if end is None else end
        before = self.text[:start]
        line = self.line + before.count("\n")
        column = (len(before) - before.rfind("\n")) if "\n" in before else self.column + start
        width = max(1, len(self.text[start:end].split("\n")[0]))
        return SourceSpan(line, column, column + width)


@lru_cache(maxsize=512)
def parse_equations(text: str) -> tuple[SingleEquation, ...]:
    """Parse an equations block.

    Returns the equations in the order written. Parsing is cached: the application calls it
    on every keystroke, and the result is immutable.

    Raises
    ------
    EquationError
        For a malformed equation, an invalid unit or flag, or a duplicate definition.
    ExpressionError
        For an invalid right-hand side.
    """
    if len(text) > MAX_LENGTH:
        raise EquationError(
            f"The equations are too long ({len(text)} characters, at most {MAX_LENGTH})",
            SourceSpan(1, 1, 2),
            text,
        )
    equations: list[SingleEquation] = []
    seen: dict[str, SingleEquation] = {}
    for definition, declaration in _logical_equations(text):
        equation = _parse_one(definition, declaration, text)
        if equation.varname in seen:
            first = seen[equation.varname].span
            where = f" (first defined on line {first.line})" if first else ""
            raise EquationError(
                f"Duplicate definition of variable '{equation.varname}'{where}",
                equation.span,
                text,
            )
        seen[equation.varname] = equation
        equations.append(equation)
    return tuple(equations)


def _logical_equations(text: str) -> list[tuple[_Piece, _Piece]]:
    """Split the block into (definition, declaration) pieces, one pair per equation.

    A definition runs, possibly over several lines, up to a ``:``; the declaration (unit and
    flags) is the rest of that line. Comments are removed (positions are kept).
    """
    pairs: list[tuple[_Piece, _Piece]] = []
    pending: list[str] = []
    start: tuple[int, int] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if start is None:
            if not line.strip():
                continue
            start = (number, 1)
        if ":" not in line:
            pending.append(line)
            continue
        before, after = line.split(":", 1)
        pending.append(before)
        definition = _Piece("\n".join(pending), start[0], start[1])
        declaration = _Piece(after, number, len(before) + 2)
        pairs.append((definition, declaration))
        pending, start = [], None
    if start is not None:
        piece = _Piece("\n".join(pending), start[0], start[1])
        first = len(piece.text) - len(piece.text.lstrip())
        raise EquationError(
            "Incomplete equation: the unit is missing",
            piece.span(first),
            text,
            "End every equation with ': unit', e.g. 'dv/dt = -v/tau : volt' or 'x : 1'.",
        )
    return pairs


def _parse_one(definition: _Piece, declaration: _Piece, document: str) -> SingleEquation:
    for kind, pattern in (  # noqa: B007  (kind is used after the loop)
        (DIFFERENTIAL_EQUATION, _DIFFERENTIAL),
        (SUBEXPRESSION, _SUBEXPRESSION),
        (PARAMETER, _PARAMETER),
    ):
        match = pattern.fullmatch(definition.text)
        if match is not None:
            break
    else:
        raise _unrecognised(definition, document)
    name_span = definition.span(match.start("name"), match.end("name"))
    expr = None
    if kind != PARAMETER:
        rhs_start = match.start("rhs")
        rhs_span = definition.span(rhs_start)
        expr = parse_expression(
            match.group("rhs"), document=document, origin=(rhs_span.line, rhs_span.column)
        )
    unit_text, flags_text, flags_offset = _split_declaration(declaration, document)
    unit_offset = len(declaration.text) - len(declaration.text.lstrip())
    unit_span = declaration.span(unit_offset, unit_offset + len(unit_text))
    try:
        dim, var_type = parse_unit_declaration(unit_text)
    except EquationError as error:
        raise error.with_location(unit_span, document) from None
    flags = _parse_flags(flags_text, declaration, flags_offset, document)
    equation = SingleEquation(
        kind,
        match.group("name"),
        dim,
        var_type,
        expr,
        flags,
        unit_text=unit_text,
        span=name_span,
        unit_span=unit_span,
        document=document,
    )
    problem = equation.type_problem()
    if problem is not None:
        raise EquationError(problem, unit_span, document)
    return equation


def _unrecognised(definition: _Piece, document: str) -> EquationError:
    """Explain why a definition is neither 'dx/dt = ...', 'x = ...' nor 'x'."""
    text = definition.text
    first = len(text) - len(text.lstrip())
    stripped = text.strip()
    where = definition.span(first, first + len(stripped.split("\n")[0]))
    hint = "Write 'dx/dt = expression', 'x = expression' or just 'x', followed by ': unit'."
    odd = next((c for c in stripped if not (c.isascii() and c.isprintable()) and c != "\n"), None)
    if not stripped:
        message = "The variable is missing before ':'"
        hint = "Name it, as in 'v : volt'."
        where = definition.span(0, 1)
    elif odd is not None:
        position = first + stripped.index(odd)
        where = definition.span(position, position + 1)
        message = (
            f"The character {odd!r} (U+{ord(odd):04X}) cannot be part of an equation's left-hand "
            "side"
        )
        hint = "Names use the letters A-Z and a-z, digits and '_' only."
    elif re.fullmatch(rf"d\s*{_IDENTIFIER}\s*/\s*dt", stripped):
        message = "This differential equation has no right-hand side"
    elif "==" in stripped and "=" not in stripped.replace("==", ""):
        message = "An equation is written with '=', not '=='"
    elif "=" in stripped:
        lhs = stripped.split("=", 1)[0].strip()
        message = f"The left-hand side '{lhs}' is neither a variable name nor 'dx/dt'"
        if not lhs:
            message = "The variable is missing before '='"
        if re.fullmatch(rf"d\s*{_IDENTIFIER}\s*/\s*d\s*{_IDENTIFIER}", lhs):
            hint = "Derivatives are always taken with respect to time: 'dx/dt'."
    else:
        message = f"'{stripped.splitlines()[0]}' is not an equation"
    return EquationError(message, where, document, hint)


def _split_declaration(declaration: _Piece, document: str) -> tuple[str, str | None, int]:
    """Split ': unit (flags)' into the unit text, the flags text and the flags' offset."""
    text = declaration.text
    if "(" not in text:
        unit = text.strip()
        if not unit:
            raise EquationError(
                "The unit is missing after ':'",
                declaration.span(0),
                document,
                "Use e.g. 'volt', 'siemens/metre**2', '1' (dimensionless), 'boolean' or 'integer'.",
            )
        return unit, None, 0
    opening = text.index("(")
    closing = text.rfind(")")
    if closing < opening or text[closing + 1 :].strip():
        raise EquationError(
            "Flags must be written in parentheses at the end of the line, e.g. '(constant)'",
            declaration.span(opening, opening + 1),
            document,
        )
    unit = text[:opening].strip()
    if not unit:
        raise EquationError("The unit is missing before the flags", declaration.span(0), document)
    return unit, text[opening + 1 : closing], opening + 1


def _parse_flags(
    flags_text: str | None, declaration: _Piece, offset: int, document: str
) -> tuple[str, ...]:
    if flags_text is None:
        return ()
    flags: list[str] = []
    position = offset
    for raw in flags_text.split(","):
        flag = " ".join(raw.split())
        start = position + len(raw) - len(raw.lstrip())
        span = declaration.span(start, start + len(raw.strip()))
        position += len(raw) + 1
        if not flag:
            raise EquationError("Empty flag", span, document)
        if flag not in KNOWN_FLAGS:
            close = difflib.get_close_matches(flag, sorted(KNOWN_FLAGS), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else None
            raise EquationError(f"Unknown flag '{flag}'", span, document, hint)
        if flag in flags:
            raise EquationError(f"The flag '{flag}' is given twice", span, document)
        flags.append(flag)
    return tuple(flags)


# -- unit declarations ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _base_units() -> dict[str, Unit]:
    """Return the units allowed in declarations: unscaled (scale 1), not ``metre2``."""
    return {
        name: unit
        for name, unit in DEFAULT_UNITS.items()
        if float(unit) == 1.0 and not name[-1].isdigit()
    }


def parse_unit_declaration(text: str) -> tuple[Dimension, str]:
    """Return the dimensions and variable type declared by a unit text.

    ``"1"`` is a dimensionless float, ``"boolean"`` and ``"integer"`` dimensionless booleans
    and integers; otherwise the text is a product of powers of unscaled units
    (``"siemens/metre**2"``, ``"1/second"``). Scaled units such as ``mV`` are refused with the
    base unit to use instead, since values are stored in base units.

    Raises
    ------
    EquationError
        If the text is not such a unit (positions are relative to ``text``).
    """
    stripped = text.strip()
    if stripped == "1":
        return DIMENSIONLESS, FLOAT
    if stripped == "boolean":
        return DIMENSIONLESS, BOOLEAN
    if stripped == "integer":
        return DIMENSIONLESS, INTEGER
    if stripped in ("bool", "int", "float"):
        replacement = {"bool": "boolean", "int": "integer", "float": "1"}[stripped]
        raise EquationError(
            f"'{stripped}' is not a unit; write '{replacement}' for a {replacement} variable"
            if stripped != "float"
            else "'float' is not a unit; write '1' for a dimensionless variable"
        )
    try:
        expression = parse_expression(stripped)
    except ExpressionError as error:
        raise EquationError(f"'{stripped}' is not a valid unit: {error.message}") from None
    return _evaluate_unit(expression.tree, stripped), FLOAT


def _evaluate_unit(node: ast.AST, text: str) -> Dimension:
    """Evaluate a unit expression to its dimensions, accepting only units, *, / and **."""
    if isinstance(node, ast.Name):
        units = _base_units()
        if node.id in units:
            return units[node.id].dim
        if node.id in DEFAULT_UNITS:
            base = repr(get_unit(DEFAULT_UNITS[node.id].dim))
            if base not in units:  # e.g. the base unit of mV**2 has no single name
                base = str(get_unit(DEFAULT_UNITS[node.id].dim))
            raise EquationError(
                f"The unit '{node.id}' is not a base unit; declare variables in base units",
                hint=f"Use '{base}' instead (values are stored in base units).",
            )
        close = difflib.get_close_matches(node.id, list(units), n=2)
        hint = ("Did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else None
        raise EquationError(f"Unknown unit '{node.id}' in '{text}'", hint=hint)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            exponent = _number(node.right)
            if exponent is None:
                raise EquationError(f"In '{text}', units can only be raised to a number")
            return _evaluate_unit(node.left, text) ** exponent
        if isinstance(node.op, ast.Div) and _number(node.left) == 1:
            return DIMENSIONLESS / _evaluate_unit(node.right, text)
        if isinstance(node.op, (ast.Mult, ast.Div)):
            left, right = _evaluate_unit(node.left, text), _evaluate_unit(node.right, text)
            return left * right if isinstance(node.op, ast.Mult) else left / right
    if _number(node) is not None:
        raise EquationError(
            f"'{text}' contains a number: declarations take units only",
            hint="Write e.g. 'siemens/metre**2', not '1*siemens/metre**2'.",
        )
    raise EquationError(f"'{text}' is not a unit (only units, '*', '/' and '**' are allowed)")


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value) if not isinstance(node.value, bool) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    return None
