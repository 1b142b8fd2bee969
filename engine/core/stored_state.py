"""Checks of a stored network state before `Network.restore` puts it back.

A stored state (from memory or from a file made by anyone) holds arrays that compiled code
later uses as indices — the neurons of each synapse, the synapses waiting in a spike queue,
the neurons of the last step's spikes — so one value out of range is a write out of bounds in
the cython target. Restoring is therefore done in two passes: each object checks its part of
the state and returns the arrays it will take (``_checked_state(part, check)``), and only when
every part, the time, the clocks and the random state have passed do the objects take them
(``_restore_state(checked)``). A state that fails leaves the network as it was.

The functions here are the checks the objects share; they raise `StoredStateError` naming the
dataset (``object.variable``), to which `Network.restore` adds the file and the state's name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.core.base import EngineError
from engine.core.variables import ArrayVariable, DynamicArrayVariable

__all__ = [
    "StateCheck",
    "StoredStateError",
    "check_event_space",
    "check_indices",
    "check_lengths",
    "check_times",
    "checked_arrays",
    "checked_clocks",
    "checked_random_state",
    "checked_time",
    "checked_values",
    "problem",
]

#: The largest time step count a restored clock may have (int64 arithmetic keeps headroom).
MAX_CLOCK_STEPS = 2**62

_HINT = (
    "Restore only states stored from this network (the same objects, with the same sizes); "
    "if the state comes from a file, the file is damaged or was not written by store()."
)


class StoredStateError(EngineError):
    """A stored state that cannot be restored: nothing in the network was changed.

    Attributes
    ----------
    problem
        What is wrong.
    dataset
        The stored array at fault (``"synapses._synaptic_pre"``), or the attribute holding
        the time (``"__t__"``), clocks (``"__clocks__"``) or random state (``"__random__"``);
        None for the whole file.
    filename
        The file the state was read from (None for a state kept in memory).
    state
        The name of the stored state.
    """

    def __init__(
        self,
        problem: str,
        dataset: str | None = None,
        *,
        filename: str | None = None,
        state: str | None = None,
        hint: str | None = _HINT,
    ) -> None:
        self.problem = problem
        self.dataset = dataset
        self.filename = filename
        self.state = state
        place = [f"'{filename}'"] if filename is not None else []
        if state is not None:
            place.append(f"state '{state}'" if filename is not None else f"stored state '{state}'")
        if dataset is not None:
            # The time, clocks and random state are attributes of the state, not datasets.
            what = "attribute" if dataset in ("__t__", "__clocks__", "__random__") else "dataset"
            place.append(f"{what} '{dataset}'")
        super().__init__(f"{', '.join(place)}: {problem}" if place else problem, None, hint)

    def located(self, filename: str | None, state: str | None) -> StoredStateError:
        """Return this error with the file and the state's name filled in."""
        return StoredStateError(
            self.problem,
            self.dataset,
            filename=self.filename if self.filename is not None else filename,
            state=self.state if self.state is not None else state,
            hint=self.hint,
        )


class StateCheck:
    """A stored state being checked: each object's part, and the parts already checked.

    Objects are checked in the network's order, a container before what it contains, so a
    synaptic pathway sees the synapses' checked arrays (its queue refers to them).

    Parameters
    ----------
    state
        The whole stored state (``object.variable`` -> array, and the ``__...__`` entries).
    clocks
        The stored clocks, checked: name -> (time step count, dt in seconds).
    """

    def __init__(self, state: Mapping[str, Any], clocks: Mapping[str, tuple[int, float]]) -> None:
        self.state = state
        self.clocks = clocks
        self._checked: dict[int, dict[str, Any]] = {}
        # Object names are identifiers: an entry's object is what precedes its first dot.
        self._parts: dict[str, dict[str, Any]] = {}
        for key, value in state.items():
            owner, dot, name = key.partition(".")
            if dot:
                self._parts.setdefault(owner, {})[name] = value

    def part(self, name: str) -> dict[str, Any]:
        """Return the entries of the object called ``name``, without the ``name.`` prefix."""
        return dict(self._parts.get(name, {}))

    def add(self, obj: Any, checked: dict[str, Any]) -> None:
        """Record what ``obj`` will take."""
        self._checked[id(obj)] = checked

    def restored(self, obj: Any, name: str) -> np.ndarray:
        """Return the values the variable ``name`` of ``obj`` will have after the restore."""
        checked = self._checked.get(id(obj), {})
        if name in checked:
            return checked[name]
        return np.asarray(obj.variables[name].get_value())

    def dt(self, clock: Any) -> float:
        """Return the dt ``clock`` had when the state was stored (its dt now if not stored)."""
        stored = self.clocks.get(clock.name)
        return stored[1] if stored is not None else float(clock.dt_)


