"""``docs/brian2-compatibility.md`` stays true: its lists are checked against both simulators.

* The names ``from brian2 import *`` gives (beyond numpy's and the units) that ``from engine
  import *`` lacks are exactly those the document's "Names the engine does not have" table
  lists — a name that lands must leave the table, a name that disappears must enter it.
* Every feature row cites the tests that show it (``tests/...py::test_name``): each must exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "brian2-compatibility.md"

# Run in Brian 2's environment: its public names that are neither numpy's nor units.
_BRIAN2_NAMES = """
namespace, numpy_names = {}, {}
exec("from brian2 import *", namespace)
exec("from numpy import *", numpy_names)
import brian2.units
units = set(brian2.units.__all__)
emit(sorted(n for n in namespace
            if not n.startswith("_") and n not in numpy_names and n not in units))
"""


def section(title: str) -> str:
    """The text of the document's section ``## title`` (up to the next ``## ``)."""
    text = DOCUMENT.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/brian2-compatibility.md has no section '## {title}'"
    return match.group(1)


def table_rows(text: str) -> list[list[str]]:
    """The cells of each row of the markdown tables in ``text`` (header and rule left out)."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return [row for row in rows if row and row[0].lower() not in {"name", "feature"}]


@pytest.mark.slow
def test_the_names_the_engine_lacks_are_exactly_those_the_document_lists(brian2):
    namespace: dict = {}
    exec("from engine import *", namespace)
    missing = {name for name in brian2(_BRIAN2_NAMES, {}) if name not in namespace}
    listed = {row[0].strip("`") for row in table_rows(section("Names the engine does not have"))}
    assert sorted(missing - listed) == [], "missing from the engine, not listed in the document"
    assert sorted(listed - missing) == [], "listed as missing, but the engine has them"


def test_every_feature_row_cites_tests_that_exist():
    cited = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", DOCUMENT.read_text(encoding="utf-8"))
    assert len(cited) >= 20
    for path, name in cited:
        source = ROOT / path
        assert source.is_file(), f"{path} (cited for {name}) does not exist"
        assert re.search(rf"^(async )?def {name}\(", source.read_text(), re.M), (
            f"{path} has no test {name}"
        )
