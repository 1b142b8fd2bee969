"""A sweep as plain data: what a project file holds under ``sweeps``.

A `Sweep` varies parameters of a project — constants (``we``), node fields (``P.N``,
``Ce.connect.p``) or run settings (``run.dt``) — over values written as text, combines them
into points (the product of the lists, ``grid``, or their items side by side, ``zip``; or
``samples`` points drawn at random with ``seed``), runs each point ``repeats`` times with
different seeds, and collects measures. Like the rest of the document it is data only: its
texts are read by `engine.project.sweep.values` (numbers and unit names, nothing evaluated)
and checked by `engine.project.sweep.check`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from engine.project.node_base import Name, OptionalVariableName, Strict, Text, VariableName

__all__ = [
    "MAX_PARAMETERS",
    "MAX_SEED",
    "MAX_TRIALS",
    "MeasureRef",
    "Parameter",
    "Sweep",
]

#: The most trials (points times repeats) a sweep may have. A trial takes a fraction of a
#: second at the very least, so a hundred thousand is hours of a cluster: more is a typo
#: (``1e6`` for ``1e3``) that would otherwise fill the memory with points before any runs.
MAX_TRIALS = 100_000
#: The most parameters a sweep may vary (a grid of 2 values each would already be huge).
MAX_PARAMETERS = 32
#: The largest seed (as `engine.project.document.MAX_SEED`: 32 bits, numpy's global seed).
MAX_SEED = 2**32 - 1


class Parameter(Strict):
    """One varied parameter: what it sets and the values it takes.

    ``name`` is a constant (``we``), a node field (``P.N``, ``Ce.connect.p``) or a run
    setting (``run.dt``). ``values`` is a list (``"1*mV, 2*mV"`` or ``["1*mV", "2*mV"]``), a
    linear range ``"start:stop:count"`` (both ends included) or a logarithmic one
    ``"log:start:stop:count"``; see `engine.project.sweep.values`.
    """

    name: Annotated[str, Field(min_length=1, max_length=200)]
    values: Text | list[Text]


class MeasureRef(Strict):
    """A measure to collect per trial: its name, the node it is about and its options.

    ``{"measure": "mean_rate", "node": "P"}``, ``{"measure": "mean", "node": "trace",
    "variable": "v"}``; the names and what each needs are in `engine.project.sweep.catalog`.
    """

    measure: Annotated[str, Field(min_length=1, max_length=100)]
    node: Annotated[str, Field(min_length=1, max_length=100)]
    #: The recorded variable, for the measures of a StateMonitor.
    variable: OptionalVariableName = ""
    #: Options of the measure (name -> text), those its catalog entry lists.
    options: dict[VariableName, Text] = Field(default_factory=dict)


class Sweep(Strict):
    """A parameter sweep of a project (see the module's docstring)."""

    name: Name
    notes: str = ""
    parameters: list[Parameter] = Field(default_factory=list)
    #: ``grid``: every combination of the values (the first parameter varies slowest);
    #: ``zip``: the i-th values of all parameters together (lists of equal lengths).
    combination: Literal["grid", "zip"] = "grid"
    #: Draw this many points at random from the parameters' ranges instead (needs ``seed``).
    samples: int | None = None
    #: The seed of the random points and of the trials' seeds (`engine.project.sweep.points`);
    #: None: the trials use seeds derived from the project's run seed, if it has one.
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    #: Trials per point, each with its own seed.
    repeats: int = 1
    measures: list[MeasureRef] = Field(default_factory=list)
    #: Keep each trial's full data (spikes, traces), not only its measures.
    keep_data: bool = False