# -- arrays ---------------------------------------------------------------------------------------


def problem(owner: str, name: str, message: str, hint: str | None = _HINT) -> StoredStateError:
    """Return the error for the stored array ``owner.name``."""
    return StoredStateError(message, f"{owner}.{name}", hint=hint)


def checked_values(
    owner: str, name: str, values: Any, dtype: np.dtype, shape: tuple[int | None, ...]
) -> np.ndarray:
    """Check a stored array against the variable it goes to; return it with that type.

    Parameters
    ----------
    owner, name
        The object and variable, for messages.
    values
        The stored array.
    dtype
        The variable's type: booleans take booleans, integers take integers within its range,
        floats take floats. Nothing else (text, records, objects) is accepted.
    shape
        The expected shape; None for a length that may be anything (a growing array).

    Raises
    ------
    StoredStateError
        If the array does not fit.
    """
    if not isinstance(values, np.ndarray):
        raise problem(owner, name, f"is a {type(values).__name__}, not an array")
    kind, wanted = values.dtype.kind, np.dtype(dtype)
    accepted = {"b": "b", "i": "iu", "u": "iu", "f": "f"}.get(wanted.kind, "")
    if kind not in accepted or values.dtype.names is not None:
        kinds = {"b": "booleans", "i": "integers", "u": "integers", "f": "floating-point numbers"}
        raise problem(
            owner,
            name,
            f"holds values of type '{values.dtype}', but '{name}' holds "
            f"{kinds.get(wanted.kind, str(wanted))}",
        )
    if len(values.shape) != len(shape) or any(
        size is not None and size != actual
        for size, actual in zip(shape, values.shape, strict=True)
    ):
        expected = ", ".join("any" if s is None else str(s) for s in shape)
        raise problem(
            owner, name, f"has shape {values.shape}, but '{name}' needs shape ({expected})"
        )
    if wanted.kind in "iu" and values.size:
        limits = np.iinfo(wanted)
        low, high = int(values.min()), int(values.max())
        if low < limits.min or high > limits.max:
            bad = low if low < limits.min else high
            raise problem(owner, name, f"holds {bad}, outside the range of {wanted}")
    return values.astype(wanted, copy=False)


def checked_arrays(
    owner: str,
    part: Mapping[str, Any],
    stored: Mapping[str, ArrayVariable],
    variables: Mapping[str, Any],
) -> dict[str, np.ndarray]:
    """Check an object's stored arrays: each present, of its variable's type and shape.

    Arrays of a fixed size must have their variable's shape; growing arrays
    (`DynamicArrayVariable`) any length, with the variable's other dimensions. An entry under
    another name of a stored variable (states of older versions stored references, such as a
    synapse's ``i`` beside ``_synaptic_pre``) must equal it; any other entry is refused.

    Parameters
    ----------
    owner
        The object's name.
    part
        Its part of the state (variable name -> array).
    stored
        The variables a state holds, by name (as the object's ``_stored_state`` stores them).
    variables
        All the object's variables (to recognise other names of stored ones).

    Raises
    ------
    StoredStateError
        For the first entry missing, of the wrong type or shape, or unknown.
    """
    checked: dict[str, np.ndarray] = {}
    for name, variable in stored.items():
        if name not in part:
            raise problem(owner, name, f"is missing ('{owner}' stores '{name}')")
        current = variable.get_value()
        shape = current.shape
        if isinstance(variable, DynamicArrayVariable):
            shape = (None, *shape[1:])
        checked[name] = checked_values(owner, name, part[name], variable.dtype, shape)
    for name, values in part.items():
        if name in checked:
            continue
        other = variables.get(name)
        canonical = getattr(other, "name", None)
        if canonical in checked and variables.get(canonical) is other and other is not None:
            alias = checked_values(owner, name, values, other.dtype, checked[canonical].shape)
            if not np.array_equal(alias, checked[canonical]):
                raise problem(
                    owner, name, f"differs from '{owner}.{canonical}', which it stands for"
                )
            continue
        raise problem(
            owner,
            name,
            f"'{owner}' has no variable '{name}' that a stored state sets",
        )
    return checked


