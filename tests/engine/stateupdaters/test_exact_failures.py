"""When sympy cannot solve a linear system, ``exact`` says so: never an internal error."""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices.exceptions import MatrixError

from engine import NeuronGroup, ms, run
from engine.core.base import EngineError


def test_a_matrix_exponential_sympy_cannot_compute_is_a_clear_refusal(monkeypatch):
    def cannot(self: sympy.Matrix) -> sympy.Matrix:
        raise MatrixError("no exponential")

    monkeypatch.setattr(sympy.MatrixBase, "exp", cannot)
    group = NeuronGroup(1, "dv/dt = -v/(9.5*ms) : 1", method="exact")
    with pytest.raises(EngineError, match="cannot compute the matrix exponential"):
        run(0.1 * ms)
    assert group.N == 1


def test_a_division_by_zero_in_the_equations_is_refused_at_its_place():
    group = NeuronGroup(1, "x : 1\ndv/dt = -v/(0*ms) : 1", method="exact")
    with pytest.raises(EngineError, match="divides by zero") as refused:
        run(0.1 * ms)
    assert group.N == 1
    # The error of the equations, with its place, is kept as the cause.
    cause = refused.value
    while cause.span is None:
        cause = cause.__cause__ or cause.__context__
    assert (cause.span.line, cause.span.column) == (2, 9)
