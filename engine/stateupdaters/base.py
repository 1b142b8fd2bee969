"""Integration methods: the common interface, the registry, and the automatic choice."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

import numpy as np
import sympy

from engine.codegen.abstractcode import AbstractCode, hoist_scalars
from engine.equations import Equations
from engine.equations.single import is_noise_symbol
from engine.errors import UnsupportedEquationsError
from engine.parsing.functions import DEFAULT_FUNCTIONS
from engine.parsing.sympytools import language_name, symbol
from engine.utils.logger import get_logger

__all__ = [
    "DEFAULT_METHODS",
    "StateUpdateMethod",
    "UnsupportedEquationsException",
    "choose_stateupdater",
    "extract_method_options",
]

logger = get_logger(__name__)  # engine.stateupdaters.base, as Brian 2's name

#: Brian 2's name for the error, kept for scripts that catch it.
UnsupportedEquationsException = UnsupportedEquationsError

#: The methods tried, in order, when a group does not name one.
DEFAULT_METHODS = ("exact", "euler", "heun")

#: Names whose values differ between elements although no equation defines them.
_ALWAYS_VECTOR = frozenset({"i", "j", "lastspike", "not_refractory", "lastupdate"})


class StateUpdateMethod(ABC):
    """A numerical integration method: turns equations into abstract code for one step.

    Subclasses implement `__call__`, raising `UnsupportedEquationsError` for equations they
    cannot integrate. Methods are registered by name (`register`) so that groups can ask for
    them as ``method="euler"``.
    """

    #: Registered methods by name (class attribute shared by all methods).
    stateupdaters: ClassVar[dict[str, StateUpdateMethod]] = {}

    @abstractmethod
    def __call__(
        self,
        equations: Equations,
        variables: Mapping[str, object] | None = None,
        method_options: Mapping[str, object] | None = None,
    ) -> AbstractCode:
        """Return the abstract code that advances ``equations`` by one step ``dt``.

        Parameters
        ----------
        equations
            The model equations (subexpressions are substituted by the method).
        variables
            Optional information about names: an object with a ``scalar`` attribute marks a
            name as shared by all elements (used to hoist scalar sub-expressions); functions
            may have an ``is_locally_constant(dt)`` method (e.g. a ``TimedArray``).
        method_options
            Options of the method, if it has any.

        Raises
        ------
        UnsupportedEquationsError
            If this method cannot integrate the equations.
        """

    def can_integrate(
        self, equations: Equations, variables: Mapping[str, object] | None = None
    ) -> bool:
        """Return whether this method can integrate ``equations``."""
        try:
            self(equations, variables)
        except UnsupportedEquationsError:
            return False
        return True

    @staticmethod
    def register(name: str, stateupdater: StateUpdateMethod) -> None:
        """Register ``stateupdater`` under ``name`` (lower case).

        A name is registered once: as in Brian 2, registering a method under a taken name
        (``'euler'``, or a name registered before) is refused, so that a script cannot
        silently change what ``method='euler'`` means.

        Raises
        ------
        ValueError
            If the name is taken (whatever method it names).
        TypeError
            If ``stateupdater`` is not a `StateUpdateMethod`.
        """
        name = name.lower()
        if not isinstance(stateupdater, StateUpdateMethod):
            raise TypeError(f"Can only register StateUpdateMethod objects, not {stateupdater!r}")
        if name in StateUpdateMethod.stateupdaters:
            raise ValueError(
                f"An integration method named '{name}' is already registered; register yours "
                "under another name (and use that name as the group's method)"
            )
        StateUpdateMethod.stateupdaters[name] = stateupdater

    @staticmethod
    def apply_stateupdater(
        equations: Equations,
        variables: Mapping[str, object] | None = None,
        method: str | Sequence[str] | StateUpdateMethod | Callable = DEFAULT_METHODS,
        group_name: str | None = None,
    ) -> AbstractCode:
        """Return the abstract code of the chosen method (Brian 2's entry point).

        See `choose_stateupdater`, which also returns the name of the method used.
        """
        return choose_stateupdater(equations, variables, method, group_name)[1]


def choose_stateupdater(
    equations: Equations,
    variables: Mapping[str, object] | None = None,
    method: str | Sequence[str] | StateUpdateMethod | Callable = DEFAULT_METHODS,
    group_name: str | None = None,
    method_options: Mapping[str, object] | None = None,
) -> tuple[str, AbstractCode]:
    """Integrate ``equations`` with ``method``, or with the first of several that works.

    Parameters
    ----------
    method
        A registered name (``"rk4"``), a sequence of names to try in order (the default,
        Brian 2's ``("exact", "euler", "heun")``), a `StateUpdateMethod`, or any callable
        ``(equations, variables) -> abstract code``.
    group_name
        Named in log messages and errors.

    Returns
    -------
    (name, code)
        The name of the method used and its abstract code.

    Raises
    ------
    UnsupportedEquationsError
        If the requested method, or every method tried, cannot integrate the equations;
        the message says why for each.
    ValueError
        For an unknown method name.
    """
    where = f" of '{group_name}'" if group_name else ""
    if not equations.diff_eq_names:
        return ("none", AbstractCode())
    if isinstance(method, str):
        updater = _registered(method)
        try:
            return method.lower(), updater(equations, variables, method_options)
        except UnsupportedEquationsError as error:
            raise UnsupportedEquationsError(
                f"The method '{method}' cannot integrate the equations{where}: {error.message}",
                hint="Choose another method, or leave the choice to the engine.",
            ) from None
    if isinstance(method, StateUpdateMethod) or callable(method):
        code = method(equations, variables)
        if isinstance(code, str):
            code = AbstractCode.from_text(code)
        return getattr(method, "__name__", type(method).__name__), code
    reasons: list[str] = []
    start = time.perf_counter()
    for name in method:
        updater = _registered(name)
        try:
            code = updater(equations, variables, method_options)
        except UnsupportedEquationsError as error:
            reasons.append(f"'{name}': {error.message}")
            continue
        if tuple(method) == DEFAULT_METHODS:
            logger.info(
                f"No numerical integration method specified for group '{group_name or '?'}', "
                f"using method '{name}' (took {time.perf_counter() - start:.2f}s).",
                "method_choice",
            )
        return name.lower(), code
    raise UnsupportedEquationsError(
        f"No integration method can integrate the equations{where}: " + "; ".join(reasons)
    )


#: Brian 2 methods the engine does not provide, with what to use instead.
NOT_SUPPORTED = {
    **dict.fromkeys(
        ("gsl", "gsl_rk2", "gsl_rk4", "gsl_rkf45", "gsl_rkck", "gsl_rk8pd"),
        "the GSL integrators are not supported; use 'rk4' (or 'rk2', 'euler')",
    ),
    "independent": "'independent' (deprecated in Brian 2) is not supported; use 'exact'",
}


def _registered(name: str) -> StateUpdateMethod:
    updater = StateUpdateMethod.stateupdaters.get(name.lower())
    if updater is None and name.lower() in NOT_SUPPORTED:
        raise UnsupportedEquationsError(
            f"The integration method '{name}' is not supported: {NOT_SUPPORTED[name.lower()]}"
        )
    if updater is None:
        known = ", ".join(sorted(StateUpdateMethod.stateupdaters))
        raise ValueError(f"Unknown integration method '{name}'; known methods: {known}")
    return updater


def extract_method_options(
    method_options: Mapping[str, object] | None, defaults: Mapping[str, object]
) -> dict[str, object]:
    """Merge user options over a method's defaults, refusing options it does not have.

    Raises
    ------
    KeyError
        For an option the method does not know.
    """
    options = dict(defaults)
    for key, value in (method_options or {}).items():
        if key not in defaults:
            known = ", ".join(sorted(defaults)) or "none"
            raise KeyError(f"Unknown option '{key}' for this method (options: {known})")
        options[key] = value
    return options


def finish(
    statements: list,
    equations: Equations,
    variables: Mapping[str, object] | None,
) -> AbstractCode:
    """Hoist the scalar sub-expressions of a method's statements (shared by all methods)."""
    vector_names = {
        eq.varname for eq in equations.values() if "shared" not in eq.flags
    } | _ALWAYS_VECTOR

    def is_vector(name: str) -> bool:
        if variables is not None and name in variables:
            return not getattr(variables[name], "scalar", False)
        return name in vector_names or is_noise_symbol(name)

    def is_stateful(name: str) -> bool:
        spec = variables.get(name) if variables is not None else None
        if spec is not None and hasattr(spec, "stateful"):
            return bool(spec.stateful)
        builtin = DEFAULT_FUNCTIONS.get(name)
        return builtin is not None and builtin.stateful

    return hoist_scalars(statements, is_vector, is_stateful=is_stateful)


def time_dependence_problem(
    expression: object, variables: Mapping[str, object] | None, dt: float | None = None
) -> str | None:
    """Return why ``expression`` (sympy) may change within a time step, or None.

    It may if it uses ``t`` other than as a direct argument of a function that is constant over
    a step (such as a ``TimedArray`` whose ``dt`` is a multiple of the simulation's:
    ``stimulus(t)``, ``stimulus(t, i)``, but not ``stimulus(t - 1*ms)``), or calls a stateful
    function. This is Brian 2's rule (``is_constant_over_dt``). ``dt`` is the step of the
    group (seconds); by default it is read from the ``dt`` entry of ``variables``. Without a
    step, no function is constant over it.
    """
    if dt is None:
        dt = _step_of(variables)
    t = symbol("t")

    def problem(expr: sympy.Basic) -> str | None:
        if expr == t:
            return "it depends on the time t"
        constant_in_t = None
        if isinstance(expr, sympy.Function):
            name = language_name(expr)
            spec = variables.get(name) if variables is not None else None
            builtin = DEFAULT_FUNCTIONS.get(name)
            if (builtin is not None and builtin.stateful) or getattr(spec, "stateful", False):
                return f"it calls the stateful function {name}()"
            locally_constant = getattr(spec, "is_locally_constant", None)
            if locally_constant is not None:
                constant_in_t = dt is not None and bool(locally_constant(dt))
                if dt is not None and not constant_in_t and t in expr.args:
                    return (
                        f"{name}() changes within a time step of the group (its dt is not a "
                        "multiple of the group's)"
                    )
        for arg in expr.args:
            if arg == t and constant_in_t:
                continue  # the function holds one value over each of the group's steps
            found = problem(arg)
            if found is not None:
                return found
        return None

    return problem(expression)


def _step_of(variables: Mapping[str, object] | None) -> float | None:
    """Return the time step the ``dt`` entry of ``variables`` holds (seconds), or None."""
    variable = variables.get("dt") if variables is not None else None
    get_value = getattr(variable, "get_value", None)
    if get_value is None:
        return None
    return float(np.asarray(get_value()).ravel()[0])


def locally_constant_key(variables: Mapping[str, object] | None) -> tuple:
    """Which functions of ``variables`` are constant over the current step (for cache keys).

    Whether ``stimulus(t)`` counts as constant over a step depends on the group's dt, which
    may change between runs while the equations stay the same.
    """
    if variables is None:
        return ()
    dt = _step_of(variables)
    return tuple(
        sorted(
            (name, dt is not None and bool(value.is_locally_constant(dt)))
            for name, value in variables.items()
            if hasattr(value, "is_locally_constant")
        )
    )
