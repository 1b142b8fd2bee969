"""Preferences: ``prefs.codegen.target = 'numpy'`` and the rest of Brian 2's preference names.

As in Brian 2, preferences are dotted names (``codegen.target``) grouped in categories
(``codegen``), read and set as items (``prefs['codegen.target']``) or attributes
(``prefs.codegen.target``), with validated values. A name that does not exist is an error (a
`KeyError`), so a typo never passes silently. Values apply from the next run on.

Every name Brian 2 defines exists with Brian's default. Some describe machinery the engine does
not have (a C++ compiler's flags, the GSL, a standalone project's ``make``): setting such a
preference to anything but its default works, and warns once (`UnsupportedPreferenceWarning`)
naming it and saying what to do instead.

Preference files (Brian's format: ``name = value`` lines, ``[category]`` sections, ``#``
comments) are read with `Preferences.read_preference_file`; `Preferences.load_preferences`
reads the two files Brian reads, ``~/.brian/user_preferences`` then ``./brian_preferences``.
Values in files are Python literals, numpy's type names (``float32``) and units (``0.1*ms``),
evaluated without running any other code. Libraries add their own preferences with
`Preferences.register_preferences` and `BrianPreference`.
"""

from __future__ import annotations

import ast
import operator
import os
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

__all__ = [
    "BrianPreference",
    "InvalidPreferenceError",
    "PreferenceError",
    "Preferences",
    "UnknownPreferenceError",
    "UnsupportedPreferenceWarning",
    "prefs",
]


