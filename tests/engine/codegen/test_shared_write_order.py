"""Shared variables are assigned before per-element ones in a block of code, as Brian 2 requires.

A shared assignment runs once per step, before the code that runs for each element: written
after a per-element assignment, it would not run where it is written (``v = s; s = 3`` would
give ``v`` the new ``s``). Brian 2 refuses such code with a ``SyntaxError``; so does the engine,
wrapped as the error of the object that runs the code.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import BrianObjectException, NeuronGroup, ms, run
from engine.errors import ModelSyntaxError

MODEL = "v : 1\ns : 1 (shared)"


@pytest.mark.parametrize(
    ("code", "late"),
    [("v = 1\ns = 2", "s = 2"), ("v = s\ns = 3", "s = 3"), ("v = 1\ns += 1", "s += 1")],
)
def test_a_shared_assignment_after_a_per_element_one_is_refused(code, late):
    group = NeuronGroup(3, MODEL)
    runner = group.run_regularly(code)
    with pytest.raises(BrianObjectException) as caught:
        run(0.1 * ms)
    error = caught.value
    assert error.object_name == runner.name
    original = error.original_exception
    assert isinstance(original, ModelSyntaxError)
    assert isinstance(original, SyntaxError)
    assert original.variable == "s"
    assert original.span.line == 2  # the late assignment
    assert f"'{late}' assigns the shared variable 's' after the per-element" in str(error)
    assert "Assign shared variables at the top of the code" in str(error)
    assert np.array_equal(group.v[:], [0, 0, 0])


def test_shared_assignments_first_run_before_the_per_element_code():
    group = NeuronGroup(3, MODEL)
    group.run_regularly("s = s + 1\nv = s + i")
    run(0.2 * ms)
    assert group.s[:] == 2
    assert np.array_equal(group.v[:], [2, 3, 4])
