"""The base of every object a network runs: its clock, its slot in the schedule, its life cycle.

A network calls ``before_run`` on each object (names are resolved, code is generated), then
``run`` once per time step of the object's clock, in the order given by the schedule (``when``),
then ``order``, then name; finally ``after_run``. Objects remember where the user created them,
so that errors can point at that line of the user's script.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from engine.core.clocks import Clock, defaultclock
from engine.core.frames import user_frame
from engine.core.names import Nameable
from engine.errors import ErrorKind, ModelError, SourceSpan
from engine.units import Quantity

__all__ = [
    "BrianObjectException",
    "EngineError",
    "EngineObject",
    "all_objects",
    "flatten",
    "in_current_scope",
    "new_scope",
]

# Every engine object alive, for the "magic" network that collects them (weak: deleting the
# last reference to an object removes it).
_instances: weakref.WeakSet[EngineObject] = weakref.WeakSet()


# Objects created before the latest `new_scope()` are ignored by the magic network.
_scope = 0


def all_objects() -> list[EngineObject]:
    """Every engine object that is still alive."""
    return list(_instances)


def new_scope() -> None:
    """Start a new scope: objects created before are no longer collected automatically."""
    global _scope
    _scope += 1


def in_current_scope(obj: EngineObject) -> bool:
    """Whether ``obj`` was created since the latest `new_scope`."""
    return obj._scope == _scope


class EngineError(ModelError):
    """An error raised by (or about) a specific engine object.

    ``str(error)`` names the object and, when known, the line of the user's script where it
    was created (as Brian 2's ``BrianObjectException`` does): ``Error in 'x' (created at
    file:line): message``. The attributes hold each part on its own.

    Parameters
    ----------
    message
        What is wrong (without the object).
    obj
        The object at fault, if any.
    hint
        What to do about it.
    argument, variable, kind, span, text
        See `engine.errors.ModelError`. ``span`` (in ``text``, or in the text of
        ``argument``) is where the problem is defined, such as the equation of a variable
        that became NaN; ``str(error)`` does not repeat it.

    original_exception
        The error this one reports about the object, if any: by default the exception being
        handled where this error is created (``except ... as error: raise obj.fail(...)``).

    Attributes
    ----------
    object_name
        The name of the object (None without one).
    creation_site
        Where the user's code created it (``file:line``), or None.
    original_exception
        The underlying error (such as the ``NotImplementedError`` of ``rand() - rand()``), or
        None: the error Brian 2 gives as the cause (``__cause__``) of its
        ``BrianObjectException``.

    Notes
    -----
    ``BrianObjectException`` is this class under Brian 2's name: ``except
    BrianObjectException`` in a Brian 2 script catches the engine's errors about objects.
    """

    def __init__(
        self,
        message: str,
        obj: EngineObject | None = None,
        hint: str | None = None,
        *,
        argument: str | None = None,
        variable: str | None = None,
        kind: ErrorKind = ErrorKind.MODEL,
        span: SourceSpan | None = None,
        text: str | None = None,
        original_exception: BaseException | None = None,
    ) -> None:
        if original_exception is None:
            original_exception = sys.exc_info()[1]
        self.original_exception = original_exception
        self.object_name: str | None = obj.name if obj is not None else None
        self.creation_site: str | None = (obj.creation_site or None) if obj is not None else None
        super().__init__(message, span, text, hint, argument=argument, variable=variable, kind=kind)

    def __str__(self) -> str:
        where = ""
        if self.object_name is not None:
            where = f"Error in '{self.object_name}'"
            if self.creation_site:
                where += f" (created at {self.creation_site})"
            where += ": "
        return where + self.message + self._hint_sentence()


#: Brian 2's name of `EngineError`: the error about an object (its name and creation site).
BrianObjectException = EngineError


def _creation_site() -> str:
    """Where the user's code created the object (``file:line``)."""
    frame = user_frame()
    try:
        return f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else ""
    finally:
        del frame