class PreferenceError(Exception):
    """A problem with a preference (Brian 2's name): unknown name, invalid value, bad file."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        #: The preference (or category) concerned, if any.
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownPreferenceError(PreferenceError, KeyError):
    """A preference name that does not exist (a `KeyError`, as in Brian 2)."""


class _UnknownPreferenceAttribute(UnknownPreferenceError, AttributeError):
    """An unknown name read as an attribute: also an `AttributeError`, so `hasattr` works."""


class InvalidPreferenceError(PreferenceError, ValueError):
    """A value a preference does not accept (also a `ValueError`)."""


class UnsupportedPreferenceWarning(UserWarning):
    """A preference was set to a value the engine cannot honour (it is kept, and ignored)."""


class BrianPreference:
    """The definition of one preference: its default, documentation and validation.

    Parameters
    ----------
    default
        The value before anything sets it.
    docs
        What the preference means.
    validator
        A function ``value -> bool``; by default a value must be of the default's type (and a
        quantity of the default's dimensions).
    representor
        A function ``value -> str`` giving the text a preference file holds (default `repr`).
    """

    def __init__(
        self,
        default: Any,
        docs: str,
        validator: Callable[[Any], bool] | None = None,
        representor: Callable[[Any], str] = repr,
    ) -> None:
        self.default = default
        self.docs = docs
        self.validator = validator if validator is not None else _same_kind_as(default)
        self.representor = representor


def _same_kind_as(default: Any) -> Callable[[Any], bool]:
    from engine.units import get_dimensions

    def validator(value: Any) -> bool:
        if default is None:
            return True
        if isinstance(default, bool) or isinstance(value, bool):
            return isinstance(value, bool) and isinstance(default, bool)
        if isinstance(default, (int, float)) and not hasattr(default, "dim"):
            return isinstance(value, (int, float, np.integer, np.floating)) and not hasattr(
                value, "dim"
            )
        if hasattr(default, "dim"):
            return get_dimensions(value) is get_dimensions(default)
        return isinstance(value, type(default))

    return validator


@dataclass(frozen=True)
class _Entry:
    """A registered preference, with what the engine can do with its values."""

    definition: BrianPreference
    #: Why a value is refused (a phrase: "must be ..."), or None if it is accepted.
    check: Callable[[Any], str | None]
    #: Whether the engine acts on a value (None: every valid value is honoured).
    honoured: Callable[[Any], bool] | None = None
    #: What to do instead, said when a value cannot be honoured.
    advice: str = "the engine ignores it"


# -- checks ------------------------------------------------------------------------------------


def _one_of(*options: object, ignore_case: bool = False) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        candidate = value.upper() if ignore_case and isinstance(value, str) else value
        return None if candidate in options else f"must be one of {', '.join(map(repr, options))}"

    return check


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _number(value: Any) -> str | None:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    return None if ok and value >= 0 else "must be a number, 0 or more"


def _count(value: Any) -> str | None:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    return None if ok and value >= 0 else "must be a whole number, 0 or more"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _text_or_none(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "must be a string or None"


def _strings(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and all(isinstance(s, str) for s in value):
        return None
    return "must be a list of strings"


def _strings_or_none(value: Any) -> str | None:
    return None if value is None else _strings(value)


def _list(value: Any) -> str | None:
    return None if isinstance(value, (list, tuple)) else "must be a list"


def _dict(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a dict"


def _anything(value: Any) -> str | None:
    return None


def _command(value: Any) -> str | None:
    return None if isinstance(value, str) else _strings(value)


def _schedule(value: Any) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(s, str) for s in value):
        return "must be a list of slot names"
    if any(s.startswith(("before_", "after_")) for s in value):
        return "slot names may not start with 'before_' or 'after_' (those are automatic)"
    return None


def _float_dtype(value: Any) -> str | None:
    return None if value in (np.float32, np.float64) else "must be float32 or float64"


def _integer_dtype(value: Any) -> str | None:
    return None if value in (np.int32, np.int64) else "must be int32 or int64"


def _equals(default: Any) -> Callable[[Any], bool]:
    def honoured(value: Any) -> bool:
        try:
            return bool(value == default)
        except Exception:  # an exotic value (an array, a quantity): not the default
            return False

    return honoured


_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "DIAGNOSTIC")
_NO_CPP = "the engine compiles with Cython and its own compiler settings"
_NO_STANDALONE = "the engine writes no C++ project (cpp_standalone runs on its Cython target)"


def _type_name(value: Any) -> str:
    return str(getattr(value, "__name__", repr(value)))


def _p(default: Any, doc: str) -> BrianPreference:
    return BrianPreference(default, doc)


def _unsupported(default: Any, doc: str, check: Callable[[Any], str | None], advice: str) -> _Entry:
    return _Entry(_p(default, doc), check, _equals(default), advice)


#: The categories and their descriptions.
_CATEGORIES: dict[str, str] = {
    "codegen": "Code generation",
    "codegen.runtime": "Targets that run in this Python process",
    "codegen.runtime.numpy": "The numpy target",
    "codegen.runtime.cython": "The Cython target",
    "codegen.cpp": "Compiling C and C++ code",
    "codegen.generators": "Code generators",
    "codegen.generators.cpp": "The C++ code generator",
    "core": "The core of the simulator",
    "core.network": "Networks",
    "devices": "Devices",
    "devices.cpp_standalone": "The cpp_standalone device",
    "legacy": "Behaviour of older versions, for reproducing old results",
    "logging": "Log messages",
    "GSL": "The GNU Scientific Library integrators",
}

_DEFINITIONS: dict[str, _Entry] = {
    # -- codegen ---------------------------------------------------------------------------
    "codegen.target": _Entry(
        _p(
            "auto",
            "Where generated code runs: 'numpy' (no compiler needed), 'cython' (compiled; "
            "needs a C compiler), or 'auto' (cython where a C compiler works, numpy otherwise).",
        ),
        _one_of("auto", "numpy", "cython"),
    ),
    "codegen.string_expression_target": _unsupported(
        "numpy",
        "Where string expressions outside a run are evaluated (indexing with a condition, "
        "setting a variable with an expression). Same values as codegen.target except 'auto'.",
        _one_of("numpy", "cython"),
        "the engine evaluates them with numpy",
    ),
    "codegen.loop_invariant_optimisations": _Entry(
        _p(
            True,
            "Compute expressions that are the same for all elements once per step, not once "
            "per element.",
        ),
        _boolean,
    ),
    "codegen.max_cache_dir_size": _unsupported(
        1000,
        "Warn when the folder of compiled code grows beyond this many megabytes (0: never).",
        _number,
        "the engine's compile cache is managed by the engine (its folder is "
        "$SPIKECANVAS_CYTHON_CACHE)",
    ),
    "codegen.runtime.numpy.discard_units": _Entry(
        _p(
            False,
            "Whether Python functions called from numpy code receive values without units "
            "(faster; the function must then work on plain numbers in base units).",
        ),
        _boolean,
    ),
    "codegen.runtime.cython.multiprocess_safe": _unsupported(
        True,
        "Whether compiled code is protected by a lock file against several processes "
        "writing it at the same time.",
        _boolean,
        "the engine always writes compiled code atomically",
    ),
    "codegen.runtime.cython.cache_dir": _unsupported(
        None,
        "The folder where compiled Cython code is kept (None: the default cache folder).",
        _text_or_none,
        "set the environment variable SPIKECANVAS_CYTHON_CACHE to choose the folder",
    ),
    "codegen.runtime.cython.delete_source_files": _unsupported(
        True,
        "Whether the generated Cython sources are deleted once compiled.",
        _boolean,
        "read generated code with generated_code() instead",
    ),
    "codegen.cpp.compiler": _unsupported(
        "", "Which compiler family to use ('unix', 'msvc'; empty: the default).", _text, _NO_CPP
    ),
    "codegen.cpp.extra_compile_args": _unsupported(
        None,
        "Extra compiler arguments (None: those of the compiler-specific preferences).",
        _strings_or_none,
        _NO_CPP,
    ),
    "codegen.cpp.extra_compile_args_gcc": _unsupported(
        ["-w", "-O3", "-ffast-math", "-fno-finite-math-only", "-march=native", "-std=c++11"],
        "Extra arguments for GCC-compatible compilers.",
        _strings,
        _NO_CPP,
    ),
    "codegen.cpp.extra_compile_args_msvc": _unsupported(
        ["/Ox", "/w", "", "/MP"], "Extra arguments for the MSVC compiler.", _strings, _NO_CPP
    ),
    "codegen.cpp.extra_link_args": _unsupported(
        [], "Extra arguments for the linker.", _strings, _NO_CPP
    ),
    "codegen.cpp.define_macros": _unsupported(
        [], "Macros to define, as (name, value) pairs.", _list, _NO_CPP
    ),
    "codegen.cpp.headers": _unsupported(
        [], "Header files to include in compiled code.", _strings, _NO_CPP
    ),
    "codegen.cpp.include_dirs": _unsupported(
        [], "Folders searched for header files.", _strings, _NO_CPP
    ),
    "codegen.cpp.libraries": _unsupported([], "Libraries to link with.", _strings, _NO_CPP),
    "codegen.cpp.library_dirs": _unsupported(
        [], "Folders searched for libraries when linking.", _strings, _NO_CPP
    ),
    "codegen.cpp.runtime_library_dirs": _unsupported(
        [], "Folders searched for libraries when compiled code is loaded.", _strings, _NO_CPP
    ),
    "codegen.cpp.msvc_architecture": _unsupported(
        "", "The MSVC target architecture (empty: that of the machine).", _text, _NO_CPP
    ),
    "codegen.cpp.msvc_vars_location": _unsupported(
        "", "Where MSVC's environment script is (empty: searched for).", _text, _NO_CPP
    ),
    "codegen.generators.cpp.flush_denormals": _unsupported(
        False, "Whether compiled code treats denormal numbers as zero.", _boolean, _NO_CPP
    ),
    "codegen.generators.cpp.restrict_keyword": _unsupported(
        "__restrict", "The compiler's keyword for pointers without aliases.", _text, _NO_CPP
    ),
    # -- core ------------------------------------------------------------------------------
    "core.default_float_dtype": _Entry(
        BrianPreference(
            np.float64,
            "The floating point type of state variables (float64 or float32).",
            representor=_type_name,
        ),
        _float_dtype,
    ),
    "core.default_integer_dtype": _Entry(
        BrianPreference(np.int32, "The type of integer state variables.", representor=_type_name),
        _integer_dtype,
        _equals(np.int32),
        "integer variables are int32",
    ),
    "core.outdated_dependency_error": _Entry(
        _p(True, "Whether an outdated dependency is an error (True) or a warning (False)."),
        _boolean,
    ),
    "core.stop_on_keyboard_interrupt": _unsupported(
        True,
        "Whether Ctrl+C ends a run at the next step, keeping what was recorded.",
        _boolean,
        "call stop() (or Network.stop) from another thread to end a run early",
    ),
    "core.network.default_schedule": _Entry(
        _p(
            ["start", "groups", "thresholds", "synapses", "resets", "end"],
            "The order of the slots of a time step, for networks that do not set their own.",
        ),
        _schedule,
    ),
    "core.check_nan": _Entry(
        _p(
            True,
            "Stop a run with an error when a state variable becomes NaN (the engine's own "
            "preference; Brian 2 has no such check).",
        ),
        _boolean,
    ),
    # -- devices ---------------------------------------------------------------------------
    "devices.cpp_standalone.openmp_threads": _unsupported(
        0,
        "The number of OpenMP threads of a standalone simulation (0: no OpenMP).",
        _count,
        "the engine runs a simulation in one thread",
    ),
    "devices.cpp_standalone.openmp_spatialneuron_strategy": _unsupported(
        None, "Unused (deprecated in Brian 2).", _anything, _NO_STANDALONE
    ),
    "devices.cpp_standalone.extra_make_args_unix": _unsupported(
        ["-j"], "Extra arguments of 'make' (Linux, macOS).", _strings, _NO_STANDALONE
    ),
    "devices.cpp_standalone.extra_make_args_windows": _unsupported(
        [], "Extra arguments of 'nmake' (Windows).", _strings, _NO_STANDALONE
    ),
    "devices.cpp_standalone.make_cmd_unix": _unsupported(
        "make", "The command that builds a standalone project.", _text, _NO_STANDALONE
    ),
    "devices.cpp_standalone.run_cmd_unix": _unsupported(
        "./main", "The command that runs a built standalone project.", _command, _NO_STANDALONE
    ),
    "devices.cpp_standalone.run_environment_variables": _unsupported(
        {"LD_BIND_NOW": "1"},
        "Environment variables set while a standalone project runs.",
        _dict,
        _NO_STANDALONE,
    ),
    # -- legacy ----------------------------------------------------------------------------
    "legacy.refractory_timing": _unsupported(
        False,
        "Whether refractoriness is checked as before Brian 2.1.3 (comparing times, where a "
        "period that is a multiple of dt could last one step more or less).",
        _boolean,
        "the engine counts refractory periods in whole time steps",
    ),
    # -- logging ---------------------------------------------------------------------------
    "logging.console_log_level": _Entry(
        _p(
            "INFO", f"The lowest level of messages shown on the console ({', '.join(_LOG_LEVELS)})."
        ),
        _one_of(*_LOG_LEVELS, ignore_case=True),
    ),
    "logging.file_log": _Entry(
        _p(
            False,
            "Whether messages are also written to a log file (in the temporary folder). Brian "
            "2 writes one by default; the engine only when this is True.",
        ),
        _boolean,
    ),
    "logging.file_log_level": _Entry(
        _p(
            "DEBUG",
            f"The lowest level of messages written to the log file ({', '.join(_LOG_LEVELS)}).",
        ),
        _one_of(*_LOG_LEVELS, ignore_case=True),
    ),
    "logging.file_log_max_size": _Entry(
        _p(
            10_000_000,
            "The size in bytes at which the log file is moved to a '.1' backup and started "
            "anew (0: never).",
        ),
        _count,
    ),
    "logging.delete_log_on_exit": _Entry(
        _p(
            True,
            "Whether the log file is deleted when Python exits (it is kept after an uncaught "
            "exception).",
        ),
        _boolean,
    ),
    "logging.display_brian_error_message": _Entry(
        _p(
            True,
            "Whether an uncaught exception is followed by a line naming the log file (when "
            "there is one).",
        ),
        _boolean,
    ),
    "logging.save_script": _unsupported(
        True,
        "Whether a copy of the running script is kept next to the log.",
        _boolean,
        "keep your script under version control instead",
    ),
    "logging.std_redirection": _unsupported(
        True,
        "Whether compiler output is hidden.",
        _boolean,
        "the engine hides compiler output and reports compile errors itself",
    ),
    "logging.std_redirection_to_file": _unsupported(
        True,
        "Whether hidden compiler output is written to files.",
        _boolean,
        "the engine reports compile errors itself",
    ),
    # -- GSL -------------------------------------------------------------------------------
    "GSL.directory": _unsupported(
        None,
        "The folder of the GSL's header files.",
        _text_or_none,
        "the GSL integrators are not supported; use 'rk4' (or 'rk2', 'euler')",
    ),
}


# -- reading values from files -----------------------------------------------------------------

_OPERATORS: dict[type, Callable[..., Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def _value_names() -> dict[str, Any]:
    """Return the names a value in a preference file may use: numpy's types and units."""
    import engine.units

    names: dict[str, Any] = {
        name: getattr(engine.units, name)
        for name in engine.units.__all__
        if hasattr(getattr(engine.units, name), "dim")
    }
    for name in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "bool_"):
        names[name] = getattr(np, name)
    return names


