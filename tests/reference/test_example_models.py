"""Every model of Brian 2's examples and tutorials, as catalogued, is a valid Brian 2 model.

The catalogue ``tests/engine/data/example_models.toml`` transcribes every NeuronGroup, Synapses,
SpatialNeuron, PoissonGroup (with string rates) and PoissonInput of the 87 example scripts and
the three tutorials of the Brian 2 documentation (see ``tests/engine/data/README.md``). Here
Brian 2 itself builds each entry in isolation - with a small size, its own explicit namespace and
an empty run namespace, so that an identifier missing from the catalogue is an error - and runs it
for 0 ms: Brian then resolves every identifier, checks the units and chooses the integration
method, but simulates nothing. All of it happens in ONE Brian 2 process, to keep the run short.

``brian2_method_choices(brian2)`` returns Brian's choice of integration method per model, keyed
like the catalogue (``example:name`` or ``example:name/variant``), for tests that compare the
engine's own choice with Brian's (``from reference.test_example_models import ...``). Results are
memoised for the session on the ``brian2`` runner.
"""

from __future__ import annotations

import collections
import hashlib
import tomllib
from pathlib import Path
from typing import Any

import pytest

CATALOGUE = Path(__file__).resolve().parents[1] / "engine" / "data" / "example_models.toml"

KINDS = {"NeuronGroup", "Synapses", "SpatialNeuron", "PoissonGroup", "PoissonInput"}
TUTORIALS = {"tutorial1", "tutorial2", "tutorial3"}
EXAMPLE_SCRIPTS = 87  # chapter 5 of the Brian 2.5.1 documentation, support files excluded

