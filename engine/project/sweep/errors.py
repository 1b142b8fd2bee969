"""The error of a sweep that cannot be expanded: its message and its place in the sweep."""

from __future__ import annotations

__all__ = ["SweepError"]


class SweepError(ValueError):
    """A sweep, or one of its parameters or measures, that cannot be used.

    Attributes
    ----------
    field
        Where in the sweep, as a diagnostic names it (``parameters[1].values``,
        ``measures[0].node``, ``repeats``); empty for the sweep as a whole.
    message
        What is wrong, and what to do.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def at(self, prefix: str) -> SweepError:
        """Return the same error with its place inside ``prefix`` (``parameters[1]``)."""
        return SweepError(self.message, f"{prefix}.{self.field}" if self.field else prefix)
