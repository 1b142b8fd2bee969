"""The Equations object: Brian 2's API, identifier rules, substitution, structure."""

import pytest
import sympy

from engine.equations import (
    DIFFERENTIAL_EQUATION,
    Equations,
    SingleEquation,
    split_stochastic,
)
from engine.errors import EquationError
from engine.parsing.sympytools import symbol
from engine.units import ms, mV, volt

HH = """
dv/dt = (gl*(El - v) - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK) + I)/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4./(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
I : amp
"""


def test_equations_behave_as_a_mapping_of_names_to_equations():
    eqs = Equations(HH)
    assert len(eqs) == 11
    assert "v" in eqs
    assert eqs["v"].type == DIFFERENTIAL_EQUATION
    assert next(iter(eqs)) == "v"
    assert eqs.diff_eq_names == {"v", "m", "n", "h"}
    assert eqs.subexpr_names == {"alpha_m", "beta_m", "alpha_h", "beta_h", "alpha_n", "beta_n"}
    assert eqs.parameter_names == {"I"}
    assert eqs.identifiers == {"gl", "El", "g_na", "ENa", "g_kd", "EK", "Cm", "mV", "VT", "ms"}
    assert repr(eqs) == "<Equations object consisting of 11 equations>"


def test_ordered_puts_subexpressions_before_their_users():
    eqs = Equations("dv/dt = a/tau : 1\na = 2*b : 1\nb = c + 1 : 1\nc : 1")
    assert [eq.varname for eq in eqs.ordered] == ["b", "a", "v", "c"]


def test_circular_subexpressions_are_refused():
    with pytest.raises(EquationError, match="circle: .*a.*b"):
        Equations("a = b : 1\nb = a : 1")


def test_substituted_expressions_replace_subexpressions_recursively():
    eqs = Equations("dv/dt = a/tau : 1\na = 2*b : 1\nb = c + 1 : 1\nc : 1")
    ((name, expression),) = eqs.substituted_expressions
    assert name == "v"
    assert expression == 2 * (symbol("c") + 1) / symbol("tau")
    with_subexpressions = dict(eqs.get_substituted_expressions(include_subexpressions=True))
    assert with_subexpressions["a"] == 2 * (symbol("c") + 1)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("t", "special meaning"),
        ("xi_2", "special meaning"),
        ("i", "special meaning"),
        ("mV", "name of a unit"),
        ("exp", "name of a function"),
        ("pi", "name of a constant"),
        ("_x", "underscore"),
        ("lambda", "keyword"),
    ],
)
def test_reserved_and_clashing_names_are_refused(name, message):
    with pytest.raises(EquationError, match=message):
        Equations(f"{name} : 1")


def test_unnamed_noise_only_in_differential_equations_and_a_name_is_one_noise():
    with pytest.raises(EquationError, match="a subexpression can only use a named noise term"):
        Equations("x = xi*ms**0.5 : 1")
    shared = Equations("dv/dt = xi/ms**0.5 : 1\ndw/dt = xi/ms**0.5 : 1")
    assert shared.stochastic_variables == {"xi"}
    assert Equations("dv/dt = xi_1/ms**0.5 : 1\ndw/dt = xi_2/ms**0.5 : 1").is_stochastic


@pytest.mark.parametrize(
    ("model", "kind"),
    [
        ("dv/dt = -v/tau : 1", None),
        ("dv/dt = -v/tau + sigma*xi/tau**0.5 : 1", "additive"),
        ("dv/dt = -v/tau + v*xi/tau**0.5 : 1", "multiplicative"),
        ("dv/dt = -v/tau + t*xi/tau**1.5 : 1", "multiplicative"),
        ("dv/dt = -v/tau + s*xi/tau**0.5 : 1\ns = 2*sigma : 1", "additive"),
        ("dv/dt = -v/tau + s*xi/tau**0.5 : 1\ns = 2*w : 1\ndw/dt = -w/tau : 1", "multiplicative"),
    ],
)
def test_stochastic_type(model, kind):
    assert Equations(model).stochastic_type == kind


