"""network_operation: arbitrary Python code run at every step of a simulation, for scripts.

A `NetworkOperation` calls a Python function at every step of its clock (in the ``start``
slot by default), with the current time if the function takes one argument. The magic ``run()``
collects it like any other object the script can see; an explicit `Network` must be given it.
It is Python: it runs between the steps of generated code, so a model that needs one cannot be
saved as a project (only as a script).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from engine.core.base import EngineError, EngineObject
from engine.core.clocks import Clock
from engine.errors import ErrorKind
from engine.units import Quantity

__all__ = ["NetworkOperation", "network_operation"]


def _takes_time(function: Callable[..., Any]) -> bool:
    """Whether ``function`` is to be called with the time (one argument) or without (none).

    Raises
    ------
    TypeError
        For a function with other arguments, or an unbound method (first argument ``self``).
    """
    code = getattr(function, "__code__", None)
    if code is None:
        # A callable object without inspectable code (a builtin, a class): called as it is.
        return False
    name = getattr(function, "__name__", repr(function))
    count = code.co_argcount
    if inspect.ismethod(function):
        count -= 1  # 'self' is bound
        if count not in (0, 1):
            raise TypeError(
                f"The method '{name}' cannot be a network operation: it must take only 'self', "
                f"or 'self' and 't', but takes {count + 1} arguments"
            )
        return count == 1
    if count >= 1 and code.co_varnames[0] == "self":
        raise TypeError(
            f"The first argument of '{name}' is 'self': it looks like a method, and "
            "@network_operation cannot be used on the methods of a class. Create "
            "NetworkOperation(self.method) in __init__ instead."
        )
    if count not in (0, 1):
        raise TypeError(
            f"The function '{name}' cannot be a network operation: it must take no argument, or "
            f"one (the time t), but takes {count}"
        )
    return count == 1


class NetworkOperation(EngineObject):
    """Calls a Python function at every step of its clock (Brian 2's ``NetworkOperation``).

    Parameters
    ----------
    function
        A function of no argument, or of one: the current time (a quantity). Bound methods
        (``self.update``) work too.
    dt, clock
        How often to call it (default: every step of the default clock).
    when, order
        Where in a step (default: the ``start`` slot, before anything else of the step).
    name
        The operation's name.

    Raises
    ------
    TypeError
        If the function takes other arguments.

    Examples
    --------
    >>> from engine import NetworkOperation, Network, ms  # doctest: +SKIP
    >>> op = NetworkOperation(lambda t: print(t), dt=1*ms)  # doctest: +SKIP
    """

    #: The decorated function's name, when made by `network_operation`.
    __name__: str

    def __init__(
        self,
        function: Callable[..., Any],
        dt: Quantity | None = None,
        clock: Clock | None = None,
        when: str = "start",
        order: int = 0,
        name: str = "networkoperation*",
    ) -> None:
        if not callable(function):
            raise TypeError(f"A network operation needs a function, not {function!r}")
        takes_time = _takes_time(function)
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name)
        #: The function called at every step.
        self.function = function
        self._takes_time = takes_time

    def run(self) -> None:
        """Call the function (with the clock's time, if it takes an argument)."""
        try:
            if self._takes_time:
                self.function(self.clock.t)
            else:
                self.function()
        except EngineError:
            raise
        except Exception as error:
            # Several operations share this method's code, so the network could not tell
            # which one failed: name it here.
            raise self.fail(
                f"{type(error).__name__} at t = {self.clock.t}: {error}", kind=ErrorKind.STEP
            ) from error

    def __repr__(self) -> str:
        name = getattr(self.function, "__name__", repr(self.function))
        return f"<NetworkOperation {self.name!r} calling {name}>"


def network_operation(*args: Any, **kwds: Any) -> Any:
    """Make a function a `NetworkOperation`: ``@network_operation`` or with arguments.

    Used bare (``@network_operation``) or with keyword arguments of `NetworkOperation`
    (``@network_operation(dt=1*ms, when='end')``); the decorated name then refers to the
    operation, which ``run()`` collects.

    Raises
    ------
    TypeError
        For positional arguments other than the function, or a function with unsuitable
        arguments.

    Examples
    --------
    >>> from engine import network_operation, ms  # doctest: +SKIP
    >>> @network_operation(dt=50*ms)  # doctest: +SKIP
    ... def update_input(t):
    ...     print(t)
    """
    if len(args) == 1 and not kwds and callable(args[0]):
        return _operation_of(args[0], {})
    if args:
        raise TypeError(
            "network_operation takes keyword arguments only (dt=, clock=, when=, order=, "
            "name=), e.g. @network_operation(dt=1*ms)"
        )

    def decorate(function: Callable[..., Any]) -> NetworkOperation:
        return _operation_of(function, kwds)

    return decorate


def _operation_of(function: Callable[..., Any], options: dict[str, Any]) -> NetworkOperation:
    operation = NetworkOperation(function, **options)
    # The decorated name refers to the operation: keep the function's name and documentation.
    operation.__name__ = getattr(function, "__name__", "network_operation")
    operation.__doc__ = getattr(function, "__doc__", None)
    return operation
