"""Errors about an object are ``BrianObjectException``s, as Brian 2 scripts catch them.

``BrianObjectException`` is the engine's `EngineError` under Brian 2's name: ``except
BrianObjectException`` catches an error about an object (its name and the line that created
it), and ``original_exception`` holds the underlying error (the one Brian 2 gives as the
exception's cause).
"""

from __future__ import annotations

import inspect

import pytest

import engine
from engine import BrianObjectException, EngineError, NeuronGroup, ms, run
from engine.errors import RepeatedStatefulCallError


def test_brian_object_exception_is_the_engine_error_exported_under_brian2s_name():
    assert BrianObjectException is EngineError
    namespace: dict = {}
    exec("from engine import *", namespace)
    assert namespace["BrianObjectException"] is EngineError


def test_an_error_while_preparing_an_object_is_a_brian_object_exception_naming_it():
    group = NeuronGroup(2, "v : 1", name="cells")
    line = inspect.currentframe().f_lineno + 1
    group.run_regularly("v = rand() + rand()", name="kick")
    with pytest.raises(BrianObjectException) as caught:
        run(0.1 * ms)
    error = caught.value
    assert error.object_name == "kick"
    assert error.creation_site == f"{__file__}:{line}"
    assert str(error).startswith(f"Error in 'kick' (created at {__file__}:{line}): ")
    assert isinstance(error.original_exception, RepeatedStatefulCallError)


def test_an_error_of_python_code_in_a_step_keeps_the_original_exception():
    group = NeuronGroup(1, "v : 1")

    @engine.network_operation
    def broken():
        raise KeyError("missing")

    with pytest.raises(BrianObjectException) as caught:
        run(0.2 * ms)
    assert isinstance(caught.value.original_exception, KeyError)
    assert "KeyError" in str(caught.value)
    assert group.N == 1


def test_the_original_exception_can_be_given():
    cause = ZeroDivisionError("x")
    assert EngineError("failed", original_exception=cause).original_exception is cause


def test_an_error_made_outside_an_except_block_has_no_original_exception():
    assert EngineError("failed").original_exception is None