def evaluate_value(text: str, where: str = "") -> Any:
    """Return the value a preference file's ``text`` stands for, without running code.

    Literals (numbers, strings, lists, tuples, dicts, True, False, None), numpy's type names
    (``float32``), units (``ms``) and arithmetic on them (``0.1*ms``) are accepted.

    Raises
    ------
    PreferenceError
        For anything else (a function call, an unknown name), saying where.
    """
    names = _value_names()

    def value(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [value(item) for item in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Dict):
            return {
                value(k) if k is not None else None: value(v)
                for k, v in zip(node.keys, node.values, strict=True)
            }
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.operand))
        raise PreferenceError(
            f"Cannot read the value '{text}'{where}: only literals, numpy type names and units "
            "are allowed (write strings in quotes)"
        )

    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise PreferenceError(
            f"Cannot read the value '{text}'{where}: it is not a Python value (write strings "
            "in quotes)"
        ) from None
    return value(tree.body)


# -- the store ---------------------------------------------------------------------------------


class PreferenceCategory:
    """A category such as ``prefs.codegen``: its names as attributes and items."""

    def __init__(self, store: Preferences, prefix: str) -> None:
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._store._get(f"{self._prefix}.{name}", attribute=True)

    def __setattr__(self, name: str, value: Any) -> None:
        self._store[f"{self._prefix}.{name}"] = value

    def __getitem__(self, name: str) -> Any:
        return self._store[f"{self._prefix}.{name}"]

    def __setitem__(self, name: str, value: Any) -> None:
        self._store[f"{self._prefix}.{name}"] = value

    def __iter__(self) -> Iterator[str]:
        start = len(self._prefix) + 1
        return iter([name[start:] for name in self._store if name.startswith(f"{self._prefix}.")])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __dir__(self) -> list[str]:
        start = len(self._prefix) + 1
        below = {n[start:].split(".")[0] for n in self._store._names_and_categories(self._prefix)}
        return sorted(below)

    def __repr__(self) -> str:
        return f"<preference category '{self._prefix}'>"


