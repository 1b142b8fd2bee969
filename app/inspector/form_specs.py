"""What each form of the inspector shows: its sections and, in each, the fields in order.

Pure data: `FORMS` maps each node kind (and ``None``, the project) to its sections; a `Spec`
says which editor a field gets (`Editor`), its `Rule`, its help text and its label. Each kind's
sections are in its description (`app.kinds.KindInfo.form`); the project's are here. The field
names are the document's dotted names (``connect.p``, ``plot.window``, ``run.dt``), which are
also the names the validator's diagnostics use. Labels come from `app.model.field_labels`,
the one place that names fields, which the undo texts use as well ("Undo change of Duration").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from app.kinds import KINDS
from app.kinds.forms import Editor, Section, Spec
from app.model import quantity_rules as rules
from app.model.field_labels import field_label

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


# The project's form (shown when no node is selected); each kind's is in its description.
_PROJECT_FORM: tuple[Section, ...] = (
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
)


def _labelled(kind: str | None, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Return ``sections`` with each field labelled as the window names it for ``kind``."""
    return tuple(
        Section(
            section.title,
            tuple(replace(spec, label=field_label(kind, spec.field)) for spec in section.fields),
        )
        for section in sections
    )


class _Forms(Mapping[str | None, tuple[Section, ...]]):
    """The form of the project (key None) and of every kind in `app.kinds.KINDS`, labelled."""

    def __getitem__(self, kind: str | None) -> tuple[Section, ...]:
        return _labelled(kind, _PROJECT_FORM if kind is None else KINDS[kind].form)

    def __iter__(self) -> Iterator[str | None]:
        yield None
        yield from KINDS

    def __len__(self) -> int:
        return 1 + len(KINDS)


#: The form of each node kind (None: the project's), its fields labelled.
FORMS: Mapping[str | None, tuple[Section, ...]] = _Forms()
