"""Variables: what a group's state consists of, and how code reaches each value.

Every name a group's code can use is a `Variable` — an array of values (one per element, or one
shared value), a constant, a subexpression computed from others, or an auxiliary value of
generated code — with its dimensions, type and flags. A `Variables` container holds those of one
owner together with the *index* of each: the name of the index array that maps an element of
the owner to an element of the array (``_idx`` for the owner's own arrays; something else for
arrays of another group, as a subgroup or a synapse's ``v_post`` see them; ``"0"`` for a shared
value). Code generators translate names and indices into array accesses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

from engine.codegen.quoting import identifier
from engine.core.preferences import prefs
from engine.core.run_device import sealed_values
from engine.equations.single import BOOLEAN, INTEGER
from engine.parsing.expressions import Expression, parse_expression
from engine.units import DIMENSIONLESS, Dimension, Quantity, get_dimensions, second

if TYPE_CHECKING:
    from engine.core.clocks import Clock

__all__ = [
    "ArrayVariable",
    "AuxiliaryVariable",
    "Constant",
    "DynamicArray",
    "DynamicArrayVariable",
    "Subexpression",
    "Variable",
    "Variables",
    "dtype_for",
]


def dtype_for(var_type: str) -> np.dtype:
    """Return the numpy type of a ``"float"``, ``"integer"`` or ``"boolean"`` variable."""
    if var_type == BOOLEAN:
        return np.dtype(bool)
    if var_type == INTEGER:
        return np.dtype(np.int32)
    return np.dtype(prefs.core.default_float_dtype)


class Variable:
    """A name that code can use, with its metadata.

    Attributes
    ----------
    name
        The name in the owner's namespace.
    owner
        The name of the object the value belongs to.
    dim
        The physical dimensions.
    dtype
        The numpy type of the values.
    scalar
        Whether there is one value for all elements (shared).
    constant
        Whether the value never changes during a run.
    read_only
        Whether user code may not assign to it.
    """

    def __init__(
        self,
        name: str,
        owner: str,
        dim: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type = np.float64,
        scalar: bool = False,
        constant: bool = False,
        read_only: bool = False,
    ) -> None:
        self.name = name
        self.owner = owner
        self.dim = dim
        self.dtype = np.dtype(dtype)
        self.scalar = scalar
        self.constant = constant
        self.read_only = read_only

    @property
    def is_boolean(self) -> bool:
        """Whether the values are booleans."""
        return self.dtype == np.dtype(bool)

    @property
    def is_integer(self) -> bool:
        """Whether the values are integers."""
        return np.issubdtype(self.dtype, np.integer)

    @property
    def var_type(self) -> str:
        """``"boolean"``, ``"integer"`` or ``"float"``."""
        if self.is_boolean:
            return BOOLEAN
        return INTEGER if self.is_integer else "float"

    def get_value(self) -> Any:
        """Return the value(s), without units."""
        raise TypeError(f"'{self.name}' has no stored value")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.owner}.{self.name}>"


class Constant(Variable):
    """A value fixed when the group is created (``N``)."""

    def __init__(self, name: str, owner: str, value: Any, dim: Dimension = DIMENSIONLESS) -> None:
        value = np.asarray(value)
        super().__init__(name, owner, dim, value.dtype, scalar=True, constant=True, read_only=True)
        self.value = value.item()

    def get_value(self) -> Any:
        """Return the value."""
        return self.value


class ArrayVariable(Variable):
    """Values stored in a numpy array: one per element, or one (``scalar``) for all.

    Attributes
    ----------
    array
        The storage; code and views read and write it in place.
    conditional_write
        The boolean array that must hold for code to write this one (a neuron group's
        ``not_refractory`` for variables clamped while refractory), or None.
    """

    conditional_write: ArrayVariable | None = None
    #: Whether the values wait for a standalone build (`engine.core.run_device`).
    sealed: bool = False

    def __init__(
        self,
        name: str,
        owner: str,
        size: int,
        dim: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type = np.float64,
        values: Any = None,
        scalar: bool = False,
        constant: bool = False,
        read_only: bool = False,
    ) -> None:
        super().__init__(name, owner, dim, dtype, scalar, constant, read_only)
        self.array = np.zeros(1 if scalar else size, dtype=self.dtype)
        if values is not None:
            self.array[:] = values

    @property
    def size(self) -> int:
        """The number of values."""
        return len(self.array)

    @property
    def storage_name(self) -> str:
        """A name unique to this array among all objects (used in generated code).

        The owner's name is checked by `engine.codegen.quoting.identifier`: names of objects
        can come from a project file, and only checked names are written into code.
        """
        return f"_array_{identifier(self.owner, 'object name')}_{self.name}"

    def get_value(self) -> np.ndarray:
        """Return the array (not a copy)."""
        if self.sealed:  # results of a standalone run before device.build(): see run_device
            return cast(np.ndarray, sealed_values(self))
        return self.array

    def set_value(self, value: Any) -> None:
        """Assign ``value`` (broadcast) to all elements."""
        self.array[...] = value


class DynamicArray:
    """A numpy array whose first dimension can grow, with amortised constant-time growth.

    ``data`` is a view of the used part; it changes when the array grows, so hold the
    `DynamicArray`, not the view.
    """

    def __init__(self, shape: int | tuple[int, ...], dtype: np.dtype | type = np.float64) -> None:
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self._buffer = np.zeros((max(shape[0], 1), *shape[1:]), dtype=dtype)
        self._length = shape[0]

    @property
    def data(self) -> np.ndarray:
        """The used part of the buffer."""
        return self._buffer[: self._length]

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the used part."""
        return (self._length, *self._buffer.shape[1:])

    def __len__(self) -> int:
        return self._length

    @property
    def capacity(self) -> int:
        """How long the array can grow without moving (compiled code writes up to there)."""
        return len(self._buffer)

    def resize(self, length: int) -> None:
        """Grow or shrink the first dimension to ``length`` (new entries are zero)."""
        if length > len(self._buffer):
            capacity = max(length, 2 * len(self._buffer))
            grown = np.zeros((capacity, *self._buffer.shape[1:]), dtype=self._buffer.dtype)
            grown[: self._length] = self._buffer[: self._length]
            self._buffer = grown
        elif length < self._length:
            self._buffer[length : self._length] = 0
        self._length = length

    def append(self, values: np.ndarray) -> None:
        """Add ``values`` (along the first dimension) at the end."""
        start = self._length
        self.resize(start + len(values))
        self._buffer[start : self._length] = values


