"""Unique names for engine objects (``neurongroup``, ``neurongroup_1``, ...).

Names appear in generated code and error messages, so every object gets one: a name ending in
``*`` is a pattern, completed with the first free number; any other name is used as given and
must be a valid identifier.
"""

from __future__ import annotations

import itertools
import re
import weakref

__all__ = ["Nameable", "find_name"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

# Names in use by live objects: a weak set, so that names of deleted objects become free.
_live: weakref.WeakValueDictionary[str, object] = weakref.WeakValueDictionary()


def find_name(pattern: str, owner: object) -> str:
    """Return a unique name for ``owner`` from ``pattern`` (``"neurongroup*"`` or a name).

    Raises
    ------
    ValueError
        If the name is not a valid identifier.
    """
    if pattern.endswith("*"):
        base = pattern[:-1]
        if not _IDENTIFIER.fullmatch(base):
            raise ValueError(f"'{base}' is not a valid name for an object")
        for candidate in itertools.chain([base], (f"{base}_{n}" for n in itertools.count(1))):
            if candidate not in _live:
                _live[candidate] = owner
                return candidate
    if not _IDENTIFIER.fullmatch(pattern):
        raise ValueError(
            f"'{pattern}' is not a valid name: use letters, digits and '_', starting with a letter"
        )
    _live[pattern] = owner
    return pattern


class Nameable:
    """Base of every object with a name.

    Parameters
    ----------
    name
        The name, or a pattern ending in ``*`` to number automatically.
    """

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"An object's name must be a string, not {type(name).__name__}")
        self._name = find_name(name, self)

    @property
    def name(self) -> str:
        """The unique name of the object."""
        return self._name
