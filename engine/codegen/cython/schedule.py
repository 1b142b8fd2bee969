"""A network's whole schedule in one compiled loop over many time steps.

On the cython target, a network whose objects all run compiled code runs its steps in C: one
call of the module's ``_run`` simulates a chunk of steps — at each, the objects of the clocks
due (those at the earliest time, as `engine.core.network.Network` chooses them) in schedule
order (scalar block, loop over elements, spike queues, records), then those clocks advance —
without the GIL, until the chunk's steps are done or its wall-time budget is spent. The network
returns to Python between chunks only, for reports, stop requests and state checks.

Everything the compiled steps read that Python owns is in one table of integers (addresses of
arrays, sizes, lengths of records, queue positions) and one of doubles (the models'
constants), filled before each chunk: the code itself has no object names and no values, so
another network of the same models, or a changed parameter, uses the same compiled module.
Records and queue buckets grow from C through a call back into Python (with the GIL), rarely:
they double each time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import rng
from engine.codegen.cython import functions
from engine.codegen.cython.generator import C_TYPES, Loop, local
from engine.codegen.cython.queue import PUSH_FUNCTION
from engine.codegen.cython.renderer import UnsupportedExpression

if TYPE_CHECKING:
    from engine.codegen.cython import CythonCodeObject

__all__ = ["CompiledSchedule", "Records", "Section", "Table"]

# C helpers of the schedule, after the module's kernels.
_HELPERS = (
    """
from posix.time cimport clock_gettime, timespec, CLOCK_MONOTONIC
from cpython.pycapsule cimport PyCapsule_GetPointer


cdef extern from "numpy/random/distributions.h":
    # numpy's own samplers, as its Generator.random and .standard_normal call them
    ctypedef struct bitgen_t:
        pass
"""
    + functions.sampler_declarations()
    + """

def _bit_generator(object capsule):
    # The address of a numpy bit generator's state, from its capsule.
    return <size_t>PyCapsule_GetPointer(capsule, "BitGenerator")
"""
    + PUSH_FUNCTION
    + """

cdef int _grow_to(void* grow, Py_ssize_t what, Py_ssize_t needed) noexcept nogil:
    # Python grows records or buckets (it never raises: a failure is kept for after the chunk)
    cdef bint grown
    with gil:
        grown = (<object>grow)(what, needed)
    return 0 if grown else -1


