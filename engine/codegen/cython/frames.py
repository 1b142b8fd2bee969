"""How each kind of compiled operation frames its loop over elements.

The body of the loop (loads, the operation's statements, stores) is the same for every kind of
operation (`engine.codegen.cython.generator.Loop`); what differs is which elements the loop
runs over, what it does around each of them and after all of them, and how the Python function
that calls it finds the number of elements. One small class per template says that, with the
semantics of the numpy target's template of the same name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.codegen.cython.generator import C_TYPES, Loop, local, stored_value
from engine.codegen.cython.renderer import UnsupportedExpression
from engine.codegen.numpy.generator import storage_expression
from engine.codegen.operations import Array, Operation

if TYPE_CHECKING:
    from engine.codegen.cython.schedule import Section

__all__ = ["FRAMES", "Frame", "indented"]

_BODY = " " * 8  # lines inside the loop over elements


class Frame:
    """A loop over every element of the owner (a state update).

    Parameters
    ----------
    operation
        The operation.
    loop
        Its loop body (for the arguments naming its arrays).
    arrays
        The arrays the template uses, by key of the operation's ``arrays`` option (and a
        monitor's recorded arrays by name).
    """

    def __init__(self, operation: Operation, loop: Loop, arrays: dict[str, Array]) -> None:
        self.operation = operation
        self.loop = loop
        self.arrays = arrays

    def pointer(self, key: str) -> str:
        """Return the loop's argument holding the template's array ``key``."""
        return self.loop.pointer(self.arrays[key].storage)

    # -- the compiled function -------------------------------------------------------------

    def parameters(self) -> list[str]:
        """Parameters after ``_n``, before the arrays."""
        return []

    def declarations(self) -> list[str]:
        """``cdef`` lines of the function (before ``with nogil``)."""
        return []

    def element(self) -> str:
        """Return the element (``_idx``) at position ``_i`` of the loop."""
        return "_i"

    def before(self) -> list[str]:
        """Lines run for each element before the body."""
        return []

    def after(self) -> list[str]:
        """Lines run for each element after the body."""
        return []

    def end(self) -> list[str]:
        """Lines run once after the loop (still without the GIL)."""
        return []

    def result(self) -> str:
        """Return what the function returns."""
        return "0"

    # -- the Python function around it -------------------------------------------------------

    def signature(self) -> str:
        """Return the parameters of the Python function."""
        return ""

    def count(self) -> list[str]:
        """Lines setting ``_n`` (and returning early when there is nothing to do)."""
        return [f"    _n = {self.operation.size}"]

    def before_call(self) -> list[str]:
        """Lines run just before the call."""
        return []

    def arguments(self) -> list[str]:
        """Arguments after ``_n`` (matching `parameters`)."""
        return []

    def after_call(self) -> list[str]:
        """Lines run after the call (the call's result is ``_count``)."""
        return []

    # -- its step in the compiled schedule (`engine.codegen.cython.schedule`) ---------------
    # The same steps as the Python function's, in C: ``section`` gives the table entries
    # (sizes, addresses, lengths of records) the schedule fills before each chunk of steps.

    def section_count(self, section: Section) -> list[str]:
        """C lines setting ``_n`` (``return 0`` when there is nothing to do)."""
        size = self.operation.size
        return [f"_n = <Py_ssize_t>{section.integer(lambda: size)}"]

    def section_before(self, section: Section) -> list[str]:
        """C lines run just before the call (``return -1`` if growing records failed)."""
        return []

    def section_arguments(self) -> list[str]:
        """C arguments after ``_n`` (matching `parameters`)."""
        return []

    def section_after(self, section: Section) -> list[str]:
        """C lines run after the call (its result is ``_count``)."""
        return []


class ThresholdFrame(Frame):
    """Tests every element; writes the elements with an event, refractory ones stop."""

    def declarations(self) -> list[str]:
        lines = ["    cdef Py_ssize_t _count = 0"]
        if "t" in self.arrays:  # refractoriness: when the events happened
            lines.append(f"    cdef double _t = {self.pointer('t')}[0]")
        return lines

    def after(self) -> list[str]:
        events = self.pointer("eventspace")
        lines = [
            f"if {local('_cond')} != 0:",
            f"    {events}[_count] = <int32_t>_idx",
            "    _count += 1",
        ]
        if "t" in self.arrays:
            lines.append(f"    {self.pointer('not_refractory')}[_idx] = 0")
            lines.append(f"    {self.pointer('lastspike')}[_idx] = _t")
        return lines

    def end(self) -> list[str]:
        return [f"{self.pointer('eventspace')}[_n] = <int32_t>_count"]


class ResetFrame(Frame):
    """Runs for the elements with an event this step."""

    def element(self) -> str:
        return f"{self.pointer('eventspace')}[_i]"

    def section_count(self, section: Section) -> list[str]:
        return [f"_n = {_events(section)}", "if _n == 0:", "    return 0"]

    def count(self) -> list[str]:
        events = storage_expression(self.arrays["eventspace"])
        # As on numpy: no events, nothing to do (not even the scalar block).
        return [f"    _n = _int({events}[-1])", "    if _n == 0:", "        return"]


class SynapsesFrame(Frame):
    """Runs for the synapses given (whose events arrive), one after the other."""

    def parameters(self) -> list[str]:
        return ["size_t _address_elements"]

    def declarations(self) -> list[str]:
        return ["    cdef int32_t* _elements = <int32_t*>_address_elements"]

    def element(self) -> str:
        return "_elements[_i]"

    def signature(self) -> str:
        return "_idx"

    def count(self) -> list[str]:
        # As on numpy: no synapses, nothing to do (not even the scalar block).
        return [
            "    _idx = _as_int32(_idx)",
            "    _n = _len(_idx)",
            "    if _n == 0:",
            "        return",
        ]

    def arguments(self) -> list[str]:
        return ["_address(_idx)"]

    def section_count(self, section: Section) -> list[str]:
        return []  # the pathway's queue sets ``_n`` and ``_elements``

    def section_arguments(self) -> list[str]:
        return ["<size_t>_elements"]


class SpikeMonitorFrame(ResetFrame):
    """Counts the events of its elements and records them (element, time, variables)."""

    def __init__(self, operation: Operation, loop: Loop, arrays: dict[str, Array]) -> None:
        super().__init__(operation, loop, arrays)
        literals = operation.options["literals"]
        self.start, self.stop = literals["start"], literals["stop"]
        self.subgroup, self.record = literals["subgroup"], literals["record"]
        self.recorded = list(operation.options.get("recorded", ()))

    def records(self) -> list[str]:
        """Return the growable arrays appended to (none if the monitor records nothing)."""
        if not self.record:
            return []
        names = ["recorded_i", "recorded_t", *(name for _, name in self.recorded)]
        return [self.arrays[name].storage for name in names]

    def parameters(self) -> list[str]:
        return ["Py_ssize_t _old"]  # where the new records start

    def declarations(self) -> list[str]:
        return ["    cdef Py_ssize_t _count = 0", f"    cdef double _t = {self.pointer('t')}[0]"]

    def before(self) -> list[str]:
        lines = []
        if self.subgroup:
            lines += [f"if _idx < {self.start} or _idx >= {self.stop}:", "    continue"]
        lines.append(f"{self.pointer('count')}[_idx - {self.start}] += 1")
        return lines

    def after(self) -> list[str]:
        lines = []
        if self.record:
            at = "[_old + _count]"
            lines.append(f"{self.pointer('recorded_i')}{at} = <int32_t>(_idx - {self.start})")
            lines.append(f"{self.pointer('recorded_t')}{at} = _t")
            for value, name in self.recorded:
                stored = stored_value(local(value), self.arrays[name].dtype)
                lines.append(f"{self.pointer(name)}{at} = {stored}")
        lines.append("_count += 1")
        return lines

    def result(self) -> str:
        return "_count"

    def before_call(self) -> list[str]:
        records = self.records()
        if not records:
            return []
        # Room for every event before the loop writes them; trimmed to those recorded after.
        return [f"    _old = _len({records[0]})"] + [
            f"    {storage}.resize(_old + _n)" for storage in records
        ]

    def arguments(self) -> list[str]:
        return ["_old" if self.records() else "0"]

    def after_call(self) -> list[str]:
        return [f"    {storage}.resize(_old + _count)" for storage in self.records()]

    def section_before(self, section: Section) -> list[str]:
        if not self.records():
            return []
        return _room(section, self.records(), "_n")

    def section_arguments(self) -> list[str]:
        return ["_old" if self.records() else "0"]

    def section_after(self, section: Section) -> list[str]:
        if not self.records():
            return []
        return [f"{section.records(self.records()).length} = <size_t>(_old + _count)"]


class SummedVariableFrame(Frame):
    """Sums ``_synaptic_var`` over the synapses onto each target element (numpy's bincount).

    The target's elements start at 0 and each synapse adds its value in synapse order, as
    ``bincount`` does, so the sums round alike.
    """

    def __init__(self, operation: Operation, loop: Loop, arrays: dict[str, Array]) -> None:
        super().__init__(operation, loop, arrays)
        literals = operation.options["literals"]
        self.start, self.stop = literals["start"], literals["stop"]
        if arrays["target"].storage in {a.storage for a in loop.arrays.values()}:
            # numpy computes every value before writing the sums; zeroing first would not
            raise UnsupportedExpression("a summed variable reading its own target")

    @property
    def in_doubles(self) -> bool:
        """Whether the sums are made in a buffer of doubles (for a target not of doubles).

        numpy's bincount sums in double precision and converts each sum once (rounded to
        single precision, truncated to an integer); summing into the target itself would
        convert after every synapse.
        """
        return bool(np.dtype(self.arrays["target"].dtype) != np.float64)

    def declarations(self) -> list[str]:
        target = self.pointer("target")
        if self.in_doubles:
            size = self.stop - self.start
            return [
                "    cdef Py_ssize_t _k",
                f"    cdef double* _sums = <double*>calloc({max(size, 1)}, sizeof(double))",
                "    if _sums == NULL:",
                "        return -1",
            ]
        return [
            "    cdef Py_ssize_t _k",
            f"    for _k in range({self.start}, {self.stop}):",
            f"        {target}[_k] = 0",
        ]

    def after(self) -> list[str]:
        index, target = self.pointer("index"), self.pointer("target")
        if self.in_doubles:
            return [f"_sums[{index}[_idx] - {self.start}] += {local('_synaptic_var')}"]
        return [f"{target}[{index}[_idx]] += {local('_synaptic_var')}"]

    def end(self) -> list[str]:
        if not self.in_doubles:
            return []
        target = self.pointer("target")
        ctype = C_TYPES[np.dtype(self.arrays["target"].dtype)]
        return [
            f"for _k in range({self.stop - self.start}):",
            f"    {target}[{self.start} + _k] = <{ctype}>_sums[_k]",
            "free(_sums)",
        ]


class RateMonitorFrame(Frame):
    """Counts the events of its elements this step; records the time and the rate."""

    def __init__(self, operation: Operation, loop: Loop, arrays: dict[str, Array]) -> None:
        super().__init__(operation, loop, arrays)
        literals = operation.options["literals"]
        self.start, self.stop = literals["start"], literals["stop"]

    def parameters(self) -> list[str]:
        return ["Py_ssize_t _old"]  # the row to write

    def declarations(self) -> list[str]:
        return ["    cdef Py_ssize_t _count = 0", f"    cdef double _t = {self.pointer('t')}[0]"]

    def element(self) -> str:
        return f"{self.pointer('eventspace')}[_i]"

    def before(self) -> list[str]:
        return [f"if _idx >= {self.start} and _idx < {self.stop}:", "    _count += 1"]

    def end(self) -> list[str]:
        # numpy: events / (size * dt), the size an integer converted to a double
        size = self.stop - self.start
        return [
            f"{self.pointer('recorded_t')}[_old] = _t",
            f"{self.pointer('recorded_rate')}[_old] = "
            f"(<double>_count) / ((<double>{size}) * {self.pointer('dt')}[0])",
        ]

    def count(self) -> list[str]:
        events = storage_expression(self.arrays["eventspace"])
        return [f"    _n = _int({events}[-1])"]  # a step without events has a rate too

    def before_call(self) -> list[str]:
        times, rates = (self.arrays[key].storage for key in ("recorded_t", "recorded_rate"))
        return [
            f"    _old = _len({times})",
            f"    {times}.resize(_old + 1)",
            f"    {rates}.resize(_old + 1)",
        ]

    def arguments(self) -> list[str]:
        return ["_old"]

    def section_count(self, section: Section) -> list[str]:
        return [f"_n = {_events(section)}"]

    def _records(self) -> list[str]:
        return [self.arrays[key].storage for key in ("recorded_t", "recorded_rate")]

    def section_before(self, section: Section) -> list[str]:
        return _room(section, self._records(), "1")

    def section_arguments(self) -> list[str]:
        return ["_old"]

    def section_after(self, section: Section) -> list[str]:
        return [f"{section.records(self._records()).length} = <size_t>(_old + 1)"]


class StateMonitorFrame(Frame):
    """Records one row: the recorded variables of its elements, and the time."""

    def __init__(self, operation: Operation, loop: Loop, arrays: dict[str, Array]) -> None:
        super().__init__(operation, loop, arrays)
        self.recorded = list(operation.options.get("recorded", ()))

    def records(self) -> list[str]:
        """Return the growable arrays a row is added to (the times first)."""
        names = ["recorded_t", *(name for _, name in self.recorded)]
        return [self.arrays[name].storage for name in names]

    def parameters(self) -> list[str]:
        return ["Py_ssize_t _old"]  # the row to write

    def declarations(self) -> list[str]:
        return [f"    cdef double _t = {self.pointer('t')}[0]"]

    def element(self) -> str:
        return f"{self.pointer('indices')}[_i]"

    def after(self) -> list[str]:
        # a row of the two-dimensional records holds one value per element (``_n``)
        return [
            f"{self.pointer(name)}[_old * _n + _i] = "
            f"{stored_value(local(value), self.arrays[name].dtype)}"
            for value, name in self.recorded
        ]

    def end(self) -> list[str]:
        return [f"{self.pointer('recorded_t')}[_old] = _t"]

    def before_call(self) -> list[str]:
        records = self.records()
        return [f"    _old = _len({records[0]})"] + [
            f"    {storage}.resize(_old + 1)" for storage in records
        ]

    def arguments(self) -> list[str]:
        return ["_old"]

    def section_before(self, section: Section) -> list[str]:
        return _room(section, self.records(), "1")

    def section_arguments(self) -> list[str]:
        return ["_old"]

    def section_after(self, section: Section) -> list[str]:
        return [f"{section.records(self.records()).length} = <size_t>(_old + 1)"]


def _events(section: Section) -> str:
    """Return the C expression of the number of events this step (the eventspace's last entry)."""
    events = section.address("eventspace")
    return f"<Py_ssize_t>(<int32_t*>{events})[{section.length('eventspace')} - 1]"


def _room(section: Section, storages: list[str], new: str) -> list[str]:
    """C lines making room for ``new`` more records (``_old``: where they start)."""
    records = section.records(storages)
    return [
        f"_old = <Py_ssize_t>{records.length}",
        f"if _old + {new} > <Py_ssize_t>{records.capacity}:",
        f"    if _grow_to(_grow, {records.grow}, _old + {new}) != 0:",
        "        return -1",
    ]


#: The frame of each compiled template.
FRAMES: dict[str, type[Frame]] = {
    "stateupdate": Frame,
    "threshold": ThresholdFrame,
    "reset": ResetFrame,
    "synapses": SynapsesFrame,
    "spikemonitor": SpikeMonitorFrame,
    "ratemonitor": RateMonitorFrame,
    "statemonitor": StateMonitorFrame,
    "summed_variable": SummedVariableFrame,
}


def indented(lines: list[str], depth: str = _BODY) -> list[str]:
    """Return ``lines`` indented to ``depth``."""
    return [f"{depth}{line}" for line in lines]
