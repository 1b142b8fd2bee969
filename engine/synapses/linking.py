"""Linked variables of Synapses: ``x : volt (linked)`` and ``S.x = linked_var(G, 'v', ...)``.

A linked parameter of a Synapses object has no storage of its own: each synapse reads (and
writes) an element of another group's variable. Which element is given by an index array of
the synapses, ``_<name>_link``, holding for each synapse a position in the linked variable's
storage. Synapses come and go with ``connect`` (and with a restored state), so the positions
are computed again from the rule the link was made with — every synapse the same element
(a shared variable or a group of one), synapse ``k`` element ``k`` (groups of the same size),
or the value of an integer variable of the synapses (``index='j'``: the postsynaptic neuron)
— whenever synapses are added, a state is restored, and before every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.core.variables import DynamicArrayVariable, Subexpression
from engine.errors import ModelError
from engine.groups.group import Group, LinkedVariable, linked_target

__all__ = ["SynapticLinks"]


@dataclass(frozen=True)
class _Link:
    """How the synapses' ``name`` reaches ``group.variables[varname]``."""

    name: str
    group: Any
    varname: str
    #: None: one element for all synapses, or synapse k -> element k; else a variable name.
    index: str | None

    @property
    def array(self) -> str:
        return f"_{self.name}_link"


class SynapticLinks(Group):
    """The linked variables of `engine.synapses.synapses.Synapses`."""

    def _declare_linked(self, eq: Any) -> None:
        """Remember a ``(linked)`` parameter: it has no storage until it is linked."""
        self.__dict__.setdefault("_linked", {})[eq.varname] = eq

    @property
    def _links(self) -> dict[str, _Link]:
        return self.__dict__.setdefault("_link_rules", {})

    @property
    def link_indices(self) -> tuple[str, ...]:
        """The index arrays of the linked variables (several synapses may share an element)."""
        return tuple(link.array for link in self._links.values())

    def _link(self, name: str, link: LinkedVariable) -> None:
        """Make the ``(linked)`` parameter ``name`` read ``link``'s variable, per synapse.

        Raises
        ------
        TypeError
            If ``name`` is not declared ``(linked)``, is already linked, or the link has an
            index array (synapses are numbered only once connected: Brian 2 refuses it too).
        DimensionMismatchError
            If the units differ.
        ValueError
            If the index variable is unknown or not per synapse, or, without an index, the
            sizes do not match.
        TypeError
            If the index variable is not an integer.
        """
        declared = self.__dict__.get("_linked", {}).get(name)
        if declared is None:
            raise TypeError(
                f"Cannot link '{name}' of '{self.name}': it must be declared as a linked "
                f"variable, '{name} : <unit> (linked)', in the model"
            )
        source = link.group
        variable = linked_target(self, name, declared.dim, link)
        index = link.index
        if index is not None and not isinstance(index, str):
            raise TypeError(
                f"Cannot link '{name}' of '{self.name}' with an array of indices: synapses are "
                "created and numbered by connect(), so name an integer variable of the "
                f"synapses instead, e.g. linked_var({source.name}, '{link.name}', index='j') "
                "for each synapse's postsynaptic neuron"
            )
        if index is not None:
            self._check_link_index(index)
        rule = _Link(name, source, link.name, index)
        if variable.scalar:
            self.variables.add_reference(name, source.variables, link.name, index="0")
            self._links_without_array().add(name)
            return
        positions = self._link_positions(rule)  # checks sizes before anything is added
        array = self.variables.add_dynamic_array(
            rule.array, dtype=np.int32, shape=len(positions), read_only=True
        )
        array.constant = True  # recomputed, never stored (see _refresh_links)
        array.get_value()[:] = positions
        self.variables.add_reference(name, source.variables, link.name, index=rule.array)
        self._links[name] = rule

    def _links_without_array(self) -> set[str]:
        return self.__dict__.setdefault("_scalar_links", set())

    def _check_link_index(self, index: str) -> None:
        variable = self.variables.get(index)
        if variable is None:
            raise ValueError(
                f"Index variable '{index}' not found among the variables of '{self.name}': "
                "name one of its integer variables ('i', 'j' or a parameter 'k : integer')"
            )
        if self.variables.indices.get(index) != "_idx" or variable.scalar:
            raise ValueError(
                f"Index variable '{index}' should use the default index itself: it must have "
                f"one value per synapse of '{self.name}'"
            )
        if variable.dtype.kind not in "iu":
            raise TypeError(
                f"Index variable '{index}' should be an integer parameter (declare it "
                f"'{index} : integer')"
            )

    def _link_positions(self, rule: _Link) -> np.ndarray:
        """Return, for each synapse, the position in the linked variable's storage."""
        source, count = rule.group, self.N
        size = len(source)
        if rule.index is not None:
            variable = self.variables[rule.index]
            if isinstance(variable, Subexpression):
                values = self._evaluate(rule.index, np.arange(count, dtype=np.int32), {})
            else:
                values = variable.get_value()[:count]
            positions = np.asarray(values, dtype=np.int64)
            if positions.size and (positions.min() < 0 or positions.max() >= size):
                bad = positions[(positions < 0) | (positions >= size)][0]
                raise IndexError(
                    f"The index '{rule.index}' of the linked variable '{rule.name}' of "
                    f"'{self.name}' is {bad} for a synapse, outside the range 0 to {size - 1} "
                    f"of '{source.name}'"
                )
        elif size == 1:
            positions = np.zeros(count, dtype=np.int64)
        elif size == count:
            positions = np.arange(count, dtype=np.int64)
        else:
            raise ValueError(
                f"Cannot link variable '{rule.name}' to '{rule.varname}', the size of the target "
                f"group does not match ({count} != {size}): '{self.name}' has {count} synapses "
                f"and '{source.name}' {size} elements. Give an index variable of the synapses, "
                f"e.g. linked_var({source.name}, '{rule.varname}', index='j') for each "
                "synapse's postsynaptic neuron (index='i': its presynaptic neuron)"
            )
        source_index = source.variables.indices.get(rule.varname, "_idx")
        if source_index != "_idx":  # a subgroup: positions in its parent's storage
            positions = np.asarray(source.variables[source_index].get_value())[positions]
        return positions.astype(np.int32)

    def _refresh_links(self) -> None:
        """Recompute every link's positions for the current synapses."""
        for rule in self._links.values():
            positions = self._link_positions(rule)
            array = self.variables[rule.array]
            assert isinstance(array, DynamicArrayVariable)  # made by _link
            array.resize(len(positions))
            array.get_value()[:] = positions

    def resolve(self, name: str, run_namespace: Mapping[str, Any] | None = None) -> Any:
        """Resolve ``name`` (see `Group.resolve`); a linked variable must have been linked."""
        if name not in self.variables and name in self.__dict__.get("_linked", {}):
            raise ModelError(
                f"The linked variable '{name}' of '{self.name}' has not been linked: set it "
                f"with {self.name}.{name} = linked_var(group, 'variable', index='j') before "
                "running",
                variable=name,
            )
        return super().resolve(name, run_namespace)

    def _linked_names(self) -> set[str]:
        """Return the names of the linked variables that have been linked."""
        return set(self._links) | self._links_without_array()
