"""BinomialFunction: a model function that draws from a binomial distribution at each call.

``BinomialFunction(n, p)`` is called without arguments in model code (``x += inputs()``) and
gives one independent draw per element and step — the number of events among ``n``
independent inputs that each fire with probability ``p`` — for example the Poisson input of a
neuron from ``n`` sources firing at ``rate`` (``p = rate*dt``). Draws come from the engine's
random generator, so ``seed()`` makes them reproducible.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import rng
from engine.core.functions import Function
from engine.core.names import find_name
from engine.units import DIMENSIONLESS, DimensionMismatchError, get_dimensions

__all__ = ["BinomialFunction"]


class BinomialFunction(Function):
    """Samples of a binomial distribution, for use in models (Brian 2's ``BinomialFunction``).

    Parameters
    ----------
    n
        The number of trials (a non-negative integer).
    p
        The probability of success of each trial (dimensionless, between 0 and 1).
    approximate
        Whether to draw from the normal distribution with the binomial's mean ``n*p`` and
        variance ``n*p*(1-p)`` when both ``n*p > 5`` and ``n*(1-p) > 5``, as Brian 2 does by
        default. Its values are then not integers, and may (rarely) be negative.
    name
        A name for messages (default ``binomial``, ``binomial_1``...). In model code the
        function is called by the name of the Python variable holding it.

    Raises
    ------
    ValueError
        If ``n`` is not a non-negative integer or ``p`` not a probability.

    Examples
    --------
    >>> from engine import BinomialFunction, NeuronGroup, Hz, ms  # doctest: +SKIP
    >>> inputs = BinomialFunction(1000, 10*Hz*0.1*ms)  # doctest: +SKIP
    >>> G = NeuronGroup(10, 'dv/dt = -v/(10*ms) : 1')  # doctest: +SKIP
    >>> G.run_regularly('v += 0.01*inputs()')  # doctest: +SKIP
    """

    def __init__(self, n: int, p: float, approximate: bool = True, name: str = "binomial*") -> None:
        self.name = find_name(name, self)
        super().__init__(
            self._one_draw, arg_units=[], return_unit=1, stateless=False, name=self.name
        )
        self.approximate = bool(approximate)
        self._set_parameters(n, p)

    def _set_parameters(self, n: int, p: float) -> None:
        """Set the number of trials and the probability (checked)."""
        try:
            whole = not isinstance(n, bool) and float(n).is_integer() and n >= 0
        except (TypeError, ValueError):
            whole = False
        if not whole:
            raise ValueError(
                f"The number of trials of '{self.name}' must be a non-negative integer, not {n!r}"
            )
        if get_dimensions(p) is not DIMENSIONLESS:
            raise DimensionMismatchError(
                f"The probability of '{self.name}' must be dimensionless (such as rate*dt)",
                get_dimensions(p),
            )
        p = float(p)
        if not 0 <= p <= 1:
            raise ValueError(f"The probability of '{self.name}' must lie in [0, 1], not {p}")
        self.n = int(n)
        self.p = p
        #: Whether draws come from the normal approximation (see ``approximate``).
        self.uses_normal = self.approximate and self.n * p > 5 and self.n * (1 - p) > 5
        self._mean = self.n * p
        self._std = float(np.sqrt(self.n * p * (1 - p)))

    def numpy_implementation(self, size: int) -> np.ndarray:
        """Return ``size`` independent draws (the numpy target's call of a stateful function)."""
        generator = rng.generator()
        if self.uses_normal:
            return generator.normal(self._mean, self._std, size)
        return generator.binomial(self.n, self.p, size)

    def _one_draw(self) -> np.ndarray:
        return self.numpy_implementation(1)

    def __call__(self) -> Any:
        """Return one draw, as an array of one value (as Brian 2 does)."""
        return self._one_draw()

    def __repr__(self) -> str:
        return f"BinomialFunction(n={self.n}, p={self.p!r}, approximate={self.approximate})"
