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
    """Return the target called ``name``: ``"numpy"``, ``"cython"``, or ``"auto"``.

    ``"auto"`` is cython where a working C compiler is found (checked once, by compiling a
    one-line module, or finding it built), numpy otherwise.

    Raises
    ------
    ValueError
        For an unknown target, or ``"cython"`` where no working compiler is found (the message
        says why).
    """
    if name == "auto":
        from engine.codegen.cython.build import compiler_problem

        return get_target("numpy" if compiler_problem() is not None else "cython")
    if name == "numpy":
        from engine.codegen.numpy import NumpyTarget  # deferred: it loads jinja2

        return NumpyTarget()
    if name == "cython":
        from engine.codegen.cython import CythonTarget
        from engine.codegen.cython.build import compiler_problem

        problem = compiler_problem()
        if problem is not None:
            raise ValueError(f"The code target 'cython' is not available here: {problem}")
        return CythonTarget()
    raise ValueError(f"Unknown code target '{name}' (use 'numpy', 'cython' or 'auto')")
