"""One spec per function: every part of the engine reads the language's functions from it.

The values each implementation computes are compared in
``tests/engine/codegen/test_function_values.py``; here: each function has all its
implementations, the checks of the language (argument counts, units, result types) and the sympy
form come from the same spec, the derived tables hold what the specs say, and `register` is the
one way in.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest
import sympy

from engine.codegen.cython import functions as compiled_functions
from engine.codegen.numpy import namespace_of
from engine.codegen.numpy.renderer import FUNCTION_PREFIX
from engine.codegen.operations import Operation
from engine.equations import (
    Equations,
    ModelNamespace,
    evaluate_constant,
    expression_dimensions,
    model_variables,
)
from engine.equations.unitcheck import UnitMismatchError, expression_type
from engine.errors import ExpressionError
from engine.parsing import DEFAULT_FUNCTIONS, FunctionSpec, SameAs, parse_expression
from engine.parsing.function_table import CImplementation, FunctionTable
from engine.parsing.sympytools import clip, exprel, int_, str_to_sympy, symbol, sympy_to_str
from engine.units import DIMENSIONLESS, volt

SPECS = sorted(DEFAULT_FUNCTIONS.values(), key=lambda spec: spec.name)
IDS = [spec.name for spec in SPECS]

#: A model with a variable of each kind and unit the rules need.
MODEL = "v : volt\nw : volt\nx : 1\nk : integer\nb : boolean\ntau : second"
#: A variable for each argument unit rule, and one of a unit the rule refuses (if any).
FITTING = {"any": "v", "dimensionless": "x", "time": "tau"}
REFUSED = {"dimensionless": "v", "time": "x"}
#: A variable of each type (for rules that take any unit).
OF_TYPE = {"float": "x", "integer": "k", "boolean": "b"}


def lookup():
    return ModelNamespace(model_variables(Equations(MODEL)), {})


def arguments_for(spec: FunctionSpec) -> list[str]:
    """Arguments that fit the spec's unit rules."""
    chosen: list[str] = []
    for rule in spec.arguments:
        chosen.append(chosen[rule.index] if isinstance(rule, SameAs) else FITTING[rule])
    return chosen


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_function_has_all_its_implementations(spec):
    assert callable(spec.numpy)
    # A constant gives one value: random functions have none.
    assert (spec.constant is None) == spec.stateful
    if spec.name == "poisson":  # draws depend on each element's mean: it stays on numpy
        assert spec.c is None
        return
    assert spec.c is not None
    # Random functions are drawn by numpy's C sampler, the others computed by a C call.
    assert (spec.c.sampler is not None) == spec.stateful
    assert (spec.c.call is not None) != spec.stateful


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_unit_checker_counts_arguments_as_the_spec_says(spec):
    expression = parse_expression(f"{spec.name}({', '.join(['x'] * (spec.arity + 1))})")
    with pytest.raises(ExpressionError, match=f"'{spec.name}' takes {spec.arity} argument"):
        expression_dimensions(expression, lookup())


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_unit_checker_applies_the_specs_unit_rules(spec):
    arguments = arguments_for(spec)
    found = expression_dimensions(
        parse_expression(f"{spec.name}({', '.join(arguments)})"), lookup()
    )
    first = volt.dim if arguments and arguments[0] == "v" else None
    expected = {"dimensionless": DIMENSIONLESS, "first": first, "sqrt": first and first**0.5}
    assert found is expected[spec.result]
    for position, rule in enumerate(spec.arguments):
        if isinstance(rule, SameAs):  # a unit other than that argument's
            refused = "x" if arguments[rule.index] == "v" else "v"
        elif rule in REFUSED:
            refused = REFUSED[rule]
        else:
            continue
        wrong = [*arguments]
        wrong[position] = refused
        with pytest.raises(UnitMismatchError, match=f"Argument {position + 1} of '{spec.name}'"):
            expression_dimensions(parse_expression(f"{spec.name}({', '.join(wrong)})"), lookup())


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize("kind", sorted(OF_TYPE))
def test_the_type_of_a_call_is_the_specs(spec, kind):
    arguments = [OF_TYPE[kind] if name in ("v", "x") else name for name in arguments_for(spec)]
    found = expression_type(parse_expression(f"{spec.name}({', '.join(arguments)})"), lookup())
    if spec.returns == "highest":
        assert found == ("float" if kind == "float" else "integer")
    else:
        assert found == spec.returns


def test_the_numpy_target_binds_each_functions_numpy_implementation():
    namespace = namespace_of(Operation("op", "stateupdate"))
    for spec in SPECS:
        assert namespace[FUNCTION_PREFIX + spec.name] is spec.numpy


