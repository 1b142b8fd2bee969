"""The cython target: operations compiled to C loops over their elements, released from the GIL.

`CythonTarget.compile` turns an operation into a code object at once, but the code is compiled
later, in one module with every operation of the network (one compiler run per network, not per
operation): the first call of any of them builds the module of all those waiting
(`engine.codegen.cython.build`, cached on disk by a hash of the code). Called on its own, a
compiled operation runs its scalar block on numpy, as the numpy target does, then its loop over
elements in C without the GIL. Constants are arguments, not code: changing a parameter never
compiles again.

What is compiled: state updates, thresholds, resets, summed variables, spike, rate and state
monitors and synaptic propagation (the loop over the synapses whose events arrive, one after
the other, as their code means). Every other operation — and any operation using a Python
function, ``poisson()``, or random numbers in synaptic code that numpy runs in rounds — runs on
the numpy target, with the same results. Functions such as ``exp`` are computed as numpy
computes them on this machine: by the C library where it agrees with numpy, else by numpy's own
loops (`engine.codegen.cython.numpy_loops`). If the compiler fails, the waiting operations run on
numpy and a warning says why. When a whole network is compiled (no Python objects in its
schedule), the module also holds its schedule as one loop over time steps
(`engine.codegen.cython.schedule`).
"""

from __future__ import annotations

import ast
import warnings
from typing import Any

import numpy as np

from engine.codegen.cython import functions, numpy_loops
from engine.codegen.cython.blocks import BLOCK, blocked_loop
from engine.codegen.cython.build import ADDRESS_FUNCTION, CompileError, build_module
from engine.codegen.cython.frames import FRAMES, Frame, indented
from engine.codegen.cython.generator import C_TYPES, Loop, local
from engine.codegen.cython.renderer import UnsupportedExpression
from engine.codegen.cython.schedule import CompiledSchedule
from engine.codegen.numpy import NumpyTarget, namespace_of, stateful_names
from engine.codegen.numpy.generator import Block, storage_expression
from engine.codegen.operations import FUNCTION_NAME, Array, Operation, named
from engine.codegen.quoting import printable
from engine.parsing.expressions import called_name

__all__ = ["COMPILED_TEMPLATES", "CythonCodeObject", "CythonTarget"]

#: The operations compiled to C; the others run on numpy.
COMPILED_TEMPLATES = tuple(FRAMES)

#: The operations whose elements are independent (each reads and writes its own values only):
#: their loops run in blocks where they call numpy's loops (`engine.codegen.cython.blocks`).
BLOCKED_TEMPLATES = ("stateupdate",)

_DIRECTIVES = """\
# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""

#: What the prelude's own helpers (``//``, ``%``) and the loops' arrays need from C.
_CIMPORTS = (
    ("libc.math", "copysign"),
    ("libc.math", "floor"),
    ("libc.math", "fmod"),
    ("libc.stdint", "int32_t"),
    ("libc.stdint", "int64_t"),
    ("libc.stdint", "uint8_t"),
    ("libc.stdlib", "calloc"),  # the double sums of a single-precision summed variable
    ("libc.stdlib", "free"),
)

_OPERATORS = """

cdef inline double _floordiv(double a, double b) noexcept nogil:
    # numpy's floor_divide for floats
    cdef double mod, div, result
    if b == 0:
        return a / b
    mod = fmod(a, b)
    div = (a - mod) / b
    if mod != 0 and ((b < 0) != (mod < 0)):
        div -= 1.0
    if div != 0:
        result = floor(div)
        if div - result > 0.5:
            result += 1.0
    else:
        result = copysign(0.0, a / b)
    return result


cdef inline double _mod(double a, double b) noexcept nogil:
    # numpy's remainder for floats: the sign of the divisor
    cdef double mod
    if b == 0:
        return fmod(a, b)
    mod = fmod(a, b)
    if mod != 0:
        if (b < 0) != (mod < 0):
            mod += b
    else:
        mod = copysign(0.0, b)
    return mod
