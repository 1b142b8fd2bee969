"""Syntax colours of model text: units, flags, unit declarations, names, numbers, comments.

`tokens` splits one line of model text into coloured stretches (pure Python, so the rules are
easy to test); `ModelHighlighter` applies them to a text document with colours derived from
the editor's palette, so that they stay readable on light and dark backgrounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6 import QtGui

from app.inspector.feedback import is_dark
from engine.equations import RESERVED_NAMES
from engine.equations.single import KNOWN_FLAGS
from engine.parsing import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.units import DEFAULT_UNITS

__all__ = ["KINDS", "ModelHighlighter", "Token", "tokens"]

#: Every kind of token, in the order of the legend.
KINDS = (
    "identifier",
    "unit",
    "declaration",
    "flag",
    "number",
    "function",
    "keyword",
    "operator",
    "comment",
)

# Names with a meaning of their own in model text (time, index, noise...) and Python's
# logical words, shown as keywords.
_KEYWORDS = (
    frozenset(RESERVED_NAMES)
    | {
        "and",
        "or",
        "not",
        "True",
        "False",
        "for",
        "in",
        "if",
        "range",
        "lastspike",
        "not_refractory",
    }
    | set(DEFAULT_CONSTANTS)
)
# Words of unit declarations that are not units.
_DECLARATION_WORDS = frozenset({"boolean", "integer", "1"})

_TOKEN = re.compile(
    r"(?P<comment>\#.*)"
    r"|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<operator>\*\*|[-+*/%=<>!&|^~]=?|[(),:\[\]])"
)
# A flag list ends an equation line: "(unless refractory, constant over dt)".
_FLAGS = re.compile(r"\(([^()]*)\)\s*(?:#.*)?$")


@dataclass(frozen=True)
class Token:
    """A coloured stretch of a line: where it starts, its length and its kind (`KINDS`)."""

    start: int
    length: int
    kind: str


def tokens(line: str) -> list[Token]:
    """Return the coloured stretches of one line of model text, left to right.

    Equations declare units after a colon (``dv/dt = -v/tau : volt (unless refractory)``):
    that part is a declaration and the parenthesised list after it holds flags. Thresholds,
    resets and conditions have no such colon, so all of their names are coloured as names.
    """
    comment = line.find("#")
    code = line if comment < 0 else line[:comment]
    declaration_start = _declaration_start(code)
    flags_span: tuple[int, int] | None = None
    if declaration_start is not None:
        match = _FLAGS.search(code, declaration_start)
        if match and _all_flags(match.group(1)):
            flags_span = (match.start(), match.start() + len(match.group(0).rstrip()))
    found: list[Token] = []
    for match in _TOKEN.finditer(line):
        start, end = match.span()
        kind = match.lastgroup or "operator"
        if kind == "comment":
            found.append(Token(start, end - start, "comment"))
            continue
        if flags_span is not None and flags_span[0] <= start < flags_span[1]:
            if not found or found[-1].kind != "flag" or found[-1].start != flags_span[0]:
                found.append(Token(flags_span[0], flags_span[1] - flags_span[0], "flag"))
            continue
        in_declaration = declaration_start is not None and start > declaration_start
        if kind == "name":
            kind = _name_kind(line, match.group(0), end, in_declaration)
        elif kind == "number" and in_declaration:
            kind = "declaration"
        found.append(Token(start, end - start, kind))
    return found


def _declaration_start(code: str) -> int | None:
    """Return where the unit declaration's colon is, or None for a line without one."""
    depth = 0
    for index, char in enumerate(code):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == ":" and depth == 0:
            return index
    return None


def _all_flags(text: str) -> bool:
    parts = [part.strip() for part in text.split(",")]
    return bool(parts) and all(part in KNOWN_FLAGS for part in parts)


def _name_kind(line: str, name: str, end: int, in_declaration: bool) -> str:
    if in_declaration:
        return "unit" if name in DEFAULT_UNITS else "declaration"
    if name in DEFAULT_FUNCTIONS and line[end:].lstrip().startswith("("):
        return "function"
    if name in DEFAULT_UNITS:
        return "unit"
    if name in _KEYWORDS:
        return "keyword"
    return "identifier"


# Colours of each kind on a light and on a dark background. Identifiers keep the text colour.
_COLORS: dict[str, tuple[str, str]] = {
    "unit": ("#00796b", "#4fd1c5"),
    "declaration": ("#00796b", "#4fd1c5"),
    "flag": ("#8e24aa", "#d59be6"),
    "number": ("#b35c00", "#f2a65a"),
    "function": ("#1a5fb4", "#8cb4ff"),
    "keyword": ("#a51d5a", "#f58fb8"),
    "operator": ("#5e6570", "#a7afba"),
    "comment": ("#6e7781", "#8b949e"),
}


def formats_for(palette: QtGui.QPalette) -> dict[str, QtGui.QTextCharFormat]:
    """Return the character format of each token kind on ``palette``."""
    dark = is_dark(palette)
    formats: dict[str, QtGui.QTextCharFormat] = {}
    for kind in KINDS:
        fmt = QtGui.QTextCharFormat()
        if kind == "identifier":
            fmt.setForeground(palette.color(QtGui.QPalette.ColorRole.Text))
        else:
            light_color, dark_color = _COLORS[kind]
            fmt.setForeground(QtGui.QColor(dark_color if dark else light_color))
        if kind in ("declaration", "comment"):
            fmt.setFontItalic(True)
        if kind == "flag":
            fmt.setFontWeight(QtGui.QFont.Weight.DemiBold)
        formats[kind] = fmt
    return formats


class ModelHighlighter(QtGui.QSyntaxHighlighter):
    """Colours model text in a document (see `tokens`), with the colours of a palette."""

    def __init__(self, document: QtGui.QTextDocument, palette: QtGui.QPalette) -> None:
        super().__init__(document)
        self.formats = formats_for(palette)

    def set_palette(self, palette: QtGui.QPalette) -> None:
        """Use the colours of ``palette`` (after a light/dark switch) and recolour."""
        self.formats = formats_for(palette)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        """Colour one line."""
        for token in tokens(text):
            self.setFormat(token.start, token.length, self.formats[token.kind])