class Preferences(Mapping[str, Any]):
    """The preference store (Brian 2's ``prefs``).

    Preferences are read and set as items (``prefs['codegen.target']``) or attributes
    (``prefs.codegen.target``); a category (``prefs.codegen``) is a `PreferenceCategory`.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = dict(_DEFINITIONS)
        self._categories: dict[str, str] = dict(_CATEGORIES)
        self._values: dict[str, Any] = {}
        #: Values read from files for names nobody has registered yet.
        self._pending: dict[str, tuple[Any, str]] = {}
        self._warned: set[str] = set()
        self._listeners: list[tuple[str, Callable[[str, Any], None]]] = []
        self.reset()

    # -- reading ---------------------------------------------------------------------------

    def _names_and_categories(self, prefix: str) -> list[str]:
        return [n for n in [*self._entries, *self._categories] if n.startswith(f"{prefix}.")]

    def _is_category(self, name: str) -> bool:
        return name in self._categories or any(key.startswith(f"{name}.") for key in self._entries)

    def _unknown(self, name: str, attribute: bool = False) -> UnknownPreferenceError:
        prefix = name.rsplit(".", 1)[0] if "." in name else ""
        nearby = sorted(n for n in self._entries if prefix and n.startswith(f"{prefix}."))
        known = f"; preferences of '{prefix}': {', '.join(nearby)}" if nearby else ""
        message = f"There is no preference '{name}' (a spelling error?){known}"
        error_class = _UnknownPreferenceAttribute if attribute else UnknownPreferenceError
        return error_class(message, name)

    def _get(self, name: str, attribute: bool = False) -> Any:
        if name in self._values:
            return self._values[name]
        if self._is_category(name):
            return PreferenceCategory(self, name)
        raise self._unknown(name, attribute)

    def __getitem__(self, name: str) -> Any:
        return self._get(name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._get(name, attribute=True)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __dir__(self) -> list[str]:
        tops = {name.split(".")[0] for name in [*self._entries, *self._categories]}
        return sorted({*super().__dir__(), *tops})

    @property
    def toplevel_categories(self) -> list[str]:
        """The names of the categories at the top (``codegen``, ``core``, ...)."""
        return sorted({name.split(".")[0] for name in [*self._entries, *self._categories]})

    # -- setting ---------------------------------------------------------------------------

    def __setitem__(self, name: str, value: Any) -> None:
        entry = self._entries.get(name)
        if entry is None:
            raise self._unknown(name)
        problem = entry.check(value)
        if problem is None and not entry.definition.validator(value):
            problem = "has an invalid value"
        if problem is not None:
            raise InvalidPreferenceError(f"Preference '{name}' {problem}, not {value!r}", name)
        if entry.honoured is not None and not entry.honoured(value) and name not in self._warned:
            self._warned.add(name)
            warnings.warn(
                UnsupportedPreferenceWarning(
                    f"The preference '{name}' = {value!r} has no effect in this engine: "
                    f"{entry.advice}."
                ),
                stacklevel=3,
            )
        self._values[name] = value
        for prefix, listener in self._listeners:
            if name.startswith(prefix):
                listener(name, value)

    def update(self, values: Mapping[str, Any] | None = None, **more: Any) -> None:
        """Set several preferences (full names to values)."""
        for name, value in {**(values or {}), **more}.items():
            self[name] = value

    def on_change(self, prefix: str, listener: Callable[[str, Any], None]) -> None:
        """Call ``listener(name, value)`` whenever a preference starting with ``prefix`` is set.

        The logger uses it to follow the ``logging.*`` preferences.
        """
        self._listeners.append((prefix, listener))

    def reset(self) -> None:
        """Restore every preference to its default (the warnings given are given again)."""
        self._values = {name: _copy(e.definition.default) for name, e in self._entries.items()}
        self._warned.clear()
        for prefix, listener in self._listeners:
            for name, value in self._values.items():
                if name.startswith(prefix):
                    listener(name, value)

    def reset_to_defaults(self) -> None:
        """Brian 2's name for `reset`."""
        self.reset()

    # -- registering -----------------------------------------------------------------------

    def register_preferences(
        self, prefbasename: str, prefbasedoc: str, **definitions: BrianPreference
    ) -> None:
        """Add a category of preferences (for libraries that define their own).

        Parameters
        ----------
        prefbasename
            The category (``"mylib"`` or ``"devices.mydevice"``).
        prefbasedoc
            What the category is about.
        **definitions
            The preferences: short name to `BrianPreference`.

        Raises
        ------
        PreferenceError
            If the category is registered already, or a name clashes with a preference.
        """
        known = {n.rsplit(".", 1)[0] for n in self._entries if n.startswith(f"{prefbasename}.")}
        if prefbasename in known or prefbasename in self._entries:
            raise PreferenceError(
                f"The preference category '{prefbasename}' is registered already", prefbasename
            )
        for short, definition in definitions.items():
            if not isinstance(definition, BrianPreference):
                raise TypeError(
                    f"'{prefbasename}.{short}' must be defined by a BrianPreference, not "
                    f"{type(definition).__name__}"
                )
            name = f"{prefbasename}.{short}"
            if self._is_category(name):
                raise PreferenceError(f"'{name}' is a category of preferences already", name)

            def check(value: Any, definition: BrianPreference = definition) -> str | None:
                return None if definition.validator(value) else "has an invalid value"

            self._entries[name] = _Entry(definition, check)
            self._values[name] = _copy(definition.default)
        self._categories[prefbasename] = prefbasedoc
        for name in [n for n in self._pending if n in self._entries]:
            value, where = self._pending.pop(name)
            self._set_from_file(name, value, where)

    # -- files -----------------------------------------------------------------------------

    def read_preference_file(self, file: str | os.PathLike[str] | IO[str]) -> None:
        """Set preferences from a file in Brian 2's format.

        ``name = value`` lines set a preference; a ``[category]`` line makes the names below
        it relative to that category; blank lines and lines starting with ``#`` are skipped.
        A name nobody has registered yet is kept until a library registers it (see
        `check_all_validated`).

        Raises
        ------
        PreferenceError
            For a line that is neither, or a value that is not allowed, with the line number.
        OSError
            If the file cannot be read.
        """
        if isinstance(file, (str, os.PathLike)):
            filename = str(file)
            text = Path(file).read_text(encoding="utf-8")
        else:
            filename = getattr(file, "name", repr(file))
            text = file.read()
        section: list[str] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            where = f" (line {number} of {filename})"
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                if not line.endswith("]"):
                    raise PreferenceError(f"A section line must end with ']'{where}")
                inner = line[1:-1].strip()
                section = inner.split(".") if inner else []
                continue
            key, equals, value = line.partition("=")
            if not equals or not key.strip():
                raise PreferenceError(
                    f"Cannot read '{line}'{where}: write 'name = value' or '[category]'"
                )
            name = ".".join([*section, *key.strip().split(".")])
            self._set_from_file(name, evaluate_value(value, where), where)

    def _set_from_file(self, name: str, value: Any, where: str) -> None:
        if name not in self._entries:
            self._pending[name] = (value, where)
            return
        try:
            self[name] = value
        except PreferenceError as error:
            raise type(error)(f"{error}{where}", name) from None

    def load_preferences(self) -> None:
        """Read the preference files Brian 2 reads, as it does when it is imported.

        ``~/.brian/user_preferences``, then ``./brian_preferences`` (missing files are
        skipped; the second overrides the first). The engine reads them when it is imported
        too (a problem in them is then a warning, so that the engine still loads).
        """
        for path in (Path.home() / ".brian" / "user_preferences", Path("brian_preferences")):
            if path.is_file():
                self.read_preference_file(path)

    def check_all_validated(self) -> None:
        """Raise if a preference file set names that nobody registered.

        Raises
        ------
        UnknownPreferenceError
            Naming them and where they were set.
        """
        if self._pending:
            listed = ", ".join(f"'{n}'{where}" for n, (_, where) in sorted(self._pending.items()))
            raise UnknownPreferenceError(
                f"Unknown preferences were set in preference files: {listed}",
                next(iter(sorted(self._pending))),
            )

    def do_validation(self) -> None:
        """Brian 2's name: values are validated when set; this checks the file-only names."""
        self.check_all_validated()

    # -- documentation ---------------------------------------------------------------------

    def _category_names(self, basename: str | None) -> list[str]:
        categories = sorted({name.rsplit(".", 1)[0] for name in self._entries})
        if basename is None:
            return categories
        if basename not in categories and basename not in self._categories:
            raise ValueError(
                f"There is no category of preferences called '{basename}' (categories: "
                f"{', '.join(categories)})"
            )
        return [basename]

    def get_documentation(self, basename: str | None = None, link_targets: bool = True) -> str:
        """Return the documentation of a category's preferences (all, if None), as text.

        Each preference is given with its default and what it means (reStructuredText, as
        Brian 2's).
        """
        parts = []
        for category in self._category_names(basename):
            parts.append(self._categories.get(category, category))
            parts.append("")
            for name, entry in self._entries.items():
                if name.rsplit(".", 1)[0] != category:
                    continue
                if link_targets:
                    parts.append(f".. _brian-pref-{name.replace('.', '-').replace('_', '-')}:")
                    parts.append("")
                default = entry.definition.representor(entry.definition.default)
                parts.append(f"``{name}`` = ``{default}``")
                parts.append(f"    {entry.definition.docs}")
                parts.append("")
        return "\n".join(parts)

    def _as_file(self, values: Mapping[str, Any]) -> str:
        lines = []
        for category in self._category_names(None):
            lines += ["#" + "-" * 79, f"# {self._categories.get(category, category)}"]
            lines += ["#" + "-" * 79, "", f"[{category}]", ""]
            for name, entry in self._entries.items():
                if name.rsplit(".", 1)[0] != category:
                    continue
                lines.append(f"# {entry.definition.docs}")
                short = name.rsplit(".", 1)[1]
                lines += [f"{short} = {entry.definition.representor(values[name])}", ""]
        return "\n".join(lines)

    @property
    def as_file(self) -> str:
        """The current values as a preference file (readable by `read_preference_file`)."""
        return self._as_file(self._values)

    @property
    def defaults_as_file(self) -> str:
        """The defaults as a preference file."""
        return self._as_file({n: e.definition.default for n, e in self._entries.items()})

    def describe(self) -> str:
        """Return every preference with its value and meaning, one per line."""
        return "\n".join(
            f"{name} = {self._values[name]!r}  # {entry.definition.docs}"
            for name, entry in self._entries.items()
        )

    def __repr__(self) -> str:
        categories = len(self.toplevel_categories)
        return f"<preferences: {len(self._values)} names in {categories} categories>"


def _copy(value: Any) -> Any:
    """Return a copy of a mutable default: changing a value never changes the default."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


#: The engine's preferences (Brian 2's ``prefs``).
prefs = Preferences()


def _follow_logging_preferences() -> None:
    from engine.utils import logger

    prefs.on_change("logging.", lambda name, value: logger.configure(prefs))
    logger.set_preference = prefs.__setitem__
    logger.configure(prefs)


def _load_at_import() -> None:
    try:
        prefs.load_preferences()
    except (PreferenceError, OSError, UnicodeDecodeError) as error:
        warnings.warn(f"A preference file was not read: {error}", stacklevel=2)


_follow_logging_preferences()
_load_at_import()
