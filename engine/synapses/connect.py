"""Which pairs of neurons a ``connect`` call connects, computed in vectorised chunks.

`generate_pairs` runs a `ConnectionGenerator` for every neuron on the *outer* side (``i`` for
``connect(j=...)``), giving the connected neurons on the *result* side. Expressions are
evaluated by a callback (the Synapses object compiles them with the code target), always for
many candidates at once: the neurons of a chunk of outer neurons, never one pair at a time.
Random choices use the engine's generator; for sparse random connectivity only the chosen
pairs are ever drawn (the gaps between them follow a geometric law), so creating millions of
synapses among millions of candidate pairs costs time in proportion to the synapses.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.core import memory
from engine.core.sizes import MAX_ELEMENTS
from engine.errors import ModelError, SourceSpan, errors_in
from engine.synapses.generator_syntax import ConnectionGenerator

__all__ = ["Sides", "bernoulli_positions", "generate_pairs", "naming_arguments"]

#: Candidate pairs evaluated at once (bounds the memory of a connect call).
CHUNK = 1 << 21
#: The bytes a synapse takes at the least: its two neuron indices (int32).
_INDEX_BYTES = 8

#: ``evaluate(text, values)``: the expression's value for each candidate, given the index
#: arrays by name (the outer index, the result index, the generator's variable).
Evaluate = Callable[[str, Mapping[str, np.ndarray]], np.ndarray]


@contextlib.contextmanager
def naming_arguments(condition: Any, i: Any, j: Any) -> Iterator[None]:
    """Name the argument of a ``connect(condition, i, j, ...)`` call that an error is about.

    The checks and the generation of pairs mark a `ModelError` with the part of the
    generator at fault (``condition``, ``p``, ``n``, ``element``...; see
    `engine.errors.errors_in`). With a condition, the condition, ``p`` and ``n`` are
    arguments of their own; a generator is the text of ``j`` (or ``i``), only ``n`` is apart.
    """
    generator = "j" if isinstance(j, str) else "i" if isinstance(i, str) else None
    try:
        yield
    except ModelError as error:
        with_condition = condition is not None or (i is None and j is None)
        if not with_condition and generator is not None:
            error.argument = "n" if error.argument == "n" else generator
        elif with_condition and error.argument not in ("p", "n"):
            error.argument = "condition"
        raise


@dataclass(frozen=True)
class Sides:
    """The two sides of a connect call: names and sizes of the outer and result indices."""

    outer: str
    result: str
    outer_size: int
    result_size: int


def generate_pairs(
    generator: ConnectionGenerator,
    sides: Sides,
    evaluate: Evaluate,
    depends_on_result: Callable[[str], bool],
    n: int | str,
    skip_if_invalid: bool,
    rng: np.random.Generator,
    uses_result_index: Callable[[str], bool] | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(outer, result)`` index arrays of the new synapses, chunk by chunk, in order.

    As in Brian 2, a condition that does not refer to the result index (nor to the values of
    the result side's neurons) is applied *before* the result is checked against the
    group's range: ``j='k for k in range(i, i+3) if k < N_post'`` leaves out the pairs past
    the last neuron instead of failing. A condition that does refer to it needs a valid
    neuron, so the range is checked (or, with ``skip_if_invalid``, invalid pairs are left
    out) first. ``uses_result_index(text)`` tells which (default: ``depends_on_result``).

    Raises
    ------
    ValueError
        If an iterator bound or probability depends on the result index or the generator's
        variable.
    IndexError
        If a result index is outside its group (unless ``skip_if_invalid``), or a sample
        size is impossible.
    ValueError
        Also, before any pair is drawn, if the pairs to create are certainly more than a
        Synapses object can number, or than the memory available can hold.
    ModelError
        If an expression cannot be computed for some candidates (a division by zero, an
        invalid operation, a result that is not a finite number where an integer is needed).
    """
    evaluate = _checked(evaluate)
    for part in ("low", "high", "step", "p", "size"):
        text = getattr(generator, part)
        if text is not None and depends_on_result(text):
            raise ValueError(
                f"The {part} '{text}' of the generator may only depend on '{sides.outer}' "
                f"and on presynaptic values, not on '{sides.result}' or the generator's variable"
            )
    outer = np.arange(sides.outer_size, dtype=np.int64)
    condition = generator.condition
    if uses_result_index is None:
        uses_result_index = depends_on_result
    if condition is not None and not depends_on_result(condition):
        with errors_in("condition"):
            outer = outer[_as_bool(evaluate(condition, {sides.outer: outer}), len(outer))]
        condition = None

    def per_outer(text: str | None, default: float) -> np.ndarray:
        if text is None:
            return np.full(len(outer), default)
        return np.broadcast_to(evaluate(text, {sides.outer: outer}), (len(outer),))

    low = _integers(per_outer(generator.low, 0), generator.low)
    high = _integers(per_outer(generator.high, 0), generator.high)
    step = _integers(per_outer(generator.step, 1), generator.step)
    if np.any(step == 0):
        raise ValueError(f"The step of '{generator.text}' is zero")
    lengths = np.where(step > 0, -((low - high) // step), -((high - low) // -step))
    lengths = np.maximum(lengths, 0)
    with errors_in("p"):
        p = per_outer(generator.p, 1.0) if generator.p is not None else None
    size = None
    if generator.size is not None:
        size = _integers(per_outer(generator.size, 0), generator.size)
    if size is not None:
        size = _checked_sizes(size, lengths, skip_if_invalid)
    if condition is None and not skip_if_invalid and not isinstance(n, str):
        # Every candidate drawn becomes a synapse: refuse before drawing what cannot be held.
        _refuse_impossible(_expected_count(lengths, p, size) * n)

    for rows in _row_chunks(lengths, p, size):
        rows_outer = outer[rows]
        if size is not None:
            row, position = _sample_fixed(lengths[rows], size[rows], rng)
        elif p is not None:
            row, position = _sample_bernoulli(lengths[rows], p[rows], rng)
        else:
            counts = lengths[rows]
            row = np.repeat(np.arange(len(rows)), counts)
            position = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
        pair_outer = rows_outer[row]
        variable = low[rows][row] + step[rows][row] * position
        values = {sides.outer: pair_outer, generator.variable: variable}
        result = np.broadcast_to(evaluate(generator.element, values), pair_outer.shape)
        result = _integers(result, generator.element)
        if condition is not None and not uses_result_index(condition):
            values = {sides.outer: pair_outer, generator.variable: variable}
            with errors_in("condition"):
                keep = _as_bool(evaluate(condition, values), len(result))
            pair_outer, result, variable = pair_outer[keep], result[keep], variable[keep]
            condition_applied = True
        else:
            condition_applied = False
        valid = (result >= 0) & (result < sides.result_size)
        if not np.all(valid):
            if not skip_if_invalid:
                bad = result[~valid][0]
                raise IndexError(
                    f"'{generator.text}' gives {sides.result}={bad} (for {sides.outer}="
                    f"{pair_outer[~valid][0]}), outside the group's range 0 to "
                    f"{sides.result_size - 1}; pass skip_if_invalid=True to leave such pairs out"
                )
            pair_outer, result, variable = pair_outer[valid], result[valid], variable[valid]
        if condition is not None and not condition_applied:
            values = {sides.outer: pair_outer, generator.variable: variable, sides.result: result}
            with errors_in("condition"):
                keep = _as_bool(evaluate(condition, values), len(result))
            pair_outer, result, variable = pair_outer[keep], result[keep], variable[keep]
        if isinstance(n, str):
            values = {sides.outer: pair_outer, generator.variable: variable, sides.result: result}
            with errors_in("n"):
                counts = _integers(np.broadcast_to(evaluate(n, values), result.shape), n)
            if np.any(counts < 0):
                raise ValueError(f"The number of synapses per pair '{n}' is negative")
        else:
            counts = n
        yield np.repeat(pair_outer, counts), np.repeat(result, counts)


def _checked(evaluate: Evaluate) -> Evaluate:
    """Return ``evaluate`` with arithmetic failures raised as errors of the expression.

    numpy would warn and go on with ``inf`` or NaN (``1/(i - 3)``, ``sqrt(-1)``), and Python
    scalars raise their own exceptions (``ZeroDivisionError``): a connection made from such
    values is a mistake, reported with the expression, as Brian 2 does.
    """

    def checked(text: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
        with np.errstate(divide="raise", invalid="raise", over="ignore", under="ignore"):
            try:
                return np.asarray(evaluate(text, values))
            except (ArithmeticError, ValueError) as error:
                raise _expression_error(text, f"cannot be computed ({error})") from None

    return checked


def _integers(values: np.ndarray, text: str | None) -> np.ndarray:
    """Return ``values`` as int64, refusing values that are not finite or too large."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        bad = ~np.isfinite(values) | (np.abs(values) >= 2.0**62)
        if np.any(bad):
            first = values[bad].flat[0]
            raise _expression_error(text or "", f"gives {first}, which is not a usable integer")
    return values.astype(np.int64)


def _expression_error(text: str, problem: str) -> ModelError:
    return ModelError(
        f"'{text}' {problem}",
        SourceSpan(1, 1, len(text) + 1),
        text,
        "Check it for a division by zero or an invalid operation for some neurons.",
    )


def _expected_count(lengths: np.ndarray, p: np.ndarray | None, size: np.ndarray | None) -> float:
    """Return how many candidates will be drawn: exactly, or on average for a probability."""
    if size is not None:
        return float(np.sum(size, dtype=np.float64))
    if p is not None:
        return float(np.sum(lengths * np.clip(p, 0, 1), dtype=np.float64))
    return float(np.sum(lengths, dtype=np.float64))


def _refuse_impossible(expected: float) -> None:
    """Refuse, before drawing any, synapses that no Synapses object or memory could hold.

    ``expected`` is exact, or an average over random draws, from which a draw strays by a few
    of its square roots at most: only counts certain to be too many are refused, so whatever
    could be created still is, with the same random numbers.
    """
    if not expected > 0:
        return
    certain = expected - 6 * math.sqrt(expected)
    shown = f"{expected:.3g}".replace("e+0", "e").replace("e+", "e")
    how_many = f"connect would create about {shown} synapses"
    fewer = "Connect fewer pairs (a lower p, fewer neurons, a shorter range)."
    if certain > MAX_ELEMENTS:
        raise ValueError(
            f"{how_many}, more than the {MAX_ELEMENTS} a Synapses object can hold (synapses "
            f"are numbered with 32-bit integers). {fewer}"
        )
    available = memory.available_memory()
    needed = certain * _INDEX_BYTES
    if available is not None and needed > available:
        raise ValueError(
            f"{how_many}: their indices alone take {needed / 1e9:.3g} GB, and this machine has "
            f"{available / 1e9:.3g} GB available. {fewer}"
        )


def _as_bool(values: np.ndarray, size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=bool), (size,))


def _checked_sizes(size: np.ndarray, lengths: np.ndarray, skip_if_invalid: bool) -> np.ndarray:
    if np.any(size < 0):
        if not skip_if_invalid:
            raise IndexError(f"Requested sample size {size[size < 0][0]} is negative")
        size = np.maximum(size, 0)
    too_big = size > lengths
    if np.any(too_big):
        if not skip_if_invalid:
            raise IndexError(
                f"Requested sample size {size[too_big][0]} is bigger than the population "
                f"size {lengths[too_big][0]}"
            )
        size = np.minimum(size, lengths)
    return size


def _row_chunks(
    lengths: np.ndarray, p: np.ndarray | None, size: np.ndarray | None
) -> Iterator[np.ndarray]:
    """Split the outer neurons into chunks of about `CHUNK` candidate pairs to evaluate."""
    if size is not None:
        work = size
    elif p is not None:
        work = lengths * np.clip(p, 0, 1)  # the expected number of pairs drawn
    else:
        work = lengths
    total = np.cumsum(work, dtype=float)
    start = 0
    while start < len(lengths):
        base = total[start - 1] if start else 0.0
        stop = int(np.searchsorted(total, base + CHUNK, side="right"))
        stop = max(stop, start + 1)
        yield np.arange(start, stop)
        start = stop


def _sample_fixed(
    lengths: np.ndarray, sizes: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, ``sizes[row]`` distinct positions below ``lengths[row]``, sorted."""
    rows, positions = [], []
    kinds, which = np.unique(np.stack([lengths, sizes], axis=1), axis=0, return_inverse=True)
    which = which.ravel()
    for kind, (length, size) in enumerate(kinds):
        members = np.flatnonzero(which == kind)
        if size == 0:
            continue
        if size == length:
            chosen = np.broadcast_to(np.arange(length), (len(members), size))
        elif size * size < length:
            # Draw with replacement and redraw the rows that hit a position twice: a row kept
            # is a uniformly random subset, and few rows (under half) need a second draw.
            chosen = np.sort(rng.integers(0, length, (len(members), size)), axis=1)
            for row in np.flatnonzero(np.any(chosen[:, 1:] == chosen[:, :-1], axis=1)):
                chosen[row] = np.sort(rng.choice(int(length), size=int(size), replace=False))
        else:
            chosen = np.array(
                [np.sort(rng.choice(int(length), size=int(size), replace=False)) for _ in members]
            )
        rows.append(np.repeat(members, size))
        positions.append(chosen.ravel())
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    all_rows, all_positions = np.concatenate(rows), np.concatenate(positions)
    order = np.argsort(all_rows, kind="stable")  # rows in order, each row's positions sorted
    return all_rows[order], all_positions[order].astype(np.int64)


def _sample_bernoulli(
    lengths: np.ndarray, p: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each position of each row with its row's probability; return (rows, positions)."""
    ends = np.cumsum(lengths)
    starts = ends - lengths
    probabilities = np.unique(p)
    if len(probabilities) == 1:
        flat = bernoulli_positions(int(ends[-1]) if len(ends) else 0, float(probabilities[0]), rng)
        row_of = np.searchsorted(ends, flat, side="right")
        return row_of, flat - starts[row_of]
    rows, positions = [], []
    for row, (length, probability) in enumerate(zip(lengths, p, strict=True)):
        chosen = bernoulli_positions(int(length), float(probability), rng)
        rows.append(np.full(len(chosen), row))
        positions.append(chosen)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(positions)


def bernoulli_positions(total: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """Return the positions below ``total`` kept when each is kept with probability ``p``.

    For small ``p`` the gaps between kept positions are drawn (geometrically distributed),
    so the cost is proportional to the number kept, not to ``total``.
    """
    if total <= 0 or p <= 0:
        return np.zeros(0, dtype=np.int64)
    if p >= 1:
        return np.arange(total, dtype=np.int64)
    if p > 0.25 or total <= 4096:
        return np.flatnonzero(rng.random(total) < p).astype(np.int64)
    found = []
    position = -1
    while True:
        expected = int((total - position) * p * 1.05) + 16
        gaps = rng.geometric(p, size=expected)
        positions = position + np.cumsum(gaps)
        found.append(positions)
        position = int(positions[-1])
        if position >= total:
            break
    result = np.concatenate(found)
    return result[: np.searchsorted(result, total)]