def test_split_stochastic_separates_noise_terms():
    x, g1, g2 = symbol("x"), symbol("g1"), symbol("g2")
    xi1, xi2 = symbol("xi_1"), symbol("xi_2")
    deterministic, noise = split_stochastic(-x + g1 * xi1 + g2 * x * xi2, "x")
    assert deterministic == -x
    assert noise == {"xi_1": g1, "xi_2": g2 * x}
    with pytest.raises(EquationError, match="not linear in its noise term"):
        split_stochastic(x * xi1**2, "x")


def test_concatenation_with_equations_and_strings():
    leak = Equations("dv/dt = (El - v)/tau : volt")
    total = leak + "I : amp"
    assert set(total) == {"v", "I"}
    total2 = "w : 1" + leak
    assert set(total2) == {"v", "w"}
    accumulated = Equations("")
    accumulated += leak
    assert set(accumulated) == {"v"}
    assert set(sum([leak, Equations("w : 1")], Equations(""))) == {"v", "w"}
    with pytest.raises(EquationError, match="Duplicate definition of variable 'v'"):
        leak + leak


def test_substitution_renames_variables_and_external_names():
    template = Equations("dg/dt = -g/tau : siemens")
    excitatory = Equations("dg/dt = -g/tau : siemens", g="g_e", tau="tau_e")
    assert set(excitatory) == {"g_e"}
    assert str(excitatory["g_e"].expr) == "-g_e/tau_e"
    assert template.substitute(g="g_i")["g_i"].dim == template["g"].dim


def test_substitution_by_values_inserts_them_exactly():
    eqs = Equations(
        "dv/dt = mu/tau + sigma/tau**.5*xi : volt", mu=-65 * mV, sigma=3 * mV, tau=10 * ms
    )
    assert eqs.identifiers == {"xi", "volt", "second"}
    ((_, expression),) = eqs.substituted_expressions
    deterministic, _ = split_stochastic(expression)
    # mu/tau = -65 mV / 10 ms, written in base units: -6.5 volt/second
    assert float(deterministic * symbol("second") / symbol("volt")) == pytest.approx(-6.5)


def test_substitution_errors():
    with pytest.raises(EquationError, match="cannot be replaced by a value"):
        Equations("v : volt", v=3 * mV)
    with pytest.raises(EquationError, match="already defined"):
        Equations("v : volt\nw : volt", v="w")
    with pytest.raises(EquationError, match="only be replaced by a name, a number or a scalar"):
        Equations("dv/dt = -v/tau : 1", tau=[1, 2] * ms)


def test_printing_shows_display_units():
    eqs = Equations("dv/dt = (El - v)/tau : volt (unless refractory)\nx : boolean")
    assert str(eqs) == "dv/dt = (El - v)/tau : V (unless refractory)\nx : boolean"


def test_equations_compare_by_content_not_by_text_layout():
    assert Equations("dv/dt = -v/tau : volt") == Equations("dv/dt = -v/tau   :   volt  ")
    assert hash(Equations("x : 1")) == hash(Equations("x:1"))


def test_building_from_single_equations_allows_internal_names():
    eq = SingleEquation("parameter", "_spikespace", volt.dim)
    assert "_spikespace" in Equations([eq])
    with pytest.raises(TypeError, match="SingleEquation"):
        Equations([1])


def test_check_flags_per_equation_type():
    eqs = Equations("dv/dt = -v/tau : 1 (event-driven)")
    with pytest.raises(
        EquationError, match="'event-driven' is not allowed.*only 'unless refractory'"
    ):
        eqs.check_flags({DIFFERENTIAL_EQUATION: ("unless refractory",)})
    eqs = Equations("x : 1 (constant, shared)")
    with pytest.raises(EquationError, match="cannot be combined"):
        eqs.check_flags({"parameter": ("constant", "shared")}, [("constant", "shared")])


def test_sympy_form_of_the_right_hand_side_is_real():
    ((_, expression),) = Equations("dv/dt = -v/tau : 1").substituted_expressions
    assert all(s.is_real for s in expression.free_symbols)
    assert isinstance(expression, sympy.Expr)
