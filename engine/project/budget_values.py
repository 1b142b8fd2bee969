"""The pieces of a memory estimate: bytes per element, `Cost`, and sizes read from text.

`engine.project.budget` adds up the memory of a project; each node kind says what one of its
nodes costs (the ``cost`` of its `engine.project.kinds.KindSpec`) with what this module holds:
the bytes per element the engine was measured to take (see `engine.project.budget`'s docstring
for how), what a model's equations store (`model_sizes`), the evaluation of sizes and
durations from a project's text, arithmetic that does not overflow, and the words of messages.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.equations import (
    BOOLEAN,
    DIFFERENTIAL_EQUATION,
    INTEGER,
    SUBEXPRESSION,
    Equations,
    evaluate_constant,
)
from engine.parsing import parse_expression
from engine.units import DIMENSIONLESS, Quantity, get_dimensions, second

# -- bytes per element (see the module's docstring for how they were measured) -----------------

#: Per neuron, always: the index ``i`` (int32).
NEURON = 4
#: Per neuron of a group with a threshold: its spike space (int32).
SPIKING = 4
#: Per neuron of a refractory group: ``lastspike`` (float64) and ``not_refractory`` (bool).
REFRACTORY = 9
#: Per neuron and per differential equation (and for refractoriness): temporary arrays of a
#: step of the numpy target (the compiled target needs almost none; the numpy target is what
#: a machine without a compiler falls back to).
TEMPORARY = 8
#: Per neuron of a PoissonGroup: spike space, rates, and a step's random numbers.
POISSON = 4 + 8 + 16
#: Per synapse: its two neuron indices (int32 each).
SYNAPSE = 8
#: Per synapse and pathway: the spike queue's order (int32); with a delay per synapse, the
#: delay as a float64 and in the queue as an int64.
QUEUE, DELAY = 4, 16
#: Per synapse: the temporary arrays of connect (the pairs drawn, as int64, before they are
#: stored) or, later, of preparing the spike queues — whichever is larger (24 to 41 bytes were
#: measured).
CONNECTING = 32
#: Per source or target neuron of a Synapses node: synapse counts (int32) and queue offsets.
SYNAPSE_NEURON = 4 + 4 + 8
#: Per step of the longest delay of a pathway: a row of its spike queue (at least one int32)
#: and the row's count (int64).
QUEUE_STEP = 4 + 8
#: Recorded values grow in arrays that double their capacity, and the run copies them into its
#: results: a run holds 3 to 5 times the recorded values at its peak (4.5 measured).
RECORDS = 4
#: Per spike of a SpikeMonitor: its index (int32) and time (float64).
SPIKE = 12
#: The rate a SpikeMonitor is warned about (spikes per second of every neuron).
PLAUSIBLE_RATE = 100.0
#: Pairs sampled to estimate the share of pairs a condition keeps (a fixed sample: the same
#: text always gives the same estimate).
SAMPLES = 64


@dataclass(frozen=True)
class Cost:
    """The memory one node needs.

    Attributes
    ----------
    node_id
        The node.
    field
        The field that drives the size (``N``, ``connect.p``, ``record``...), or None.
    bytes
        The estimate (possibly infinite: beyond what a float holds).
    what
        What it is for, in words (``for 1e10 synapses (N_pre × N_post × p)``).
    bound
        True if ``bytes`` is an upper bound rather than an estimate.
    hint
        What to change to need less.
    """

    node_id: str
    field: str | None
    bytes: float
    what: str
    bound: bool
    hint: str


@dataclass(frozen=True)
class ModelSizes:
    """What the equations of a node store per element."""

    bytes: int  # per element, of the variables with a value per element
    sizes: dict[str, int]  # bytes per element of each stored variable
    differential: int  # differential equations (clock- or event-driven)
    event_driven: bool


@functools.lru_cache(maxsize=512)
def model_sizes(text: str) -> ModelSizes | None:
    """Read equations (cached: large projects repeat the same models)."""
    try:
        equations = Equations(text)
    except Exception:  # any text: the validator reports what is wrong
        return None
    sizes = {}
    for eq in equations.ordered:
        if eq.type == SUBEXPRESSION or {"shared", "linked"} & set(eq.flags):
            continue
        sizes[eq.varname] = {BOOLEAN: 1, INTEGER: 4}.get(eq.var_type, 8)
    differential = [eq for eq in equations.ordered if eq.type == DIFFERENTIAL_EQUATION]
    return ModelSizes(
        sum(sizes.values()),
        sizes,
        len(differential),
        any("event-driven" in eq.flags for eq in differential),
    )


NO_MODEL = ModelSizes(0, {}, 0, False)


def group_cost(node_id: str, size: float | None, per_element: float, what: str) -> list[Cost]:
    """Return the memory of a group of ``size`` elements (none if unknown): its ``N`` drives it.

    ``what`` names the elements after their number (``"Poisson neurons"``).
    """
    if size is None:
        return []
    return [
        Cost(
            node_id,
            "N",
            times(size, per_element),
            f"for {number_text(size)} {what}",
            False,
            "Lower N",
        )
    ]


# -- values ------------------------------------------------------------------------------------


def evaluate_text(text: str, namespace: Mapping[str, object]) -> object:
    """Return the value of a constant expression, or None if it does not evaluate."""
    try:
        return evaluate_constant(parsed(text), namespace)
    except Exception:  # any text: the validator reports what is wrong
        return None


@functools.lru_cache(maxsize=1024)
def parsed(text: str) -> Any:
    """Return the parsed expression of ``text`` (cached: sizes are evaluated many times)."""
    return parse_expression(text)


def evaluates(text: str, constants: Mapping[str, object]) -> bool:
    """Whether ``text`` evaluates with the constants alone."""
    return evaluate_text(text, constants) is not None


def real_value(value: object, signed: bool = False) -> float | None:
    """Return a plain number as a float (inf if too large for one), else None."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, Quantity):
        if get_dimensions(value) is not DIMENSIONLESS or np.ndim(value) != 0:
            return None
        value = float(value)
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer beyond a float's range
        number = math.inf if value > 0 else -math.inf
    if math.isnan(number) or (number < 0 and not signed):
        return None
    return number


