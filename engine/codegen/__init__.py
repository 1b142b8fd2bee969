"""Code generation: abstract code, operations, and the code targets that run them.

Groups, synapses and monitors describe each piece of their work as an `Operation` of abstract
code (`engine.codegen.operations`); a code target (`engine.codegen.targets`) turns it into a
callable: the numpy target (`engine.codegen.numpy`) into a Python function over arrays, the
cython target (`engine.codegen.cython`) into a compiled C loop.
"""

from engine.codegen.abstractcode import AbstractCode, hoist_scalars, make_statement

__all__ = ["AbstractCode", "hoist_scalars", "make_statement"]
