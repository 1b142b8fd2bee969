"""Every implementation of every function gives the same values, of the same kind.

Each function of the language has one spec (`engine.parsing.function_table`) with an
implementation for the numpy target, one for compiled code and one for constants. Over a grid of
arguments — negative, zero, tiny, large, non-integer, infinite, NaN, booleans and integers — the
three must agree: numpy's generated code and the constant evaluator on the value and on its kind
(boolean, integer or float, the one the spec says), compiled code bit for bit with numpy. A
constant is refused exactly where the value has no meaning (NaN, or an integer beyond the
function's range), where the targets still agree with each other.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pytest

from engine.codegen.abstractcode import AbstractCode
from engine.codegen.cython import CythonTarget
from engine.codegen.cython import build as cython_build
from engine.codegen.numpy import NumpyTarget
from engine.codegen.operations import Array, Operation, Value
from engine.equations import evaluate_constant
from engine.errors import ExpressionError
from engine.parsing import DEFAULT_FUNCTIONS, FunctionSpec, parse_statements
from engine.rng import seed

INF, NAN = math.inf, math.nan
#: Argument values by kind; integers stay within 32 bits (numpy's int32 arrays hold them).
VALUES = {
    "boolean": [False, True],
    "integer": [-(2**31) + 1, -1000, -7, -1, 0, 1, 3, 1000, 2**31 - 1],
    "float": [
        *(-1e300, -3e9, -750.5, -20.25, -2.5, -1.0, -0.5, -1e-300, -0.0),
        *(0.0, 1e-300, 0.3, 0.5, 1.0, 2.5, 3.7, 20.25, 750.5, 3e9, 1e300),
        *(INF, -INF, NAN),
    ],
}
#: The bounds of ``clip`` by kind, including reversed and NaN ones.
BOUNDS = {
    "boolean": [(False, True), (True, False)],
    "integer": [(0, 1), (-3, 7), (2, -2)],
    "float": [(-1.5, 2.5), (0.0, 0.0), (1.0, -1.0), (-INF, INF), (NAN, 1.0), (0.0, NAN)],
}
#: ``timestep(t, dt)``: times and steps by kind (a time is a number of seconds).
TIMES = {
    "integer": [-3, 0, 1, 5, 1000],
    "float": [-0.5, 0.0, 1e-4, 0.1, 0.25, 0.3, 1.0, 2.5, 1e6, 1e300, INF, NAN],
}
STEPS = {"integer": [1, 3], "float": [1e-4, 0.1, 0.3]}
DTYPES = {"boolean": np.bool_, "integer": np.int32, "float": np.float64}
#: The integers each integer function gives (numpy's and C's types).
INTEGER_RANGE = {"int": np.iinfo(np.int32), "timestep": np.iinfo(np.int64)}

DETERMINISTIC = sorted(name for name, spec in DEFAULT_FUNCTIONS.items() if not spec.stateful)
NO_COMPILER = cython_build.compiler_problem()


@dataclass(frozen=True)
class Case:
    """Calls of one function over a grid, one element per argument tuple.

    With ``same``, the arguments after the first are constants of the model, the same for every
    element (numpy may compute such calls with another loop: ``clip`` does).
    """

    name: str
    kinds: tuple[str, ...]
    arguments: tuple[tuple, ...]
    same: bool = False

    @property
    def id(self) -> str:
        later = f" = {self.arguments[0][1:]}" if self.same else ""
        return f"{self.name}({', '.join(self.kinds)}){later}"

    def names(self) -> dict[str, Array | Value]:
        """What each argument ``a0``, ``a1``... is: an array, or a constant."""
        names: dict[str, Array | Value] = {}
        for k, kind in enumerate(self.kinds):
            if self.same and k > 0:
                names[f"a{k}"] = Value(self.arguments[0][k])
            else:
                names[f"a{k}"] = Array(f"A{k}", np.dtype(DTYPES[kind]))
        return names

    def storage(self) -> dict[str, np.ndarray]:
        return {
            name.storage: np.array([a[k] for a in self.arguments], dtype=name.dtype)
            for k, name in enumerate(self.names().values())
            if isinstance(name, Array)
        }

    def call(self) -> str:
        return f"{self.name}({', '.join(f'a{k}' for k in range(len(self.kinds)))})"


def cases(spec: FunctionSpec) -> list[Case]:
    """The calls of ``spec`` over the grid, per combination of argument kinds."""
    if spec.name == "clip":
        grids = [
            ((x, bound, bound), [(v, *b) for v, b in itertools.product(VALUES[x], BOUNDS[bound])])
            for x, bound in itertools.product(VALUES, BOUNDS)
        ]
    elif spec.name == "timestep":
        grids = [
            ((t, dt), list(itertools.product(TIMES[t], STEPS[dt])))
            for t, dt in itertools.product(TIMES, STEPS)
        ]
    else:
        assert spec.arity == 1, f"add a grid for '{spec.name}'"
        return [Case(spec.name, (kind,), tuple((v,) for v in VALUES[kind])) for kind in VALUES]
    found = []
    for kinds, arguments in grids:
        found.append(Case(spec.name, kinds, tuple(arguments)))
        for later in dict.fromkeys(a[1:] for a in arguments):
            same = tuple(a for a in arguments if a[1:] == later)
            found.append(Case(spec.name, kinds, same, same=True))
    return found


ALL_CASES = [case for name in DETERMINISTIC for case in cases(DEFAULT_FUNCTIONS[name])]
#: The calls a constant can be: every argument is one value (the later ones constants).
CONSTANT_CASES = [case for case in ALL_CASES if case.same or len(case.kinds) == 1]


def expected_kind(spec: FunctionSpec, kinds: tuple[str, ...]) -> str:
    """The kind of result the spec promises (a condition counts as an integer in 'highest')."""
    if spec.returns == "highest":
        return "float" if "float" in kinds else "integer"
    return spec.returns


def kind_of(value: object) -> str:
    """The kind of a value: of a Python number, or of a numpy array's elements."""
    if isinstance(value, np.ndarray):
        return {"b": "boolean", "i": "integer", "u": "integer", "f": "float"}[value.dtype.kind]
    if isinstance(value, bool):
        return "boolean"
    return "integer" if isinstance(value, int) else "float"


