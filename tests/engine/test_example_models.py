"""The syntax layer on every model of Brian 2's documentation examples and tutorials.

The models come from ``tests/engine/data/example_models.toml`` (see its README), a catalogue
checked against Brian 2 itself by ``tests/reference/test_example_models.py``. Here the engine
parses every model, and checks the units of every supported one with its namespace: its
equations, threshold, reset, refractoriness, custom events, ``run_regularly`` code and, for
synapses, ``on_pre``/``on_post`` with the variables of their source and target groups.
"""

import ast
import contextlib
import tomllib
from pathlib import Path

import pytest

from engine.equations import (
    BOOLEAN,
    Equations,
    ModelNamespace,
    NameInfo,
    UnitMismatchError,
    check_code,
    check_condition,
    evaluate_constant,
    expression_dimensions,
    model_variables,
)
from engine.errors import ModelError, UnsupportedEquationsError
from engine.parsing import parse_expression
from engine.stateupdaters import choose_stateupdater
from engine.units import DIMENSIONLESS, get_dimensions, second

CATALOGUE = Path(__file__).parent / "data" / "example_models.toml"
MODELS = tomllib.loads(CATALOGUE.read_text())["model"]


def key(model):
    name = f"{model['example']}:{model['name']}"
    return f"{name}/{model['variant']}" if "variant" in model else name


def find(example, name, variant):
    candidates = [m for m in MODELS if m["example"] == example and m["name"] == name]
    for model in candidates:
        if model.get("variant") == variant:
            return model
    return candidates[0] if candidates else None


def namespace_of(model):
    values = {}
    for name, source in model.get("namespace", {}).items():
        values[name] = evaluate_constant(source, values)
    return values


def python_value(source, namespace):
    """A value written as Python source in the catalogue: a string literal, or an expression."""
    if source.lstrip()[:1] in "'\"":
        return ast.literal_eval(source)
    return evaluate_constant(source, namespace)


def neuron_variables(model):
    equations = Equations(model.get("equations", ""))
    extra = {}
    if "refractory" in model:
        extra["not_refractory"] = NameInfo(DIMENSIONLESS, BOOLEAN)
        extra["lastspike"] = NameInfo(get_dimensions(second))
    return equations, model_variables(equations, extra)


def synapse_variables(model):
    """Variables visible in a synapse model: its own, then the target's (bare and _post) and
    the source's (_pre), as Brian 2 resolves them."""
    equations = Equations(model.get("equations", ""))
    own = model_variables(equations)
    for name in ("j", "N_incoming", "N_outgoing", "N_pre", "N_post"):
        own[name] = NameInfo(DIMENSIONLESS, "integer", read_only=True)
    own["lastupdate"] = NameInfo(get_dimensions(second), read_only=True)
    own["delay"] = NameInfo(get_dimensions(second))
    variables = dict(own)
    for role, suffix in (("target", "_post"), ("source", "_pre")):
        partner = find(
            model["example"], model[role], model.get(f"{role}_variant", model.get("variant"))
        )
        if partner is None or "equations" not in partner:
            continue
        partner_equations, partner_variables = neuron_variables(partner)
        for name, info in partner_variables.items():
            if name in partner_equations or name in ("not_refractory", "lastspike"):
                variables[name + suffix] = info
                if role == "target" and name not in own:
                    variables.setdefault(name, info)
    return equations, variables


def is_flag_of(equations, flag):
    return any(flag in eq.flags for eq in equations.values())


@pytest.mark.parametrize("model", [m for m in MODELS if "equations" in m], ids=key)
def test_every_model_parses(model):
    if model["supported"]:
        Equations(model["equations"])
    else:  # outside the engine's feature set: an error of the engine's own kind, or success
        with contextlib.suppress(ModelError):
            Equations(model["equations"])


@pytest.mark.parametrize(
    "model", [m for m in MODELS if m.get("method", "").startswith("gsl")], ids=key
)
def test_unsupported_integration_methods_say_so(model):
    with pytest.raises(UnsupportedEquationsError, match="is not supported"):
        choose_stateupdater(Equations(model["equations"]), method=model["method"])


CHECKED = [
    m
    for m in MODELS
    if m["supported"]
    and m["kind"] in ("NeuronGroup", "Synapses")
    # TimedArray and user Function objects arrive with the runtime (later issues)
    and "functions" not in m
]


@pytest.mark.parametrize("model", CHECKED, ids=key)
def test_every_supported_model_passes_the_unit_checks(model):
    namespace = namespace_of(model)
    if model["kind"] == "NeuronGroup":
        equations, variables = neuron_variables(model)
    else:
        equations, variables = synapse_variables(model)
    lookup = ModelNamespace(variables, namespace, context=key(model))
    if "expect_error" in model:
        with pytest.raises(UnitMismatchError):
            equations.check_units(lookup)
        return
    equations.check_units(lookup)
    if "threshold" in model:
        check_condition(model["threshold"], lookup)
    if "reset" in model:
        check_code(model["reset"], lookup, "reset")
    for condition in model.get("events", {}).values():
        check_condition(condition, lookup, "event condition")
    if "refractory" in model:
        refractory = python_value(model["refractory"], namespace)
        if isinstance(refractory, str):
            expression = parse_expression(refractory)
            dims = expression_dimensions(expression, lookup)
            assert dims in (DIMENSIONLESS, get_dimensions(second)), refractory
        else:
            assert get_dimensions(refractory) is get_dimensions(second)
    for operation in model.get("run_regularly", []):
        check_code(operation["code"], lookup, "run_regularly code")
    for code in model.get("run_on_event", {}).values():
        check_code(code, lookup, "event code")
    for pathway in ("on_pre", "on_post"):
        codes = model.get(pathway, {})
        for code in codes.values() if isinstance(codes, dict) else [codes]:
            check_code(code, lookup, pathway)


def test_the_catalogue_covers_the_examples():
    assert len(MODELS) > 200
    assert len(CHECKED) > 150
    assert {"CUBA", "COBAHH", "IF_curve_LIF", "Diesmann_et_al_1999"} <= {
        m["example"] for m in MODELS
    }
