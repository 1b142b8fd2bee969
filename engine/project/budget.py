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
neurons. The constants below reproduce those peaks within 25 %.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from engine.core import memory
from engine.core.sizes import MAX_ELEMENTS
from engine.equations import (
    BOOLEAN,
    DIFFERENTIAL_EQUATION,
    INTEGER,
    SUBEXPRESSION,
    Equations,
    evaluate_constant,
)
from engine.parsing import parse_expression
from engine.project.document import GROUP_KINDS, Project
from engine.project.literals import parse_array
from engine.synapses.generator_syntax import parse_connection
from engine.units import DIMENSIONLESS, Quantity, get_dimensions, second

__all__ = ["MAX_STEPS", "BudgetProblem", "Cost", "budget_problems", "estimate"]

#: The most time steps a run may take on any clock (a run beyond would not end in a lifetime).
MAX_STEPS = 1e10

# -- bytes per element (see the module's docstring for how they were measured) -----------------

#: Per neuron, always: the index ``i`` (int32).
_NEURON = 4
#: Per neuron of a group with a threshold: its spike space (int32).
_SPIKING = 4
#: Per neuron of a refractory group: ``lastspike`` (float64) and ``not_refractory`` (bool).
_REFRACTORY = 9
#: Per neuron and per differential equation (and for refractoriness): temporary arrays of a
#: step of the numpy target (the compiled target needs almost none; the numpy target is what
#: a machine without a compiler falls back to).
_TEMPORARY = 8
#: Per neuron of a PoissonGroup: spike space, rates, and a step's random numbers.
_POISSON = 4 + 8 + 16
#: Per synapse: its two neuron indices (int32 each).
_SYNAPSE = 8
#: Per synapse and pathway: the spike queue's order (int32); with a delay per synapse, the
#: delay as a float64 and in the queue as an int64.
_QUEUE, _DELAY = 4, 16
#: Per synapse: the temporary arrays of connect (the pairs drawn, as int64, before they are
#: stored) or, later, of preparing the spike queues — whichever is larger (24 to 41 bytes were
#: measured).
_CONNECTING = 32
#: Per source or target neuron of a Synapses node: synapse counts (int32) and queue offsets.
_SYNAPSE_NEURON = 4 + 4 + 8
#: Per step of the longest delay of a pathway: a row of its spike queue (at least one int32)
#: and the row's count (int64).
_QUEUE_STEP = 4 + 8
#: Recorded values grow in arrays that double their capacity, and the run copies them into its
#: results: a run holds 3 to 5 times the recorded values at its peak (4.5 measured).
_RECORDS = 4
#: Per spike of a SpikeMonitor: its index (int32) and time (float64).
_SPIKE = 12
#: The rate a SpikeMonitor is warned about (spikes per second of every neuron).
_PLAUSIBLE_RATE = 100.0
#: Pairs sampled to estimate the share of pairs a condition keeps (a fixed sample: the same
#: text always gives the same estimate).
_SAMPLES = 64


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
    budget = _Budget(project, constants)
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
    total = _sum(cost.bytes for cost in estimates)
    if not over and estimates and total > available:
        largest = max(estimates, key=lambda cost: cost.bytes)
        found.append(
            BudgetProblem(
                largest.node_id,
                largest.field,
                f"The network needs about {_bytes(total)} in all, the most for "
                f"'{budget.name(largest.node_id)}' (about {_bytes(largest.bytes)} "
                f"{largest.what}); this machine has {_bytes(available)} available. "
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
    return _Budget(project, constants).costs()


def _over_message(name: str, cost: Cost, available: float) -> str:
    amount = _bytes(cost.bytes)
    if math.isfinite(cost.bytes):
        amount = f"up to {amount}" if cost.bound else f"about {amount}"
    ending = (
        "If most of them are made, the run will run out of memory. " if cost.bound else ""
    ) + f"{cost.hint}."
    return (
        f"'{name}': {amount} {cost.what}; this machine has {_bytes(available)} available. {ending}"
    )


# -- the estimates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """What the equations of a node store per element."""

    bytes: int  # per element, of the variables with a value per element
    sizes: dict[str, int]  # bytes per element of each stored variable
    differential: int  # differential equations (clock- or event-driven)
    event_driven: bool


@functools.lru_cache(maxsize=512)
def _model(text: str) -> _Model | None:
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
    return _Model(
        sum(sizes.values()),
        sizes,
        len(differential),
        any("event-driven" in eq.flags for eq in differential),
    )


_NO_MODEL = _Model(0, {}, 0, False)


class _Budget:
    """The sizes of one project, evaluated once."""

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
        self.dt = _seconds(run.dt, {})
        self.duration = _seconds(run.duration, {})
        self.sizes: dict[str, float] = {}
        for node in project.nodes:
            if node.kind in GROUP_KINDS:
                size = _count(node.N, self.constants)
                # Beyond the engine's limit, N is refused by the validator already.
                if size is not None and size <= MAX_ELEMENTS:
                    self.sizes[node.id] = size
        self._synapses: dict[str, tuple[float, bool, str] | None] = {}

    def name(self, node_id: str | None) -> str:
        node = self.by_id.get(node_id) if node_id is not None else None
        return node.name if node is not None else "the run"

    def source(self, node: Any, role: str) -> Any:
        return self.by_id.get(self.ends.get((node.id, role, True), ""))

    def target(self, node: Any, role: str) -> Any:
        return self.by_id.get(self.ends.get((node.id, role, False), ""))

    # -- steps --------------------------------------------------------------------------------

    def own_dt(self, node: Any) -> float | None:
        text = getattr(node, "dt", "")
        return _seconds(text, self.constants) if text.strip() else None

    def step_problems(self) -> list[BudgetProblem]:
        """Clocks that would take more than `MAX_STEPS` steps over the run."""
        found = []
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
            steps = _ratio(duration, dt)
            if steps > MAX_STEPS:
                owner = "the run" if node_id is None else f"'{self.name(node_id)}'"
                found.append(
                    BudgetProblem(
                        node_id,
                        field,
                        f"A run of {_time(duration)} takes {_number(steps)} steps of "
                        f"{_time(dt)} ({owner}'s time step), more than {_number(MAX_STEPS)}: it "
                        "would not end. Make the duration shorter or the time step longer.",
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
        return _ceil(_ratio(self.duration, dt))

    # -- memory ---------------------------------------------------------------------------------

    def costs(self) -> list[Cost]:
        found = []
        for node in self.project.nodes:
            method: Callable[[Any], Cost | None] | None = getattr(self, f"cost_{node.kind}", None)
            if method is not None:
                cost = method(node)
                if cost is not None:
                    found.append(cost)
            if node.kind == "Synapses":
                queue = self.cost_queue(node)
                if queue is not None:
                    found.append(queue)
        return found

    def cost_NeuronGroup(self, node: Any) -> Cost | None:
        size = self.sizes.get(node.id)
        if size is None:
            return None
        model = _model(node.model) or _NO_MODEL
        per_neuron = _NEURON + model.bytes + _TEMPORARY * max(1, model.differential)
        if node.threshold.strip():
            per_neuron += _SPIKING
        if node.refractory.strip():
            per_neuron += _REFRACTORY + _TEMPORARY
        variables = len(model.sizes)
        return Cost(
            node.id,
            "N",
            _times(size, per_neuron),
            f"for {_number(size)} neurons of {per_neuron} bytes ({_plural(variables, 'variable')} "
            "and the engine's own arrays)",
            False,
            "Lower N",
        )

    def cost_PoissonGroup(self, node: Any) -> Cost | None:
        size = self.sizes.get(node.id)
        if size is None:
            return None
        return Cost(
            node.id,
            "N",
            _times(size, _NEURON + _POISSON),
            f"for {_number(size)} Poisson neurons",
            False,
            "Lower N",
        )

    def cost_SpikeGeneratorGroup(self, node: Any) -> Cost | None:
        size = self.sizes.get(node.id)
        if size is None:
            return None
        return Cost(
            node.id,
            "N",
            _times(size, _NEURON + _SPIKING),
            f"for {_number(size)} neurons",
            False,
            "Lower N",
        )

    def cost_Synapses(self, node: Any) -> Cost | None:
        found = self.synapse_count(node)
        if found is None:
            return None
        count, bound, how = found
        model = _model(node.model) or _NO_MODEL
        per_synapse = _SYNAPSE + model.bytes + _CONNECTING
        if model.event_driven:
            per_synapse += 8  # lastupdate
        if node.on_pre.strip():
            constant_delay = bool(node.delay.strip()) and _is_constant(node.delay, self.constants)
            per_synapse += _QUEUE + (0 if constant_delay else _DELAY)
        if node.on_post.strip():
            per_synapse += _QUEUE + _DELAY
        pre, post = self.source(node, "pre"), self.target(node, "post")
        neurons = sum(self.sizes.get(group.id, 0.0) for group in (pre, post) if group is not None)
        total = _times(count, per_synapse) + _times(neurons, _SYNAPSE_NEURON)
        return Cost(
            node.id,
            self.synapse_field(node),
            total,
            f"for {_number(count)} synapses ({how}) of about {per_synapse} bytes each"
            + (f", and {_SYNAPSE_NEURON} bytes per neuron of its groups" if neurons else ""),
            bound,
            "Lower p or N"
            if node.connect.p.strip() or not bound
            else "Make fewer pairs meet the condition, or lower N",
        )

    def cost_queue(self, node: Any) -> Cost | None:
        """Return the memory of the spike queue of ``on_pre``: a row per step of the delay.

        A delay per synapse is evaluated on a sample of pairs: the longest found is a lower
        bound of the longest there is, so the queue is at least that long.
        """
        text = node.delay.strip()
        pre, post = self.source(node, "pre"), self.target(node, "post")
        # The queue counts steps of the presynaptic group's clock.
        own = self.own_dt(pre) if pre is not None and pre.kind == "NeuronGroup" else None
        dt = own or self.dt
        if not text or not node.on_pre.strip() or not dt:
            return None
        sizes = (self.sizes.get(getattr(pre, "id", "")), self.sizes.get(getattr(post, "id", "")))
        longest = _seconds(text, self.constants)
        if longest is None and sizes[0] and sizes[1]:
            names = {"N_pre": sizes[0], "N_post": sizes[1]}
            found = [
                _seconds(text, {**self.constants, **names, "i": i, "j": j})
                for i, j in _sample_pairs(sizes[0], sizes[1])
            ]
            longest = max((value for value in found if value is not None), default=None)
        if longest is None:
            return None
        steps = _ceil(_ratio(longest, dt)) + 1
        return Cost(
            node.id,
            "delay",
            _times(steps, _QUEUE_STEP),
            f"for a spike queue of {_number(steps)} steps (the delay, {_time(longest)}, over "
            f"dt, {_time(dt)})",
            False,
            "Shorten the delay, or make dt longer",
        )

    def synapse_field(self, node: Any) -> str:
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
            value = _real(_evaluate(c.n, self.constants))
            if value is None:
                return None  # an expression: not estimated
            n = value
        p = 1.0
        p_expression = None
        if c.p.strip():
            value = _real(_evaluate(c.p, self.constants))
            if value is None:
                p_expression = c.p
            else:
                p = min(max(value, 0.0), 1.0)
        names = {"N_pre": n_pre, "N_post": n_post}
        if c.i.strip() and c.j.strip():
            lengths = (self.list_length(c.i), self.list_length(c.j))
            if None in lengths:
                return None
            pairs = max(lengths)  # type: ignore[type-var]
            return _times(pairs, p, n), False, "the pairs listed"
        if c.i.strip() or c.j.strip():
            over_pre = bool(c.j.strip())
            text = c.j if over_pre else c.i
            outer, result = ("i", "j") if over_pre else ("j", "i")
            sides = (n_pre, n_post) if over_pre else (n_post, n_pre)
            found = self.generated(text, outer, result, sides, names, c.skip_if_invalid)
            if found is None:
                return None
            count, bound = found
            return _times(count, n), bound, f"from the generator of {result}"
        condition = c.condition.strip()
        if condition == "False":
            return 0.0, False, "no pairs"
        conditional = bool(condition) and condition != "True"
        sizes = f"{_number(n_pre)} × {_number(n_post)}"
        if not conditional and p_expression is None:
            how = f"N_pre × N_post × p = {sizes} × {_number(p)}" if c.p.strip() else ""
            return _times(n_pre, n_post, p, n), False, how or f"N_pre × N_post = {sizes}"
        texts = [text for text in (condition if conditional else None, p_expression) if text]
        share = _share(texts, names, self.constants, (n_pre, n_post))
        what = " and ".join(
            part
            for part, given in (("the condition", conditional), ("p", p_expression is not None))
            if given
        )
        if share is None:  # only the built network knows: every pair, at most
            how = f"all N_pre × N_post = {sizes} pairs, if all of them pass {what}"
            return _times(n_pre, n_post, p, n), True, how
        how = f"N_pre × N_post = {sizes} pairs × the share passing {what} in a sample"
        if c.p.strip() and p_expression is None:
            how += f" × p = {_number(p)}"
        return _times(n_pre, n_post, share, p, n), False, how

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
        values = _sample_indices(outer_size)
        if values is None:
            return None
        lengths = []
        for value in values:
            namespace = {**self.constants, **names, outer: value}
            low, high, step = (
                _real(_evaluate(t, namespace), signed=True)
                for t in (generator.low, generator.high, generator.step)
            )
            length = _range_length(low, high, step)
            if length is None:
                return None
            if generator.size is not None:
                size = _real(_evaluate(generator.size, namespace))
                if size is None:
                    return None
                length = min(length, size)
            elif generator.p is not None:
                probability = _real(_evaluate(generator.p, namespace))
                if probability is None:
                    return None
                length *= min(probability, 1.0)
            lengths.append(length)
        mean = _sum(lengths) / len(lengths)
        share, bound = 1.0, False
        if generator.condition is not None or skip_if_invalid:
            share, bound = self.kept(generator, outer, result, values, names, result_size), False
            if share is None:
                share, bound = 1.0, True
        return _times(mean, outer_size, share), bound

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
            low = _real(_evaluate(generator.low, namespace), signed=True)
            high = _real(_evaluate(generator.high, namespace), signed=True)
            step = _real(_evaluate(generator.step, namespace), signed=True)
            length = _range_length(low, high, step)
            if length is None:
                return None
            if length == 0:
                continue
            variable = low + step * math.floor(rng.random() * length)
            namespace[generator.variable] = _index(variable)
            element = _real(_evaluate(generator.element, namespace), signed=True)
            if element is None:
                return None
            tried += 1
            if not 0 <= element < result_size:
                continue
            namespace[result] = _index(element)
            if generator.condition is not None:
                meets = _evaluate(generator.condition, namespace)
                if not isinstance(meets, (bool, np.bool_)):
                    return None
                if not meets:
                    continue
            kept += 1
        return kept / tried if tried else 0.0

    def list_length(self, text: str) -> float | None:
        try:
            values = parse_array(text, self.constants).quantity(self.constants)
        except Exception:  # any text: the validator reports what is wrong
            return None
        return float(np.size(values))

    def cost_StateMonitor(self, node: Any) -> Cost | None:
        source = self.source(node, "record")
        if source is None or not node.variables:
            return None
        samples = self.samples(node, source)
        if samples is None:
            return None
        if source.kind == "Synapses":
            found = self.synapse_count(source)
            if found is None or found[1]:
                return None
            size = found[0]
        else:
            size = self.sizes.get(source.id)
            if size is None:
                return None
        text = node.record.strip()
        if text == "False":
            elements = 0.0
        elif text in ("True", ""):
            elements = size
        else:
            length = self.list_length(text)
            if length is None:
                return None
            elements = length
        model = _model(getattr(source, "model", "")) or _NO_MODEL
        row = _sum(model.sizes.get(v, 8) for v in node.variables)
        values = _times(samples, _times(elements, row) + 8)  # + the time of each sample
        return Cost(
            node.id,
            "record",
            _times(values, _RECORDS),
            f"to record {_plural(elements, 'element')} × "
            f"{_plural(len(node.variables), 'variable')} × {_number(samples)} samples "
            f"({_bytes(values)} of values, held up to {_RECORDS} times over while the run grows "
            "and collects them)",
            False,
            "Record fewer elements or variables, sample less often (dt), or run shorter",
        )

    def cost_PopulationRateMonitor(self, node: Any) -> Cost | None:
        source = self.source(node, "record")
        samples = self.samples(node, source)
        if samples is None:
            return None
        return Cost(
            node.id,
            None,
            _times(samples, 16 * _RECORDS),
            f"to record the rate at {_number(samples)} steps",
            False,
            "Run shorter, or give the recorded group a longer time step",
        )

    def spike_warnings(self, available: float) -> list[BudgetProblem]:
        """SpikeMonitors whose spikes would not fit at a plausible rate (a guess: warned)."""
        found = []
        if self.duration is None:
            return found
        for node in self.project.nodes:
            if node.kind != "SpikeMonitor":
                continue
            source = self.source(node, "record")
            size = self.sizes.get(source.id) if source is not None else None
            if size is None:
                continue
            spikes = _times(size, self.duration, _PLAUSIBLE_RATE)
            needed = _times(spikes, _SPIKE + 8 * len(node.variables), _RECORDS)
            if needed > available:
                found.append(
                    BudgetProblem(
                        node.id,
                        None,
                        f"'{node.name}' records every spike of {_number(size)} neurons over "
                        f"{_time(self.duration)}: at {_PLAUSIBLE_RATE:g} Hz that is about "
                        f"{_number(spikes)} spikes and {_bytes(needed)}, more than the "
                        f"{_bytes(available)} this machine has available. Record a smaller "
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
        value = _evaluate(constant.value, values)
        if value is not None:
            values[constant.name] = value
    return values


def _evaluate(text: str, namespace: Mapping[str, object]) -> object:
    """Return the value of a constant expression, or None if it does not evaluate."""
    try:
        return evaluate_constant(_parsed(text), namespace)
    except Exception:  # any text: the validator reports what is wrong
        return None


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> Any:
    return parse_expression(text)


def _is_constant(text: str, constants: Mapping[str, object]) -> bool:
    return _evaluate(text, constants) is not None


def _real(value: object, signed: bool = False) -> float | None:
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


def _count(text: str, constants: Mapping[str, object]) -> float | None:
    """Return a size such as N: a finite whole number of at least 0, else None."""
    number = _real(_evaluate(text, constants))
    if number is None or not math.isfinite(number) or number != math.floor(number):
        return None
    return number


def _seconds(text: str, constants: Mapping[str, object]) -> float | None:
    """Return a duration in seconds (finite and not negative), else None."""
    if not text.strip():
        return None
    value = _evaluate(text, constants)
    if value is None or get_dimensions(value) is not get_dimensions(second) or np.ndim(value):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _times(*factors: float) -> float:
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


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0:
        return math.inf
    try:
        return numerator / denominator
    except OverflowError:
        return math.inf


def _sum(values: Any) -> float:
    return math.fsum(values) if values is not None else 0.0


def _ceil(value: float) -> float:
    return float(math.ceil(value)) if math.isfinite(value) else value


def _range_length(low: float | None, high: float | None, step: float | None) -> float | None:
    """Return the length of ``range(low, high, step)`` (None if unknown or infinite)."""
    if low is None or high is None or not step:
        return None
    length = _ratio(high - low, step)
    if not math.isfinite(length):
        return None
    return max(0.0, _ceil(length))


def _index(value: float) -> int | float:
    """Return an index as the engine has it (an integer) when a float holds it exactly."""
    return int(value) if abs(value) < 2**62 else value


def _sample_indices(size: float) -> list[int | float] | None:
    """Return a fixed sample of indices below ``size`` (all of them when there are few)."""
    if size <= 0:
        return None
    if size <= _SAMPLES:
        return list(range(int(size)))
    rng = np.random.default_rng(0)
    sample = [0, size - 1, *(math.floor(x * size) for x in rng.random(_SAMPLES - 2))]
    return [_index(min(x, size - 1)) for x in sample]


def _sample_pairs(n_pre: float, n_post: float) -> list[tuple[int | float, int | float]]:
    """Return a fixed sample of pairs (i, j) (all of them when there are few)."""
    if _times(n_pre, n_post) <= _SAMPLES:
        return [(i, j) for i in range(int(n_pre)) for j in range(int(n_post))]
    rng = np.random.default_rng(0)
    return [
        (_index(math.floor(a * n_pre)), _index(math.floor(b * n_post)))
        for a, b in rng.random((_SAMPLES, 2))
    ]


def _share(
    texts: Sequence[str],
    names: Mapping[str, float],
    constants: Mapping[str, object],
    sizes: tuple[float, float],
) -> float | None:
    """Return the mean over sampled pairs (i, j) of the conditions times the probabilities.

    None if some text uses more than indices, sizes and constants (a variable of a group, a
    random number), which only the built network knows.
    """
    pairs = _sample_pairs(*sizes)
    total = 0.0
    for i, j in pairs:
        namespace = {**constants, **names, "i": i, "j": j}
        weight = 1.0
        for text in texts:
            value = _evaluate(text, namespace)
            if isinstance(value, (bool, np.bool_)):
                weight *= float(value)
            else:
                number = _real(value)
                if number is None:
                    return None
                weight *= min(number, 1.0)
        total += weight
    return total / len(pairs)


# -- words --------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """``64``, ``4000``, ``1e10``, ``2.5e10``: a count as a person writes it."""
    if not math.isfinite(value):
        return "more than 1e308"
    if value < 1e5 and value == math.floor(value):
        return f"{value:.0f}"
    if value < 1e5:
        return f"{value:.3g}"
    return f"{value:.2g}".replace("e+", "e").replace("e0", "e")


def _bytes(value: float) -> str:
    """``512 bytes``, ``21 GB``, ``600 TB``: decimal units, as the system reports them."""
    if not math.isfinite(value) or value >= 1e21:
        return f"{_number(value)} bytes"
    for unit, size in (("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if value >= size:
            shown = value / size
            return f"{shown:.0f} {unit}" if shown >= 10 else f"{shown:.1f} {unit}"
    if value >= 1e3:
        return f"{value / 1e3:.0f} kB"
    return f"{value:.0f} bytes"


def _time(seconds: float) -> str:
    """``100 ms``, ``0.1 µs``, ``1e6 s``: a duration as a person writes it."""
    for unit, size in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.3g} {unit}" if value < 1e5 else f"{_number(value)} {unit}"
    return f"{seconds:.3g} s"


def _plural(count: float, word: str) -> str:
    return f"{_number(count)} {word}" if count == 1 else f"{_number(count)} {word}s"