cdef inline double _seconds() noexcept nogil:
    cdef timespec now
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec + 1e-9 * now.tv_nsec
"""
)


class Table:
    """The integers and doubles compiled steps read, each filled by a getter before a chunk."""

    def __init__(self) -> None:
        self.integers: list[Callable[[], int]] = []
        self.doubles: list[Callable[[], float]] = []
        self.growers: list[Callable[[int], None]] = []

    def integer(self, getter: Callable[[], int]) -> int:
        """Add an integer entry; return its position."""
        self.integers.append(getter)
        return len(self.integers) - 1

    def double(self, getter: Callable[[], float]) -> int:
        """Add a double entry; return its position."""
        self.doubles.append(getter)
        return len(self.doubles) - 1

    def grower(self, grow: Callable[[int], None]) -> int:
        """Add a function growing something to a size; return its number (``_grow_to``)."""
        self.growers.append(grow)
        return len(self.growers) - 1


class Records:
    """Growable arrays a compiled step appends to together (a monitor's records).

    Attributes
    ----------
    length, capacity
        C expressions of the table entries holding the records' length (updated by C) and
        how many fit before they must grow.
    grow
        The number of their grower (see `Table.grower`).
    """

    def __init__(self, table: Table, arrays: Callable[[], list[Any]], addresses: list[int]) -> None:
        self._arrays = arrays
        self._addresses = addresses
        self._length = table.integer(lambda: len(arrays()[0]))
        self._capacity = table.integer(lambda: min(a.capacity for a in arrays()))
        self.length, self.capacity = f"_A[{self._length}]", f"_A[{self._capacity}]"
        self.grow = table.grower(self._grow)
        self._values: np.ndarray | None = None

    def attach(self, values: np.ndarray) -> None:
        """Use ``values`` as the table (the schedule's integers)."""
        self._values = values

    def _grow(self, needed: int) -> None:
        values = self._values
        assert values is not None
        length = int(values[self._length])
        arrays = self._arrays()
        for array, slot in zip(arrays, self._addresses, strict=True):
            array.resize(length)  # the records C wrote, kept when the array moves
            array.resize(needed)
            values[slot] = _address(array)
        values[self._capacity] = min(a.capacity for a in arrays)

    def finish(self) -> None:
        """Give the arrays the length C left in the table."""
        assert self._values is not None
        length = int(self._values[self._length])
        for array in self._arrays():
            array.resize(length)


class Section:
    """What one compiled operation's step reads from the table.

    Parameters
    ----------
    table
        The schedule's table.
    code
        The operation's compiled code.
    """

    def __init__(self, table: Table, code: CythonCodeObject) -> None:
        self.table = table
        self.code = code
        self.records_used: list[Records] = []
        self._records: dict[tuple[str, ...], Records] = {}
        #: The table entry of each array argument of the loop.
        self.slots = {
            argument: table.integer(_array_getter(code, storage))
            for argument, storage in code.storages.items()
        }

    def integer(self, getter: Callable[[], int]) -> str:
        """Return the C expression of a new integer entry."""
        return f"_A[{self.table.integer(getter)}]"

    def address(self, key: str) -> str:
        """Return the C expression of the address of the template's array ``key``."""
        return f"_A[{self.slots[self.code.frame.pointer(key)]}]"

    def length(self, key: str) -> str:
        """Return the C expression of the length of the template's array ``key``."""
        storage = self.code.frame.arrays[key].storage
        code = self.code
        return self.integer(lambda: len(code.namespace[storage]))

    def records(self, storages: list[str]) -> Records:
        """Return the records of the growable arrays ``storages`` (made on first use)."""
        key = tuple(storages)
        if key not in self._records:
            code = self.code
            slots = [self.slots[code.loop.pointer(storage)] for storage in storages]
            records = Records(self.table, lambda: [code.namespace[s] for s in storages], slots)
            self._records[key] = records
            self.records_used.append(records)
        return self._records[key]


class CompiledSchedule:
    """The steps of one network, compiled into a loop over chunks of steps.

    Parameters
    ----------
    parts
        What each object does per step, in schedule order (see
        `engine.core.base.EngineObject.step_parts`), each with the position of its clock in
        ``clocks`` under ``"clock"``.
    clocks
        The network's clocks, in the order `engine.core.network.Network` compares them.

    Raises
    ------
    UnsupportedExpression
        If some step cannot be compiled (the network then runs step by step).
    """

    def __init__(self, parts: list[dict[str, Any]], clocks: list[Any]) -> None:
        from engine.codegen.cython import CythonCodeObject

        self.table = Table()
        self.records: list[Records] = []
        self._queues: list[tuple[Any, int]] = []  # each queue and its entry of `current`
        # Per clock: the addresses of its step, time and dt, then the step where the run ends.
        clock_slots = []
        for clock in clocks:
            timestep, time, dt = (
                self.table.integer(_address_getter(entry))
                for entry in (clock.timestep, clock.t_array, clock.dt_array)
            )
            clock_slots.append((timestep, time, dt, self.table.integer(_end_step_getter(clock))))
        steps = []
        for number, part in enumerate(parts):
            code = part["code"]
            if not isinstance(code, CythonCodeObject):
                raise UnsupportedExpression(f"'{code.operation.owner}' runs on numpy")
            steps.append(self._step(number, code, part.get("queue"), part.get("events")))
        clock_of_step = [part["clock"] for part in parts]
        epsilon = clocks[0].epsilon_dt
        self.source = _HELPERS + "".join(steps) + _run_function(clock_of_step, clock_slots, epsilon)
        self._integers = np.zeros(len(self.table.integers), dtype=np.uint64)
        self._doubles = np.zeros(max(len(self.table.doubles), 1), dtype=np.float64)
        for records in self.records:
            records.attach(self._integers)
        self._function: Any = None
        self._module: Any = None
        self._error: BaseException | None = None

    # -- building ------------------------------------------------------------------------------

    def _step(self, number: int, code: CythonCodeObject, queue: Any, events: Any) -> str:
        section = Section(self.table, code)
        frame, loop, operation = code.frame, code.loop, code.operation
        scalar = Loop(operation.names, prefix="_s", scalar_code=True)
        scalar.add(operation.code.scalar)
        scalar_lines = scalar.finish()
        if scalar.draws:
            raise UnsupportedExpression("random numbers in a compiled schedule")
        assigned = {s.var for s in operation.code.scalar}
        names = {**scalar.temporaries, **scalar.arguments, **loop.arguments}
        lines = [
            "",
            "",
            f"cdef int _step{number}(size_t* _A, double* _D, void* _grow) noexcept nogil:",
            f"    # {operation.template}",
            "    cdef Py_ssize_t _n, _old, _count, _current, _needed, _fired",
            "    cdef int32_t* _elements",
            "    cdef int32_t* _events",
            "    cdef int64_t* _counts",
        ]
        for storage, pointer in scalar.pointers.items():
            array = next(a for a in scalar.arrays.values() if a.storage == storage)
            slot = self.table.integer(_array_getter(code, storage))
            ctype = C_TYPES[array.dtype]
            lines.append(f"    cdef {ctype}* {pointer} = <{ctype}*>_A[{slot}]")
        for name in names:
            if name in assigned or name in scalar.temporaries:
                lines.append(f"    cdef double {local(name)}")
            else:  # a constant of the model: data, not code
                slot = self.table.double(_constant_getter(code, name))
                lines.append(f"    cdef double {local(name)} = _D[{slot}]")
        body: list[str] = []
        if queue is not None:
            body += self._queue_lines(queue, events, code)
        body += frame.section_count(section)
        body += scalar_lines
        draws = []
        for function in loop.draws:  # as the numpy target draws: call site by call site
            scratch = _Scratch(max(operation.size, 1))
            draws.append(f"_A[{self.table.integer(scratch.address)}]")
            state = f"<bitgen_t*>{self._bit_generator()}"
            body.append(f"{functions.sampler(function)}({state}, _n, <double*>{draws[-1]})")
        body += frame.section_before(section)
        arguments = ["_n", *frame.section_arguments()]
        arguments += [f"_A[{section.slots[argument]}]" for argument in code.parameters]
        arguments += [local(name) for name in loop.arguments]
        arguments += draws
        body.append(f"_count = {code.kernel_name}_c({', '.join(arguments)})")
        body += frame.section_after(section)
        body.append("return 0")
        self.records += section.records_used
        return "\n".join(lines + [f"    {line}" for line in body]) + "\n"

    def _queue_lines(self, queue: Any, events: np.ndarray, code: CythonCodeObject) -> list[str]:
        """C lines pushing this step's events into ``queue`` and popping the arriving ones."""
        table = self.table

        def entry(key: str, address: bool = False) -> str:
            if address:
                return f"_A[{table.integer(lambda: queue.layout()[key].ctypes.data)}]"
            return f"_A[{table.integer(lambda: int(queue.layout()[key]))}]"

        scratch: dict[str, np.ndarray] = {}

        def scratch_address() -> int:
            steps = queue.layout()["steps"]
            if len(scratch.get("added", ())) < steps:
                scratch["added"] = np.zeros(steps, dtype=np.int64)
            return scratch["added"].ctypes.data

        buckets_slot = table.integer(lambda: queue.layout()["buckets"].ctypes.data)
        width_slot = table.integer(lambda: queue.layout()["width"])
        current_slot = table.integer(lambda: queue.layout()["current"])
        self._queues.append((queue, current_slot))

        def widen(needed: int) -> None:
            queue.reserve(needed)
            self._integers[buckets_slot] = queue.layout()["buckets"].ctypes.data
            self._integers[width_slot] = queue.layout()["width"]

        grow = table.grower(widen)
        size = table.integer(lambda: len(events) - 1)
        events_slot = table.integer(lambda: events.ctypes.data)
        push = (
            f"_push(_events, _fired, <int64_t>{entry('start')}, <int64_t>{entry('stop')}, "
            f"<int64_t*>{entry('offsets', True)}, <int32_t*>{entry('order', True)}, "
            f"<int64_t*>{entry('delays', True)}, {entry('homogeneous')} != 0, "
            f"<int64_t>{entry('delay')}, <int64_t>_A[{current_slot}], "
            f"<int64_t>{entry('steps')}, <int32_t*>_A[{buckets_slot}], "
            f"<Py_ssize_t>_A[{width_slot}], <int64_t*>{entry('counts', True)}, "
            f"<int64_t*>_A[{table.integer(scratch_address)}])"
        )
        counts = entry("counts", True)
        return [
            f"_events = <int32_t*>_A[{events_slot}]",
            f"_fired = <Py_ssize_t>_events[_A[{size}]]",
            "if _fired:",
            f"    _needed = {push}",
            "    if _needed:",
            f"        if _grow_to(_grow, {grow}, _needed) != 0:",
            "            return -1",
            f"        _needed = {push}",
            f"_counts = <int64_t*>{counts}",
            f"_current = <Py_ssize_t>_A[{current_slot}]",
            "_n = <Py_ssize_t>_counts[_current]",
            f"_elements = (<int32_t*>_A[{buckets_slot}]) + _current * <Py_ssize_t>_A[{width_slot}]",
            "_counts[_current] = 0",
            f"_A[{current_slot}] = <size_t>((_current + 1) % <Py_ssize_t>{entry('steps')})",
            "if _n == 0:",
            "    return 0",
        ]

    def _bit_generator(self) -> str:
        """Return the C expression of the address of the engine's bit generator."""

        def address() -> int:
            pointer: int = self._module._bit_generator(rng.generator().bit_generator.capsule)
            return pointer

        return f"_A[{self.table.integer(address)}]"

    def bind(self, module: Any) -> None:
        """Use the compiled ``module`` (built with this schedule's source)."""
        self._module = module
        self._function = module._run

    @property
    def available(self) -> bool:
        """Whether the schedule was compiled (False if building the module failed)."""
        return self._function is not None

    # -- running -------------------------------------------------------------------------------

    def run(self, steps: int, seconds: float) -> int:
        """Simulate up to ``steps`` steps, for about ``seconds`` of wall time at most.

        At least one step is simulated. Returns the number of steps done.
        """
        integers, doubles = self._integers, self._doubles
        for position, read_integer in enumerate(self.table.integers):
            integers[position] = read_integer()
        for position, read_double in enumerate(self.table.doubles):
            doubles[position] = read_double()
        self._error = None
        try:
            done: int = self._function(
                integers.ctypes.data, doubles.ctypes.data, steps, seconds, self._grow
            )
        finally:
            for records in self.records:
                records.finish()
            for queue, slot in self._queues:
                queue.move_to(int(integers[slot]))
        if done < 0:
            assert self._error is not None
            raise self._error
        return done

    def _grow(self, what: int, needed: int) -> bool:
        try:
            self.table.growers[what](needed)
        except BaseException as error:  # re-raised by `run`, after the chunk
            self._error = error
            return False
        return True


def _run_function(
    clock_of_step: list[int], clock_slots: list[tuple[int, int, int, int]], epsilon: float
) -> str:
    """Return the source of ``_run``: the loop over steps, as the network's own loop does it."""
    declarations, due, advance = [], [], []
    for k, (timestep, time, dt, end) in enumerate(clock_slots):
        declarations += [
            f"    cdef int64_t* _ts{k} = <int64_t*>_A[{timestep}]",
            f"    cdef double* _t{k} = <double*>_A[{time}]",
            f"    cdef double* _dt{k} = <double*>_A[{dt}]",
            f"    cdef int64_t _end{k} = <int64_t>_A[{end}]",
            f"    cdef bint _on{k} = 0",
        ]
        advance += [
            f"            if _on{k}:",
            f"                _ts{k}[0] += 1",
            f"                _t{k}[0] = (<double>_ts{k}[0]) * _dt{k}[0]",
        ]
    if len(clock_slots) == 1:
        due = [
            "            _on0 = _ts0[0] < _end0",
            "            if not _on0:",
            "                break",
        ]
    else:
        # The clocks due are those still running at the earliest time, or within
        # Clock.epsilon_dt of a step of it (Network._next_clocks).
        due.append("            _found = 0")
        for k in range(len(clock_slots)):
            due += [
                f"            if _ts{k}[0] < _end{k} and (not _found or _t{k}[0] < _earliest):",
                f"                _earliest = _t{k}[0]",
                f"                _edt = _dt{k}[0]",
                "                _found = 1",
            ]
        due += ["            if not _found:", "                break"]
        for k in range(len(clock_slots)):
            due += [
                f"            _small = _edt if _edt < _dt{k}[0] else _dt{k}[0]",
                f"            _on{k} = _ts{k}[0] < _end{k} and (_t{k}[0] == _earliest or "
                f"fabs(_t{k}[0] - _earliest) / _small < {epsilon!r})",
            ]
    calls = []
    for number, k in enumerate(clock_of_step):
        calls += [
            f"            if _on{k} and _step{number}(_A, _D, _g) != 0:",
            "                _failed = 1",
            "                break",
        ]
    return (
        """

def _run(size_t _address_table, size_t _address_values, Py_ssize_t _steps, double _budget,
         object _grow):
    # Simulate up to _steps steps (at least one), until _budget seconds of wall time passed.
    cdef size_t* _A = <size_t*>_address_table
    cdef double* _D = <double*>_address_values
    cdef void* _g = <void*>_grow
    cdef Py_ssize_t _done = 0
    cdef int _failed = 0
    cdef bint _found = 0
    cdef double _deadline, _earliest = 0, _edt = 0, _small = 0
"""
        + "\n".join(declarations)
        + """
    with nogil:
        _deadline = _seconds() + _budget
        while _done < _steps:
"""
        + "\n".join(due + calls + advance)
        + """
            _done += 1
            if _seconds() > _deadline:
                break
    return -1 if _failed else _done
"""
    )


class _Scratch:
    """Room for one value per element, drawn for one call site of a random function."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: np.ndarray | None = None

    def address(self) -> int:
        if self._values is None:
            self._values = np.zeros(self.size)
        return int(self._values.ctypes.data)


def _address(array: Any) -> int:
    """Return the address of the data of a numpy array or of a growable array's buffer."""
    if isinstance(array, np.ndarray):
        return int(array.ctypes.data)
    return int(array.data.ctypes.data)  # a growable array: its used part starts its buffer


def _array_getter(code: CythonCodeObject, storage: str) -> Callable[[], int]:
    return lambda: _address(code.namespace[storage])


def _address_getter(array: np.ndarray) -> Callable[[], int]:
    return lambda: _address(array)


def _end_step_getter(clock: Any) -> Callable[[], int]:
    return lambda: int(clock.end_step)


def _constant_getter(code: CythonCodeObject, name: str) -> Callable[[], float]:
    return lambda: float(code.namespace[name])
