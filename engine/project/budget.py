"""Estimate the memory and the number of steps a project needs, from its text alone.

`budget_problems(project)` reads the sizes in a project (``N``, ``connect``, ``record``, the run's
duration and time steps) with the engine's safe evaluator, estimates the memory the network
will take when it is built and run, and compares it with the memory this process may still
take (`engine.core.memory.available_memory`). It builds nothing and generates no code, so
`engine.project.validate` calls it on every keystroke; what it reports there as an error,
``run`` refuses before it allocates anything — instead of dying with a `MemoryError`, or
being killed by the system, after minutes of work.

What is counted (bytes per element measured on the engine's own objects, see below):

- each group: its state variables and the engine's arrays per neuron (index, spike space,
  refractoriness), and the temporary arrays of a step of the numpy target;
- each Synapses node: the synapses it creates — ``N_pre × N_post × p`` for ``connect(p=...)``;
  for a condition, the share of pairs that meet it, estimated on a sample of pairs when it
  only uses indices and constants (else all pairs, an upper bound: "up to"); ``n`` per pair;
  for a generator (``j='k for k in range(i-3, i+4)'``), the length of its range — and for
  each synapse its indices, variables, delays and spike queue;
- each StateMonitor: recorded elements × variables × samples over the run; each
  PopulationRateMonitor: its samples. A SpikeMonitor's size depends on the firing, which is
  not known before the run: it is only warned about when a plausible rate would not fit.

An estimate (a share sampled or known) larger than the memory available is an error at the
node and field that drive it; an upper bound larger than it is a warning. A run of more than
`MAX_STEPS` steps of any clock is an error too. Values that do not evaluate are skipped: the
validator reports them.

How the bytes per element were measured: `tracemalloc` (which numpy reports its arrays to)
around ``Synapses.connect`` and the first steps of a run, on 2000 × 2000 neurons connected with
``p = 0.5`` (2e6 synapses) for four models; and around creating and running groups of 1e6
neurons. The constants of `engine.project.budget_values` reproduce those peaks within 25 %.

Each node kind estimates what one of its nodes needs (the ``cost`` of its
`engine.project.kinds.KindSpec`) from the sizes this module evaluates once (`Budget`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from engine.core import memory
from engine.core.sizes import MAX_ELEMENTS
from engine.project.budget_values import (
    PLAUSIBLE_RATE,
    RECORDS,
    SPIKE,
    Cost,
    add_up,
    as_index,
    bytes_text,
    ceiling,
    count_value,
    evaluate_text,
    number_text,
    range_length,
    ratio,
    real_value,
    sample_indices,
    sampled_share,
    seconds_value,
    time_text,
    times,
)
from engine.project.document import GROUP_KINDS, Project
from engine.project.kinds import specs
from engine.project.literals import parse_array
from engine.synapses.generator_syntax import parse_connection

__all__ = ["MAX_STEPS", "Budget", "BudgetProblem", "Cost", "budget_problems", "estimate"]

#: The most time steps a run may take on any clock (a run beyond would not end in a lifetime).
MAX_STEPS = 1e10


@dataclass(frozen=True)
class BudgetProblem:
    """A project that needs more memory or steps than it can have, at its node and field."""

    node_id: str | None
    field: str | None
    message: str
    severity: Literal["error", "warning"]


def budget_problems(
    project: Project,
    constants: Mapping[str, object] | None = None,
    available: float | None = None,
) -> list[BudgetProblem]:
    """Return what in ``project`` needs more memory, or more steps, than it can have.

    Parameters
    ----------
    project
        The project (not built, not changed).
    constants
        The values of the project's constants, if already computed (else they are).
    available
        The memory available in bytes (default: `engine.core.memory.available_memory`, read
        now).
    """
    if available is None:
        available = memory.available_memory()
    budget = Budget(project, constants)
    found = budget.step_problems()
    if available is None:
        return found
    costs = budget.costs()
    over = False
    for cost in costs:
        if cost.bytes > available:
            over = over or not cost.bound
            found.append(
                BudgetProblem(
                    cost.node_id,
                    cost.field,
                    _over_message(budget.name(cost.node_id), cost, available),
                    "warning" if cost.bound else "error",
                )
            )
    estimates = [cost for cost in costs if not cost.bound]
    total = add_up(cost.bytes for cost in estimates)
    if not over and estimates and total > available:
        largest = max(estimates, key=lambda cost: cost.bytes)
        found.append(
            BudgetProblem(
                largest.node_id,
                largest.field,
                f"The network needs about {bytes_text(total)} in all, the most for "
                f"'{budget.name(largest.node_id)}' (about {bytes_text(largest.bytes)} "
                f"{largest.what}); this machine has {bytes_text(available)} available. "
                f"{largest.hint}.",
                "error",
            )
        )
    found.extend(budget.spike_warnings(available))
    return found


def estimate(project: Project, constants: Mapping[str, object] | None = None) -> list[Cost]:
    """Return the memory each node of ``project`` needs (nodes that need little are left out).

    A node whose size does not evaluate, or cannot be known before the run (a SpikeMonitor),
    has no cost.
    """
    return Budget(project, constants).costs()


def _over_message(name: str, cost: Cost, available: float) -> str:
    amount = bytes_text(cost.bytes)
    if math.isfinite(cost.bytes):
        amount = f"up to {amount}" if cost.bound else f"about {amount}"
    ending = (
        "If most of them are made, the run will run out of memory. " if cost.bound else ""
    ) + f"{cost.hint}."
    return (
        f"'{name}': {amount} {cost.what}; this machine has {bytes_text(available)} available. "
        f"{ending}"
    )


# -- the estimates ------------------------------------------------------------------------------


class Budget:
    """The sizes of one project, evaluated once; what each kind's ``cost`` reads.

    Attributes
    ----------
    project
        The project.
    constants
        The values of its constants (those that evaluate).
    dt, duration
        The run's time step and duration in seconds, or None if they do not evaluate.
    sizes
        The number of elements of each group, by node id (groups whose ``N`` evaluates).
    """

    def __init__(self, project: Project, constants: Mapping[str, object] | None) -> None:
        self.project = project
        self.by_id = {node.id: node for node in project.nodes}
        # The first edge of each (node, role), both ways: what build connects.
        self.ends: dict[tuple[str, str, bool], str] = {}
        for edge in project.edges:
            self.ends.setdefault((edge.target, edge.role, True), edge.source)
            self.ends.setdefault((edge.source, edge.role, False), edge.target)
        self.constants = dict(_constants(project) if constants is None else constants)
        run = project.run
        # The run's settings cannot use constants (they are set before them).
        self.dt = seconds_value(run.dt, {})
        self.duration = seconds_value(run.duration, {})
        self.sizes: dict[str, float] = {}
        for node in project.nodes:
            text = getattr(node, "N", None) if node.kind in GROUP_KINDS else None
            if isinstance(text, str):
                size = count_value(text, self.constants)
                # Beyond the engine's limit, N is refused by the validator already.
                if size is not None and size <= MAX_ELEMENTS:
                    self.sizes[node.id] = size
        self._synapses: dict[str, tuple[float, bool, str] | None] = {}

    def name(self, node_id: str | None) -> str:
        """Return the name of a node, for messages ("the run" for None)."""
        node = self.by_id.get(node_id) if node_id is not None else None
        return node.name if node is not None else "the run"

    def source(self, node: Any, role: str) -> Any:
        """Return the node at the source end of ``node``'s edge of ``role``, or None."""
        return self.by_id.get(self.ends.get((node.id, role, True), ""))

    def target(self, node: Any, role: str) -> Any:
        """Return the node at the target end of ``node``'s edge of ``role``, or None."""
        return self.by_id.get(self.ends.get((node.id, role, False), ""))

    # -- steps --------------------------------------------------------------------------------

    def own_dt(self, node: Any) -> float | None:
        """Return a node's own time step in seconds (None: none, or it does not evaluate)."""
        text = getattr(node, "dt", "")
        return seconds_value(text, self.constants) if text.strip() else None

    def step_problems(self) -> list[BudgetProblem]:
        """Clocks that would take more than `MAX_STEPS` steps over the run."""
        found: list[BudgetProblem] = []
        duration = self.duration
        if duration is None or duration == 0:
            return found
        clocks: list[tuple[str | None, str, float]] = []
        if self.dt is not None:
            # A step far below the usual 0.1 ms is more likely the culprit than the duration.
            field = "run.dt" if self.dt < 1e-6 else "run.duration"
            clocks.append((None, field, self.dt))
        for node in self.project.nodes:
            if node.kind in ("NeuronGroup", "StateMonitor"):
                dt = self.own_dt(node)
                if dt is not None:
                    clocks.append((node.id, "dt", dt))
        for node_id, field, dt in clocks:
            if dt == 0:
                continue  # not a time step (the validator says so)
            steps = ratio(duration, dt)
            if steps > MAX_STEPS:
                owner = "the run" if node_id is None else f"'{self.name(node_id)}'"
                found.append(
                    BudgetProblem(
                        node_id,
                        field,
                        f"A run of {time_text(duration)} takes {number_text(steps)} steps of "
                        f"{time_text(dt)} ({owner}'s time step), more than "
                        f"{number_text(MAX_STEPS)}: it would not end. Make the duration shorter "
                        "or the time step longer.",
                        "error",
                    )
                )
        return found

    def samples(self, node: Any, source: Any) -> float | None:
        """Return the samples a monitor records over the run (one per step of its clock)."""
        dt = self.own_dt(node) if node.kind == "StateMonitor" else None
        if dt is None and source is not None and source.kind == "NeuronGroup":
            dt = self.own_dt(source)
        if dt is None:
            dt = self.dt
        if not dt or self.duration is None:
            return None
        return ceiling(ratio(self.duration, dt))

    # -- memory ---------------------------------------------------------------------------------

    def costs(self) -> list[Cost]:
        """Return the memory each node needs, as its kind estimates it (`KindSpec.cost`)."""
        by_kind = {kind_spec.kind: kind_spec.cost for kind_spec in specs()}
        found: list[Cost] = []
        for node in self.project.nodes:
            cost = by_kind.get(node.kind)
            if cost is not None:
                found.extend(cost(node, self))
        return found

    def synapse_field(self, node: Any) -> str:
        """Return the field of a Synapses node that drives its number of synapses."""
        c = node.connect
        if c.i.strip() and c.j.strip():
            return "connect.j"
        if c.j.strip():
            return "connect.j"
        if c.i.strip():
            return "connect.i"
        if c.condition.strip() and not c.p.strip():
            return "connect.condition"
        return "connect.p"

    def synapse_count(self, node: Any) -> tuple[float, bool, str] | None:
        """Return the synapses a node creates: (count, whether a bound, how it was counted)."""
        if node.id not in self._synapses:
            self._synapses[node.id] = self._synapse_count(node)
        return self._synapses[node.id]

    def _synapse_count(self, node: Any) -> tuple[float, bool, str] | None:
        pre, post = self.source(node, "pre"), self.target(node, "post")
        if pre is None or post is None:
            return None
        n_pre, n_post = self.sizes.get(pre.id), self.sizes.get(post.id)
        if n_pre is None or n_post is None:
            return None
        c = node.connect
        n = 1.0
        if c.n.strip():
            value = real_value(evaluate_text(c.n, self.constants))
            if value is None:
                return None  # an expression: not estimated
            n = value
        p = 1.0
        p_expression = None
        if c.p.strip():
            value = real_value(evaluate_text(c.p, self.constants))
            if value is None:
                p_expression = c.p
            else:
                p = min(max(value, 0.0), 1.0)
        names = {"N_pre": n_pre, "N_post": n_post}
        if c.i.strip() and c.j.strip():
            length_i, length_j = self.list_length(c.i), self.list_length(c.j)
            if length_i is None or length_j is None:
                return None
            pairs = max(length_i, length_j)
            return times(pairs, p, n), False, "the pairs listed"
        if c.i.strip() or c.j.strip():
            over_pre = bool(c.j.strip())
            text = c.j if over_pre else c.i
            outer, result = ("i", "j") if over_pre else ("j", "i")
            sides = (n_pre, n_post) if over_pre else (n_post, n_pre)
            found = self.generated(text, outer, result, sides, names, c.skip_if_invalid)
            if found is None:
                return None
            count, bound = found
            return times(count, n), bound, f"from the generator of {result}"
        condition = c.condition.strip()
        if condition == "False":
            return 0.0, False, "no pairs"
        conditional = bool(condition) and condition != "True"
        sizes = f"{number_text(n_pre)} × {number_text(n_post)}"
        if not conditional and p_expression is None:
            how = f"N_pre × N_post × p = {sizes} × {number_text(p)}" if c.p.strip() else ""
            return times(n_pre, n_post, p, n), False, how or f"N_pre × N_post = {sizes}"
        texts = [text for text in (condition if conditional else None, p_expression) if text]
        share = sampled_share(texts, names, self.constants, (n_pre, n_post))
        what = " and ".join(
            part
            for part, given in (("the condition", conditional), ("p", p_expression is not None))
            if given
        )
        if share is None:  # only the built network knows: every pair, at most
            how = f"all N_pre × N_post = {sizes} pairs, if all of them pass {what}"
            return times(n_pre, n_post, p, n), True, how
        how = f"N_pre × N_post = {sizes} pairs × the share passing {what} in a sample"
        if c.p.strip() and p_expression is None:
            how += f" × p = {number_text(p)}"
        return times(n_pre, n_post, share, p, n), False, how

    def generated(
        self,
        text: str,
        outer: str,
        result: str,
        sides: tuple[float, float],
        names: dict[str, float],
        skip_if_invalid: bool,
    ) -> tuple[float, bool] | None:
        """Estimate the synapses of a generator from its range, sampled over ``outer``."""
        try:
            generator = parse_connection(text, outer)
        except Exception:  # any text: the validator reports what is wrong
            return None
        outer_size, result_size = sides
        values = sample_indices(outer_size)
        if values is None:
            return None
        lengths = []
        for value in values:
            namespace = {**self.constants, **names, outer: value}
            low, high, step = (
                real_value(evaluate_text(t, namespace), signed=True)
                for t in (generator.low, generator.high, generator.step)
            )
            length = range_length(low, high, step)
            if length is None:
                return None
            if generator.size is not None:
                size = real_value(evaluate_text(generator.size, namespace))
                if size is None:
                    return None
                length = min(length, size)
            elif generator.p is not None:
                probability = real_value(evaluate_text(generator.p, namespace))
                if probability is None:
                    return None
                length *= min(probability, 1.0)
            lengths.append(length)
        mean = add_up(lengths) / len(lengths)
        share, bound = 1.0, False
        if generator.condition is not None or skip_if_invalid:
            kept = self.kept(generator, outer, result, values, names, result_size)
            share, bound = (1.0, True) if kept is None else (kept, False)
        return times(mean, outer_size, share), bound

    def kept(
        self,
        generator: Any,
        outer: str,
        result: str,
        values: Sequence[float],
        names: dict[str, float],
        result_size: float,
    ) -> float | None:
        """Return the share of a generator's candidates kept (valid, meeting its condition)."""
        rng = np.random.default_rng(0)
        kept = tried = 0
        for value in values:
            namespace = {**self.constants, **names, outer: value}
            low = real_value(evaluate_text(generator.low, namespace), signed=True)
            high = real_value(evaluate_text(generator.high, namespace), signed=True)
            step = real_value(evaluate_text(generator.step, namespace), signed=True)
            length = range_length(low, high, step)
            if length is None or low is None or step is None:  # (known when length is)
                return None
            if length == 0:
                continue
            variable = low + step * math.floor(rng.random() * length)
            namespace[generator.variable] = as_index(variable)
            element = real_value(evaluate_text(generator.element, namespace), signed=True)
            if element is None:
                return None
            tried += 1
            if not 0 <= element < result_size:
                continue
            namespace[result] = as_index(element)
            if generator.condition is not None:
                meets = evaluate_text(generator.condition, namespace)
                if not isinstance(meets, (bool, np.bool_)):
                    return None
                if not meets:
                    continue
            kept += 1
        return kept / tried if tried else 0.0

    def list_length(self, text: str) -> float | None:
        """Return the number of values of a list of indices, or None if it does not evaluate."""
        try:
            values = parse_array(text, self.constants).quantity(self.constants)
        except Exception:  # any text: the validator reports what is wrong
            return None
        return float(np.size(values))

    def spike_warnings(self, available: float) -> list[BudgetProblem]:
        """SpikeMonitors whose spikes would not fit at a plausible rate (a guess: warned)."""
        found: list[BudgetProblem] = []
        if self.duration is None:
            return found
        for node in self.project.nodes:
            if node.kind != "SpikeMonitor":
                continue
            source = self.source(node, "record")
            size = self.sizes.get(source.id) if source is not None else None
            if size is None:
                continue
            spikes = times(size, self.duration, PLAUSIBLE_RATE)
            variables = len(getattr(node, "variables", ()))
            needed = times(spikes, SPIKE + 8 * variables, RECORDS)
            if needed > available:
                found.append(
                    BudgetProblem(
                        node.id,
                        None,
                        f"'{node.name}' records every spike of {number_text(size)} neurons over "
                        f"{time_text(self.duration)}: at {PLAUSIBLE_RATE:g} Hz that is about "
                        f"{number_text(spikes)} spikes and {bytes_text(needed)}, more than the "
                        f"{bytes_text(available)} this machine has available. Record a smaller "
                        "group, or run shorter.",
                        "warning",
                    )
                )
        return found


# -- values -------------------------------------------------------------------------------------


def _constants(project: Project) -> dict[str, object]:
    """Evaluate the constants in order, as the validator does (a wrong one is left out)."""
    values: dict[str, object] = {}
    for constant in project.constants:
        value = evaluate_text(constant.value, values)
        if value is not None:
            values[constant.name] = value
    return values
