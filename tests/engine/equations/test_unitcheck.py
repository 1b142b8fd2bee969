"""Unit checking of models: right-hand sides, conditions, code; unknown names with suggestions."""

import pytest

from engine.equations import (
    Equations,
    ModelNamespace,
    NameInfo,
    UnitMismatchError,
    check_code,
    check_condition,
    expression_dimensions,
    model_variables,
)
from engine.errors import ExpressionError, ModelError, SourceSpan, UnresolvedIdentifierError
from engine.parsing import parse_expression
from engine.units import DIMENSIONLESS, DimensionMismatchError, Hz, amp, ms, mV, nS, second, volt

NAMESPACE = {"tau": 10 * ms, "El": -70 * mV, "vt": -50 * mV, "g_L": 10 * nS, "n": 3, "rate": 5 * Hz}


def lookup_for(model: str, namespace=NAMESPACE) -> ModelNamespace:
    return ModelNamespace(model_variables(Equations(model)), namespace)


@pytest.mark.parametrize(
    ("expression", "unit"),
    [
        ("v", volt),
        ("(El - v)/tau", volt / second),
        ("v**2", volt**2),
        ("v**n", volt**3),
        ("sqrt(v*v)", volt),
        ("abs(v) + clip(v, El, vt)", volt),
        ("exp(-t/tau)", DIMENSIONLESS),
        ("v > vt and not x", DIMENSIONLESS),
        ("int(v > vt)", DIMENSIONLESS),
        ("rand()*rate", Hz),
        ("g_L*(El - v)", amp),
        ("floor(t/ms)*ms", second),
        ("timestep(t, dt)", DIMENSIONLESS),
        ("xi*tau**0.5", DIMENSIONLESS),
        ("pi*e", DIMENSIONLESS),
    ],
)
def test_dimensions_of_expressions(expression, unit):
    lookup = lookup_for("dv/dt = (El - v)/tau : volt\nx : boolean")
    expected = getattr(unit, "dim", unit)
    assert expression_dimensions(parse_expression(expression), lookup) is expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("v + tau", "adds up different units: 'v' has unit V, 'tau' has unit s"),
        ("v > 0", "Comparison of expressions with different units"),
        ("exp(v)", "Argument 1 of 'exp' should have unit 1, but 'v' has unit V"),
        ("clip(v, 0, vt)", "Argument 2 of 'clip' should have the same unit as argument 1"),
        ("v**v", "exponent 'v' must be dimensionless"),
        ("v**x2", "its exponent must be a constant number"),
        ("v // mV", "Floor division"),
        ("timestep(v, dt)", "Argument 1 of 'timestep' should have unit s"),
    ],
)
def test_unit_errors_in_expressions_name_the_parts(expression, message):
    lookup = lookup_for("dv/dt = (El - v)/tau : volt\nx2 : 1")
    with pytest.raises(UnitMismatchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        expression_dimensions(parse_expression(expression), lookup)


def test_unit_errors_are_also_brian_dimension_mismatch_errors():
    lookup = lookup_for("v : volt")
    with pytest.raises(DimensionMismatchError):
        expression_dimensions(parse_expression("v + tau"), lookup)


def test_misused_functions():
    lookup = lookup_for("v : volt")
    with pytest.raises(ExpressionError, match="'exp' takes 1 argument, but 2 were given"):
        expression_dimensions(parse_expression("exp(1, 2)"), lookup)
    with pytest.raises(ExpressionError, match="'exp' is a function"):
        expression_dimensions(parse_expression("exp + 1"), lookup)
    with pytest.raises(ExpressionError, match="'tau' is not a function"):
        expression_dimensions(parse_expression("tau(1)"), lookup)
    with pytest.raises(ExpressionError, match="'and' needs conditions on both sides"):
        expression_dimensions(parse_expression("v > vt and 3"), lookup)


def test_differential_equations_need_their_unit_per_second():
    eqs = Equations("dv/dt = (El - v)/tau : volt\ndw/dt = (El - v) : volt\nI = g_L*v : amp")
    lookup = ModelNamespace(model_variables(eqs), NAMESPACE)
    with pytest.raises(UnitMismatchError) as caught:
        eqs.check_units(lookup)
    error = caught.value
    assert "'(El - v)' in the differential equation of 'w'" in str(error)
    assert "has unit V, but V/s is expected" in str(error)
    assert error.span == SourceSpan(2, 9, 17)


def test_subexpressions_need_their_declared_unit():
    eqs = Equations("I = g_L*v : volt\nv : volt")
    with pytest.raises(UnitMismatchError, match="subexpression 'I'.*has unit A, but V is expected"):
        eqs.check_units(ModelNamespace(model_variables(eqs), NAMESPACE))


def test_a_consistent_model_passes():
    eqs = Equations(
        """
        dv/dt = (El - v + R*I)/tau + sigma*xi*(2/tau)**0.5 : volt (unless refractory)
        I : amp
        R : ohm
        sigma : volt
        """
    )
    eqs.check_units(ModelNamespace(model_variables(eqs), NAMESPACE))


def test_unknown_names_are_reported_with_suggestions_and_position():
    eqs = Equations("dv/dt = (El - v)/taum : volt")
    lookup = ModelNamespace(model_variables(eqs), NAMESPACE, context="the model of 'neurons'")
    with pytest.raises(UnresolvedIdentifierError) as caught:
        eqs.check_units(lookup)
    error = caught.value
    assert error.identifier == "taum"
    assert error.suggestions == ("tau",)
    assert error.span == SourceSpan(1, 18, 22)
    assert "The identifier 'taum' in the model of 'neurons' could not be resolved" in str(error)
    assert "Did you mean 'tau'?" in str(error)


def test_a_name_in_other_capitals_is_suggested_first():
    eqs = Equations("dv/dt = (EL - v)/tau : volt")
    lookup = ModelNamespace(model_variables(eqs), NAMESPACE)
    with pytest.raises(UnresolvedIdentifierError) as caught:
        eqs.check_units(lookup)
    assert caught.value.suggestions[0] == "El"


def test_namespace_values_that_cannot_be_used():
    lookup = ModelNamespace(model_variables(Equations("v : volt")), {"w": [1, 2] * mV, "s": "x"})
    with pytest.raises(ModelError, match="array with 2 values"):
        lookup("w")
    with pytest.raises(ModelError, match="refers to a str"):
        lookup("s")


def test_own_variables_win_over_external_names():
    lookup = ModelNamespace(model_variables(Equations("tau : 1")), NAMESPACE)
    assert lookup("tau") == NameInfo(DIMENSIONLESS)


def test_thresholds_must_be_conditions():
    lookup = lookup_for("v : volt")
    check_condition("v > vt", lookup)
    check_condition("rand() < rate*dt", lookup)
    with pytest.raises(ExpressionError, match="threshold 'v' is not a condition"):
        check_condition("v", lookup)
    with pytest.raises(UnitMismatchError):
        check_condition("v > 10", lookup)


def test_resets_must_keep_units_and_leave_read_only_names_alone():
    lookup = lookup_for("v : volt\nw : amp\nI = w : amp")
    check_code("v = El\nw += 0.1*amp; w *= 2", lookup)
    check_code("delta = 2*mV\nv = El + delta\nv += delta", lookup)  # temporaries take units
    with pytest.raises(
        UnitMismatchError, match="right-hand side of 'v = 0.1\\*amp'.*unit A.*'v' has unit V"
    ):
        check_code("v = 0.1*amp", lookup)
    with pytest.raises(UnitMismatchError, match="'v' has unit V"):
        check_code("v *= tau", lookup)
    with pytest.raises(ExpressionError, match="'t' cannot be assigned to in the reset"):
        check_code("t = 0*ms", lookup)
    with pytest.raises(ExpressionError, match="'I' cannot be assigned"):
        check_code("I = w", lookup)
    with pytest.raises(UnresolvedIdentifierError, match="'x' could not be resolved"):
        check_code("x += 1", lookup)
    with pytest.raises(UnresolvedIdentifierError, match="Did you mean 'w'"):
        check_code("ww += 1*amp", lookup)
    with pytest.raises(UnitMismatchError, match="'delta' has unit V"):
        check_code("delta = 2*mV\ndelta = 1*ms", lookup)