class DynamicArrayVariable(ArrayVariable):
    """An array variable whose size changes during a run (synapses, monitors)."""

    def __init__(
        self,
        name: str,
        owner: str,
        dim: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type = np.float64,
        shape: int | tuple[int, ...] = 0,
        read_only: bool = False,
    ) -> None:
        Variable.__init__(self, name, owner, dim, dtype, False, False, read_only)
        self.dynamic = DynamicArray(shape, self.dtype)

    @property
    def array(self) -> np.ndarray:  # type: ignore[override]  # the used part, read-only
        """The current values (a view that changes when the array grows)."""
        return self.dynamic.data

    @property
    def size(self) -> int:
        """The number of values."""
        return len(self.dynamic)

    def resize(self, size: int) -> None:
        """Change the number of values."""
        self.dynamic.resize(size)


class Subexpression(Variable):
    """A named expression computed from other variables each time it is used."""

    def __init__(
        self,
        name: str,
        owner: str,
        expr: str | Expression,
        dim: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type = np.float64,
        scalar: bool = False,
    ) -> None:
        super().__init__(name, owner, dim, dtype, scalar, constant=False, read_only=True)
        self.expr = expr if isinstance(expr, Expression) else parse_expression(expr)

    @property
    def identifiers(self) -> tuple[str, ...]:
        """The names the expression uses."""
        return self.expr.identifiers


class AuxiliaryVariable(Variable):
    """A value that exists only inside generated code (a threshold's ``_cond``)."""


_V = TypeVar("_V", bound=Variable)


