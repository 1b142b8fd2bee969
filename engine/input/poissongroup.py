"""PoissonGroup: neurons that fire as independent Poisson processes of given rates.

``PoissonGroup(N, rates)`` is Brian 2's shorthand for ``NeuronGroup(N, 'rates : Hz',
threshold='rand() < rates*dt')`` with its rates set — or, for string rates, for
``NeuronGroup(N, 'rates = ... : Hz', threshold='rand() < rates*dt')``, whose expression is
evaluated at every step (it may use ``t``, ``i`` and functions such as a ``TimedArray``). A
neuron fires at most once per step, so a rate near ``1/dt`` is underestimated: spread high
rates over several neurons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.core.sizes import as_count, count_problem
from engine.equations import expression_dimensions
from engine.errors import ModelError
from engine.groups import Group, Subgroup
from engine.groups.neurongroup import Thresholder, _start_stop
from engine.units import (
    DIMENSIONLESS,
    DimensionMismatchError,
    Hz,
    Quantity,
    get_dimensions,
    get_unit_for_display,
)

__all__ = ["PoissonGroup"]

_RATE = get_dimensions(Hz)


class PoissonGroup(Group):
    """A group of independent Poisson spike sources (Brian 2's ``PoissonGroup``).

    Parameters
    ----------
    N
        The number of neurons.
    rates
        One rate for all neurons, one rate per neuron, or a string expression of a rate
        evaluated at every step (``'stimulus(t)'``, ``'10*Hz + i*Hz'``). Fixed rates can be
        changed later like any variable (``P.rates = 20*Hz``).
    dt, clock
        The group's time step, or its clock (default: the default clock).
    when, order
        When the spikes are drawn in a step (by default in the ``thresholds`` slot, where a
        `NeuronGroup` tests its threshold).
    namespace
        External names for a string rate (otherwise those of the script calling ``run``).
    name
        The group's name.

    Raises
    ------
    EngineError
        If ``N`` is not a positive integer, or a string rate is not a valid expression.
    DimensionMismatchError
        If fixed rates are not rates (Hz).

    Notes
    -----
    The spikes are drawn by the group's thresholder, ``rand() < rates*dt`` for every neuron,
    with the engine's random generator (``seed()`` makes them reproducible).
    """

    def __init__(
        self,
        N: int,
        rates: Any,
        dt: Quantity | None = None,
        clock: Any = None,
        when: str = "thresholds",
        order: int = 0,
        namespace: Mapping[str, Any] | None = None,
        name: str = "poissongroup*",
        codeobj_class: Any = None,
    ) -> None:
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name, namespace=namespace)
        N = as_count(N)  # an integral float (N=1e4) counts, as in Brian 2
        problem = count_problem(N, "The number of neurons")
        if problem is not None:
            raise self.fail(problem, argument="N")
        self._N = int(N)
        self._rates = rates
        variables = self.variables
        variables.add_constant("N", self._N)
        variables.add_arange("i", self._N)
        variables.add_array("_spikespace", self._N + 1, dtype=np.int32)
        variables.add_clock_variables(self.clock)
        if isinstance(rates, str):
            try:
                variables.add_subexpression("rates", rates, _RATE)
            except ModelError as error:
                raise self.fail(
                    f"The rates expression '{rates}' is not valid: {error}", argument="rates"
                ) from None
        else:
            _check_rates(rates, self.name)
            variables.add_array("rates", self._N, _RATE)
        #: PoissonGroups have no refractoriness (the thresholder asks).
        self._refractory = False
        #: The spike condition, as for a NeuronGroup (read by the thresholder and monitors).
        self.events = {"spike": "rand() < rates*dt"}
        self.thresholder = {"spike": Thresholder(self, "spike", when)}
        self.thresholder["spike"].argument = "rates"  # its condition draws with the rates
        self.contained_objects.append(self.thresholder["spike"])
        self._enable_attributes()
        if not isinstance(rates, str):
            self.rates = rates

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Check that a string rate is a rate (its names are resolved in ``run_namespace``)."""
        rates = self.variables["rates"]
        expression = getattr(rates, "expr", None)
        if expression is None:
            return
        try:
            dim = expression_dimensions(expression, self.lookup(run_namespace))
        except ModelError as error:
            raise self.fail(
                f"In the rates expression '{expression}': {error}", argument="rates"
            ) from None
        if dim is not _RATE:
            raise self.fail(
                f"The rates expression '{expression}' has unit {get_unit_for_display(dim)}, "
                "but must be a rate",
                "Write it in Hz, e.g. '10*Hz + i*Hz' or 'stimulus(t)' with a TimedArray of "
                "values in Hz.",
                argument="rates",
            )

    @property
    def spikes(self) -> np.ndarray:
        """The neurons that spiked in the most recent step."""
        space = self.variables["_spikespace"].get_value()
        return space[: space[-1]].copy()

    def __getitem__(self, item: Any) -> Subgroup:
        start, stop = _start_stop(item, self._N)
        return Subgroup(self, start, stop)

    def __repr__(self) -> str:
        return f"PoissonGroup({self._N}, rates={self._rates!r}, name={self.name!r})"


def _check_rates(rates: Any, owner: str) -> None:
    """Refuse fixed rates that are not rates (zero and infinity fit every unit)."""
    dim = get_dimensions(rates)
    if dim is _RATE:
        return
    values = np.asarray(rates)
    if dim is DIMENSIONLESS and values.size and np.all((values == 0) | np.isinf(values)):
        return
    raise DimensionMismatchError(
        f"The rates of '{owner}' must be rates (such as 10*Hz) or a string expression, not "
        "values of another unit",
        dim,
    )
