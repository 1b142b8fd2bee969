"""The table of the model language's functions: one `FunctionSpec` per function, with all of it.

A function of the language is described once, by a `FunctionSpec` given to `register`: its name
and argument count, how it treats units, the type of its result, whether it draws random
numbers, and its implementation for each place that computes it:

- ``numpy``: on numpy arrays of SI values (the numpy target, and what compiled code leaves to it);
- ``c``: on C doubles, in compiled loops (`CImplementation`);
- ``constant``: on Python numbers and quantities (`engine.equations.evaluate_constant`, and
  sympy where it folds a call of constants);
- ``sympy``: the name of the sympy function that stands for it in equations.

Every other table of functions is derived from `DEFAULT_FUNCTIONS`: the parser's names, the unit
checker's rules, the numpy target's namespace, the cython target's templates, helpers, cimports
and compiler flags, the constant evaluator, the sympy conversion. The built-in functions
register themselves in `engine.parsing.functions` (the one file to edit to add one); functions
of users will register through the same `register`.

This module imports nothing heavy: implementations are given by the registering module.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from engine.parsing.expressions import validate_identifier_syntax

__all__ = [
    "DEFAULT_FUNCTIONS",
    "ArgumentRule",
    "ArgumentTypeError",
    "CImplementation",
    "FunctionSpec",
    "FunctionTable",
    "IntegerRangeError",
    "ResultRule",
    "ResultType",
    "SameAs",
    "register",
]


@dataclass(frozen=True)
class SameAs:
    """Unit rule: this argument must have the unit of argument number ``index`` (0-based)."""

    index: int


#: How an argument's unit is constrained: ``"any"``, ``"dimensionless"``, ``"time"``,
#: ``SameAs(k)``, or a dimension (anything `engine.units.get_dimensions` understands).
ArgumentRule = object
#: The unit of the result: ``"dimensionless"``, ``"first"`` (that of argument 0), ``"sqrt"``
#: (the square root of argument 0's), a dimension, or a function from the arguments'
#: dimensions to the result's.
ResultRule = object
#: The type of a result: ``"highest"`` is that of the widest argument (a condition counting
#: as an integer), as in Brian 2: ``abs`` of an integer is an integer.
ResultType = Literal["float", "integer", "boolean", "highest"]


class ArgumentTypeError(TypeError):
    """A function was called with an argument of a type it does not take (Brian 2's TypeError).

    Attributes
    ----------
    function
        The function's name.
    position
        The argument's position (1 for the first).
    expected, found
        The type the function takes there, and the argument's type.
    """

    def __init__(
        self, message: str, function: str, position: int, expected: str, found: str
    ) -> None:
        super().__init__(message)
        self.function = function
        self.position = position
        self.expected = expected
        self.found = found


class IntegerRangeError(ArithmeticError):
    """A function with an integer result was given a value beyond the integers it gives.

    Only the constant implementations raise it: compiled code and numpy give such values no
    meaning (both return the smallest integer on x86), so a constant refuses them, and sympy
    leaves the call to the targets rather than fold it into another number.
    """


@dataclass(frozen=True)
class CImplementation:
    """How compiled code computes a function, on C doubles.

    Attributes
    ----------
    call
        The C expression of a call: ``{0}`` stands for the first argument's expression, ``{1}``
        for the second's... (``"_sign({0})"``). None for a random function whose values are
        drawn before the loop (see ``sampler``).
    varying_call
        The C expression of a call where an argument after the first varies between elements
        in numpy's code, if it differs from ``call``: numpy then runs another loop, which may
        give other values (``clip`` breaks ties otherwise).
    support
        Cython definitions the call needs, at module level (``cdef inline`` functions whose
        names start with ``_``), written once into every compiled module. It may insert the
        compiled expression of another function of the language, applied to ``x``, as
        ``{name}`` (that function then belongs in ``uses``).
    uses
        The functions whose compiled expression ``support`` inserts: if compiled code cannot
        compute one of them here, it does not compute this one either.
    cimports
        The ``(module, name)`` pairs the call and support need (``("libc.math", "exp")``).
    library
        The C library's function computing it, where numpy may round otherwise: compiled
        code calls it where it gives numpy's values on this machine, else numpy's own loop
        (the ufunc of the function's name), else leaves it to the numpy target
        (`engine.codegen.cython.numpy_loops` decides, per machine).
    exact
        Whether the C library's result is exactly rounded (IEEE 754 requires it of ``sqrt``):
        only then may the compiler compute a call of constants itself.
    sampler
        For a random function: numpy's C function filling an array with its draws
        (``void f(bitgen_t*, npy_intp count, double* out)`` of ``numpy/random/distributions.h``),
        the one its numpy implementation's `Generator` method calls, so both targets draw
        the same numbers.
    """

    call: str | None = None
    varying_call: str | None = None
    support: str = ""
    uses: tuple[str, ...] = ()
    cimports: tuple[tuple[str, str], ...] = ()
    library: str | None = None
    exact: bool = False
    sampler: str | None = None


@dataclass(frozen=True)
class FunctionSpec:
    """A function of the model language: how it is checked, and how each target computes it.

    Attributes
    ----------
    name
        The name it is called by in expressions.
    arguments
        One unit rule per argument (so also the number of arguments).
    result
        The unit rule of the result.
    returns
        The type of the result (see `ResultType`).
    stateful
        Whether each call gives a new value (``rand()``): such calls may never be merged or
        reordered, are evaluated once per element, and cannot be part of a constant.
    numpy
        Its implementation on numpy arrays (and numpy scalars) of SI values. A stateful
        function gets the number of values to draw as an extra, last argument.
    c
        Its implementation in compiled code, or None: operations calling it run on numpy.
    constant
        Its implementation on Python numbers and quantities (with units), giving Python
        numbers of its result type; None for stateful functions.
    sympy
        The name of its sympy function (``"asin"``; ``exprel``, ``int_`` and ``clip`` are the
        engine's own, in `engine.parsing.sympytools`), or None for an opaque sympy function
        of its own name.
    takes_booleans
        Whether a condition reaches it as it is (True/False). Otherwise, as everywhere in
        arithmetic, a condition counts 0 or 1 (``exp(v > 1)`` is ``exp(int(v > 1))``).
    argument_types
        The type each argument must have (``"boolean"``, ``"integer"``, ``"float"``), or
        ``"any"``; empty for any type everywhere (the built-ins).
    """

    name: str
    arguments: tuple[ArgumentRule, ...]
    result: ResultRule = "dimensionless"
    returns: ResultType = "float"
    stateful: bool = False
    numpy: Callable[..., object] | None = None
    c: CImplementation | None = None
    constant: Callable[..., object] | None = None
    sympy: str | None = None
    takes_booleans: bool = False
    argument_types: tuple[str, ...] = ()

    @property
    def arity(self) -> int:
        """The number of arguments."""
        return len(self.arguments)

    @property
    def sympy_name(self) -> str:
        """The name of the sympy function representing it (its own name if opaque)."""
        return self.sympy or self.name

    def __call__(self, *arguments: object) -> object:
        """Compute the function of numbers or quantities (``DEFAULT_FUNCTIONS['exp'](1)``).

        Raises
        ------
        TypeError
            For a stateful function (``rand``): it has no value of given arguments.
        """
        if self.constant is None:
            raise TypeError(
                f"'{self.name}' gives a new value on each call in a model; it cannot be "
                "called from Python (use numpy's random functions there)"
            )
        return self.constant(*arguments)


# Names written into generated code (``_f_exp``, C helpers): plain ASCII, as object names.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class FunctionTable(Mapping[str, FunctionSpec]):
    """The functions of the language by name; read-only but for `register`."""

    def __init__(self) -> None:
        self._specs: dict[str, FunctionSpec] = {}
        self._by_sympy_name: dict[str, FunctionSpec] = {}

    def register(self, spec: FunctionSpec) -> FunctionSpec:
        """Add a function to the language; return its spec.

        Raises
        ------
        ValueError
            If the name is not a plain name or is taken, or the spec contradicts itself (a C
            call that does not use each argument, a stateful function with a constant
            implementation).
        """
        problem = validate_identifier_syntax(spec.name)
        if problem is None and not _NAME.fullmatch(spec.name):
            problem = f"'{spec.name}' is not a plain ASCII name"
        if problem is not None:
            raise ValueError(f"A function cannot be registered: {problem}")
        if spec.name in self._specs or spec.sympy_name in self._by_sympy_name:
            raise ValueError(f"A function named '{spec.name}' is registered already")
        if spec.stateful and spec.constant is not None:
            raise ValueError(f"'{spec.name}' is stateful: it has no constant implementation")
        for call in (spec.c.call, spec.c.varying_call) if spec.c is not None else ():
            fields = {f for _, f, _, _ in string.Formatter().parse(call or "") if f is not None}
            if call is not None and fields != {str(k) for k in range(spec.arity)}:
                raise ValueError(
                    f"The C call of '{spec.name}' must use each of its {spec.arity} "
                    f"argument(s) as {{0}}, {{1}}...: {call!r}"
                )
        self._specs[spec.name] = spec
        self._by_sympy_name[spec.sympy_name] = spec
        return spec

    def named_in_sympy(self, sympy_name: str) -> FunctionSpec | None:
        """Return the function a sympy function of this name represents, if any."""
        return self._by_sympy_name.get(sympy_name)

    def __getitem__(self, name: str) -> FunctionSpec:
        return self._specs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"<FunctionTable of {', '.join(self._specs)}>"


#: Every function of the language, by name (the built-ins register in
#: `engine.parsing.functions`, which importing `engine.parsing` loads).
DEFAULT_FUNCTIONS = FunctionTable()


def register(spec: FunctionSpec) -> FunctionSpec:
    """Add a function to the language (`DEFAULT_FUNCTIONS`); return its spec.

    Raises
    ------
    ValueError
        See `FunctionTable.register`.
    """
    return DEFAULT_FUNCTIONS.register(spec)
