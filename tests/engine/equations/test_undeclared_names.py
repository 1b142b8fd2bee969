"""An undeclared name: first how to declare it (with its unit, when its use tells it), then
names that are close.

A model using ``I`` without declaring it used to get only "Did you mean 'i'?" (the neuron's
index). The error now says to declare it — ``I : amp`` in the equations, the unit inferred
from how the model uses the name — or to define a constant, and only then suggests names.
"""

import pytest

from engine.core import Network
from engine.equations import (
    Equations,
    ModelNamespace,
    check_code,
    check_condition,
    evaluate_constant,
    model_variables,
)
from engine.equations.inference import declaration_unit, infer_dimensions
from engine.errors import ModelError, UnresolvedIdentifierError
from engine.groups import NeuronGroup
from engine.input import PoissonGroup
from engine.parsing import parse_expression
from engine.units import (
    DIMENSIONLESS,
    Hz,
    Mohm,
    amp,
    farad,
    get_dimensions,
    metre,
    ms,
    mV,
    nS,
    pF,
    second,
    siemens,
    volt,
)

NAMESPACE = {"tau": 10 * ms, "El": -70 * mV, "R": 10 * Mohm, "C": 200 * pF, "gL": 10 * nS}


def lookup_for(model: str) -> ModelNamespace:
    return ModelNamespace(model_variables(Equations(model)), NAMESPACE, context="'neurons'")


def unresolved(check) -> UnresolvedIdentifierError:
    with pytest.raises(UnresolvedIdentifierError) as caught:
        check()
    return caught.value


@pytest.mark.parametrize(
    ("model", "name", "unit"),
    [
        ("dv/dt = (El - v + R*I)/tau : volt", "I", "amp"),
        ("dv/dt = (El - v)/tau + I/C : volt", "I", "amp"),
        ("dv/dt = (El - v + I/gL)/tau : volt", "I", "amp"),
        ("dv/dt = g*(El - v)/C : volt", "g", "siemens"),
        ("dv/dt = (El - v)/tau_m : volt", "tau_m", "second"),
        ("dv/dt = (El - v)/tau*exp(a) : volt", "a", "1"),
        ("dv/dt = (El - v)/tau + drift : volt", "drift", "volt/second"),
        ("dv/dt = -(v - El)**2/(tau*k) : volt", "k", "volt"),
        ("dv/dt = (El - v)/tau : volt\nI = gL*(El - v)*area : amp/metre**2", "area", "1/metre**2"),
    ],
)
def test_the_unit_to_declare_comes_from_how_the_equations_use_the_name(model, name, unit):
    equations = Equations(model)
    error = unresolved(lambda: equations.check_units(lookup_for(model)))
    assert error.identifier == name
    assert error.unit == unit
    advice = f"Declare it: add '{name} : {unit}' to the equations, or define a constant '{name}'."
    assert advice in str(error)


def test_declaring_comes_first_then_the_close_names():
    model = "dv/dt = (El - v + R*I)/tau : volt"
    error = unresolved(lambda: Equations(model).check_units(lookup_for(model)))
    assert error.suggestions[0] == "i"
    text = str(error)
    assert text.startswith("The identifier 'I' in 'neurons' could not be resolved (line 1")
    assert text.index("Declare it: add 'I : amp'") < text.index("Did you mean 'i'")


def test_conditions_and_code_tell_the_unit_too():
    lookup = lookup_for("v : volt")
    assert unresolved(lambda: check_condition("v > VT", lookup)).unit == "volt"
    assert unresolved(lambda: check_code("v = El + jump", lookup)).unit == "volt"
    # An undeclared variable that code adds to: the unit of what is added.
    assert unresolved(lambda: check_code("w += 0.5*nS", lookup)).unit == "siemens"


def test_a_use_that_does_not_tell_the_unit_gives_a_placeholder():
    model = "dv/dt = (El - v + a*b)/tau : volt"  # a and b both undeclared: a*b is a volt
    error = unresolved(lambda: Equations(model).check_units(lookup_for(model)))
    assert error.identifier == "a"
    assert error.unit is None
    assert "Declare it: add 'a : <unit>' to the equations" in str(error)


def test_an_inferred_unit_is_one_the_unit_checker_accepts():
    lookup = lookup_for("v : volt")
    expression = parse_expression("sqrt(x)*mV + v")
    assert infer_dimensions(expression, "x", lookup) is DIMENSIONLESS
    expression = parse_expression("v + x**2")
    assert infer_dimensions(expression, "x", lookup) is get_dimensions(volt) ** 0.5
    # Inconsistent whatever x is: no unit to suggest.
    assert infer_dimensions(parse_expression("v + tau + x"), "x", lookup) is None


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        (DIMENSIONLESS, "1"),
        (amp, "amp"),
        (siemens / metre**2, "siemens/metre**2"),
        (volt / second, "volt/second"),
        (farad / metre**2, "farad/metre**2"),
        (Hz, "hertz"),
        (volt**2, "volt**2"),
        (second**-0.5, None),
    ],
)
def test_declaration_units_are_written_as_equations_declare_them(unit, text):
    dimensions = getattr(unit, "dim", unit)
    written = declaration_unit(dimensions)
    assert written == text
    if written is not None:  # what the equations parser reads back
        assert Equations(f"x : {written}")["x"].dim is dimensions


def test_names_that_cannot_be_declared_get_only_close_names():
    # A constant's value: constants are no model, there is nothing to declare.
    with pytest.raises(UnresolvedIdentifierError) as caught:
        evaluate_constant("10*msec", {"ms": ms})
    assert "Declare" not in str(caught.value)
    # A Poisson group's rates: the group has no equations.
    group = PoissonGroup(3, "r0 + 5*Hz", name="inputs")
    with pytest.raises(ModelError) as caught:
        Network(group).run(1 * ms, namespace={})
    assert "'r0' in 'inputs' could not be resolved" in str(caught.value)
    assert "Declare" not in str(caught.value)


def test_a_neuron_group_s_error_says_how_to_declare_the_name():
    group = NeuronGroup(
        1, "dv/dt = (El - v + R*I)/tau : volt", namespace=NAMESPACE, name="cell", method="euler"
    )
    with pytest.raises(ModelError) as caught:
        Network(group).run(1 * ms, namespace={})
    message = str(caught.value)
    assert "The identifier 'I' in 'cell' could not be resolved" in message
    assert "Declare it: add 'I : amp' to the equations, or define a constant 'I'." in message