# Runs inside the Brian 2 environment: INPUT is the list of catalogue entries.
_SCRIPT = r'''
import copy
import time
import types

import brian2
import brian2.core.network
from brian2 import (
    BrianLogger, Network, NeuronGroup, PoissonGroup, PoissonInput, SpatialNeuron,
    SpikeGeneratorGroup, Synapses, linked_var, ms, prefs,
)
from brian2.stateupdaters.base import StateUpdateMethod

prefs.codegen.target = "numpy"  # no compilation: every model costs a fraction of a second
# Network.run starts with a full gc.collect() (only to warn about unused objects); with the
# hundreds of networks of this script that alone would take longer than all the models.
brian2.core.network.gc = types.SimpleNamespace(collect=lambda *args: 0)
BrianLogger.log_level_error()
SIZE = 3  # neurons per group: Brian checks models, it does not need the scripts' sizes

BASE = {}
exec("from brian2 import *", BASE)

# Brian stores the requested method, not the chosen one: record every successful application of
# a single named method to a system with differential equations (the automatic choice tries the
# candidates one by one through this same static method).
chosen = {}
_apply = StateUpdateMethod.apply_stateupdater


def _recording_apply(equations, variables, method, method_options=None, group_name=None):
    code = _apply(equations, variables, method, method_options=method_options,
                  group_name=group_name)
    if isinstance(method, str) and equations.diff_eq_names:
        chosen[group_name] = method.lower()
    return code


StateUpdateMethod.apply_stateupdater = staticmethod(_recording_apply)


def key(m):
    return f"{m['example']}:{m['name']}" + (f"/{m['variant']}" if "variant" in m else "")


def lookup(example, name, variant):
    found = [m for m in INPUT if m["example"] == example and m["name"] == name]
    for m in found:
        if m.get("variant") == variant:
            return m
    return found[0] if found else None


def environment(m):
    """Evaluate namespace and functions in order; return (evaluation env, group namespace)."""
    env = dict(BASE)
    namespace = {}
    for table in ("namespace", "functions"):
        for name, source in m.get(table, {}).items():
            env[name] = namespace[name] = eval(source, env)
    return env, namespace


def build(m, objects, name=None):
    """Create the Brian object of entry m (and whatever it needs), append all to objects."""
    env, namespace = environment(m)
    kw = {k: eval(v, env) for k, v in m.get("kwargs", {}).items()}
    if name is not None:
        kw["name"] = name
    for field in ("method", "threshold", "reset", "events"):
        if field in m:
            kw[field] = copy.deepcopy(m[field])  # Brian adds to the events dict it gets
    if "refractory" in m:
        kw["refractory"] = eval(m["refractory"], env)
    kind = m["kind"]
    if kind == "NeuronGroup":
        obj = NeuronGroup(SIZE, m.get("equations", ""), namespace=namespace, **kw)
    elif kind == "SpatialNeuron":
        local = dict(env)
        exec(m["morphology"], local)
        obj = SpatialNeuron(local["morpho"], m.get("equations", ""), namespace=namespace, **kw)
    elif kind == "PoissonGroup":
        obj = PoissonGroup(SIZE, rates=m["rates"], namespace=namespace, **kw)
    elif kind == "PoissonInput":
        target = partner(m, "target", objects)
        obj = PoissonInput(target, m["target_var"], N=eval(m["N"], env),
                           rate=eval(m["rate"], env), weight=eval(m["weight"], env))
    elif kind == "Synapses":
        source, target = partner(m, "source", objects), partner(m, "target", objects)
        for field in ("on_pre", "on_post", "on_event"):
            if field in m:
                kw[field] = copy.deepcopy(m[field])
        if "delay" in m:
            kw["delay"] = eval(m["delay"], env)
        obj = Synapses(source, target, m.get("equations", ""), namespace=namespace, **kw)
        obj.connect()
    else:
        raise ValueError(f"unknown kind {kind!r}")
    for variable, reference in m.get("linked", {}).items():
        group_name, group_variable = reference.split(".")
        other = build(lookup(m["example"], group_name, m.get("variant")), objects)
        setattr(obj, variable, linked_var(other, group_variable))
    for operation in m.get("run_regularly", []):
        options = {"when": operation.get("when", "start")}
        if "dt" in operation:
            options["dt"] = eval(operation["dt"], env)
        obj.run_regularly(operation["code"], **options)
    for event, code in m.get("run_on_event", {}).items():
        obj.run_on_event(event, code)
    objects.append(obj)
    BUILT.append((m, obj))
    return obj


def partner(m, role, objects):
    """The source or target of m: its catalogue entry, else a spike source standing in."""
    other = lookup(m["example"], m[role], m.get(f"{role}_variant", m.get("variant")))
    if other is None:  # SpikeGeneratorGroup, PoissonGroup with fixed rates, ...
        stand_in = SpikeGeneratorGroup(SIZE, [], [] * ms)
        objects.append(stand_in)
        return stand_in
    for built_entry, built_obj in BUILT:  # source and target may be the same group
        if built_entry is other:
            return built_obj
    return build(other, objects)


def describe(error):
    """'Type: message' of the innermost exception (Brian wraps the original one)."""
    types = []
    while error is not None:
        types.append(type(error).__name__)
        last = error
        error = error.__cause__ or error.__context__
    message = " ".join(str(last).split())
    return types, f"{type(last).__name__}: {message}"[:400]


results = {}
for index, m in enumerate(INPUT):
    started = time.perf_counter()
    objects = []
    BUILT = []  # (entry, object) pairs of the model being built
    name = f"catalogue_model_{index}"
    result = {"ok": False, "method": "none", "event_driven": None, "error": None,
              "error_types": []}
    try:
        obj = build(m, objects, name=name if m["kind"] != "PoissonInput" else None)
        run_namespace = environment(m)[1] if m["kind"] == "PoissonInput" else {}
        Network(*objects).run(0 * ms, namespace=run_namespace)
        result["ok"] = True
        result["method"] = chosen.get(getattr(obj, "name", None), "none")
        if getattr(obj, "event_driven", None) is not None:
            result["event_driven"] = "exact"  # Brian always solves these with `linear`
    except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
        result["error_types"], result["error"] = describe(error)
    result["seconds"] = round(time.perf_counter() - started, 3)
    results[key(m)] = result
    del objects, BUILT  # no gc.collect() here: it would cost more than all the models

emit(results)
'''


def load_catalogue() -> list[dict[str, Any]]:
    with CATALOGUE.open("rb") as f:
        return tomllib.load(f)["model"]


def model_key(model: dict[str, Any]) -> str:
    key = f"{model['example']}:{model['name']}"
    return f"{key}/{model['variant']}" if "variant" in model else key


def brian2_reference_results(brian2) -> dict[str, dict[str, Any]]:
    """Build every catalogued model with Brian 2; return per key what happened.

    Each value has ``ok`` (built and ran for 0 ms), ``method`` (the integration method Brian
    chose for the clock-driven state updater, ``"none"`` without differential equations to
    integrate), ``event_driven`` (``"exact"`` when the Synapses has event-driven equations,
    which Brian always solves exactly), ``error`` / ``error_types`` and ``seconds``.
    """
    data = CATALOGUE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cache = vars(brian2).setdefault("_example_model_results", {})  # once per session
    if digest not in cache:
        cache[digest] = brian2(_SCRIPT, inputs=tomllib.loads(data.decode())["model"])
    return cache[digest]


