"""The log messages about models that Brian 2 users rely on (see `engine.utils.logger`).

Kept apart from the groups so that the wording, the level and the logger name of each are in
one place: Brian 2 logs the same situations at the same levels under similar names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.utils.logger import get_logger

__all__ = ["threshold_without_reset", "unflagged_synaptic_equations"]

_FLAGS = frozenset({"clock-driven", "event-driven"})


def threshold_without_reset(group_name: str) -> None:
    """Warn that a group has a threshold but neither a reset nor a refractory period."""
    get_logger("engine.groups.neurongroup").warn(
        f"The NeuronGroup '{group_name}' has a threshold, but neither a reset nor a "
        "refractory period: a neuron above threshold spikes at every time step. If that is "
        "what you want, pass reset='' to silence this warning.",
        "only_threshold",
    )


def unflagged_synaptic_equations(synapses_name: str, equations: Iterable[Any]) -> None:
    """Say (INFO) which differential equations of a Synapses have no driven flag.

    They are integrated at every time step, as if marked ``(clock-driven)``; an equation only
    needed at events is cheaper marked ``(event-driven)``.

    Parameters
    ----------
    synapses_name
        The Synapses object's name.
    equations
        Its single equations (objects with ``type``, ``varname`` and ``flags``).
    """
    for eq in equations:
        if eq.type == "differential equation" and not _FLAGS & set(eq.flags):
            get_logger("engine.synapses.synapses").info(
                f"The equation of '{eq.varname}' in '{synapses_name}' says neither "
                "(clock-driven) nor (event-driven): it is integrated at every time step "
                "(clock-driven). Mark it (event-driven) if its value is only needed when a "
                "spike arrives, or (clock-driven) to silence this message.",
                "clock_driven",
            )