def check_indices(
    owner: str, name: str, values: np.ndarray, low: int, high: int, what: str
) -> None:
    """Refuse values outside ``[low, high)``, naming the first one and ``what`` it indexes."""
    if values.size:
        outside = (values < low) | (values >= high)
        if outside.any():
            bad = int(values[np.flatnonzero(outside)[0]])
            raise problem(owner, name, f"index {bad} is outside {what}")


def check_times(
    owner: str, name: str, values: np.ndarray, minus_infinity: bool = False, negative: bool = False
) -> None:
    """Refuse times that are NaN, infinite or negative.

    Parameters
    ----------
    minus_infinity
        Accept ``-inf`` (a last spike time meaning "never").
    negative
        Accept negative (finite) values.
    """
    if not values.size:
        return
    values = np.asarray(values, dtype=np.float64)
    bad = np.isnan(values) | (values == np.inf)
    if not minus_infinity:
        bad |= values == -np.inf
    if not negative:
        bad |= (values < 0) & np.isfinite(values)
    if bad.any():
        value = float(values[np.flatnonzero(bad)[0]])
        wanted = "finite" if negative else "finite and not negative"
        raise problem(owner, name, f"holds the time {value!r}; times must be {wanted}")


def check_lengths(owner: str, arrays: Mapping[str, np.ndarray], what: str) -> int:
    """Refuse arrays of different lengths (first dimension); return the common length.

    ``what`` names what each entry is (``"synapses"``, ``"recorded events"``).
    """
    lengths = {name: len(values) for name, values in arrays.items()}
    first, count = next(iter(lengths.items()))
    for name, length in lengths.items():
        if length != count:
            raise problem(
                owner,
                name,
                f"has {length} values, but '{owner}.{first}' has {count} ({count} {what})",
            )
    return count


def check_event_space(owner: str, name: str, values: np.ndarray, size: int) -> None:
    """Check an event space (``size + 1`` entries, already checked).

    The last entry is the number of events of the step; the entries before it are the
    elements with an event, increasing, in ``[0, size)``.
    """
    count = int(values[-1])
    if not 0 <= count <= size:
        raise problem(owner, name, f"counts {count} events among {size} elements")
    events = values[:count]
    check_indices(owner, name, events, 0, size, f"'{owner}' (N = {size})")
    if count > 1 and np.any(np.diff(events) <= 0):
        raise problem(owner, name, "lists its events out of order or twice")


# -- time, clocks, random state -------------------------------------------------------------------


