"""Groups: objects with state variables, and how users read and write them.

``G.v`` is a `VariableView`: indexing it reads values with units (``G.v[:5]``,
``G.v['v > 0*mV']``), assigning to it or to ``G.v`` sets them — from numbers and quantities
(unit-checked) or from strings of the model language evaluated for every element
(``G.v = 'El + rand()*5*mV'``, which may use ``i``, ``N``, other variables and names of the
calling script). ``G.v_`` is the same without units.
"""

from __future__ import annotations

import difflib
import operator
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from engine.codegen.abstractcode import make_statement
from engine.codegen.operations import Operation
from engine.core.attributes import check_new_attribute, new_attribute_error
from engine.core.base import EngineObject
from engine.core.namespace import caller_namespace, external_value, name_info
from engine.core.operations import current_target, describe, hoist
from engine.core.states import export_states, import_states
from engine.core.stored_state import check_event_space, check_times, checked_arrays
from engine.core.variables import (
    ArrayVariable,
    AuxiliaryVariable,
    Constant,
    DynamicArrayVariable,
    Subexpression,
    Variable,
    Variables,
)
from engine.equations import Equations, NameInfo, check_condition, check_dimensions
from engine.equations.single import is_noise_symbol
from engine.errors import ErrorKind, UnresolvedIdentifierError, close_names
from engine.groups.coderunner import CodeRunner
from engine.parsing import parse_expression
from engine.parsing.functions import FunctionSpec
from engine.units import (
    DIMENSIONLESS,
    DimensionMismatchError,
    Quantity,
    get_dimensions,
    get_unit,
    get_unit_for_display,
    second,
)

__all__ = ["Group", "LinkedVariable", "VariableView", "linked_var"]


class LinkedVariable:
    """What `linked_var` returns: a reference to another group's variable, to assign."""

    def __init__(self, group: Group, name: str, index: Any = None) -> None:
        if not isinstance(group, Group):
            raise TypeError(f"linked_var needs a group, not {type(group).__name__}")
        if name not in group.variables:
            raise KeyError(f"'{group.name}' has no variable '{name}' to link to")
        if isinstance(group.variables[name], DynamicArrayVariable):  # (as Brian 2 refuses)
            raise NotImplementedError(
                f"Cannot link to '{name}' of '{group.name}': its number of values changes (as "
                "synapses are created); link only to variables of fixed size"
            )
        self.group = group
        self.name = name
        self.index = index


def linked_var(
    group_or_variable: Any, name: str | None = None, index: Any = None
) -> LinkedVariable:
    """Link a ``(linked)`` parameter to a variable of another group.

    Both ``G.I = linked_var(H, 'x')`` and ``G.I = linked_var(H.x)`` work.

    Parameters
    ----------
    group_or_variable, name
        The group and the name of the variable linked to, or the variable itself (``H.x``).
    index
        For each element of the linking group, the element of ``group`` it reads. Not
        needed when both groups have the same size, or when ``group`` has one element or the
        variable is shared.

    Raises
    ------
    TypeError
        If neither a group and a name nor a variable is given.
    """
    if isinstance(group_or_variable, VariableView):
        if name is not None:
            raise TypeError("Give either a variable (H.x) or a group and a name (H, 'x')")
        return LinkedVariable(group_or_variable.group, group_or_variable.name, index)
    if name is None:
        raise TypeError("linked_var needs a variable (H.x) or a group and a name (H, 'x')")
    return LinkedVariable(group_or_variable, name, index)


