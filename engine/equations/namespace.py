"""Resolve the names a model uses: its own variables, the defaults, and external constants.

Resolution follows Brian 2: a model's own variables first, then the language's units,
functions and constants, then the group's namespace, then the run's namespace. An unknown name
is an `UnresolvedIdentifierError` that suggests close names which do exist.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable, Mapping

import numpy as np

from engine.equations.equations import Equations
from engine.equations.single import BOOLEAN, FLOAT, INTEGER, SUBEXPRESSION, is_noise_symbol
from engine.equations.unitcheck import NameInfo
from engine.errors import ModelError, UnresolvedIdentifierError, close_names
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS, FunctionSpec
from engine.units import DEFAULT_UNITS, DIMENSIONLESS, Quantity, get_dimensions, second

__all__ = ["ModelNamespace", "info_for_value", "model_variables", "special_variables"]


def special_variables() -> dict[str, NameInfo]:
    """Return the names any model may use without defining them (``t``, ``dt``, ``i``...)."""
    time = get_dimensions(second)
    return {
        "t": NameInfo(time, FLOAT, read_only=True),
        "dt": NameInfo(time, FLOAT, read_only=True),
        "t_in_timesteps": NameInfo(DIMENSIONLESS, INTEGER, read_only=True),
        "i": NameInfo(DIMENSIONLESS, INTEGER, read_only=True),
        "N": NameInfo(DIMENSIONLESS, INTEGER, read_only=True),
    }


def model_variables(
    equations: Equations, extra: Mapping[str, NameInfo] | None = None
) -> dict[str, NameInfo]:
    """Describe a model's own variables and the special names for the unit checker.

    Subexpressions are read-only (they are computed, not stored).
    """
    variables = special_variables()
    for eq in equations.values():
        variables[eq.varname] = NameInfo(eq.dim, eq.var_type, read_only=eq.type == SUBEXPRESSION)
    variables.update(extra or {})
    return variables


def info_for_value(name: str, value: object) -> NameInfo | FunctionSpec:
    """Describe a Python value found in a namespace for the unit checker.

    Numbers and scalar quantities are constants; `FunctionSpec` objects, and objects with a
    ``function_spec`` attribute (such as a ``TimedArray``), are functions.

    Raises
    ------
    ModelError
        For values a model cannot use (text, arrays, arbitrary objects).
    """
    if isinstance(value, FunctionSpec):
        return value
    spec = getattr(value, "function_spec", None)
    if isinstance(spec, FunctionSpec):
        return spec
    if isinstance(value, (bool, np.bool_)):
        return NameInfo(DIMENSIONLESS, BOOLEAN, float(value), read_only=True)
    if isinstance(value, (Quantity, np.ndarray)):
        if np.ndim(value) != 0:
            raise ModelError(
                f"'{name}' refers to an array with {np.size(value)} values; a model can only "
                "use a single value (a number or a quantity such as 10*ms) as a constant",
                hint="For values per neuron, declare a parameter and set it on the group.",
            )
        return NameInfo(get_dimensions(value), FLOAT, float(value), read_only=True)
    if isinstance(value, numbers.Integral):
        return NameInfo(DIMENSIONLESS, INTEGER, float(value), read_only=True)
    if isinstance(value, numbers.Real):
        return NameInfo(DIMENSIONLESS, FLOAT, float(value), read_only=True)
    raise ModelError(
        f"'{name}' refers to a {type(value).__name__}, which cannot be used in a model "
        "(expected a number, a quantity or a function)"
    )


class ModelNamespace:
    """A lookup (see `engine.equations.unitcheck.Lookup`) over a model and its namespaces.

    Parameters
    ----------
    variables
        The model's own names (`model_variables`).
    namespace
        The group's namespace of external constants and functions.
    run_namespace
        The run's namespace (external names known when the network runs).
    context
        What is being resolved, for error messages (e.g. "the threshold of 'neurons'").
    """

    def __init__(
        self,
        variables: Mapping[str, NameInfo],
        namespace: Mapping[str, object] | None = None,
        run_namespace: Mapping[str, object] | None = None,
        context: str = "",
    ) -> None:
        self.variables = dict(variables)
        self.namespace = dict(namespace or {})
        self.run_namespace = dict(run_namespace or {})
        self.context = context
        self._noise = NameInfo(get_dimensions(second) ** -0.5, FLOAT, read_only=True)

    def __call__(self, name: str) -> NameInfo | FunctionSpec:
        """Return what ``name`` is; raise `UnresolvedIdentifierError` if it is unknown."""
        if name in self.variables:
            return self.variables[name]
        if is_noise_symbol(name):
            return self._noise
        if name in DEFAULT_FUNCTIONS:
            return DEFAULT_FUNCTIONS[name]
        if name in DEFAULT_CONSTANTS:
            return NameInfo(DIMENSIONLESS, FLOAT, DEFAULT_CONSTANTS[name], read_only=True)
        if name in DEFAULT_UNITS:
            unit = DEFAULT_UNITS[name]
            return NameInfo(get_dimensions(unit), FLOAT, float(unit), read_only=True)
        for namespace in (self.namespace, self.run_namespace):
            if name in namespace:
                try:
                    return info_for_value(name, namespace[name])
                except ModelError as error:
                    raise error.__class__(error.message, hint=error.hint) from None
        raise UnresolvedIdentifierError(
            name, tuple(self.suggestions(name)), context=self.context, declarable=True
        )

    def suggestions(self, name: str) -> list[str]:
        """Known names close to ``name`` (the model's own and external names first)."""
        own: Iterable[str] = [*self.variables, *self.namespace, *self.run_namespace]
        close = close_names(name, own)
        if len(close) < 2:
            defaults = [*DEFAULT_FUNCTIONS, *DEFAULT_CONSTANTS, *DEFAULT_UNITS]
            close += [
                c
                for c in difflib.get_close_matches(name, defaults, n=2, cutoff=0.75)
                if c not in close
            ][: 2 - len(close)]
        return close