def count_value(text: str, constants: Mapping[str, object]) -> float | None:
    """Return a size such as N: a finite whole number of at least 0, else None."""
    number = real_value(evaluate_text(text, constants))
    if number is None or not math.isfinite(number) or number != math.floor(number):
        return None
    return number


def seconds_value(text: str, constants: Mapping[str, object]) -> float | None:
    """Return a duration in seconds (finite and not negative), else None."""
    if not text.strip():
        return None
    value = evaluate_text(text, constants)
    if (
        not isinstance(value, Quantity)  # a plain number is no duration
        or get_dimensions(value) is not get_dimensions(second)
        or np.ndim(value)
    ):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def times(*factors: float) -> float:
    """Return the product; 0 times anything (even infinity) is 0, overflow is infinity."""
    if any(factor == 0 for factor in factors):
        return 0.0
    product = math.prod(factors)
    if (product == 0 or math.isinf(product)) and all(map(math.isfinite, factors)):
        # 1e300 × 1e300 × 1e-300 overflows on the way: add logarithms instead.
        try:
            product = math.exp(math.fsum(math.log(factor) for factor in factors))
        except (OverflowError, ValueError):  # beyond a float, or a negative factor
            product = math.inf
    return product


def ratio(numerator: float, denominator: float) -> float:
    """Return the quotient; infinity when dividing by 0 or overflowing."""
    if denominator == 0:
        return math.inf
    try:
        return numerator / denominator
    except OverflowError:
        return math.inf


def add_up(values: Any) -> float:
    """Return the exact sum of ``values`` (0 for None)."""
    return math.fsum(values) if values is not None else 0.0


