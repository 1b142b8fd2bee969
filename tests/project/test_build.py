"""Building a project: every node kind becomes its engine object, and every mistake is located."""

from __future__ import annotations

import numpy as np
import pytest
from models import CUBA_PROJECT as CUBA
from models import every_node_kind as every_kind

from engine.errors import ModelError
from engine.project import BuildError, Constant, Project, load
from engine.project.build import build, locate_error
from engine.project.literals import parse_array
from engine.project.plan import Code, Expr, is_constant, plan
from engine.units import Hz, ms, mV


def spikes_of(built, name="spikes"):
    monitor = built.objects[built.project.node(name).id]
    return np.asarray(monitor.i[:]), np.asarray(monitor.t_[:])


def test_cuba_builds_into_objects_named_after_its_nodes():
    project = load(CUBA)
    built = build(project)
    for node in project.nodes:
        assert built.objects[node.id].name == node.name
    assert {obj.name for obj in built.network.objects} >= {"P", "Ce", "Ci", "spikes", "trace"}
    # p = 0.02 over 3200 x 4000 pairs: 256 000 synapses, binomial sd about 500.
    assert abs(len(built.objects["Ce"]) - 256_000) < 5 * 500


def test_the_same_seed_builds_and_runs_the_same_network():
    project = load(CUBA)
    project.run.duration = "30*ms"
    first = build(project)
    first.network.run(30 * ms)
    second = build(project)
    second.network.run(30 * ms)
    np.testing.assert_array_equal(first.objects["Ce"].i[:], second.objects["Ce"].i[:])
    for a, b in zip(spikes_of(first), spikes_of(second), strict=True):
        np.testing.assert_array_equal(a, b)
    assert len(spikes_of(first)[0]) > 0


def test_constants_may_use_the_constants_before_them():
    project = Project(
        constants=[Constant(name="tau", value="10*ms"), Constant(name="tau2", value="2*tau")],
    )
    assert build(project).namespace["tau2"] == 20 * ms


def test_every_node_kind_builds_and_runs():
    built = build(every_kind())
    built.network.run(20 * ms)
    objects = built.objects
    assert objects["ta"](6 * ms) == 2
    # x starts at i*0.5; the Poisson input then adds whole numbers of 0.01 (10 inputs at 5 Hz
    # for 20 ms: about one event per neuron).
    events = (objects["g"].x[:] - [0, 0.5, 1.0]) / 0.01
    np.testing.assert_allclose(events, np.round(events), atol=1e-6)
    assert np.all(events >= 0)
    np.testing.assert_array_equal(objects["s"].i[:], [0, 1])
    np.testing.assert_array_equal(objects["s"].j[:], [2, 1])
    np.testing.assert_allclose(objects["s"].delay[:] / ms, [2, 1])
    np.testing.assert_allclose(objects["s"].weight[:], [0.3, 0.3])
    assert objects["m2"].v.shape == (3, 200)
    assert objects["m3"].weight.shape == (2, 200)
    assert objects["m4"].rate.shape == (200,)
    assert objects["pg"].rates[3] == 60 * Hz


def test_the_spike_generator_drives_the_synapses_with_their_delays():
    project = every_kind()
    project.nodes[1].model = "dv/dt = -v/tau : 1\nx : 1"  # no timed-array drive
    project.nodes[1].initial = {}
    built = build(project)
    built.network.run(20 * ms)
    trace = built.objects["m2"]
    # Neuron 2 receives the spikes of generator neuron 0 (at 1 and 7 ms) 2 ms later; a
    # StateMonitor samples at the start of a step, before synaptic events, so the jump of the
    # step at 3 ms shows in the sample at 3.1 ms (as in Brian 2).
    jumps = np.flatnonzero(np.diff(trace.v[2]) > 0.2) + 1
    np.testing.assert_allclose(trace.t[jumps] / ms, [3.1, 9.1])


# -- what is constant ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "constant"),
    [
        ("10*ms", True),
        ("2*tau + 1*ms", True),
        ("exp(-1)*mV", True),
        ("rand()*ms", False),
        ("i*Hz", False),
        ("stimulus(t)", False),
        ("v > 1", False),
        ("10*", False),
    ],
)
def test_values_of_constants_and_units_are_computed_once_and_others_are_model_text(text, constant):
    assert is_constant(text, ["tau"]) is constant


def test_a_per_synapse_delay_is_assigned_after_connecting_and_a_common_one_is_passed():
    project = every_kind()
    steps = plan(project)
    synapse_steps = [s for s in steps if s.node_id == "s"]
    assert [s.action for s in synapse_steps] == ["create", "call", "assign", "assign"]
    assert synapse_steps[2].callee == "delay"
    project.nodes[4].delay = "2*ms"
    create = next(s for s in plan(project) if s.node_id == "s")
    assert ("delay", Expr("2*ms", "delay")) in create.kwargs


