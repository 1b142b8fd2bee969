"""The one way user text enters generated code: as an escaped string literal or comment.

Generated code — numpy functions, Cython modules, exported scripts — is written by the engine,
but some of what it mentions was typed by someone else: object names, notes, titles, values
read from a project file that anyone may have written. Such text must never become code. This
module is the only place that puts it into source text:

* `string_literal` writes any text as a Python string literal whose value is exactly that text;
* `comment_lines` writes text as comment lines that no character can end early;
* `identifier` lets through a name that is to be written as a name (a variable of an exported
  script), after checking that it is one — it never escapes, it refuses.

Every generator and `engine.project.export` use these; generated functions all have the same
name (`engine.codegen.operations.FUNCTION_NAME`), so object names appear in generated code
only in comments (``tests/security/test_generated_code.py`` checks both targets). Model text —
equations, conditions, statements — is not user text in this sense: it reaches generated code
only as the tree the restricted parser built from it, whose names are checked identifiers.
"""

from __future__ import annotations

import ast
import keyword
import re

__all__ = ["comment_lines", "identifier", "is_identifier", "printable", "string_literal"]

# Brian 2's rule for the names of objects and variables, without its leading underscore (names
# starting with one are reserved for the engine's own variables).
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def string_literal(text: str, *, block: bool = False) -> str:
    """Return a Python string literal whose value is exactly ``text``.

    Text without line breaks is written between double quotes (single quotes if it holds
    double quotes but no single ones), with escapes. Text with line breaks is written between
    triple quotes, line by line (with ``block``, the first line starts on the line after the
    opening quotes, behind a line continuation, so that all lines start in the first column);
    backslashes, the quote character when needed, and characters that are not printable are
    escaped. The result is checked by reading it back.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"only text can be quoted, not {type(text).__name__}")
    if "\n" not in text:
        if '"' in text and "'" not in text:
            return repr(text)
        body = "".join("\\t" if c == "\t" else _escaped(c) for c in text)
        literal = '"' + body.replace('"', '\\"') + '"'
        return literal if _reads_back(literal, text) else repr(text)
    quote = next((q for q in ('"', "'") if q * 3 not in text and not text.endswith(q)), None)
    body = "".join(_escaped(char) for char in text)
    if quote is None:
        quote = '"'
        body = body.replace('"', '\\"')
    opening = quote * 3
    if block and not text.startswith("\n"):
        opening += "\\\n"
    literal = f"{opening}{body}{quote * 3}"
    return literal if _reads_back(literal, text) else repr(text)


def comment_lines(text: str, prefix: str = "# ") -> list[str]:
    """Return ``text`` as comment lines, one per line of the text.

    Every character that is not printable — line and paragraph separators, carriage returns,
    NUL — is written as its escape sequence, so nothing in ``text`` can end a comment and
    start code.
    """
    if not isinstance(text, str):
        raise TypeError(f"only text can be a comment, not {type(text).__name__}")
    lines = text.strip().splitlines() or [""]
    return [(prefix + printable(line)).rstrip() for line in lines]


def printable(text: str) -> str:
    """Return ``text`` with every character that is not printable (tabs aside) escaped."""
    return "".join(c if c.isprintable() or c == "\t" else _escape_sequence(c) for c in text)


def is_identifier(name: object) -> bool:
    """Whether ``name`` may be written into code as a name: Brian 2's rule, ASCII, no keyword.

    Names starting with an underscore are refused: they belong to the engine.
    """
    return (
        isinstance(name, str)
        and _IDENTIFIER.fullmatch(name) is not None
        and not keyword.iskeyword(name)
        and not keyword.issoftkeyword(name)
    )


def identifier(name: str, what: str = "name") -> str:
    """Return ``name`` unchanged if it may be written into code as a name (`is_identifier`).

    Raises
    ------
    ValueError
        If it may not, saying why.
    """
    if not is_identifier(name):
        shown = printable(name) if isinstance(name, str) else type(name).__name__
        raise ValueError(
            f"'{shown[:60]}' is not a valid {what}: use letters, digits and '_', starting with a "
            "letter, and no Python keyword"
        )
    return name


def _escaped(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char in "\n\t" or char.isprintable():
        return char
    return _escape_sequence(char)


def _escape_sequence(char: str) -> str:
    return repr(char)[1:-1]


def _reads_back(literal: str, text: str) -> bool:
    try:
        value: object = ast.literal_eval(literal)
        return value == text
    except (SyntaxError, ValueError):  # pragma: no cover - the escaping above prevents it
        return False
