"""Choosing a code target: by name, or ``auto`` — compiled where a C compiler works."""

from __future__ import annotations

import pytest

from engine.codegen.cython import build as cython_build
from engine.codegen.targets import get_target


@pytest.fixture
def compiler(monkeypatch):
    """Pretend the compiler check found ``problem`` (None: a working compiler)."""

    def pretend(problem: str | None) -> None:
        monkeypatch.setattr(cython_build, "compiler_problem", lambda: problem)
        get_target.cache_clear()

    yield pretend
    get_target.cache_clear()


def test_auto_is_cython_where_a_compiler_works(compiler):
    compiler(None)
    assert get_target("auto").name == "cython"


def test_auto_is_numpy_where_no_compiler_works_and_cython_says_why(compiler):
    compiler("no C compiler found (set CC)")
    assert get_target("auto").name == "numpy"
    with pytest.raises(ValueError, match=r"'cython' is not available here: no C compiler found"):
        get_target("cython")


def test_an_unknown_target_is_named_with_the_choices():
    with pytest.raises(ValueError, match=r"Unknown code target 'gpu' \(use 'numpy', 'cython'"):
        get_target("gpu")
