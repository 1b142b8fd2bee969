"""Undo and redo keys of the inspector's editors go to the project's one undo stack.

Text widgets have an undo history of their own; if Ctrl+Z undid there, the edit would reach the
model as yet another change and Edit ▸ Undo would then redo it. So each editor commits what is
pending and hands the key to the project's `QUndoStack`: the same history as the menu.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtGui

__all__ = ["handle_undo_key"]


def handle_undo_key(
    event: QtGui.QKeyEvent, stack: QtGui.QUndoStack | None, flush: Callable[[], None]
) -> bool:
    """Undo or redo on ``stack`` if ``event`` is the undo or redo key; return whether it was.

    ``flush`` commits the editor's pending text first, so that undo takes back the typing too.
    """
    if stack is None:
        return False
    keys = QtGui.QKeySequence.StandardKey
    if event.matches(keys.Undo):
        flush()
        stack.undo()
        return True
    if event.matches(keys.Redo):
        flush()
        stack.redo()
        return True
    return False
