"""Plot settings as numbers: the project's time texts (``200*ms``, ``tau``) in seconds.

A panel's window and smoothing width are model text that may use the project's constants. A
text that is empty, invalid or not a positive time is not an error here (the inspector reports
it): it simply means "whole run" or "no smoothing".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import SupportsFloat

from app.model.quantity_rules import seconds
from engine.equations import evaluate_constant
from engine.project.document import Project
from engine.units import DimensionMismatchError

__all__ = ["seconds", "source_of"]


def source_of(project: Project, node_id: str, constants: Mapping[str, object]) -> tuple[str, int]:
    """Return the name and size of the node a monitor records (``("", 0)`` when unknown).

    Before the first data of a run arrives this is all a panel knows of its source: a raster
    needs the number of neurons for its y range. A size that cannot be computed is 0.
    """
    sources = project.sources(node_id, "record")
    if not sources:
        return "", 0
    source = sources[0]
    text = getattr(source, "N", "")
    try:
        value = evaluate_constant(text, constants)
        size = int(float(value)) if isinstance(value, SupportsFloat) else 0
    except (ValueError, TypeError, DimensionMismatchError):  # an N in error, or synapses'
        size = 0
    return source.name, max(size, 0)
