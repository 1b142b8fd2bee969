"""Code generation: abstract code, and (later) its translation to numpy and Cython targets."""

from engine.codegen.abstractcode import AbstractCode, hoist_scalars, make_statement

__all__ = ["AbstractCode", "hoist_scalars", "make_statement"]
