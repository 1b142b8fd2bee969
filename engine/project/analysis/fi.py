"""f–I curves: each neuron's rate against a parameter set per neuron by its initial value.

Examples drive each neuron of a group with an input of its own by an initial-value expression
of the neuron index, such as ``v0 = v0_max * i / (n_neurons - 1)`` (lif_fi_curve) or
``I = I_max * i / (n_neurons - 1)`` (hodgkin_huxley). Results do not keep those values, so they
are computed again from the project: each expression is evaluated for each ``i`` with the
engine's safe evaluator (`engine.equations.evaluate_constant`, never Python's ``eval``), with
the project's constants and ``N`` (the group's size). An expression that uses random numbers or
other variables of the group is not a per-neuron parameter here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.parsing.expressions import Expression, parse_expression
from engine.parsing.functions import DEFAULT_FUNCTIONS
from engine.project.analysis.spikes import rates_per_neuron
from engine.project.constants import constant_values
from engine.project.document import Project
from engine.units import DimensionMismatchError, Quantity, get_unit_for_display
from engine.units.matching import get_dimensions

__all__ = ["MAX_NEURONS", "fi_curve", "per_neuron_parameters", "per_neuron_values"]

#: The most neurons whose parameter is computed (one evaluation each, ~20 µs).
MAX_NEURONS = 100_000


def _group(project: Project, group: str) -> object:
    node = next((n for n in project.nodes if n.name == group), None)
    if node is None or getattr(node, "kind", "") != "NeuronGroup":
        raise ValueError(f"there is no neuron group '{group}'")
    return node


def _parsed(text: str) -> Expression | None:
    try:
        return parse_expression(text, functions=DEFAULT_FUNCTIONS)
    except ModelError:
        return None


def per_neuron_parameters(project: Project, group: str) -> list[str]:
    """Return the variables of ``group`` whose initial value is an expression of ``i``.

    In the order of the group's initial values; whether each evaluates is only known when it
    is evaluated (`per_neuron_values`).
    """
    initial: Mapping[str, str] = getattr(_group(project, group), "initial", {})
    found = []
    for variable, text in initial.items():
        expression = _parsed(text)
        if expression is not None and "i" in expression.identifiers:
            found.append(variable)
    return found


def per_neuron_values(project: Project, group: str, variable: str) -> tuple[np.ndarray, str]:
    """Return the initial value of ``variable`` of each neuron of ``group``, and its unit.

    Values are in SI base units (volts, amperes), the unit its display string (``"V"``).

    Raises
    ------
    ValueError
        If there is no such group or initial value, the group's size is not a whole number
        (or more than `MAX_NEURONS`), or the expression does not evaluate for some neuron (it
        uses random numbers or other variables, or its values' units differ); the message
        says which.
    """
    node = _group(project, group)
    text = getattr(node, "initial", {}).get(variable)
    if text is None:
        raise ValueError(f"the group '{group}' gives no initial value to '{variable}'")
    constants = constant_values(project)
    try:
        size_value = evaluate_constant(str(getattr(node, "N", "")), constants)
    except (ModelError, DimensionMismatchError) as error:
        raise ValueError(f"the size of '{group}' cannot be computed: {error}") from None
    if isinstance(size_value, Quantity) or not isinstance(size_value, (int, float)):
        raise ValueError(f"the size of '{group}' is not a number")
    size = int(size_value)
    if size != size_value or not 0 <= size <= MAX_NEURONS:
        raise ValueError(f"the size of '{group}' is not a whole number up to {MAX_NEURONS}")
    expression = _parsed(text)
    if expression is None:
        raise ValueError(f"the initial value of '{variable}' ('{text}') is not an expression")
    values = np.empty(size)
    dimensions = None
    for k in range(size):
        try:
            value = evaluate_constant(expression, {**constants, "i": k, "N": size})
        except (ModelError, DimensionMismatchError) as error:
            raise ValueError(
                f"the initial value of '{variable}' ('{text}') is not a value per neuron: {error}"
            ) from None
        if isinstance(value, bool) or not isinstance(value, (int, float, Quantity)):
            raise ValueError(f"the initial value of '{variable}' ('{text}') is not a number")
        found = get_dimensions(value)
        if dimensions is None:
            dimensions = found
        elif found is not dimensions:
            raise ValueError(f"the initial value of '{variable}' has different units per neuron")
        values[k] = float(np.asarray(value))
    unit = get_unit_for_display(dimensions) if dimensions is not None else "1"
    return values, unit


def fi_curve(parameter: ArrayLike, i: ArrayLike, duration: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the f–I curve: each neuron's parameter and its rate (Hz), by increasing parameter.

    ``parameter`` holds one value per neuron of the group (`per_neuron_values`), ``i`` the
    neuron of each spike and ``duration`` the time simulated (seconds). Neurons with equal
    parameters keep their index order.
    """
    values = np.asarray(parameter, dtype=np.float64)
    rates = rates_per_neuron(i, len(values), duration)[: len(values)]
    order = np.argsort(values, kind="stable")
    return values[order], rates[order]
