"""Errors say where they are as data: the node, field, line and kind come from attributes.

Build and run used to guess the field of an engine error by looking for its text among the
node's fields (and for quoted text in its message), so an erroneous text present in two fields
was reported in the first; the line of a variable that became NaN was read from the message.
Each case below was decided that way; now the engine says which argument and variable an error
is about where it raises it, and `to_diagnostic` turns that into the place.
"""

from __future__ import annotations

import pytest
from models import every_node_kind

from engine import NeuronGroup, ms
from engine.core.base import EngineError
from engine.errors import ErrorKind, ModelError
from engine.project import BuildError, Diagnostic, RunError, export_script
from engine.project.build import build, locate_error
from engine.project.diagnostics import to_diagnostic
from engine.project.document import Connect
from engine.project.runner import Simulation


def error_at_run_start(project):
    """Build ``project`` without validation (as a script runs it) and locate what the run raises."""
    built = build(project)
    with pytest.raises(ModelError) as caught:
        built.network.run(1 * ms, namespace=built.namespace)
    return caught.value, locate_error(caught.value, built)


def group_of(project):
    return next(node for node in project.nodes if node.id == "g")


def test_a_reset_with_the_text_of_the_threshold_is_reported_in_the_reset():
    project = every_node_kind()
    group = group_of(project)
    group.threshold = "v > 1"
    group.reset = "v > 1"  # a condition, not a statement: the reset is wrong, not the threshold
    raised, located = error_at_run_start(project)
    assert raised.argument == "reset"
    assert (located.node_id, located.field, located.line, located.column) == ("g", "reset", 1, 1)
    assert located.message.startswith("Expected an assignment")


def test_a_refractory_condition_with_the_text_of_the_threshold_is_reported_in_it():
    project = every_node_kind()
    group = group_of(project)
    group.threshold = "v > v_max"
    group.refractory = "v > v_max"
    raised, located = error_at_run_start(project)
    # Both fields are wrong; the state updater (which runs the refractory condition) is
    # prepared first, and its error must be placed in the field it comes from.
    assert raised.object_name == "G_stateupdater"
    assert (located.node_id, located.field, located.line, located.column) == (
        "g",
        "refractory",
        1,
        5,
    )
    assert "'v_max'" in located.message


def test_an_error_in_a_connect_condition_is_reported_in_connect_condition():
    project = every_node_kind()
    synapses = next(node for node in project.nodes if node.id == "s")
    synapses.connect = Connect(condition="i % 0 == 1", n="2")
    with pytest.raises(BuildError) as caught:
        build(project)
    error = caught.value
    assert (error.node_id, error.field) == ("s", "connect.condition")
    assert "divides by zero" in error.message
    cause = error.__cause__
    assert isinstance(cause, ModelError)
    assert cause.argument == "condition"


def test_an_error_in_n_beside_a_condition_is_reported_in_connect_n():
    project = every_node_kind()
    synapses = next(node for node in project.nodes if node.id == "s")
    synapses.connect = Connect(condition="i != j", n="1 // (i - i)")
    with pytest.raises(BuildError) as caught:
        build(project)
    error = caught.value
    assert (error.node_id, error.field) == ("s", "connect.n")


def test_an_error_in_a_generator_is_reported_in_its_field_even_in_its_p():
    project = every_node_kind()
    synapses = next(node for node in project.nodes if node.id == "s")
    synapses.connect = Connect(j="k for k in sample(N_post, p=1/0)", n="2")
    with pytest.raises(BuildError) as caught:
        build(project)
    error = caught.value
    assert (error.node_id, error.field, error.line, error.column) == ("s", "connect.j", 1, 29)


def test_a_nan_during_a_run_points_at_the_line_of_the_variable_in_the_model():
    project = every_node_kind()
    group = group_of(project)
    group.model = "x : 1\ndv/dt = (drive(t) - v)/tau + log(v - 0.5)/tau : 1"
    group.initial = {"v": "1"}
    group.threshold, group.reset, group.refractory = "v > 100", "v = 0", ""
    project.run.duration = "10*ms"
    with pytest.raises(RunError) as caught:
        Simulation(project).run()
    error = caught.value
    assert (error.node_id, error.field, error.line, error.column) == ("g", "model", 2, 2)
    assert error.message.startswith("The variable 'v' became NaN")
    engine_error = error.__cause__
    assert isinstance(engine_error, EngineError)
    assert engine_error.kind is ErrorKind.NAN
    assert (engine_error.variable, engine_error.argument) == ("v", "model")
    assert engine_error.span is not None
    assert engine_error.span.line == 2


def test_an_engine_error_keeps_its_message_and_object_apart_and_str_joins_them():
    group = NeuronGroup(1, "v : 1", name="cells")
    error = group.fail("Something is wrong", "Do this.", argument="model")
    assert error.message == "Something is wrong"
    assert error.object_name == "cells"
    assert error.creation_site == group.creation_site
    assert str(error) == f"Error in 'cells' (created at {group.creation_site}): " + (
        "Something is wrong. Do this."
    )
    assert to_diagnostic(error, "g", "model") == Diagnostic(
        "g", "model", None, None, None, "Something is wrong. Do this.", "error"
    )


def test_a_build_error_of_an_engine_object_does_not_repeat_the_object_it_is_at():
    # The node names the place; "Error in 'SG' (created at ...)" is for scripts.
    project = every_node_kind()
    generator = next(node for node in project.nodes if node.id == "sg")
    generator.indices = "[-1, 1, 0]"
    with pytest.raises(BuildError) as caught:
        build(project)
    error = caught.value
    assert (error.node_id, error.field) == ("sg", "indices")
    assert error.message.startswith("The spike indices must lie in [0, 2)")


def test_errors_in_marks_the_argument_and_the_innermost_mark_wins():
    from engine.errors import errors_in

    with pytest.raises(ModelError) as caught, errors_in("model"), errors_in("refractory"):
        raise ModelError("wrong")
    assert caught.value.argument == "refractory"
    assert caught.value.kind is ErrorKind.MODEL


def test_export_refuses_a_duration_that_is_no_value_at_its_field():
    # Found by tests/security/test_fuzz_projects.py: the plots' time axis computed it raw.
    project = every_node_kind()
    project.run.duration = "1/0"
    with pytest.raises(BuildError) as caught:
        export_script(project)
    error = caught.value
    assert (error.node_id, error.field, error.line, error.column) == (None, "run.duration", 1, 1)
    assert "division by zero" in error.message


def test_export_plots_a_duration_given_with_a_constant():
    project = every_node_kind()
    project.run.duration = "2*tau"
    assert "run(2*tau" in export_script(project)


def test_a_delay_per_synapse_that_the_run_finds_negative_is_reported_in_the_delay():
    project = every_node_kind()
    synapses = next(node for node in project.nodes if node.id == "s")
    synapses.delay = "(1 - 2*j)*ms"  # negative for j = 1: known only once synapses exist
    with pytest.raises((RunError, BuildError)) as caught:
        Simulation(project).run()
    error = caught.value
    assert (error.node_id, error.field) == ("s", "delay")
    assert "finite durations of 0 or more" in error.message
