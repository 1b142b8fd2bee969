"""Creating synapses: `connect`, `check_connect` and the checks of their expressions.

`SynapticConnection` checks the arguments of a ``connect`` call, translates a condition into a
generator (as Brian 2 does), compiles the expressions with the code target, and appends the
resulting pairs (see `engine.synapses.connect` for how the pairs are generated).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine import rng
from engine.codegen.abstractcode import AbstractCode, make_statement
from engine.codegen.operations import Array, Operation
from engine.core.namespace import caller_namespace
from engine.core.operations import current_target, describe
from engine.core.sizes import count_problem
from engine.core.variables import (
    DynamicArrayVariable,
    Subexpression,
)
from engine.equations import (
    INTEGER,
    NameInfo,
    expression_dimensions,
    expression_type,
)
from engine.errors import ModelError, errors_in
from engine.parsing import parse_expression
from engine.synapses.connect import Sides, generate_pairs, naming_arguments
from engine.synapses.generator_syntax import ConnectionGenerator, parse_connection
from engine.synapses.indexing import SynapticIndexing
from engine.units import DIMENSIONLESS

__all__ = ["GeneratorTypeError", "SynapticConnection"]


class GeneratorTypeError(ModelError, TypeError):
    """A part of a connect call that must be an integer and is not (``range(2.0)``).

    A `ModelError` (placed in the expression) that is also the TypeError Brian 2 raises.
    """


class SynapticConnection(SynapticIndexing):
    """The ``connect`` machinery of `engine.synapses.synapses.Synapses`."""

    def connect(
        self,
        condition: str | bool | None = None,
        i: Any = None,
        j: Any = None,
        p: float | str = 1.0,
        n: int | str = 1,
        skip_if_invalid: bool = False,
        namespace: Mapping[str, Any] | None = None,
        level: int = 0,
    ) -> None:
        """Create synapses (added to those already created).

        Parameters
        ----------
        condition
            A condition on pairs (``"i != j"``, may use pre- and postsynaptic values), or
            True for every pair (the default when neither ``i`` nor ``j`` is given).
        i, j
            Arrays (or numbers) of presynaptic and postsynaptic indices, connected pairwise;
            or, for one of them, an expression or generator giving the connected neurons of
            each neuron on the other side (``j='i'``, ``j='k for k in range(i-2, i+3)'``).
        p
            The probability of each pair (a number, or an expression of ``i``, ``j`` and the
            neurons' values).
        n
            Synapses per connected pair (a number or an expression).
        skip_if_invalid
            With a generator, leave out pairs outside the groups instead of failing.
        namespace
            Names for the expressions (default: those where connect is called).
        level
            Accepted for compatibility with Brian 2.

        Raises
        ------
        TypeError, ValueError
            For invalid combinations of arguments.
        IndexError
            For neurons outside their groups.
        ModelError
            For invalid expressions (with the place of the problem).
        """
        if namespace is None:
            namespace = caller_namespace()
        n = _count_argument(n)
        self._connect_called = True
        old = self.N
        with naming_arguments(condition, i, j):
            request = self._connect_request(condition, i, j, p, n, skip_if_invalid, namespace)
            if request is None:
                return  # connect(False): no synapses
            generator, over_pre = request
            if generator is None:
                self._connect_arrays(i, j, p, n)
            else:
                self._connect_generator(generator, n, skip_if_invalid, namespace, over_pre)
        self._update_counts(old)

    def check_connect(
        self,
        condition: str | bool | None = None,
        i: Any = None,
        j: Any = None,
        p: float | str = 1.0,
        n: int | str = 1,
        skip_if_invalid: bool = False,
        namespace: Mapping[str, Any] | None = None,
    ) -> None:
        """Check the arguments of a `connect` call without creating any synapse.

        Runs every check `connect` makes before it creates synapses — the combination and
        types of the arguments, the names, units and types of each expression (condition,
        ``p``, ``n``, generator), and the range of index arrays — and nothing else: no code
        is generated, no random number drawn. An editor can call it on every keystroke.

        Parameters
        ----------
        condition, i, j, p, n, skip_if_invalid, namespace
            As for `connect`.

        Raises
        ------
        TypeError, ValueError, IndexError, ModelError
            As `connect` would.
        """
        if namespace is None:
            namespace = caller_namespace()
        n = _count_argument(n)
        with naming_arguments(condition, i, j):
            request = self._connect_request(condition, i, j, p, n, skip_if_invalid, namespace)
        if request is not None and request[0] is None:
            self._index_arrays(i, j, p, n)

    def _connect_request(
        self,
        condition: str | bool | None,
        i: Any,
        j: Any,
        p: float | str,
        n: int | str,
        skip_if_invalid: bool,
        namespace: Mapping[str, Any],
    ) -> tuple[ConnectionGenerator | None, bool] | None:
        """Check what a `connect` call asks for (index arrays are checked by `_index_arrays`).

        Returns the generator of the pairs and whether it runs over the presynaptic neurons;
        ``(None, True)`` for arrays of indices; None when no synapses are asked for.
        """
        _check_connect_types(condition, i, j, p, n)
        if condition is None and i is None and j is None:
            condition = True
        if condition is not None:
            if i is not None or j is not None:
                raise ValueError("Give either a condition or i and j, not both")
            if condition is False or condition == "False":
                return None
            generator = self._condition_generator(condition, p, namespace)
            over_pre = True
        elif i is not None and j is not None and not (isinstance(i, str) or isinstance(j, str)):
            if skip_if_invalid:
                raise ValueError("skip_if_invalid can only be used with a generator")
            return None, True
        elif isinstance(j, str) or isinstance(i, str):
            over_pre = isinstance(j, str)
            text, other = (j, i) if over_pre else (i, j)
            if other is not None:
                raise TypeError(
                    f"A generator for {'j' if over_pre else 'i'} cannot be combined with "
                    f"{'i' if over_pre else 'j'}"
                )
            if isinstance(p, str) or p != 1:
                raise ValueError("A generator cannot be combined with p: use sample(..., p=...)")
            generator = parse_connection(text, "i" if over_pre else "j")
        else:
            raise ValueError("connect needs a condition, or both i and j, or a generator")
        outer, result = ("i", "j") if over_pre else ("j", "i")
        self._check_generator(generator, n, namespace, (outer, result, generator.variable))
        return generator, over_pre

    def _condition_generator(
        self, condition: str | bool, p: float | str, namespace: Mapping[str, Any]
    ) -> ConnectionGenerator:
        """Brian 2's translation of ``connect(condition, p=...)`` into a generator over j."""
        text = "True" if condition is True else str(condition)
        if "for" in text.split():
            raise ValueError(
                f"A generator was given as the condition: write connect(j='{text}') instead"
            )
        lookup = self._connect_lookup(namespace, ("i", "j"))
        with errors_in("condition"):
            expression = parse_expression(text)
            expression_dimensions(expression, lookup)
            if expression_type(expression, lookup) != "boolean":
                raise ModelError(
                    f"The condition '{text}' is not a condition (a boolean expression)",
                    expression.span,
                    text,
                )
        if isinstance(p, str):
            with errors_in("p"):
                p_expression = parse_expression(p)
                if expression_dimensions(p_expression, lookup) is not DIMENSIONLESS:
                    raise ModelError(f"The probability '{p}' must be dimensionless")
            if self._depends_on(p, "j", (), namespace):
                return ConnectionGenerator(
                    "j",
                    "j",
                    "range",
                    "0",
                    "N_post",
                    "1",
                    None,
                    None,
                    f"({text}) and rand() < ({p})",
                    text,
                )
            return ConnectionGenerator("j", "j", "sample", "0", "N_post", "1", p, None, text, text)
        if p == 1:
            return ConnectionGenerator(
                "j", "j", "range", "0", "N_post", "1", None, None, text, text
            )
        return ConnectionGenerator(
            "j", "j", "sample", "0", "N_post", "1", repr(float(p)), None, text, text
        )

    def _connect_arrays(self, i: Any, j: Any, p: float | str, n: int | str) -> None:
        pre, post, counts = self._index_arrays(i, j, p, n)
        if not isinstance(p, str) and p != 1:  # (an expression was refused above)
            keep = rng.generator().random(len(pre)) < p
            pre, post, counts = pre[keep], post[keep], counts[keep]
        self._add_synapses(np.repeat(pre, counts), np.repeat(post, counts))

    def _index_arrays(
        self, i: Any, j: Any, p: float | str, n: int | str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the pairs of indices and their counts, checked against the groups' sizes."""
        if isinstance(n, str):
            raise TypeError("Arrays of indices cannot be combined with an expression for n")
        if isinstance(p, str):
            raise TypeError("Arrays of indices cannot be combined with an expression for p")
        pre, post = (_index_array(x, name) for x, name in ((i, "i"), (j, "j")))
        pre, post, counts = np.broadcast_arrays(pre, post, np.asarray(n))
        if pre.ndim > 1:
            raise ValueError("Indices must be one-dimensional")
        for values, size, side in (
            (pre, self._source_stop - self._source_start, "source"),
            (post, self._target_stop - self._target_start, "target"),
        ):
            if values.size and (values.min() < 0 or values.max() >= size):
                group = self.source if side == "source" else self.target
                raise IndexError(
                    f"The {side} indices contain values outside the range 0 to {size - 1} of "
                    f"'{group.name}'"
                )
        return pre, post, counts

    def _connect_generator(
        self,
        generator: ConnectionGenerator,
        n: int | str,
        skip_if_invalid: bool,
        namespace: Mapping[str, Any],
        over_pre: bool,
    ) -> None:
        outer, result = ("i", "j") if over_pre else ("j", "i")
        sizes = (self._source_stop - self._source_start, self._target_stop - self._target_start)
        sides = Sides(outer, result, *(sizes if over_pre else sizes[::-1]))
        parameters = (outer, result, generator.variable)  # checked by _connect_request
        evaluate = self._connect_evaluator(namespace, parameters)

        def depends_on_result(text: str) -> bool:
            return self._depends_on(text, result, (generator.variable,), namespace)

        def uses_result_index(text: str) -> bool:  # random numbers are drawn per candidate
            return self._depends_on(text, result, (), namespace, random_varies=False)

        outer_parts, result_parts = [], []
        for outer_values, result_values in generate_pairs(
            generator,
            sides,
            evaluate,
            depends_on_result,
            n,
            skip_if_invalid,
            rng.generator(),
            uses_result_index,
        ):
            outer_parts.append(outer_values)
            result_parts.append(result_values)
        if not outer_parts:
            return
        # Added at once: growing the per-synapse arrays batch by batch would leave them with up
        # to twice the memory they need (the arrays double their capacity when they grow).
        outer_values, result_values = np.concatenate(outer_parts), np.concatenate(result_parts)
        del outer_parts, result_parts
        pre, post = (outer_values, result_values) if over_pre else (result_values, outer_values)
        self._add_synapses(pre, post)

    def _check_generator(
        self,
        generator: ConnectionGenerator,
        n: int | str,
        namespace: Mapping[str, Any],
        parameters: tuple[str, ...],
    ) -> None:
        """Check the units and types of every expression of a generator before using it."""
        lookup = self._connect_lookup(namespace, parameters)
        integers: list[tuple[str, str | None]] = [
            ("element", generator.element),
            ("low", generator.low),
        ]
        integers += [("high", generator.high), ("step", generator.step), ("size", generator.size)]
        if isinstance(n, str):
            integers.append(("n", n))
        for part, text in integers:
            if text is None:
                continue
            with errors_in(part):
                expression = parse_expression(text)
                expression_dimensions(expression, lookup)
                if expression_type(expression, lookup) != INTEGER:
                    raise GeneratorTypeError(
                        f"The {part} '{text}' of '{generator.text}' must be an integer expression",
                        expression.span,
                        text,
                        "Use int(...) to turn a value into an integer.",
                    )
        if generator.p is not None:
            with errors_in("p"):
                expression = parse_expression(generator.p)
                if expression_dimensions(expression, lookup) is not DIMENSIONLESS:
                    raise ModelError(f"The probability '{generator.p}' must be dimensionless")
        if generator.condition is not None:
            with errors_in("condition"):
                expression = parse_expression(generator.condition)
                expression_dimensions(expression, lookup)
                if expression_type(expression, lookup) != "boolean":
                    raise ModelError(
                        f"The condition '{generator.condition}' is not a condition",
                        expression.span,
                        generator.condition,
                    )

    def _connect_lookup(self, namespace: Mapping[str, Any], parameters: Sequence[str]) -> Any:
        """Return a unit-checker lookup for connect expressions (indices are integers)."""
        base = self.lookup(namespace)
        index = NameInfo(DIMENSIONLESS, INTEGER, read_only=True)

        def lookup(name: str) -> Any:
            if name in parameters:
                return index
            self._refuse_in_connect(name)
            return base(name)

        return lookup

    def _refuse_in_connect(self, name: str) -> None:
        if name in ("N_incoming", "N_outgoing"):
            raise ModelError(f"connect cannot use '{name}': it counts the synapses being created")
        variable = self.variables.get(name)
        index = self.variables.indices.get(name)
        if variable is not None and index not in (
            "_idx",
            "0",
            "_presynaptic_idx",
            "_postsynaptic_idx",
        ):
            raise ModelError(
                f"connect cannot use the linked variable '{name}': it is reached through the "
                "synapses, which do not exist yet; use the variable it is linked to "
                "('v_post', 'v_pre')"
            )
        if (
            variable is not None
            and variable.owner == self.name
            and self.variables.indices[name] == "_idx"
            and not name.startswith("_")
        ):
            raise ModelError(
                f"connect cannot use the synaptic variable '{name}': synapses have no values "
                "before they exist"
            )

    def _depends_on(
        self,
        text: str,
        result: str,
        extra: Sequence[str],
        namespace: Mapping[str, Any],
        random_varies: bool = True,
    ) -> bool:
        """Whether an expression varies with the result side of a connect call.

        With ``random_varies``, an expression drawing random numbers varies (one draw per
        candidate pair); without, only the names it uses count.
        """
        result_index = "_postsynaptic_idx" if result == "j" else "_presynaptic_idx"
        pending = list(parse_expression(text).identifiers)
        functions = parse_expression(text).functions
        seen: set[str] = set()
        stateful = (getattr(self.resolve(f, namespace), "stateful", False) for f in functions)
        if random_varies and any(stateful):
            return True  # one draw per candidate pair
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name == result or name in extra:
                return True
            variable = self.variables.get(name)
            if variable is None:
                continue
            index = self.variables.indices[name]
            if index == result_index:
                return True
            if isinstance(variable, Subexpression):
                pending.extend(variable.identifiers)
        return False

    def _connect_evaluator(self, namespace: Mapping[str, Any], parameters: tuple[str, ...]) -> Any:
        """Return ``evaluate(text, values)`` for connect expressions (compiled once each)."""
        compiled: dict[str, Any] = {}
        names = tuple(dict.fromkeys(parameters))
        pre_start, post_start = self._source_start, self._target_start

        def evaluate(text: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
            function = compiled.get(text)
            if function is None:
                function = compiled[text] = self._compile_connect_expression(text, names, namespace)
            size = len(next(iter(values.values())))
            arguments = [values.get(name, np.zeros(size, dtype=np.int64)) for name in names]
            pre = values["i"] + pre_start if "i" in values else np.zeros(size, dtype=np.int64)
            post = values["j"] + post_start if "j" in values else np.zeros(size, dtype=np.int64)
            return function(pre, post, *arguments)

        return evaluate

    def _compile_connect_expression(
        self, text: str, parameters: tuple[str, ...], namespace: Mapping[str, Any]
    ) -> Any:
        expression = parse_expression(text)
        expression_dimensions(expression, self._connect_lookup(namespace, parameters))
        needed = {*expression.identifiers, *expression.functions} - set(parameters)
        resolved = self._variables_for(needed, namespace)
        for name in ("_presynaptic_idx", "_postsynaptic_idx", "_synaptic_pre", "_synaptic_post"):
            resolved.pop(name, None)
        names, storage = describe(resolved, self.variables)
        raw = {"_presynaptic_idx": "_raw_pre_idx", "_postsynaptic_idx": "_raw_post_idx"}
        for name, described in list(names.items()):
            if isinstance(described, Array) and described.index in raw:
                names[name] = Array(
                    described.storage, described.dtype, raw[described.index], described.dynamic
                )
        statement = make_statement("_value", text)
        operation = Operation(
            f"_{self.name}_connect",
            "synapses_expression",
            AbstractCode((), (statement,)),
            names,
            storage,
            0,
            self.name,
            {"parameters": parameters},
        )
        return current_target().compile(operation)

    def _add_synapses(self, pre: np.ndarray, post: np.ndarray) -> None:
        """Append synapses (indices relative to the source and target groups)."""
        count = len(pre)
        if count == 0:
            return
        old = self.N
        new = old + count
        for variable in self._per_synapse_arrays():
            variable.resize(new)
        self.variables["_synaptic_pre"].get_value()[old:] = pre + self._source_start
        self.variables["_synaptic_post"].get_value()[old:] = post + self._target_start
        self.variables["N"].get_value()[0] = new

    def _per_synapse_arrays(self) -> list[DynamicArrayVariable]:
        return [
            variable
            for name, variable in self.variables.items()
            if isinstance(variable, DynamicArrayVariable)
            and variable.owner == self.name
            and self.variables.indices[name] == "_idx"
        ]

    def _grow_target_counts(self) -> None:
        """Give ``N_incoming`` a count for every element of a target that grew.

        Only a Synapses target grows (synapses acting on synapses): its own ``connect``
        calls add elements after this object was created.
        """
        incoming = self.variables["N_incoming"]
        assert isinstance(incoming, DynamicArrayVariable)  # made by _create_variables
        if self._target_stop > incoming.size:
            incoming.resize(self._target_stop)

    def _refresh_links(self) -> None:
        """Recompute what depends on the synapses' indices (a hook: see SynapticLinks)."""

    def _update_counts(self, old: int) -> None:
        """Count the new synapses per neuron; number the synapses of each pair."""
        self._grow_target_counts()
        pre = self.variables["_synaptic_pre"].get_value()
        post = self.variables["_synaptic_post"].get_value()
        outgoing = self.variables["N_outgoing"].get_value()
        incoming = self.variables["N_incoming"].get_value()
        outgoing += np.bincount(pre[old:], minlength=len(outgoing)).astype(outgoing.dtype)
        incoming += np.bincount(post[old:], minlength=len(incoming)).astype(incoming.dtype)
        if self.multisynaptic_index is not None:
            pairs = pre.astype(np.int64) * (int(post.max(initial=0)) + 1) + post
            order = np.argsort(pairs, kind="stable")
            sorted_pairs = pairs[order]
            starts = np.flatnonzero(np.r_[True, sorted_pairs[1:] != sorted_pairs[:-1]])
            sizes = np.diff(np.r_[starts, len(order)])
            numbers = np.empty(len(order), dtype=np.int32)
            numbers[order] = np.arange(len(order)) - np.repeat(starts, sizes)
            self.variables[self.multisynaptic_index].get_value()[:] = numbers
        self._refresh_links()


def _count_argument(n: Any) -> Any:
    """Return ``n`` with a boolean as the integer it is (Brian 2 takes ``n=True`` as 1)."""
    return int(n) if isinstance(n, (bool, np.bool_)) else n


def _index_array(values: Any, name: str) -> np.ndarray:
    if hasattr(values, "_indices"):
        values = values._indices()
    array = np.asarray(values)
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"The indices {name} must be integers, not {array.dtype}")
    return array.astype(np.int64)


def _check_connect_types(condition: Any, i: Any, j: Any, p: Any, n: Any) -> None:
    if condition is not None and not isinstance(condition, (bool, str)):
        raise TypeError(
            "The condition must be a string or a boolean; to connect given neurons use "
            "connect(i=..., j=...)"
        )
    for value, name in ((i, "i"), (j, "j")):
        if value is not None and not (
            isinstance(value, (numbers.Integral, np.ndarray, Sequence, str))
            or hasattr(value, "_indices")
        ):
            raise TypeError(f"{name} must be an index, an array of indices, or a string")
    if not isinstance(p, (numbers.Real, str)) or isinstance(p, bool):
        raise TypeError("p must be a number or a string")
    if not isinstance(n, (numbers.Integral, str)):
        raise TypeError("n must be an integer or a string")
    if not isinstance(n, str):
        wrong = count_problem(n, "n (synapses per pair)", minimum=0)
        if wrong is not None:
            raise ValueError(wrong)
