"""Event-driven equations: solved exactly, only when a synapse receives an event.

A synaptic variable flagged ``(event-driven)`` (an STDP trace, say) is not integrated at every
step. When a spike reaches the synapse, the exact solution advances it over the time since its
last update, ``t - lastupdate``, before the pathway's code runs; the synapse then records
``lastupdate = t``.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.equations import Equations
from engine.errors import UnsupportedEquationsError
from engine.parsing.sympytools import str_to_sympy, symbol
from engine.stateupdaters.base import finish
from engine.stateupdaters.exact import exact

__all__ = ["event_driven_update"]


def event_driven_update(
    equations: Equations, variables: Mapping[str, object] | None = None
) -> AbstractCode:
    """Return the code that brings event-driven variables up to the current time ``t``.

    The code uses ``lastupdate`` (the time of the synapse's previous update) and does not set
    it: the synaptic pathway appends ``lastupdate = t`` after its own code.

    Raises
    ------
    UnsupportedEquationsError
        If the equations cannot be solved exactly (then they must be clock-driven).
    """
    try:
        step = exact(equations, variables)
    except UnsupportedEquationsError as error:
        raise UnsupportedEquationsError(
            f"Cannot solve the differential equations as event-driven: {error.message}",
            hint="Flag them (clock-driven) instead.",
        ) from None
    elapsed = {symbol("dt"): symbol("t") - symbol("lastupdate")}
    statements = [
        make_statement(s.var, str_to_sympy(str(s.expr)).xreplace(elapsed), s.op)
        for s in step.statements
    ]
    # Hoist again: what was scalar over one step depends on each synapse's lastupdate now.
    return finish(statements, equations, variables)
