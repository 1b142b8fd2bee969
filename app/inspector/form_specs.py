"""What each form of the inspector shows: its sections and, in each, the fields in order.

Pure data: `FORMS` maps each node kind (and ``None``, the project) to its sections; a `Spec`
says which editor a field gets (`Editor`), its `Rule`, its help text and its label. The field
names are the document's dotted names (``connect.p``, ``plot.window``, ``run.dt``), which are
also the names the validator's diagnostics use. Labels come from `app.model.field_labels`,
the one place that names fields, which the undo texts use as well ("Undo change of Duration").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from app.model import quantity_rules as rules
from app.model.field_labels import field_label
from app.model.quantity_rules import Rule

__all__ = ["FORMS", "METHODS", "Editor", "Section", "Spec"]

#: Integration methods offered (any other name can be typed).
METHODS = (
    "exact",
    "euler",
    "rk2",
    "rk4",
    "heun",
    "milstein",
    "exponential_euler",
    "linear",
)


class Editor(Enum):
    """The kind of editor a field gets."""

    CODE = "code"  # EquationEditor
    VALUE = "value"  # QuantityField
    TEXT = "text"  # TextField
    NOTES = "notes"  # NotesField
    METHOD = "method"  # ChoiceField (editable, auto)
    TARGET = "target"  # ChoiceField (run target)
    TARGET_VAR = "target_var"  # ChoiceField (editable, the target group's variables)
    CHECK = "check"  # CheckField
    VARIABLES = "variables"  # VariablesField
    SEED = "seed"  # SeedField
    INITIAL = "initial"  # InitialValuesField
    CONSTANTS = "constants"  # ConstantsField


@dataclass(frozen=True)
class Spec:
    """One field of a form (its label is filled in from `field_label` for each kind)."""

    field: str
    editor: Editor
    rule: Rule | None = None
    help: str = ""
    lines: int = 1
    placeholder: str = ""
    label: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of fields."""

    title: str
    fields: tuple[Spec, ...]


_NOTES = Section("Notes", (Spec("notes", Editor.NOTES, help="Your notes on this node"),))
_PLOT = Section(
    "Plot",
    (
        Spec("plot.visible", Editor.CHECK, help="Show this monitor's plot panel"),
        Spec("plot.title", Editor.TEXT, placeholder="the monitor's name"),
        Spec(
            "plot.window",
            Editor.VALUE,
            rules.OPTIONAL_TIME,
            "Show only the last stretch of time (e.g. 200*ms); empty for the whole run",
            placeholder="whole run",
        ),
    ),
)
_PLOT_RATE = Section(
    "Plot",
    (
        *_PLOT.fields,
        Spec(
            "plot.smoothing",
            Editor.VALUE,
            rules.OPTIONAL_TIME,
            "Width of the window the rate is averaged over (e.g. 1*ms); empty for none",
            placeholder="none",
        ),
    ),
)
_N = Spec("N", Editor.VALUE, rules.COUNT, "How many neurons the group has")


def _code(field: str, help: str, lines: int = 1, placeholder: str = "") -> Spec:
    return Spec(field, Editor.CODE, None, help, lines, placeholder)