class EngineObject(Nameable):
    """An object that a network runs (Brian 2's ``BrianObject``).

    Parameters
    ----------
    dt, clock
        The object's time step, or its clock (at most one of them); the default clock otherwise.
    when
        The slot of the schedule in which it runs (``"start"``, ``"groups"``, ...).
    order
        Its position among objects of the same slot (lower runs first).
    name
        Its name, or a pattern ending in ``*``.
    """

    #: Whether a network's magic ``collect`` adds this object (contained objects are added by
    #: their container instead).
    add_to_magic_network = True
    #: Whether creating this object after a run starts a new simulation for the magic network
    #: (monitors do not: they can be added to a running simulation).
    invalidates_magic_network = True
    #: For an object that runs the text of an argument of the object owning it (the
    #: thresholder of a group runs its ``threshold``), that argument's name: the errors it
    #: raises are about that text (see `engine.errors.errors_in`).
    argument: str | None = None

    def __init__(
        self,
        dt: Quantity | None = None,
        clock: Clock | None = None,
        when: str = "start",
        order: int = 0,
        name: str = "engineobject*",
    ) -> None:
        if dt is not None and clock is not None:
            raise ValueError("Give either dt or clock, not both")
        super().__init__(name)
        if clock is None:
            clock = Clock(dt=dt) if dt is not None else defaultclock
        self._clock = clock
        self.when = when
        self.order = order
        self._active = True
        self.contained_objects: list[EngineObject] = []
        #: The id of the network that last ran this object (None if never run).
        self._network: int | None = None
        self.creation_site = _creation_site()
        #: The scope in which the object was created (see `engine.core.magic.start_scope`).
        self._scope = _scope
        _instances.add(self)

    def _join_network(self, network_id: int) -> None:
        """Remember that the network ``network_id`` runs this object (called by the network)."""
        self._network = network_id

    @property
    def clock(self) -> Clock:
        """The clock that decides when the object runs."""
        return self._clock

    @property
    def active(self) -> bool:
        """Whether a network runs this object (prepares it and runs its steps).

        Setting it sets the flag of every contained object too (a group's thresholder, reset,
        state updater, ``run_regularly`` code; a synapses' pathways), as in Brian 2: an inactive
        group neither integrates nor spikes. A contained object can then be switched on or off
        on its own. The flag is read when a run starts, so it may change between runs.
        """
        return self._active

    @active.setter
    def active(self, value: Any) -> None:
        self._active = bool(value)
        for obj in self.contained_objects:
            obj.active = self._active

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Prepare for a run: resolve names, check the model, build code.

        The network calls this for every object, contained objects included.
        """

    def run(self) -> None:
        """Do this object's work for one time step (nothing by default)."""

    def step_function(self) -> Any:
        """Return the callable a network calls each step (after `before_run`); `run` by default."""
        return self.run

    def step_parts(self) -> dict[str, Any] | None:
        """Describe the object's step for a compiled schedule (after `before_run`).

        Returns ``{}`` if the object does nothing each step, ``{"code": code_object}`` if its
        step is one call of that code object (with ``"queue"`` and ``"events"`` for a
        synaptic pathway: its spike queue and the source's events), or None if only Python
        can run its step (the network then runs step by step).
        """
        if (
            type(self).run is EngineObject.run
            and type(self).step_function is EngineObject.step_function
        ):
            return {}
        return None

    def after_run(self) -> None:
        """Clean up after a run (the network calls it for every object)."""

    def fail(
        self,
        message: str,
        hint: str | None = None,
        *,
        argument: str | None = None,
        variable: str | None = None,
        kind: ErrorKind = ErrorKind.MODEL,
        span: SourceSpan | None = None,
        text: str | None = None,
    ) -> EngineError:
        """Build an error about this object (to be raised by the caller).

        ``argument`` defaults to the object's own `argument`; the others are those of
        `EngineError`.
        """
        return EngineError(
            message,
            self,
            hint,
            argument=argument or self.argument,
            variable=variable,
            kind=kind,
            span=span,
            text=text,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


#: Brian 2's name of `EngineObject`: the base of every object a network runs.
BrianObject = EngineObject


def flatten(objects: Iterable[EngineObject]) -> list[EngineObject]:
    """Return the objects and, recursively, all the objects they contain, each once.

    An object given both on its own and inside its container (``Network(G, R)`` with
    ``R = G.run_regularly(...)``, or a script that keeps ``R`` where the magic `run` sees it)
    is one object of the network, listed where it is first met.
    """
    result: dict[int, EngineObject] = {}

    def visit(obj: EngineObject) -> None:
        if id(obj) not in result:
            result[id(obj)] = obj
            for contained in obj.contained_objects:
                visit(contained)

    for obj in objects:
        visit(obj)
    return list(result.values())
