"""PoissonInput: the summed effect of many Poisson inputs, added straight to a variable.

``PoissonInput(G, 'v', N, rate, weight)`` adds, at every step, ``k*weight`` to ``v`` of each
element of ``G``, with ``k`` an independent binomial draw per element: the number of spikes
among ``N`` inputs firing at ``rate`` within one step (``p = rate*dt``). It replaces a
PoissonGroup and Synapses when only the effect of the spikes matters, at the cost of one
random draw per element and step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.codegen.binding import rebind
from engine.core.sizes import MAX_COUNT, as_count, count_problem
from engine.core.variables import Constant, Subexpression
from engine.groups import Group
from engine.groups.coderunner import CodeRunner
from engine.input.binomial import BinomialFunction
from engine.units import DimensionMismatchError, Hz, Quantity, get_dimensions, get_unit_for_display

__all__ = ["PoissonInput"]

_RATE = get_dimensions(Hz)


class PoissonInput(CodeRunner):
    """Independent Poisson input to a variable of every element of a group.

    Parameters
    ----------
    target
        The group (or subgroup) receiving the input.
    target_var
        The variable of ``target`` that each input event increases by ``weight``.
    N
        The number of inputs of each element.
    rate
        The rate of each input.
    weight
        What one event adds: a quantity with the unit of ``target_var``, or a string
        expression evaluated for the target's elements at every step (``'stimulus(t)'``,
        ``'w0*(1 + i)'``).
    when, order
        When in a step the input is added (by default in the ``synapses`` slot, where
        synaptic events arrive).

    Raises
    ------
    EngineError
        If ``target_var`` is not a variable of ``target`` that can be changed (constants,
        subexpressions, ``(summed)`` variables and read-only variables cannot), ``N`` is not a
        non-negative integer, or ``rate*dt`` exceeds 1.
    DimensionMismatchError
        If ``rate`` is not a rate, or a quantity ``weight`` does not have the unit of
        ``target_var`` (a string weight is checked when the run starts).

    Notes
    -----
    Brian 2 draws the number of events from a normal approximation of the binomial when
    ``N*p > 5`` and ``N*(1 - p) > 5``. This engine draws the exact binomial (numpy's
    sampler, whose cost does not grow with ``N``): counts are whole numbers, never
    negative, with the same mean ``N*p`` and variance ``N*p*(1 - p)`` as Brian 2's.
    The rate is turned into ``p`` with the group's dt at each run, so the dt may change
    between runs (Brian 2 refuses that).
    """

    def __init__(
        self,
        target: Any,
        target_var: str,
        N: int,
        rate: Quantity,
        weight: Quantity | str,
        when: str = "synapses",
        order: int = 0,
    ) -> None:
        if not isinstance(target, Group):
            raise TypeError(
                f"The target of a PoissonInput must be a group (or subgroup), not {target!r}"
            )
        super().__init__(
            target, "stateupdate", when=when, order=order, name="poissoninput*", clock=target.clock
        )
        self._check_target_variable(target, target_var)
        N = as_count(N)  # an integral float (N=1e4) counts, as in Brian 2
        problem = count_problem(N, "The number of inputs", minimum=0, maximum=MAX_COUNT)
        if problem is not None:
            raise self.fail(problem, argument="N")
        self._target_var = target_var
        self._N = int(N)
        self._rate = self._checked_rate(rate)
        self._weight = weight
        self._binomial = BinomialFunction(
            self._N, 0.0, approximate=False, name=f"{self.name}_binomial"
        )
        if isinstance(weight, str):
            weight_code = f"({weight})"
        else:
            self._checked_weight(weight)
            # A name for the value (resolved in `before_run`), so that units are checked.
            weight_code = f"{self.name}_weight"
        self.user_code = f"{target_var} += {self._binomial.name}()*{weight_code}"

    def _checked_rate(self, rate: Quantity) -> Quantity:
        if get_dimensions(rate) is not _RATE or np.ndim(rate) != 0:
            raise DimensionMismatchError(
                f"The rate of '{self.name}' must be a single rate, such as 10*Hz",
                get_dimensions(rate),
            )
        if not float(rate) >= 0:
            raise self.fail(f"The rate cannot be negative ({rate})", argument="rate")
        return rate

    def _checked_weight(self, weight: Quantity) -> Quantity:
        expected = self.group.variables[self._target_var].dim
        if get_dimensions(weight) is not expected or np.ndim(weight) != 0:
            raise DimensionMismatchError(
                f"The weight of '{self.name}' must be a single value with the unit of "
                f"'{self._target_var}' ({get_unit_for_display(expected)}), such as the change "
                "one input spike causes",
                get_dimensions(weight),
            )
        if not np.isfinite(float(np.asarray(weight))):
            raise self.fail(f"The weight must be a finite number ({weight})", argument="weight")
        return weight

    def _probability(self) -> float:
        """Return the probability of an input spike per step, at the group's dt (checked)."""
        p = float(self._rate) * self.clock.dt_
        if p > 1:
            raise self.fail(
                f"Each input fires with probability rate*dt = {p:g} per step, more than 1 "
                f"(rate {self._rate}, dt {self.clock.dt})",
                "Use a smaller dt, or several inputs (a larger N) with a lower rate.",
            )
        return p

    def _check_target_variable(self, target: Group, name: str) -> None:
        variables = target.variables
        owner = target.name
        if name not in variables:
            known = ", ".join(n for n in variables if not n.startswith("_")) or "none"
            raise self.fail(
                f"'{owner}' has no variable '{name}' for a PoissonInput to change "
                f"(its variables: {known})",
            )
        variable = variables[name]
        if "summed" in _flags_of(target, name):
            raise self.fail(
                f"'{name}' of '{owner}' is a (summed) variable, recomputed at every step as a "
                "sum over synapses: a PoissonInput cannot add to it",
                "Target the variable it is summed into, or add another variable for the input.",
            )
        if isinstance(variable, Subexpression):
            raise self.fail(
                f"'{name}' of '{owner}' is a subexpression (computed from other variables): a "
                "PoissonInput can only add to a state variable or a parameter",
            )
        if isinstance(variable, Constant) or variable.read_only or variable.constant:
            raise self.fail(
                f"'{name}' of '{owner}' is read-only (or constant): a PoissonInput cannot "
                "change it",
            )

    # -- Brian 2's read-only attributes ---------------------------------------------------------

    @property
    def rate(self) -> Quantity:
        """The rate of each input.

        Unlike Brian 2, where it is read-only, it may be assigned between runs and during one
        (from the report callback, or a network operation): the new rate holds from the next
        step on, with nothing generated again.
        """
        return self._rate

    @rate.setter
    def rate(self, rate: Quantity) -> None:
        previous, self._rate = self._rate, self._checked_rate(rate)
        try:
            self._binomial._set_parameters(self._N, self._probability())
        except Exception:
            self._rate = previous
            raise

    @property
    def N(self) -> int:
        """The number of inputs of each element."""
        return self._N

    @property
    def target_var(self) -> str:
        """The variable the input changes."""
        return self._target_var

    @property
    def weight(self) -> Quantity | str:
        """What one input event adds (a quantity or an expression).

        A quantity weight may be assigned another quantity of its unit between runs and during
        one, as `rate` may (Brian 2 does not allow it); an expression is code, whose
        constants change instead.
        """
        return self._weight

    @weight.setter
    def weight(self, weight: Quantity) -> None:
        if isinstance(self._weight, str):
            raise self.fail(
                f"The weight of '{self.name}' is an expression ('{self._weight}'): it cannot be "
                "replaced by a value",
                "Change the constants the expression uses instead.",
                argument="weight",
            )
        if isinstance(weight, str):
            raise TypeError(f"The weight of '{self.name}' must be a quantity here, not text")
        self._weight = self._checked_weight(weight)
        rebind(self.code_object, f"{self.name}_weight", weight)

    # -- running --------------------------------------------------------------------------------

    def describe(self) -> str:
        """Return what the code is, for messages."""
        return f"the input '{self.name}' to '{self._target_var}' of '{self.group.name}'"

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Set the probability of an input spike for the group's dt; check and compile."""
        self._binomial._set_parameters(self._N, self._probability())
        names: dict[str, Any] = {**run_namespace, self._binomial.name: self._binomial}
        if not isinstance(self._weight, str):
            names[f"{self.name}_weight"] = self._weight
        super().before_run(names)

    def __repr__(self) -> str:
        return (
            f"PoissonInput({self.group.name!r}, {self._target_var!r}, N={self._N}, "
            f"rate={self._rate}, weight={self._weight!r})"
        )


def _flags_of(target: Any, name: str) -> tuple[str, ...]:
    """Return the flags declared for ``name`` in the equations of ``target`` (or its parent)."""
    for owner in (target, getattr(target, "source", None)):
        for attribute in ("user_equations", "equations"):
            equations = getattr(owner, attribute, None)
            if equations is not None and name in equations:
                return tuple(equations[name].flags)
    return ()