def brian2_method_choices(brian2) -> dict[str, str]:
    """Brian 2's integration method per catalogued model that Brian can build.

    Keyed by ``"example:name"`` (``"example:name/variant"`` for variants); the value is the
    method of the clock-driven state updater (``"none"`` when there is nothing to integrate).
    Event-driven synaptic equations are always solved exactly: see
    ``brian2_reference_results`` for that flag.
    """
    results = brian2_reference_results(brian2)
    return {key: result["method"] for key, result in results.items() if result["ok"]}


def test_catalogue_is_well_formed():
    models = load_catalogue()
    keys = collections.Counter(model_key(m) for m in models)
    assert [k for k, count in keys.items() if count > 1] == []
    for m in models:
        where = model_key(m)
        assert m["kind"] in KINDS, where
        assert isinstance(m["supported"], bool), where
        assert m["supported"] or m.get("reason"), f"{where}: unsupported without a reason"
        assert isinstance(m.get("namespace"), dict), f"{where}: namespace table missing"
        if m["kind"] in {"NeuronGroup", "SpatialNeuron"}:
            assert "equations" in m, where
        if m["kind"] == "Synapses":
            assert {"source", "target"} <= m.keys(), where
        if m["kind"] == "SpatialNeuron":
            assert "morphology" in m, where
            assert not m["supported"], f"{where}: multicompartment models are not supported"
    examples = {m["example"] for m in models}
    assert examples >= TUTORIALS
    assert len(examples - TUTORIALS) == EXAMPLE_SCRIPTS


@pytest.mark.timeout(600)
def test_every_supported_model_is_valid_in_brian2(brian2):
    models = load_catalogue()
    results = brian2_reference_results(brian2)

    width = max(len(model_key(m)) for m in models)
    lines = [f"{'model':<{width}}  {'method':<17}  event-driven  status"]
    for m in models:
        key = model_key(m)
        r = results[key]
        status = "ok" if r["ok"] else f"FAILED {r['error']}"
        if not m["supported"]:
            status += "  (unsupported)"
        event = r["event_driven"] or "-"
        lines.append(f"{key:<{width}}  {r['method']:<17}  {event:<12}  {status}")
    total = sum(r["seconds"] for r in results.values())
    lines.append(f"{len(models)} models, {total:.1f} s in Brian 2")
    print("\n" + "\n".join(lines))

    failures = []
    for m in models:
        key, r = model_key(m), results[model_key(m)]
        if "expect_error" in m:
            if r["ok"] or m["expect_error"] not in r["error_types"]:
                failures.append(f"{key}: expected {m['expect_error']}, got {r['error']}")
        elif m["supported"] and not r["ok"]:
            failures.append(f"{key}: {r['error']}")
        elif r["ok"] and "method" in m and r["method"] not in {m["method"], "none"}:
            failures.append(f"{key}: asked for {m['method']}, recorded {r['method']}")
    assert failures == []


def prepared_equations(model: dict[str, Any]):
    """The equations a group of the engine integrates for this model.

    Neurons clamp ``(unless refractory)`` variables when they have a refractory period; synapses
    integrate only their clock-driven equations (event-driven ones are solved at events, summed
    variables are computed separately); ``(constant over dt)`` subexpressions are constants.
    """
    from engine.equations import (
        Equations,
        SingleEquation,
        add_refractoriness,
        extract_constant_subexpressions,
    )

    equations = Equations(model.get("equations", ""))
    if model["kind"] == "NeuronGroup" and "refractory" in model:
        equations = add_refractoriness(equations)
    if model["kind"] == "Synapses":
        kept: list[SingleEquation] = [
            eq
            for eq in equations.values()
            if "event-driven" not in eq.flags and "summed" not in eq.flags
        ]
        equations = Equations(kept)
    return extract_constant_subexpressions(equations)[0]


@pytest.mark.timeout(600)
def test_the_engine_chooses_the_integration_method_brian2_chooses(brian2):
    from engine.stateupdaters import choose_stateupdater

    choices = brian2_method_choices(brian2)
    compared, differences = 0, []
    for m in load_catalogue():
        key = model_key(m)
        if (
            not m["supported"]
            or key not in choices
            or m["kind"] not in ("NeuronGroup", "Synapses")
            or "functions" in m  # TimedArray and user functions arrive with the runtime
        ):
            continue
        method = m.get("method", ("exact", "euler", "heun"))
        ours, _ = choose_stateupdater(prepared_equations(m), method=method, group_name=key)
        compared += 1
        if ours != choices[key] and {ours, choices[key]} != {"exact", "linear"}:
            differences.append(f"{key}: engine {ours}, Brian 2 {choices[key]}")
    assert compared > 150
    assert differences == []
