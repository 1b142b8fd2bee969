"""No code reads an error's message to find out where it is or what kind of failure it is.

Errors carry their place as attributes (`engine.errors.ModelError`: ``span``, ``argument``,
``variable``, ``kind``; `EngineError`: ``object_name``; `BuildError`: ``node_id``, ``field``,
``line``...), set where the problem is known, and `engine.project.diagnostics.to_diagnostic`
turns them into a `Diagnostic`. This test reads the source of ``engine`` and ``app`` (as syntax
trees: comments and docstrings do not count) for the ways code once recovered them from the
text: regular expressions over a message, words looked up in it ("became" for NaN), the object
prefix ``Error in '...'`` outside the class that writes it, "(line N of the model)" read back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Names under which code holds an error's message text, or the error itself.
_MESSAGE_NAMES = {"message", "msg", "error_message"}
_ERROR_NAMES = {"error", "exc", "err", "e", "exception", "failure", "cause"}
# Methods of `re` and of compiled patterns that read a text.
_REGEX_METHODS = {"sub", "subn", "search", "match", "fullmatch", "findall", "finditer", "split"}
# Where the message is all there is: errors of Python and of other libraries, which have no
# attributes saying what is wrong. Each file, and why.
FOREIGN = {
    "engine/parsing/expressions.py": "Python's SyntaxError says what is wrong only in words",
}
# The one place that writes the object prefix of an engine error.
_PREFIX_WRITER = "engine/core/base.py"


def _is_message(node: ast.AST) -> bool:
    """Whether ``node`` is an error's message text: ``message``, ``x.message``, ``str(x)``."""
    if isinstance(node, ast.Name):
        return node.id in _MESSAGE_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in _MESSAGE_NAMES
    if isinstance(node, ast.Subscript):  # error.args[0]
        return isinstance(node.value, ast.Attribute) and node.value.attr == "args"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
        (argument,) = node.args or [None]
        return isinstance(argument, ast.Name) and argument.id in _ERROR_NAMES
    return False


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        value = first.value if isinstance(first, ast.Expr) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.add(id(value))
    return found


def problems(source: str, path: str = "<snippet>") -> Iterator[str]:
    """Yield each place in ``source`` that reads an error's message to decide something."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                contains = isinstance(op, (ast.In, ast.NotIn)) and _is_message(right)
                equals = isinstance(op, (ast.Eq, ast.NotEq)) and (
                    _is_message(left) or _is_message(right)
                )
                if contains or equals:
                    yield f"{where}: looks for words in a message"
                left = right
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in _REGEX_METHODS and any(_is_message(a) for a in node.args):
                yield f"{where}: a regular expression over a message"
            if method == "startswith" and _is_message(node.func.value):
                yield f"{where}: looks at how a message starts"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            if node.value.strip() == "became":
                yield f"{where}: looks for 'became' (a NaN is ErrorKind.NAN)"
            if "of the model\\)" in node.value:
                yield f"{where}: reads '(line N of the model)' back (the error has a span)"
            if "Error in '" in node.value and path != _PREFIX_WRITER:
                yield f"{where}: handles the object prefix (EngineError.message is without it)"


def _sources() -> list[Path]:
    return sorted(
        path
        for package in ("engine", "app")
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def test_no_code_of_the_engine_or_the_app_parses_an_error_message():
    found = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if relative in FOREIGN:
            continue
        found += problems(path.read_text(encoding="utf-8"), relative)
    assert not found, "\n".join(found)


def test_the_foreign_exceptions_are_still_needed():
    # An entry whose file no longer reads messages must go.
    for relative, why in FOREIGN.items():
        assert why
        assert list(problems((ROOT / relative).read_text(encoding="utf-8"), relative))


# What the code did before errors had attributes: each must be found.
OLD_CODE = [
    'message = re.sub(r"^Error in \'[^\']*\'(?: \\(created at [^)]*\\))?: ", "", message)',
    "_OBJECT_PREFIX = re.compile(r\"^Error in '[^']*'(?: \\(created at .*?\\))?: \")",
    'message = _OBJECT_PREFIX.sub("", error.message)',
    "found = _MODEL_LINE.search(message)",
    '_MODEL_LINE = re.compile(r"\\(line (\\d+) of the model\\)")',
    'if field_name is None and "became" in message:\n    pass',
    "found = [n for n, v in fields.items() if f\"'{v.strip()}'\" in message]",
    "names = re.findall(r\"'(\\w+)'\", message)",
    'if "became" in str(error):\n    pass',
    'if error.args[0] == "x":\n    pass',
    'if error.message.startswith("Error"):\n    pass',
]


@pytest.mark.parametrize("code", OLD_CODE)
def test_the_check_finds_each_way_messages_were_parsed(code):
    assert list(problems(code)), code


def test_the_check_lets_messages_be_written_and_shown():
    code = (
        'raise BuildError(f"{error.message} ({hint})")\n'
        "print(str(error))\n"
        "label.setText(diagnostic.message)\n"
        'if "\\n" not in text:\n    pass\n'
    )
    assert not list(problems(code))
