"""How the exported script writes values and code as text: numbers, calls, headings.

Pure text functions shared by `engine.project.export` and `engine.project.export_results`;
none of them reads a project.
"""

from __future__ import annotations

import ast
import textwrap
from typing import Any

import numpy as np

from engine.codegen.quoting import is_identifier, printable, string_literal
from engine.parsing.expressions import Expression

#: Lines longer than this are split (one argument per line, long lists wrapped).
LINE_LENGTH = 99


def one_line(text: str) -> str:
    """Return text on one line (its runs of white space as one space), printable."""
    return printable(" ".join(text.split()))


def wrap_list(text: str, width: int = LINE_LENGTH - 8) -> str:
    """Wrap a long list of numbers at its commas (continuation lines are inside brackets)."""
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, subsequent_indent=" ", break_long_words=False))


def float_text(value: float) -> str:
    """Return a number as Python (``np.inf`` for infinity)."""
    if np.isfinite(value):
        return repr(float(value))
    return "np.inf" if value > 0 else "-np.inf"


def array_text(values: np.ndarray, whole: bool) -> str:
    """Return a number, or a list (of lists) of numbers, as Python; ``whole``: as integers."""
    if values.ndim == 0:
        return str(int(values)) if whole else float_text(float(values))
    if values.ndim == 2:
        return "[" + ", ".join(array_text(row, whole) for row in values) + "]"
    return "[" + ", ".join(str(int(v)) if whole else float_text(v) for v in values) + "]"


def wrapped_call(head: str, arguments: str, indent: str) -> list[str]:
    """Return ``head(arguments)`` as one line, or with the arguments on a line of their own."""
    line = f"{head}({arguments})"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"{head}(", f"{indent}    {arguments},", f"{indent})"]


def expression_text(text: str, expression: Expression) -> str:
    """Return the text as typed if Python reads it, on one line, as the same tree; else the tree."""
    stripped = text.strip()
    simple = bool(stripped) and stripped.isprintable() and not {"#", "\\"} & set(stripped)
    if simple:
        try:
            tree = ast.parse(stripped, mode="eval").body
        except (SyntaxError, ValueError):
            tree = None
        if tree is not None and ast.dump(tree) == ast.dump(expression.tree):
            return stripped
    return ast.unparse(expression.tree)


def plain_text(value: Any) -> str:
    """Return a plain value as Python: only numbers, strings, booleans and lists of them."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(plain_text(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} into a script")  # pragma: no cover


def attribute(obj: str, name: str) -> str:
    """Return ``obj.name``, or ``getattr(obj, 'name')`` for a name that is no identifier."""
    return f"{obj}.{name}" if is_identifier(name) else f"getattr({obj}, {string_literal(name)})"


def call_lines(head: str, args: list[str], kwargs: list[tuple[str, str]]) -> list[str]:
    """Return a call on one line, or with an argument per line when it is too long."""
    parts = [*args, *(f"{key}={value}" for key, value in kwargs)]
    line = f"{head}({', '.join(parts)})"
    if len(line) <= LINE_LENGTH and "\n" not in line:
        return [line]
    lines = [f"{head}("]
    for part in parts:
        lines += textwrap.indent(f"{part},", "    ").splitlines()
    return [*lines, ")"]


def heading_line(title: str) -> str:
    """Return the comment line that opens a section of the script."""
    return f"# -- {title} ".ljust(LINE_LENGTH - 1, "-")


def paragraphs(text: str) -> str:
    """Wrap each paragraph (lines are kept where the text breaks them)."""
    lines = []
    for line in text.splitlines():
        wrapped = textwrap.wrap(printable(line), LINE_LENGTH - 4, break_long_words=False)
        lines += wrapped or [""]
    return "\n".join(lines)