def test_the_plan_orders_calls_as_a_script_would():
    actions = [(s.action, s.target) for s in plan(every_kind())]
    assert actions[:4] == [("seed", ""), ("dt", ""), ("constant", "tau"), ("constant", "w")]
    created = [target for action, target in actions if action == "create"]
    assert created == ["drive", "G", "SG", "PG", "S", "PI", "spikes", "trace", "weights", "rate"]


def test_rates_that_depend_on_the_neuron_are_model_text():
    create = next(s for s in plan(every_kind()) if s.node_id == "pg")
    assert create.args[1] == Code("i*20*Hz", "rates")


# -- mistakes, located ----------------------------------------------------------------------------


def build_error(project: Project) -> BuildError:
    with pytest.raises(BuildError) as caught:
        build(project)
    return caught.value


def test_an_invalid_constant_names_the_constant():
    project = every_kind()
    project.constants[1].value = "0.3*volt + 1*ms"
    error = build_error(project)
    assert (error.node_id, error.field) == (None, "constants.w")
    assert "units" in error.message


def test_n_must_be_a_positive_whole_number():
    project = every_kind()
    project.nodes[1].N = "2.5"
    error = build_error(project)
    assert (error.node_name, error.field) == ("G", "N")
    assert "whole number" in error.message
    project.nodes[1].N = "0"
    assert "at least 1" in build_error(project).message


def test_an_equation_error_is_placed_on_its_line_and_column():
    project = every_kind()
    project.nodes[1].model = "dv/dt = (drive(t) - v)/tau : 1\nx : 1 +"
    error = build_error(project)
    assert (error.node_name, error.field, error.line) == ("G", "model", 2)


def test_a_threshold_error_found_when_the_run_starts_is_placed_in_the_threshold():
    project = every_kind()
    project.nodes[1].threshold = "v > v_max"
    built = build(project)
    with pytest.raises(ModelError) as caught:
        built.network.run(1 * ms)
    error = locate_error(caught.value, built)
    assert (error.node_name, error.field, error.line, error.column) == ("G", "threshold", 1, 5)
    assert "v_max" in error.message


def test_a_unit_error_in_a_later_line_of_the_equations_is_placed_on_that_line():
    project = every_kind()
    project.nodes[1].model = "x : 1\ndv/dt = (drive(t) - v)/tau + 1*mV/ms : 1"
    built = build(project)
    with pytest.raises(ModelError) as caught:
        built.network.run(1 * ms)
    error = locate_error(caught.value, built)
    assert (error.node_name, error.field, error.line) == ("G", "model", 2)


def test_synapses_without_a_presynaptic_group_cannot_be_built():
    project = every_kind()
    project.edges = [e for e in project.edges if e.role != "pre"]
    error = build_error(project)
    assert (error.node_name, error.field) == ("S", "pre")
    assert "presynaptic" in error.message


def test_an_invalid_list_of_spike_times_is_placed_in_its_field():
    project = every_kind()
    project.nodes[2].times = "[1, 2, x]*ms"
    error = build_error(project)
    assert (error.node_name, error.field) == ("SG", "times")
    assert "expected a number ('x')" in error.message


def test_indices_must_be_whole_numbers():
    project = every_kind()
    project.nodes[4].connect.i = "[0.5, 1]"
    error = build_error(project)
    assert (error.node_name, error.field) == ("S", "connect.i")


def test_an_unknown_initial_variable_is_placed_in_its_initial_value():
    project = every_kind()
    project.nodes[1].initial = {"u": "1"}
    error = build_error(project)
    assert (error.node_name, error.field) == ("G", "initial.u")


# -- list literals ------------------------------------------------------------------------------


def test_lists_of_numbers_with_and_without_units():
    assert parse_array("[0, 2, 1]").values.tolist() == [0, 2, 1]
    times = parse_array("[1, 2.5]*ms")
    np.testing.assert_allclose(times.quantity() / ms, [1, 2.5])
    np.testing.assert_allclose(parse_array("mV*[-1, 1]").quantity() / mV, [-1, 1])
    assert parse_array("[[0, 1], [1, 0]]").values.shape == (2, 2)
    assert parse_array("3").values.shape == ()
    assert parse_array("[]*ms").values.shape == (0,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2", "not a list of numbers"),
        ("[1, 'a']", "expected a number"),
        ("[[1], 2]", "mix of numbers and lists"),
        ("[[1, 2], [3]]", "different lengths"),
        ("[[[1]]]", "nested once at most"),
        ("[1, 2]*__import__('os')", "__import__"),
        ("[1, 2]*tau", "tau"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text, message):
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_array(text)
