"""Saving a sweep into the project: one undo step (Edit ▸ Undo takes it back).

The sweeps are a field of the project (`Project.sweeps`); the command changes it through
`ProjectModel.apply_project_field`, as every project edit does, so undo and redo emit
``project_changed("sweeps")`` and the views (and the validator) follow. Unlike typing in a
field, two saves of a sweep are two steps: the command never merges.
"""

from __future__ import annotations

import copy

from PySide6 import QtGui

from app.model import ProjectModel
from engine.project.sweep.definition import Sweep

__all__ = ["SetSweeps", "remove_sweep", "store_sweep"]


class SetSweeps(QtGui.QUndoCommand):
    """Replace the project's list of sweeps."""

    def __init__(self, model: ProjectModel, old: list[Sweep], new: list[Sweep], text: str):
        super().__init__(text)
        self._model = model
        self._old = copy.deepcopy(old)
        self._new = copy.deepcopy(new)

    def redo(self) -> None:
        """Do (or redo) the change."""
        self._model.apply_project_field("sweeps", self._new)

    def undo(self) -> None:
        """Take the change back."""
        self._model.apply_project_field("sweeps", self._old)


def store_sweep(model: ProjectModel, sweep: Sweep, replaces: str | None = None) -> bool:
    """Put ``sweep`` into the project (one undo step); return whether anything changed.

    Parameters
    ----------
    model
        The edited project.
    sweep
        The sweep as edited.
    replaces
        The name of the sweep it replaces (its name before the edit; None for a new sweep):
        it keeps its place in the list. Otherwise a sweep of the same name is replaced, or
        ``sweep`` is added at the end.
    """
    old = list(model.project.sweeps)
    new = [s.model_copy(deep=True) for s in old]
    names = [s.name for s in new]
    at = names.index(replaces) if replaces in names else None
    if at is None and sweep.name in names:
        at = names.index(sweep.name)
    if at is None:
        new.append(sweep.model_copy(deep=True))
    else:
        new[at] = sweep.model_copy(deep=True)
    if new == old:
        return False
    model.undo_stack.push(SetSweeps(model, old, new, f"save sweep '{sweep.name}'"))
    return True


def remove_sweep(model: ProjectModel, name: str) -> bool:
    """Remove the sweep called ``name`` from the project (one undo step); return whether it was."""
    old = list(model.project.sweeps)
    new = [s.model_copy(deep=True) for s in old if s.name != name]
    if len(new) == len(old):
        return False
    model.undo_stack.push(SetSweeps(model, old, new, f"delete sweep '{name}'"))
    return True