_FORMS: dict[str | None, tuple[Section, ...]] = {
    None: (
        Section(
            "Project",
            (
                Spec("title", Editor.TEXT, placeholder="Untitled"),
                Spec("description", Editor.NOTES, lines=3),
                Spec("notes", Editor.NOTES, help="Teaching notes shown with the project"),
            ),
        ),
        Section(
            "Run",
            (
                Spec("run.duration", Editor.VALUE, rules.RUN_DURATION),
                Spec("run.dt", Editor.VALUE, rules.RUN_TIME),
                Spec("run.seed", Editor.SEED, help="The same seed gives the same run"),
                Spec("run.target", Editor.TARGET, help="How the network is run"),
                Spec(
                    "run.report_period",
                    Editor.VALUE,
                    rules.RUN_TIME,
                    "Wall time between progress reports and live plot updates",
                ),
            ),
        ),
        Section(
            "Constants",
            (
                Spec(
                    "constants",
                    Editor.CONSTANTS,
                    help="Named values the nodes use (e.g. tau = 10*ms); each may use those above",
                ),
            ),
        ),
    ),
    "NeuronGroup": (
        Section("Group", (_N,)),
        Section(
            "Model",
            (
                _code(
                    "model",
                    "One equation per line: dv/dt = (El - v)/tau : volt (unless refractory)",
                    6,
                ),
                _code("threshold", "When a neuron spikes, e.g. v > -50*mV", 1),
                _code("reset", "Statements run after a spike, e.g. v = -60*mV", 2),
                Spec(
                    "refractory",
                    Editor.VALUE,
                    rules.REFRACTORY,
                    "A duration (5*ms) or a condition (v > -40*mV); empty for none",
                    placeholder="none",
                ),
            ),
        ),
        Section(
            "Integration",
            (
                Spec("method", Editor.METHOD, help="Empty (auto): the engine chooses"),
                Spec(
                    "dt",
                    Editor.VALUE,
                    rules.OPTIONAL_TIME,
                    "The group's own time step; empty for the run's",
                    placeholder="the run's dt",
                ),
            ),
        ),
        Section("Initial values", (Spec("initial", Editor.INITIAL),)),
        _NOTES,
    ),
    "Synapses": (
        Section(
            "Model",
            (
                _code("model", "Synaptic variables, e.g. w : volt", 3),
                _code("on_pre", "Run at each presynaptic spike, e.g. v_post += w", 2),
                _code("on_post", "Run at each postsynaptic spike", 1),
                Spec(
                    "delay",
                    Editor.VALUE,
                    rules.TIME_OR_EXPRESSION,
                    "A delay for every synapse (1.5*ms) or an expression per synapse",
                    placeholder="none",
                ),
                Spec("method", Editor.METHOD, help="Empty (auto): the engine chooses"),
            ),
        ),
        Section(
            "Connect",
            (
                _code(
                    "connect.condition",
                    "Which pairs to connect, e.g. i != j; empty for all",
                    1,
                ),
                Spec(
                    "connect.p",
                    Editor.VALUE,
                    rules.PROBABILITY,
                    "Connect each pair with this probability (a number or an expression)",
                    placeholder="1",
                ),
                Spec(
                    "connect.n",
                    Editor.VALUE,
                    rules.SYNAPSES_PER_PAIR,
                    placeholder="1",
                ),
                Spec(
                    "connect.i",
                    Editor.VALUE,
                    rules.CODE,
                    "A list of presynaptic indices, or an expression/generator with j",
                    placeholder="e.g. [0, 1, 2]",
                ),
                Spec(
                    "connect.j",
                    Editor.VALUE,
                    rules.CODE,
                    "A list of postsynaptic indices, or a generator such as "
                    "'k for k in range(i-3, i+4) if k != i'",
                    placeholder="e.g. [1, 2, 0]",
                ),
                Spec(
                    "connect.skip_if_invalid",
                    Editor.CHECK,
                    help="Skip generated indices outside the group instead of failing",
                ),
            ),
        ),
        Section("Initial values", (Spec("initial", Editor.INITIAL),)),
        _NOTES,
    ),
    "PoissonGroup": (
        Section(
            "Group",
            (
                _N,
                Spec(
                    "rates",
                    Editor.VALUE,
                    rules.RATE_OR_EXPRESSION,
                    "A rate (10*Hz) or an expression of i and t",
                ),
            ),
        ),
        _NOTES,
    ),
    "SpikeGeneratorGroup": (
        Section(
            "Spikes",
            (
                _N,
                Spec("indices", Editor.VALUE, rules.INDICES, "The neuron of each spike"),
                Spec("times", Editor.VALUE, rules.SPIKE_TIMES, "The time of each spike"),
                Spec(
                    "period",
                    Editor.VALUE,
                    rules.DURATION,
                    "Repeat the spikes with this period; empty for no repetition",
                    placeholder="no repetition",
                ),
            ),
        ),
        _NOTES,
    ),
    "PoissonInput": (
        Section(
            "Input",
            (
                Spec(
                    "target_var",
                    Editor.TARGET_VAR,
                    help="The variable of the target group each input spike adds to",
                ),
                Spec("N", Editor.VALUE, rules.NONNEGATIVE_COUNT),
                Spec("rate", Editor.VALUE, rules.RATE, "The rate of each input"),
                Spec(
                    "weight",
                    Editor.VALUE,
                    rules.ANY,
                    "What one input spike adds, in the unit of the target variable",
                ),
            ),
        ),
        _NOTES,
    ),
    "TimedArray": (
        Section(
            "Values",
            (
                Spec(
                    "values",
                    Editor.VALUE,
                    rules.ARRAY,
                    "One value per time step, e.g. [0, 1, 0.5]*nA; call it as name(t)",
                ),
                Spec("dt", Editor.VALUE, rules.TIME),
            ),
        ),
        _NOTES,
    ),
    "SpikeMonitor": (
        Section(
            "Record",
            (
                Spec(
                    "variables",
                    Editor.VARIABLES,
                    help="Variables also recorded at each spike",
                ),
            ),
        ),
        _PLOT,
        _NOTES,
    ),
    "StateMonitor": (
        Section(
            "Record",
            (
                Spec("variables", Editor.VARIABLES, help="Variables to record"),
                Spec(
                    "record",
                    Editor.VALUE,
                    rules.CODE,
                    "Which neurons or synapses: True (all), an index (0) or a list ([0, 10])",
                ),
                Spec(
                    "dt",
                    Editor.VALUE,
                    rules.OPTIONAL_TIME,
                    "Record every this often; empty for every step",
                    placeholder="every step",
                ),
            ),
        ),
        _PLOT,
        _NOTES,
    ),
    "PopulationRateMonitor": (_PLOT_RATE, _NOTES),
}


def _labelled(kind: str | None, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Return ``sections`` with each field labelled as the window names it for ``kind``."""
    return tuple(
        Section(
            section.title,
            tuple(replace(spec, label=field_label(kind, spec.field)) for spec in section.fields),
        )
        for section in sections
    )


#: The form of each node kind (None: the project's), its fields labelled.
FORMS: dict[str | None, tuple[Section, ...]] = {
    kind: _labelled(kind, sections) for kind, sections in _FORMS.items()
}
