"""Objects whose attributes are fixed once made, unless added with ``add_attribute``.

As in Brian 2, setting an attribute that an object (a group, a monitor, a clock) does not
have is an error rather than a silently ignored typo (``mon.recrod = ...``); a script that
wants to keep a value of its own on the object says so with ``obj.add_attribute('name')``
first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FixedAttributes", "check_new_attribute", "new_attribute_error"]


def new_attribute_error(obj: Any, name: str, hint: str = "") -> AttributeError:
    """Return the error for setting ``name``, which ``obj`` does not have."""
    owner = getattr(obj, "name", type(obj).__name__)
    return AttributeError(
        f"'{owner}' has no variable '{name}', and new attributes cannot be added to it.{hint} "
        f"To keep a value of your own there, call {owner}.add_attribute('{name}') first."
    )


def check_new_attribute(obj: Any, name: str, is_variable: bool) -> None:
    """Raise AttributeError if ``name`` cannot be added to ``obj`` with ``add_attribute``.

    It cannot if it is already a variable (``is_variable``) or an attribute of ``obj``.
    """
    owner = getattr(obj, "name", type(obj).__name__)
    if is_variable:
        raise AttributeError(
            f"Cannot add an attribute '{name}' to '{owner}': it is already one of its variables"
        )
    if name in obj.__dict__ or hasattr(type(obj), name):
        raise AttributeError(
            f"Cannot add an attribute '{name}' to '{owner}': it already has an attribute of "
            "that name"
        )


class FixedAttributes:
    """Mixin: once `_enable_attributes` was called, only existing attributes can be set.

    Names starting with ``_`` stay free (the engine keeps its bookkeeping there).
    """

    _attributes_enabled = False

    def _enable_attributes(self) -> None:
        object.__setattr__(self, "_attributes_enabled", True)

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            name.startswith("_")
            or not self._attributes_enabled
            or name in self.__dict__
            or hasattr(type(self), name)
        ):
            object.__setattr__(self, name, value)
            return
        raise new_attribute_error(self, name)

    def add_attribute(self, name: str) -> None:
        """Allow setting the attribute ``name`` (it starts as None).

        Raises
        ------
        AttributeError
            If the object already has a variable or an attribute of that name.
        """
        variables = self.__dict__.get("variables")
        check_new_attribute(self, name, variables is not None and name in variables)
        object.__setattr__(self, name, None)
