"""What Edit → Undo and Redo say about each edit, in the words of the window.

Qt puts "Undo" or "Redo" before the text of a command, so each text here continues that
sentence: "Undo change of Duration", "Undo change of Threshold of 'P'", "Undo add neuron group
'E'". Fields are named by their labels in the inspector (`app.model.field_labels`) and node
kinds as the palette names them (`app.kinds`), never by the document's dotted names.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.kinds import KINDS
from app.model.field_labels import field_label

__all__ = [
    "add_text",
    "change_text",
    "connect_text",
    "delete_text",
    "disconnect_text",
    "move_text",
    "paste_text",
    "project_change_text",
    "reconnect_text",
    "rename_text",
]

# Kind labels that start with a name, which keeps its capital letter mid-sentence.
_PROPER_NAMES = ("Poisson",)
# Delete names this many nodes, then "…".
_NAMES_SHOWN = 3


def _kind_words(kind: str) -> str:
    """Return the label of ``kind`` as it reads mid-sentence: "neuron group", "Poisson group"."""
    label = KINDS[kind].label if kind in KINDS else kind
    if label.startswith(_PROPER_NAMES):
        return label
    return label[:1].lower() + label[1:]


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' if n != 1 else ''}"


def add_text(kind: str, name: str) -> str:
    """Return the text of adding a node: "add neuron group 'E'"."""
    return f"add {_kind_words(kind)} '{name}'"


def delete_text(names: Sequence[str]) -> str:
    """Return the text of deleting nodes: "delete 'E', 'I'" (three names at most, then …)."""
    shown = ", ".join(f"'{name}'" for name in names[:_NAMES_SHOWN])
    return f"delete {shown}{'…' if len(names) > _NAMES_SHOWN else ''}"


def paste_text(count: int) -> str:
    """Return the text of pasting nodes: "paste 2 nodes"."""
    return f"paste {_count(count, 'node')}"


def move_text(names: Sequence[str]) -> str:
    """Return the text of moving nodes: "move 'E'", or "move 3 nodes"."""
    if len(names) == 1:
        return f"move '{names[0]}'"
    return f"move {_count(len(names), 'node')}"


def connect_text(source: str, target: str) -> str:
    """Return the text of connecting two nodes: "connect 'P' to 'S'"."""
    return f"connect '{source}' to '{target}'"


def disconnect_text(source: str, target: str) -> str:
    """Return the text of removing a connection: "disconnect 'P' from 'S'"."""
    return f"disconnect '{source}' from '{target}'"


def reconnect_text(added: bool) -> str:
    """Return the text of rewiring several connections at once (a pipe dragged elsewhere)."""
    return "reconnect" if added else "disconnect"


def rename_text(old: str, new: str) -> str:
    """Return the text of renaming a node: "rename 'P' to 'E'"."""
    return f"rename '{old}' to '{new}'"


def change_text(kind: str, field: str, name: str, value: object = None) -> str:
    """Return the text of changing a field of a node: "change of Threshold of 'P'".

    Parameters
    ----------
    kind, name
        The node's kind and name.
    field
        The document's dotted field name.
    value
        The new value: showing or hiding a plot panel says which (``"hide the panel of
        'spikes'"``) rather than "change of Show panel".
    """
    if field == "plot.visible":
        return f"{'show' if value else 'hide'} the panel of '{name}'"
    return f"change of {field_label(kind, field)} of '{name}'"


def project_change_text(field: str) -> str:
    """Return the text of changing a field of the project: "change of Duration"."""
    return f"change of {field_label(None, field)}"