class Variables(Mapping[str, Variable]):
    """The variables of one owner (group, monitor, clock), with the index of each.

    Parameters
    ----------
    owner_name
        The owner's name, stored in each variable it creates.
    default_index
        The index of the owner's own per-element arrays.
    """

    def __init__(self, owner_name: str, default_index: str = "_idx") -> None:
        self.owner_name = owner_name
        self.default_index = default_index
        self._variables: dict[str, Variable] = {}
        self.indices: dict[str, str] = {}

    # -- Mapping -------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> Variable:
        return self._variables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def index_of(self, name: str) -> str:
        """Return the index used to reach ``name``'s values from an element of the owner."""
        return self.indices[name]

    def name_for(self, variable: Variable, index: str) -> str | None:
        """Return the name under which ``variable`` is reached through ``index`` (or None).

        A variable of another group can be known under several names (``v``, ``v_post``
        through the same index, ``v_pre`` through another); this finds the one whose elements
        line up with a variable reached through ``index``.
        """
        for name, candidate in self._variables.items():
            if candidate is variable and self.indices[name] in (index, "0"):
                return name
        return None

    # -- adding variables ----------------------------------------------------------------------

    def _add(self, variable: _V, index: str | None) -> _V:
        if variable.name in self._variables:
            raise KeyError(f"'{variable.name}' is already a variable of '{self.owner_name}'")
        self._variables[variable.name] = variable
        self.indices[variable.name] = (
            "0" if variable.scalar else (index if index is not None else self.default_index)
        )
        return variable

    def add(self, variable: Variable, index: str | None = None) -> Variable:
        """Add a variable made elsewhere (e.g. a subexpression of another owner, rewritten)."""
        return self._add(variable, index)

    def add_array(
        self,
        name: str,
        size: int,
        dimensions: Dimension = DIMENSIONLESS,
        values: Any = None,
        dtype: np.dtype | type | None = None,
        constant: bool = False,
        read_only: bool = False,
        scalar: bool = False,
        index: str | None = None,
    ) -> ArrayVariable:
        """Add an array of ``size`` values (one if ``scalar``)."""
        variable = ArrayVariable(
            name,
            self.owner_name,
            size,
            get_dimensions(dimensions),
            dtype if dtype is not None else dtype_for("float"),
            values,
            scalar,
            constant,
            read_only,
        )
        return self._add(variable, index)

    def add_arange(
        self, name: str, size: int, start: int = 0, index: str | None = None
    ) -> ArrayVariable:
        """Add the read-only integers ``start, start+1, ...`` (an element's number ``i``)."""
        return self.add_array(
            name,
            size,
            values=np.arange(start, start + size),
            dtype=np.int32,
            constant=True,
            read_only=True,
            index=index,
        )

    def add_dynamic_array(
        self,
        name: str,
        dimensions: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type | None = None,
        shape: int | tuple[int, ...] = 0,
        read_only: bool = False,
        index: str | None = None,
    ) -> DynamicArrayVariable:
        """Add an array that can grow (synapses, recorded values)."""
        variable = DynamicArrayVariable(
            name,
            self.owner_name,
            get_dimensions(dimensions),
            dtype if dtype is not None else dtype_for("float"),
            shape,
            read_only,
        )
        return self._add(variable, index)

    def add_constant(
        self, name: str, value: Any, dimensions: Dimension = DIMENSIONLESS
    ) -> Constant:
        """Add a value fixed for the owner's life."""
        return self._add(Constant(name, self.owner_name, value, get_dimensions(dimensions)), "0")

    def add_subexpression(
        self,
        name: str,
        expr: str | Expression,
        dimensions: Dimension = DIMENSIONLESS,
        dtype: np.dtype | type | None = None,
        scalar: bool = False,
        index: str | None = None,
    ) -> Subexpression:
        """Add a named expression of other variables."""
        variable = Subexpression(
            name,
            self.owner_name,
            expr,
            get_dimensions(dimensions),
            dtype if dtype is not None else dtype_for("float"),
            scalar,
        )
        return self._add(variable, index)

    def add_auxiliary_variable(
        self, name: str, dimensions: Dimension = DIMENSIONLESS, dtype: np.dtype | type = np.float64
    ) -> AuxiliaryVariable:
        """Add a value that only generated code holds."""
        variable = AuxiliaryVariable(name, self.owner_name, get_dimensions(dimensions), dtype)
        return self._add(variable, None)

    def add_reference(
        self, name: str, variables: Variables, varname: str | None = None, index: str | None = None
    ) -> Variable:
        """Make another owner's variable reachable here under ``name``.

        Parameters
        ----------
        variables
            The other owner's variables.
        varname
            The name there (default: ``name``).
        index
            How elements of this owner map to the other's values; default: the other
            variable's own index if it is shared, else this owner's default index.
        """
        varname = name if varname is None else varname
        variable = variables[varname]
        if index is None:
            index = "0" if variable.scalar else self.default_index
        if name in self._variables:
            raise KeyError(f"'{name}' is already a variable of '{self.owner_name}'")
        self._variables[name] = variable
        self.indices[name] = "0" if variable.scalar else index
        return variable

    def add_clock_variables(self, clock: Clock) -> None:
        """Make the clock's ``t``, ``dt`` and ``t_in_timesteps`` available."""
        for name, variable in clock_variables(clock).items():
            self._variables[name] = variable
            self.indices[name] = "0"

    def values_with_units(self, name: str) -> Any:
        """Return the value(s) of ``name`` as a quantity (or plain values if dimensionless)."""
        variable = self._variables[name]
        value = variable.get_value()
        if variable.dim is DIMENSIONLESS:
            return value
        return Quantity(value, dim=variable.dim)


def clock_variables(clock: Clock) -> dict[str, Variable]:
    """Return the variables through which code reads a clock (made once per clock)."""
    made = getattr(clock, "_code_variables", None)
    if made is None:
        time = get_dimensions(second)
        made = {}
        for name, array, dim in (
            ("t", clock.t_array, time),
            ("dt", clock.dt_array, time),
            ("t_in_timesteps", clock.timestep, DIMENSIONLESS),
        ):
            variable = ArrayVariable(
                name, clock.name, 1, dim, array.dtype, scalar=True, read_only=True
            )
            variable.array = array  # share the clock's own storage
            made[name] = variable
        clock._code_variables = made
    return made
