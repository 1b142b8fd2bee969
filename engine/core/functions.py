"""Python functions that models may call (Brian 2's ``Function``, ``implementation``...).

A model may call a Python function whose units are declared, either with the `check_units`
decorator or by wrapping it in `Function`. The unit checker reads its `FunctionSpec`. Each code
target takes the function's implementation for it from `Function.implementations`:

- the numpy target calls `Function.numpy_implementation`, which calls the ``numpy``
  implementation: by default the Python function itself, handed quantities (so that it may
  compute with units) and checked to return values of its declared unit;
- the cython target compiles a ``cython`` implementation (Cython source defining the function)
  into its loops, and runs operations calling a function without one on numpy, saying so once
  (`engine.codegen.cython.functions.user_call`);
- implementations for other targets (``cpp`` for Brian 2's standalone mode) are kept but not
  used.

`timestep` is the language's ``timestep()`` as a Python function of quantities.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np

from engine.parsing.function_table import DEFAULT_FUNCTIONS
from engine.parsing.functions import FunctionSpec, SameAs
from engine.units import (
    DIMENSIONLESS,
    Dimension,
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    get_unit_for_display,
)

__all__ = [
    "DEFAULT_FUNCTIONS",
    "VALID_ARG_TYPES",
    "VALID_RETURN_TYPES",
    "Function",
    "FunctionImplementation",
    "FunctionImplementationContainer",
    "as_model_function",
    "declare_types",
    "implementation",
    "timestep",
]

logger = logging.getLogger("engine.functions")

#: The types an argument may be declared to have (``"any"``: not checked).
VALID_ARG_TYPES = ("boolean", "integer", "float", "any")
#: The types a result may be declared to have (``"highest"``: the widest argument's).
VALID_RETURN_TYPES = ("boolean", "integer", "float", "highest")
#: The code targets whose implementations the engine uses; others are kept, unused.
USED_TARGETS = ("numpy", "cython")

_BOOLEAN_TYPES = (bool, np.bool_)


# -- types ----------------------------------------------------------------------------------


def declare_types(**types: str) -> Callable[[Any], Any]:
    """Decorate a function to declare the types of its arguments and result.

    Parameters
    ----------
    **types
        For each argument name, one of ``"boolean"``, ``"integer"``, ``"float"`` or ``"any"``
        (the default for arguments not named); ``result=`` one of ``"boolean"``,
        ``"integer"``, ``"float"`` (the default) or ``"highest"`` (the widest type among the
        arguments).

    Returns
    -------
    callable
        The decorator; it marks the function with ``_arg_types`` and ``_return_type``, which
        `Function` reads. Use it below `check_units` (or above: both keep the marks).

    Raises
    ------
    ValueError
        For a type that is not one of these, or a name that is not an argument.

    Examples
    --------
    >>> from engine.units import check_units
    >>> @check_units(a=1, b=1, result=1)
    ... @declare_types(a="integer", result="highest")
    ... def f(a, b):
    ...     return a * b
    >>> f._arg_types, f._return_type
    (['integer', 'any'], 'highest')
    """

    def annotate(f: Any) -> Any:
        names = list(getattr(f, "_orig_arg_names", None) or _argument_names(f))
        for name in types:
            if name != "result" and name not in names:
                raise ValueError(
                    f"declare_types: '{name}' is not an argument of '{_name_of(f)}' "
                    f"(its arguments: {', '.join(names) or 'none'})"
                )
        argument_types = [types.get(name, "any") for name in names]
        for name, kind in zip(names, argument_types, strict=True):
            if kind not in VALID_ARG_TYPES:
                raise ValueError(
                    f"declare_types: the type of argument '{name}' of '{_name_of(f)}' must be "
                    f"one of {', '.join(VALID_ARG_TYPES)}, not {kind!r}"
                )
        result = types.get("result", "float")
        if result not in VALID_RETURN_TYPES:
            raise ValueError(
                f"declare_types: the result type of '{_name_of(f)}' must be one of "
                f"{', '.join(VALID_RETURN_TYPES)}, not {result!r}"
            )
        f._arg_types = argument_types
        f._return_type = result
        f._orig_arg_names = names
        f._annotation_attributes = [
            *getattr(f, "_annotation_attributes", []),
            "_arg_types",
            "_return_type",
        ]
        return f

    return annotate


def _argument_names(f: Any) -> tuple[str, ...]:
    code = getattr(f, "__code__", None)
    if code is None:
        return ()
    return tuple(code.co_varnames[: code.co_argcount])


def _name_of(f: Any) -> str:
    return str(getattr(f, "__name__", "function"))


# -- implementations ------------------------------------------------------------------------


class FunctionImplementation:
    """A function's implementation for one code target.

    Attributes
    ----------
    name
        The function's name in the target's code, if it differs from the model's.
    code
        The implementation: a Python callable for numpy (on values without units), Cython
        source defining the function for cython, text for other targets.
    namespace
        Names the code refers to (Brian 2 prefixes them with ``_namespace``).
    dependencies
        Functions the code calls, by name (functions of the language or other `Function`).
    availability_check
        Called before use; raises ``NotImplementedError`` if the code cannot be used here.
    dynamic
        Whether ``code`` and ``namespace`` are callables of the object using the function,
        giving the code and namespace for it.
    compiler_kwds
        Options for building the code (libraries, include directories...).
    """

    def __init__(
        self,
        name: str | None = None,
        code: Any = None,
        namespace: Mapping[str, Any] | Callable[[Any], Any] | None = None,
        dependencies: Mapping[str, Any] | None = None,
        availability_check: Callable[[], None] | None = None,
        dynamic: bool = False,
        compiler_kwds: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self._code = code
        self._namespace = namespace
        self.dependencies: dict[str, Any] = dict(dependencies or {})
        self.availability_check = availability_check
        self.dynamic = dynamic
        self.compiler_kwds: dict[str, Any] = dict(compiler_kwds or {})

    def get_code(self, owner: Any) -> Any:
        """Return the code (for ``owner``, the object using it, if dynamic)."""
        if self.availability_check is not None:
            self.availability_check()
        return self._code(owner) if self.dynamic else self._code

    def get_namespace(self, owner: Any) -> Any:
        """Return the namespace (for ``owner``, if dynamic)."""
        namespace = self._namespace
        if self.dynamic and callable(namespace):
            return namespace(owner)
        return namespace

    def __repr__(self) -> str:
        return f"<FunctionImplementation name={self.name!r} dynamic={self.dynamic}>"


def _target_name(key: Any) -> str:
    """Return the target a key names: ``"numpy"``, or an object with ``name``/``class_name``."""
    if isinstance(key, str):
        return key
    for attribute in ("class_name", "name"):
        value = getattr(key, attribute, None)
        if isinstance(value, str):
            return value
    return str(key)


class FunctionImplementationContainer(Mapping[str, FunctionImplementation]):
    """A function's implementations by code target (``"numpy"``, ``"cython"``, ``"cpp"``).

    A mapping from target names to `FunctionImplementation`; a key may also be an object
    naming a target (with a ``class_name`` or ``name`` attribute, as code targets have).
    """

    def __init__(self, function: Function) -> None:
        self._function = function
        self._implementations: dict[str, FunctionImplementation] = {}

    def __getitem__(self, key: Any) -> FunctionImplementation:
        target = _target_name(key)
        if target in self._implementations:
            return self._implementations[target]
        available = ", ".join(self._implementations) or "none"
        raise KeyError(
            f"The function '{self._function.name}' has no implementation for the target "
            f"'{target}' (it has: {available}); add one with "
            f"{self._function.name}.implementations.add_implementation('{target}', code=...)"
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._implementations)

    def __len__(self) -> int:
        return len(self._implementations)

    def __contains__(self, key: object) -> bool:
        return _target_name(key) in self._implementations

    def _store(self, target: str, implementation: FunctionImplementation) -> None:
        if target not in USED_TARGETS:
            # Brian 2 scripts carry C++ code for its standalone mode: kept, so that the
            # script runs unchanged, but the engine computes with numpy or Cython.
            logger.info(
                "The '%s' implementation of '%s' is kept but not used: the engine uses the "
                "implementations for %s",
                target,
                self._function.name,
                " and ".join(USED_TARGETS),
            )
        self._implementations[target] = implementation

    def add_numpy_implementation(
        self,
        wrapped_func: Callable[..., Any],
        dependencies: Mapping[str, Any] | None = None,
        discard_units: bool | None = None,
        compiler_kwds: Mapping[str, Any] | None = None,
    ) -> None:
        """Make a Python function the function's numpy implementation.

        Parameters
        ----------
        wrapped_func
            The function (the one `check_units` decorated, or the undecorated one).
        dependencies
            Kept for Brian 2's signature (numpy code needs no dependencies).
        discard_units
            If True, the function is called with values without units, and the units it
            names as globals (``nA``, ``Hz``) stand for their values in SI units while it runs
            (this fails for units it reaches otherwise, e.g. ``engine.nA``). If False, it is
            called with quantities and its result is checked against the declared unit. The
            default is the preference ``codegen.runtime.numpy.discard_units`` (False).
        compiler_kwds
            Kept for Brian 2's signature.
        """
        if discard_units is None:
            discard_units = _discard_units_preference()
        original = getattr(wrapped_func, "_orig_func", wrapped_func)
        code = _without_units(original) if discard_units else self._function._with_units(original)
        self._implementations["numpy"] = FunctionImplementation(
            code=code, dependencies=dependencies, compiler_kwds=compiler_kwds
        )

    def add_implementation(
        self,
        target: str,
        code: Any,
        namespace: Mapping[str, Any] | None = None,
        dependencies: Mapping[str, Any] | None = None,
        availability_check: Callable[[], None] | None = None,
        name: str | None = None,
        compiler_kwds: Mapping[str, Any] | None = None,
    ) -> None:
        """Add the function's implementation for ``target``.

        For ``"numpy"``, ``code`` is a callable on values without units (called with one more
        argument, the elements' indices, if the function auto-vectorises); for ``"cython"``,
        Cython source defining a ``cdef`` function of the function's name (or ``name``),
        which compiled loops call on C doubles. Other targets' code is kept but not used.
        """
        self._store(
            _target_name(target),
            FunctionImplementation(
                name=name,
                code=code,
                namespace=namespace,
                dependencies=dependencies,
                availability_check=availability_check,
                compiler_kwds=compiler_kwds,
            ),
        )

    def add_dynamic_implementation(
        self,
        target: str,
        code: Callable[[Any], Any],
        namespace: Callable[[Any], Any] | None = None,
        dependencies: Mapping[str, Any] | None = None,
        availability_check: Callable[[], None] | None = None,
        name: str | None = None,
        compiler_kwds: Mapping[str, Any] | None = None,
    ) -> None:
        """Add an implementation generated for each object that uses the function.

        ``code`` (and ``namespace``, if given) are called with that object and return the
        code (and namespace) for it.

        Raises
        ------
        TypeError
            If ``code`` or ``namespace`` is not callable.
        """
        if not callable(code):
            raise TypeError(
                f"add_dynamic_implementation of '{self._function.name}': code must be a "
                f"callable of the object using the function, not a {type(code).__name__}"
            )
        if namespace is not None and not callable(namespace):
            raise TypeError(
                f"add_dynamic_implementation of '{self._function.name}': namespace must be a "
                f"callable of the object using the function, not a {type(namespace).__name__}"
            )
        self._store(
            _target_name(target),
            FunctionImplementation(
                name=name,
                code=code,
                namespace=namespace,
                dependencies=dependencies,
                availability_check=availability_check,
                dynamic=True,
                compiler_kwds=compiler_kwds,
            ),
        )

    def __repr__(self) -> str:
        return f"<implementations of {self._function.name!r}: {', '.join(self) or 'none'}>"


def _discard_units_preference() -> bool:
    """Return ``prefs.codegen.runtime.numpy.discard_units`` (False where not known)."""
    from engine.core.preferences import prefs

    try:
        return bool(prefs["codegen.runtime.numpy.discard_units"])
    except KeyError:
        return False


def _without_units(original: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``original`` running with the quantities among its globals as plain values."""
    globals_ = getattr(original, "__globals__", None)
    code = getattr(original, "__code__", None)
    if globals_ is None or code is None:
        return original  # not a Python function (a ufunc, a builtin): nothing to strip
    stripped = {
        key: np.asarray(value) if isinstance(value, Quantity) else value
        for key, value in globals_.items()
    }
    return types.FunctionType(
        code, stripped, original.__name__, original.__defaults__, original.__closure__
    )


# -- the function ---------------------------------------------------------------------------


class Function:
    """A Python function with declared units, for use in equations and code.

    Parameters
    ----------
    pyfunc
        The function. On the numpy target it receives arrays (one value per element
        concerned, e.g. only the spiking neurons in a reset) with their units, and must return
        values of ``return_unit``.
    sympy_func
        A sympy function standing for it (accepted for Brian 2's signature; the engine's
        symbolic treatment takes every user function as opaque).
    arg_units
        The unit of each argument (``1`` for dimensionless, ``bool`` for a condition, ``None``
        for any unit, or the name of another argument for "the same unit as that one").
        Default: from `check_units`.
    arg_names
        The names of the arguments (needed to refer to them in ``arg_units``).
    return_unit
        The unit of the result, ``bool`` for a condition, or a function of the arguments'
        dimensions. Default: from `check_units`.
    arg_types
        The type of each argument: ``"boolean"``, ``"integer"``, ``"float"`` or ``"any"``
        (the default, also from `declare_types`).
    return_type
        The type of the result: ``"boolean"``, ``"integer"``, ``"float"`` (the default) or
        ``"highest"`` (also from `declare_types`).
    stateless
        False for a function that gives a new value on each call (like ``rand()``): its calls
        are never merged or moved out of per-element code, and each use calls it once.
    auto_vectorise
        Whether the implementations get one more argument, the indices of the elements
        concerned (on numpy an array: its length is the number of values to return; in
        compiled code the element's index). Such a function is never moved out of
        per-element code either.
    name
        The name used in messages (default: the function's ``__name__``).

    Attributes
    ----------
    implementations
        Its implementations by code target (`FunctionImplementationContainer`).

    Raises
    ------
    ValueError
        If the units are neither given nor declared with `check_units`, or a type is not
        valid.
    TypeError
        If an argument's unit names another argument but the names are not given, or an
        argument of a non-float type has a unit.
    """

    def __init__(
        self,
        pyfunc: Callable[..., Any],
        sympy_func: Any = None,
        arg_units: Sequence[Any] | None = None,
        arg_names: Sequence[str] | None = None,
        return_unit: Any = None,
        arg_types: Sequence[str] | None = None,
        return_type: str | None = None,
        stateless: bool = True,
        auto_vectorise: bool = False,
        *,
        name: str | None = None,
    ) -> None:
        self.pyfunc = pyfunc
        self.sympy_func = sympy_func
        self.name: str = name or _name_of(pyfunc)
        if arg_units is None:
            if getattr(pyfunc, "_arg_units", None) is None:
                raise ValueError(
                    f"The Python function '{self.name}' does not say how it deals with units: "
                    "give arg_units and return_unit, or decorate it with @check_units"
                )
            arg_units = pyfunc._arg_units  # type: ignore[attr-defined]  # checked above
            arg_names = getattr(pyfunc, "_arg_names", arg_names)
        elif any(isinstance(unit, str) for unit in arg_units):
            if arg_names is None:
                raise TypeError(
                    f"'{self.name}': an argument's unit names another argument, so give the "
                    "arguments' names with arg_names=[...]"
                )
            if len(arg_names) != len(arg_units):
                raise TypeError(
                    f"'{self.name}': arg_names and arg_units must have the same length "
                    f"({len(arg_names)} != {len(arg_units)})"
                )
        if return_unit is None:
            if getattr(pyfunc, "_return_unit", None) is None:
                raise ValueError(
                    f"The Python function '{self.name}' does not declare the unit of its "
                    "result: give return_unit, or use @check_units(..., result=...)"
                )
            return_unit = pyfunc._return_unit  # type: ignore[attr-defined]  # checked above
        self.arg_units = list(arg_units)
        self.arg_names = list(arg_names) if arg_names is not None else None
        self.return_unit = return_unit
        if arg_types is None:
            arg_types = getattr(pyfunc, "_arg_types", None) or ["any"] * len(self.arg_units)
        if return_type is None:
            return_type = getattr(pyfunc, "_return_type", "float")
        self.arg_types = list(arg_types)
        self.return_type: str = str(return_type)
        self._check_types()
        self.stateless = bool(stateless)
        self.auto_vectorise = bool(auto_vectorise)
        #: Whether generated code treats each call as giving new values (see ``stateless``).
        self.stateful = not self.stateless or self.auto_vectorise
        self.implementations = FunctionImplementationContainer(self)
        returns = "boolean" if self.return_unit in _BOOLEAN_TYPES else self.return_type
        self.function_spec = FunctionSpec(
            self.name,
            tuple(self._argument_rule(unit) for unit in self.arg_units),
            self._result_rule(),
            cast("Any", returns),
            self.stateful,
            argument_types=tuple(self.arg_types),
        )
        #: Whether the cython target has said that it runs this function on numpy (never for
        #: the engine's own functions with an implementation of their own, like TimedArray:
        #: they run on numpy by design).
        self._compiled_fallback_noted = (
            type(self).numpy_implementation is not Function.numpy_implementation
        )

    def _check_types(self) -> None:
        if len(self.arg_types) != len(self.arg_units):
            raise ValueError(
                f"'{self.name}' has {len(self.arg_units)} argument unit(s) but "
                f"{len(self.arg_types)} argument type(s)"
            )
        for kind, unit in zip(self.arg_types, self.arg_units, strict=True):
            if kind not in VALID_ARG_TYPES:
                raise ValueError(
                    f"An argument type of '{self.name}' must be one of "
                    f"{', '.join(VALID_ARG_TYPES)}, not {kind!r}"
                )
            has_unit = _has_unit(unit) and get_dimensions(unit) is not DIMENSIONLESS
            if kind not in ("float", "any") and has_unit:
                raise TypeError(
                    f"'{self.name}': an argument of type {kind!r} cannot have a unit "
                    f"({unit!r}); only float arguments have units"
                )
        if self.return_type not in VALID_RETURN_TYPES:
            raise ValueError(
                f"The return type of '{self.name}' must be one of "
                f"{', '.join(VALID_RETURN_TYPES)}, not {self.return_type!r}"
            )

    def _argument_rule(self, unit: Any) -> Any:
        if unit is None:
            return "any"
        if unit in _BOOLEAN_TYPES:
            return "dimensionless"
        if isinstance(unit, str):
            if self.arg_names is None or unit not in self.arg_names:
                raise ValueError(
                    f"'{self.name}': an argument's unit refers to '{unit}', which is not one of "
                    "its argument names"
                )
            return SameAs(self.arg_names.index(unit))
        return get_dimensions(unit)

    def _result_rule(self) -> Any:
        unit = self.return_unit
        if unit in _BOOLEAN_TYPES:
            return "dimensionless"
        if callable(unit) and not isinstance(unit, Quantity):
            return lambda *dims: get_dimensions(unit(*dims))
        return get_dimensions(unit)

    def __call__(self, *args: Any, **kwds: Any) -> Any:
        """Call the Python function itself (with units), as a script would."""
        return self.pyfunc(*args, **kwds)

    # -- the numpy target -----------------------------------------------------------------------

    def _with_units(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``original`` called with quantities, its result checked and made plain."""

        def with_units(*values: Any) -> Any:
            extra = list(values[len(self.arg_units) :])  # the elements' indices, if any
            if len(values) != len(self.arg_units) + int(self.auto_vectorise):
                raise ValueError(
                    f"The function '{self.name}' got {len(values)} argument(s), expected "
                    f"{len(self.arg_units) + int(self.auto_vectorise)}"
                )
            args = [
                Quantity(value, get_dimensions(unit)) if _has_unit(unit) else value
                for value, unit in zip(values, self.arg_units, strict=False)
            ]
            return self._checked(original(*args, *extra), args)

        with_units.__name__ = self.name
        return with_units

    def _checked(self, result: Any, args: Sequence[Any]) -> np.ndarray:
        """Return ``result`` without units, if it has the declared unit (or type)."""
        if self.return_unit in _BOOLEAN_TYPES:
            if not (isinstance(result, _BOOLEAN_TYPES) or np.asarray(result).dtype == bool):
                raise TypeError(
                    f"The function '{self.name}' returned '{result}', but it was declared to "
                    "return a boolean value (return_unit=bool)"
                )
            return np.asarray(result, dtype=bool)
        expected = self.function_spec.result
        if callable(expected):
            expected = expected(*(get_dimensions(arg) for arg in args))
        if get_dimensions(result) is not expected:
            dimension = cast("Dimension", expected)
            raise DimensionMismatchError(
                f"The function '{self.name}' returned '{result}', but its result was declared "
                f"to have unit {get_unit_for_display(dimension)}",
                get_dimensions(result),
            )
        return np.asarray(result)

    def numpy_implementation(self, *values: Any) -> Any:
        """Call the function on SI values; return SI values (the numpy target's calling form).

        A stateful or auto-vectorising function gets the number of elements concerned as an
        extra, last value (as the language's ``rand()`` does) and returns one value per element;
        an auto-vectorising one is handed their indices (``0`` to that number minus one).

        Raises
        ------
        DimensionMismatchError
            If the result does not have the declared unit.
        TypeError
            If a function declared to return a condition returns something else.
        """
        size: int | None = None
        if self.stateful:
            *arguments, last = values
            values, size = tuple(arguments), int(last)
        if size is not None and self.auto_vectorise:
            values = (*values, np.arange(size))
        if "numpy" not in self.implementations:
            # As Brian 2: the Python function itself, made the numpy implementation on first use.
            self.implementations.add_numpy_implementation(self.pyfunc)
        result = np.asarray(self.implementations["numpy"].get_code(None)(*values))
        if size is not None and result.ndim == 0:
            result = np.full(size, result)  # one value per element (see the renderer)
        return result

    def __repr__(self) -> str:
        return f"<Function {self.name!r}>"


def _has_unit(unit: Any) -> bool:
    return unit is not None and not isinstance(unit, str) and unit not in _BOOLEAN_TYPES


def implementation(
    target: str,
    code: Any = None,
    namespace: Mapping[str, Any] | None = None,
    dependencies: Mapping[str, Any] | None = None,
    discard_units: bool | None = None,
    name: str | None = None,
    **compiler_kwds: Any,
) -> Callable[[Any], Function]:
    """Decorate a Python function to add its implementation for a code target.

    Parameters
    ----------
    target
        ``"numpy"``, ``"cython"`` (Cython source defining a ``cdef`` function of the
        function's name, or ``name``), or another target (``"cpp"``: kept, not used).
    code
        The implementation (see `FunctionImplementationContainer.add_implementation`).
    namespace, dependencies, name, **compiler_kwds
        See `FunctionImplementation`.
    discard_units
        With ``target="numpy"`` and no ``code``: call the function without units (see
        `FunctionImplementationContainer.add_numpy_implementation`).

    Returns
    -------
    callable
        The decorator, giving a `Function` (the decorated function must declare its units
        with `check_units`, below this decorator, unless it is a `Function` already).

    Raises
    ------
    TypeError
        If ``discard_units`` is given for another target than numpy, or with code.

    Examples
    --------
    >>> from engine.units import check_units
    >>> @implementation("cython", '''
    ... cdef double double_it(double x):
    ...     return 2*x
    ... ''')
    ... @check_units(x=1, result=1)
    ... def double_it(x):
    ...     return 2*x
    >>> sorted(double_it.implementations)
    ['cython']
    """

    def add(func: Any) -> Function:
        function = func if isinstance(func, Function) else Function(func)
        if discard_units:
            if target != "numpy" or code is not None:
                raise TypeError(
                    f"@implementation of '{function.name}': discard_units applies only to the "
                    "numpy target, without code"
                )
            function.implementations.add_numpy_implementation(
                func if not isinstance(func, Function) else func.pyfunc,
                dependencies=dependencies,
                discard_units=True,
                compiler_kwds=compiler_kwds,
            )
        else:
            function.implementations.add_implementation(
                target,
                code=code,
                namespace=namespace,
                dependencies=dependencies,
                name=name,
                compiler_kwds=compiler_kwds,
            )
        return function

    return add


def as_model_function(name: str, value: Any) -> Function | None:
    """Return a `Function` for a Python callable found in a namespace, or None if not callable.

    Raises
    ------
    ValueError
        If the callable does not declare its units.
    """
    if isinstance(value, Function):
        return value
    if not callable(value) or isinstance(value, (Quantity, type)):
        return None
    if not hasattr(value, "_arg_units"):
        raise ValueError(
            f"'{name}' is a Python function without declared units, so a model cannot call it: "
            "decorate it with @check_units(argument=unit, ..., result=unit), or wrap it in "
            "Function(f, arg_units=[...], return_unit=...)"
        )
    # One Function per Python function and name, so that what is said about it (the cython
    # target's note) is said once, and its numpy implementation is made once.
    made = getattr(value, "_engine_functions", None)
    if made is None:
        made = {}
        try:
            value._engine_functions = made
        except AttributeError:  # an object without attributes of its own: made anew each time
            return Function(value, name=name)
    if name not in made:
        made[name] = Function(value, name=name)
    return made[name]


# -- timestep -------------------------------------------------------------------------------


def timestep(t: Any, dt: Any) -> Any:
    """Return the integer time step of time ``t`` for steps of ``dt`` (the language's function).

    The time is moved forward by a thousandth of a step before dividing, so that an exact
    multiple of ``dt`` never falls into the step before it through rounding.

    Parameters
    ----------
    t
        A time (or array of times): a quantity, or a number of seconds.
    dt
        The length of a step, in the same way.

    Returns
    -------
    int or numpy.ndarray
        The step(s), as a Python ``int`` for a single time, else an array of 64-bit integers.

    Raises
    ------
    DimensionMismatchError
        If ``t`` and ``dt`` are not both times (or both plain numbers).

    Examples
    --------
    >>> from engine.units import ms
    >>> timestep(1*ms, 0.1*ms)
    10
    """
    steps = np.array((t + 1e-3 * dt) / dt, dtype=np.int64)
    return steps.item() if steps.shape == () else steps
