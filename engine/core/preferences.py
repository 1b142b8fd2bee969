"""Preferences: ``prefs.codegen.target = 'numpy'`` and the few others the engine knows.

As in Brian 2, preferences are dotted names with validated values; a name that does not exist
is an error, so a typo never passes silently. Values apply from the next run on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["prefs"]


@dataclass(frozen=True)
class _Preference:
    default: Any
    check: Callable[[Any], str | None]
    doc: str


def _one_of(*options: object) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in options else f"must be one of {', '.join(map(repr, options))}"

    return check


def _schedule(value: Any) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(s, str) for s in value):
        return "must be a list of slot names"
    if any(s.startswith(("before_", "after_")) for s in value):
        return "slot names may not start with 'before_' or 'after_' (those are automatic)"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _float_dtype(value: Any) -> str | None:
    return None if value in (np.float32, np.float64) else "must be float32 or float64"


_DEFINITIONS: dict[str, _Preference] = {
    "codegen.target": _Preference(
        "auto",
        _one_of("auto", "numpy", "cython"),
        "Code target: 'numpy', 'cython' (compiled code; needs a C compiler), or 'auto' "
        "(cython where a C compiler works, numpy otherwise).",
    ),
    "codegen.loop_invariant_optimisations": _Preference(
        True, _boolean, "Compute scalar sub-expressions once per step, not per element."
    ),
    "core.default_float_dtype": _Preference(
        np.float64, _float_dtype, "The floating point type of state variables."
    ),
    "core.network.default_schedule": _Preference(
        ["start", "groups", "thresholds", "synapses", "resets", "end"],
        _schedule,
        "The order of the slots of a time step.",
    ),
    "core.check_nan": _Preference(
        True, _boolean, "Stop a run with an error when a state variable becomes NaN."
    ),
}


class _Category:
    """A dotted prefix such as ``prefs.codegen``: attribute access to the names below it."""

    def __init__(self, store: _Preferences, prefix: str) -> None:
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        return self._store[f"{self._prefix}.{name}"]

    def __setattr__(self, name: str, value: Any) -> None:
        self._store[f"{self._prefix}.{name}"] = value


class _Preferences:
    """The preference store: ``prefs['codegen.target']`` or ``prefs.codegen.target``."""

    def __init__(self) -> None:
        self._values = {name: p.default for name, p in _DEFINITIONS.items()}

    def _resolve(self, name: str) -> str:
        if name in _DEFINITIONS:
            return name
        raise KeyError(
            f"There is no preference '{name}'; known preferences: {', '.join(sorted(_DEFINITIONS))}"
        )

    def __getitem__(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        if any(key.startswith(f"{name}.") for key in _DEFINITIONS):
            return _Category(self, name)
        return self._values[self._resolve(name)]

    def __setitem__(self, name: str, value: Any) -> None:
        problem = _DEFINITIONS[self._resolve(name)].check(value)
        if problem is not None:
            raise ValueError(f"Preference '{name}' {problem}, not {value!r}")
        self._values[name] = value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def reset(self) -> None:
        """Restore every preference to its default."""
        self._values = {name: p.default for name, p in _DEFINITIONS.items()}

    def describe(self) -> str:
        """Return every preference with its value and meaning, one per line."""
        return "\n".join(
            f"{name} = {self._values[name]!r}  # {p.doc}" for name, p in _DEFINITIONS.items()
        )


#: The engine's preferences (Brian 2's ``prefs``).
prefs = _Preferences()
