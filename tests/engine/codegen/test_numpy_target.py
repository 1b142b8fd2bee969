"""The numpy target keeps the per-element meaning of abstract code."""

import numpy as np

from engine.codegen.abstractcode import AbstractCode
from engine.codegen.numpy import NumpyTarget
from engine.codegen.operations import Array, Operation, Subexpression, Value
from engine.parsing import parse_expression, parse_statements


def operation(code, names, storage, template="stateupdate", size=3, options=None):
    statements = tuple(parse_statements(code, allow_internal_names=True))
    return Operation(
        "op", template, AbstractCode((), statements), names, storage, size, "g", options or {}
    )


def float_array(storage, index="_idx", **kw):
    return Array(storage, np.dtype(float), index, **kw)


def test_a_copy_is_a_value_not_an_alias():
    v = np.array([1.0, 2.0, 3.0])
    x = np.zeros(3)
    op = operation(
        "x = v\nv += 1", {"v": float_array("V"), "x": float_array("X")}, {"V": v, "X": x}
    )
    NumpyTarget().compile(op)()
    assert np.array_equal(x, [1, 2, 3])
    assert np.array_equal(v, [2, 3, 4])


def test_subexpressions_are_recomputed_after_their_inputs_change():
    v = np.array([1.0, 2.0, 3.0])
    y = np.zeros(3)
    z = np.zeros(3)
    names = {
        "v": float_array("V"),
        "y": float_array("Y"),
        "z": float_array("Z"),
        "double": Subexpression(parse_expression("2*v")),
    }
    op = operation("y = double\nv = 0\nz = double", names, {"V": v, "Y": y, "Z": z})
    NumpyTarget().compile(op)()
    assert np.array_equal(y, [2, 4, 6])
    assert np.array_equal(z, [0, 0, 0])


def test_conditional_writes_leave_clamped_elements_alone():
    v = np.array([1.0, 1.0, 1.0])
    allowed = np.array([True, False, True])
    names = {
        "v": float_array("V", conditional_write="ok"),
        "ok": Array("OK", np.dtype(bool)),
    }
    NumpyTarget().compile(operation("v = 5", names, {"V": v, "OK": allowed}))()
    assert np.array_equal(v, [5, 1, 5])
    # ...unless the operation writes unconditionally (a reset)
    op = operation("v = 7", names, {"V": v, "OK": allowed}, options={"unconditional": ("v",)})
    NumpyTarget().compile(op)()
    assert np.array_equal(v, [7, 7, 7])


def test_values_reach_elements_through_index_arrays():
    parent = np.arange(10.0)
    positions = np.array([7, 8, 9], dtype=np.int32)
    names = {"v": float_array("P", index="_sub_idx"), "_sub_idx": Array("S", np.dtype(np.int32))}
    op = operation("v = v*10", names, {"P": parent, "S": positions})
    NumpyTarget().compile(op)()
    assert np.array_equal(parent[7:], [70, 80, 90])
    assert np.array_equal(parent[:7], np.arange(7.0))


def test_constants_are_data_not_code():
    v = np.zeros(3)
    op = operation("v = tau*2", {"v": float_array("V"), "tau": Value(0.25)}, {"V": v})
    code_object = NumpyTarget().compile(op)
    code_object()
    assert np.array_equal(v, [0.5, 0.5, 0.5])
    assert "0.25" not in code_object.source


def test_getting_values_for_given_elements():
    v = np.array([1.0, 2.0, 3.0, 4.0])
    op = operation("_value = v > 2", {"v": float_array("V")}, {"V": v}, "group_variable_get", 4)
    values = NumpyTarget().compile(op)(np.array([0, 2, 3]))
    assert values.tolist() == [False, True, True]


def synaptic_operation(code, post, weights=None, allowed=None):
    """Code run for the synapses onto ``post`` (repeated neuron numbers), as a pathway does."""
    names = {
        "v": float_array(
            "V", index="_post", conditional_write="ok" if allowed is not None else None
        ),
        "u": float_array("U", index="_post"),
        "w": float_array("W"),
        "_post": Array("POST", np.dtype(np.int32)),
        "ok": Array("OK", np.dtype(bool), index="_post"),
    }
    storage = {
        "V": np.zeros(3),
        "U": np.zeros(3),
        "W": np.asarray(weights if weights is not None else np.ones(len(post)), dtype=float),
        "POST": np.asarray(post, dtype=np.int32),
        "OK": np.asarray(allowed if allowed is not None else [True] * 3),
    }
    op = operation(code, names, storage, "synapses", len(post), {"repeated": ("_post",)})
    return NumpyTarget().compile(op), storage


def test_in_place_updates_through_repeated_indices_all_count():
    code_object, storage = synaptic_operation("v += w", [0, 2, 0, 0], [1, 2, 3, 4])
    code_object(np.arange(4))
    assert storage["V"].tolist() == [8, 0, 2]
    assert "_add_at" in code_object.source
    assert "for _idx" not in code_object.source


def test_in_place_updates_respect_clamping():
    code_object, storage = synaptic_operation("v += w", [0, 1, 1], allowed=[True, False, True])
    code_object(np.arange(3))
    assert storage["V"].tolist() == [1, 0, 0]


def test_code_that_reads_what_it_writes_runs_in_rounds_as_in_sequence():
    code_object, storage = synaptic_operation("u = 2*u + w", [1, 1, 2, 1], [1, 2, 3, 4])
    code_object(np.arange(4))
    # Neuron 1 sees its synapses 0, 1, 3 in order: ((0*2 + 1)*2 + 2)*2 + 4 = 12.
    assert storage["U"].tolist() == [0, 12, 3]
    assert "_sequential_rounds" in code_object.source


def test_later_statements_read_values_written_through_repeated_indices():
    code_object, storage = synaptic_operation("v += w\nu += v", [0, 0], [1, 2])
    code_object(np.arange(2))
    # Brian 2's numpy semantics: each statement for all synapses, then the next.
    assert storage["V"].tolist() == [3, 0, 0]
    assert storage["U"].tolist() == [6, 0, 0]
