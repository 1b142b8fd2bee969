"""The error raised when physical dimensions do not fit together."""

from __future__ import annotations

from typing import Any

from engine.units.dimensions import Dimension

__all__ = ["DimensionMismatchError"]


class DimensionMismatchError(Exception):
    """An operation on values whose physical dimensions do not fit together.

    For example ``3*mV + 2*nA`` raises it. The message names the operation and the values,
    then the units involved: ``Cannot calculate 5. A add 10. V, the units do not match (units
    are A and V).``

    Parameters
    ----------
    description
        What went wrong, in the user's terms.
    *dims
        The dimensions of the values involved (any number, usually one or two); they are kept
        in `dims` and their units are appended to the message.

    Attributes
    ----------
    desc : str
        The description, without the units.
    dims : tuple of Dimension
        The dimensions involved.
    """

    def __init__(self, description: str, *dims: Dimension) -> None:
        # Passing all arguments to Exception keeps the error picklable.
        super().__init__(description, *dims)
        self.desc = description
        self.dims = dims

    def __repr__(self) -> str:
        dims = ", ".join(repr(dim) for dim in self.dims)
        return f"{type(self).__name__}({self.desc!r}, {dims})"

    def __str__(self) -> str:
        # Imported here: the unit registry is built on top of this module.
        from engine.units.unit import get_unit_for_display

        units = [get_unit_for_display(dim) for dim in self.dims]
        if not units:
            return self.desc
        if len(units) == 1:
            return f"{self.desc} (unit is {units[0]})."
        if len(units) == 2:
            return f"{self.desc} (units are {units[0]} and {units[1]})."
        return f"{self.desc} (units are {' '.join(f'({unit})' for unit in units)})."

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.desc, *self.dims))
