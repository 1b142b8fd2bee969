"""The registry of code targets, and the one chosen by ``prefs.codegen.target``."""

from __future__ import annotations

from functools import cache
from typing import Protocol

from engine.codegen.operations import Operation

__all__ = ["CodeObject", "Target", "get_target"]


class CodeObject(Protocol):
    """A compiled operation: call it to do the operation's work."""

    source: str

    def __call__(self, *arguments: object) -> object:
        """Run the operation."""


class Target(Protocol):
    """Turns operations into code objects."""

    name: str

    def compile(self, operation: Operation) -> CodeObject:
        """Turn ``operation`` into a code object."""


@cache
def get_target(name: str) -> Target:
    """Return the target called ``name`` (``"numpy"``; ``"auto"`` picks the best available).

    Raises
    ------
    ValueError
        For an unknown or unavailable target.
    """
    if name in ("numpy", "auto"):
        from engine.codegen.numpy import NumpyTarget  # deferred: it loads jinja2

        return NumpyTarget()
    raise ValueError(f"The code target '{name}' is not available (available: 'numpy', 'auto')")
