"""Every `# type: ignore` in the packages names its error code and says why (docs/developer.md).

mypy (in `make lint`) refuses an ignore without a code and one that has become unnecessary;
the reason is for the next reader, who must judge whether it still holds.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SOURCES = sorted(
    p
    for package in ("engine", "app")
    for pattern in ("*.py", "*.pyi")
    for p in (ROOT / package).rglob(pattern)
)

# `# type: ignore[code, code]`, then a comment of its own giving the reason.
RULE = re.compile(r"#\s*type:\s*ignore\[[-a-z]+(?:,\s*[-a-z]+)*\]\s+#\s*\S")


def ignores(source: str) -> list[tuple[int, str]]:
    """Return the comments of ``source`` that contain a type ignore, with their line numbers."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [
        (token.start[0], token.string)
        for token in tokens
        if token.type == tokenize.COMMENT and re.search(r"type:\s*ignore", token.string)
    ]


def test_the_rule_tells_a_reasoned_ignore_from_a_bare_one():
    assert RULE.search("# type: ignore[arg-type]  # numbers only (is_number)")
    assert RULE.search("# type: ignore[attr-defined, misc]  # NodeGraphQt has no stubs")
    assert not RULE.search("# type: ignore[arg-type]")
    assert not RULE.search("# type: ignore  # no code")
    assert not RULE.search("# type: ignore[arg-type]  #")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_ignore_names_its_code_and_says_why(path: Path):
    bare = [
        f"{path.relative_to(ROOT)}:{line}: {comment}"
        for line, comment in ignores(path.read_text(encoding="utf-8"))
        if not RULE.search(comment)
    ]
    assert not bare, "\n".join(bare)
