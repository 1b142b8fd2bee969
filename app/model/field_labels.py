"""The names the window gives the document's fields: "Duration", "Threshold", "Size (N)".

One home for these words, Qt-free: the inspector labels its fields with them
(`app.inspector.form_specs`) and the undo commands name the field they change with them
(`app.model.undo_texts`), so Edit → Undo says "Undo change of Duration", as the form does,
rather than the document's dotted name ``run.duration``.
"""

from __future__ import annotations

from app.kinds import KINDS

__all__ = ["field_label", "has_label"]

# The fields of nodes, by the document's dotted names; a kind may name a field its own way
# (`app.kinds.KindInfo.labels`).
_NODE_FIELDS: dict[str, str] = {
    "name": "Name",
    "notes": "Notes",
    "N": "Size (N)",
    "model": "Equations",
    "threshold": "Threshold",
    "reset": "Reset",
    "refractory": "Refractory",
    "method": "Method",
    "dt": "Time step (dt)",
    "initial": "Initial values",
    "on_pre": "On pre spike",
    "on_post": "On post spike",
    "delay": "Delay",
    "connect": "Connection",
    "connect.condition": "Condition",
    "connect.p": "Probability (p)",
    "connect.n": "Synapses per pair (n)",
    "connect.i": "Pre indices (i)",
    "connect.j": "Post indices (j)",
    "connect.skip_if_invalid": "Skip invalid",
    "rates": "Rates",
    "indices": "Indices",
    "times": "Times",
    "period": "Period",
    "target_var": "Target variable",
    "rate": "Rate",
    "weight": "Weight",
    "values": "Values",
    "variables": "Variables",
    "record": "Elements",
    "plot": "Plot settings",
    "plot.visible": "Show panel",
    "plot.title": "Title",
    "plot.window": "Time window",
    "plot.smoothing": "Smoothing",
}

# The fields of the project itself (the form shown when no node is selected).
_PROJECT_FIELDS: dict[str, str] = {
    "title": "Title",
    "description": "Description",
    "notes": "Notes",
    "run": "Run settings",
    "run.duration": "Duration",
    "run.dt": "Time step (dt)",
    "run.seed": "Random seed",
    "run.target": "Code target",
    "run.report_period": "Report period",
    "constants": "Constants",
}


def _labels(kind: str | None) -> dict[str, str]:
    if kind is None:
        return _PROJECT_FIELDS
    info = KINDS.get(kind)
    return {**_NODE_FIELDS, **(info.labels if info is not None else {})}


def has_label(kind: str | None, field: str) -> bool:
    """Return whether ``field`` of a node of ``kind`` (None: the project) has a label here."""
    return field in _labels(kind)


def field_label(kind: str | None, field: str) -> str:
    """Return the label of ``field`` of a node of ``kind`` (None: of the project).

    Parameters
    ----------
    kind
        The node kind (``"NeuronGroup"``...), or None for a field of the project.
    field
        The document's dotted field name (``"connect.p"``, ``"run.duration"``).

    Returns
    -------
    str
        The label the inspector shows (``"Probability (p)"``, ``"Duration"``); a field
        without one gets its own name made readable (``"position"`` → ``"Position"``).
    """
    label = _labels(kind).get(field)
    if label is not None:
        return label
    words = field.rsplit(".", 1)[-1].replace("_", " ")
    return words[:1].upper() + words[1:]