def checked_time(value: Any) -> float:
    """Check the stored network time (seconds): a finite number, not negative."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise StoredStateError(f"the time is {_shown(value)}, not a number", "__t__")
    t = float(value)
    if not math.isfinite(t) or t < 0:
        raise StoredStateError(f"the time is {t!r}; it must be finite and not negative", "__t__")
    return t


def checked_clocks(value: Any) -> dict[str, tuple[int, float]]:
    """Check the stored clocks: name -> (time step count, dt): whole steps, positive dt."""
    if not isinstance(value, Mapping):
        raise StoredStateError(f"the clocks are {_shown(value)}, not a table", "__clocks__")
    clocks = {}
    for name, entry in value.items():
        if not isinstance(name, str) or not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise StoredStateError(
                f"the clock {_shown(name)} is {_shown(entry)}, not [steps, dt]", "__clocks__"
            )
        steps, dt = entry
        if not _is_integer(steps) or not 0 <= int(steps) < MAX_CLOCK_STEPS:
            raise StoredStateError(
                f"the clock '{name}' is at step {_shown(steps)}; steps are whole numbers from 0",
                "__clocks__",
            )
        if not _is_number(dt) or not math.isfinite(float(dt)) or float(dt) <= 0:
            raise StoredStateError(
                f"the clock '{name}' has dt = {_shown(dt)}; it must be finite and positive",
                "__clocks__",
            )
        clocks[name] = (int(steps), float(dt))
    return clocks


def checked_random_state(value: Any) -> dict[str, Any]:
    """Check a stored random state (`engine.rng.get_state`); return it ready for `set_state`.

    The engine's PCG64 state and numpy's MT19937 state must have exactly the fields numpy
    writes, with integers in their ranges (numpy itself does not check all of them: a
    position outside the MT19937 key makes it read out of bounds); each is then tried on a
    generator of its own before the engine's is touched.
    """
    where = "__random__"
    if not isinstance(value, Mapping) or set(value) != {"engine", "numpy"}:
        raise StoredStateError("the random state is not the engine's and numpy's states", where)
    engine = value["engine"]
    numpy_state = value["numpy"]
    pcg = _fields(engine, ("bit_generator", "state", "has_uint32", "uinteger"), "engine")
    inner = _fields(pcg["state"], ("state", "inc"), "engine")
    if pcg["bit_generator"] != "PCG64":
        raise StoredStateError("the engine's random state is not a PCG64 state", where)
    for key, bits in (("state", 128), ("inc", 128)):
        _integer_in(inner[key], 0, 2**bits, f"the PCG64 '{key}'")
    if not int(inner["inc"]) % 2:
        raise StoredStateError("the PCG64 increment is even; numpy makes it odd", where)
    _integer_in(pcg["has_uint32"], 0, 2, "the PCG64 'has_uint32'")
    _integer_in(pcg["uinteger"], 0, 2**32, "the PCG64 'uinteger'")
    mt = _fields(numpy_state, ("bit_generator", "state", "has_gauss", "gauss"), "numpy")
    mt_inner = _fields(mt["state"], ("key", "pos"), "numpy")
    if mt["bit_generator"] != "MT19937":
        raise StoredStateError("numpy's random state is not an MT19937 state", where)
    key = mt_inner["key"]
    if not isinstance(key, np.ndarray) or key.dtype != np.uint32 or key.shape != (624,):
        raise StoredStateError("the MT19937 key is not 624 unsigned 32-bit integers", where)
    if not key.any():
        raise StoredStateError("the MT19937 key is all zeros, which numpy never makes", where)
    _integer_in(mt_inner["pos"], 0, 625, "the MT19937 position")
    _integer_in(mt["has_gauss"], 0, 2, "the MT19937 'has_gauss'")
    if not _is_number(mt["gauss"]) or not math.isfinite(float(mt["gauss"])):
        raise StoredStateError("the MT19937 'gauss' is not a finite number", where)
    # Plain data for numpy's setters (which type their argument as a private TypedDict).
    checked: dict[str, Any] = {
        "engine": {
            "bit_generator": "PCG64",
            "state": {"state": int(inner["state"]), "inc": int(inner["inc"])},
            "has_uint32": int(pcg["has_uint32"]),
            "uinteger": int(pcg["uinteger"]),
        },
        "numpy": {
            "bit_generator": "MT19937",
            "state": {"key": key.copy(), "pos": int(mt_inner["pos"])},
            "has_gauss": int(mt["has_gauss"]),
            "gauss": float(mt["gauss"]),
        },
    }
    try:  # on generators of their own: the engine's changes only once everything passed
        np.random.PCG64().state = checked["engine"]
        np.random.RandomState().set_state(checked["numpy"])
    except Exception as error:
        raise StoredStateError(f"numpy refuses the random state ({error})", where) from None
    return checked


def _fields(value: Any, names: tuple[str, ...], which: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or set(value) != set(names):
        raise StoredStateError(
            f"{which}'s random state does not have exactly the fields {', '.join(names)}",
            "__random__",
        )
    return value


def _integer_in(value: Any, low: int, high: int, what: str) -> None:
    if not _is_integer(value) or not low <= int(value) < high:
        raise StoredStateError(
            f"{what} is {_shown(value)}, not a whole number in [{low}, {high})", "__random__"
        )


def _is_integer(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value: Any) -> bool:
    return _is_integer(value) or isinstance(value, (float, np.floating))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