def test_compiled_code_calls_what_the_specs_say():
    # With the C library for every function numpy may compute otherwise:
    library = dict.fromkeys(compiled_functions.library_names(), "libm")
    templates = compiled_functions.call_templates(library)
    assert templates == {spec.name: spec.c.call for spec in SPECS if spec.c and spec.c.call}
    cimported = {
        (line.split()[1], name.strip(","))
        for line in compiled_functions.cimport_lines().splitlines()
        for name in line.split()[3:]
    }
    support = compiled_functions.support_code(library)
    for spec in SPECS:
        if spec.c is None:
            continue
        assert set(spec.c.cimports) <= cimported
        code = spec.c.support
        for used in spec.c.uses:
            code = code.replace(f"{{{used}}}", templates[used].format("x"))
        assert code in support
    assert compiled_functions.drawn() == {"rand", "randn"}
    assert compiled_functions.sampler("randn") == "random_standard_normal_fill"


def test_a_function_numpy_computes_on_its_own_loop_is_called_so_and_its_users_follow():
    chosen = {name: "libm" for name in compiled_functions.library_names()}
    templates = compiled_functions.call_templates({**chosen, "expm1": "numpy"})
    assert templates["expm1"] == "_np_expm1({0})"
    assert "_np_expm1(x)" in compiled_functions.support_code({**chosen, "expm1": "numpy"})
    # Where neither way reproduces numpy, neither expm1 nor exprel (which uses it) is compiled.
    assert {"expm1", "exprel"} <= compiled_functions.not_compiled({**chosen, "expm1": None})


def test_sympy_forms_come_from_the_specs_and_print_back():
    own = {"exprel": exprel, "int_": int_, "clip": clip}
    for spec in SPECS:
        arguments = arguments_for(spec)
        text = f"{spec.name}({', '.join(arguments)})"
        converted = str_to_sympy(text)
        assert sympy_to_str(converted) == text
        if spec.sympy is not None:  # sympy knows it: sqrt(x) is x**(1/2)...
            function = own.get(spec.sympy) or getattr(sympy, spec.sympy)
            assert converted == function(*(symbol(name) for name in arguments))
        elif arguments:  # an opaque function of its own name
            assert type(converted).__name__ == spec.name


def test_sympy_folds_int_as_constants_are_computed_and_leaves_meaningless_values_alone():
    assert str_to_sympy("int(2.7)") == evaluate_constant("int(2.7)") == 2
    assert str_to_sympy("int(-2.7)") == evaluate_constant("int(-2.7)") == -2
    assert sympy_to_str(str_to_sympy("int(3e9)")) == "int(3000000000.0)"  # left to the targets
    with pytest.raises(ExpressionError, match="int\\(\\) gives 32-bit integers"):
        evaluate_constant("int(3e9)")


def test_conditions_count_as_numbers_in_constants_as_on_the_targets():
    # numpy's abs keeps a boolean and its exp computes one in float16
    assert evaluate_constant("abs(3 > 2)") == 1
    assert type(evaluate_constant("abs(3 > 2)")) is int
    assert evaluate_constant("exp(3 > 2)") == np.exp(1.0)
    assert evaluate_constant("int(3 > 2)") == 1


def spec(name: str = "twice", **changes) -> FunctionSpec:
    fields = {
        "arguments": ("dimensionless",),
        "numpy": lambda x: 2 * x,
        "constant": lambda x: 2 * x,
        "c": CImplementation("(2*{0})"),
        **changes,
    }
    return FunctionSpec(name, **fields)


def test_registering_makes_a_function_known_and_the_table_changes_only_so():
    table = FunctionTable()
    registered = table.register(spec())
    assert table["twice"] is registered
    assert list(table) == ["twice"]
    assert table.named_in_sympy("twice") is registered
    with pytest.raises(TypeError):  # no way in but register
        operator.setitem(table, "thrice", spec("thrice"))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (spec("exp"), "registered already"),
        (spec("_hidden"), "underscore"),
        (spec("dé"), "ASCII"),
        (spec("if"), "keyword"),
        (spec(c=CImplementation("(2*{1})")), "must use each of its 1 argument"),
        (spec(c=CImplementation("(2*{0})", "({0} + {1})")), "must use each of its 1 argument"),
        (spec(stateful=True), "no constant implementation"),
    ],
)
def test_registering_refuses_contradictions(bad, message):
    table = FunctionTable()
    table.register(spec("exp"))
    with pytest.raises(ValueError, match=message):
        table.register(bad)
