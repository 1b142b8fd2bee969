"""One equation of a model: a differential equation, a subexpression or a parameter."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import SourceSpan
from engine.parsing.expressions import Expression
from engine.units import DIMENSIONLESS, Dimension, get_unit, get_unit_for_display

__all__ = [
    "BOOLEAN",
    "DIFFERENTIAL_EQUATION",
    "FLOAT",
    "INTEGER",
    "KNOWN_FLAGS",
    "PARAMETER",
    "SUBEXPRESSION",
    "SingleEquation",
]

# Equation types (Brian 2's names and values)
DIFFERENTIAL_EQUATION = "differential equation"
SUBEXPRESSION = "subexpression"
PARAMETER = "parameter"

# Variable types
FLOAT = "float"
INTEGER = "integer"
BOOLEAN = "boolean"

#: Every flag the language knows; which are allowed where is decided by the group using the
#: equations (`Equations.check_flags`).
KNOWN_FLAGS = frozenset(
    {
        "unless refractory",
        "constant",
        "shared",
        "linked",
        "constant over dt",
        "summed",
        "event-driven",
        "clock-driven",
        "point current",
    }
)


@dataclass(frozen=True, eq=False)
class SingleEquation:
    """A single equation or parameter of a model.

    Attributes
    ----------
    type
        `DIFFERENTIAL_EQUATION`, `SUBEXPRESSION` or `PARAMETER`.
    varname
        The variable it defines.
    dim
        The physical dimensions of the variable.
    var_type
        `FLOAT`, `INTEGER` or `BOOLEAN`.
    expr
        The right-hand side (None for parameters).
    flags
        Flags such as ``"unless refractory"``, normalised (single spaces).
    unit_text
        The unit as written in the declaration, if parsed from text.
    span, unit_span
        Where the variable name and the unit are in `document` (None if built in code).
    document
        The equations block this equation was parsed from ('' if built in code).
    """

    type: str
    varname: str
    dim: Dimension
    var_type: str = FLOAT
    expr: Expression | None = None
    flags: tuple[str, ...] = ()
    unit_text: str | None = field(default=None, compare=False)
    span: SourceSpan | None = field(default=None, compare=False)
    unit_span: SourceSpan | None = field(default=None, compare=False)
    document: str = field(default="", compare=False, repr=False)

    def type_problem(self) -> str | None:
        """Return why the declared type and unit do not fit together, or None."""
        if self.var_type in (BOOLEAN, INTEGER) and self.dim is not DIMENSIONLESS:
            return f"{self.var_type.capitalize()} variables are necessarily dimensionless"
        if self.type == DIFFERENTIAL_EQUATION and self.var_type != FLOAT:
            return (
                f"A differential equation cannot define a {self.var_type} variable "
                f"('{self.varname}'): use a dimensionless float ('1')"
            )
        return None

    @property
    def unit(self) -> object:
        """The unit of the variable."""
        return get_unit(self.dim)

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Names used on the right-hand side, in order of first use."""
        return self.expr.identifiers if self.expr is not None else ()

    @property
    def stochastic_variables(self) -> frozenset[str]:
        """The noise symbols (``xi``, ``xi_*``) on the right-hand side."""
        return frozenset(name for name in self.identifiers if is_noise_symbol(name))

    def _key(self) -> tuple:
        return (
            self.type,
            self.varname,
            self.dim,
            self.var_type,
            str(self.expr) if self.expr is not None else None,
            self.flags,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SingleEquation):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        text = f"d{self.varname}/dt" if self.type == DIFFERENTIAL_EQUATION else self.varname
        if self.expr is not None:
            text += f" = {self.expr}"
        text += f" : {unit_for_display(self.dim, self.var_type)}"
        if self.flags:
            text += f" ({', '.join(self.flags)})"
        return text

    def _repr_latex_(self) -> str:
        from engine.equations.latex import equation_latex  # it builds on this module

        return f"${equation_latex(self)}$"

    def __repr__(self) -> str:
        text = f"<{self.type} {self.varname}"
        if self.expr is not None:
            text += f": {self.expr}"
        text += f" (Unit: {unit_for_display(self.dim, self.var_type)}"
        if self.flags:
            text += f", flags: {', '.join(self.flags)}"
        return text + ")>"


def is_noise_symbol(name: str) -> bool:
    """Return True for the white-noise symbols ``xi`` and ``xi_<suffix>``."""
    return name == "xi" or name.startswith("xi_")


def unit_for_display(dim: Dimension, var_type: str = FLOAT) -> str:
    """Return the unit as shown to users: ``V``, ``1``, ``boolean``, ``m^-2 A``."""
    if var_type != FLOAT:
        return var_type
    return get_unit_for_display(dim)
