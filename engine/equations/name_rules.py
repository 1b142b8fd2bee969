"""Rules on the names and flags of a model that NeuronGroup and Synapses share, as Brian 2's.

* ``x_pre``/``x_post`` are how synapses refer to the variables of their pre- and postsynaptic
  neurons, so no model may declare a variable with such a name (a summed variable of a
  Synapses model excepted: ``I_post = ... : amp (summed)`` names its target).
* A ``(shared)`` subexpression has one value for the whole group, so it cannot use a variable
  with a value per element.
"""

from __future__ import annotations

from typing import Any

from engine.equations.equations import Equations
from engine.equations.single import SUBEXPRESSION
from engine.errors import ModelError, errors_in

__all__ = ["SharedSubexpressionError", "check_shared_subexpressions", "check_suffixed_names"]


class SharedSubexpressionError(ModelError, SyntaxError):
    """A shared subexpression that refers to a variable with one value per element.

    A `ModelError` (so the application marks it in the model) that is also the SyntaxError
    Brian 2 raises for it.
    """


@errors_in("model")
def check_suffixed_names(model: Equations, *, summed_allowed: bool = False) -> None:
    """Refuse variables named ``*_pre`` or ``*_post`` (a ValueError, as in Brian 2).

    Raises
    ------
    ModelError
        Naming the variable and a name it could have instead.
    """
    for eq in model.values():
        suffixed = eq.varname.endswith("_pre") or eq.varname.endswith("_post")
        if suffixed and not (summed_allowed and "summed" in eq.flags):
            raise ModelError(
                f"'{eq.varname}' cannot be used as a variable name: the '_pre' and '_post' "
                "suffixes refer to the variables of the pre- and postsynaptic neurons in "
                "Synapses; rename it (for example to "
                f"'{eq.varname.replace('_pre', '_presyn').replace('_post', '_postsyn')}')",
                variable=eq.varname,
            )


@errors_in("model")
def check_shared_subexpressions(model: Equations, variables: Any) -> None:
    """Refuse a ``(shared)`` subexpression of a non-shared variable.

    Raises
    ------
    SharedSubexpressionError
        Naming the subexpression and the first such variable it uses.
    """
    for eq in model.values():
        if eq.type != SUBEXPRESSION or "shared" not in eq.flags:
            continue
        for name in sorted(eq.identifiers):
            variable = variables.get(name)
            if variable is not None and not variable.scalar:
                raise SharedSubexpressionError(
                    f"The shared subexpression '{eq.varname}' refers to the non-shared variable "
                    f"'{name}', which has a value per element; remove the (shared) flag of "
                    f"'{eq.varname}', or make '{name}' shared",
                    variable=eq.varname,
                )