"""


def prelude(chosen: dict[str, str | None]) -> str:
    """Return the start of every compiled module: cimports, operators and functions' helpers.

    ``chosen`` says how compiled code computes each function here
    (`engine.codegen.cython.numpy_loops.implementations`).
    """
    cimports = functions.cimport_lines([*_CIMPORTS, *numpy_loops.CIMPORTS])
    return (
        _DIRECTIVES
        + cimports
        + ADDRESS_FUNCTION
        + _OPERATORS
        + numpy_loops.prelude(chosen)
        + functions.support_code(chosen)
    )


class CythonTarget:
    """Compiles neuron and synaptic loops to C; runs other operations on numpy.

    Attributes
    ----------
    builds
        How many modules this target compiled (rather than found already built).
    """

    name = "cython"

    def __init__(self) -> None:
        self._numpy = NumpyTarget()
        self._waiting: list[CythonCodeObject] = []
        self._schedule: CompiledSchedule | None = None
        self.builds = 0

    def compile(self, operation: Operation) -> Any:
        """Return the code object of ``operation``: compiled code, or numpy code."""
        if operation.template not in COMPILED_TEMPLATES:
            return self._numpy.compile(operation)
        try:
            code = CythonCodeObject(self, operation)
        except UnsupportedExpression:
            return self._numpy.compile(operation)
        code.kernel_name = f"_loop{len(self._waiting)}"
        self._waiting.append(code)
        return code

    def compile_schedule(
        self, parts: list[dict[str, Any]], clocks: list[Any]
    ) -> CompiledSchedule | None:
        """Return the compiled schedule of a network's steps, or None if some cannot be compiled.

        Parameters
        ----------
        parts
            What each active object does per step, in schedule order
            (`engine.core.base.EngineObject.step_parts`), with the position of its clock in
            ``clocks`` under ``"clock"``; their code objects must be waiting to be built: the
            schedule is built in their module.
        clocks
            The network's clocks.
        """
        if any(code not in self._waiting for code in (part["code"] for part in parts)):
            return None
        try:
            self._schedule = CompiledSchedule(parts, clocks)
        except UnsupportedExpression:
            return None
        return self._schedule

    def build_waiting(self) -> None:
        """Compile every operation waiting, in one module (or run them on numpy if that fails)."""
        waiting, self._waiting = self._waiting, []
        schedule, self._schedule = self._schedule, None
        if not waiting:
            return
        source = prelude(numpy_loops.implementations())
        source += functions.user_support_code(code.user_support for code in waiting)
        source += "".join(code.kernel_source for code in waiting)
        if schedule is not None:
            source += schedule.source
        try:
            module, built = build_module(source)
        except CompileError as error:
            warnings.warn(
                f"The compiled code of {', '.join(c.operation.owner for c in waiting)} could "
                f"not be built, so it runs on numpy (slower, same results): {error}",
                RuntimeWarning,
                stacklevel=2,
            )
            for code in waiting:
                code.fall_back(self._numpy.compile(code.operation))
            return
        self.builds += built
        for code in waiting:
            code.bind(getattr(module, code.kernel_name), module._address)
        if schedule is not None:
            schedule.bind(module)


class CythonCodeObject:
    """An operation whose loop over elements is compiled (once the target built its module).

    Attributes
    ----------
    operation
        What it was generated from.
    source
        The Python function around the loop, then the loop's Cython code.
    kernel_source, kernel_name
        The loop's Cython function and its name in the module (numbered when the module is
        built: names of objects appear nowhere in compiled code, so that the code of another
        network with the same models is the same, and found in the cache).
    """

    def __init__(self, target: CythonTarget, operation: Operation) -> None:
        self.operation = operation
        self._target = target
        self._function: Any = None
        self._fallback_source: str | None = None
        names = operation.names
        chosen = numpy_loops.implementations()
        unsupported = functions.not_compiled(chosen)
        outer = {s.var for s in operation.code.scalar if not isinstance(names.get(s.var), Array)}
        loop = Loop(
            names,
            outer=outer,
            unconditional=set(operation.options.get("unconditional", ())),
            blocked=operation.template in BLOCKED_TEMPLATES,
        )
        loop.add(operation.code.vector)
        body = loop.finish()
        used = {called_name(node) for s in operation.code.vector for node in _calls(s.expr.tree)}
        used |= {
            called_name(node)
            for value in names.values()
            if hasattr(value, "expr")
            for node in _calls(value.expr.tree)
        }
        if used & unsupported:
            raise UnsupportedExpression(f"{sorted(used & unsupported)} differ from numpy here")
        if loop.draws and _numpy_runs_in_rounds(operation):
            # numpy draws per round then, in an order a single loop does not reproduce
            raise UnsupportedExpression("random numbers in code run in rounds")
        self.kernel_name = ""
        #: The Cython code of the user functions the loop calls, by name.
        self.user_support = loop.user_support
        arrays = _template_arrays(operation)
        # Arrays reach the loop as addresses: far less code to compile than typed memoryviews.
        # A fixed array's address is taken once; a growable one's each call (it moves).
        parameters: dict[str, tuple[str, str]] = {}  # argument -> (C type, Python address)
        self._fixed: dict[str, str] = {}  # argument -> storage name
        #: The storage name of each array argument of the loop.
        self.storages: dict[str, str] = {}
        for array in {**loop.arrays, **arrays}.values():
            argument = loop.pointer(array.storage)
            if argument in parameters:
                continue
            self.storages[argument] = array.storage
            if array.dynamic:
                address = f"_address({storage_expression(array)})"
            else:
                address = f"_address{argument}"
                self._fixed[argument] = array.storage
            parameters[argument] = (C_TYPES[array.dtype], address)
        frame = FRAMES[operation.template](operation, loop, arrays)
        #: What the compiled schedule needs to call the loop (`engine.codegen.cython.schedule`).
        self.loop, self.parameters, self.frame = loop, parameters, frame
        self.namespace: dict[str, Any] = {}
        self._kernel_lines = self._kernel(loop, body, parameters, frame)
        self._wrapper_source = self._wrapper(loop, parameters, frame)

    @property
    def kernel_source(self) -> str:
        """The loop's Cython function."""
        return self._kernel_lines.replace("{kernel}", self.kernel_name or "_loop")

    @property
    def source(self) -> str:
        """The Python function around the loop, then the loop's Cython code."""
        if self._fallback_source is not None:
            return self._fallback_source
        return self._wrapper_source + "\n" + self.kernel_source

    # -- building ----------------------------------------------------------------------------

    def _kernel(
        self, loop: Loop, body: list[str], parameters: dict[str, tuple[str, str]], frame: Frame
    ) -> str:
        signature = self.signature(loop, parameters, frame)
        declared = [n for n in loop.temporaries if n not in loop.arguments]
        # The loop is a C function (the compiled schedule calls it); a Python function
        # releasing the GIL around it is what the operation's Python side calls each step.
        lines = [
            "",
            "",
            f"cdef Py_ssize_t {{kernel}}_c({', '.join(signature)}) noexcept nogil:",
            f"    # {self.operation.template}",
            "    cdef Py_ssize_t _i, _idx",
        ]
        lines += [
            f"    cdef {ctype}* {argument} = <{ctype}*>_address{argument}"
            for argument, (ctype, _) in parameters.items()
        ]
        lines += [
            f"    cdef double* _draw{k} = <double*>_address_draw{k}" for k in range(len(loop.draws))
        ]
        if loop.block_temporaries:  # numpy's loops called once per block of elements
            per_element = [local(name) for name in declared] + loop.block_temporaries
            lines += [f"    cdef double {name}[{BLOCK}]" for name in per_element]
            lines += ["    cdef Py_ssize_t _b, _j, _m"]
            lines += frame.declarations()
            element_lines = [*frame.before(), *body, *frame.after()]
            lines += blocked_loop(element_lines, frame.element(), per_element)
        else:
            lines += [f"    cdef double {local(name)}" for name in declared]
            lines += frame.declarations()
            lines += ["    for _i in range(_n):"]
            lines += indented([f"_idx = {frame.element()}", *frame.before(), *body, *frame.after()])
        lines += indented(frame.end(), " " * 4)
        lines.append(f"    return {frame.result()}")
        names = [parameter.split()[-1] for parameter in signature]
        lines += [
            "",
            "",
            f"def {{kernel}}({', '.join(signature)}):",
            "    cdef Py_ssize_t _result",
            "    with nogil:",
            f"        _result = {{kernel}}_c({', '.join(names)})",
            "    return _result",
        ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def signature(loop: Loop, parameters: dict[str, tuple[str, str]], frame: Frame) -> list[str]:
        """Return the parameters of the compiled loop, in order."""
        signature = ["Py_ssize_t _n", *frame.parameters()]
        signature += [f"size_t _address{argument}" for argument in parameters]
        signature += [f"double {local(name)}" for name in loop.arguments]
        signature += [f"size_t _address_draw{k}" for k in range(len(loop.draws))]
        return signature

    def _wrapper(self, loop: Loop, parameters: dict[str, tuple[str, str]], frame: Frame) -> str:
        operation = self.operation
        block = Block(
            operation.names,
            full=True,
            stateful=stateful_names(operation),
            unconditional=set(operation.options.get("unconditional", ())),
        )
        block.add_scalar(operation.code.scalar)
        lines = [f"def {FUNCTION_NAME}({frame.signature()}):", *frame.count()]
        lines += [f"    {line}" for line in block.finish()]
        for k, function in enumerate(loop.draws):
            lines.append(f"    _draw{k} = _f_{function}(_n)")
        lines += frame.before_call()
        arguments = ["_n", *frame.arguments()]
        arguments += [expression for _, expression in parameters.values()]
        # Constants are bound by name in the wrapper's namespace, the scalar block's results
        # are its locals: either way the name is the value.
        arguments += list(loop.arguments)
        arguments += [f"_address(_draw{k})" for k in range(len(loop.draws))]
        lines.append(f"    _count = _loop({', '.join(arguments)})")
        lines += frame.after_call()
        return "\n".join(lines) + "\n"

    def bind(self, kernel: Any, address: Any) -> None:
        """Use the compiled ``kernel`` and ``address`` (the module's, once it is built)."""
        namespace = self.namespace = namespace_of(self.operation)
        namespace["_loop"] = kernel
        namespace["_address"] = address
        namespace["_as_int32"] = _as_int32
        for argument, storage in self._fixed.items():
            namespace[f"_address{argument}"] = namespace[storage].ctypes.data
        exec(
            compile(
                self._wrapper_source,
                f"<compiled code of {printable(self.operation.name)}>",
                "exec",
            ),
            namespace,
        )
        self._function = namespace[FUNCTION_NAME]

    def fall_back(self, code_object: Any) -> None:
        """Run on ``code_object`` (numpy) instead: compiling failed."""
        self._function = code_object.function
        self._fallback_source = code_object.source

    @property
    def function(self) -> Any:
        """The function to call each step (building the target's waiting module first)."""
        if self._function is None:
            self._target.build_waiting()
        return self._function

    def __call__(self, *arguments: Any) -> Any:
        """Run the operation."""
        return self.function(*arguments)


def _numpy_runs_in_rounds(operation: Operation) -> bool:
    """Whether the numpy target runs the vector code in rounds (see its generator)."""
    repeated = frozenset(operation.options.get("repeated", ()))
    if not repeated:
        return False
    block = Block(operation.names, full=False, stateful=set(), repeated=repeated)
    block.add_vector(operation.code.vector)
    return bool(block.rounds)


def _as_int32(indices: Any) -> np.ndarray:
    return np.ascontiguousarray(indices, dtype=np.int32)


def _template_arrays(operation: Operation) -> dict[str, Array]:
    """Return the arrays the template itself uses, by key (and a monitor's recorded ones)."""
    arrays = {
        key: named(operation.names, name, Array)
        for key, name in operation.options.get("arrays", {}).items()
    }
    for _, name in operation.options.get("recorded", ()):
        arrays[name] = named(operation.names, name, Array)
    return arrays


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