def operation(template: str, code: str, names: dict, storage: dict, size: int) -> Operation:
    statements = tuple(parse_statements(code, allow_internal_names=True))
    return Operation(
        f"{template} of {code}", template, AbstractCode((), statements), names, storage, size
    )


def on_numpy(case: Case) -> np.ndarray:
    """The values of the calls as generated numpy code computes them, with their dtype."""
    size = len(case.arguments)
    code = NumpyTarget().compile(
        operation(
            "group_variable_get", f"_value = {case.call()}", case.names(), case.storage(), size
        )
    )
    with np.errstate(all="ignore"):
        return np.asarray(code(np.arange(size)))


def beyond_range(name: str, argument: tuple) -> bool:
    """Whether an integer function's exact result is not one of the integers it gives."""
    if name not in INTEGER_RANGE:
        return False
    value = (argument[0] + 1e-3 * argument[1]) / argument[1] if name == "timestep" else argument[0]
    bounds = INTEGER_RANGE[name]
    return not math.isfinite(value) or not bounds.min <= math.trunc(value) <= bounds.max


@pytest.mark.parametrize("case", CONSTANT_CASES, ids=lambda case: case.id)
def test_numpy_and_constants_agree_on_values_and_kinds(case):
    spec = DEFAULT_FUNCTIONS[case.name]
    values = on_numpy(case)
    assert kind_of(values) == expected_kind(spec, case.kinds)
    for argument, value in zip(case.arguments, values.tolist(), strict=True):
        namespace = {f"a{k}": a for k, a in enumerate(argument)}
        if beyond_range(case.name, argument) or (isinstance(value, float) and value != value):
            with pytest.raises(ExpressionError):  # no meaning: NaN, or beyond the integers
                evaluate_constant(case.call(), namespace)
            continue
        constant = evaluate_constant(case.call(), namespace)
        assert kind_of(constant) == kind_of(values), argument
        assert np.array_equal(np.float64(constant), np.float64(value)), argument
        assert math.copysign(1, constant) == math.copysign(1, value), argument  # -0.0


@pytest.mark.skipif(NO_COMPILER is not None, reason=f"no compiled code here: {NO_COMPILER}")
def test_compiled_code_gives_numpys_values_bit_for_bit():
    targets = {"numpy": NumpyTarget(), "cython": CythonTarget()}
    runs = []
    for case in ALL_CASES:
        size = len(case.arguments)
        results = {key: np.full(size, -1.0) for key in targets}
        compiled = []
        for key, target in targets.items():
            names = {**case.names(), "r": Array("R", np.dtype(np.float64))}
            storage = {**case.storage(), "R": results[key]}
            code = operation("stateupdate", f"r = {case.call()}", names, storage, size)
            compiled.append(target.compile(code))
        runs.append((case.id, compiled, results, on_numpy(case)))
    with np.errstate(all="ignore"):
        for what, compiled, results, expected in runs:
            for code_object in compiled:
                code_object()  # the first compiled one builds the module of every case
            assert_same_bits(results["cython"], results["numpy"], what)
            assert_same_bits(results["numpy"], expected.astype(np.float64), what)
    assert targets["cython"].builds <= 1  # one module for every case (or found in the cache)


def assert_same_bits(found: np.ndarray, expected: np.ndarray, what: str) -> None:
    nan = np.isnan(expected)
    assert np.array_equal(np.isnan(found), nan), what
    assert np.array_equal(found[~nan].view(np.int64), expected[~nan].view(np.int64)), what


@pytest.mark.parametrize("name", sorted(n for n, s in DEFAULT_FUNCTIONS.items() if s.stateful))
def test_random_functions_give_their_kind_and_are_refused_in_constants(name):
    spec = DEFAULT_FUNCTIONS[name]
    arguments = ", ".join(["mean"] * spec.arity)
    names = {"mean": Array("MEAN", np.dtype(np.float64))}
    storage = {"MEAN": np.full(5, 2.5)}
    code = operation("group_variable_get", f"_value = {name}({arguments})", names, storage, 5)
    seed(1)
    values = NumpyTarget().compile(code)(np.arange(5))
    assert kind_of(np.asarray(values)) == spec.returns
    with pytest.raises(ExpressionError, match="new random value each time"):
        evaluate_constant(f"{name}({arguments})", {"mean": 2.5})


@pytest.mark.skipif(NO_COMPILER is not None, reason=f"no compiled code here: {NO_COMPILER}")
@pytest.mark.parametrize("name", ["rand", "randn"])
def test_compiled_random_numbers_are_numpys(name):
    found = {}
    for target in (NumpyTarget(), CythonTarget()):
        result = np.zeros(1000)
        names = {"r": Array("R", np.dtype(np.float64))}
        code = target.compile(operation("stateupdate", f"r = {name}()", names, {"R": result}, 1000))
        seed(7)
        code()
        found[target.name] = result
    assert_same_bits(found["cython"], found["numpy"], name)
    assert len(np.unique(found["numpy"])) == 1000
