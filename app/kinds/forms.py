r"""The vocabulary of the inspector's forms, as plain data: `Editor`, `Spec`, `Section`.

Each kind's description (`app.kinds`) holds its form as `Section`\ s; `app.inspector` builds
the widgets from them (`app.inspector.form_specs` labels the fields).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only named here: importing the app's model would import this package back.
    from app.model.quantity_rules import Rule

__all__ = ["Editor", "Section", "Spec"]


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