def ceiling(value: float) -> float:
    """Round up a finite value; leave infinity as it is."""
    return float(math.ceil(value)) if math.isfinite(value) else value


def range_length(low: float | None, high: float | None, step: float | None) -> float | None:
    """Return the length of ``range(low, high, step)`` (None if unknown or infinite)."""
    if low is None or high is None or not step:
        return None
    length = ratio(high - low, step)
    if not math.isfinite(length):
        return None
    return max(0.0, ceiling(length))


def as_index(value: float) -> int | float:
    """Return an index as the engine has it (an integer) when a float holds it exactly."""
    return int(value) if abs(value) < 2**62 else value


def sample_indices(size: float) -> list[int | float] | None:
    """Return a fixed sample of indices below ``size`` (all of them when there are few)."""
    if size <= 0:
        return None
    if size <= SAMPLES:
        return list(range(int(size)))
    rng = np.random.default_rng(0)
    sample = [0, size - 1, *(math.floor(x * size) for x in rng.random(SAMPLES - 2))]
    return [as_index(min(x, size - 1)) for x in sample]


def sample_pairs(n_pre: float, n_post: float) -> list[tuple[int | float, int | float]]:
    """Return a fixed sample of pairs (i, j) (all of them when there are few)."""
    if times(n_pre, n_post) <= SAMPLES:
        return [(i, j) for i in range(int(n_pre)) for j in range(int(n_post))]
    rng = np.random.default_rng(0)
    return [
        (as_index(math.floor(a * n_pre)), as_index(math.floor(b * n_post)))
        for a, b in rng.random((SAMPLES, 2))
    ]


def sampled_share(
    texts: Sequence[str],
    names: Mapping[str, float],
    constants: Mapping[str, object],
    sizes: tuple[float, float],
) -> float | None:
    """Return the mean over sampled pairs (i, j) of the conditions times the probabilities.

    None if some text uses more than indices, sizes and constants (a variable of a group, a
    random number), which only the built network knows.
    """
    pairs = sample_pairs(*sizes)
    total = 0.0
    for i, j in pairs:
        namespace = {**constants, **names, "i": i, "j": j}
        weight = 1.0
        for text in texts:
            value = evaluate_text(text, namespace)
            if isinstance(value, (bool, np.bool_)):
                weight *= float(value)
            else:
                number = real_value(value)
                if number is None:
                    return None
                weight *= min(number, 1.0)
        total += weight
    return total / len(pairs)


# -- words --------------------------------------------------------------------------------------


def number_text(value: float) -> str:
    """``64``, ``4000``, ``1e10``, ``2.5e10``: a count as a person writes it."""
    if not math.isfinite(value):
        return "more than 1e308"
    if value < 1e5 and value == math.floor(value):
        return f"{value:.0f}"
    if value < 1e5:
        return f"{value:.3g}"
    return f"{value:.2g}".replace("e+", "e").replace("e0", "e")


def bytes_text(value: float) -> str:
    """``512 bytes``, ``21 GB``, ``600 TB``: decimal units, as the system reports them."""
    if not math.isfinite(value) or value >= 1e21:
        return f"{number_text(value)} bytes"
    for unit, size in (("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if value >= size:
            shown = value / size
            return f"{shown:.0f} {unit}" if shown >= 10 else f"{shown:.1f} {unit}"
    if value >= 1e3:
        return f"{value / 1e3:.0f} kB"
    return f"{value:.0f} bytes"


def time_text(seconds: float) -> str:
    """``100 ms``, ``0.1 µs``, ``1e6 s``: a duration as a person writes it."""
    for unit, size in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.3g} {unit}" if value < 1e5 else f"{number_text(value)} {unit}"
    return f"{seconds:.3g} s"


def plural(count: float, word: str) -> str:
    """``1 variable``, ``3 variables``: a count and its word."""
    return f"{number_text(count)} {word}" if count == 1 else f"{number_text(count)} {word}s"