class Group(EngineObject):
    """An object with state variables (Brian 2's ``Group``).

    Subclasses create their `variables` and then call `_enable_attributes`, after which
    setting an attribute that is neither a variable nor an existing attribute is an error
    (a typo such as ``G.tua = 5*ms`` is caught instead of silently ignored), and attributes
    whose names start with ``_`` can be set only by the group's own methods.
    """

    def __init__(self, *args: Any, namespace: Mapping[str, Any] | None = None, **kwds: Any) -> None:
        object.__setattr__(self, "_attributes_enabled", False)
        super().__init__(*args, **kwds)
        if namespace is not None and not isinstance(namespace, Mapping):
            raise TypeError("namespace must be a dictionary of names and values")
        self.namespace: dict[str, Any] = dict(namespace or {})
        self.variables = Variables(self.name)

    # -- size ---------------------------------------------------------------------------------

    @property
    def N(self) -> int:
        """The number of elements."""
        return int(self.variables["N"].get_value())

    def __len__(self) -> int:
        return self.N

    # -- attribute access -----------------------------------------------------------------------

    def _enable_attributes(self) -> None:
        self._attributes_enabled = True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or "variables" not in self.__dict__:
            raise AttributeError(name)
        variables = self.__dict__["variables"]
        if name in variables:
            return VariableView(self, name)
        if name.endswith("_") and name[:-1] in variables:
            return VariableView(self, name[:-1], units=False)
        close = difflib.get_close_matches(name, list(variables), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise AttributeError(f"'{self.name}' has no attribute or variable '{name}'.{hint}")

    def __setattr__(self, name: str, value: Any) -> None:
        if not self.__dict__.get("_attributes_enabled"):
            object.__setattr__(self, name, value)
            return
        if name.startswith("_"):
            # Private attributes (the name, the spike space, the engine's variables) belong to
            # the group's own methods: set from anywhere else — a script, or a name read from
            # a file — they could change what generated code is made of.
            if sys._getframe(1).f_locals.get("self") is not self:
                raise AttributeError(
                    f"'{self.name}' has no variable '{name}' that can be set: names starting "
                    "with '_' are private to the engine"
                )
            object.__setattr__(self, name, value)
            return
        variables = self.__dict__["variables"]
        if isinstance(value, LinkedVariable):
            self._link(name, value)
        elif _is_view_of(value, self, name):
            # ``G.v += 1*mV``: the view's in-place operator has already written the values;
            # Python assigns the view back to ``G.v`` afterwards, which changes nothing.
            return
        elif name in self.__dict__.get("_linked", {}):
            raise ValueError(
                f"Cannot set the linked variable '{name}' of '{self.name}' directly: link it "
                f"with {self.name}.{name} = linked_var(group, 'variable'), or set the variable "
                "it is linked to"
            )
        elif name in variables:
            VariableView(self, name).set_values(slice(None), value)
        elif name.endswith("_") and name[:-1] in variables:
            VariableView(self, name[:-1], units=False).set_values(slice(None), value)
        elif name in self.__dict__ or hasattr(type(self), name):
            object.__setattr__(self, name, value)
        else:
            close = difflib.get_close_matches(name, list(variables), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise new_attribute_error(self, name, hint)

    def _link(self, name: str, link: LinkedVariable) -> None:
        """Make ``name`` read ``link``'s variable (see `linked_var`)."""
        declared = getattr(self, "_linked", {}).get(name)
        if declared is None:
            raise TypeError(
                f"'{name}' of '{self.name}' is not declared '(linked)', so it cannot be linked"
            )
        source = link.group
        variable = linked_target(self, name, declared.dim, link)
        # Positions in the source's arrays (through its own index, if it is a subgroup).
        source_index = source.variables.indices.get(link.name, "_idx")
        if variable.scalar or (len(source) == 1 and link.index is None):
            positions = None
        elif link.index is not None:
            positions = np.asarray(link.index, dtype=np.int64)
            if positions.shape != (self.N,):
                raise ValueError(f"The index of the link must have {self.N} values")
            if positions.size and (positions.min() < 0 or positions.max() >= len(source)):
                raise IndexError(f"The index of the link points outside '{source.name}'")
        elif len(source) == self.N:
            positions = np.arange(self.N)
        else:
            raise ValueError(
                f"'{self.name}' has {self.N} elements and '{source.name}' has {len(source)}: "
                "give an index for the link (linked_var(group, name, index=...))"
            )
        if positions is not None and source_index != "_idx":
            positions = source.variables[source_index].get_value()[positions]
        if positions is None:
            if variable.scalar:
                self.variables.add_reference(name, source.variables, link.name, index="0")
            else:
                single = f"_{name}_link"
                self.variables.add_array(
                    single, self.N, values=np.zeros(self.N), dtype=np.int32, read_only=True
                )
                self.variables.add_reference(name, source.variables, link.name, index=single)
        else:
            index_name = f"_{name}_link"
            self.variables.add_array(
                index_name, self.N, values=positions, dtype=np.int32, read_only=True
            )
            self.variables.add_reference(name, source.variables, link.name, index=index_name)

    def add_attribute(self, name: str) -> None:
        """Allow setting the (non-variable) attribute ``name`` (it starts as None).

        Raises
        ------
        AttributeError
            If the group already has a variable or an attribute of that name.
        """
        check_new_attribute(self, name, name in self.variables)
        object.__setattr__(self, name, None)

    # -- name resolution --------------------------------------------------------------------------

    def resolve(self, name: str, run_namespace: Mapping[str, Any] | None = None) -> Any:
        """Return what ``name`` means in this group's code: a variable, a constant or a function.

        Raises
        ------
        UnresolvedIdentifierError
            If neither the group nor any namespace knows it (with close names suggested).
        ModelError
            If the name refers to a value that a model cannot use (text, an array...).
        """
        if name in self.variables:
            return self.variables[name]
        namespaces = [self.namespace, run_namespace if run_namespace is not None else {}]
        value = external_value(name, self.name, namespaces)  # ModelError for unusable values
        if value is None:
            candidates = [*self.variables, *self.namespace, *(run_namespace or {})]
            close = tuple(close_names(name, candidates))
            # Groups with equations (neurons, synapses) could declare the name in them.
            declarable = getattr(self, "user_equations", None) is not None
            raise UnresolvedIdentifierError(
                name, close, context=f"'{self.name}'", declarable=declarable
            )
        return value

    def resolve_all(
        self, names: Iterable[str], run_namespace: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Resolve several names (see `resolve`)."""
        return {name: self.resolve(name, run_namespace) for name in names}

    def lookup(self, run_namespace: Mapping[str, Any] | None = None) -> Callable[[str], Any]:
        """Return a unit-checker lookup over this group's names and namespaces (and noise terms)."""
        noise = NameInfo(get_dimensions(second) ** -0.5, read_only=True)

        def lookup(name: str) -> Any:
            if is_noise_symbol(name) and name not in self.variables:
                return noise
            return name_info(self.resolve(name, run_namespace))

        return lookup

    # -- indices -----------------------------------------------------------------------------------

    def check_variable_write(self, name: str) -> None:
        """Raise if ``name`` cannot be set now (a hook: groups can always be written)."""

    def calc_indices(self, item: Any) -> np.ndarray:
        """Return the element numbers that an index (int, slice, array, boolean mask) selects.

        Raises
        ------
        IndexError
            For indices outside the group.
        """
        size = self.N
        if isinstance(item, slice):
            return np.arange(size, dtype=np.int32)[item]
        if isinstance(item, (int, np.integer)):
            index = int(item) + (size if item < 0 else 0)
            if not 0 <= index < size:
                raise IndexError(f"Index {item} is out of range for '{self.name}' of size {size}")
            return np.array([index], dtype=np.int32)
        array = np.asarray(item)
        if array.dtype == bool:
            if array.shape != (size,):
                raise IndexError(f"A boolean index needs {size} values, not {array.size}")
            return np.flatnonzero(array).astype(np.int32)
        if not np.issubdtype(array.dtype, np.integer) and array.size:
            # a TypeError, as numpy's (and Brian 2's) for float indices
            raise TypeError(
                f"Cannot index '{self.name}' with {item!r}: use integers, a slice, a boolean "
                "array or a condition (a string)"
            )
        array = array.astype(np.int64).ravel()
        array = np.where(array < 0, array + size, array)
        if array.size and (array.min() < 0 or array.max() >= size):
            raise IndexError(f"Indices {item!r} are out of range for '{self.name}' of size {size}")
        return array.astype(np.int32)

    def indices_where(
        self, condition: str, run_namespace: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Return the element numbers for which ``condition`` (model language) is true."""
        namespace = caller_namespace() if run_namespace is None else run_namespace
        lookup = self.lookup(namespace)
        expression = check_condition(condition, lookup, "condition")
        values = self._evaluate(expression, np.arange(self.N, dtype=np.int32), namespace)
        return np.flatnonzero(values).astype(np.int32)

    # -- code run on every step ----------------------------------------------------------------

    def run_regularly(
        self,
        code: str,
        dt: Quantity | None = None,
        clock: Any = None,
        when: str = "start",
        order: int = 0,
        name: str | None = None,
    ) -> CodeRunner:
        """Run ``code`` for every element regularly (every step, or every ``dt``).

        Returns the object that runs it (it is part of the group: no need to add it).
        """
        carrier = self._carrier()
        if carrier is not None and self not in carrier.contained_objects:
            carrier.contained_objects.append(self)
        runner = CodeRunner(
            self,
            "stateupdate",
            code,
            when=when,
            order=order,
            name=name or f"{self.name}_run_regularly*",
            dt=dt,
            clock=clock if dt is None else None,
        )
        self.contained_objects.append(runner)
        return runner

    def _update_constant_subexpressions(self, constant_over_dt: Equations) -> CodeRunner | None:
        """Evaluate the ``(constant over dt)`` subexpressions at the start of every step.

        They are parameters of the group for its integrator (see
        `engine.equations.extract_constant_subexpressions`); the code that sets them runs
        before anything else in the step, in the group's order. Returns that code's runner,
        contained in the group, or None when there are no such subexpressions.
        """
        if not len(constant_over_dt):
            return None
        runner = CodeRunner(
            self,
            "stateupdate",
            "\n".join(f"{eq.varname} = {eq.expr}" for eq in constant_over_dt.ordered),
            when="before_start",
            order=self.order,
            name=f"{self.name}_subexpression_update",
        )
        runner.argument = "model"  # the code of the model's subexpressions
        self.contained_objects.append(runner)
        return runner

    #: Index arrays through which code of this group may reach one element several times.
    repeated_indices: tuple[str, ...] = ()

    def _carrier(self) -> Group | None:
        """Return the object that brings this group's code into networks (if not itself)."""
        return None

    # -- code executed at once (string values and conditions) --------------------------------------

    def _operation(
        self, template: str, statements: list, run_namespace: Mapping[str, Any], name: str
    ) -> Operation:
        needed: set[str] = set()
        for statement in statements:
            needed.update(statement.expr.identifiers)
            needed.update(statement.expr.functions)
            if statement.var in self.variables:
                needed.add(statement.var)
        needed -= {s.var for s in statements} - set(self.variables)  # temporaries
        resolved = self._variables_for(needed, run_namespace)
        names, storage = describe(resolved, self.variables)

        code = hoist(statements, resolved)
        options = {"repeated": self.repeated_indices}
        return Operation(
            f"_{self.name}_{name}", template, code, names, storage, self.N, self.name, options
        )

    def _variables_for(
        self, names: Iterable[str], run_namespace: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Resolve ``names`` and everything they depend on (subexpressions, index arrays)."""
        resolved: dict[str, Any] = {}
        pending = list(names)
        while pending:
            name = pending.pop()
            if name in resolved:
                continue
            value = self.resolve(name, run_namespace)
            if isinstance(value, FunctionSpec):
                continue  # built-in functions are the target's business
            resolved[name] = value
            if isinstance(value, Subexpression):
                pending.extend(value.identifiers)
                pending.extend(value.expr.functions)
            index = self.variables.indices.get(name)
            if index not in (None, "0", "_idx"):
                pending.append(index)
            condition = getattr(value, "conditional_write", None)
            if condition is not None:
                pending.append(self._condition_name(name, condition))
        return resolved

    def _condition_name(self, name: str, condition: Variable) -> str:
        """Return the name of the flag that decides whether ``name`` may be written."""
        found = self.variables.name_for(condition, self.variables.indices[name])
        if found is None:
            raise self.fail(
                f"'{name}' is clamped by '{condition.name}' of '{condition.owner}', which "
                f"'{self.name}' cannot reach"
            )
        return found

    def _evaluate(
        self, expression: Any, indices: np.ndarray, run_namespace: Mapping[str, Any]
    ) -> np.ndarray:
        statement = make_statement("_value", str(expression))
        operation = self._operation("group_variable_get", [statement], run_namespace, "get")
        return np.asarray(current_target().compile(operation)(indices))

    def _set_with_code(
        self, name: str, indices: np.ndarray, code: str, run_namespace: Mapping[str, Any]
    ) -> None:
        variable = self.variables[name]
        expression = parse_expression(code)
        lookup = self.lookup(run_namespace)
        check_dimensions(expression, variable.dim, lookup, f"the value assigned to '{name}'")
        statement = make_statement(name, str(expression))
        operation = self._operation("group_variable_set", [statement], run_namespace, "set")
        current_target().compile(operation)(indices)

    # -- states ---------------------------------------------------------------------------------

    def state(self, name: str, use_units: bool = True, level: int = 0) -> VariableView:
        """Return the view of variable ``name`` (Brian 2's ``G.state('v')``, like ``G.v``).

        Raises
        ------
        KeyError
            If the group has no variable ``name``.
        """
        self._check_state_names([name], f"{self.name}.state")
        return VariableView(self, name, units=use_units)

    def get_states(
        self,
        vars: Iterable[str] | None = None,
        units: bool = True,
        format: str = "dict",
        subexpressions: bool = False,
        read_only_variables: bool = True,
        level: int = 0,
    ) -> Any:
        """Return copies of the values of variables (Brian 2's ``get_states``).

        Parameters
        ----------
        vars
            The names; by default every variable whose name does not start with ``_``: the
            model's, and ``N``, ``i``, ``t``, ``dt``, ``t_in_timesteps`` (and a neuron
            group's ``lastspike``, ``not_refractory``, a synapse's ``i``, ``j``, ``v_post``...).
        units
            Whether values carry their units (else plain arrays, in SI units).
        format
            ``'dict'`` (name -> values) or ``'pandas'`` (a data frame; needs pandas and
            ``units=False``).
        subexpressions
            Whether the default names include subexpressions.
        read_only_variables
            Whether the default names include read-only ones (``N``, ``i``, ``t``...); without
            them, the result can be given back to `set_states`.
        level
            Accepted for Brian 2 scripts; names in subexpressions are looked up in the
            calling script.

        Returns
        -------
        dict or pandas.DataFrame
            Arrays of one value per element; 0-d arrays for shared values (``N``, ``t``).

        Raises
        ------
        KeyError
            For a name that is not a variable of the group.
        """
        where = f"{self.name}.get_states"
        if vars is None:
            names = self._state_names(subexpressions, read_only_variables)
        else:
            names = [vars] if isinstance(vars, str) else list(vars)
            self._check_state_names(names, where)
        values = {name: self._state_values(name, units) for name in names}
        return export_states(values, units, format, where)

    def _state_names(self, subexpressions: bool, read_only_variables: bool) -> list[str]:
        """Return the names `get_states` returns by default (the rules of Brian 2)."""
        # A synapse's delays belong to its pathways in Brian 2 (S.pre.delay), not to it.
        pathway_delays = {p.delay_name for p in getattr(self, "_pathways", ())}
        return [
            name
            for name, variable in self.variables.items()
            if not name.startswith("_")
            and (subexpressions or not isinstance(variable, Subexpression))
            and (read_only_variables or not variable.read_only)
            and not isinstance(variable, AuxiliaryVariable)
            and name not in pathway_delays
        ]

    def _check_state_names(self, names: Iterable[str], where: str) -> None:
        for name in names:
            if name not in self.variables:
                close = difflib.get_close_matches(name, list(self.variables), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise KeyError(f"{where}: '{self.name}' has no variable '{name}'.{hint}")

    def _state_values(self, name: str, units: bool) -> Any:
        """Return a copy of the values of ``name`` (a 0-d array for a shared value)."""
        values = np.array(VariableView(self, name, units=False)[:], copy=True)
        dim = self.variables[name].dim
        return Quantity(values, dim=dim) if units and dim is not DIMENSIONLESS else values

    def set_states(
        self, values: Any, units: bool = True, format: str = "dict", level: int = 0
    ) -> None:
        """Set several variables at once (Brian 2's ``set_states``).

        Parameters
        ----------
        values
            Names and values: a dict, or a pandas data frame with ``format='pandas'``.
        units
            Whether the values carry units (checked against the variables') or are plain
            numbers in SI units.
        format
            ``'dict'`` or ``'pandas'``.
        level
            Accepted for Brian 2 scripts; names in string values are looked up in the
            calling script.

        Raises
        ------
        KeyError
            For a name that is not a variable of the group.
        TypeError
            For a read-only variable (``N``, ``i``, ``t``...).
        DimensionMismatchError
            For values with the wrong units.
        """
        where = f"{self.name}.set_states"
        given = import_states(values, units, format, where)
        self._check_state_names(given, where)
        for name in given:
            if self.variables[name].read_only:
                raise TypeError(
                    f"{where}: the variable '{name}' of '{self.name}' is read-only; leave it "
                    "out (get_states(read_only_variables=False) gives only those that can be set)"
                )
        for name, value in given.items():
            VariableView(self, name, units=units).set_values(slice(None), value)

    def _stored_variables(self) -> dict[str, ArrayVariable]:
        """Return the arrays a stored state holds: those the group owns and may change.

        Each under its own name only (a synapse's ``i`` is ``_synaptic_pre`` by another name).
        """
        return {
            name: variable
            for name, variable in self.variables.items()
            if isinstance(variable, ArrayVariable)
            and variable.owner == self.name
            and variable.name == name
            and not variable.constant
        }

    def _stored_state(self) -> dict[str, np.ndarray]:
        """Return copies of the arrays this group owns (for `Network.store`)."""
        return {
            name: np.array(variable.get_value(), copy=True)
            for name, variable in self._stored_variables().items()
        }

    def _checked_state(self, state: Mapping[str, Any], check: Any) -> dict[str, Any]:
        """Check this group's part of a stored state; return what `_restore_state` takes.

        Every stored array must be there, with its variable's type and shape; event spaces
        must list elements of the group; last spike times must not be NaN or ``+inf``.

        Parameters
        ----------
        state
            The group's part of the state (variable name -> array).
        check
            The `engine.core.stored_state.StateCheck` of the whole state.

        Raises
        ------
        StoredStateError
            For the first array that does not fit.
        """
        checked = checked_arrays(self.name, state, self._stored_variables(), self.variables)
        for event in {"spike", *getattr(self, "events", {})}:
            name = f"_{event}space"
            if name in checked:
                check_event_space(self.name, name, checked[name], len(checked[name]) - 1)
        if "lastspike" in checked:
            # Before any spike it is -1e4 s (or -inf, as in Brian 2): negative, never NaN.
            check_times(
                self.name, "lastspike", checked["lastspike"], minus_infinity=True, negative=True
            )
        return checked

    def _restore_state(self, state: Mapping[str, Any]) -> None:
        """Put back arrays checked by `_checked_state`."""
        for name, values in state.items():
            variable = self.variables[name]
            if isinstance(variable, DynamicArrayVariable):
                variable.resize(len(values))
            variable.get_value()[...] = values

    def check_for_invalid_states(self) -> None:
        """Raise an error naming the first state variable that holds an invalid value.

        Invalid means NaN, or an infinity for variables defined by differential equations
        (parameters may be infinite on purpose).

        Raises
        ------
        EngineError
            With the variable, the elements affected, and the equation that defines it.
        """
        equations = getattr(self, "user_equations", None)
        integrated = equations.diff_eq_names if equations is not None else set()
        for name, variable in self.variables.items():
            if (
                not isinstance(variable, ArrayVariable)
                or variable.owner != self.name
                or variable.dtype.kind != "f"
                or name.startswith("_")
            ):
                continue
            values = variable.get_value()
            invalid = np.isnan(values) if name not in integrated else ~np.isfinite(values)
            bad = np.flatnonzero(invalid)
            if bad.size:
                where = ", ".join(str(i) for i in bad[:5]) + (", ..." if bad.size > 5 else "")
                what = "NaN (not a number)" if np.isnan(values[bad[0]]) else "infinite"
                definition = self._definition_of(name)
                defined = equations.get(name) if equations is not None else None
                raise self.fail(
                    # "by": states are checked now and then, not at every step
                    f"The variable '{name}' became {what} for element(s) {where} "
                    f"by t = {self.clock.t}{definition}",
                    "Check the equations for divisions by zero or values growing without "
                    "bound, or try a smaller dt or another integration method.",
                    argument="model",
                    variable=name,
                    kind=ErrorKind.NAN,
                    span=defined.span if defined is not None else None,
                )

    def _definition_of(self, name: str) -> str:
        equations = getattr(self, "user_equations", None)
        if equations is None or name not in equations:
            return ""
        eq = equations[name]
        line = f" (line {eq.span.line} of the model)" if eq.span is not None else ""
        return f"; it is defined by '{eq}'{line}"


def linked_target(owner: Any, name: str, dim: Any, link: LinkedVariable) -> Any:
    """Return the variable ``link`` names, for ``name`` of ``owner`` declared with ``dim``.

    Raises
    ------
    TypeError
        If ``name`` is already linked.
    DimensionMismatchError
        If the linked variable does not have the declared unit.
    """
    if name in owner.variables:
        raise TypeError(f"'{name}' of '{owner.name}' is already linked")
    variable = link.group.variables[link.name]
    if variable.dim is not dim:
        raise DimensionMismatchError(
            f"'{name}' of '{owner.name}' has unit {get_unit_for_display(dim)}, but "
            f"the linked variable '{link.name}' of '{link.group.name}' has unit "
            f"{get_unit_for_display(variable.dim)}",
            dim,
            variable.dim,
        )
    return variable


def _whole(item: Any) -> bool:
    """Whether ``item`` is ``[:]``, the index of all elements."""
    return isinstance(item, slice) and item == slice(None)


def _is_view_of(value: Any, group: Group, attribute: str) -> bool:
    """Whether ``value`` is the view ``group.<attribute>`` itself (``G.v`` or ``G.v_``)."""
    if not isinstance(value, VariableView) or value.group is not group:
        return False
    return attribute == (value.name if value.units else f"{value.name}_")


class VariableView:
    """A view on one variable of a group: ``G.v`` (with units) or ``G.v_`` (without).

    Indexing reads values, index assignment writes them; see the module documentation.
    As in Brian 2, ``G.v[:]`` (all elements, nothing else) is the group's own array itself,
    so that changing it changes the model (``S.w[:][mask] = 0``); every other index gives a
    copy, and so do read-only variables, variables of another group seen through an index
    (a subgroup's, a synapse's ``v_post``) and shared variables (a single number).
    Arithmetic and comparisons act on the values with their units (so do numpy reductions
    such as ``np.mean``; numpy's element-wise functions see plain values, as in Brian 2);
    in-place operators (``G.v += 1*mV``, ``view *= 2``) write the result back.
    """

    __hash__ = None  # type: ignore[assignment]  # views compare element-wise: unhashable
    #: Above a quantity's: ``array * G.v`` and ``1*mV - G.v`` are left to the view's own
    #: (reflected) operators, which keep and check units, instead of numpy reading the values.
    __array_priority__ = 2000

    def __init__(self, group: Group, name: str, units: bool = True) -> None:
        self.group = group
        self.name = name
        self.variable: Variable = group.variables[name]
        self.units = units

    @property
    def dim(self) -> Any:
        """The dimensions of the variable."""
        return self.variable.dim

    @property
    def unit(self) -> Any:
        """The unit of the variable (``volt``; ``1`` for a dimensionless one)."""
        return get_unit(self.variable.dim)

    @property
    def dtype(self) -> np.dtype:
        """The numpy type of the values."""
        return self.variable.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        """``(N,)``, or ``(1,)`` for a shared variable (as in Brian 2)."""
        return (len(self),)

    @property
    def ndim(self) -> int:
        """1, as for the array of values."""
        return 1

    # -- reading -------------------------------------------------------------------------------

    def __getitem__(self, item: Any) -> Any:
        variable = self.variable
        if variable.scalar:
            self._check_shared_index(item)
            return self._with_units(self._values(np.zeros(1, dtype=np.int32))[0])
        if _whole(item) and self._writes_through():
            return self._with_units(variable.get_value())
        if isinstance(item, str):
            indices = self.group.indices_where(item, caller_namespace())
        else:
            indices = self.group.calc_indices(item)
        values = self._values(indices)
        if isinstance(item, (int, np.integer)):
            values = values[0]
        return self._with_units(values)

    def get_item(self, item: Any, level: int = 0) -> Any:
        """Brian 2's name for ``view[item]``."""
        return self[item]

    def _check_shared_index(self, item: Any) -> None:
        """Refuse indices other than ``[:]`` for a shared variable (IndexError, as Brian 2)."""
        if not _whole(item):
            group, name = self.group.name, self.name
            raise IndexError(
                f"'{name}' of '{group}' is shared (one value for all elements), so it cannot "
                f"be indexed with {item!r}: use {group}.{name}[:] or {group}.{name}"
            )

    def _writes_through(self) -> bool:
        """Whether ``[:]`` can be the variable's own array (see the class documentation)."""
        variable = self.variable
        return (
            isinstance(variable, ArrayVariable)
            and not variable.read_only
            and self.group.variables.indices[self.name] == "_idx"
            and variable.get_value().shape == (self.group.N,)
        )

    def _values(self, indices: np.ndarray) -> np.ndarray:
        variable = self.variable
        if isinstance(variable, Subexpression):
            values = self.group._evaluate(parse_expression(self.name), indices, caller_namespace())
            if np.dtype(variable.dtype) == np.float32:  # computed in double precision
                return values.astype(np.float32)
            return values.copy()
        if isinstance(variable, Constant):
            return np.full(len(indices), variable.get_value())
        array = variable.get_value()
        if variable.scalar:
            return array[:1].copy()
        return array[self._positions(indices)].copy()

    def _positions(self, indices: np.ndarray) -> np.ndarray:
        """Where the group's elements ``indices`` are in the variable's array."""
        index = self.group.variables.indices[self.name]
        if index == "_idx":
            return indices
        return self.group.variables[index].get_value()[indices]

    def _with_units(self, values: Any) -> Any:
        if not self.units or self.variable.dim is DIMENSIONLESS:
            return values
        return Quantity(values, dim=self.variable.dim)

    # -- writing -------------------------------------------------------------------------------

    def __setitem__(self, item: Any, value: Any) -> None:
        self.set_values(item, value)

    def set_item(self, item: Any, value: Any, level: int = 0) -> None:
        """Brian 2's name for ``view[item] = value``."""
        self.set_values(item, value)

    def set_values(self, item: Any, value: Any) -> None:
        """Set the values of the elements ``item`` selects (see the module documentation).

        Raises
        ------
        TypeError
            For a read-only variable, or for several values given for a condition.
        IndexError
            For an index outside the group, or any index but ``[:]`` of a shared variable.
        DimensionMismatchError
            For a value with the wrong unit.
        """
        variable = self.variable
        if variable.read_only:
            raise TypeError(f"The variable '{self.name}' of '{self.group.name}' is read-only")
        self.group.check_variable_write(self.name)
        if variable.scalar:
            self._check_shared_index(item)
        namespace = caller_namespace()
        if isinstance(value, VariableView):
            value = value[:]
        if isinstance(item, str) and not isinstance(value, str) and np.ndim(value) != 0:
            # Which elements a condition selects is known only when it is evaluated: as in
            # Brian 2, it takes a single value or a string evaluated for each of them.
            raise TypeError(
                f"A condition ({item!r}) selects elements of '{self.group.name}' that are only "
                f"known when it is evaluated: set '{self.name}' there to a single value or to "
                f"a string evaluated for each element, e.g. "
                f"{self.group.name}.{self.name}[{item!r}] = '{self.name} + ...'"
            )
        if isinstance(item, str):
            indices = self.group.indices_where(item, namespace)
        elif variable.scalar:
            indices = np.zeros(1, dtype=np.int32)
        else:
            indices = self.group.calc_indices(item)
        if isinstance(value, str):
            self.group._set_with_code(self.name, indices, value, namespace)
            return
        if self.units:
            self._check_unit(value)
        array = np.asarray(value)
        if variable.scalar:
            if array.size != 1:
                raise ValueError(f"'{self.name}' is a single shared value, not {array.size} values")
            variable.get_value()[0] = array.item()
            return
        positions = self._positions(indices)
        if array.ndim and array.shape[0] not in (1, len(positions)):
            raise ValueError(
                f"Cannot set {len(positions)} elements of '{self.name}' "
                f"from {array.shape[0]} values"
            )
        variable.get_value()[positions] = array

    def _check_unit(self, value: Any) -> None:
        value_dim = get_dimensions(value)
        if value_dim is self.variable.dim:
            return
        array = np.asarray(value)
        # 0 and infinities fit every unit, as in Brian 2
        if value_dim is DIMENSIONLESS and array.size and np.all((array == 0) | np.isinf(array)):
            return
        raise DimensionMismatchError(
            f"The value assigned to '{self.name}' of '{self.group.name}' should have unit "
            f"{get_unit_for_display(self.variable.dim)}, but has unit "
            f"{get_unit_for_display(value_dim)}",
            value_dim,
            self.variable.dim,
        )

    # -- behaving like the values -------------------------------------------------------------

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        # A copy with units (so that np.mean(G.v) keeps them; np.asarray drops them).
        values = self[:]
        values = values.copy() if isinstance(values, np.ndarray) else np.array(values)
        return values.astype(dtype) if dtype is not None else values

    def __len__(self) -> int:
        return 1 if self.variable.scalar else self.group.N

    def __iter__(self) -> Any:
        return iter(self[:])

    def __repr__(self) -> str:
        suffix = "" if self.units else "_"
        values = self[:]
        # a shared value as a Python number (``0.5``, not ``np.float64(0.5)``), as Brian 2 shows
        shown = repr(values.item()) if isinstance(values, np.generic) else repr(values)
        return f"<{self.group.name}.{self.name}{suffix}: {shown}>"

    def __str__(self) -> str:
        return str(self[:])

    def __format__(self, spec: str) -> str:
        return format(self[:], spec)


def _delegate(op: Callable[..., Any], reflected: bool = False) -> Callable[..., Any]:
    def method(self: VariableView, *others: Any) -> Any:
        values = self[:]
        return op(*others, values) if reflected else op(values, *others)

    return method


def _in_place(op: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: VariableView, other: Any) -> VariableView:
        # The result is computed (with unit checks) before anything is written.
        self.set_values(slice(None), op(self[:], other))
        return self

    return method


_op: Callable[..., Any]
for _name, _op in [
    ("add", operator.add),
    ("sub", operator.sub),
    ("mul", operator.mul),
    ("truediv", operator.truediv),
    ("floordiv", operator.floordiv),
    ("mod", operator.mod),
    ("pow", operator.pow),
    ("matmul", operator.matmul),
]:
    setattr(VariableView, f"__{_name}__", _delegate(_op))
    setattr(VariableView, f"__r{_name}__", _delegate(_op, reflected=True))
    if _name != "matmul":
        setattr(VariableView, f"__i{_name}__", _in_place(_op))
for _name, _op in [
    ("lt", operator.lt),
    ("le", operator.le),
    ("gt", operator.gt),
    ("ge", operator.ge),
    ("eq", operator.eq),
    ("ne", operator.ne),
]:
    setattr(VariableView, f"__{_name}__", _delegate(_op))
_unary: list[tuple[str, Callable[..., Any]]] = [
    ("neg", operator.neg),
    ("pos", operator.pos),
    ("abs", operator.abs),
]
for _name, _op in _unary:
    setattr(VariableView, f"__{_name}__", _delegate(_op))
