"""Numerical integration: from equations to the abstract code of one time step.

The methods of Brian 2 (``exact``/``linear``, ``euler``, ``rk2``, ``rk4``, ``heun``,
``milstein``, ``exponential_euler``), registered by name, and the automatic choice
(``exact``, then ``euler``, then ``heun``) for groups that do not name a method.
"""

from engine.stateupdaters.base import (
    DEFAULT_METHODS,
    StateUpdateMethod,
    UnsupportedEquationsException,
    choose_stateupdater,
    extract_method_options,
)
from engine.stateupdaters.event_driven import event_driven_update
from engine.stateupdaters.exact import LinearStateUpdater, exact, get_linear_system, linear
from engine.stateupdaters.explicit import (
    ExplicitStateUpdater,
    diagonal_noise,
    euler,
    heun,
    milstein,
    rk2,
    rk4,
)
from engine.stateupdaters.exponential_euler import (
    ExponentialEulerStateUpdater,
    exponential_euler,
    get_conditionally_linear_system,
)

for _name, _method in [
    ("linear", linear),
    ("exact", exact),
    ("euler", euler),
    ("rk2", rk2),
    ("rk4", rk4),
    ("milstein", milstein),
    ("heun", heun),
    ("exponential_euler", exponential_euler),
]:
    StateUpdateMethod.register(_name, _method)

__all__ = [
    "DEFAULT_METHODS",
    "ExplicitStateUpdater",
    "ExponentialEulerStateUpdater",
    "LinearStateUpdater",
    "StateUpdateMethod",
    "UnsupportedEquationsException",
    "choose_stateupdater",
    "diagonal_noise",
    "euler",
    "event_driven_update",
    "exact",
    "exponential_euler",
    "extract_method_options",
    "get_conditionally_linear_system",
    "get_linear_system",
    "heun",
    "linear",
    "milstein",
    "rk2",
    "rk4",
]
